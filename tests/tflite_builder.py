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
               dtype: int = FLOAT32, axis: int = 0) -> int:
        t = self.s.TensorT()
        t.name, t.shape, t.type, t.buffer = name.encode(), list(shape), dtype, 0
        if data is not None:
            buffer = self.s.BufferT()
            buffer.data = np.frombuffer(data.tobytes(), dtype=np.uint8)
            self.model.buffers.append(buffer)
            t.buffer = len(self.model.buffers) - 1
        if quant is not None:
            q = self.s.QuantizationParametersT()
            q.scale, q.zeroPoint, q.quantizedDimension = list(quant[0]), list(quant[1]), axis
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


# saturating(): what each channel of the last layer computes, in output steps (scale 0.1 unless
# the layer rescales). Channels 0 and 1 leave [-128, 127] on every input in [0, 1): their
# weights add 0..9 steps to a bias beyond the range. Channels 2 and 3 are constants a quarter
# step above a positive integer, so TinyMaix's truncation (or, with fastscale, its shift that
# rounds down) and TFLite's rounding give the same value.
SATURATING_LAYERS = ("conv", "dwconv", "fc", "gap", "add")
IN_Q = ([1 / 255], [-128])
W_SCALE = 0.01


def _channel_weights(taps: int) -> np.ndarray:
    """[4, taps] int8: +0.1 on channel 0, -0.1 on channel 1 (so 0..9 steps from nine inputs), none on 2, 3."""
    return np.repeat(np.array([[10], [-10], [0], [0]], np.int8), taps, axis=1)


def _bias(b: Builder, name: str, steps: list[float], in_scale: float, out_scale: float = 0.1) -> int:
    bias_scale = in_scale * W_SCALE
    values = np.round(np.array(steps) * out_scale / bias_scale).astype(np.int32)
    return b.tensor(name, [4], values, ([bias_scale] * 4, [0] * 4), INT32)


def _conv(b: Builder, x: int, in_shape: list[int], steps: list[float], name: str = "conv") -> int:
    """3x3 VALID convolution, 4 channels, output scale 0.1."""
    h, w, c = in_shape
    weights = _channel_weights(9 * c).reshape(4, 3, 3, c)
    wt = b.tensor(f"{name}_w", [4, 3, 3, c], weights, ([W_SCALE] * 4, [0] * 4), INT8)
    out = b.tensor(name, [1, h - 2, w - 2, 4], quant=([0.1], [0]), dtype=INT8)
    b.op("CONV_2D", [x, wt, _bias(b, f"{name}_b", steps, 1 / 255)], [out], "Conv2DOptions", padding=1,
         strideW=1, strideH=1, fusedActivationFunction=0, dilationWFactor=1, dilationHFactor=1)
    return out


def saturating(path: Path, layer: str) -> Path:
    """An int8 model whose last layer (`layer`, one of SATURATING_LAYERS: a convolution, a
    depthwise convolution, a fully connected layer, a global average pooling, a residual ADD)
    leaves its calibrated range on every input in [0, 1): channel 0 by some 35-40 steps above 127,
    channel 1 as far below -128. TFLite clamps them to 127 and -128; code that wraps round gives
    about -90 and +90 instead, and channel 1 becomes the top-1. Channels 2 and 3 stay in range."""
    b = Builder()
    beyond = [160.0, -160.0, 30.25, 20.25]
    if layer == "conv":
        x = b.tensor("input", [1, 3, 3, 1], quant=IN_Q, dtype=INT8)
        y = _conv(b, x, [3, 3, 1], beyond)
    elif layer == "dwconv":
        x = b.tensor("input", [1, 3, 3, 4], quant=IN_Q, dtype=INT8)
        weights = _channel_weights(9).T.reshape(1, 3, 3, 4)  # depthwise: [1, h, w, channels]
        wt = b.tensor("dw_w", [1, 3, 3, 4], weights, ([W_SCALE] * 4, [0] * 4), INT8, axis=3)
        y = b.tensor("dw", [1, 1, 1, 4], quant=([0.1], [0]), dtype=INT8)
        b.op("DEPTHWISE_CONV_2D", [x, wt, _bias(b, "dw_b", beyond, 1 / 255)], [y], "DepthwiseConv2DOptions",
             padding=1, strideW=1, strideH=1, depthMultiplier=1, fusedActivationFunction=0,
             dilationWFactor=1, dilationHFactor=1)
    elif layer == "fc":
        x = b.tensor("input", [1, 3, 3, 1], quant=IN_Q, dtype=INT8)
        shape = b.tensor("shape", [2], np.array([1, 9], np.int32), dtype=INT32)
        flat = b.tensor("flat", [1, 9], quant=IN_Q, dtype=INT8)
        b.op("RESHAPE", [x, shape], [flat], "ReshapeOptions", newShape=[1, 9])
        wt = b.tensor("fc_w", [4, 9], _channel_weights(9), ([W_SCALE], [0]), INT8)
        bias = b.tensor("fc_b", [4], np.round(np.array(beyond) * 0.1 * 255 / W_SCALE).astype(np.int32),
                        ([W_SCALE / 255], [0]), INT32)
        y = b.tensor("fc", [1, 4], quant=([0.1], [0]), dtype=INT8)
        b.op("FULLY_CONNECTED", [flat, wt, bias], [y], "FullyConnectedOptions", fusedActivationFunction=0)
    elif layer == "gap":
        # The convolution stays in range (100..109 steps); pooling to scale 0.07 takes it beyond.
        x = b.tensor("input", [1, 5, 5, 1], quant=IN_Q, dtype=INT8)
        c = _conv(b, x, [5, 5, 1], [100.25, -100.25, 15.25, 10.25])
        axes = b.tensor("axes", [2], np.array([1, 2], np.int32), dtype=INT32)
        y = b.tensor("gap", [1, 1, 1, 4], quant=([0.07], [0]), dtype=INT8)
        b.op("MEAN", [c, axes], [y], "ReducerOptions", keepDims=True)
    else:
        # ADD(a, b): a = convolution (110..119 steps), b = a 1x1 convolution of a with constant
        # outputs (100 steps); their sum at scale 0.13 is beyond the range.
        x = b.tensor("input", [1, 3, 3, 1], quant=IN_Q, dtype=INT8)
        a = _conv(b, x, [3, 3, 1], [110.25, -110.25, 15.25, 10.25], "a")
        wt = b.tensor("b_w", [4, 1, 1, 4], np.zeros((4, 1, 1, 4), np.int8), ([W_SCALE] * 4, [0] * 4), INT8)
        second = b.tensor("b", [1, 1, 1, 4], quant=([0.1], [0]), dtype=INT8)
        b.op("CONV_2D", [a, wt, _bias(b, "b_b", [100.25, -100.25, 10.25, 6.25], 0.1)], [second],
             "Conv2DOptions", padding=1, strideW=1, strideH=1, fusedActivationFunction=0,
             dilationWFactor=1, dilationHFactor=1)
        y = b.tensor("sum", [1, 1, 1, 4], quant=([0.13], [0]), dtype=INT8)
        b.op("ADD", [a, second], [y], "AddOptions", fusedActivationFunction=0)
    return b.save(path, [x], [y])


def dense(path: Path, n_in: int = 8, n_out: int = 4, seed: int = 0) -> Path:
    """float32: [1, n_in] -> FULLY_CONNECTED n_out (no activation), as the fixture engine computes."""
    rng = np.random.default_rng(seed)
    b = Builder()
    x = b.tensor("input", [1, n_in])
    w = b.tensor("fc_w", [n_out, n_in], rng.normal(size=(n_out, n_in)).astype(np.float32))
    bias = b.tensor("fc_b", [n_out], rng.normal(size=n_out).astype(np.float32))
    y = b.tensor("output", [1, n_out])
    b.op("FULLY_CONNECTED", [x, w, bias], [y], "FullyConnectedOptions", fusedActivationFunction=0)
    return b.save(path, [x], [y])
