"""Models: models/<name>.yaml manifests, or a user's own .tflite/.onnx file."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from . import datafile
from .catalog import Catalog
from .errors import InputError

Model = dict[str, Any]

FORMAT_BY_SUFFIX = {".tflite": "tflite", ".onnx": "onnx"}
USER_MODEL_TEST_INPUTS = {"random": {"count": 4, "seed": 0}}


def load_model(path: Path) -> Model:
    model = datafile.load(path, "model")
    if model["name"] != path.stem:
        raise InputError(f"name '{model['name']}' differs from the file name", where=f"{path}: field 'name'",
                         expected=f"'{path.stem}'")
    if "train" in model["source"] and model["format"] != "sklearn":
        raise InputError("only sklearn models are trained at build time", where=f"{path}: field 'source.train'",
                         fix="give source.url and source.sha256 for a model file")
    if "held_out" in model["test_inputs"] and "train" not in model["source"]:
        raise InputError("held_out test inputs need a training recipe", where=f"{path}: field 'test_inputs.held_out'",
                         fix="use test_inputs.random or test_inputs.images")
    model["file"] = path
    model.setdefault("precision", "float32" if model["format"] == "sklearn" else None)
    return model


def precision_of(dtype: np.dtype) -> str:
    """A model's precision from its input's type: int8, uint8 (TFLite's older quantisation) or float32."""
    return dtype.name if dtype.name in ("int8", "uint8") else "float32"


def file_precision(path: Path, model_format: str) -> str:
    """The precision of a user's model file, read before anything is built."""
    if model_format == "tflite":
        from .frontends import tflite_graph

        graph = tflite_graph.read(path)
        return precision_of(graph.tensors[graph.inputs[0]].dtype)
    import onnx

    try:
        graph = onnx.load(str(path), load_external_data=False).graph
    except Exception as exc:  # protobuf's DecodeError and friends
        raise InputError(f"cannot read this ONNX model ({type(exc).__name__}: {exc})", where=str(path),
                         expected="a complete, valid .onnx file") from exc
    elem = graph.input[0].type.tensor_type.elem_type if graph.input else onnx.TensorProto.FLOAT
    return precision_of(np.dtype(onnx.helper.tensor_dtype_to_np_dtype(elem)))


def tags(model: Model) -> set[str]:
    """What engines may key option defaults and requirements on, besides board features."""
    return {f"model_{model['precision']}"} if model.get("precision") else set()


def user_model(text: str, base: Path | None = None) -> Model:
    """A model given as a path (relative to `base`, else the working directory): its format
    comes from the suffix, its test inputs are seeded random."""
    path = ((base or Path.cwd()) / Path(text).expanduser()).resolve()
    if path.suffix not in FORMAT_BY_SUFFIX:
        raise InputError(f"'{text}' is not a model file edgebench reads", where="argument model",
                         expected="a models/ name, or a path ending in .tflite or .onnx")
    if not path.is_file():
        raise InputError(f"model file '{text}' does not exist", where="argument model")
    return {
        "name": re.sub(r"[^a-z0-9_]", "_", path.stem.lower()),
        "description": f"user model {path.name}",
        "format": FORMAT_BY_SUFFIX[path.suffix],
        "source": {"path": str(path)},
        "test_inputs": USER_MODEL_TEST_INPUTS,
        "file": path,
        "precision": file_precision(path, FORMAT_BY_SUFFIX[path.suffix]),
    }


def resolve(catalog: Catalog, text: str, base: Path | None = None) -> Model:
    # Manifest names are [a-z0-9_]: anything with a dot or a slash is a file.
    if "/" in text or "." in text:
        return user_model(text, base)
    return load_model(catalog.find("model", text))


def model_suffix(model: Model) -> str:
    return {"tflite": ".tflite", "onnx": ".onnx", "sklearn": ".pkl"}[model["format"]]


def check_model_names(model_list: list[dict[str, Any]], catalog: Catalog) -> None:
    """Every model builds into build/_models/<name> and build/<board>/<engine>/<name>: a
    user's file must not take a catalogue model's name, nor two files one name."""
    catalogue = catalog.models()
    seen: dict[str, dict[str, Any]] = {}
    for model in model_list:
        name, path = model["name"], model["source"].get("path")
        if path and name in catalogue:
            raise InputError(f"model file '{path}' would be named '{name}', which is the catalogue model "
                             f"{catalogue[name]}", where="argument model",
                             expected="a file whose name is not a models/ name",
                             fix=f"rename or copy the file (e.g. my_{Path(path).name})")
        if name in seen:
            raise InputError(f"models '{_origin(seen[name])}' and '{_origin(model)}' would both be named '{name}'",
                             where="argument model", expected="model files with different names",
                             fix="rename or copy one of the files")
        seen[name] = model


def _origin(model: dict[str, Any]) -> str:
    return model["source"].get("path") or model["name"]
