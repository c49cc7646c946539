"""Small .tflite models written by the tests themselves (flatbuffer schema
from ai-edge-litert), so converters can be tested without TensorFlow and
without any upstream model file."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def small_cnn(path: Path, quantized: bool = False, seed: int = 0, fc_activation: int = 0,
              pad_op: bool = False) -> Path:
    """8x8x1 -> [PAD] -> CONV_2D 3x3 (2 channels, relu) -> RESHAPE -> FULLY_CONNECTED 4 -> SOFTMAX.
    The quantized variant carries plausible int8 parameters (per-channel conv scales)."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as s

    rng = np.random.default_rng(seed)
    conv_w = rng.normal(size=(2, 3, 3, 1)).astype(np.float32)
    conv_b = rng.normal(size=2).astype(np.float32)
    fc_w = rng.normal(size=(4, 128)).astype(np.float32) * 0.1
    fc_b = rng.normal(size=4).astype(np.float32)
    model = s.ModelT()
    model.version = 3
    ops = ["CONV_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"] + (["PAD"] if pad_op else [])
    model.operatorCodes = []
    for name in ops:
        code = s.OperatorCodeT()
        code.builtinCode = getattr(s.BuiltinOperator, name)
        code.deprecatedBuiltinCode = min(code.builtinCode, 127)
        code.version = 1
        model.operatorCodes.append(code)
    model.buffers = [s.BufferT()]
    tensors = []

    def tensor(name: str, shape: list[int], data: np.ndarray | None = None, quant: tuple | None = None,
               dtype: int = 0) -> int:
        t = s.TensorT()
        t.name, t.shape, t.type = name.encode(), list(shape), dtype
        if data is not None:
            buffer = s.BufferT()
            buffer.data = np.frombuffer(data.tobytes(), dtype=np.uint8)
            model.buffers.append(buffer)
            t.buffer = len(model.buffers) - 1
        else:
            t.buffer = 0
        if quant is not None:
            q = s.QuantizationParametersT()
            q.scale, q.zeroPoint = list(quant[0]), list(quant[1])
            t.quantization = q
        tensors.append(t)
        return len(tensors) - 1

    int8, int32 = 9, 2
    if quantized:
        w_scale = np.abs(conv_w).reshape(2, -1).max(axis=1) / 127
        fc_scale = np.abs(fc_w).max() / 127
        act = ([1 / 255], [-128])
        x = tensor("input", [1, 8, 8, 1], quant=act, dtype=int8)
        cw = tensor("conv_w", [2, 3, 3, 1], np.round(conv_w / w_scale[:, None, None, None]).astype(np.int8),
                    (w_scale, [0, 0]), int8)
        cb = tensor("conv_b", [2], np.round(conv_b / (w_scale / 255)).astype(np.int32), (w_scale / 255, [0, 0]), int32)
        c = tensor("conv_out", [1, 8, 8, 2], quant=([0.05], [-128]), dtype=int8)
        shape = tensor("shape", [2], np.array([1, 128], np.int32), dtype=int32)
        r = tensor("flat", [1, 128], quant=([0.05], [-128]), dtype=int8)
        fw = tensor("fc_w", [4, 128], np.round(fc_w / fc_scale).astype(np.int8), ([fc_scale], [0]), int8)
        fb = tensor("fc_b", [4], np.round(fc_b / (fc_scale * 0.05)).astype(np.int32), ([fc_scale * 0.05], [0]), int32)
        f = tensor("logits", [1, 4], quant=([0.1], [3]), dtype=int8)
        y = tensor("probs", [1, 4], quant=([1 / 256], [-128]), dtype=int8)
    else:
        x = tensor("input", [1, 8, 8, 1])
        cw, cb = tensor("conv_w", [2, 3, 3, 1], conv_w), tensor("conv_b", [2], conv_b)
        c = tensor("conv_out", [1, 8, 8, 2])
        shape = tensor("shape", [2], np.array([1, 128], np.int32), dtype=int32)
        r = tensor("flat", [1, 128])
        fw, fb = tensor("fc_w", [4, 128], fc_w), tensor("fc_b", [4], fc_b)
        f, y = tensor("logits", [1, 4]), tensor("probs", [1, 4])

    def op(code: str, inputs: list[int], outputs: list[int], kind: str | None = None, **options) -> s.OperatorT:
        o = s.OperatorT()
        o.opcodeIndex, o.inputs, o.outputs = ops.index(code), inputs, outputs
        if kind:
            o.builtinOptionsType = getattr(s.BuiltinOptions, kind)
            opts = getattr(s, f"{kind}T")()
            for key, value in options.items():
                setattr(opts, key, value)
            o.builtinOptions = opts
        return o

    operators = []
    conv_in, conv_padding = x, 0  # SAME
    if pad_op:
        pads = tensor("pads", [4, 2], np.array([[0, 0], [1, 1], [1, 1], [0, 0]], np.int32), dtype=int32)
        conv_in = tensor("padded", [1, 10, 10, 1], quant=([1 / 255], [-128]) if quantized else None,
                         dtype=int8 if quantized else 0)
        operators.append(op("PAD", [x, pads], [conv_in], "PadOptions"))
        conv_padding = 1  # VALID after an explicit PAD
    operators += [
        op("CONV_2D", [conv_in, cw, cb], [c], "Conv2DOptions", padding=conv_padding, strideW=1, strideH=1,
           fusedActivationFunction=1, dilationWFactor=1, dilationHFactor=1),
        op("RESHAPE", [c, shape], [r], "ReshapeOptions", newShape=[1, 128]),
        op("FULLY_CONNECTED", [r, fw, fb], [f], "FullyConnectedOptions", fusedActivationFunction=fc_activation),
        op("SOFTMAX", [f], [y], "SoftmaxOptions", beta=1.0),
    ]
    sub = s.SubGraphT()
    sub.tensors, sub.inputs, sub.outputs, sub.operators = tensors, [x], [y], operators
    model.subgraphs = [sub]
    builder = flatbuffers.Builder(4096)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    path.write_bytes(bytes(builder.Output()))
    return path
