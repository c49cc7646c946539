"""The same inputs give the same numbers anywhere: two checkouts at different
paths, with different Conan homes, build byte-identical ELFs (engine sources
from a Conan package included) and count the same instructions and heap;
a run does not depend on the caller's environment or temporary folder."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, copy_project, scons
from edgebench import qemu
from edgebench.boards import load_board

BOARDS = ["host", "pynq_z2", "nucleo_f411re"]
EMLEARN = [(board, "emlearn", "digits_mlp") for board in BOARDS]


@pytest.fixture(scope="module")
def twins(tmp_path_factory, fixture_overlay: dict) -> list[Path]:
    """Two checkouts whose paths differ in length, each with its own Conan home at another path."""
    base = tmp_path_factory.mktemp("twins")
    copies = [copy_project(base / "a"), copy_project(base / "checkouts" / "a-second-one")]
    homes = [base / "h1", base / "elsewhere" / "conan-home-2"]
    for project, home in zip(copies, homes, strict=True):
        env = {**fixture_overlay["env"], "EDGEBENCH_CONAN_HOME": str(home)}
        for args in ([f"board={','.join(BOARDS)}", "engine=emlearn", "model=digits_mlp"],
                     ["board=host", "engine=fixture", f"model={fixture_overlay['model']}",
                      f"overlay={fixture_overlay['overlay']}"]):
            done = scons(project, "-j2", *args, env=env)
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return copies


def _out(project: Path, board: str, engine: str, model: str) -> Path:
    return project / "build" / board / engine / model


@pytest.mark.parametrize("target", [*EMLEARN, ("host", "fixture", "dense")], ids="/".join)
def test_same_elf_bytes_in_two_checkouts(twins: list[Path], target: tuple[str, str, str]) -> None:
    first, second = (_out(p, *target) / "firmware.elf" for p in twins)
    assert first.read_bytes() == second.read_bytes(), "the ELFs differ: a path of this machine got into them?"
    assert str(twins[0]).encode() not in first.read_bytes()


@pytest.mark.parametrize("target", EMLEARN, ids="/".join)
def test_same_run_figures_in_two_checkouts(twins: list[Path], target: tuple[str, str, str]) -> None:
    first, second = (json.loads((_out(p, *target) / "run.json").read_text()) for p in twins)
    for key in ("instructions_total", "instructions_per_input", "heap_peak_bytes", "stack_peak_bytes"):
        assert first[key] == second[key], key


@pytest.mark.parametrize("target", EMLEARN, ids="/".join)
def test_run_record_names_no_path_of_this_machine(twins: list[Path], target: tuple[str, str, str]) -> None:
    """The run's command line in run.json and report.json is the same in every checkout: no
    absolute path of the checkout, nor the run's random scratch folder."""
    texts = [(_out(p, *target) / name).read_text() for p in twins for name in ("run.json", "report.json")]
    for project, text in zip([twins[0]] * 2 + [twins[1]] * 2, texts, strict=True):
        assert str(project) not in text and "eb-run-" not in text
    commands = {json.loads(text)["command"] for text in texts[::2]}
    assert len(commands) == 1, commands


@pytest.mark.parametrize("board", ["host", "pynq_z2"])
def test_run_figures_ignore_environment_and_place(twins: list[Path], board: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """qemu-user hands the guest its own environment, and glibc's start-up reads it and the program's
    path: a run from a longer path, another TMPDIR and a larger environment counts the same."""
    project = twins[0]
    out = _out(project, board, "emlearn", "digits_mlp")
    recorded = json.loads((out / "run.json").read_text())
    elsewhere = tmp_path / "a" / "much" / "longer" / "folder" / "for" / "the" / "image.elf"
    elsewhere.parent.mkdir(parents=True)
    shutil.copy2(out / "firmware.elf", elsewhere)
    (tmp_path / "tmpdir").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmpdir"))
    monkeypatch.setenv("EB_UNRELATED_SETTING", "x" * 4000)
    again = qemu.emulate(load_board(project / "boards" / f"{board}.yaml"), elsewhere,
                         project / "build" / "_tools" / "insn_count.so")
    assert again["status"] == "ok", again["detail"]
    for key in ("instructions_total", "instructions_per_input", "heap_peak_bytes", "stack_peak_bytes"):
        assert again[key] == recorded[key], key


TRAIN = """
import hashlib, sys
from pathlib import Path
import numpy as np
import yaml
sys.path.insert(0, sys.argv[1])
from edgebench.frontends import sklearn as front
model = {**yaml.safe_load(open(sys.argv[2])), "file": sys.argv[2]}
dest = Path(sys.argv[3])
front.materialize(model, dest, dest.parent)
x, _ = front.held_out(dest, 16)
outputs = np.concatenate([o[0] for o in front.reference(dest, list(x))])
print(front.params_sha256(front.load(dest)["estimator"]), hashlib.sha256(outputs.tobytes()).hexdigest())
"""


def test_training_gives_the_pinned_bytes_whatever_the_callers_blas(tmp_path: Path) -> None:
    """OpenBLAS picks kernels per CPU (and OPENBLAS_CORETYPE overrides it), numpy its SIMD loops:
    trained parameters and reference outputs must not follow either."""
    manifest = PROJECT / "models" / "digits_mlp.yaml"
    results = set()
    for i, blas in enumerate(({"OPENBLAS_CORETYPE": "Prescott"},
                              {"OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_NUM_THREADS": "2"})):
        done = subprocess.run([sys.executable, "-c", TRAIN, str(PROJECT / "site_scons"), str(manifest),
                               str(tmp_path / str(i) / "model.pkl")], env={**os.environ, **blas},
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        results.add(tuple(done.stdout.split()))
    assert len(results) == 1, results
    params, _ = results.pop()
    assert params == yaml.safe_load(manifest.read_text())["source"]["train"]["params_sha256"]


def test_same_elf_with_the_conan_home_inside_each_checkout(tmp_path: Path, fixture_overlay: dict) -> None:
    """The default Conan home lies in the checkout (.edgebench/conan2): SCons then hands gcc the
    engine's package sources by a path relative to the checkout, which must be mapped as well."""
    elves = []
    for project in (copy_project(tmp_path / "one"), copy_project(tmp_path / "deeper" / "second")):
        done = scons(project, "board=nucleo_f411re", "engine=fixture", f"model={fixture_overlay['model']}",
                     f"overlay={fixture_overlay['overlay']}", env=fixture_overlay["env"])
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        elves.append((project / "build" / "nucleo_f411re" / "fixture" / "dense" / "firmware.elf").read_bytes())
    assert b".edgebench/conan2" not in elves[0]
    assert elves[0] == elves[1]
