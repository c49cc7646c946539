"""Small .tflite models written by the tests themselves (flatbuffer schema
from ai-edge-litert), so converters can be tested without TensorFlow and
without any upstream model file."""
from __future__ import annotations

from pathlib import Path

import numpy as np

FLOAT32, INT32, INT8 = 0, 2, 9


class Builder:
    """A one-subgraph TFLite model, tensor by tensor and operator by operator."""

    def __init__(self) -> None:
        from ai_edge_litert import schema_py_generated as schema

        self.s = schema
        self.model = schema.ModelT()
        self.model.version = 3
        self.model.operatorCodes, self.model.buffers = [], [schema.BufferT()]
        self.tensors: list = []
        self.operators: list = []
        self.codes: list[str] = []

    def tensor(self, name: str, shape: list[int], data: np.ndarray | None = None, quant: tuple | None = None,
               dtype: int = FLOAT32) -> int:
        t = self.s.TensorT()
        t.name, t.shape, t.type, t.buffer = name.encode(), list(shape), dtype, 0
        if data is not None:
            buffer = self.s.BufferT()
            buffer.data = np.frombuffer(data.tobytes(), dtype=np.uint8)
            self.model.buffers.append(buffer)
            t.buffer = len(self.model.buffers) - 1
        if quant is not None:
            q = self.s.QuantizationParametersT()
            q.scale, q.zeroPoint = list(quant[0]), list(quant[1])
            t.quantization = q
        self.tensors.append(t)
        return len(self.tensors) - 1

    def op(self, code: str, inputs: list[int], outputs: list[int], kind: str, **options) -> None:
        if code not in self.codes:
            entry = self.s.OperatorCodeT()
            entry.builtinCode = getattr(self.s.BuiltinOperator, code)
            entry.deprecatedBuiltinCode, entry.version = min(entry.builtinCode, 127), 1
            self.model.operatorCodes.append(entry)
            self.codes.append(code)
        o = self.s.OperatorT()
        o.opcodeIndex, o.inputs, o.outputs = self.codes.index(code), inputs, outputs
        o.builtinOptionsType = getattr(self.s.BuiltinOptions, kind)
        o.builtinOptions = getattr(self.s, f"{kind}T")()
        for key, value in options.items():
            setattr(o.builtinOptions, key, value)
        self.operators.append(o)

    def save(self, path: Path, inputs: list[int], outputs: list[int]) -> Path:
        import flatbuffers

        sub = self.s.SubGraphT()
        sub.tensors, sub.inputs, sub.outputs, sub.operators = self.tensors, inputs, outputs, self.operators
        self.model.subgraphs = [sub]
        builder = flatbuffers.Builder(4096)
        builder.Finish(self.model.Pack(builder), file_identifier=b"TFL3")
        path.write_bytes(bytes(builder.Output()))
        return path


def small_cnn(path: Path, quantized: bool = False, seed: int = 0, fc_activation: int = 0,
              pad_op: bool = False) -> Path:
    """8x8x1 -> [PAD] -> CONV_2D 3x3 (2 channels, relu) -> RESHAPE -> FULLY_CONNECTED 4 -> SOFTMAX.
    The quantized variant carries plausible int8 parameters (per-channel conv scales)."""
    rng = np.random.default_rng(seed)
    conv_w, conv_b = rng.normal(size=(2, 3, 3, 1)).astype(np.float32), rng.normal(size=2).astype(np.float32)
    fc_w, fc_b = (rng.normal(size=(4, 128)) * 0.1).astype(np.float32), rng.normal(size=4).astype(np.float32)
    b = Builder()
    act = ([1 / 255], [-128]) if quantized else None
    dtype = INT8 if quantized else FLOAT32

    def activation(name: str, shape: list[int], scale: float = 0.05, zero: int = -128) -> int:
        return b.tensor(name, shape, quant=([scale], [zero]) if quantized else None, dtype=dtype)

    x = b.tensor("input", [1, 8, 8, 1], quant=act, dtype=dtype)
    if quantized:
        ws, fs = np.abs(conv_w).reshape(2, -1).max(axis=1) / 127, float(np.abs(fc_w).max() / 127)
        cw = b.tensor("conv_w", [2, 3, 3, 1], np.round(conv_w / ws[:, None, None, None]).astype(np.int8),
                      (ws, [0, 0]), INT8)
        cb = b.tensor("conv_b", [2], np.round(conv_b / (ws / 255)).astype(np.int32), (ws / 255, [0, 0]), INT32)
        fw = b.tensor("fc_w", [4, 128], np.round(fc_w / fs).astype(np.int8), ([fs], [0]), INT8)
        fb = b.tensor("fc_b", [4], np.round(fc_b / (fs * 0.05)).astype(np.int32), ([fs * 0.05], [0]), INT32)
    else:
        cw, cb = b.tensor("conv_w", [2, 3, 3, 1], conv_w), b.tensor("conv_b", [2], conv_b)
        fw, fb = b.tensor("fc_w", [4, 128], fc_w), b.tensor("fc_b", [4], fc_b)
    conv_in, padding = x, 0  # SAME
    if pad_op:
        pads = b.tensor("pads", [4, 2], np.array([[0, 0], [1, 1], [1, 1], [0, 0]], np.int32), dtype=INT32)
        conv_in, padding = activation("padded", [1, 10, 10, 1], 1 / 255), 1  # VALID after an explicit PAD
        b.op("PAD", [x, pads], [conv_in], "PadOptions")
    c = activation("conv_out", [1, 8, 8, 2])
    b.op("CONV_2D", [conv_in, cw, cb], [c], "Conv2DOptions", padding=padding, strideW=1, strideH=1,
         fusedActivationFunction=1, dilationWFactor=1, dilationHFactor=1)
    shape = b.tensor("shape", [2], np.array([1, 128], np.int32), dtype=INT32)
    r = activation("flat", [1, 128])
    b.op("RESHAPE", [c, shape], [r], "ReshapeOptions", newShape=[1, 128])
    f = activation("logits", [1, 4], 0.1, 3)
    b.op("FULLY_CONNECTED", [r, fw, fb], [f], "FullyConnectedOptions", fusedActivationFunction=fc_activation)
    y = activation("probs", [1, 4], 1 / 256)
    b.op("SOFTMAX", [f], [y], "SoftmaxOptions", beta=1.0)
    return b.save(path, [x], [y])
