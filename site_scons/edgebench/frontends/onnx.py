"""ONNX models; host reference: onnxruntime."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ._common import materialize_file

materialize = materialize_file

REFERENCE_PACKAGE = "onnxruntime"
REFERENCE_DEFAULT = "CPUExecutionProvider"


def _session(path: Path):
    import onnxruntime

    try:
        return onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own untyped errors
        raise InputError(f"onnxruntime cannot load this model: {exc}", where=str(path),
                         expected="a valid .onnx model") from exc


def _dtype(onnx_type: str) -> str:
    return {"tensor(float)": "float32", "tensor(int8)": "int8", "tensor(uint8)": "uint8"}.get(onnx_type, onnx_type)


def _shape(shape: list[Any]) -> list[int]:
    return [dim if isinstance(dim, int) else 1 for dim in shape]


def io_spec(path: Path) -> dict[str, Any]:
    session = _session(path)
    return {
        "inputs": [{"name": t.name, "dtype": _dtype(t.type), "shape": _shape(t.shape)} for t in session.get_inputs()],
        "outputs": [{"name": t.name, "dtype": _dtype(t.type), "shape": _shape(t.shape)} for t in session.get_outputs()],
    }


def input_shape(path: Path) -> list[int]:
    return io_spec(path)["inputs"][0]["shape"]


def output_shape(path: Path) -> list[int]:
    return io_spec(path)["outputs"][0]["shape"]


def reference(path: Path, inputs: list[np.ndarray]) -> list[list[np.ndarray]]:
    session = _session(path)
    name = session.get_inputs()[0].name
    return [[np.asarray(out, dtype=np.float32) for out in session.run(None, {name: x[None, ...]})] for x in inputs]
