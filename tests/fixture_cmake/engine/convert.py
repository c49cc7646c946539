"""Fixture CMake engine's converter: the dense layer's weights as C arrays."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def convert(model_path: Path, model_format: str, spec: dict[str, Any], options: dict[str, Any],
            out_dir: Path) -> dict[str, Any]:
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(model_path)).graph
    tensors = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    weights, bias = tensors["w"], tensors["b"]
    n_out, n_in = weights.shape

    def array(name: str, values) -> str:
        return f"const float {name}[{len(values)}] = {{{', '.join(repr(float(v)) + 'f' for v in values)}}};\n"

    (out_dir / "fxdense_model.c").write_text('#include "fxdense_model.h"\n' + array("fx_w", weights.ravel())
                                              + array("fx_b", bias))
    (out_dir / "fxdense_model.h").write_text(f"#define FX_IN {n_in}\n#define FX_OUT {n_out}\n"
                                              "extern const float fx_w[], fx_b[];\n")
    return {"inputs": [{"dtype": "float32", "shape": [n_in]}], "outputs": [{"dtype": "float32", "shape": [n_out]}]}
