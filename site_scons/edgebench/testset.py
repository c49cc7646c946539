"""Test inputs for a model, as real-valued float32 arrays, with labels where known (-1 otherwise)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from . import userinputs
from .errors import InputError
from .fetch import fetch
from .frontends import frontend


def item_shape(spec: dict[str, Any]) -> list[int]:
    shape = spec["shape"]
    return shape[1:] if len(shape) > 1 and shape[0] == 1 else shape


def _random(cfg: dict[str, Any], spec: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(cfg["seed"])
    values = rng.uniform(cfg.get("low", 0.0), cfg.get("high", 1.0), size=[cfg["count"], *item_shape(spec)])
    return values.astype(np.float32), np.full(cfg["count"], -1)


def _images(cfg: dict[str, Any], spec: dict[str, Any], conan_home: Path,
            scratch: Path, where: str) -> tuple[np.ndarray, np.ndarray]:
    """A manifest's pinned pictures, read and laid out as a user's own folder is (userinputs)."""
    shape = item_shape(spec)
    height, width, channels, first = userinputs.image_layout(shape, where)
    images = []
    for item in cfg["files"]:
        path = fetch(item["url"], item["sha256"], scratch / item["sha256"], conan_home)
        pixels = userinputs.read_image(path, (height, width, channels), where) * cfg["scale"]
        images.append(np.transpose(pixels, (2, 0, 1)) if first else pixels.reshape(shape))
    return np.stack(images), np.array([item.get("label", -1) for item in cfg["files"]])


def make(model: dict[str, Any], model_path: Path, spec: dict[str, Any], conan_home: Path,
         scratch: Path) -> tuple[np.ndarray, np.ndarray]:
    cfg = model["test_inputs"]
    if "held_out" in cfg:
        return frontend(model["format"]).held_out(model_path, cfg["held_out"]["count"])
    if "images" in cfg:
        return _images(cfg["images"], spec["inputs"][0], conan_home, scratch,
                       f"{model.get('file', 'the model manifest')}: field 'test_inputs.images'")
    if "file" in cfg:
        return _file(cfg["file"], spec, conan_home, scratch)
    return _random(cfg["random"], spec["inputs"][0])


def _file(cfg: dict[str, Any], spec: dict[str, Any], conan_home: Path,
          scratch: Path) -> tuple[np.ndarray, np.ndarray]:
    """A user's inputs: a local path (argument inputs=) or an .npy/.npz pinned in a manifest. `spec`:
    the model's io_spec."""
    shape, classes = item_shape(spec["inputs"][0]), userinputs.class_count(spec["outputs"][0]["shape"])
    if "path" in cfg:
        return userinputs.load(Path(cfg["path"]), shape, tuple(cfg["range"]), classes=classes)
    path = fetch(cfg["url"], cfg["sha256"], scratch / cfg["sha256"], conan_home)
    if "raw" in cfg:
        return _raw(path, cfg["raw"], shape, f"test_inputs.file {cfg['url']}")
    return userinputs.load(path, shape, where=f"test_inputs.file {cfg['url']}", classes=classes)


def _raw(path: Path, raw: dict[str, Any], shape: list[int], where: str) -> tuple[np.ndarray, np.ndarray]:
    """The first raw['count'] inputs of a headerless little-endian array (numpy's tofile), which must
    hold a whole number of inputs: a size that does not divide is another layout or another type."""
    values = np.fromfile(path, dtype=np.dtype(raw["dtype"]).newbyteorder("<"))
    size = int(np.prod(shape))
    if values.size % size or values.size < raw["count"] * size:
        raise InputError(f"the file holds {values.size} {raw['dtype']} values, which is not a whole number of "
                         f"inputs of {size} ({'x'.join(map(str, shape))}) or fewer than {raw['count']} of them",
                         where=where, expected=f"{raw['count']} or more inputs of {size} {raw['dtype']} values each",
                         fix="check the file, raw.dtype and raw.count")
    inputs = values[: raw["count"] * size].reshape(raw["count"], *shape).astype(np.float32)
    if not np.all(np.isfinite(inputs)):
        raise InputError("the file holds NaN or infinite values", where=where, expected="finite real values")
    return inputs, np.full(raw["count"], -1)


def source_files(model: dict[str, Any]) -> list[Path]:
    """Local files the test inputs are made from, beyond the manifest (so editing them rebuilds)."""
    local = model["test_inputs"].get("file", {}).get("path")
    return userinputs.source_files(Path(local)) if local else []


def with_user_inputs(models: list[dict[str, Any]], path_text: str | None, range_text: str | None,
                     launch_dir: Path | None = None) -> list[dict[str, Any]]:
    """Arguments inputs= and inputs_range=: every model given as a path gets these test inputs, checked
    against its input shape now, before anything builds. Catalogue models carry their own. A relative
    path is taken from `launch_dir` (where scons was started), as a model's path is."""
    if not path_text:
        if range_text:
            raise InputError("inputs_range= is given without inputs=", where="command line",
                             fix="add inputs=<folder of images> or drop inputs_range=")
        return models
    catalogue = [m["name"] for m in models if "path" not in m["source"]]
    if catalogue:
        raise InputError(f"inputs= is for models given as a path; {', '.join(catalogue)} "
                         "come(s) from models/ with its own test_inputs", where="argument inputs",
                         fix="build catalogue models in a separate command (or give their file as a path)")
    path = ((launch_dir or Path.cwd()) / Path(path_text).expanduser()).resolve()
    value_range = userinputs.parse_range(range_text)
    if path.is_file() and path.suffix.lower() not in userinputs.ARRAY_SUFFIXES:
        raise InputError(f"'{path_text}' is neither a folder nor an .npy/.npz file", where="argument inputs",
                         expected="a folder of images, an .npy or an .npz file",
                         fix="for images, give the folder that holds them")
    if range_text and not path.is_dir():
        raise InputError("inputs_range= applies to a folder of images; an .npy/.npz holds real values already",
                         where="argument inputs_range", fix="drop inputs_range=")
    return [_with_inputs(m, path, value_range) for m in models]


def _with_inputs(model: dict[str, Any], path: Path, value_range: tuple[float, float]) -> dict[str, Any]:
    reader = frontend(model["format"])
    shape = item_shape({"shape": reader.input_shape(model["file"])})
    classes = userinputs.class_count(reader.output_shape(model["file"]))
    userinputs.load(path, shape, value_range, where=f"argument inputs (model {model['name']})", classes=classes)
    return {**model, "test_inputs": {"file": {"path": str(path), "range": list(value_range)}}}
