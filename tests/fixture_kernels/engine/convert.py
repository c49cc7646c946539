"""fxk converter: a float .tflite of FULLY_CONNECTED, RELU and SOFTMAX layers -> its tensors and nodes
in C, and the op resolver for the operators edgebench hands it (only those: the link then needs
only their kernels)."""
from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).parent


def _unsupported(why: str) -> Exception:
    from edgebench.errors import UnsupportedModel

    return UnsupportedModel(why)


def _check(graph) -> None:
    for op in graph.operators:
        options = op.options
        if op.kind == "FULLY_CONNECTED" and options.get("fused_activation_function", 0) != 0:
            raise _unsupported("fxk's FULLY_CONNECTED has no fused activation")
        if op.kind == "SOFTMAX" and options.get("beta", 1.0) != 1.0:
            raise _unsupported("fxk's SOFTMAX takes beta 1 only")
    if any(t.dtype != np.float32 for t in graph.tensors):
        raise _unsupported("fxk computes in float32 only")


def _constant(index: int, data: np.ndarray) -> str:
    values = ", ".join(f"{v!r}f" for v in data.astype(np.float32).flatten().tolist())
    return f"static const float t{index}[{data.size}] = {{{values}}};"


def _tensor(index: int, tensor) -> str:
    data = f"t{index}" if tensor.data is not None else "0"
    return f"    {{{data}, 0, {int(np.prod(tensor.shape))}}},"


def _node(op) -> str:
    inputs = (op.inputs + [-1, -1, -1])[:3]
    return f"    {{BuiltinOperator_{op.kind}, {{{', '.join(map(str, inputs))}}}, {op.outputs[0]}, 0}},"


def convert(model_path: Path, model_format: str, spec: dict[str, Any], options: dict[str, Any],
            out_dir: Path, operators: dict[str, str] | None = None) -> dict[str, Any]:
    from edgebench.frontends import tflite_graph

    if operators is None:
        raise _unsupported("fxk needs its op resolver's methods for the model's operators (engine.yaml `operators`)")
    graph = tflite_graph.read(model_path)
    _check(graph)
    values = {"constants": "\n".join(_constant(i, t.data) for i, t in enumerate(graph.tensors) if t.data is not None),
              "tensors": "\n".join(_tensor(i, t) for i, t in enumerate(graph.tensors)),
              "tensor_count": len(graph.tensors), "nodes": "\n".join(map(_node, graph.operators)),
              "node_count": len(graph.operators), "input": graph.inputs[0], "output": graph.outputs[0],
              "adds": "\n".join(f"    if (rc == FXK_OK)\n        rc = {method}(resolver);"
                                 for method in operators.values())}
    for name in ("fxk_model.h", "fxk_model.c", "fxk_ops.c"):
        (out_dir / name).write_text(string.Template((HERE / f"{name}.in").read_text()).substitute(values))
    first, last = graph.tensors[graph.inputs[0]], graph.tensors[graph.outputs[0]]
    return {"inputs": [{"dtype": "float32", "shape": first.shape}],
            "outputs": [{"dtype": "float32", "shape": last.shape}],
            "details": {"operators": operators}}
