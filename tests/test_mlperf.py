"""The four MLPerf Tiny int8 reference models (models/mlperf_*.yaml): manifests that load and pin
upstream's files exactly, their test inputs read as MLPerf's own code prepares them, and, with
../shared (`shared`) or the pinned input files (`upstream`), their host references and the
labelled accuracy on the chosen inputs."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import PROJECT
from edgebench import modeldata, references, testset
from edgebench.errors import InputError, SourceError
from edgebench.frontends import tflite
from edgebench.models import load_model

TINY = "1afd2c9820f795965a6134facd0b4dfae41ef23f"
TINYMAIX = "0532eceb92097dc97fb39b1d01a41f6736eb51bb"
NAMES = ["mlperf_ad", "mlperf_ic", "mlperf_kws", "mlperf_vww"]
MODEL_PATHS = {"mlperf_kws": "benchmark/training/keyword_spotting/trained_models/kws_ref_model.tflite",
               "mlperf_ic": "benchmark/training/image_classification/trained_models/pretrainedResnet_quant.tflite",
               "mlperf_vww": "benchmark/training/visual_wake_words/trained_models/vww_96_int8.tflite",
               "mlperf_ad": "benchmark/training/anomaly_detection/trained_models/ad01_int8.tflite"}
SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_COPIES = {"mlperf_kws": "mlperf_kws_ref_model.tflite", "mlperf_ic": "mlperf_ic_resnet8_int8.tflite",
                 "mlperf_vww": "mlperf_vww_96_int8.tflite", "mlperf_ad": "mlperf_ad01_int8.tflite"}
RAW_PIN = re.compile(r"^https://raw\.githubusercontent\.com/(mlcommons/tiny|sipeed/TinyMaix)/([0-9a-f]{40})/\S+$")
without_shared = pytest.mark.skipif(not (SHARED / "models").is_dir(), reason="../shared (published models) is absent")


def manifest(name: str) -> dict:
    return load_model(PROJECT / "models" / f"{name}.yaml")  # validated against the schema


def pinned_files(model: dict) -> list[dict]:
    """Every (url, sha256) the manifest pins: the model and its test input files."""
    inputs = model["test_inputs"]
    files = inputs.get("images", {}).get("files", []) + ([inputs["file"]] if "file" in inputs else [])
    return [model["source"], *files]


@pytest.mark.parametrize("name", NAMES)
def test_manifest_pins_upstreams_file_at_the_commit(name: str) -> None:
    model = manifest(name)
    assert (model["format"], model["precision"]) == ("tflite", "int8")
    assert model["source"]["url"] == f"https://raw.githubusercontent.com/mlcommons/tiny/{TINY}/{MODEL_PATHS[name]}"
    assert TINY[:7] in model["description"]
    for pin in pinned_files(model):
        match = RAW_PIN.match(pin["url"])
        assert match, f"{pin['url']} is not a raw file pinned to a commit"
        assert match.group(2) == {"mlcommons/tiny": TINY, "sipeed/TinyMaix": TINYMAIX}[match.group(1)]
        assert re.fullmatch(r"[0-9a-f]{64}", pin["sha256"])


@pytest.mark.parametrize(("name", "labels"), [
    # CIFAR-10 class numbers from upstream's file names <index>-<label>.jpg
    ("mlperf_ic", {"20-7.jpg": 7, "478-5.jpg": 5, "51-8.jpg": 8, "68-3.jpg": 3, "75-2.jpg": 2, "94-4.jpg": 4}),
    # 0 non_person, 1 person, as TinyMaix's pic_noperson*.h / pic_person*.h hold these pictures
    ("mlperf_vww", {"COCO_train2014_000000000250.jpg": 0, "COCO_train2014_000000000384.jpg": 0,
                    "COCO_train2014_000000000389.jpg": 1, "COCO_train2014_000000001111.jpg": 0,
                    "COCO_train2014_000000001943.jpg": 1, "COCO_train2014_000000002992.jpg": 1}),
])
def test_picture_labels(name: str, labels: dict[str, int]) -> None:
    files = manifest(name)["test_inputs"]["images"]["files"]
    assert {f["url"].rsplit("/", 1)[1]: f["label"] for f in files} == labels


def write_spectrogram(path: Path, frames: int) -> np.ndarray:
    """A spectrogram laid out as upstream's convert_dataset.py saves it: frames x 128 float32, frame after frame."""
    spectrogram = np.arange(frames * 128, dtype="<f4").reshape(frames, 128) / 100
    spectrogram.tofile(path)
    return spectrogram


def raw_model(path: Path, count: int) -> dict:
    inputs = manifest("mlperf_ad")["test_inputs"]
    pin = {"url": path.as_uri(), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    return {"format": "tflite", "test_inputs": {"file": {**inputs["file"], **pin, "raw": {**inputs["file"]["raw"],
                                                                                          "count": count}}}}


def test_raw_spectrogram_gives_windows_of_five_frames(tmp_path: Path) -> None:
    """Each input is five consecutive frames, as common.file_to_vector_array's vector_array[5k]."""
    spectrogram = write_spectrogram(tmp_path / "s.bin", 20)
    spec = {"inputs": [{"shape": [1, 640]}], "outputs": [{"shape": [1, 640]}]}
    inputs, labels = testset.make(raw_model(tmp_path / "s.bin", 3), tmp_path / "m", spec, tmp_path / "c", tmp_path)
    assert inputs.shape == (3, 640) and labels.tolist() == [-1, -1, -1]
    for k in range(3):
        assert np.array_equal(inputs[k], spectrogram[5 * k:5 * k + 5].reshape(-1))


@pytest.mark.parametrize(("values", "count", "says"), [
    (640 * 4 + 1, 2, "holds 2561 float32 values, which is not a whole number of inputs of 640"),
    (640 * 2, 3, "or fewer than 3 of them"),
])
def test_raw_file_of_another_layout_is_refused(tmp_path: Path, values: int, count: int, says: str) -> None:
    np.zeros(values, "<f4").tofile(tmp_path / "s.bin")
    spec = {"inputs": [{"shape": [1, 640]}], "outputs": [{"shape": [1, 640]}]}
    with pytest.raises(InputError, match="test_inputs.file file://") as error:
        testset.make(raw_model(tmp_path / "s.bin", count), tmp_path / "m", spec, tmp_path / "c", tmp_path)
    assert says in str(error.value)


# --- with ../shared: upstream's model files ------------------------------------------------------

def shared_model(name: str) -> Path:
    path = SHARED / "models" / SHARED_COPIES[name]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == manifest(name)["source"]["sha256"]
    return path


@pytest.mark.shared
@without_shared
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("variant", ["default", "builtin_ref"])
def test_host_reference_runs(tmp_path: Path, name: str, variant: str) -> None:
    """Both references run on each model (seeded inputs where ../shared holds none of the manifest's)."""
    path = shared_model(name)
    spec = tflite.io_spec(path)
    model = manifest(name)
    if "random" not in model["test_inputs"]:
        model = {**model, "test_inputs": {"random": {"count": 2, "seed": 0}}}
    inputs, _ = testset.make(model, path, spec, tmp_path, tmp_path)
    references.compute("tflite", path, inputs, variant, tmp_path / "r.npz")
    (outputs,) = references.load(tmp_path / "r.npz")
    assert outputs.shape == (len(inputs), *spec["outputs"][0]["shape"])
    assert references.recorded(tmp_path / "r.npz")["variant"] == variant


@pytest.mark.shared
@without_shared
def test_resnet8_on_the_cifar10_pictures(tmp_path: Path) -> None:
    """Most of the six labelled pictures right, with either reference, and the two agree on the top-1
    (../shared/inputs/cifar10 holds the manifest's pictures byte for byte)."""
    path = shared_model("mlperf_ic")
    model = manifest("mlperf_ic")
    for item in model["test_inputs"]["images"]["files"]:
        local = SHARED / "inputs" / "cifar10" / item["url"].rsplit("/", 1)[1]
        assert hashlib.sha256(local.read_bytes()).hexdigest() == item["sha256"]
        item["url"] = local.as_uri()
    inputs, labels = testset.make(model, path, tflite.io_spec(path), tmp_path, tmp_path)
    assert inputs.max() == 255  # pixels as MLPerf feeds them, not scaled to [0, 1]
    top1 = {}
    for variant in ("default", "builtin_ref"):
        references.compute("tflite", path, inputs, variant, tmp_path / f"{variant}.npz")
        top1[variant] = references.load(tmp_path / f"{variant}.npz")[0].reshape(len(inputs), -1).argmax(axis=1)
    assert np.array_equal(top1["default"], top1["builtin_ref"])
    assert np.sum(top1["default"] == labels) > len(labels) / 2


# --- with the pinned input files (upstream, or a mirror / download cache) -------------------------

def conan_home(scratch: Path) -> Path:
    """The caller's Conan home where one is named (its mirror or download cache), else a fresh one that
    downloads from upstream: never the checkout's own."""
    return Path(os.environ.get("EDGEBENCH_CONAN_HOME", scratch / "conan2")).resolve()


@pytest.mark.upstream
@pytest.mark.parametrize("name", NAMES)
def test_model_data_from_the_pins(tmp_path: Path, name: str) -> None:
    """The model data step on each manifest as it is; labelled models get most inputs right."""
    try:
        modeldata.prepare(manifest(name), tmp_path, conan_home(tmp_path))
    except SourceError as exc:
        pytest.skip(f"the pinned files are out of reach: {str(exc)[:300]}")
    inputs, labels = modeldata.load_testset(tmp_path / "testset.npz")
    references.compute("tflite", tmp_path / "model.tflite", inputs, "builtin_ref", tmp_path / "r.npz")
    top1 = references.load(tmp_path / "r.npz")[0].reshape(len(inputs), -1).argmax(axis=1)
    known = labels >= 0
    if known.any():
        assert np.sum(top1[known] == labels[known]) > known.sum() / 2
