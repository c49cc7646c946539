"""A user's own test inputs (issue 7, section 2): a folder of images, an .npy or an
.npz with labels, for models given as a path (argument inputs=) or pinned in a
manifest (test_inputs.file). Loaders unit-tested; end to end through the
fixture engine on the host board."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import copy_project, make_dense_onnx, make_image_onnx, report, scons
from edgebench import testset, userinputs
from edgebench.errors import InputError
from PIL import Image


def save_image(path: Path, height: int = 4, width: int = 4, mode: str = "RGB", seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    shape = (height, width, 3) if mode == "RGB" else (height, width)
    Image.fromarray(rng.integers(0, 256, size=shape, dtype=np.uint8), mode).save(path)
    return path


# --- loaders -------------------------------------------------------------------------------------

def test_npz_inputs_and_labels(tmp_path: Path) -> None:
    values = np.arange(16, dtype=np.float64).reshape(2, 8)
    np.savez(tmp_path / "in.npz", inputs=values, labels=np.array([3, -1]))
    inputs, labels = userinputs.load(tmp_path / "in.npz", [8])
    assert inputs.dtype == np.float32 and np.array_equal(inputs, values)
    assert labels.tolist() == [3, -1]


def test_npy_is_unlabelled(tmp_path: Path) -> None:
    np.save(tmp_path / "in.npy", np.ones((3, 2, 2), dtype=np.int16))
    inputs, labels = userinputs.load(tmp_path / "in.npy", [2, 2])
    assert inputs.shape == (3, 2, 2) and inputs.dtype == np.float32 and labels.tolist() == [-1, -1, -1]


def test_pinned_file_without_suffix_is_read_by_content(tmp_path: Path) -> None:
    np.savez(tmp_path / "in.npz", inputs=np.zeros((1, 8)))
    (tmp_path / "in.npz").rename(tmp_path / ("ab" * 32))  # as fetch() names a download: its sha256
    assert userinputs.load(tmp_path / ("ab" * 32), [8])[0].shape == (1, 8)


@pytest.mark.parametrize(("shape", "mode", "expect"), [
    ([4, 4, 3], "RGB", (4, 4, 3)),  # channels last, colour
    ([3, 4, 4], "RGB", (3, 4, 4)),  # channels first
    ([4, 4, 1], "L", (4, 4, 1)),
    ([4, 4], "L", (4, 4)),
    ([4, 4, 1], "RGB", (4, 4, 1)),  # a colour picture for a grey model: made grey, as the model takes it
])
def test_image_folder_layouts(tmp_path: Path, shape: list[int], mode: str, expect: tuple) -> None:
    save_image(tmp_path / "a.png", mode=mode)
    inputs, labels = userinputs.load(tmp_path, shape)
    assert inputs.shape == (1, *expect) and labels.tolist() == [-1]


def test_image_pixels_and_range(tmp_path: Path) -> None:
    pixels = np.tile(np.array([0, 51, 255], dtype=np.uint8), (2, 2, 1))
    Image.fromarray(pixels, "RGB").save(tmp_path / "p.png")
    assert userinputs.load(tmp_path, [2, 2, 3])[0][0, 0, 0].tolist() == pytest.approx([0.0, 0.2, 1.0])
    assert userinputs.load(tmp_path, [2, 2, 3], (-1.0, 1.0))[0][0, 1, 1].tolist() == pytest.approx([-1, -0.6, 1])
    channels_first = userinputs.load(tmp_path, [3, 2, 2])[0]
    assert channels_first[0, :, 1, 0].tolist() == pytest.approx([0.0, 0.2, 1.0])


def test_image_labels_from_names_in_name_order(tmp_path: Path) -> None:
    for name in ("b-7.png", "a-2.jpg", "c.bmp", "notes.txt"):
        if name.endswith("txt"):
            (tmp_path / name).write_text("not an image, ignored")
        else:
            save_image(tmp_path / name)
    inputs, labels = userinputs.load(tmp_path, [4, 4, 3])
    assert len(inputs) == 3 and labels.tolist() == [2, 7, -1]


def test_image_labels_from_labels_txt(tmp_path: Path) -> None:
    save_image(tmp_path / "x-9.png")
    save_image(tmp_path / "y.png", seed=1)
    (tmp_path / "labels.txt").write_text("# file label\ny.png 4\nx-9.png, 1\n")
    assert userinputs.load(tmp_path, [4, 4, 3])[1].tolist() == [1, 4]  # labels.txt wins over names
    assert [p.name for p in userinputs.source_files(tmp_path)] == ["x-9.png", "y.png", "labels.txt"]


def expect_error(tmp_path: Path, shape: list[int], *fragments: str) -> None:
    target = tmp_path / "in" if (tmp_path / "in").exists() else next(tmp_path.glob("in.*"), tmp_path / "in.npz")
    with pytest.raises(InputError) as caught:
        userinputs.load(target, shape)
    for fragment in fragments:
        assert fragment in str(caught.value), str(caught.value)


def _folder(*names: str, size: tuple[int, int] = (4, 4), labels: str | None = None):
    def make(d: Path) -> None:
        (d / "in").mkdir()
        for name in names:
            save_image(d / "in" / name, *size)
        if labels is not None:
            (d / "in" / "labels.txt").write_text(labels)
    return make


BAD = [  # id, what to write into tmp_path, the model's input shape, fragments of the message
    ("missing", lambda d: None, [8], ["does not exist"]),
    ("empty-folder", _folder(), [4, 4, 3], ["holds no images"]),
    ("unreadable-image", lambda d: (_folder()(d), (d / "in" / "x.png").write_bytes(b"junk")), [4, 4, 3],
     ["cannot read image", "x.png"]),
    ("wrong-image-size", _folder("a.png", size=(5, 4)), [4, 4, 3], ["a.png' is 5x4", "takes 4x4x3"]),
    ("not-image-shaped", _folder("a.png"), [8], ["input shape [8] is not an image"]),
    ("labels-txt-missing-one", _folder("a.png", "b.png", labels="a.png 1"), [4, 4, 3],
     ["1 labels for 2 images", "no label for: b.png"]),
    ("labels-txt-extra-one", _folder("a.png", labels="a.png 1\nz.png 2"), [4, 4, 3], ["no image for: z.png"]),
    ("labels-txt-bad-line", _folder("a.png", labels="a.png cat"), [4, 4, 3], ["line 1"]),
    ("npy-wrong-shape", lambda d: np.save(d / "in.npy", np.zeros((2, 9))), [8],
     ["shape (2, 9)", "takes (8,) per input", "shape (N, 8)"]),
    ("npy-one-input-without-n", lambda d: np.save(d / "in.npy", np.zeros(8)), [8], ["shape (N, 8)"]),
    ("npy-zero-inputs", lambda d: np.save(d / "in.npy", np.zeros((0, 8))), [8], ["0 test inputs", "1 to 64"]),
    ("too-many", lambda d: np.save(d / "in.npy", np.zeros((65, 8))), [8], ["65 test inputs"]),
    ("nan", lambda d: np.save(d / "in.npy", np.array([[0.0] * 8, [np.nan] * 8])), [8], ["input(s) 1", "NaN"]),
    ("inf", lambda d: np.save(d / "in.npy", np.array([[np.inf] * 8])), [8], ["NaN or infinite"]),
    ("beyond-float32", lambda d: np.save(d / "in.npy", np.full((1, 8), 1e300)), [8], ["NaN or infinite"]),
    ("strings", lambda d: np.save(d / "in.npy", np.array([["a"] * 8])), [8], ["<U1 values, not numbers"]),
    ("complex", lambda d: np.save(d / "in.npy", np.zeros((1, 8), np.complex64)), [8], ["not numbers"]),
    ("objects", lambda d: np.save(d / "in.npy", np.array([{}], dtype=object)), [8], ["no Python objects"]),
    ("junk-file", lambda d: (d / "in.npz").write_text("hello"), [8], ["not an .npy or .npz file"]),
    ("npz-without-inputs", lambda d: np.savez(d / "in.npz", x=np.zeros((1, 8))), [8], ["no array 'inputs'", "x"]),
    ("labels-count", lambda d: np.savez(d / "in.npz", inputs=np.zeros((2, 8)), labels=[1, 2, 3]), [8],
     ["3 labels for 2 inputs"]),
    ("labels-not-integers", lambda d: np.savez(d / "in.npz", inputs=np.zeros((2, 8)), labels=[0.5, 1]), [8],
     ["not a list of class numbers"]),
    ("labels-below-minus-one", lambda d: np.savez(d / "in.npz", inputs=np.zeros((1, 8)), labels=[-2]), [8],
     ["not a list of class numbers"]),
]


@pytest.mark.parametrize(("write", "shape", "fragments"), [row[1:] for row in BAD], ids=[row[0] for row in BAD])
def test_bad_inputs_are_refused(tmp_path: Path, write, shape: list[int], fragments: list[str]) -> None:
    write(tmp_path)
    expect_error(tmp_path, shape, *fragments)


@pytest.mark.parametrize(("text", "expect"), [(None, (0.0, 1.0)), ("-1,1", (-1.0, 1.0)), ("0,255", (0.0, 255.0))])
def test_parse_range(text: str | None, expect: tuple) -> None:
    assert userinputs.parse_range(text) == expect


@pytest.mark.parametrize("text", ["1", "1,1", "a,b", "0,inf", "0,1,2"])
def test_parse_range_refuses(text: str) -> None:
    with pytest.raises(InputError, match="is not a value range"):
        userinputs.parse_range(text)


# --- the argument, before anything builds ---------------------------------------------------------

def user_model(path: Path) -> dict:
    from edgebench import models

    return models.user_model(str(path))


def test_argument_sets_every_user_models_inputs(tmp_path: Path) -> None:
    np.save(tmp_path / "in.npy", np.zeros((2, 8)))
    chosen = testset.with_user_inputs([user_model(make_dense_onnx(tmp_path / f"m{k}.onnx", seed=k)) for k in (1, 2)],
                                      str(tmp_path / "in.npy"), None)
    assert [m["test_inputs"] for m in chosen] == [{"file": {"path": str(tmp_path / "in.npy"), "range": [0.0, 1.0]}}] * 2
    assert testset.source_files(chosen[0]) == [tmp_path / "in.npy"]


def test_argument_checks_each_models_shape(tmp_path: Path) -> None:
    np.save(tmp_path / "in.npy", np.zeros((2, 8)))
    mixed = [user_model(make_dense_onnx(tmp_path / "m8.onnx")),
             user_model(make_dense_onnx(tmp_path / "m6.onnx", n_in=6))]
    with pytest.raises(InputError, match=r"model m6.*takes \(6,\) per input"):
        testset.with_user_inputs(mixed, str(tmp_path / "in.npy"), None)


def test_relative_path_is_taken_from_the_launch_directory(tmp_path: Path, monkeypatch) -> None:
    np.save(tmp_path / "in.npy", np.zeros((1, 8)))
    model = user_model(make_dense_onnx(tmp_path / "m.onnx"))
    monkeypatch.chdir(tmp_path.parent)  # scons -u / -C: the working directory is the top, not the launch one
    chosen = testset.with_user_inputs([model], "in.npy", None, launch_dir=tmp_path)
    assert chosen[0]["test_inputs"]["file"]["path"] == str(tmp_path / "in.npy")


def test_no_argument_leaves_random_inputs(tmp_path: Path) -> None:
    model = user_model(make_dense_onnx(tmp_path / "m.onnx"))
    assert testset.with_user_inputs([model], None, None) == [model]
    assert "random" in model["test_inputs"] and testset.source_files(model) == []


# --- end to end through the fixture engine --------------------------------------------------------

@pytest.fixture(scope="module")
def fx_project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("ui"))


def build(project: Path, fx: dict, model: Path, *args: str):
    return scons(project, f"overlay={fx['overlay']}", "engine=fixture", "board=host", f"model={model}", *args,
                 env=fx["env"])


def reference_top1(model: Path, inputs: np.ndarray) -> list[int]:
    from edgebench.frontends import onnx as onnx_frontend

    return [int(np.argmax(out[0])) for out in onnx_frontend.reference(model, list(inputs))]


def test_npz_with_labels_end_to_end(fx_project: Path, fixture_overlay: dict, tmp_path: Path) -> None:
    model = make_dense_onnx(tmp_path / "labelled.onnx", seed=3)
    inputs = np.random.default_rng(7).normal(size=(5, 8)).astype(np.float32)
    top1 = reference_top1(model, inputs)
    # Inputs 0-2 labelled as the reference answers, 3 labelled wrong, 4 unlabelled.
    labels = np.array([*top1[:3], (top1[3] + 1) % 4, -1])
    np.savez(tmp_path / "mine.npz", inputs=inputs, labels=labels)
    done = build(fx_project, fixture_overlay, model, f"inputs={tmp_path / 'mine.npz'}")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    check = report(fx_project, "host", "fixture", "labelled")["run"]["output_check"]
    assert check["inputs"] == 5 and check["tensors"][0]["reference_top1"] == top1
    assert (check["labelled"], check["target_correct"], check["reference_correct"]) == (4, 3, 3)
    assert "accuracy on labelled inputs: target 3/4, host reference 3/4" in \
        (fx_project / "build" / "host" / "fixture" / "labelled" / "report.md").read_text()

    again = build(fx_project, fixture_overlay, model, f"inputs={tmp_path / 'mine.npz'}")
    assert again.returncode == 0 and "MODEL" not in again.stdout
    np.savez(tmp_path / "mine.npz", inputs=inputs[:2], labels=labels[:2])  # same path, new content: rebuilt
    changed = build(fx_project, fixture_overlay, model, f"inputs={tmp_path / 'mine.npz'}")
    assert changed.returncode == 0 and "MODEL" in changed.stdout
    assert report(fx_project, "host", "fixture", "labelled")["run"]["output_check"]["inputs"] == 2


def test_image_folder_end_to_end(fx_project: Path, fixture_overlay: dict, tmp_path: Path) -> None:
    model = make_image_onnx(tmp_path / "pictures.onnx")
    folder = tmp_path / "pics"
    folder.mkdir()
    for k in range(3):
        save_image(folder / f"p{k}-{k}.png", seed=k)
    done = build(fx_project, fixture_overlay, model, f"inputs={folder}", "inputs_range=-1,1")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = report(fx_project, "host", "fixture", "pictures")
    check = result["run"]["output_check"]
    assert result["passed"] and check["inputs"] == 3 and check["labelled"] == 3
    inputs, _ = userinputs.load(folder, [4, 4, 3], (-1.0, 1.0))
    assert check["tensors"][0]["reference_top1"] == reference_top1(model, inputs)

    save_image(folder / "p3.png", seed=3)  # a picture more: the model data is made again
    added = build(fx_project, fixture_overlay, model, f"inputs={folder}", "inputs_range=-1,1")
    assert added.returncode == 0 and "MODEL" in added.stdout
    assert report(fx_project, "host", "fixture", "pictures")["run"]["output_check"]["inputs"] == 4
    ranged = build(fx_project, fixture_overlay, model, f"inputs={folder}")  # another range: again
    assert ranged.returncode == 0 and "MODEL" in ranged.stdout
    (folder / "p1-1.png").unlink()  # a picture fewer: again
    removed = build(fx_project, fixture_overlay, model, f"inputs={folder}")
    assert removed.returncode == 0 and "MODEL" in removed.stdout
    assert report(fx_project, "host", "fixture", "pictures")["run"]["output_check"]["inputs"] == 3


def manifest_overlay(tmp_path: Path, name: str, model: Path, inputs: Path) -> Path:
    """An overlay with models/<name>.yaml pinning `model` and its test inputs `inputs` by sha256."""
    from edgebench.fetch import sha256_of

    overlay = tmp_path / "overlay"
    (overlay / "models").mkdir(parents=True)
    (overlay / "models" / f"{name}.yaml").write_text(
        f"name: {name}\ndescription: a manifest with its own test inputs\nformat: onnx\nprecision: float32\n"
        f"source: {{url: 'file://{model}', sha256: '{sha256_of(model)}'}}\n"
        f"test_inputs:\n  file: {{url: 'file://{inputs}', sha256: '{sha256_of(inputs)}'}}\n")
    return overlay


def test_manifest_names_a_pinned_npz(fx_project: Path, fixture_overlay: dict, tmp_path: Path) -> None:
    model = make_dense_onnx(tmp_path / "pinned.onnx", seed=5)
    inputs = np.random.default_rng(2).normal(size=(3, 8)).astype(np.float32)
    np.savez(tmp_path / "pinned.npz", inputs=inputs, labels=np.array(reference_top1(model, inputs)))
    overlay = manifest_overlay(tmp_path, "pinned", model, tmp_path / "pinned.npz")
    done = scons(fx_project, f"overlay={fixture_overlay['overlay']},{overlay}", "engine=fixture", "board=host",
                 "model=pinned", env=fixture_overlay["env"])
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    check = report(fx_project, "host", "fixture", "pinned")["run"]["output_check"]
    assert (check["inputs"], check["labelled"], check["reference_correct"]) == (3, 3, 3)


def test_manifest_npz_of_the_wrong_shape_fails_its_step(fx_project: Path, fixture_overlay: dict,
                                                       tmp_path: Path) -> None:
    model = make_dense_onnx(tmp_path / "badpin.onnx")
    np.savez(tmp_path / "bad.npz", inputs=np.zeros((2, 5)))
    overlay = manifest_overlay(tmp_path, "badpin", model, tmp_path / "bad.npz")
    done = scons(fx_project, f"overlay={fixture_overlay['overlay']},{overlay}", "engine=fixture", "board=host",
                 "model=badpin", env=fixture_overlay["env"])
    assert done.returncode == 2
    assert "test_inputs.file" in done.stderr and "takes (8,) per input" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
