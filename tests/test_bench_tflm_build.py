"""bench/tflm_build.py's own logic, without TFLM: reading TFLM's download scripts, placing a download
from git where the Makefile looks, comparing compile lines, rendering the figures."""
from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("tflm_build", PROJECT / "bench" / "tflm_build.py")
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)


@pytest.mark.parametrize(("text", "name", "value"), [
    # cmsis_download.sh names two archives through one reused variable
    ('ZIP_PREFIX="aaa"\nCMSIS_URL="http://github.com/A/C/archive/${ZIP_PREFIX}.zip"\n'
     'ZIP_PREFIX="bbb"\nCMSIS_DFP_URL="http://github.com/A/D/archive/${ZIP_PREFIX}.zip"\n',
     "CMSIS_URL", "http://github.com/A/C/archive/aaa.zip"),
    ('ZIP_PREFIX="aaa"\nCMSIS_URL="x"\nZIP_PREFIX="bbb"\nCMSIS_DFP_URL="http://github.com/A/D/archive/${ZIP_PREFIX}.zip"\n',
     "CMSIS_DFP_URL", "http://github.com/A/D/archive/bbb.zip"),
    ('GEMMLOWP_URL := "https://github.com/google/gemmlowp/archive/719139c.zip"\n', "GEMMLOWP_URL",
     "https://github.com/google/gemmlowp/archive/719139c.zip"),
    ('RUY_URL="https://github.com/google/ruy/archive/d371283.zip"\n', "RUY_URL",
     "https://github.com/google/ruy/archive/d371283.zip"),
    ("  TFLM_ROOT := a\nP := $(TFLM_ROOT)/b\n", "P", "a/b"),
])
def test_assignments_read_top_to_bottom(text: str, name: str, value: str) -> None:
    assert bench.assignments(text)[name] == value


@pytest.mark.parametrize(("url", "groups"), [
    ("https://github.com/google/flatbuffers/archive/refs/tags/v25.9.23.zip", ("google", "flatbuffers", "v25.9.23")),
    ("http://github.com/ARM-software/CMSIS_6/archive/5782d6f.zip", ("ARM-software", "CMSIS_6", "5782d6f")),
])
def test_archive_url_names_repository_and_ref(url: str, groups: tuple) -> None:
    assert bench.ARCHIVE_URL.match(url).groups() == groups


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_place_puts_the_tagged_tree_where_the_makefile_looks(tmp_path: Path, monkeypatch) -> None:
    upstream = tmp_path / "upstream"
    (upstream / "sub").mkdir(parents=True)
    (upstream / "a.h").write_text("one\n")
    (upstream / "sub" / "BUILD").write_text("bazel\n")
    _git("init", "-q", cwd=upstream)
    _git("add", ".", cwd=upstream)
    _git("commit", "-q", "-m", "v1", cwd=upstream)
    _git("tag", "-a", "v1", "-m", "v1", cwd=upstream)
    (upstream / "a.h").write_text("later\n")
    _git("commit", "-q", "-am", "after the tag", cwd=upstream)
    tflm = tmp_path / "tflm"
    (tflm / bench.MAKE_DIR).mkdir(parents=True)
    (tflm / bench.MAKE_DIR / "deps.inc").write_text(
        'LIB_URL := "https://github.com/o/lib/archive/refs/tags/v1.zip"\nLIB_PATCH := "lib.patch"\n')
    (tflm / "lib.patch").write_text("--- a/a.h\n+++ b/a.h\n@@ -1 +1 @@\n-one\n+patched\n")
    # The caller's git configuration brings the "GitHub" URL to the local repository.
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", f"url.{upstream}.insteadOf")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "https://github.com/o/lib.git")
    source = bench.place(("lib", "deps.inc", "LIB_URL", "LIB_PATCH", True), tflm, tmp_path / "git")
    placed = tflm / bench.MAKE_DIR / "downloads" / "lib"
    assert (placed / "a.h").read_text() == "patched\n"
    assert not (placed / "sub" / "BUILD").exists()
    assert not (placed / ".git").exists()
    assert source["ref"] == "v1" and source["url"] == "https://github.com/o/lib.git"
    tagged = subprocess.run(["git", "rev-parse", "v1^{commit}"], cwd=upstream, capture_output=True, text=True,
                            check=True)
    assert source["commit"] == tagged.stdout.strip()


def test_compile_line_flags_and_differences() -> None:
    line = ('/usr/bin/arm-none-eabi-g++ -fno-rtti -O2 -DX -DNAME=\\"ARMCM4.h\\" -I. -Idl/x -isystem sys -Os '
            "-c tensorflow/lite/micro/a.cc -o gen/obj/core/a.o")
    assert bench.effective(bench._tokens(line)) == ["-fno-rtti", "-Os", "-DX", '-DNAME="ARMCM4.h"']
    diff = bench.flag_differences({"core .cc": ["-fno-rtti", "-Os", "-MD"]}, {"core .cc": ["-fno-rtti", "-Os", "-g"]})
    assert diff == {"core .cc": {"makefile_only": ["-MD"], "edgebench_only": ["-g"]}}


def test_our_flags_follow_engine_yaml() -> None:
    flags = bench.our_flags("nucleo_f411re", "cmsis_nn")
    assert {"-Os", "-DCMSIS_NN"} <= set(flags["core .cc"]) and "-O2" not in flags["core .cc"]
    assert "-O2" in flags["kernel .cc"] and "-std=c++17" in flags["kernel .cc"]
    assert {"-O2", "-std=gnu11"} <= set(flags["CMSIS-NN .c"])  # the kernels' level, as TFLM's Makefile has it
    assert "CMSIS-NN .c" not in bench.our_flags("nucleo_f411re", "reference")


def _run(wall: float, cpu: float, **extra) -> dict:
    return {"wall_s": wall, "cpu_s": cpu, "load_before": 1.0, "objects": 3, "archive_bytes": 1000, **extra}


def test_render_pairs_each_run_with_its_makefile_build() -> None:
    ours = {"compiled": 2, "compiled_kernels": ["conv"], "kernel_objects": 1, "kernel_bytes": 10}
    data = {"board": "b", "jobs": 2, "cores": 2, "compiler": "gcc", "sources": {}, "flags": {},
            "measurements": {"make cmsis_nn": [_run(100, 80), _run(200, 80)],
                             "ours m cmsis_nn": [_run(30, 40, **ours), _run(100, 20, **ours)],
                             "ours then n (model-only change)": [_run(1, 1, **ours), _run(1, 1, **ours)]}}
    text = bench.render(data)
    # pair by pair: 30/100 and 100/200 (wall), 40/80 and 20/80 (CPU); medians 0.40 and 0.38
    assert "| ours m cmsis_nn | 65.0 (30.0-100.0) | 30.0 (20.0-40.0) | 0.40 (0.30-0.50) / 0.38 (0.25-0.50) |" in text
    assert "Model-only change compiles: conv" in text


def test_runs_of_several_invocations_render_together() -> None:
    one = {"schema_version": 1, "board": "b", "jobs": 2, "compiler": "gcc", "sources": {},
           "measurements": {"make cmsis_nn": [_run(100, 80)]}}
    two = {**one, "measurements": {"make cmsis_nn": [_run(300, 90)]}}
    assert [r["wall_s"] for r in bench.merged([one, two])["measurements"]["make cmsis_nn"]] == [100, 300]
    with pytest.raises(SystemExit, match="'board'"):
        bench.merged([one, {**two, "board": "other"}])


def test_compiled_objects_are_read_whether_scons_names_them_absolute_or_relative() -> None:
    folder = bench.PROJECT / "work" / "_engines" / "b" / "tflm" / "kernels=cmsis_nn"
    log = (f"CXX {folder}/kernels/pkg/conv.o\nCXX work/_engines/b/tflm/kernels=cmsis_nn/lib/pkg/a.o\n"
           "CC build/b/tflm/m/obj/harness/main.o\nAR work/_engines/b/tflm/kernels=cmsis_nn/libengine.a\n")
    assert bench.compiled_in(log, folder) == ["kernels/pkg/conv.o", "lib/pkg/a.o"]
