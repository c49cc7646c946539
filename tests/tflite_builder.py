"""Small .tflite models written by the tests themselves (flatbuffer schema
from ai-edge-litert), so converters can be tested without TensorFlow and
without any upstream model file."""
from __future__ import annotations

from pathlib import Path

import numpy as np

FLOAT32, INT32, UINT8, INT8 = 0, 2, 3, 9


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


def small_cnn(path: Path, quantized: bool = False, seed: int = 0, fc_activation: int = 0,  # noqa: PLR0913
              pad_op: bool = False, conv_activation: int = 1, act_dtype: int = INT8, hybrid: bool = False,
              reshape: bool = True) -> Path:
    """8x8x1 -> [PAD] -> CONV_2D 3x3 (2 channels, relu) -> RESHAPE -> FULLY_CONNECTED 4 -> SOFTMAX.
    The quantized variant carries plausible int8 parameters (per-channel conv scales); act_dtype
    UINT8 makes its activations uint8, hybrid keeps them float with int8 weights (both
    TFLite schemes TinyMaix does not run); reshape=False feeds the FC the 4-D conv output."""
    rng = np.random.default_rng(seed)
    conv_w, conv_b = rng.normal(size=(2, 3, 3, 1)).astype(np.float32), rng.normal(size=2).astype(np.float32)
    fc_w, fc_b = (rng.normal(size=(4, 128)) * 0.1).astype(np.float32), rng.normal(size=4).astype(np.float32)
    b = Builder()
    act = ([1 / 255], [-128]) if quantized and not hybrid else None
    dtype = act_dtype if quantized and not hybrid else FLOAT32

    def activation(name: str, shape: list[int], scale: float = 0.05, zero: int = -128) -> int:
        return b.tensor(name, shape, quant=([scale], [zero]) if quantized and not hybrid else None, dtype=dtype)

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
         fusedActivationFunction=conv_activation, dilationWFactor=1, dilationHFactor=1)
    r = c
    if reshape:
        shape = b.tensor("shape", [2], np.array([1, 128], np.int32), dtype=INT32)
        r = activation("flat", [1, 128])
        b.op("RESHAPE", [c, shape], [r], "ReshapeOptions", newShape=[1, 128])
    f = activation("logits", [1, 4], 0.1, 3)
    b.op("FULLY_CONNECTED", [r, fw, fb], [f], "FullyConnectedOptions", fusedActivationFunction=fc_activation)
    y = activation("probs", [1, 4], 1 / 256)
    b.op("SOFTMAX", [f], [y], "SoftmaxOptions", beta=1.0)
    return b.save(path, [x], [y])


def residual(path: Path, skip_first: bool) -> Path:
    """int8: 8x8x2 -> CONV a (2 ch) -> CONV b (2 ch) -> ADD(a, b) -> RESHAPE -> FC 4 -> SOFTMAX, each
    activation with its own scale. skip_first puts the skip branch (a) first among ADD's inputs."""
    rng = np.random.default_rng(1)
    b = Builder()
    x = b.tensor("input", [1, 8, 8, 2], quant=([1 / 255], [-128]), dtype=INT8)
    previous = x
    outs = []
    for name, scale in (("a", 0.02), ("b", 0.03)):
        w = b.tensor(f"{name}_w", [2, 3, 3, 2], rng.integers(-100, 100, (2, 3, 3, 2)).astype(np.int8),
                     ([0.01, 0.02], [0, 0]), INT8)
        bias = b.tensor(f"{name}_b", [2], rng.integers(-50, 50, 2).astype(np.int32), ([1e-4, 2e-4], [0, 0]), INT32)
        out = b.tensor(name, [1, 8, 8, 2], quant=([scale], [-10 if name == "a" else 5]), dtype=INT8)
        b.op("CONV_2D", [previous, w, bias], [out], "Conv2DOptions", padding=0, strideW=1, strideH=1,
             fusedActivationFunction=1, dilationWFactor=1, dilationHFactor=1)
        outs.append(out)
        previous = out
    total = b.tensor("sum", [1, 8, 8, 2], quant=([0.05], [0]), dtype=INT8)
    b.op("ADD", outs if skip_first else outs[::-1], [total], "AddOptions", fusedActivationFunction=0)
    shape = b.tensor("shape", [2], np.array([1, 128], np.int32), dtype=INT32)
    flat = b.tensor("flat", [1, 128], quant=([0.05], [0]), dtype=INT8)
    b.op("RESHAPE", [total, shape], [flat], "ReshapeOptions", newShape=[1, 128])
    fw = b.tensor("fc_w", [4, 128], rng.integers(-100, 100, (4, 128)).astype(np.int8), ([0.01], [0]), INT8)
    fb = b.tensor("fc_b", [4], rng.integers(-50, 50, 4).astype(np.int32), ([5e-4], [0]), INT32)
    logits = b.tensor("logits", [1, 4], quant=([0.1], [0]), dtype=INT8)
    b.op("FULLY_CONNECTED", [flat, fw, fb], [logits], "FullyConnectedOptions", fusedActivationFunction=0)
    y = b.tensor("probs", [1, 4], quant=([1 / 256], [-128]), dtype=INT8)
    b.op("SOFTMAX", [logits], [y], "SoftmaxOptions", beta=1.0)
    return b.save(path, [x], [y])
