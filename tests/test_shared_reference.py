"""Host references on real published models from ../shared (skipped where
../shared is absent): ai-edge-litert on TinyMaix's cifar10 models and
onnxruntime on their ONNX conversion, through the same testset code the
build uses (file:// URLs pinned by sha256)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from edgebench.frontends import frontend
from edgebench.testset import make

SHARED = Path(__file__).resolve().parents[2] / "shared"
pytestmark = [pytest.mark.shared,
              pytest.mark.skipif(not (SHARED / "models").is_dir(), reason="../shared (published models) is absent")]
EXPECTED = [7, 5, 6, 3, 2, 4]  # ../shared/README.md: 51-8 is a genuine misclassification


def cifar_images() -> dict:
    files = []
    for name in ["20-7", "478-5", "51-8", "68-3", "75-2", "94-4"]:
        path = SHARED / "inputs" / "cifar10" / f"{name}.jpg"
        files.append({"url": path.as_uri(), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                      "label": int(name.split("-")[1])})
    return {"images": {"files": files, "scale": 1 / 255}}


@pytest.mark.parametrize("name", ["tinymaix_cifar10_q.tflite", "tinymaix_cifar10_f.tflite", "tinymaix_cifar10_f.onnx"])
def test_cifar10_reference_predictions(tmp_path: Path, name: str) -> None:
    path = SHARED / "models" / name
    fmt = path.suffix[1:]
    front = frontend(fmt)
    spec = front.io_spec(path)
    model = {"format": fmt, "test_inputs": cifar_images()}
    inputs, labels = make(model, path, spec, tmp_path / "conan2", tmp_path / "scratch")
    assert labels.tolist() == [7, 5, 8, 3, 2, 4]
    outputs = front.reference(path, list(inputs))
    assert [int(np.argmax(o[0])) for o in outputs] == EXPECTED
