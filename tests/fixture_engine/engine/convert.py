"""Fixture converter: one dense layer -> weight arrays in C, from an ONNX Gemm or a float .tflite
FULLY_CONNECTED (read with edgebench's own flatbuffer reader)."""
from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).parent


def _unsupported(why: str) -> Exception:
    from edgebench.errors import UnsupportedModel

    return UnsupportedModel(why)


def _dense_onnx(model_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(weights [n_out, n_in], bias [n_out]) of the graph's Gemm."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(model_path)).graph
    gemm = next((node for node in graph.node if node.op_type == "Gemm"), None)
    if gemm is None:
        raise _unsupported("the fixture engine runs one Gemm; this graph has none")
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    weights, bias = init[gemm.input[1]], init[gemm.input[2]]
    if not any(a.name == "transB" and a.i == 1 for a in gemm.attribute):
        weights = weights.T
    return weights, bias


def _dense_tflite(model_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(weights [n_out, n_in], bias [n_out]) of the model's one float FULLY_CONNECTED."""
    from edgebench.frontends import tflite_graph

    graph = tflite_graph.read(model_path)
    if [op.kind for op in graph.operators] != ["FULLY_CONNECTED"]:
        raise _unsupported("the fixture engine runs one FULLY_CONNECTED; this model has "
                           + ", ".join(op.kind for op in graph.operators))
    weights, bias = (graph.tensors[i].data for i in graph.operators[0].inputs[1:3])
    if weights is None or bias is None or weights.dtype != np.float32:
        raise _unsupported("the fixture engine takes float32 constant weights and bias")
    return weights, bias


def convert(model_path: Path, model_format: str, spec: dict[str, Any], options: dict[str, Any],
            out_dir: Path) -> dict[str, Any]:
    weights, bias = (_dense_tflite if model_format == "tflite" else _dense_onnx)(model_path)
    n_out, n_in = weights.shape
    values = {"n_in": n_in, "n_out": n_out, "weights": ", ".join(f"{v!r}f" for v in weights.flatten().tolist()),
              "bias": ", ".join(f"{v!r}f" for v in bias.tolist())}
    (out_dir / "fx_port.h").write_text("#define FX_PORTED 1\n")
    for name in ("model_data.h", "model_data.c"):
        text = string.Template((HERE / f"{name}.in").read_text()).substitute(values)
        (out_dir / name).write_text(text)
    return {"inputs": [{"dtype": "float32", "shape": [n_in]}], "outputs": [{"dtype": "float32", "shape": [n_out]}]}
