"""Every kind of bad input: a clear message (what, where, what is allowed),
a non-zero exit, and nothing left in build/ to be mistaken for a result."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project, scons

GOOD = {"board": "host", "engine": "emlearn", "model": "digits_mlp"}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("bad"))


def args(**changes: str) -> list[str]:
    merged = {**GOOD, **changes}
    return [f"{k}={v}" for k, v in merged.items() if v is not None]


CASES = [
    (args(board="nucleo_f411"), ["unknown board 'nucleo_f411'", "did you mean 'nucleo_f411re'", "scons -h"]),
    (args(engine="emlern"), ["unknown engine 'emlern'", "did you mean 'emlearn'"]),
    (args(model="digits_mpl"), ["unknown model 'digits_mpl'", "did you mean 'digits_mlp'"]),
    ([*args(), "borad=host"], ["unknown argument 'borad'", "did you mean 'board'"]),
    (args(model=None), ["missing argument(s): model"]),
    (args(model="no/such/file.onnx"), ["model file 'no/such/file.onnx' does not exist"]),
    (args(model="weights.h5"), ["is not a model file edgebench reads", ".tflite or .onnx"]),
    ([*args(), "engine_opts=method=inlin"], ["option method=inlin is not allowed", "did you mean 'inline'"]),
    ([*args(), "engine_opts=methd=inline"], ["has no option 'methd'", "did you mean 'method'"]),
    ([*args(), "engine_opts=method"], ["'method' is not KEY=VALUE"]),
    ([*args(), "overlay=/no/such/dir"], ["overlay directory '/no/such/dir' does not exist"]),
]


@pytest.mark.parametrize(("argv", "fragments"), CASES, ids=[c[1][0][:40] for c in CASES])
def test_bad_argument(fresh: Path, argv: list[str], fragments: list[str]) -> None:
    done = scons(fresh, *argv)
    assert done.returncode != 0
    for fragment in fragments:
        assert fragment in done.stderr, done.stderr
    assert not (fresh / "build" / "host").exists()


BOARD_BREAKAGES = [
    ("clock_hz: 100000000", "clock_hz: fast", ["field 'cpu.clock_hz'", "type integer"]),
    ("  machine: mps2-an386", "  machin: mps2-an386", ["field 'emulator'", "'machin'", "did you mean 'machine'"]),
    ("features: [thumb, thumb2, dsp, fpu_sp]", "features: [thumb, thumb2, dps, fpu_sp]",
     ["field 'cpu.features.2'", "'dps' is not allowed", "did you mean 'dsp'"]),
    ("libc: picolibc-semihost", "libc: picolibc", ["field 'toolchain.libc'", "unknown C library flavour 'picolibc'"]),
    ("name: nucleo_f411re", "name: other", ["field 'name'", "differs from the file name"]),
    ("cpu:\n", "cpu: [\n", ["not valid YAML", "nucleo_f411re.yaml:"]),
]


@pytest.mark.parametrize(("old", "new", "fragments"), BOARD_BREAKAGES, ids=[b[2][0] for b in BOARD_BREAKAGES])
def test_malformed_board_file(tmp_path: Path, old: str, new: str, fragments: list[str]) -> None:
    project = copy_project(tmp_path / "p")
    board = project / "boards" / "nucleo_f411re.yaml"
    assert old in board.read_text()
    board.write_text(board.read_text().replace(old, new, 1))
    done = scons(project, "board=nucleo_f411re", "engine=emlearn", "model=digits_mlp")
    assert done.returncode != 0
    assert "nucleo_f411re.yaml" in done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, done.stderr
    assert not (project / "build").exists()


def test_malformed_model_manifest(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    manifest = project / "models" / "digits_mlp.yaml"
    manifest.write_text(manifest.read_text().replace("format: sklearn", "format: keras"))
    done = scons(project, "board=host", "engine=emlearn", "model=digits_mlp")
    assert done.returncode != 0
    assert "digits_mlp.yaml: field 'format'" in done.stderr and "one of: tflite, onnx, sklearn" in done.stderr


def test_help_lists_every_board_engine_and_model(fresh: Path) -> None:
    done = scons(fresh, "-h")
    assert done.returncode == 0
    for folder in ("boards", "models"):
        for path in (fresh / folder).glob("*.yaml"):
            assert f"    {path.stem} " in done.stdout
    assert "    emlearn " in done.stdout and "engine_opts" in done.stdout
    assert "method=loadable|inline" in done.stdout and "opt_level=0|1" in done.stdout  # engine options
