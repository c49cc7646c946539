"""A model made ready for every board and engine: the model file, its I/O
spec and its test inputs. The host reference outputs for them are computed apart,
per reference variant a target needs (references.py)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from . import testset
from .errors import InputError
from .frontends import frontend
from .models import model_suffix, precision_of


def paths(out_dir: Path, model: dict[str, Any]) -> dict[str, Path]:
    return {"model": out_dir / f"model{model_suffix(model)}", "io": out_dir / "model_io.json",
            "testset": out_dir / "testset.npz"}


def prepare(model: dict[str, Any], out_dir: Path, conan_home: Path) -> None:
    """Write every file of paths(); each is written whole or not at all."""
    files = paths(out_dir, model)
    front = frontend(model["format"])
    front.materialize(model, files["model"], conan_home)
    spec = front.io_spec(files["model"])
    _check_precision(model, spec)
    if hasattr(front, "host_accuracy"):
        spec["host_accuracy"] = front.host_accuracy(files["model"])
    inputs, labels = testset.make(model, files["model"], spec, conan_home, out_dir / "downloads")
    _save_npz(files["testset"], inputs=inputs, labels=labels)
    _write_json(files["io"], spec)


def _check_precision(model: dict[str, Any], spec: dict[str, Any]) -> None:
    """The manifest's precision drove option defaults before the file was at hand: hold it to the file."""
    dtype = np.dtype(spec["inputs"][0]["dtype"])
    actual = precision_of(dtype)
    if model.get("precision") and model["precision"] != actual:
        raise InputError(f"the model file takes {dtype.name} input, so it is {actual}, not {model['precision']}",
                         where=f"{model['file']}: field 'precision'", expected=actual,
                         fix=f"set precision: {actual}")


def _save_npz(path: Path, **arrays: np.ndarray) -> None:
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, **arrays)
    tmp.replace(path)


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    tmp.replace(path)


def load_testset(path: Path) -> tuple[np.ndarray, np.ndarray]:
    with np.load(path) as data:
        return data["inputs"], data["labels"]
