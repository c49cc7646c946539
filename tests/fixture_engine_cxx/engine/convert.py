"""C++ fixture converter: an ONNX model of one Gemm -> weight arrays in a C++ file."""
from __future__ import annotations

import string
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def convert(model_path: Path, model_format: str, spec: dict[str, Any], options: dict[str, Any],
            out_dir: Path) -> dict[str, Any]:
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(model_path)).graph
    gemm = next((node for node in graph.node if node.op_type == "Gemm"), None)
    if gemm is None:
        from edgebench.errors import UnsupportedModel

        raise UnsupportedModel("the C++ fixture engine runs one Gemm; this graph has none")
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    weights, bias = init[gemm.input[1]], init[gemm.input[2]]
    if not any(a.name == "transB" and a.i == 1 for a in gemm.attribute):
        weights = weights.T
    n_out, n_in = weights.shape
    values = {"n_in": n_in, "n_out": n_out, "weights": ", ".join(f"{v!r}f" for v in weights.flatten().tolist()),
              "bias": ", ".join(f"{v!r}f" for v in bias.tolist())}
    for name in ("fx_model.h", "fx_model.cc"):
        text = string.Template((HERE / f"{name}.in").read_text()).substitute(values)
        (out_dir / name).write_text(text)
    return {"inputs": [{"dtype": "float32", "shape": [n_in]}], "outputs": [{"dtype": "float32", "shape": [n_out]}]}
