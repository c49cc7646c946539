"""The catalogue of bad inputs, faults and abuse (issue 7): every case a user
or an adversary can throw at edgebench, with the exit status and the words
it must answer with. One row per case; the table only grows.

A row runs `scons <argv>` in a fresh copy of the project after `prepare`
(which may edit the copy, build something first, or corrupt an output), then
checks the exit status, that every fragment of `says` is in what scons
printed (stdout + stderr), and `then` (further checks on the project, e.g.
that nothing half-written was left). Rows that need no build before the
failing command are cheap (one scons start-up); keep rows that build few and
on the host board.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from conftest import copy_project, scons
from PIL import Image
from tflite_builder import small_cnn

GOOD = ["board=host", "engine=emlearn", "model=digits_mlp"]


@dataclass
class Case:
    id: str
    argv: list[str]
    status: int  # expected exit status of the failing command
    says: list[str]  # fragments that must appear in stdout + stderr
    prepare: Callable[[Path], None] | None = None  # called with the project copy before the command
    then: Callable[[Path, str], None] | None = None  # called with the project copy and the output after it
    env: dict[str, str] = field(default_factory=dict)


def replace_in(relative: str, old: str, new: str) -> Callable[[Path], None]:
    """A `prepare` that edits one file of the project copy (the old text must be there)."""
    def prepare(project: Path) -> None:
        path = project / relative
        text = path.read_text()
        assert old in text, f"{relative} no longer holds {old!r}"
        path.write_text(text.replace(old, new, 1))
    return prepare


def nothing_built(project: Path, output: str) -> None:
    assert not (project / "build" / "host").exists(), output


# Section 2, a user's own test inputs: mine.tflite is an int8 8x8x1 image model TinyMaix takes.
MINE = ["board=host", "engine=tinymaix", "model=mine.tflite"]


def mine(*writers: Callable[[Path], object]) -> Callable[[Path], None]:
    """A `prepare` that writes the user's model mine.tflite, then their inputs."""
    def prepare(project: Path) -> None:
        small_cnn(project / "mine.tflite", quantized=True)
        for write in writers:
            write(project)
    return prepare


def npy(name: str, array: np.ndarray) -> Callable[[Path], None]:
    return lambda project: np.save(project / name, array)


def npz(name: str, **arrays: object) -> Callable[[Path], None]:
    return lambda project: np.savez(project / name, **arrays)


def pngs(*names: str, size: tuple[int, int] = (8, 8), labels: str | None = None) -> Callable[[Path], None]:
    """A folder pics/ of grey images height x width (and labels.txt when given)."""
    def write(project: Path) -> None:
        (project / "pics").mkdir()
        for name in names:
            Image.fromarray(np.zeros(size, dtype=np.uint8), "L").save(project / "pics" / name)
        if labels is not None:
            (project / "pics" / "labels.txt").write_text(labels)
    return write


CASES: list[Case] = []

# --- 1. the output check (verdicts) -------------------------------------------------------------
CASES += [
    Case("check-negative-tolerance", GOOD, 2, ["models/digits_mlp.yaml", "field 'check.max_abs_diff'",
                                              "less than the minimum of 0", "a number >= 0"],
         prepare=replace_in("models/digits_mlp.yaml", "max_abs_diff: 0.0001", "max_abs_diff: -0.1"),
         then=nothing_built),
    Case("check-negative-steps", GOOD, 2, ["field 'check.max_steps'", "a number >= 0"],
         prepare=replace_in("models/digits_mlp.yaml", "max_abs_diff: 0.0001", "max_steps: -1"), then=nothing_built),
    Case("check-min-accuracy-above-one", GOOD, 2, ["models/digits_mlp.yaml", "field 'check.min_accuracy'",
                                                  "1.5 is greater than the maximum of 1", "a fraction from 0 to 1"],
         prepare=replace_in("models/digits_mlp.yaml", "max_abs_diff: 0.0001", "min_accuracy: 1.5"),
         then=nothing_built),
    Case("check-tolerance-not-a-number", GOOD, 2, ["field 'check.max_abs_diff'", "a value of type number"],
         prepare=replace_in("models/digits_mlp.yaml", "max_abs_diff: 0.0001", "max_abs_diff: small"),
         then=nothing_built),
    Case("check-misspelt-key", GOOD, 2, ["field 'check'", "unknown field(s) 'max_abs_dif'",
                                        "did you mean 'max_abs_diff'"],
         prepare=replace_in("models/digits_mlp.yaml", "max_abs_diff: 0.0001", "max_abs_dif: 0.0001"),
         then=nothing_built),
    Case("engine-option-check-without-why", GOOD, 2, ["engines/emlearn/engine.yaml",
                                                     "field 'options.method.choices.loadable.check'", "'why'"],
         prepare=replace_in("engines/emlearn/engine.yaml", "      loadable:\n",
                            "      loadable:\n        check: {max_abs_diff: 0.1}\n"),
         then=nothing_built),
    Case("engine-option-check-negative", GOOD, 2, ["engines/emlearn/engine.yaml",
                                                  "field 'options.method.choices.loadable.check.max_steps'"],
         prepare=replace_in("engines/emlearn/engine.yaml", "      loadable:\n",
                            "      loadable:\n        check: {max_steps: -2, why: rounding}\n"),
         then=nothing_built),
    # a tolerance float32 cannot meet: the check fails, naming the tolerance and where it came from
    Case("check-fails-naming-its-tolerance", GOOD, 2,
         ["outputs differ from the host reference: max |diff|", "> tolerance 1e-12 (model models/digits_mlp.yaml)"],
         prepare=replace_in("models/digits_mlp.yaml", "max_abs_diff: 0.0001", "max_abs_diff: 1.0e-12")),
]

# --- 2. engine bugs named (TinyMaix saturation), a user's own test inputs ----------------------
CASES += [Case(name, argv, 2, says, prepare, nothing_built) for name, argv, says, prepare in [
    ("inputs-missing-path", [*MINE, "inputs=nowhere.npz"], ["argument inputs", "nowhere.npz' does not exist"], mine()),
    ("inputs-empty-folder", [*MINE, "inputs=pics"], ["pics' holds no images", ".png, .jpg"], mine(pngs())),
    ("inputs-unreadable-image", [*MINE, "inputs=pics"], ["cannot read image", "bad.png"],
     mine(pngs(), lambda p: (p / "pics" / "bad.png").write_bytes(b"not a picture"))),
    ("inputs-wrong-image-size", [*MINE, "inputs=pics"], ["a.png' is 9x8, the model takes 8x8x1", "resize"],
     mine(pngs("a.png", size=(9, 8)))),
    ("inputs-npy-wrong-shape", [*MINE, "inputs=in.npy"],
     ["has shape (2, 8, 8), the model takes (8, 8, 1) per input", "shape (N, 8, 8, 1)"],
     mine(npy("in.npy", np.zeros((2, 8, 8))))),
    ("inputs-npz-labels-count", [*MINE, "inputs=in.npz"], ["3 labels for 2 inputs"],
     mine(npz("in.npz", inputs=np.zeros((2, 8, 8, 1)), labels=np.array([0, 1, 2])))),
    ("inputs-labels-txt-count", [*MINE, "inputs=pics"], ["1 labels for 2 images", "no label for: b.png"],
     mine(pngs("a.png", "b.png", labels="a.png 1\n"))),
    ("inputs-nan", [*MINE, "inputs=in.npy"], ["input(s) 1 hold NaN or infinite values"],
     mine(npy("in.npy", np.stack([np.zeros((8, 8, 1)), np.full((8, 8, 1), np.nan)])))),
    ("inputs-inf", [*MINE, "inputs=in.npy"], ["input(s) 0 hold NaN or infinite values"],
     mine(npy("in.npy", np.full((1, 8, 8, 1), np.inf)))),
    ("inputs-non-numeric", [*MINE, "inputs=in.npy"], ["values, not numbers"],
     mine(npy("in.npy", np.full((1, 8, 8, 1), "x")))),
    ("inputs-python-objects", [*MINE, "inputs=in.npy"], ["no Python objects"],
     mine(npy("in.npy", np.array([None, {}], dtype=object)))),
    ("inputs-not-numpy", [*MINE, "inputs=in.npz"], ["is not an .npy or .npz file"],
     mine(lambda p: (p / "in.npz").write_text("inputs,labels\n"))),
    ("inputs-npz-without-inputs", [*MINE, "inputs=in.npz"], ["has no array 'inputs' (it has: x)"],
     mine(npz("in.npz", x=np.zeros((1, 8, 8, 1))))),
    ("inputs-too-many", [*MINE, "inputs=in.npy"], ["65 test inputs", "1 to 64"],
     mine(npy("in.npy", np.zeros((65, 8, 8, 1))))),
    ("inputs-one-image-file", [*MINE, "inputs=pics/a.png"], ["neither a folder nor an .npy/.npz", "folder"],
     mine(pngs("a.png"))),
    ("inputs-with-catalogue-model", [*GOOD, "inputs=in.npy"], ["inputs= is for models given as a path", "digits_mlp"],
     npy("in.npy", np.zeros((1, 64)))),
    ("inputs-range-malformed", [*MINE, "inputs=pics", "inputs_range=1,1"], ["'1,1' is not a value range", "LOW,HIGH"],
     mine(pngs("a.png"))),
    ("inputs-range-without-inputs", [*MINE, "inputs_range=-1,1"], ["inputs_range= is given without inputs="],
     mine()),
    ("inputs-range-for-arrays", [*MINE, "inputs=in.npy", "inputs_range=-1,1"], ["applies to a folder of images"],
     mine(npy("in.npy", np.zeros((1, 8, 8, 1))))),
]]

# --- 3. no stale or sticky results ---------------------------------------------------------------

# --- 4. caches isolated and safe to share ----------------------------------------------------------

# --- 5. inputs checked before anything builds ------------------------------------------------------

# --- 6. numbers that reconcile and reproduce -----------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_catalogue(case: Case, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    if case.prepare:
        case.prepare(project)
    done = scons(project, *case.argv, env=case.env or None)
    output = done.stdout + done.stderr
    assert done.returncode == case.status, output[-3000:]
    for fragment in case.says:
        assert fragment in output, f"{fragment!r} not in:\n{output[-3000:]}"
    assert "Traceback" not in output, output[-3000:]
    if case.then:
        case.then(project, output)
