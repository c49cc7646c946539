"""A .tflite file as plain data (tensors with their constant data, operators
with their options), for converters that rewrite the graph into an engine's
own format.

Reads the flatbuffer with the schema module that ai-edge-litert ships (and
the flatbuffers package it depends on), so no TensorFlow is needed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError

# tflite TensorType -> numpy
DTYPES = {0: np.float32, 1: np.float16, 2: np.int32, 3: np.uint8, 4: np.int64, 6: np.bool_, 7: np.int16,
          9: np.int8}


@dataclass
class Tensor:
    name: str
    shape: list[int]
    dtype: np.dtype
    scale: np.ndarray | None = None  # float32, one per channel or one per tensor
    zero_point: np.ndarray | None = None
    data: np.ndarray | None = None  # constant tensors only

    @property
    def quantized(self) -> bool:
        return self.scale is not None and self.scale.size > 0


@dataclass
class Operator:
    kind: str  # the builtin operator's name, e.g. CONV_2D
    inputs: list[int]  # tensor indices; -1 is an omitted optional input
    outputs: list[int]
    options: dict[str, Any] = field(default_factory=dict)  # snake_case option names


@dataclass
class Graph:
    tensors: list[Tensor]
    operators: list[Operator]
    inputs: list[int]
    outputs: list[int]


def _snake(name: str) -> str:
    return re.sub(r"([A-Z])", r"_\1", name).lower()  # dilationHFactor -> dilation_h_factor


def read(path: Path) -> Graph:
    """The first subgraph of a .tflite model."""
    from ai_edge_litert import schema_py_generated as schema

    data = Path(path).read_bytes()
    if len(data) < 8 or data[4:8] != b"TFL3":
        raise InputError("not a TFLite flatbuffer (no TFL3 identifier)", where=str(path),
                         expected="a .tflite model file")
    try:
        model = schema.ModelT.InitFromObj(schema.Model.GetRootAs(data, 0))
        graph = _graph(model, schema)
    except Exception as exc:  # a damaged flatbuffer fails anywhere inside the generated reader
        raise InputError(f"cannot read this TFLite model ({type(exc).__name__}: {exc})", where=str(path),
                         expected="a complete, valid .tflite file") from exc
    _check_outputs(graph, path)
    return graph


def operator_kinds(path: Path) -> list[str]:
    """The builtin operators of the first subgraph, in execution order, without unpacking tensors or
    weights (cheap enough to ask when a build is planned)."""
    from ai_edge_litert import schema_py_generated as schema

    data = Path(path).read_bytes()
    if len(data) < 8 or data[4:8] != b"TFL3":
        raise InputError("not a TFLite flatbuffer (no TFL3 identifier)", where=str(path),
                         expected="a .tflite model file")
    names = {value: key for key, value in vars(schema.BuiltinOperator).items() if not key.startswith("_")}
    try:
        model = schema.Model.GetRootAs(data, 0)
        sub = model.Subgraphs(0)
        codes = [model.OperatorCodes(i) for i in range(model.OperatorCodesLength())]
        kinds = [max(c.BuiltinCode(), c.DeprecatedBuiltinCode()) for c in codes]
        return [names.get(kinds[sub.Operators(i).OpcodeIndex()], "CUSTOM") for i in range(sub.OperatorsLength())]
    except Exception as exc:  # a damaged flatbuffer fails anywhere inside the generated reader
        raise InputError(f"cannot read this TFLite model ({type(exc).__name__}: {exc})", where=str(path),
                         expected="a complete, valid .tflite file") from exc


def _check_outputs(graph: Graph, path: Path) -> None:
    """Every output is computed by an operator, or is an input or a constant: TFLite's
    interpreter leaves an orphan output without data and fails only when it is read."""
    produced = {i for op in graph.operators for i in op.outputs} | set(graph.inputs)
    for index in graph.outputs:
        if not 0 <= index < len(graph.tensors):
            raise InputError(f"output {index} is not a tensor of the model", where=str(path),
                             expected="a complete, valid .tflite file")
        if index not in produced and graph.tensors[index].data is None:
            raise InputError(f"output tensor '{graph.tensors[index].name}' (tensor {index}) is computed by no "
                             "operator", where=str(path), expected="outputs that the model's operators compute",
                             fix="export the model again with its real output tensors")


def _graph(model, schema) -> Graph:
    names = {value: key for key, value in vars(schema.BuiltinOperator).items() if not key.startswith("_")}
    sub = model.subgraphs[0]
    tensors = []
    for t in sub.tensors:
        q = t.quantization
        scale = None if q is None or q.scale is None else np.asarray(q.scale, dtype=np.float32)
        zero = None if q is None or q.zeroPoint is None else np.asarray(q.zeroPoint, dtype=np.int64)
        dtype = np.dtype(DTYPES.get(t.type, np.uint8))
        shape = [int(d) for d in (t.shape if t.shape is not None else [])]
        buffer = model.buffers[t.buffer].data if t.buffer < len(model.buffers) else None
        constant = None
        if buffer is not None and len(buffer):
            constant = np.frombuffer(bytes(buffer), dtype=dtype.newbyteorder("<")).reshape(shape)
        tensors.append(Tensor(t.name.decode() if isinstance(t.name, bytes) else str(t.name), shape, dtype,
                              scale, zero, constant))
    operators = []
    for op in sub.operators:
        code = model.operatorCodes[op.opcodeIndex]
        kind = names.get(max(code.builtinCode, code.deprecatedBuiltinCode), f"CUSTOM_{code.builtinCode}")
        options = {_snake(k): v for k, v in vars(op.builtinOptions).items()} if op.builtinOptions else {}
        operators.append(Operator(kind, [int(i) for i in op.inputs], [int(i) for i in op.outputs], options))
    return Graph(tensors, operators, [int(i) for i in sub.inputs], [int(i) for i in sub.outputs])
