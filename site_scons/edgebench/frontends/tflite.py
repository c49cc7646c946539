"""TFLite models; host reference: ai-edge-litert's Interpreter.

ai-edge-litert, not tflite-runtime: tflite-runtime's last release (2.14)
needs numpy<2, which current onnx and onnxruntime no longer accept;
ai-edge-litert is its maintained successor with the same Interpreter API.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ._common import dequantize, materialize_file, quantize

materialize = materialize_file

REFERENCE_PACKAGE = "ai-edge-litert"
REFERENCE_DEFAULT = ("the interpreter's default op resolver (OpResolverType.AUTO): optimised kernels and the "
                     "XNNPack delegate")
# Variants an engine may ask for (engine.yaml host_reference): the name is ai-edge-litert's
# OpResolverType in lower case. The optimised int8 kernels and XNNPack round apart from the
# reference kernels (by up to 12 output steps on MLPerf Tiny's ResNet-8), and TFLM's reference
# kernels are ports of TFLite's reference kernels: against those, their results are exact.
REFERENCE_VARIANTS = {
    "builtin_ref": "TFLite's reference kernels (OpResolverType.BUILTIN_REF), the ones TFLM's reference kernels follow",
}


def _interpreter(path: Path, variant: str = "default"):
    from ai_edge_litert.interpreter import Interpreter, OpResolverType

    resolver = OpResolverType.AUTO if variant == "default" else OpResolverType[variant.upper()]
    try:
        interpreter = Interpreter(model_path=str(path), experimental_op_resolver_type=resolver)
        interpreter.allocate_tensors()
    except (ValueError, RuntimeError) as exc:
        raise InputError(f"the TFLite interpreter cannot load this model: {exc}", where=str(path),
                         expected="a valid .tflite model") from exc
    return interpreter


def _tensor(detail: dict[str, Any]) -> dict[str, Any]:
    scale, zero_point = detail["quantization"]
    spec = {"name": detail["name"], "dtype": np.dtype(detail["dtype"]).name, "shape": [int(d) for d in detail["shape"]]}
    if scale:
        spec["quant"] = {"scale": float(scale), "zero_point": int(zero_point)}
    return spec


def io_spec(path: Path) -> dict[str, Any]:
    interpreter = _interpreter(path)
    return {"inputs": [_tensor(d) for d in interpreter.get_input_details()],
            "outputs": [_tensor(d) for d in interpreter.get_output_details()]}


def input_shape(path: Path) -> list[int]:
    """The first input's shape, read from the file without starting an interpreter (it prints as it starts)."""
    from . import tflite_graph

    graph = tflite_graph.read(path)
    return list(graph.tensors[graph.inputs[0]].shape)


def output_shape(path: Path) -> list[int]:
    """The first output's shape, read from the file as input_shape is."""
    from . import tflite_graph

    graph = tflite_graph.read(path)
    return list(graph.tensors[graph.outputs[0]].shape)


def reference(path: Path, inputs: list[np.ndarray], variant: str = "default") -> list[list[np.ndarray]]:
    """The outputs for each input, dequantised; `variant`: "default" or a REFERENCE_VARIANTS name."""
    interpreter = _interpreter(path, variant)
    detail = interpreter.get_input_details()[0]
    results = []
    for x in inputs:
        value = x[None, ...].astype(np.float32)
        scale, zero_point = detail["quantization"]
        if scale:
            value = quantize(value, np.dtype(detail["dtype"]).name, scale, zero_point)
        interpreter.set_tensor(detail["index"], value.astype(detail["dtype"]))
        interpreter.invoke()
        results.append([dequantize(interpreter.get_tensor(d["index"]), *d["quantization"])
                        for d in interpreter.get_output_details()])
    return results


# Operators that only move or select quantised values (same scale in and out):
# they cannot round a result differently from one engine to another.
_MOVES = {"RESHAPE", "PAD", "PADV2", "MAX_POOL_2D", "SQUEEZE", "EXPAND_DIMS", "TRANSPOSE", "STRIDED_SLICE",
          "SLICE", "PACK", "UNPACK", "SHAPE", "GATHER", "SPLIT", "DEPTH_TO_SPACE", "SPACE_TO_DEPTH"}


def requantising_layers(path: Path) -> int | None:
    """Operators whose quantised result is computed wider and rescaled (conv, FC, add,
    mean, softmax, ...): each is a place where two correct engines may round apart.
    None when the model is not quantised."""
    from .tflite_graph import read

    graph = read(path)
    count = sum(1 for op in graph.operators
                if op.kind not in _MOVES and op.outputs and graph.tensors[op.outputs[0]].quantized)
    return count or None
