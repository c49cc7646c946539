"""The matrix without building: expansion, refusals, sharding, the gate (budgets, thresholds, baseline
deltas), merging shards, and the comparison's Markdown (against a golden file) and CSV."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import PROJECT
from edgebench import comparison, gate, matrix
from edgebench.catalog import Catalog
from edgebench.cli import names
from edgebench.comparison_md import markdown
from edgebench.errors import InputError

GOLDEN = Path(__file__).parent / "golden"


def plan(tmp_path: Path | None = None, **arguments: str) -> matrix.Matrix:
    return matrix.plan(Catalog.for_project(PROJECT, []), arguments, tmp_path or PROJECT, names)


def write_matrix(tmp_path: Path, text: str) -> str:
    path = tmp_path / "m.yaml"
    path.write_text(text)
    return str(path)


ALL = dict(board="host,nucleo_f411re,bbc_microbit,hifive1,mps3_an547", engine="emlearn,tinymaix,tflm",
           model="mnist,digits_mlp,cifar10,hello_world")


def test_cross_product_sorts_refusals_from_targets() -> None:
    m = plan(**ALL)
    assert len(m.keys) == 5 * 3 * 4 == len(m.targets) + len(m.refused)
    assert m.keys == sorted(m.keys) and m.is_matrix
    refused = {r.key: r.reason for r in m.refused}
    # a scikit-learn model is emlearn's only; TinyMaix and TFLM take .tflite
    assert "takes tflite models, not sklearn" in refused["host/tinymaix/digits_mlp"]
    assert "host/emlearn/digits_mlp" in {t.key for t in m.targets}
    assert "host/emlearn/mnist" in refused


def test_sharding_is_deterministic_complete_and_disjoint() -> None:
    whole = plan(**ALL)
    for count in (1, 2, 3, 7, 60, 61):
        shards = [plan(shard=f"{k}/{count}", **ALL) for k in range(1, count + 1)]
        keys = [sorted([t.key for t in s.targets] + [r.key for r in s.refused]) for s in shards]
        flat = [k for ks in keys for k in ks]
        assert sorted(flat) == sorted(whole.keys)             # complete
        assert len(flat) == len(set(flat))                    # disjoint
        assert max(map(len, keys)) - min(map(len, keys)) <= 1  # balanced
        assert {s.digest for s in shards} == {whole.digest}   # one matrix
        again = plan(shard=f"1/{count}", **ALL)
        assert sorted(t.key for t in again.targets) == sorted(t.key for t in shards[0].targets)


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", "-1/2", "1/2/3"])
def test_bad_shard_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="argument shard"):
        plan(shard=text, **ALL)


def test_option_lists_build_each_value_in_its_own_folder(tmp_path: Path) -> None:
    path = write_matrix(tmp_path, "boards: [mps3_an547, nucleo_f411re]\n"
                                  "engines: [{name: tflm, engine_opts: {kernels: [cmsis_nn, reference]}}]\n"
                                  "models: [hello_world]\n")
    m = plan(tmp_path, matrix=path)
    keys = sorted(t.key for t in m.targets)
    assert keys == ["mps3_an547/tflm/hello_world", "mps3_an547/tflm@kernels=reference/hello_world",
                    "nucleo_f411re/tflm/hello_world", "nucleo_f411re/tflm@kernels=reference/hello_world"]
    assert len({t.out(Path("/b")) for t in m.targets}) == 4


def test_option_a_board_cannot_take_is_a_refusal_not_an_error() -> None:
    m = plan(board="host,nucleo_f411re,hifive1", engine="tinymaix", model="mnist", engine_opts="arch=ARM_SIMD")
    assert [t.key for t in m.targets] == ["nucleo_f411re/tinymaix/mnist"]  # ARM_SIMD is the M4's default
    refused = {r.key: r.reason for r in m.refused}
    assert set(refused) == {"host/tinymaix@arch=ARM_SIMD/mnist", "hifive1/tinymaix@arch=ARM_SIMD/mnist"}
    assert "needs board feature(s) dsp" in refused["host/tinymaix@arch=ARM_SIMD/mnist"]


def test_one_combination_that_cannot_work_stops_the_run() -> None:
    with pytest.raises(InputError, match="needs board feature.s. dsp"):
        plan(board="host", engine="tinymaix", model="mnist", engine_opts="arch=ARM_SIMD")
    with pytest.raises(InputError, match="cannot build host/tinymaix/digits_mlp"):
        plan(board="host", engine="tinymaix", model="digits_mlp")


def test_cli_engine_opts_apply_to_the_engines_that_declare_them() -> None:
    m = plan(board="mps3_an547", engine="tflm,tinymaix", model="hello_world,mnist", engine_opts="kernels=reference")
    assert {t.key for t in m.targets} >= {"mps3_an547/tflm@kernels=reference/hello_world",
                                          "mps3_an547/tinymaix/mnist"}


@pytest.mark.parametrize("text, field", [
    ("boards: [host]\nengines: [emlearn]\n", "(top level)"),
    ("boards: [host]\nengines: [emlearn]\nmodels: [digits_mlp]\ncolour: red\n", "(top level)"),
    ("boards: [host]\nengines: [{name: emlearn, engine_opts: {methd: inline}}]\nmodels: [digits_mlp]\n",
     "engines.0.engine_opts"),
    ("boards: [host]\nengines: [emlearn]\nmodels: [digits_mlp]\nbudgets: [{board: host}]\n", "budgets.0"),
    ("boards: [host]\nengines: [emlearn]\nmodels: [digits_mlp]\nbudgets: [{flash: -1}]\n", "budgets.0.flash"),
    ("boards: [host]\nengines: [emlearn]\nmodels: [digits_mlp]\nthresholds: {flash: x}\n", "thresholds.flash"),
    ("boards: [host, host]\nengines: [emlearn]\nmodels: [digits_mlp]\n", "boards"),
])
def test_bad_matrix_file_names_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    path = write_matrix(tmp_path, text)
    with pytest.raises(InputError) as caught:
        plan(tmp_path, matrix=path)
    assert path in str(caught.value) and field in str(caught.value)


def test_matrix_file_with_lists_on_the_command_line_is_refused(tmp_path: Path) -> None:
    path = write_matrix(tmp_path, "boards: [host]\nengines: [emlearn]\nmodels: [digits_mlp]\n")
    with pytest.raises(InputError, match="together"):
        plan(tmp_path, matrix=path, board="host")


def test_repeated_option_set_is_refused(tmp_path: Path) -> None:
    path = write_matrix(tmp_path, "boards: [host]\nengines: [emlearn, emlearn]\nmodels: [digits_mlp]\n")
    with pytest.raises(InputError, match="listed twice"):
        plan(tmp_path, matrix=path)


def test_exclude_drops_combinations_by_pattern(tmp_path: Path) -> None:
    path = write_matrix(tmp_path, "boards: [host, nucleo_f411re, nucleo_f103rb]\nengines: [emlearn]\n"
                                  "models: [digits_mlp]\nexclude: [{board: 'nucleo_*'}]\n")
    assert plan(tmp_path, matrix=path).keys == ["host/emlearn/digits_mlp"]


# -- the gate ---------------------------------------------------------------------------------------

def row(key: str = "b/e/m", status: str = "ok", **values) -> dict:
    board, engine, model = key.split("/")
    base = comparison.base_row(key, board, engine.split("@")[0], model, {}, status,
                               "" if status == "ok" else "why")
    base.update({"flash_bytes": 1000, "flash_capacity": 4000, "ram_bytes": 500, "ram_capacity": 2000,
                 "ram_static_bytes": 400, "ram_runtime_bytes": 100, "instructions": 10_000, **values})
    base["flash_pct"] = round(100 * base["flash_bytes"] / base["flash_capacity"], 2)
    base["ram_pct"] = round(100 * base["ram_bytes"] / base["ram_capacity"], 2)
    return base


@pytest.mark.parametrize("current, limit, broke", [(1021, 2, True), (1020, 2, False), (1000, 0, False),
                                                    (900, 2, False), (1001, 0, True)])
def test_threshold_breaks_only_on_growth_beyond_it(current: int, limit: float, broke: bool) -> None:
    rows = comparison.with_gate([row(flash_bytes=current)], {"rows": [row()]}, True, [], {"flash": limit}, "m")
    assert bool(rows[0]["broke"]) is broke
    delta = rows[0]["deltas"]["flash_bytes"]
    assert (delta["previous"], delta["current"], delta["absolute"]) == (1000, current, current - 1000)


def test_shrinking_is_reported_as_a_negative_delta() -> None:
    rows = comparison.with_gate([row(instructions=9_000)], {"rows": [row()]}, True, [], {"instructions": 5}, "m")
    assert rows[0]["deltas"]["instructions"]["relative_pct"] == -10.0 and not rows[0]["broke"]


def test_budget_applies_to_matching_targets_only() -> None:
    budgets = [{"board": "b", "engine": "e*", "flash": 999}, {"model": "other", "flash": 1}]
    rows = comparison.with_gate([row(), row("c/e/m")], None, True, budgets, {}, "m.yaml")
    assert rows[0]["broke"] == ["flash 1,000 > budget 999 (m.yaml budgets.0)"]
    assert rows[1]["broke"] == []


def test_overflow_breaks_a_gated_run_and_is_a_row_of_an_ungated_one() -> None:
    over = row(status="does_not_fit", flash_bytes=5000)
    assert gate.broken(over, True, [], {}, "m") == ["overflows the board: why"]
    assert gate.broken(over, False, [], {}, "m") == []


def test_real_failure_breaks_every_run_and_refusal_none() -> None:
    failed = {**row(status="failed"), "log": "logs/x.log"}
    assert gate.broken(failed, False, [], {}, "m") == ["failed: why (log: logs/x.log)"]
    assert gate.broken(row(status="refused"), True, [{"flash": 0}], {}, "m") == []


@pytest.mark.parametrize("text", ["flash", "flash=", "speed=2", "flash=-1", "flash=two"])
def test_bad_thresholds_argument(text: str) -> None:
    with pytest.raises(InputError, match="argument thresholds"):
        gate.parse_thresholds(text)


# -- merge, baseline files ------------------------------------------------------------------------

def shard_docs(tmp_path: Path, count: int) -> list[Path]:
    m = plan(**ALL)
    paths = []
    for k in range(1, count + 1):
        part = plan(shard=f"{k}/{count}", **ALL)
        rows = [row(key) for key in sorted(t.key for t in part.targets)]
        rows += [comparison.base_row(r.key, r.board, r.engine, r.model, {}, "refused", r.reason) for r in part.refused]
        doc = comparison.document(comparison.with_gate(rows, None, False, [], {}, "cli"), matrix.describe(part),
                                  {"gated": False}, None)
        comparison.write(doc, tmp_path / f"shard{k}")
        paths.append(tmp_path / f"shard{k}" / "matrix.json")
    assert m.digest == json.loads(paths[0].read_text())["matrix"]["digest"]
    return paths


def test_merge_gives_the_whole_matrix_once(tmp_path: Path) -> None:
    shard_docs(tmp_path, 3)
    merged = comparison.merge("shard*/matrix.json", tmp_path)
    assert [r["key"] for r in merged["rows"]] == plan(**ALL).keys
    assert merged["matrix"]["shard"] is None and len(merged["matrix"]["merged_from"]) == 3


def test_merge_refuses_a_missing_a_repeated_or_a_foreign_shard(tmp_path: Path) -> None:
    paths = shard_docs(tmp_path, 3)
    with pytest.raises(InputError, match="shard.s. 3/3 missing"):
        comparison.merge(f"{paths[0]},{paths[1]}", tmp_path)
    with pytest.raises(InputError, match="given twice"):
        comparison.merge(f"{paths[0]},{paths[0]},{paths[1]},{paths[2]}", tmp_path)
    foreign = json.loads(paths[2].read_text())
    foreign["matrix"]["digest"] = "0" * 16
    paths[2].write_text(json.dumps(foreign))
    with pytest.raises(InputError, match="another matrix"):
        comparison.merge(",".join(map(str, paths)), tmp_path)
    with pytest.raises(InputError, match="matches no file"):
        comparison.merge("nothere*/matrix.json", tmp_path)


@pytest.mark.parametrize("content, message", [("{", "cannot read"), ('{"rows": []}', "not an edgebench matrix"),
                                              ('{"schema": "edgebench-matrix", "schema_version": 99, "rows": []}',
                                               "schema version 99")])
def test_bad_baseline_file(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "matrix.json").write_text(content)
    with pytest.raises(InputError, match=message):
        comparison.load_rows(str(tmp_path), tmp_path, "baseline")
    with pytest.raises(InputError, match="holds no matrix.json"):
        comparison.load_rows(str(tmp_path / "empty"), tmp_path, "baseline")


# -- the Markdown -----------------------------------------------------------------------------------

def sample_doc() -> dict:
    rows = [row("nucleo_f411re/tinymaix/mnist", flash_bytes=22_600, flash_capacity=524_288, ram_bytes=11_300,
                ram_capacity=131_072, instructions=169_364, check="pass", accuracy_correct=4, accuracy_labelled=4,
                glue_lines=36, template_lines=55, options_set=0, latency_ms=2.79, latency_kind="estimate", cold_s=41.2),
            row("nucleo_f411re/tinymaix@opt_level=1/mnist", flash_bytes=23_000, flash_capacity=524_288,
                ram_bytes=11_300, ram_capacity=131_072, instructions=120_000, check="pass", glue_lines=36,
                template_lines=55, options_set=1, latency_ms=1.98, latency_kind="estimate", cold_s=12.5),
            row("nucleo_f103rb/tflm/cifar10", status="does_not_fit", flash_bytes=200_000, flash_capacity=131_072,
                ram_static_bytes=26_000, ram_runtime_bytes=4_000, ram_bytes=30_000, ram_capacity=20_480,
                instructions=1_900_000, check=None),
            {**row("nucleo_f411re/tflm/cifar10", status="failed", flash_capacity=524_288, ram_capacity=131_072,
                   instructions=None), "log": "logs/x.log"},
            comparison.base_row("host/tinymaix/digits_mlp", "host", "tinymaix", "digits_mlp", {}, "refused",
                                "engine 'tinymaix' takes tflite models, not sklearn")]
    previous = copy.deepcopy(rows[0])
    previous["instructions"] = 160_000
    rows = comparison.with_gate(rows, {"rows": [previous]}, True, [{"board": "nucleo_f411re", "flash": 22_800}],
                                {"instructions": 5}, "ci.yaml")
    return comparison.document(rows, {"source": "ci.yaml", "digest": "d", "combinations": 5, "shard": None},
                               {"gated": True, "budgets": [{"board": "nucleo_f411re", "flash": 22_800}],
                                "thresholds": {"instructions": 5}}, {"source": "main/matrix.json", "rows": 1})


def test_markdown_matches_the_golden_file() -> None:
    text = markdown(sample_doc())
    golden = GOLDEN / "matrix.md"
    if not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text)
        pytest.fail(f"{golden} was missing and is now written: review it, then commit it")
    assert text == golden.read_text()


def test_csv_has_a_row_per_combination_and_every_field() -> None:
    lines = comparison.csv_text(sample_doc()).splitlines()
    assert lines[0].split(",") == list(comparison.CSV_FIELDS)
    assert len(lines) == 1 + 5


def test_report_folder_is_replaced_whole(tmp_path: Path) -> None:
    doc = sample_doc()
    comparison.write(doc, tmp_path / "r", logs={"a.log": "x"})
    comparison.write(comparison.document(doc["rows"][:1], doc["matrix"], doc["gate"], None), tmp_path / "r")
    assert not (tmp_path / "r" / "logs").exists()  # the first run's logs do not outlive it
    assert len(json.loads((tmp_path / "r" / "matrix.json").read_text())["rows"]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".r.lock", "r"]  # no half-swapped folder left


def test_auto_tries_every_allowed_combination_or_one_option_at_a_time(monkeypatch) -> None:
    everything = plan(board="nucleo_f411re", engine="tinymaix", model="cifar10", engine_opts="auto")
    options = {t.key for t in everything.targets}
    assert "nucleo_f411re/tinymaix/cifar10" in options and not everything.refused
    assert len(options) == 32  # arch CPU or ARM_SIMD (the M4 has no NEON, MVE, ...) x 2^4 of the others
    monkeypatch.setattr(matrix, "AUTO_LIMIT", 8)
    stepwise = plan(board="nucleo_f411re", engine="tinymaix", model="cifar10", engine_opts="auto")
    assert {t.key for t in stepwise.targets} < options
    assert all(len(t.variant) <= 1 for t in stepwise.targets) and len(stepwise.targets) == 1 + 5


def test_a_rejected_candidate_of_the_option_search_breaks_nothing() -> None:
    failed = {**row("b/e@x=1/m", status="failed"), "searched": True}
    assert gate.broken(failed, True, [], {}, "m") == []
    assert gate.broken({**failed, "searched": False}, True, [], {}, "m") == ["failed: why"]
    auto = plan(board="nucleo_f411re", engine="tinymaix", model="cifar10", engine_opts="auto")
    assert {t.key for t in auto.targets if not t.searched} == {"nucleo_f411re/tinymaix/cifar10"}  # the defaults


def test_terminal_outcome_with_many_refusals(capsys) -> None:
    # more than ten refusals are summed up on the terminal; the tables must not need the rows left out
    import eb_matrix

    rows = [comparison.base_row(f"b{i}/e@x={x}/m", f"b{i}", "e", "m", {"x": x}, "refused", "no")
            for i in range(6) for x in (0, 1)]
    rows += [row("b0/f/m"), row("b0/f@y=1/m", instructions=9_000)]
    doc = comparison.document(comparison.with_gate(rows, None, False, [], {}, "cli"), None, {"gated": False}, None)
    assert [t["model"] for t in doc["tuning"]] == ["m"] and doc["tuning"][0]["engine"] == "f"
    eb_matrix.print_outcome(doc, Path("/r"))
    printed = capsys.readouterr().out
    assert "12 combinations refused: matrix.md says why" in printed and "Option search" in printed
