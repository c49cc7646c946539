"""Matrix runs for real, on the fixture engine (tests/fixture_engine, whose `behaviour` option infers,
faults, hangs, fails to compile (3) or needs MVE (4)): one failure does not stop the others and gets its
log, refusals are rows, shards merge into the whole, the gate breaks on budgets, thresholds and
overflow, and a shared CacheDir rebuilds nothing after `rm -rf build`."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import copy_project, make_dense_onnx, scons


@pytest.fixture(scope="module")
def fx_project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("mx"))


def run(project: Path, fx: dict, *args: str):
    return scons(project, "-j2", f"overlay={fx['overlay']}", *args, env=fx["env"])


def matrix_file(folder: Path, fx: dict, behaviours: str, extra: str = "", boards: str = "host, nucleo_f411re, "
                "mps3_an547") -> str:
    path = folder / "m.yaml"
    path.write_text(f"boards: [{boards}]\nengines: [{{name: fixture, engine_opts: {{behaviour: [{behaviours}]}}}}]\n"
                    f"models: [{fx['model']}]\n{extra}")
    return str(path)


def rows(folder: Path) -> dict[str, dict]:
    return {r["key"]: r for r in json.loads((folder / "matrix.json").read_text())["rows"]}


def test_failures_refusals_and_logs(fx_project: Path, fixture_overlay: dict, tmp_path: Path) -> None:
    done = run(fx_project, fixture_overlay, f"matrix={matrix_file(tmp_path, fixture_overlay, '0, 1, 3, 4')}",
               f"report_dir={tmp_path / 'r'}")
    assert done.returncode != 0
    found = rows(tmp_path / "r")
    assert len(found) == 3 * 4
    status = {key: r["status"] for key, r in found.items()}
    for board in ("host", "nucleo_f411re", "mps3_an547"):
        assert status[f"{board}/fixture/dense"] == "ok"
        assert status[f"{board}/fixture@behaviour=1/dense"] == "failed"       # a guest fault
        assert status[f"{board}/fixture@behaviour=3/dense"] == "failed"       # a compile error
        assert status[f"{board}/fixture@behaviour=4/dense"] == ("ok" if board == "mps3_an547" else "refused")
        compile_failure = found[f"{board}/fixture@behaviour=3/dense"]
        log = (tmp_path / "r" / compile_failure["log"]).read_text()
        assert "glue.o" in compile_failure["reason"] and "#error" in log and "does not compile" in log
    assert "needs board feature(s) mve_i" in found["host/fixture@behaviour=4/dense"]["reason"]
    assert "guest fault" in found["nucleo_f411re/fixture@behaviour=1/dense"]["reason"]
    # each option set has its own folder and report; the default set keeps the plain path
    assert (fx_project / "build" / "host" / "fixture" / "dense" / "report.json").is_file()
    assert (fx_project / "build" / "mps3_an547" / "fixture@behaviour=4" / "dense" / "report.json").is_file()
    # a line per finished target while it runs, what broke last
    assert "mps3_an547/fixture@behaviour=4/dense: ok | flash" in done.stdout
    tail = done.stdout[done.stdout.rindex("problem(s):"):]
    assert tail.count("failed:") == 6 and "refused" not in tail
    for name in ("matrix.csv", "matrix.md"):
        assert (tmp_path / "r" / name).stat().st_size > 0


def test_shards_merge_into_the_whole(fx_project: Path, fixture_overlay: dict, tmp_path: Path) -> None:
    spec = matrix_file(tmp_path, fixture_overlay, "0, 4")
    whole = run(fx_project, fixture_overlay, f"matrix={spec}", f"report_dir={tmp_path / 'all'}")
    assert whole.returncode == 0, whole.stdout[-3000:] + whole.stderr[-2000:]
    for k in (1, 2, 3):
        done = run(fx_project, fixture_overlay, f"matrix={spec}", f"shard={k}/3", f"report_dir={tmp_path / f's{k}'}")
        assert done.returncode == 0
        assert 1 <= len(rows(tmp_path / f"s{k}")) <= 2
    merged = run(fx_project, fixture_overlay, f"merge={tmp_path}/s*", f"report_dir={tmp_path / 'merged'}")
    assert merged.returncode == 0, merged.stderr
    assert rows(tmp_path / "merged") == rows(tmp_path / "all")
    # more shards than targets: an empty shard still reports, and merges
    empty = run(fx_project, fixture_overlay, f"matrix={spec}", "shard=9/9", f"report_dir={tmp_path / 'e9'}")
    assert empty.returncode == 0 and rows(tmp_path / "e9") == {}
    missing = run(fx_project, fixture_overlay, f"merge={tmp_path}/s1,{tmp_path}/s2", f"report_dir={tmp_path / 'm2'}")
    assert missing.returncode == 2 and "shard(s) 3/3 missing" in missing.stderr
    assert not (tmp_path / "m2").exists()


def test_baseline_thresholds_and_budgets_gate(fx_project: Path, fixture_overlay: dict, tmp_path: Path) -> None:
    lists = ("board=host,nucleo_f411re", "engine=fixture", f"model={fixture_overlay['model']}")
    first = run(fx_project, fixture_overlay, *lists, f"report_dir={tmp_path / 'base'}")
    assert first.returncode == 0
    same = run(fx_project, fixture_overlay, *lists, f"baseline={tmp_path / 'base'}", "thresholds=flash=0,ram=0",
               f"report_dir={tmp_path / 'again'}")
    assert same.returncode == 0, same.stdout[-2000:]
    assert all(d["absolute"] == 0 for r in rows(tmp_path / "again").values() for d in r["deltas"].values())
    # the same build against a baseline it outgrew, and one it shrank from
    base = json.loads((tmp_path / "base" / "matrix.json").read_text())
    for r in base["rows"]:
        r["flash_bytes"] = int(r["flash_bytes"] / (1.03 if r["board"] == "nucleo_f411re" else 0.9))
    (tmp_path / "grew.json").write_text(json.dumps({**base, "rows": base["rows"]}))
    grew = run(fx_project, fixture_overlay, *lists, f"baseline={tmp_path / 'grew.json'}", "thresholds=flash=2",
               f"report_dir={tmp_path / 'grew'}")
    assert grew.returncode != 0
    tail = grew.stdout[grew.stdout.rindex("problem(s):"):]
    assert "nucleo_f411re/fixture/dense: flash grew +3.0" in tail and "host/" not in tail
    assert rows(tmp_path / "grew")["host/fixture/dense"]["deltas"]["flash_bytes"]["absolute"] < 0
    spec = matrix_file(tmp_path, fixture_overlay, "0", boards="host, nucleo_f411re",
                       extra="budgets:\n  - {board: 'nucleo_*', flash: 4096}\n")
    over = run(fx_project, fixture_overlay, f"matrix={spec}", f"report_dir={tmp_path / 'budget'}")
    assert over.returncode != 0
    flash = rows(tmp_path / "budget")["nucleo_f411re/fixture/dense"]["flash_bytes"]
    assert f"nucleo_f411re/fixture/dense: flash {flash:,} > budget 4,096" in over.stdout


def test_does_not_fit_is_a_row_when_exploring_and_an_error_when_gated(fx_project: Path, fixture_overlay: dict,
                                                                      tmp_path: Path) -> None:
    big = make_dense_onnx(tmp_path / "wide.onnx", n_in=256, n_out=320)  # 320 KiB of float weights
    lists = ("board=host,bbc_microbit", "engine=fixture", f"model={big}")
    explore = run(fx_project, fixture_overlay, *lists, f"report_dir={tmp_path / 'e'}")
    assert explore.returncode == 0, explore.stdout[-3000:]
    row = rows(tmp_path / "e")["bbc_microbit/fixture/wide"]
    assert row["status"] == "does_not_fit" and row["flash_bytes"] > row["flash_capacity"]
    assert "does not fit (flash +" in (tmp_path / "e" / "matrix.md").read_text()
    gated = run(fx_project, fixture_overlay, *lists, f"baseline={tmp_path / 'e'}", f"report_dir={tmp_path / 'g'}")
    assert gated.returncode != 0 and "bbc_microbit/fixture/wide: overflows the board" in gated.stdout


def test_cache_dir_rebuilds_nothing_after_rm_build(tmp_path: Path, fixture_overlay: dict) -> None:
    project = copy_project(tmp_path / "p")
    args = ("board=host,nucleo_f411re", "engine=fixture", f"model={fixture_overlay['model']}",
            f"cache_dir={tmp_path / 'cache'}")
    cold = run(project, fixture_overlay, *args)
    assert cold.returncode == 0 and "CC " in cold.stdout
    before = rows(project / "build" / "matrix")
    shutil.rmtree(project / "build")
    warm = run(project, fixture_overlay, *args)
    assert warm.returncode == 0
    built = [line for line in warm.stdout.splitlines() if line.startswith(("CC ", "LINK ", "RUN ", "REPORT ", "gcc"))]
    assert built == [] and "Retrieved `build/nucleo_f411re/fixture/dense/report.json' from cache" in warm.stdout
    after = rows(project / "build" / "matrix")
    assert {k: r["instructions"] for k, r in after.items()} == {k: r["instructions"] for k, r in before.items()}


@pytest.mark.parametrize("where, message", [("inside", "checkout's boards/"), ("foreign", "did not put there")])
def test_report_dir_that_would_destroy_files_is_refused(fx_project: Path, fixture_overlay: dict, tmp_path: Path,
                                                        where: str, message: str) -> None:
    folder = fx_project / "boards" / "r" if where == "inside" else tmp_path
    (tmp_path / "mine.txt").write_text("a user's file")
    done = run(fx_project, fixture_overlay, "board=host,nucleo_f411re", "engine=fixture",
               f"model={fixture_overlay['model']}", f"report_dir={folder}")
    assert done.returncode == 2 and message in done.stderr
    assert (tmp_path / "mine.txt").read_text() == "a user's file"


def test_option_search_reports_the_pareto_front(fx_project: Path, fixture_overlay: dict, tmp_path: Path) -> None:
    # emlearn (from PyPI) emits a model as tables its library walks (loadable) or as code (inline)
    done = run(fx_project, fixture_overlay, "board=host,nucleo_f411re", "engine=emlearn", "model=digits_mlp",
               "engine_opts=auto", f"report_dir={tmp_path / 'r'}")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    doc = json.loads((tmp_path / "r" / "matrix.json").read_text())
    assert sorted(r["key"] for r in doc["rows"]) == [
        "host/emlearn/digits_mlp", "host/emlearn@method=inline/digits_mlp",
        "nucleo_f411re/emlearn/digits_mlp", "nucleo_f411re/emlearn@method=inline/digits_mlp"]
    by_key = {r["key"]: r for r in doc["rows"]}
    for t in doc["tuning"]:
        assert t["tried"] == t["passed"] == 2 and t["default"] == f"{t['board']}/emlearn/digits_mlp"
        front = [by_key[k] for k in t["front"]]
        assert front and all(r["status"] == "ok" for r in front)
        assert by_key[t["fastest"]]["instructions"] == min(r["instructions"] for r in by_key.values()
                                                            if r["board"] == t["board"])
        # nothing off the front is better in every measure than something on it
        for other in (r for r in by_key.values() if r["board"] == t["board"] and r["key"] not in t["front"]):
            assert any(all(f[m] <= other[m] for m in ("instructions", "flash_bytes", "ram_bytes")) for f in front)
    assert "## Option search" in (tmp_path / "r" / "matrix.md").read_text()


def test_engines_with_and_without_an_operator_catalogue_in_one_matrix(fx_project: Path, fixture_overlay: dict,
                                                                      tmp_path: Path) -> None:
    # fxk reads the model's operators to pick its kernels; the fixture engine does not: one matrix, one
    # model, both engines (each engine's own checks apply to its own targets only)
    from kernels_fixture import dense, make_overlay

    make_overlay(tmp_path / "fxk")
    model = dense(tmp_path / "fc.tflite")
    done = scons(fx_project, "-j2", f"overlay={fixture_overlay['overlay']},{tmp_path / 'fxk'}", "board=host",
                 "engine=fixture,fxk", f"model={model}", f"report_dir={tmp_path / 'r'}", env=fixture_overlay["env"])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert {k: r["status"] for k, r in rows(tmp_path / "r").items()} == {"host/fixture/fc": "ok", "host/fxk/fc": "ok"}
