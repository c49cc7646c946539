"""TinyMaix's model format (.tmdl), written from a .tflite graph.

Layout, as TinyMaix's tinymaix.h declares it (all little-endian, every part
8-byte aligned): a 64-byte model head ("MAIX", model type, layer count,
activation buffer size, input/output dims), then per layer a 48-byte layer
head (type, size, offsets of its input and output in the activation buffer,
dims, quantisation) and a body (kernel geometry, then weight scales, weights
and biases at offsets from the layer start). The activation buffer is a
ping-pong pair plus, for residual ADDs, one kept tensor.

Where TinyMaix cannot run a graph as given, this refuses with the reason
rather than writing a model that would compute something else.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from edgebench import errors as edgebench_errors

MODEL_TYPES = {"int8": 0, "fp32": 2}
UNIT = {"int8": 1, "fp32": 4}  # bytes per activation/weight element
LAYER_TYPES = {"CONV_2D": 0, "MEAN": 1, "FULLY_CONNECTED": 2, "SOFTMAX": 3, "RESHAPE": 4,
               "DEPTHWISE_CONV_2D": 5, "ADD": 6}
# Operators that only compute a shape for a following RESHAPE.
SHAPE_ONLY = {"SHAPE", "STRIDED_SLICE", "PACK"}
HEAD_BYTES = 64
LAYER_HEAD_BYTES = 48
TFLITE_SAME, TFLITE_VALID = 0, 1


class UnsupportedModel(edgebench_errors.UnsupportedModel):
    """The graph uses something TinyMaix cannot compute."""


def align8(n: int) -> int:
    return (int(n) + 7) // 8 * 8


def dims(shape: list[int]) -> list[int]:
    """A shape without batch -> TinyMaix's [ndims, d0, d1, d2], padded with 1s in front."""
    return [len(shape), *[1] * (3 - len(shape)), *shape]


@dataclass
class Layer:
    kind: str
    in_shape: list[int]
    out_shape: list[int]
    in_q: tuple[float, int] = (1.0, 0)
    out_q: tuple[float, int] = (1.0, 0)
    in_name: str = ""
    out_name: str = ""
    is_output: bool = False
    quantized: bool = False  # the input tensor carries a scale and zero point
    keep: bool = False  # output stays in the extra buffer for a later ADD
    options: dict[str, Any] = field(default_factory=dict)
    weight: np.ndarray | None = None
    bias: np.ndarray | None = None
    w_scale: np.ndarray | None = None
    pad: list[int] | None = None  # explicit [top, bottom, left, right] from a fused PAD
    in1_q: tuple[float, int] = (1.0, 0)
    dtypes: list[str] = field(default_factory=list)  # input, weight, bias (what is there)
    w_zero: np.ndarray | None = None

    def elements(self, shape: list[int]) -> int:
        return int(np.prod(shape))


def _quant(tensor) -> tuple[float, int]:
    if not tensor.quantized:
        return (1.0, 0)
    return (float(tensor.scale[0]), int(tensor.zero_point[0]))


def layers_from_graph(graph) -> list[Layer]:
    """The graph's operators as TinyMaix layers: PAD folded into the next
    convolution, shape-only operators dropped, residual inputs marked.
    TinyMaix runs layers one after another, each reading the one before
    (an ADD reads one more, kept aside), so other graphs are refused."""
    layers: list[Layer] = []
    tensors = graph.tensors
    pending_pad: tuple[list[int], list[int]] | None = None  # (pads, shape before PAD)
    ops = graph.operators
    if len(graph.inputs) != 1:
        raise UnsupportedModel(f"{len(graph.inputs)} inputs; TinyMaix takes one")
    previous = tensors[graph.inputs[0]].name  # the activation the next layer must read
    for index, op in enumerate(ops):
        if op.kind in SHAPE_ONLY:
            continue
        if op.kind not in LAYER_TYPES and op.kind != "PAD":
            raise UnsupportedModel(f"operator {index} {op.kind} has no TinyMaix layer; TinyMaix runs "
                                   f"{', '.join(sorted(LAYER_TYPES))} (and PAD before a convolution)")
        if len(op.outputs) != 1:
            raise UnsupportedModel(f"operator {index} {op.kind} has {len(op.outputs)} outputs; TinyMaix takes one")
        inputs = list(op.inputs)
        if op.kind == "ADD" and tensors[inputs[0]].name != previous:
            inputs[:2] = inputs[1::-1]  # TinyMaix's ADD reads the previous layer first, the kept tensor second
        if tensors[inputs[0]].name != previous:
            raise UnsupportedModel(f"operator {index} {op.kind} reads '{tensors[inputs[0]].name}', not the "
                                   f"previous layer's output '{previous}'; TinyMaix runs a chain of layers "
                                   f"(plus residual ADDs)")
        previous = tensors[op.outputs[0]].name
        if op.kind == "PAD":
            pending_pad = _pad(op, index, ops, tensors)
            continue
        source, result = tensors[inputs[0]], tensors[op.outputs[0]]
        layer = Layer(op.kind, list(source.shape), list(result.shape), _quant(source), _quant(result),
                      source.name, result.name, op.outputs[0] in graph.outputs, source.quantized,
                      options=dict(op.options), dtypes=[source.dtype.name])
        if pending_pad is not None:
            layer.pad, layer.in_shape = pending_pad
            pending_pad = None
        _fill(layer, op, inputs, index, tensors, layers)
        layers.append(layer)
    outputs = [layer for layer in layers if layer.is_output]
    if len(outputs) != 1 or not layers[-1].is_output:
        raise UnsupportedModel(f"{len(outputs)} outputs, or the output is not the last layer; TinyMaix takes "
                               f"one output, from its last layer")
    return layers


def _pad(op, index: int, ops, tensors) -> tuple[list[int], list[int]]:
    following = ops[index + 1] if index + 1 < len(ops) else None
    if following is None or following.kind not in ("CONV_2D", "DEPTHWISE_CONV_2D") \
            or following.options["padding"] != TFLITE_VALID:
        raise UnsupportedModel(f"operator {index} PAD: TinyMaix folds PAD only into a following VALID "
                               f"convolution, here it is followed by {following.kind if following else 'nothing'}")
    pads = tensors[op.inputs[1]].data
    if pads is None:
        raise UnsupportedModel(f"operator {index} PAD: the pads are computed at run time; TinyMaix needs constants")
    if pads[0].any() or pads[3].any():
        raise UnsupportedModel(f"operator {index} PAD: pads batch or channels, TinyMaix pads only H and W")
    return ([int(pads[1][0]), int(pads[1][1]), int(pads[2][0]), int(pads[2][1])],
            list(tensors[op.inputs[0]].shape))


# Activations TinyMaix's convolutions apply (tm_postprocess_sum): none, RELU, RELU6.
CONV_ACTIVATIONS = {0: "none", 1: "RELU", 3: "RELU6"}


def _fill(layer: Layer, op, inputs: list[int], index: int, tensors, layers: list[Layer]) -> None:
    where = f"operator {index} {op.kind}"
    act = layer.options.get("fused_activation_function", 0)
    if op.kind in ("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"):
        weight = tensors[inputs[1]]
        if weight.data is None:
            raise UnsupportedModel(f"{where}: its weights are not constant")
        layer.weight = weight.data
        layer.w_scale = weight.scale if weight.quantized else None
        layer.w_zero = weight.zero_point if weight.quantized else None
        has_bias = len(inputs) > 2 and inputs[2] >= 0
        layer.bias = tensors[inputs[2]].data if has_bias else None
        layer.dtypes += [weight.dtype.name, tensors[inputs[2]].dtype.name if has_bias else "none"]
    if op.kind in ("CONV_2D", "DEPTHWISE_CONV_2D"):
        _check_conv(layer, where, act)
    elif op.kind == "FULLY_CONNECTED":
        _check_fc(layer, where, act)
    elif op.kind == "MEAN":
        axes = sorted(int(a) for a in np.ravel(tensors[inputs[1]].data))
        if axes != [1, 2]:
            raise UnsupportedModel(f"{where}: mean over axes {axes}; TinyMaix has only global average pooling (1, 2)")
    elif op.kind == "ADD":
        if act:
            raise UnsupportedModel(f"{where}: fused activation {act}; TinyMaix's ADD applies none")
        layer.in1_q = _quant(tensors[inputs[1]])
        kept = next((i for i, lay in enumerate(layers) if lay.out_name == tensors[inputs[1]].name), -1)
        if kept < 0:
            raise UnsupportedModel(f"{where}: its second input is not produced by an earlier layer")
        # That input has been overwritten by the ping-pong buffers unless it was kept aside.
        layers[kept].keep = True


def _check_conv(layer: Layer, where: str, act: int) -> None:
    o = layer.options
    if act not in CONV_ACTIVATIONS:
        raise UnsupportedModel(f"{where}: fused activation {act}; TinyMaix's convolutions apply only "
                               f"{', '.join(CONV_ACTIVATIONS.values())}")
    if o["dilation_w_factor"] != 1 or o["dilation_h_factor"] != 1:
        raise UnsupportedModel(f"{where}: dilation {o['dilation_h_factor']}x{o['dilation_w_factor']}; "
                               f"TinyMaix has none (it returns TM_ERR_TODO)")
    # SAME padding of a 1x1 kernel is none, so only an explicit PAD counts.
    pointwise = layer.weight.shape[1] * layer.weight.shape[2] == 1
    padded = layer.pad is not None and any(layer.pad)
    depthwise = layer.kind == "DEPTHWISE_CONV_2D"
    if pointwise and (padded or depthwise):
        raise UnsupportedModel(f"{where}: a 1x1 {'depthwise ' if depthwise else ''}convolution"
                               f"{' with padding' if padded else ''}; TinyMaix returns TM_ERR_UNSUPPORT for it")


def _check_fc(layer: Layer, where: str, act: int) -> None:
    if act:
        raise UnsupportedModel(f"{where}: fused activation {act}; TinyMaix's FC layer applies none")
    if layer.w_scale is not None and layer.w_scale.size != 1:
        raise UnsupportedModel(f"{where}: per-channel weight scales; TinyMaix's FC layer takes one scale")
    if int(np.prod(layer.in_shape[:-1])) != 1:
        raise UnsupportedModel(f"{where}: input shape {layer.in_shape}; TinyMaix's FC reads a flat vector "
                               f"(add a RESHAPE before it)")


def _check_types(layers: list[Layer], model_type: str) -> None:
    """Every tensor in the type TinyMaix's kernels take for this model type."""
    want = {"int8": ["int8", "int8", "int32"], "fp32": ["float32", "float32", "float32"]}[model_type]
    for layer in layers:
        for what, got, need in zip(("input", "weights", "bias"), layer.dtypes, want, strict=False):
            if got not in (need, "none"):
                raise UnsupportedModel(f"{layer.kind} '{layer.out_name}': {what} are {got}; a TinyMaix {model_type} "
                                       f"model needs {need} (hybrid or uint8 quantisation is not supported)")
        if layer.w_zero is not None and layer.w_zero.any():
            raise UnsupportedModel(f"{layer.kind} '{layer.out_name}': weight zero point is not 0; TinyMaix "
                                   f"takes symmetric int8 weights")


def buffer_sizes(layers: list[Layer], model_type: str) -> tuple[int, int]:
    """(ping-pong bytes, kept-tensor bytes) of the activation buffer."""
    unit = UNIT[model_type]
    main, keep = [], [0]
    for layer in layers:
        n_in, n_out = layer.elements(layer.in_shape), layer.elements(layer.out_shape)
        if layer.is_output and model_type != "fp32":  # room for the dequantised float output
            size = align8(n_in * unit) + align8(n_out * unit) + align8(n_out * 4)
        elif layer.kind == "SOFTMAX":  # computes in float
            size = align8(n_in * unit) + align8(n_out * 4)
        else:
            size = align8(n_in * unit) + align8(n_out * unit)
            if layer.keep:
                keep.append(align8(n_out * unit))
        if (layer.is_output or layer.kind == "SOFTMAX") and layer.keep:
            raise UnsupportedModel(f"{layer.kind} output feeds a residual ADD; TinyMaix cannot keep it")
        if layer.kind == "RESHAPE":  # in place
            size -= align8(n_in * unit)
        main.append(size)
    return max(main), max(keep)


def _pack(fmt: str, values) -> bytes:
    values = list(values)
    return struct.pack(f"<{len(values)}{fmt}", *values)


def _padded(data: bytes, size: int) -> bytes:
    return data + bytes(size - len(data))


def _fold_zero_point(bias: np.ndarray, weight: np.ndarray, per_out: int, zero_point: int) -> np.ndarray:
    """bias[c] - zp_in * sum(w[c]): the input zero point folded in advance, as TinyMaix expects."""
    sums = weight.astype(np.int64).reshape(-1, per_out).sum(axis=1)
    return (bias.astype(np.int64) - zero_point * sums).astype(np.int32)


def _params(layer: Layer, weight: np.ndarray, per_out: int, model_type: str, head: bytes) -> bytes:
    """Weight scales, weights and biases, with their offsets written first into `head`."""
    channels = layer.out_shape[-1]
    integer = model_type == "int8"
    bias = layer.bias if layer.bias is not None else np.zeros(channels, np.int32 if integer else np.float32)
    if integer:
        bias = _fold_zero_point(bias, weight, per_out, layer.in_q[1])
    ws_oft = LAYER_HEAD_BYTES + len(head) + (12 if layer.kind != "FULLY_CONNECTED" else 16)
    ws_size = align8(channels * 4) if integer else 0
    w_size = align8(weight.size * UNIT[model_type])
    w_oft, b_oft = ws_oft + ws_size, ws_oft + ws_size + w_size
    body = head + _pack("I", [ws_oft, w_oft, b_oft]) + (bytes(4) if layer.kind == "FULLY_CONNECTED" else b"")
    if integer:
        scales = layer.w_scale
        if layer.kind != "FULLY_CONNECTED" and scales.size == 1 and channels > 1:
            scales = np.repeat(scales, channels)  # TinyMaix's convolutions read one scale per channel
        body += _padded(_pack("f", scales), ws_size)
        body += _padded(weight.astype(np.int8).tobytes(), w_size)
        body += _padded(_pack("i", bias), align8(bias.size * 4))
    else:
        body += _padded(_pack("f", weight), w_size)
        body += _padded(_pack("f", bias.astype(np.float32)), align8(bias.size * 4))
    return body


def _conv_body(layer: Layer, model_type: str) -> bytes:
    o = layer.options
    depthwise = layer.kind == "DEPTHWISE_CONV_2D"
    kh, kw = layer.weight.shape[1], layer.weight.shape[2]
    weight = layer.weight.transpose(0, 3, 1, 2).reshape(-1)  # TinyMaix: out, in, h, w
    per_out = kh * kw * (1 if depthwise else layer.in_shape[-1])
    if layer.pad is not None:
        pad = layer.pad
    elif o["padding"] == TFLITE_VALID:
        pad = [0, 0, 0, 0]
    else:  # SAME, split as TFLite does: the odd pixel goes bottom/right
        def total(k: int, dilation: int, size: int, stride: int) -> int:
            return max(0, dilation * (k - 1) + 1 + (size - 1) // stride * stride - size)

        hpad = total(kh, o["dilation_h_factor"], layer.in_shape[1], o["stride_h"])
        wpad = total(kw, o["dilation_w_factor"], layer.in_shape[2], o["stride_w"])
        pad = [hpad // 2, hpad - hpad // 2, wpad // 2, wpad - wpad // 2]
    head = (_pack("B", [kw, kh, o["stride_w"], o["stride_h"], o["dilation_w_factor"], o["dilation_h_factor"]])
            + _pack("H", [o["fused_activation_function"]]) + _pack("B", pad)
            + _pack("I", [o.get("depth_multiplier", 0) if depthwise else 0, 0]))
    return _params(layer, weight, per_out, model_type, head)


def _body(layer: Layer, model_type: str, pingpong: int) -> bytes:
    if layer.kind in ("CONV_2D", "DEPTHWISE_CONV_2D"):
        return _conv_body(layer, model_type)
    if layer.kind == "FULLY_CONNECTED":
        return _params(layer, layer.weight.reshape(-1), layer.in_shape[-1], model_type, b"")
    if layer.kind == "ADD":
        scale, zero = layer.in1_q
        return (_pack("i", [pingpong]) + _pack("f", [scale])
                + (_pack("f", [zero]) if model_type == "fp32" else _pack("i", [zero])) + bytes(4))
    return b""


def write(layers: list[Layer], model_type: str) -> tuple[bytes, dict[str, int]]:
    """The .tmdl bytes, and facts about them (buffer sizes)."""
    quantized = layers[0].quantized
    if (model_type == "int8") != quantized:
        raise UnsupportedModel(f"model type {model_type} does not match the model, which is "
                               f"{'quantized' if quantized else 'float'}")
    _check_types(layers, model_type)
    pingpong, keep = buffer_sizes(layers, model_type)
    unit = UNIT[model_type]
    in_dims, out_dims = dims(layers[0].in_shape[1:]), dims(next(x for x in layers if x.is_output).out_shape[1:])
    blob = bytearray(b"MAIX" + _pack("B", [MODEL_TYPES[model_type], 1]) + _pack("H", [1, 1, len(layers)])
                     + _pack("I", [pingpong + keep, 0]) + _pack("H", in_dims) + _pack("H", out_dims) + bytes(28))
    out_oft, parked = 0, 0
    largest = 0
    for layer in layers:
        n_out = layer.elements(layer.out_shape[1:])
        if layer.is_output and model_type != "fp32":
            out_size = align8(n_out * unit) + align8(n_out * 4)
        elif layer.kind == "SOFTMAX":
            out_size = align8(n_out * 4)
        else:
            out_size = align8(n_out * unit)
        in_oft = out_oft
        if layer.kind != "RESHAPE":
            # Ping-pong: output at the far end from the input; a kept output
            # goes to the extra buffer past the ping-pong pair.
            flip = 0 if (parked if out_oft == pingpong else out_oft) != 0 else pingpong - out_size
            if out_oft != pingpong and layer.keep:
                parked, out_oft = flip, pingpong
            else:
                out_oft = flip
        in_q, out_q = (layer.in_q, layer.out_q) if model_type == "int8" else ((1.0, 0), (1.0, 0))
        zp = "i" if model_type == "int8" else "f"
        head = (_pack("H", [LAYER_TYPES[layer.kind], int(layer.is_output)]) + bytes(4) + _pack("I", [in_oft, out_oft])
                + _pack("H", dims(layer.in_shape[1:])) + _pack("H", dims(layer.out_shape[1:]))
                + _pack("f", [in_q[0]]) + _pack(zp, [in_q[1]]) + _pack("f", [out_q[0]]) + _pack(zp, [out_q[1]]))
        body = _body(layer, model_type, pingpong)
        size = len(head) + len(body)
        assert len(head) == LAYER_HEAD_BYTES and size % 8 == 0
        blob += head[:4] + _pack("I", [size]) + head[8:] + body
        largest = max(largest, size)
    return bytes(blob), {"buffer_bytes": pingpong + keep, "pingpong_bytes": pingpong, "keep_bytes": keep,
                         "largest_layer_bytes": largest, "model_bytes": len(blob)}
