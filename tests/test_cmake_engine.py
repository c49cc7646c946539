"""Engines with their own CMake build (engine.yaml `cmake`, cmake_build.py), the way ONNX Runtime,
ncnn and MNN are built, proven on a fixture CMake project the tests make (tests/fixture_cmake): a
source-only recipe pinned to a local git "upstream", its CMake run with a toolchain file written
from the board's YAML, out of tree under build/, once per board and build option set, its installed
static libraries linked into the harness in the order engine.yaml gives."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import PROJECT, SCONS, copy_project, make_dense_onnx, make_fixture_overlay, report, scons

FIXTURE = Path(__file__).parent / "fixture_cmake"


@pytest.fixture(scope="module")
def fxdense(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("fxdense")
    fixture = make_fixture_overlay(base, FIXTURE, "fxdense", "fxdense")
    project = copy_project(base / "project")
    models = [make_dense_onnx(base / "dense.onnx"), make_dense_onnx(base / "dense2.onnx", n_in=6, n_out=3, seed=1)]
    return {**fixture, "project": project, "models": models}


def build(fx: dict, board: str, *args: str, model: int = 0, project: Path | None = None):
    return scons(project or fx["project"], f"overlay={fx['overlay']}", "engine=fxdense",
                 f"model={fx['models'][model]}", f"board={board}", *args, env=fx["env"])


def libraries(project: Path, board: str, fast: int = 0, behaviour: str = "build") -> Path:
    """Named by the options that change the build (those with cmake_options), not `label`, where
    their values are not the defaults."""
    named = ",".join([*([f"behaviour={behaviour}"] if behaviour != "build" else []),
                      *([f"fast={fast}"] if fast else [])]) or "default"
    return project / "build" / "_engines" / board / "fxdense" / named / "cmake"


@pytest.mark.parametrize("board", ["host", "pynq_z2"])
def test_cmake_engine_builds_with_the_boards_toolchain_and_runs(fxdense: dict, board: str) -> None:
    done = build(fxdense, board)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = report(fxdense["project"], board, "fxdense", "dense")
    assert result["passed"], result["verdict"]
    assert result["run"]["output_check"]["tensors"][0]["max_abs_diff"] < 1e-5
    place = libraries(fxdense["project"], board)
    header = (place / "install" / "include" / "fxdense" / "fxdense_build.h").read_text()
    toolchain = (place / "toolchain.cmake").read_text()
    if board == "pynq_z2":  # cross: the system and processor of the board's YAML, its compiler and flags
        assert '"Linux"' in header and '"armv7l"' in header
        assert "-mcpu=cortex-a9" in header and "-mfloat-abi=hard" in header
        assert "arm-linux-gnueabihf-gcc" in toolchain
    else:  # the PC: a native build
        assert "CMAKE_SYSTEM_NAME" not in toolchain and "-march=x86-64" in header
    # the build tree is gone (its objects are in the archives), the install and the log stay
    assert not (place / "build").exists() and (place / "cmake.log").is_file()
    # both archives linked (fxdense calls into fxmath, listed after it) and counted as the engine's
    assert result["size"]["components"]["engine"]["sections"][".text"] > 0
    # the engine's malloc in a static library is counted (the link wraps it for every archive)
    assert result["run"]["heap_peak_bytes"] >= 4 * 4


def test_second_model_and_runtime_option_rebuild_nothing_of_the_engine(fxdense: dict) -> None:
    assert build(fxdense, "host").returncode == 0
    archive = libraries(fxdense["project"], "host") / "install" / "lib" / "libfxdense.a"
    stamp = archive.stat().st_mtime_ns
    for args in ([], ["engine_opts=label=2"]):
        done = build(fxdense, "host", *args, model=1)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "CMAKE " not in done.stdout and "with its CMake" not in done.stdout, done.stdout
    assert archive.stat().st_mtime_ns == stamp
    assert report(fxdense["project"], "host", "fxdense", "dense2", "label=2")["passed"]


def test_build_option_builds_its_own_libraries(fxdense: dict) -> None:
    done = build(fxdense, "host", "engine_opts=fast=1")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "building fxdense for host, behaviour=build, fast=1, per_model=0 with its CMake" in done.stdout
    header = libraries(fxdense["project"], "host", fast=1) / "install" / "include" / "fxdense" / "fxdense_build.h"
    assert "#define FXDENSE_FAST 1" in header.read_text()
    default = libraries(fxdense["project"], "host") / "install" / "include" / "fxdense" / "fxdense_build.h"
    assert "#define FXDENSE_FAST 0" in default.read_text()


def test_failed_cmake_names_the_step_keeps_its_log_and_leaves_no_libraries(fxdense: dict) -> None:
    done = build(fxdense, "host", "engine_opts=behaviour=broken")
    assert done.returncode != 0
    assert "building fxdense for host, behaviour=broken, fast=0, per_model=0 with CMake failed" in done.stderr, \
        done.stderr
    assert "asked to fail (FXDENSE_BROKEN)" in done.stderr
    place = libraries(fxdense["project"], "host", behaviour="broken")
    assert not place.exists() and not place.with_name("cmake.tmp").exists()
    assert "FXDENSE_BROKEN" in place.with_name("cmake.failed.log").read_text()


def test_bare_metal_board_is_refused_before_anything_compiles(fxdense: dict) -> None:
    done = build(fxdense, "nucleo_f411re")
    assert done.returncode != 0
    assert "engine 'fxdense' runs on linux, host, board 'nucleo_f411re' is baremetal" in done.stderr, done.stderr
    assert not (fxdense["project"] / "build" / "_engines" / "nucleo_f411re").exists()


def _stopped(fxdense: dict, project: Path, behaviour: str, started: str, stop) -> tuple[int, str]:
    """scons building the fixture with a slow configure, stopped by `stop(proc)` once `started` (a
    file in cmake.tmp/) exists: its exit code and output."""
    args = [str(SCONS), "-Q", f"overlay={fxdense['overlay']}", "engine=fxdense", f"model={fxdense['models'][0]}",
            "board=host", f"engine_opts=behaviour={behaviour}"]
    env = {**os.environ, **fxdense["env"]}
    env.pop("EDGEBENCH_CONAN_HOME", None)
    tmp = libraries(project, "host", behaviour=behaviour).with_name("cmake.tmp")
    with subprocess.Popen(args, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          start_new_session=True) as proc:
        deadline = time.monotonic() + 300
        while not (tmp / started).exists() and proc.poll() is None:
            assert time.monotonic() < deadline, f"the CMake step never made {started}"
            time.sleep(0.2)
        stop(proc)
        out = proc.communicate(timeout=120)[0].decode()
    return proc.returncode, out


def test_interrupted_cmake_build_is_never_taken_for_a_made_one(fxdense: dict, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    place = libraries(project, "host", behaviour="slow")
    # what Ctrl-C does: SIGINT to the whole process group (scons, cmake and its sleep)
    code, out = _stopped(fxdense, project, "slow", "build/CMakeCache.txt",
                         lambda proc: os.killpg(proc.pid, signal.SIGINT))
    assert code != 0, out
    assert not place.exists() and not place.with_name("cmake.tmp").exists(), out
    assert not (project / "build" / "host" / "fxdense@behaviour=slow" / "dense" / "report.json").exists()


def test_sigterm_to_scons_alone_lets_the_running_cmake_build_finish_whole(fxdense: dict, tmp_path: Path) -> None:
    """SCons takes SIGTERM (kill, a CI runner's timeout) as "start nothing new": the CMake step that
    runs then ends whole, so what it leaves is a made build and no process outlives scons."""
    project = copy_project(tmp_path / "p")
    place = libraries(project, "host", behaviour="pause")
    code, out = _stopped(fxdense, project, "pause", "cmake.log",
                         lambda proc: proc.send_signal(signal.SIGTERM))  # scons alone, not its group
    assert code != 0, out
    assert "built fxdense for host" in out and (place / "edgebench-cmake.json").is_file(), out
    assert not place.with_name("cmake.tmp").exists()
    assert not (project / "build" / "host" / "fxdense@behaviour=pause" / "dense" / "report.json").exists()
    left = [pid for pid in os.listdir("/proc") if pid.isdigit() and _mentions(int(pid), str(project))]
    assert not left, f"processes outlived scons: {left}"


def _mentions(pid: int, text: str) -> bool:
    try:
        return text.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.mark.parametrize("damaged", ["lib/libfxdeps.a", "include/fxdense/fxdense.h"])
def test_damaged_install_is_built_again(fxdense: dict, tmp_path: Path, damaged: str) -> None:
    project = copy_project(tmp_path / "p")
    assert build(fxdense, "host", project=project).returncode == 0
    place = libraries(project, "host")
    (place / "install" / damaged).write_bytes(b"damaged")
    done = build(fxdense, "host", project=project)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "building fxdense for host, behaviour=build, fast=0, per_model=0 with its CMake" in done.stdout, done.stdout
    assert (place / "install" / damaged).read_bytes() != b"damaged"
    assert report(project, "host", "fxdense", "dense")["passed"]


@pytest.mark.parametrize("old, new, message", [
    ("libraries: [lib/libfxdense.a, lib/libfxdeps.a]",
     "libraries: [lib/libfxdense.a, lib/libfxdeps.a, lib/libnothere.a]", "installed no lib/libnothere.a"),
    ("from: [libfxmath.a]", "from: [libfxmath.a, _deps/*.a]", "made no '_deps/*.a' (engine.yaml cmake.collect.from)"),
])
def test_cmake_engine_input_errors(fxdense: dict, tmp_path: Path, old: str, new: str, message: str) -> None:
    overlay = tmp_path / "overlay"
    shutil.copytree(fxdense["overlay"], overlay)
    yaml_path = overlay / "engines" / "fxdense" / "engine.yaml"
    assert old in yaml_path.read_text()
    yaml_path.write_text(yaml_path.read_text().replace(old, new))
    project = copy_project(tmp_path / "p")
    done = scons(project, f"overlay={overlay}", "engine=fxdense", f"model={fxdense['models'][0]}", "board=host",
                 env=fxdense["env"])
    assert done.returncode != 0
    assert message in done.stderr, done.stderr
    assert not libraries(project, "host").exists()


def test_collected_archive_holds_the_build_trees_library(fxdense: dict) -> None:
    """fxmath is not installed: the engine's link gets it from the archive collected beside fxdense."""
    assert build(fxdense, "pynq_z2").returncode == 0
    lib = libraries(fxdense["project"], "pynq_z2") / "install" / "lib"
    assert not (lib / "libfxmath.a").exists()
    members = subprocess.run(["arm-linux-gnueabihf-ar", "t", str(lib / "libfxdeps.a")], capture_output=True,
                             text=True, check=True).stdout.split()
    assert members == ["fxmath.c.o"]


def test_cold_time_counts_the_engines_cmake_build_once(fxdense: dict, tmp_path: Path) -> None:
    """A row's cold time holds the CMake build as long as it took when it ran, even when that was in a
    run whose step timings are gone, and once however many libraries it installed."""
    assert build(fxdense, "host,pynq_z2").returncode == 0
    (fxdense["project"] / "build" / "_timings.json").unlink(missing_ok=True)
    done = build(fxdense, "host,pynq_z2", f"report_dir={tmp_path}")  # two boards: a matrix, with its rows
    assert done.returncode == 0, done.stderr[-2000:]
    assert "CMAKE " not in done.stdout  # made before: nothing of the engine rebuilt
    rows = {r["key"]: r for r in json.loads((tmp_path / "matrix.json").read_text())["rows"]}
    row = rows["host/fxdense/dense"]
    made = json.loads((libraries(fxdense["project"], "host") / "edgebench-cmake.json").read_text())["seconds"]
    assert row["deploy"]["steps_s"]["engine build"] == pytest.approx(made, abs=0.01)
    assert row["deploy"]["cold_s"] >= made


def test_libraries_are_identical_from_two_checkouts_at_different_paths(fxdense: dict, tmp_path: Path) -> None:
    images = []
    for name in ("one", "other/deeper"):
        project = copy_project(tmp_path / name)
        done = build(fxdense, "pynq_z2", project=project)
        assert done.returncode == 0, done.stderr[-2000:]
        lib = libraries(project, "pynq_z2") / "install" / "lib"
        images.append([(lib / "libfxdense.a").read_bytes(), (lib / "libfxdeps.a").read_bytes(),
                       (project / "build" / "pynq_z2" / "fxdense" / "dense" / "firmware.elf").read_bytes()])
    assert images[0] == images[1]


def test_project_cmake_is_the_pinned_one() -> None:
    lines = (PROJECT / "requirements.txt").read_text().splitlines()
    pinned = next(line for line in lines if line.startswith("cmake=="))
    from edgebench import cmake_build
    assert cmake_build.cmake_version() == f"cmake version {pinned.split('==')[1]}"


def test_a_build_that_reads_the_model_is_each_models_own(fxdense: dict) -> None:
    """A choice's cmake_prepare naming {model} (ORT's operator reduction): the command runs before
    the configure step with the model's generated folder, each model gets its own libraries, and a
    second build of the same model rebuilds nothing."""
    per_model = fxdense["project"] / "build" / "_engines" / "host" / "fxdense" / "per_model=1"
    for model, outputs in ((0, 4), (1, 3)):
        done = build(fxdense, "host", "engine_opts=per_model=1", model=model)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        name = ("dense", "dense2")[model]
        assert f"building fxdense for host, behaviour=build, fast=0, per_model=1, model {name} with its CMake" \
            in done.stdout, done.stdout
        copied = per_model / name / "cmake" / "install" / "include" / "fxdense" / "fxdense_from_model.h"
        assert f"#define FX_OUT {outputs}" in copied.read_text()
        assert report(fxdense["project"], "host", "fxdense", name, "per_model=1")["passed"]
    again = build(fxdense, "host", "engine_opts=per_model=1")
    assert again.returncode == 0 and "CMAKE " not in again.stdout, again.stdout


@pytest.mark.parametrize("old, new, built, says", [
    # the command fails: a failed build, its log kept, nothing where the libraries go
    ("shutil.copyfile(sys.argv[1], sys.argv[2])", "sys.exit('fxdense: prepare fails on purpose')", True,
     ["per_model=1, model dense with CMake failed", "prepare fails on purpose"]),
    # it reads a file the converter does not make: refused before anything is built
    ('"{model}/fxdense_model.h"', '"{model}/not_made.h"', False,
     ["engine.yaml: field 'options.per_model.choices.1.cmake_prepare'", "{model}/not_made.h",
      "fxdense_model.c, fxdense_model.h"]),
])
def test_a_failing_or_wrong_prepare_step(fxdense: dict, tmp_path: Path, old: str, new: str, built: bool,
                                         says: list) -> None:
    overlay = tmp_path / "overlay"
    shutil.copytree(fxdense["overlay"], overlay)
    yaml_path = overlay / "engines" / "fxdense" / "engine.yaml"
    assert old in yaml_path.read_text()
    yaml_path.write_text(yaml_path.read_text().replace(old, new))
    project = copy_project(tmp_path / "p")
    done = scons(project, f"overlay={overlay}", "engine=fxdense", f"model={fxdense['models'][0]}", "board=host",
                 "engine_opts=per_model=1", env=fxdense["env"])
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]
    for fragment in says:
        assert fragment in done.stderr, done.stderr
    place = project / "build" / "_engines" / "host" / "fxdense" / "per_model=1" / "dense"
    assert not (place / "cmake").exists()
    assert (place / "cmake.failed.log").is_file() == built
    assert ("CMAKE " in done.stdout) == built
