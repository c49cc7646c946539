"""Test inputs for a model, as real-valued float32 arrays, with labels where known (-1 otherwise)."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from .fetch import fetch
from .frontends import frontend


def _item_shape(spec: dict[str, Any]) -> list[int]:
    shape = spec["shape"]
    return shape[1:] if len(shape) > 1 and shape[0] == 1 else shape


def _random(cfg: dict[str, Any], spec: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(cfg["seed"])
    values = rng.uniform(cfg.get("low", 0.0), cfg.get("high", 1.0), size=[cfg["count"], *_item_shape(spec)])
    return values.astype(np.float32), np.full(cfg["count"], -1)


def _images(cfg: dict[str, Any], spec: dict[str, Any], conan_home: Path,
            scratch: Path) -> tuple[np.ndarray, np.ndarray]:
    from PIL import Image

    shape = _item_shape(spec)
    channels_first = len(shape) == 3 and shape[0] in (1, 3) and shape[-1] not in (1, 3)
    images = []
    for item in cfg["files"]:
        path = fetch(item["url"], item["sha256"], scratch / item["sha256"], conan_home)
        with Image.open(io.BytesIO(path.read_bytes())) as image:
            pixels = np.asarray(image.convert("RGB" if 3 in (shape[0], shape[-1]) else "L"), dtype=np.float32)
        pixels = pixels * cfg["scale"]
        images.append(np.transpose(pixels, (2, 0, 1)) if channels_first else pixels.reshape(shape))
    return np.stack(images), np.array([item.get("label", -1) for item in cfg["files"]])


def make(model: dict[str, Any], model_path: Path, spec: dict[str, Any], conan_home: Path,
         scratch: Path) -> tuple[np.ndarray, np.ndarray]:
    cfg = model["test_inputs"]
    if "held_out" in cfg:
        return frontend(model["format"]).held_out(model_path, cfg["held_out"]["count"])
    if "images" in cfg:
        return _images(cfg["images"], spec["inputs"][0], conan_home, scratch)
    return _random(cfg["random"], spec["inputs"][0])
