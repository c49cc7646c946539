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

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from conftest import copy_project, scons
from graph_overlay import edit_engine, edit_recipe_data, make_graph_overlay
from kernels_fixture import ENGINE_YAML, dense, make_overlay
from PIL import Image
from tflite_builder import small_cnn

GOOD = ["board=host", "engine=emlearn", "model=digits_mlp"]
# A Python stack as SCons prints an exception raised while reading the SConstruct: no "Traceback"
# line, only "<Error>: message:" and then the frames.
STACK = re.compile(r'^\s+File "[^"]+", line \d+', re.M)


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
# TinyMaix's `saturate` option (the wrap-round itself, which needs the upstream, is in
# tests/test_tinymaix_saturate.py): values it cannot take are refused before anything builds.
TINYMAIX = ["board=host", "engine=tinymaix", "model=cifar10"]
CASES += [Case(name, argv, 2, says, None, nothing_built) for name, argv, says in [
    ("tinymaix-saturate-2", [*TINYMAIX, "engine_opts=saturate=2"],
     ["option saturate=2 is not allowed", "one of: 0, 1"]),
    ("tinymaix-saturate-word", [*TINYMAIX, "engine_opts=saturate=yes"], ["option saturate=yes is not allowed"]),
    ("tinymaix-saturate-empty", [*TINYMAIX, "engine_opts=saturate="], ["'saturate=' is not KEY=VALUE"]),
    ("tinymaix-saturate-misspelt", [*TINYMAIX, "engine_opts=saturat=1"],
     ["has no option 'saturat'", "did you mean 'saturate'"]),
    ("saturate-on-emlearn", [*GOOD, "engine_opts=saturate=1"], ["engine 'emlearn' has no option 'saturate'"]),
]]
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

# Labels a class vector of 4 classes (mine.tflite's output) can never match, labels too large for any
# model, and pictures of more than 8 bits per channel (Pillow would clip them to 255).
HUGE = "9" * 23


def grey16(name: str) -> Callable[[Path], None]:
    """A folder pics/ with one 16-bit grey 8x8 PNG (mode I;16)."""
    def write(project: Path) -> None:
        (project / "pics").mkdir()
        Image.fromarray(np.full((8, 8), 40000, dtype=np.uint16)).save(project / "pics" / name)
    return write


CASES += [Case(name, argv, 2, says, prepare, nothing_built) for name, argv, says, prepare in [
    ("inputs-label-beyond-classes-npz", [*MINE, "inputs=in.npz"],
     ["in.npz': label 99 (input 2) is not a class of the model, which has 4 classes", "labels 0 to 3"],
     mine(npz("in.npz", inputs=np.zeros((3, 8, 8, 1)), labels=np.array([1, 2, 99])))),
    ("inputs-label-beyond-classes-name", [*MINE, "inputs=pics"],
     ["label 4 (input 1) is not a class of the model, which has 4 classes"], mine(pngs("a-3.png", "b-4.png"))),
    ("inputs-label-beyond-classes-txt", [*MINE, "inputs=pics"], ["label 7 (input 0)", "which has 4 classes"],
     mine(pngs("a.png", labels="a.png 7\n"))),
    ("inputs-label-huge-name", [*MINE, "inputs=pics"], [f"a-{HUGE}.png'", f"label {HUGE} is too large"],
     mine(pngs(f"a-{HUGE}.png"))),
    ("inputs-label-huge-txt", [*MINE, "inputs=pics"], ["labels.txt, line 1", f"label {HUGE} is too large"],
     mine(pngs("a.png", labels=f"a.png {HUGE}\n"))),
    ("inputs-label-huge-npz", [*MINE, "inputs=in.npz"], ["'labels' is not a list of class numbers"],
     mine(npz("in.npz", inputs=np.zeros((1, 8, 8, 1)), labels=np.array([1e30])))),
    ("inputs-image-16-bit", [*MINE, "inputs=pics"], ["a.png' has Pillow mode I;16", "not 8 bits per channel"],
     mine(grey16("a.png"))),
]]

# --- 3. no stale or sticky results ---------------------------------------------------------------
# (killing the emulator mid-run, and verdicts that must not stick: tests/test_results_current.py)


def built_then(damage: Callable[[Path], None]) -> Callable[[Path], None]:
    """Build the good target, then damage something of what it built."""
    def prepare(project: Path) -> None:
        done = scons(project, *GOOD)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        damage(project)
    return prepare


def overwrite(relative: str, data: bytes, offset: int | None = None) -> Callable[[Path], None]:
    """Replace a file (offset None) or some of its bytes."""
    def damage(project: Path) -> None:
        path = project / "build" / relative
        if offset is None:
            path.write_bytes(data)
            return
        blob = bytearray(path.read_bytes())
        blob[offset:offset + len(data)] = bytes(b ^ 0xFF for b in blob[offset:offset + len(data)])
        path.write_bytes(bytes(blob))
    return damage


def keeping_time(relative: str, edit: Callable[[str], str]) -> Callable[[Path], None]:
    """Edit a file as cp -p or rsync -a would leave it: other bytes, the same size and time."""
    def damage(project: Path) -> None:
        path = project / relative
        stat, text = path.stat(), path.read_text()
        changed = edit(text)
        path.write_text(changed[:len(text)] if len(changed) > len(text) else changed)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert path.stat().st_size == stat.st_size and path.read_text() != text
    return damage


def tamper_reference(project: Path) -> None:
    path = project / "build" / "_models" / "digits_mlp" / "reference.npz"
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    np.savez(path, **{name: np.full_like(a, 0.5) for name, a in arrays.items()})


def passes_again(project: Path, output: str) -> None:
    assert json.loads((project / "build" / TARGET / "report.json").read_text())["passed"], output
    assert f"{TARGET}: ok" in output


TARGET = "host/emlearn/digits_mlp"
CASES += [
    Case("report.json replaced by garbage", GOOD, 0,
         [f"build/{TARGET}/report.json is not the file SCons recorded building", "building it again"],
         built_then(overwrite(f"{TARGET}/report.json", b"garbage")), passes_again),
    Case("report.json cut short", GOOD, 0, [f"build/{TARGET}/report.json is not the file SCons recorded building"],
         built_then(overwrite(f"{TARGET}/report.json", b'{"passed": true')), passes_again),
    Case("firmware.elf bytes flipped", GOOD, 0,
         [f"build/{TARGET}/firmware.elf is not the file SCons recorded", "LINK "],
         built_then(overwrite(f"{TARGET}/firmware.elf", b"xxxx", offset=2000)), passes_again),
    Case("run.json emptied", GOOD, 0, [f"build/{TARGET}/run.json is not the file SCons recorded", "RUN "],
         built_then(overwrite(f"{TARGET}/run.json", b"")), passes_again),
    Case("reference.npz values changed", GOOD, 0,
         ["build/_models/digits_mlp/reference.npz is not the file SCons recorded building", "MODEL "],
         built_then(tamper_reference), passes_again),
    Case("object file damaged", GOOD, 0, [f"build/{TARGET}/obj/harness/main.o is not the file SCons recorded", "CC "],
         built_then(overwrite(f"{TARGET}/obj/harness/main.o", b"\0" * 64, offset=64)), passes_again),
    Case("a generated C file edited, its size and time kept", GOOD, 0,
         [f"build/{TARGET}/gen/model.c is not the file SCons recorded building", "CONVERT "],
         built_then(keeping_time(f"build/{TARGET}/gen/model.c", lambda text: text.replace("(", " (", 1))),
         passes_again),
    Case("SCons's record garbled", GOOD, 0, ["Ignoring corrupt .sconsign file", "CC ", "REPORT "],
         built_then(overwrite(".sconsign.dblite", b"\x00garbage" * 16)), passes_again),
]

# --- 4. caches isolated and safe to share ----------------------------------------------------------
# (two homes, concurrent runs, the tracked tree, build_dir elsewhere: tests/test_sharing.py)


def package_memo(project: Path) -> Path:
    (memo,) = (project / ".edgebench" / "conan2" / "edgebench" / "packages").glob("emlearn-*.json")
    return memo


def edit_package_header(project: Path) -> None:
    folder = Path(json.loads(package_memo(project).read_text())["packages"][0]["package_folder"])
    header = folder / "include" / "eml_net.h"
    header.write_text(header.read_text() + "\n#error damaged in the cache\n")


def edit_package_header_keeping_time(project: Path) -> None:
    folder = Path(json.loads(package_memo(project).read_text())["packages"][0]["package_folder"])
    keeping_time(str(folder / "include" / "eml_net.h"), lambda text: text.replace("0.0f", "0.5f", 1))(project)


def file_in_package_appears(project: Path) -> None:
    folder = Path(json.loads(package_memo(project).read_text())["packages"][0]["package_folder"])
    (folder / "include" / "stray.h").write_text("int stray;\n")


def conan_removed(project: Path) -> None:
    """`conan remove` of the engine's package behind edgebench's back (recipe and binary gone)."""
    conan = Path(sys.executable).parent / "conan"
    subprocess.run([str(conan), "remove", "emlearn/*", "-c"], check=True, capture_output=True,
                   env={**os.environ, "CONAN_HOME": str(project / ".edgebench" / "conan2")})


CASES += [
    Case("the engine's package removed with conan remove", GOOD, 0,
         ["the Conan package of emlearn/0.23.2 was changed in the cache (its folder is gone)", f"{TARGET}: ok"],
         built_then(conan_removed), passes_again),
    Case("a header in the Conan package edited", GOOD, 0,
         ["the Conan package of emlearn/0.23.2 was changed in the cache", "eml_net.h differs", "installing it again"],
         built_then(edit_package_header), passes_again),
    Case("a header in the Conan package edited, its size and time kept", GOOD, 0,
         ["the Conan package of emlearn/0.23.2 was changed in the cache", "eml_net.h differs"],
         built_then(edit_package_header_keeping_time), passes_again),
    Case("a stray file in the Conan package", GOOD, 0,
         ["the Conan package of emlearn/0.23.2 was changed in the cache", "stray.h appeared"],
         built_then(file_in_package_appears), passes_again),
    Case("package memo garbled", GOOD, 0, [f"{TARGET}: ok"],
         built_then(lambda project: package_memo(project).write_text("{not json")), passes_again),
    Case("build directory is a file", [*GOOD, "build_dir=SConstruct"], 2,
         ["cannot write the build directory", "SConstruct", "build_dir=PATH"]),
    Case("build directory is the checkout", [*GOOD, "build_dir=."], 2,
         ["build_dir=. is the checkout or a folder above it, which 'scons -c' would remove"]),
    Case("build directory above the checkout", [*GOOD, "build_dir=.."], 2, ["the checkout or a folder above it"]),
    Case("build directory a folder of someone else's", [*GOOD, "build_dir=boards_copy"], 2,
         ["already holds files that edgebench did not put there", "'scons -c' would remove them"],
         lambda project: shutil.copytree(project / "boards", project / "boards_copy")),
    Case("clean of a folder of someone else's", ["-c", "build_dir=boards_copy"], 2,
         ["already holds files that edgebench did not put there"],
         lambda project: shutil.copytree(project / "boards", project / "boards_copy"),
         lambda project, output: (project / "boards_copy" / "host.yaml").is_file() or pytest.fail(output)),
    Case("build directory is the Conan home", [*GOOD, "build_dir=.edgebench"], 2,
         ["where the Conan home", "which 'scons -c' would remove"]),
    Case("build directory inside .git", [*GOOD, "build_dir=.git/out"], 2, ["inside the checkout's .git/"]),
    Case("build directory inside a source folder", [*GOOD, "build_dir=boards/out"], 2,
         ["is inside the checkout's boards/", "fix: name another folder"], then=nothing_built),
]

# --- 5. inputs checked before anything builds ------------------------------------------------------


def no_target_dirs(project: Path, output: str) -> None:
    """Nothing built for any target, nor model data (the lock, SCons's database and _tools/ may be there)."""
    build = project / "build"
    left = [p.name for p in build.iterdir() if p.name != "_tools" and not p.name.startswith(".")] \
        if build.is_dir() else []
    assert not left, (left, output)


def write_overlay(folder: str, source: str) -> Callable[[Path], None]:
    """A `prepare` that copies one of the project's boards/engines/models into overlay ovl/."""
    def prepare(project: Path) -> None:
        import shutil

        dest = project / "ovl" / folder / Path(source).name
        dest.parent.mkdir(parents=True)
        (shutil.copytree if (project / folder / source).is_dir() else shutil.copy)(project / folder / source, dest)
    return prepare


def write_onnx(*relatives: str) -> Callable[[Path], None]:
    def prepare(project: Path) -> None:
        from conftest import make_dense_onnx

        for relative in relatives:
            (project / relative).parent.mkdir(parents=True, exist_ok=True)
            make_dense_onnx(project / relative)
    return prepare


def write_tflite(name: str) -> Callable[[Path], None]:
    from tflite_builder import small_cnn as cnn

    return lambda project: cnn(project / name, quantized=True)


def write_orphan_output_tflite(project: Path) -> None:
    """A .tflite whose declared output no operator computes."""
    import numpy as np
    from tflite_builder import Builder

    b = Builder()
    x, y, orphan = b.tensor("input", [1, 4]), b.tensor("y", [1, 3]), b.tensor("orphan", [1, 3])
    w, bias = b.tensor("w", [3, 4], np.ones((3, 4), np.float32)), b.tensor("b", [3], np.zeros(3, np.float32))
    b.op("FULLY_CONNECTED", [x, w, bias], [y], "FullyConnectedOptions")
    b.save(project / "orphan.tflite", [x], [orphan])


def write_file(relative: str, text: str) -> Callable[[Path], None]:
    def prepare(project: Path) -> None:
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text)
    return prepare


def args5(**changes: str | None) -> list[str]:
    merged = {"board": "host", "engine": "emlearn", "model": "digits_mlp", **changes}
    return [f"{k}={v}" for k, v in merged.items() if v is not None]


F411 = args5(board="nucleo_f411re")
CIFAR10_SHA256 = "4364bc4abfaf0f9171d3a086bba552539b833f2c3397185f3a0c185c34dab4de"
HOST_RAM = "{name: ram, kind: ram, origin: 0x0, size_bytes: 0x100000000}"
def refused(case_id: str, argv: list[str], status: int, says: list[str], prepare: Callable[[Path], None] | None = None,
            env: dict[str, str] | None = None) -> Case:
    """A bad input refused before anything builds: nothing of a target is left in build/."""
    return Case(case_id, argv, status, says, prepare, no_target_dirs, env or {})


CASES += [
    # Arguments (moved from tests/test_bad_inputs.py, same words)
    refused("unknown-board", args5(board="nucleo_f411"), 2,
            ["unknown board 'nucleo_f411'", "did you mean 'nucleo_f411re'", "scons -h"]),
    refused("unknown-engine", args5(engine="emlern"), 2, ["unknown engine 'emlern'", "did you mean 'emlearn'"]),
    refused("unknown-model", args5(model="digits_mpl"), 2, ["unknown model 'digits_mpl'", "did you mean 'digits_mlp'"]),
    refused("unknown-argument", [*args5(), "borad=host"], 2, ["unknown argument 'borad'", "did you mean 'board'"]),
    refused("missing-argument", args5(model=None), 2, ["missing argument(s): model"]),
    refused("model-file-missing", args5(model="no/such/file.onnx"), 2,
            ["model file 'no/such/file.onnx' does not exist"]),
    refused("model-file-wrong-suffix", args5(model="weights.h5"), 2,
            ["is not a model file edgebench reads", ".tflite or .onnx"]),
    refused("engine-opt-value-typo", [*args5(), "engine_opts=method=inlin"], 2,
            ["option method=inlin is not allowed", "did you mean 'inline'"]),
    refused("engine-opt-key-typo", [*args5(), "engine_opts=methd=inline"], 2,
            ["has no option 'methd'", "did you mean 'method'"]),
    refused("engine-opt-not-key-value", [*args5(), "engine_opts=method"], 2, ["'method' is not KEY=VALUE"]),
    refused("overlay-missing", [*args5(), "overlay=/no/such/dir"], 2,
            ["overlay directory '/no/such/dir' does not exist"]),
    # Malformed board and model files (moved from tests/test_bad_inputs.py)
    refused("board-clock-not-integer", F411, 2, ["nucleo_f411re.yaml", "field 'cpu.clock_hz'", "type integer"],
            replace_in("boards/nucleo_f411re.yaml", "clock_hz: 100000000", "clock_hz: fast")),
    refused("board-field-typo", F411, 2,
            ["nucleo_f411re.yaml", "field 'emulator'", "'machin'", "did you mean 'machine'"],
            replace_in("boards/nucleo_f411re.yaml", "  machine: mps2-an386", "  machin: mps2-an386")),
    refused("board-feature-typo", F411, 2,
            ["nucleo_f411re.yaml", "field 'cpu.features.3'", "'dps' is not allowed", "did you mean 'dsp'"],
            replace_in("boards/nucleo_f411re.yaml", "features: [m_profile, thumb, thumb2, dsp, fpu_sp]",
                       "features: [m_profile, thumb, thumb2, dps, fpu_sp]")),
    refused("board-unknown-libc", F411, 2,
            ["nucleo_f411re.yaml", "field 'toolchain.libc'", "unknown C library flavour 'picolibc'"],
            replace_in("boards/nucleo_f411re.yaml", "libc: picolibc-semihost", "libc: picolibc")),
    refused("board-name-differs", F411, 2, ["nucleo_f411re.yaml", "field 'name'", "differs from the file name"],
            replace_in("boards/nucleo_f411re.yaml", "name: nucleo_f411re", "name: other")),
    refused("board-not-yaml", F411, 2, ["nucleo_f411re.yaml", "not valid YAML", "nucleo_f411re.yaml:"],
            replace_in("boards/nucleo_f411re.yaml", "cpu:\n", "cpu: [\n")),
    refused("model-manifest-format", args5(), 2, ["digits_mlp.yaml: field 'format'", "one of: tflite, onnx, sklearn"],
            replace_in("models/digits_mlp.yaml", "format: sklearn", "format: keras")),
    # Board files
    refused("board-memory-overlaps", args5(), 2,
            ["host.yaml: field 'memory'", "'ram' (0x0-0xffffffff) and 'ram2' (0x1000-0x1fff) overlap",
             "fix: correct the origin or size_bytes"],
            replace_in("boards/host.yaml", HOST_RAM,
                       f"{HOST_RAM}\n  - {{name: ram2, kind: ram, origin: 0x1000, size_bytes: 4096}}")),
    refused("board-link-spans-overlap", F411, 2,
            ["nucleo_f411re.yaml: field 'emulator.link'", "'flash'", "'ram'", "overlap"],
            replace_in("boards/nucleo_f411re.yaml", "ram: {origin: 0x20000000", "ram: {origin: 0x00100000")),
    refused("board-probe-link-spans-overlap", args5(board="bbc_microbit"), 2,
            ["bbc_microbit.yaml: field 'emulator.probe.link'", "'flash'", "'ram'", "overlap"],
            replace_in("boards/bbc_microbit.yaml", "      ram: {origin: 0x20000000", "      ram: {origin: 0x00100000")),
    refused("board-probe-without-link", args5(board="bbc_microbit"), 2,
            ["bbc_microbit.yaml: field 'emulator.probe'", "'link'"],
            replace_in("boards/bbc_microbit.yaml", "    link:\n      flash: {origin: 0x00000000, size_bytes: 4194304}\n"
                       "      ram: {origin: 0x20000000, size_bytes: 4194304}\n", "")),
    refused("board-size-absurd", args5(), 2, ["host.yaml: field 'memory.1.size_bytes'", "greater than the maximum",
             "at most 1 TiB"],
            replace_in("boards/host.yaml", "size_bytes: 0x100000000}", "size_bytes: 1000000000000000000000000000000}")),
    refused("board-timeout-absurd", args5(), 2, ["host.yaml: field 'emulator.timeout_s'", "greater than the maximum",
             "at most a day"],
            replace_in("boards/host.yaml", "timeout_s: 300", "timeout_s: 1.0e+308")),
    refused("board-memory-bytes-not-mib", args5(board="pynq_z2_baremetal"), 2,
            ["pynq_z2_baremetal.yaml: field 'emulator.memory_bytes'", "a whole number of MiB"],
            replace_in("boards/pynq_z2_baremetal.yaml", "memory_bytes: 536870912", "memory_bytes: 1000")),
    refused("board-toolchain-not-installed", F411, 2,
            ["not installed", "'arm-none-eabi-gcc' (", "nucleo_f411re.yaml: field 'toolchain.prefix'",
             "Debian package gcc-arm-none-eabi", "'qemu-system-arm'", "Debian package qemu-system-arm",
             "sudo apt-get install gcc gcc-arm-none-eabi qemu-system-arm", "setup.sh"],
            env={"PATH": "/nonexistent"}),
    refused("board-toolchain-unknown-prefix", args5(), 2,
            ["not installed", "'x86_64-elf-gcc' (", "host.yaml: field 'toolchain.prefix'", "no Debian package known"],
            replace_in("boards/host.yaml", 'prefix: ""', 'prefix: "x86_64-elf-"')),
    refused("board-qemu-not-installed", args5(), 2,
            ["not installed", "'qemu-x86-64' (", "host.yaml: field 'emulator.qemu'", "did you mean 'qemu-x86_64'"],
            replace_in("boards/host.yaml", "qemu: qemu-x86_64", "qemu: qemu-x86-64")),
    refused("board-qemu-machine-unknown", F411, 2,
            ["nucleo_f411re.yaml: field 'emulator.machine'", "qemu-system-arm has no machine 'mps2-an368'",
             "did you mean 'mps2-an386'", "qemu-system-arm -M help"],
            replace_in("boards/nucleo_f411re.yaml", "machine: mps2-an386", "machine: mps2-an368")),
    refused("board-qemu-cpu-unknown", args5(board="pynq_z2"), 2,
            ["pynq_z2.yaml: field 'emulator.cpu'", "qemu-arm has no cpu 'cortex-a99'", "did you mean 'cortex-a9'",
             "qemu-arm -cpu help"],
            replace_in("boards/pynq_z2.yaml", "  cpu: cortex-a9\n  timeout_s", "  cpu: cortex-a99\n  timeout_s")),
    refused("board-probe-qemu-not-installed", args5(board="bbc_microbit"), 2,
            ["not installed", "'qemu-system-armx' (", "bbc_microbit.yaml: field 'emulator.probe.qemu'",
             "did you mean 'qemu-system-arm'"],
            replace_in("boards/bbc_microbit.yaml", "    qemu: qemu-system-arm\n    machine: mps2-an385",
                       "    qemu: qemu-system-armx\n    machine: mps2-an385")),
    refused("board-probe-machine-unknown", args5(board="bbc_microbit"), 2,
            ["bbc_microbit.yaml: field 'emulator.probe.machine'", "qemu-system-arm has no machine 'mps2-an38'",
             "qemu-system-arm -M help"],
            replace_in("boards/bbc_microbit.yaml", "machine: mps2-an385", "machine: mps2-an38")),
    refused("board-shadowed-by-overlay", [*args5(), "overlay=ovl"], 2,
            ["'host' is defined twice", "boards/host.yaml and in", "ovl/boards/host.yaml", "rename one of them"],
            write_overlay("boards", "host.yaml")),
    refused("engine-shadowed-by-overlay", [*args5(), "overlay=ovl"], 2,
            ["'emlearn' is defined twice", "ovl/engines/emlearn/engine.yaml"],
            write_overlay("engines", "emlearn")),
    refused("model-shadowed-by-overlay", [*args5(), "overlay=ovl"], 2,
            ["'digits_mlp' is defined twice", "ovl/models/digits_mlp.yaml"],
            write_overlay("models", "digits_mlp.yaml")),
    # Arguments
    refused("board-list-empty", args5(board=","), 2, ["argument board=, names no board"]),
    refused("board-listed-twice", args5(board="host,host"), 2, ["'host' is listed twice in board=host,host"]),
    refused("model-listed-twice", args5(model="digits_mlp,digits_mlp"), 2, ["'digits_mlp' is listed twice"]),
    refused("argument-given-twice", [*args5(), "board=nucleo_f411re"], 2,
            ["argument 'board' is given twice (board=host and board=nucleo_f411re)"]),
    refused("engine-opt-given-twice", [*args5(), "engine_opts=method=inline,method=loadable"], 2,
            ["option 'method' is given twice (method=inline and method=loadable)"]),
    refused("user-models-same-name", args5(model="a/net.onnx,b/net.onnx"), 2,
            ["a/net.onnx' and '", "b/net.onnx' would both be named 'net'"], write_onnx("a/net.onnx", "b/net.onnx")),
    refused("user-model-takes-catalogue-name", args5(engine="tinymaix", model="cifar10.tflite"), 2,
            ["cifar10.tflite' would be named 'cifar10', which is the catalogue model", "models/cifar10.yaml",
             "my_cifar10.tflite"], write_tflite("cifar10.tflite")),
    # Tracebacks that are messages now
    refused("tflite-output-computed-by-nothing", args5(engine="tinymaix", model="orphan.tflite"), 2,
            ["orphan.tflite: output tensor 'orphan' (tensor 2) is computed by no operator"],
            write_orphan_output_tflite),
    refused("engine-requires-unknown-feature", args5(engine="tinymaix", model="cifar10"), 2,
            ["engine.yaml: field 'options.arch.choices.ARM_SIMD.requires'", "'dps' is neither a board feature",
             "did you mean 'dsp'"],
            replace_in("engines/tinymaix/engine.yaml", "requires: [dsp, model_int8]",
                       "requires: [dps, model_int8]")),
    refused("global-conf-malformed", args5(), 2,
            ["home/global.conf",
             'core.sources:download_urls=["http://mirror.local/", "origin" is not a list of strings'],
            write_file("home/global.conf", 'core.sources:download_urls=["http://mirror.local/", "origin"\n'),
            {"EDGEBENCH_CONAN_HOME": "home"}),
    refused("conan-home-is-a-file", args5(), 2, ["home_file is a file", "EDGEBENCH_CONAN_HOME", "a directory"],
            write_file("home_file", "not a directory\n"), {"EDGEBENCH_CONAN_HOME": "home_file"}),
    refused("sha256-all-digits-unquoted", args5(engine="tinymaix", model="cifar10"), 2,
            ["cifar10.yaml: field 'source.sha256'", "is not of type 'string'", 'quote the value: "1234567890'],
            replace_in("models/cifar10.yaml", f"sha256: {CIFAR10_SHA256}", "sha256: " + "1234567890" * 6 + "1234")),
]

# A damaged QEMU list cache is asked again (the unknown machine is still found) and rewritten whole.
QEMU_ARM_CACHE = "build/_tools/qemu-lists-qemu-system-arm.json"
F411_MACHINE_TYPO = replace_in("boards/nucleo_f411re.yaml", "machine: mps2-an386", "machine: mps2-an368")


def qemu_cache(text: Callable[[list[object]], str]) -> Callable[[Path], None]:
    """A `prepare`: F411's machine misspelt, and the QEMU list cache holding `text(stamp)` (the stamp
    of the installed qemu-system-arm, so only the content can make it stale)."""
    def prepare(project: Path) -> None:
        import shutil

        F411_MACHINE_TYPO(project)
        binary = Path(shutil.which("qemu-system-arm") or "qemu-system-arm").resolve()
        stamp: list[object] = [str(binary), binary.stat().st_size, binary.stat().st_mtime_ns]
        write_file(QEMU_ARM_CACHE, text(stamp))(project)
    return prepare


def qemu_cache_rewritten(project: Path, output: str) -> None:
    no_target_dirs(project, output)
    data = json.loads((project / QEMU_ARM_CACHE).read_text())
    assert "mps2-an386" in data["machines"] and "cortex-m4" in data["cpus"], output


QEMU_REFUSED = ["qemu-system-arm has no machine 'mps2-an368'", "did you mean 'mps2-an386'"]
CASES += [Case(case_id, F411, 2, QEMU_REFUSED, qemu_cache(text), qemu_cache_rewritten) for case_id, text in [
    ("qemu-cache-garbage", lambda stamp: json.dumps({"stamp": stamp, "machines": ["mps2-an368"], "cpus": []})
     + "garbage\n"),
    ("qemu-cache-not-json", lambda stamp: "\x00\x01 not json"),
    ("qemu-cache-empty-machines", lambda stamp: json.dumps({"stamp": stamp, "machines": [], "cpus": ["cortex-m4"]})),
    ("qemu-cache-wrong-shape", lambda stamp: json.dumps([stamp, ["mps2-an368"]])),
    ("qemu-cache-machines-not-a-list", lambda stamp: json.dumps({"stamp": stamp, "machines": "mps2-an368",
                                                                "cpus": ["cortex-m4"]})),
]]
CASES += [
    refused("board-timeout-too-short", args5(), 2, ["host.yaml: field 'emulator.timeout_s'",
            "0.0001 is less than the minimum of 1", "at least 1 second"],
            replace_in("boards/host.yaml", "timeout_s: 300", "timeout_s: 0.0001")),
    refused("overlay-is-the-project", [*args5(), "overlay=."], 2,
            ["argument overlay", "is the project itself", "its boards, engines and models are always there"]),
    refused("overlay-given-twice", [*args5(), "overlay=ovl,./ovl/"], 2,
            ["argument overlay", "'./ovl/' is given twice", "each overlay directory once"],
            write_file("ovl/boards/myboard.yaml", "name: myboard\n")),
]

# --- 6. numbers that reconcile and reproduce -----------------------------------------------------------
DIGITS_PIN = "params_sha256: 1ada20866c39d9151b036df81b784cbd0d7b9d5395eeeaedc71ee88a4eb20915"


def no_trained_model(project: Path, output: str) -> None:
    assert not list((project / "build" / "_models").glob("digits_mlp/model.pkl*")), output


CASES += [
    Case("trained-params-differ-from-pin", GOOD, 2,
         ["training gave other parameters than the pin", f"expected: {'ab' * 32}", "got:", "likely cause:",
          "fix:"], prepare=replace_in("models/digits_mlp.yaml", DIGITS_PIN, f"params_sha256: {'ab' * 32}"),
         then=no_trained_model),
    Case("trained-params-pin-malformed", GOOD, 2, ["params_sha256"],
         prepare=replace_in("models/digits_mlp.yaml", DIGITS_PIN, "params_sha256: not-a-hash"), then=nothing_built),
    # A caller's shell choosing BLAS kernels, threads, cache blocking and SIMD loops changes nothing.
    Case("caller-picks-blas-kernels", GOOD, 0, ["host/emlearn/digits_mlp: ok"],
         env={"OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_L2_SIZE": "1048576", "OPENBLAS_NUM_THREADS": "2",
              "NPY_DISABLE_CPU_FEATURES": "X86_V4"}),
]


# --- 8a. engine sources with requirements (recipes, Conan graph) -------------------------------------
# tests/fixture_graph, put into the copy as graph/: engine fixture_graph's recipe fixture_top requires
# fixture_dense, both pinned to a local git repository (graph/upstream) by its path.
GRAPH = ["board=host", "engine=fixture_graph", "model=graph/dense.onnx", "overlay=graph/overlay"]
GRAPH_TARGET = "host/fixture_graph/dense"


def graph(*edits: Callable[[dict], None]) -> Callable[[Path], None]:
    """A `prepare` that lays the graph overlay out in the copy, then edits it."""
    def prepare(project: Path) -> None:
        made = make_graph_overlay(project / "graph")
        for edit in edits:
            edit(made)
    return prepare


def graph_engine(**changes: object) -> Callable[[dict], None]:
    return lambda made: edit_engine(made["engine"] / "engine.yaml", **changes)


def graph_recipe(name: str, **changes: object) -> Callable[[dict], None]:
    return lambda made: edit_recipe_data(made["recipes"] / name, **changes)


def graph_built_then(damage: Callable[[Path], None]) -> Callable[[Path], None]:
    def prepare(project: Path) -> None:
        graph()(project)
        done = scons(project, *GRAPH)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        damage(project)
    return prepare


def requirement_folder(project: Path) -> Path:
    (memo,) = (project / ".edgebench" / "conan2" / "edgebench" / "packages").glob("fixture_top-*.json")
    (dense,) = [p for p in json.loads(memo.read_text())["packages"] if p["name"] == "fixture_dense"]
    return Path(dense["package_folder"])


def graph_passes_again(project: Path, output: str) -> None:
    assert json.loads((project / "build" / GRAPH_TARGET / "report.json").read_text())["passed"], output
    assert f"{GRAPH_TARGET}: ok" in output


CASES += [Case(name, GRAPH, 2, says, graph(*edits), nothing_built) for name, says, edits in [
    ("engine.yaml names a package not in its graph",
     ["engine.yaml: field 'sources': 'nothere:src/*.c' names package 'nothere', which is not in the Conan graph "
      "of fixture_top", "expected: a path in fixture_top's own package, or <package>:<path> with a package of its "
      "graph: fixture_top, fixture_dense", "fix: name one of those packages, or add nothere to the requirements"],
     [graph_engine(sources=["nothere:src/*.c"])]),
    ("engine.yaml misspells a requirement's package",
     ["field 'include_dirs': 'fixture_dens:src' names package 'fixture_dens' (did you mean 'fixture_dense'?)"],
     [graph_engine(include_dirs=["include", "fixture_dens:src"])]),
    ("engine.yaml path with an empty package name", ["field 'sources': ':src/*.c' names package ''"],
     [graph_engine(sources=[":src/*.c"])]),
    ("an option value's sources name a package not in the graph",
     ["field 'options.behaviour.choices.0.sources': 'nothere:src/*.c' names package 'nothere'"],
     [graph_engine(options={"behaviour": {"description": "d", "default": 0,
                                          "choices": {0: {"why": "infer", "sources": ["nothere:src/*.c"]}}}})]),
    ("a recipe requires a recipe no folder holds",
     ["the Conan requirements of fixture_top/1.0: recipe fixture_top/1.0 requires fixture_nothere/1.0, which is in "
      "none of the recipe folders", "fix: add the recipe fixture_nothere"],
     [graph_recipe("fixture_top", requires=["fixture_nothere/1.0"])]),
    ("a recipe requires a version its requirement does not list",
     ["recipe fixture_top/1.0 requires fixture_dense/2.0, but", "fixture_dense/config.yml lists no version 2.0",
      "expected: one of the versions it lists: 1.0"],
     [graph_recipe("fixture_top", requires=["fixture_dense/2.0"])]),
    ("a recipe requires itself",
     ["the Conan requirements of fixture_top/1.0: Conan cannot resolve them", "cycle/loop",
      "fix: correct the requirements"],
     [graph_recipe("fixture_top", requires=["fixture_top/1.0"])]),
    ("a requirement's pin is not in its upstream",
     ["fetching sources for fixture_top/1.0 failed", "fixture_dense/1.0"],
     [lambda made: graph_recipe("fixture_dense", sources={"1.0": {"url": str(made["upstream"]),
                                                                  "commit": "0" * 40}})(made)]),
    ("a requirement's upstream is gone",
     ["fetching sources for fixture_top/1.0 failed", "fixture_dense/1.0: Error in source() method"],
     [lambda made: graph_recipe("fixture_dense", sources={"1.0": {"url": str(made["base"] / "gone.git"),
                                                                  "commit": made["commit"]}})(made)]),
]]
CASES += [
    Case("a requirement's package edited in the cache", GRAPH, 0,
         ["the Conan package of fixture_dense/1.0 was changed in the cache", "src/dense.c differs",
          "installing it again"],
         graph_built_then(lambda p: (requirement_folder(p) / "src" / "dense.c").write_text("#error damaged\n")),
         graph_passes_again),
    Case("a requirement's package removed from the cache", GRAPH, 0,
         ["the Conan package of fixture_dense/1.0 was changed in the cache (its folder is gone)"],
         graph_built_then(lambda p: shutil.rmtree(requirement_folder(p))), graph_passes_again),
]

# --- 8b. C++ engines on every toolchain -------------------------------------------------------------
# The C++ fixture engine (tests/fixture_engine_cxx) is put into the copy as an overlay, cxx/; every
# row is refused before Conan fetches it. Missing packages are played by a compiler on PATH that
# answers as it does where the package is not installed.
CXX_ENGINE_FILE = "cxx/overlay/engines/fixture_cxx/engine.yaml"
CXX_PATH = {"PATH": "fakebin" + os.pathsep + os.environ.get("PATH", "")}


def cxx_args(board: str) -> list[str]:
    return [f"board={board}", "engine=fixture_cxx", "model=cxx/dense.onnx", "overlay=cxx/overlay"]


def cxx_engine(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    """A `prepare` that writes the C++ fixture engine's overlay and model into cxx/, then runs `steps`."""
    def prepare(project: Path) -> None:
        from cxx_fixture import make_overlay

        make_overlay(project / "cxx")
        for step in steps:
            step(project)
    return prepare


def on_path(*commands: str) -> Callable[[Path], None]:
    """A `prepare` that links these commands (only) into fakebin/."""
    def prepare(project: Path) -> None:
        (project / "fakebin").mkdir(exist_ok=True)
        for command in commands:
            (project / "fakebin" / command).symlink_to(shutil.which(command))
    return prepare


def compiler_answering(command: str, question: str, answer: str) -> Callable[[Path], None]:
    """A `prepare` that puts fakebin/<command> first on PATH: the real compiler, except that it
    answers `question` with `answer`."""
    def prepare(project: Path) -> None:
        fake = project / "fakebin" / command
        fake.parent.mkdir(exist_ok=True)
        fake.write_text(f'#!/bin/sh\nfor a in "$@"; do\n  [ "$a" = "{question}" ] && {{ echo "{answer}"; exit 0; }}\n'
                        f'done\nexec {shutil.which(command)} "$@"\n')
        fake.chmod(0o755)
    return prepare


CASES += [
    refused("cxx-compiler-not-installed", cxx_args("host"), 2,
            ["not installed", "'g++' (", "host.yaml: field 'toolchain.prefix', for a C++ engine", "Debian package g++"],
            cxx_engine(on_path("gcc", "qemu-x86_64")), {"PATH": "fakebin"}),
    refused("cxx-library-not-installed-host", cxx_args("host"), 2,
            ["not installed", "'libstdc++.a' (libstdc++, for C++ on host.yaml): Debian package libstdc++-12-dev",
             "sudo apt-get install libstdc++-12-dev"],
            cxx_engine(compiler_answering("g++", "-print-file-name=libstdc++.a", "libstdc++.a")), CXX_PATH),
    # picolibc's libstdc++ is one per multilib: a multilib folder without one is the package missing
    refused("cxx-library-not-installed-picolibc", cxx_args("nucleo_f411re"), 2,
            ["not installed", "/usr/lib/picolibc/arm-none-eabi/lib/thumb/nowhere/libstdc++.a'",
             "libstdc++ built for picolibc, for C++ on nucleo_f411re.yaml",
             "Debian package libstdc++-arm-none-eabi-picolibc",
             "sudo apt-get install libstdc++-arm-none-eabi-picolibc"],
            cxx_engine(compiler_answering("arm-none-eabi-gcc", "-print-multi-directory", "thumb/nowhere")), CXX_PATH),
    refused("cxx-headers-not-installed-riscv", cxx_args("hifive1"), 2,
            ["not installed", "/usr/include/newlib/c++/0.0.0/arm-none-eabi/bits/c++config.h' (libstdc++'s headers",
             "Debian package libstdc++-arm-none-eabi-dev"],
            cxx_engine(replace_in("toolchains/libc.yaml", "file: /usr/include/newlib/c++/12.2.1/arm-none-eabi/bits",
                                  "file: /usr/include/newlib/c++/0.0.0/arm-none-eabi/bits"))),
    # a toolchain whose C library flavour names no C++ support for its compiler is refused, saying so
    refused("cxx-engine-on-toolchain-without-cxx", cxx_args("hifive1"), 2,
            ["hifive1.yaml: field 'toolchain'", "engine 'fixture_cxx' is C++ (glue.cc)",
             "board 'hifive1' cannot build C++",
             "'picolibc-semihost' names no C++ support for 'riscv64-unknown-elf-g++'",
             "'arm-none-eabi-g++', 'riscv32-unknown-elf-g++'", "choose a C engine for this board"],
            cxx_engine(replace_in("toolchains/libc.yaml", "  riscv64-unknown-elf-:\n", "  riscv32-unknown-elf-:\n"))),
    refused("cxx-support-link-misspelt", cxx_args("nucleo_f411re"), 2,
            ["libc.yaml: field 'picolibc-semihost.cxx.arm-none-eabi-.link'", "'g++' is not allowed", "one of: cxx, cc"],
            cxx_engine(replace_in("toolchains/libc.yaml", "      link: cxx\n", "      link: g++\n"))),
    refused("cxxflags-not-a-list", cxx_args("host"), 2,
            [f"{CXX_ENGINE_FILE}: field 'cxxflags'", "is not of type 'array'"],
            cxx_engine(replace_in(CXX_ENGINE_FILE, "cxxflags: [-std=c++17,", "cxxflags: -std=c++17 #"))),
    refused("cxxflags-c-standard", cxx_args("host"), 2,
            [f"{CXX_ENGINE_FILE}: field 'cxxflags.0'", "a C standard (-std=c11) is no C++ flag"],
            cxx_engine(replace_in(CXX_ENGINE_FILE, "cxxflags: [-std=c++17,", "cxxflags: [-std=c11,"))),
    refused("cflags-cxx-standard", cxx_args("host"), 2,
            [f"{CXX_ENGINE_FILE}: field 'cflags.0'", "a C++ standard (-std=c++17) belongs in cxxflags"],
            cxx_engine(replace_in(CXX_ENGINE_FILE, "cflags: [-fno-unwind-tables,", "cflags: [-std=c++17,"))),
    refused("cxxflags-not-strings", cxx_args("host"), 2,
            [f"{CXX_ENGINE_FILE}: field 'cxxflags.0'", "is not of type 'string'"],
            cxx_engine(replace_in(CXX_ENGINE_FILE, "cxxflags: [-std=c++17,", "cxxflags: [17,"))),
]

# --- 8c. models and host references (MLPerf Tiny, reference kernels) ---------------------------------
EMLEARN_FORMATS = "formats: [sklearn]\n"


def host_reference(text: str, engine: str = "emlearn") -> Callable[[Path], None]:
    """A `prepare` that gives an engine file a host_reference entry."""
    old = "formats: [tflite]\n" if engine == "tinymaix" else EMLEARN_FORMATS
    return replace_in(f"engines/{engine}/engine.yaml", old, f"{old}host_reference: {text}\n")


def raw_inputs(values: np.ndarray, count: int, dtype: str = "float32") -> Callable[[Path], None]:
    """A `prepare` that gives digits_mlp (64 features) a headerless file of test inputs."""
    def prepare(project: Path) -> None:
        path = project / "inputs.bin"
        values.astype("<f4").tofile(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        pin = f"url: \"{path.as_uri()}\", sha256: \"{digest}\""
        replace_in("models/digits_mlp.yaml", "  held_out: {count: 16}",
                   f"  file: {{{pin}, raw: {{dtype: {dtype}, count: {count}}}}}")(project)
    return prepare


def no_testset(project: Path, output: str) -> None:
    assert not (project / "build" / "_models" / "digits_mlp" / "testset.npz").exists(), output


CASES += [
    Case("host-reference-unknown-variant", ["board=host", "engine=tinymaix", "model=cifar10"], 2,
         ["engines/tinymaix/engine.yaml: field 'host_reference.tflite'", "unknown tflite host reference 'builtin_reff'",
          "did you mean 'builtin_ref'", "expected: one of: builtin_ref (TFLite's reference kernels"],
         prepare=host_reference("{tflite: builtin_reff}", "tinymaix"), then=nothing_built),
    Case("host-reference-on-a-format-without-variants", GOOD, 2,
         ["engines/emlearn/engine.yaml: field 'host_reference.sklearn'",
          "sklearn models have one host reference (scikit-learn), no variants", "fix: drop host_reference.sklearn"],
         prepare=host_reference("{sklearn: exact}"), then=nothing_built),
    Case("host-reference-for-a-format-not-taken", GOOD, 2,
         ["field 'host_reference.tflite'", "the engine takes no tflite models (formats: sklearn)"],
         prepare=host_reference("{tflite: builtin_ref}"), then=nothing_built),
    Case("host-reference-misspelt-format", GOOD, 2,
         ["engines/emlearn/engine.yaml: field 'host_reference'", "unknown field(s) 'tflit'", "did you mean 'tflite'"],
         prepare=host_reference("{tflit: builtin_ref}"), then=nothing_built),
    Case("host-reference-not-a-mapping", GOOD, 2,
         ["engines/emlearn/engine.yaml: field 'host_reference'", "a value of type object"],
         prepare=host_reference("builtin_ref"), then=nothing_built),
    Case("raw-inputs-not-whole-inputs", GOOD, 2,
         ["test_inputs.file file://", "holds 257 float32 values, which is not a whole number of inputs of 64",
          "fix: check the file, raw.dtype and raw.count"],
         prepare=raw_inputs(np.zeros(4 * 64 + 1), 4), then=no_testset),
    Case("raw-inputs-fewer-than-count", GOOD, 2, ["holds 128 float32 values", "or fewer than 3 of them"],
         prepare=raw_inputs(np.zeros(2 * 64), 3), then=no_testset),
    Case("raw-inputs-not-finite", GOOD, 2, ["test_inputs.file file://", "the file holds NaN or infinite values"],
         prepare=raw_inputs(np.full(2 * 64, np.inf), 2), then=no_testset),
    Case("raw-inputs-other-dtype", GOOD, 2,
         ["models/digits_mlp.yaml: field 'test_inputs.file.raw.dtype'", "'int8' is not allowed", "one of: float32"],
         prepare=raw_inputs(np.zeros(2 * 64), 2, dtype="int8"), then=nothing_built),
]

# --- 8d. the TFLM engine (kernels option, operator list, arena) ---------------------------------------
# The mechanisms under TFLM (engine.yaml library, kernels, operators, specialize, arena) on the fxk
# fixture engine (tests/fixture_kernels, laid into the copy as overlay fxk/), with a model the row
# writes: FULLY_CONNECTED then `then`. tests/test_engine_library.py proves the mechanisms themselves.
FXK = ["engine=fxk", "overlay=fxk"]


def fxk(model: str = "fc", then: tuple[str, ...] = (), n_in: int = 16, edit: tuple[str, str] | None = None):
    def prepare(project: Path) -> None:
        make_overlay(project / "fxk")
        dense(project / f"{model}.tflite", n_in=n_in, then=then)
        if edit:
            replace_in(f"fxk/{ENGINE_YAML}", *edit)(project)
    return prepare


def no_result(board: str, model: str, extra: list[str]) -> Callable[[Path, str], None]:
    """The probe failed: no measured image, no run and no report were made for the target (whose
    folder carries the non-default options engine_opts= gives)."""
    engine = "fxk" + "".join(f"@{item}" for arg in extra if arg.startswith("engine_opts=")
                             for item in sorted(arg.removeprefix("engine_opts=").split(",")))

    def then(project: Path, output: str) -> None:
        out = project / "build" / board / engine / model
        assert (out / "probe").is_dir(), output  # the probe ran there
        for name in ("firmware.elf", "run.json", "report.json"):
            assert not (out / name).exists(), output
        assert f"{board}/{engine}/{model}: not reported, an earlier step failed" in output
    return then


REGISTRATION = "registration: '^fxk_registration"
CASES += [Case(name, [*FXK, "board=host", f"model={model}.tflite", *extra], 2, says, prepare, nothing_built)
          for name, model, extra, says, prepare in [
    ("fxk-model-operator-the-engine-lacks", "fc_add", [],
     ["engine 'fxk' has no kernel for operator(s) ADD of model 'fc_add'", "core/fxk_resolver.h"],
     fxk("fc_add", then=("ADD",))),
    ("fxk-kernel-registration-not-a-regex", "fc", [],
     [f"{ENGINE_YAML}: field 'kernels.registration'", "not a regular expression: missing )"],
     fxk(edit=(REGISTRATION, "registration: '(^fxk_registration"))),
    ("fxk-operator-pattern-without-group", "fc", [],
     [f"{ENGINE_YAML}: field 'operators.op'", "the pattern has 0 group(s)", "(?:...)"],
     fxk(edit=("op: 'BuiltinOperator_(\\w+)'", "op: 'BuiltinOperator_\\w+'"))),
    ("fxk-kernel-registration-matches-nothing", "fc", [],
     [f"{ENGINE_YAML}: field 'kernels'", "no kernel file of engine 'fxk' defines FULLY_CONNECTED"],
     fxk(edit=(REGISTRATION, "registration: '^fxk_registrations"))),
    ("fxk-resolver-method-finds-nothing", "fc", [],
     [f"{ENGINE_YAML}: field 'operators.method'", "the pattern finds no operator in core/fxk_resolver.h"],
     fxk(edit=("static inline int (Add", "static inline long (Add"))),
    ("fxk-resolver-header-missing", "fc", [],
     [f"{ENGINE_YAML}: field 'operators.file'", "'core/resolver.h' is not a file of the package"],
     fxk(edit=("file: core/fxk_resolver.h", "file: core/resolver.h"))),
    ("fxk-specialize-folder-missing", "fc", ["engine_opts=kernels=fast"],
     [f"{ENGINE_YAML}: field 'options.kernels.choices.fast.specialize'", "'kernels/faster' is not a folder"],
     fxk(edit=("specialize: kernels/fast", "specialize: kernels/faster"))),
    ("fxk-specialize-a-file", "fc", ["engine_opts=kernels=fast"],
     ["field 'options.kernels.choices.fast.specialize'", "'kernels/softmax.c' is not a folder of the package"],
     fxk(edit=("specialize: kernels/fast", "specialize: kernels/softmax.c"))),
    ("fxk-called-field-typo", "fc", ["engine_opts=kernels=fast"],
     [f"{ENGINE_YAML}", "field 'options.kernels.choices.fast.called'", "'source'", "did you mean 'sources'"],
     fxk(edit=('          sources: ["called/*.c"]', '          source: ["called/*.c"]'))),
    ("fxk-called-headers-unknown-package", "fc", ["engine_opts=kernels=fast"],
     [f"{ENGINE_YAML}: field 'options.kernels.choices.fast.called.headers'", "'nope'"],
     fxk(edit=('headers: ["called/*.h"]', 'headers: ["nope:called/*.h"]'))),
    ("fxk-probe-bytes-below-minimum", "fc", [],
     [f"{ENGINE_YAML}: field 'arena.probe_bytes'", "less than the minimum of 1024"],
     fxk(edit=("probe_bytes: 65536", "probe_bytes: 100"))),
]]
# The probe runs but cannot measure: each is a clear error, and nothing is measured or reported.
CASES += [Case(name, [*FXK, f"board={board}", f"model={model}.tflite", *extra], 2, says, prepare,
               no_result(board, model, extra)) for name, board, model, extra, says, prepare in [
    ("fxk-probe-arena-too-small", "host", "wide", [],
     ["could not measure the arena: the engine's arena of 1024 bytes is too small for the model",
      "raise arena.probe_bytes in", ENGINE_YAML],
     fxk("wide", n_in=300, edit=("probe_bytes: 65536", "probe_bytes: 1024"))),
    ("fxk-arena-line-damaged", "host", "fc", ["engine_opts=behaviour=1"],
     ["could not measure the arena: it printed no valid EB:ARENA line"], fxk()),
    ("fxk-arena-line-missing", "host", "fc", ["engine_opts=behaviour=2"],
     ["could not measure the arena: it printed no valid EB:ARENA line"], fxk()),
]]


# TFLM's kernels option: CMSIS-NN is for Cortex-M cores, refused elsewhere before anything is fetched
# (a Cortex-A9 has Thumb and DSP too, but is not an m_profile core).
CASES += [Case(f"tflm-cmsis-nn-on-{board}", [f"board={board}", "engine=tflm", "model=cifar10",
                                              "engine_opts=kernels=cmsis_nn"], 2,
               ["option kernels=cmsis_nn needs board feature(s) m_profile", f"board '{board}' does not have"],
               None, nothing_built) for board in ("host", "pynq_z2", "hifive1")]

# A board whose name starts with '_' could share build/_engines (engine libraries), _models or _tools.
def underscore_board(project: Path) -> None:
    text = (project / "boards" / "host.yaml").read_text()
    (project / "boards" / "_engines.yaml").write_text(text.replace("name: host", "name: _engines", 1))


CASES += [Case("board-name-underscore", ["board=_engines", "engine=emlearn", "model=digits_mlp"], 2,
               ["_engines.yaml", "field 'name'", "^[a-z0-9][a-z0-9_]*$"], underscore_board, nothing_built)]


# --- 9. matrix runs, the comparison and the CI gate -----------------------------------------------------
# (what a matrix does with failures, refusals, shards, baselines and caches: tests/test_matrix_runs.py)
PAIR = ["board=host,nucleo_f411re", "engine=emlearn", "model=digits_mlp"]


def write(relative: str, text: str) -> Callable[[Path], None]:
    def prepare(project: Path) -> None:
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text)
    return prepare


def matrix_yaml(extra: str = "", engines: str = "[emlearn]") -> Callable[[Path], None]:
    return write("m.yaml", f"boards: [host]\nengines: {engines}\nmodels: [digits_mlp]\n{extra}")


def shard_of_two(project: Path) -> None:
    doc = {"schema": "edgebench-matrix", "schema_version": 1, "rows": [],
           "matrix": {"digest": "d", "shard": {"index": 1, "count": 2}}}
    write("s1/matrix.json", json.dumps(doc))(project)


def whole_json(relative: str) -> Callable[[Path, str], None]:
    def then(project: Path, output: str) -> None:
        json.loads((project / relative).read_text())  # replaced whole, readable
    return then


CASES += [Case(name, argv, 2, says, prepare, nothing_built) for name, argv, says, prepare in [
    ("shard-beyond-count", [*PAIR, "shard=3/2"], ["argument shard", "K/N with 1 <= K <= N"], None),
    ("shard-not-a-fraction", [*PAIR, "shard=a/b"], ["argument shard", "shard=2/4"], None),
    ("matrix-file-missing", ["matrix=nothere.yaml"], ["nothere.yaml", "cannot read file"], None),
    ("matrix-file-unknown-field", ["matrix=m.yaml"], ["m.yaml: field '(top level)'", "unknown field(s) 'colour'"],
     matrix_yaml("colour: red\n")),
    ("matrix-file-option-typo", ["matrix=m.yaml"], ["field 'engines.0.engine_opts'", "has no option 'methd'"],
     matrix_yaml(engines="[{name: emlearn, engine_opts: {methd: inline}}]")),
    ("matrix-file-budget-limits-nothing", ["matrix=m.yaml"], ["budget rule 0 limits nothing", "field 'budgets.0'"],
     matrix_yaml("budgets: [{board: host}]\n")),
    ("matrix-file-combination-twice", ["matrix=m.yaml"], ["host/emlearn/digits_mlp is listed twice"],
     matrix_yaml(engines="[emlearn, emlearn]")),
    ("matrix-with-lists", ["matrix=m.yaml", "board=host"], ["matrix= and board= are given together"], matrix_yaml()),
    ("engine-opts-no-listed-engine-has", ["board=host", "engine=emlearn,tinymaix", "model=digits_mlp",
                                          "engine_opts=methd=inline"],
     ["no listed engine has an option 'methd'", "did you mean 'method'"], None),
    ("thresholds-garbage", [*PAIR, "thresholds=flash=two"], ["argument thresholds", "METRIC=PERCENT"], None),
    ("baseline-not-a-matrix", [*PAIR, "baseline=b.json"], ["is not an edgebench matrix.json"],
     write("b.json", '{"rows": []}')),
    ("baseline-nothing-there", [*PAIR, "baseline=nothere"], ["holds no matrix.json and no report.json"], None),
    ("report-dir-in-checkout", [*PAIR, "report_dir=boards/r"], ["report_dir=boards/r", "checkout's boards/"], None),
    ("report-dir-holds-other-files", [*PAIR, "report_dir=mine"], ["did not put there", "name another folder"],
     write("mine/notes.txt", "mine")),
    ("cache-dir-in-checkout", [*PAIR, "cache_dir=site_scons/cache"], ["cache_dir=site_scons/cache",
                                                                      "checkout's site_scons/"], None),
    ("merge-matches-nothing", ["merge=nothere*/matrix.json"], ["matches no file"], None),
    ("merge-shard-missing", ["merge=s1"], ["shard(s) 2/2 missing"], shard_of_two),
    ("merge-garbage", ["merge=g.json"], ["cannot read"], write("g.json", "{")),
]]
# Damaged leftovers of an earlier matrix run are replaced, not read as results.
CASES += [
    Case("matrix-timings-damaged", PAIR, 0, ["comparison in"], write("build/_timings.json", "{garbage"),
         whole_json("build/_timings.json")),
    Case("matrix-report-damaged", PAIR, 0, ["comparison in"],
         lambda p: [write("build/matrix/matrix.json", "{garbage")(p), write("build/matrix/.edgebench-report", "")(p)],
         whole_json("build/matrix/matrix.json")),
]

# --- 10. engines that compile the model with a tool package (microTVM) ---------------------------------
# (the tool mechanism's own faults - a tool that fails, a damaged tool environment, a user's hash seed,
# a requirements file missing from the package - are tests/test_tool_engine.py, on a fixture compiler)
MICROTVM = ["engine=microtvm", "model=mnist"]
CASES += [Case(name, argv, 2, says, prepare, nothing_built) for name, argv, says, prepare in [
    ("microtvm-cmsis-nn-without-dsp", ["board=hifive1", *MICROTVM, "engine_opts=backend=cmsis_nn"],
     ["option backend=cmsis_nn needs board feature(s) dsp, m_profile, which board 'hifive1' does not have"], None),
    ("microtvm-cmsis-nn-on-cortex-m0", ["board=bbc_microbit", *MICROTVM, "engine_opts=backend=cmsis_nn"],
     ["needs board feature(s) dsp", "pick another backend"], None),
    ("microtvm-workspace-typo", ["board=host", *MICROTVM, "engine_opts=workspace=aplication"],
     ["option workspace=aplication is not allowed", "did you mean 'application'"], None),
    ("microtvm-sklearn-model", ["board=host", "engine=microtvm", "model=digits_mlp"],
     ["engine 'microtvm' takes tflite models, not sklearn"], None),
    ("engine-tool-not-a-mapping", ["board=host", *MICROTVM], ["engine.yaml", "tool"],
     replace_in("engines/microtvm/engine.yaml", "tool: {python: requirements.txt}", "tool: requirements.txt")),
    ("engine-tool-unknown-field", ["board=host", *MICROTVM], ["engine.yaml", "tool", "pyhton"],
     replace_in("engines/microtvm/engine.yaml", "tool: {python: requirements.txt}", "tool: {pyhton: r.txt}")),
]]


# Section 11, engines with their own CMake build (ONNX Runtime, ncnn, MNN): refused or rejected before
# Conan or CMake runs, so CI needs no upstream (the mechanism itself, and the interrupted, failed,
# damaged and stopped CMake builds - Ctrl-C, SIGTERM to scons alone, a failing configure or prepare,
# an archive or header changed after the build: tests/test_cmake_engine.py, on a fixture project).
NCNN = ["engine=ncnn", "model=cifar10_f"]
ORT = ["engine=ort", "model=cifar10_f"]
CASES += [Case(name, argv, 2, says, prepare, nothing_built) for name, argv, says, prepare in [
    ("ncnn-on-a-bare-metal-board", ["board=nucleo_f411re", *NCNN],
     ["engine 'ncnn' runs on linux, host, board 'nucleo_f411re' is baremetal"], None),
    ("mnn-int8-model", ["board=host", "engine=mnn", "model=cifar10"], ["engine 'mnn' takes float32 models, not int8"],
     None),
    ("ncnn-fp16-value-unknown", ["board=host", *NCNN, "engine_opts=fp16=2"], ["option fp16=2 is not allowed"], None),
    ("cmake-option-not-a-value", ["board=host", *NCNN], ["engine.yaml", "cmake", "NCNN_VULKAN"],
     replace_in("engines/ncnn/engine.yaml", "NCNN_VULKAN: false", "NCNN_VULKAN: [false]")),
    ("cmake-library-not-an-archive", ["board=host", *NCNN], ["engine.yaml", "libncnn.so"],
     replace_in("engines/ncnn/engine.yaml", "libraries: [lib/libncnn.a]", "libraries: [lib/libncnn.so]")),
    ("cmake-unknown-field", ["board=host", *NCNN], ["engine.yaml", "cmake", "librairies"],
     replace_in("engines/ncnn/engine.yaml", "libraries: [lib/libncnn.a]", "librairies: [lib/libncnn.a]")),
    ("tool-no-deps-not-a-boolean", ["board=host", *NCNN], ["engine.yaml", "no_deps"],
     replace_in("engines/ncnn/engine.yaml", "no_deps: true", "no_deps: sometimes")),
    ("board-system-processor-with-a-space", ["board=pynq_z2", *NCNN], ["pynq_z2.yaml", "system_processor"],
     replace_in("boards/pynq_z2.yaml", "system_processor: armv7l", "system_processor: armv7 l")),
    ("ort-on-a-bare-metal-board", ["board=mps3_an547", *ORT],
     ["engine 'ort' runs on linux, host, board 'mps3_an547' is baremetal"], None),
    ("ort-sklearn-model", ["board=pynq_z2", "engine=ort", "model=digits_mlp"],
     ["engine 'ort' takes tflite, onnx models, not sklearn"], None),
    ("ort-threads-value-unknown", ["board=host", *ORT, "engine_opts=threads=4"], ["option threads=4 is not allowed"],
     None),
    ("cmake-option-unknown-placeholder", ["board=host", *ORT], ["engine.yaml", "FETCHCONTENT_SOURCE_DIR_EIGEN"],
     replace_in("engines/ort/engine.yaml", '"{package}/_deps/eigen"', '"{pakage}/_deps/eigen"')),
]]


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
    assert not STACK.search(output), output[-3000:]  # SCons's own form of one, for an SConstruct-time error
    if case.then:
        case.then(project, output)
