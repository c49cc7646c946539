"""TinyMaix without its upstream: our .tflite reader and .tmdl writer on
models the tests write, the port header the converter generates, the
option choices per board and model, and fit when the board is too small.
(Byte-identity with upstream's own converted models, and the real builds,
are in test_tinymaix_upstream.py.)"""
from __future__ import annotations

import re
import struct
from pathlib import Path

import numpy as np
import pytest
from conftest import PROJECT, load_by_path
from edgebench import boards, engines, models, report
from edgebench.errors import InputError
from edgebench.frontends import tflite_graph
from tflite_builder import UINT8, residual, small_cnn

ENGINE_DIR = PROJECT / "engines" / "tinymaix"


tmdl = load_by_path("eb_tinymaix_tmdl", ENGINE_DIR / "tmdl.py")
converter = load_by_path("eb_tinymaix_convert_test", ENGINE_DIR / "convert.py")


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("tflite")
    small_cnn(base / "float.tflite")
    small_cnn(base / "int8.tflite", quantized=True)
    small_cnn(base / "float_pad.tflite", pad_op=True)
    return base


def layer_heads(blob: bytes) -> list[dict]:
    heads, offset = [], tmdl.HEAD_BYTES
    for _ in range(struct.unpack_from("<H", blob, 10)[0]):
        kind, is_out, size, in_oft, out_oft = struct.unpack_from("<HHIII", blob, offset)
        heads.append({"type": kind, "is_out": is_out, "size": size, "in_oft": in_oft, "out_oft": out_oft,
                      "offset": offset})
        offset += size
    assert offset == len(blob)  # layers tile the model exactly
    return heads


def test_reader_gives_operators_options_and_quantisation(models_dir: Path) -> None:
    graph = tflite_graph.read(models_dir / "int8.tflite")
    assert [op.kind for op in graph.operators] == ["CONV_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"]
    conv = graph.operators[0]
    assert conv.options["padding"] == 0 and conv.options["stride_w"] == 1 and conv.options["dilation_h_factor"] == 1
    weights = graph.tensors[conv.inputs[1]]
    assert weights.dtype == np.int8 and weights.data.shape == (2, 3, 3, 1) and weights.scale.size == 2
    assert graph.tensors[graph.inputs[0]].zero_point.tolist() == [-128]


def test_not_a_tflite_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "model.tflite"
    bad.write_bytes(b"\x00" * 64)
    with pytest.raises(InputError, match="not a TFLite flatbuffer"):
        tflite_graph.read(bad)


def test_float_model_layout(models_dir: Path) -> None:
    layers = tmdl.layers_from_graph(tflite_graph.read(models_dir / "float.tflite"))
    blob, facts = tmdl.write(layers, "fp32")
    assert blob[:4] == b"MAIX" and blob[4] == tmdl.MODEL_TYPES["fp32"]
    heads = layer_heads(blob)
    assert [h["type"] for h in heads] == [0, 4, 2, 3] and [h["is_out"] for h in heads] == [0, 0, 0, 1]
    assert all(h["size"] % 8 == 0 for h in heads)
    # Ping-pong: conv 8x8x1 in + 8x8x2 out floats is the largest pair.
    assert facts["buffer_bytes"] == struct.unpack_from("<I", blob, 12)[0] == (64 + 128) * 4
    assert heads[0]["in_oft"] == 0 and heads[0]["out_oft"] == facts["buffer_bytes"] - 128 * 4
    # Conv body: 3x3 kernel, stride 1, relu, SAME -> 1 pixel each side, weights out,in,h,w.
    body = heads[0]["offset"] + tmdl.LAYER_HEAD_BYTES
    assert struct.unpack_from("<6BH4B", blob, body) == (3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1)
    w_oft = struct.unpack_from("<3I", blob, body + 20)[1]
    weights = np.frombuffer(blob, "<f4", 18, heads[0]["offset"] + w_oft)
    assert np.array_equal(weights, layers[0].weight.transpose(0, 3, 1, 2).reshape(-1))


def test_int8_input_zero_point_is_folded_into_the_bias(models_dir: Path) -> None:
    layers = tmdl.layers_from_graph(tflite_graph.read(models_dir / "int8.tflite"))
    blob, _ = tmdl.write(layers, "int8")
    conv = layer_heads(blob)[0]
    ws_oft, w_oft, b_oft = struct.unpack_from("<3I", blob, conv["offset"] + tmdl.LAYER_HEAD_BYTES + 20)
    scales = np.frombuffer(blob, "<f4", 2, conv["offset"] + ws_oft)
    bias = np.frombuffer(blob, "<i4", 2, conv["offset"] + b_oft)
    w = layers[0].weight.astype(np.int64).reshape(2, -1)
    assert np.array_equal(scales, layers[0].w_scale)
    assert np.array_equal(bias, layers[0].bias + 128 * w.sum(axis=1))  # input zero point is -128


def test_pad_is_folded_into_the_following_valid_convolution(models_dir: Path) -> None:
    same, _ = tmdl.write(tmdl.layers_from_graph(tflite_graph.read(models_dir / "float.tflite")), "fp32")
    padded, _ = tmdl.write(tmdl.layers_from_graph(tflite_graph.read(models_dir / "float_pad.tflite")), "fp32")
    assert padded == same  # PAD 1 + VALID 3x3 is SAME 3x3: the same TinyMaix model


REFUSED = [
    ({"fc_activation": 1}, "fp32", "TinyMaix's FC layer applies none"),
    ({"conv_activation": 4}, "fp32", "fused activation 4; TinyMaix's convolutions apply only none, RELU, RELU6"),
    ({"reshape": False}, "fp32", "TinyMaix's FC reads a flat vector"),
    ({"quantized": True, "hybrid": True}, "fp32", "weights are int8; a TinyMaix fp32 model needs float32"),
    ({"quantized": True, "act_dtype": UINT8}, "int8", "input are uint8; a TinyMaix int8 model needs int8"),
    ({"quantized": True}, "fp32", "does not match the model"),
]


@pytest.mark.parametrize(("variant", "model_type", "message"), REFUSED, ids=[r[2][:30] for r in REFUSED])
def test_what_tinymaix_would_compute_wrongly_is_refused(tmp_path: Path, variant: dict, model_type: str,
                                                         message: str) -> None:
    path = small_cnn(tmp_path / "m.tflite", **variant)
    with pytest.raises(tmdl.UnsupportedModel, match=re.escape(message)):
        tmdl.write(tmdl.layers_from_graph(tflite_graph.read(path)), model_type)


def test_a_branch_off_the_chain_is_refused(tmp_path: Path) -> None:
    path = small_cnn(tmp_path / "m.tflite")
    graph = tflite_graph.read(path)
    graph.operators[1].inputs[0] = graph.inputs[0]  # RESHAPE now reads the model input, not the conv
    with pytest.raises(tmdl.UnsupportedModel, match="not the previous layer's output 'conv_out'"):
        tmdl.layers_from_graph(graph)


def test_residual_add_reads_the_previous_layer_first_whatever_the_order(tmp_path: Path) -> None:
    """TinyMaix's ADD takes the previous layer's output with the layer's own input scale and the kept
    tensor with in_s1. Upstream's converter takes the scales in the .tflite's input order, which swaps
    them when the skip branch comes first (its mnist_resnet_q: top-1 3/4 on upstream's digits, ours 4/4)."""
    blobs = {}
    for skip_first in (True, False):
        layers = tmdl.layers_from_graph(tflite_graph.read(residual(tmp_path / f"r{skip_first}.tflite", skip_first)))
        assert [lay.keep for lay in layers[:3]] == [True, False, False]  # conv a is kept for the ADD
        blobs[skip_first], facts = tmdl.write(layers, "int8")
    assert blobs[True] == blobs[False]
    add = layer_heads(blobs[True])[2]
    assert add["type"] == 6 and add["out_oft"] != facts["pingpong_bytes"]
    in_s, in_zp = struct.unpack_from("<fi", blobs[True], add["offset"] + 32)
    in_oft1, in_s1, in_zp1 = struct.unpack_from("<Ifi", blobs[True], add["offset"] + tmdl.LAYER_HEAD_BYTES)
    assert (round(in_s, 6), in_zp) == (0.03, 5)  # conv b, the previous layer
    assert (round(in_s1, 6), in_zp1) == (0.02, -10) and in_oft1 == facts["pingpong_bytes"]  # conv a, kept


def test_converter_writes_port_header_and_aligned_model(models_dir: Path, tmp_path: Path) -> None:
    spec = {"inputs": [{"dtype": "int8", "shape": [1, 8, 8, 1], "quant": {"scale": 1 / 255, "zero_point": -128}}],
            "outputs": [{"dtype": "int8", "shape": [1, 4]}]}
    options = {"arch": "ARM_SIMD", "opt_level": 1, "mdl_type": "int8", "fastscale": 0, "local_math": 1,
               "saturate": 0}
    engine_io = converter.convert(models_dir / "int8.tflite", "tflite", spec, options, tmp_path)
    port = (tmp_path / "tm_port.h").read_text()
    for line in ("#define TM_ARCH             TM_ARCH_ARM_SIMD", "#define TM_OPT_LEVEL        TM_OPT1",
                 "#define TM_MDL_TYPE         TM_MDL_INT8", "#define TM_LOCAL_MATH       (1)",
                 "#define TM_SATURATE         (0)",
                 "#define TM_MAX_CSIZE        (2)", "#define TM_MAX_KSIZE        (9)",
                 "#define TM_MAX_KCSIZE       (9)"):
        assert line in port
    source = (tmp_path / "eb_tm_model.c").read_text()
    assert "__attribute__((aligned(8)))" in source
    assert f"eb_tm_model[{engine_io['details']['model_bytes']}]" in source
    assert engine_io["inputs"][0]["quant"] == spec["inputs"][0]["quant"]
    assert engine_io["outputs"][0]["dtype"] == "float32"  # TinyMaix dequantises the output
    assert engine_io["runtime_heap_bytes"] == engine_io["details"]["buffer_bytes"] > 0


def tinymaix_options(board_name: str, precision: str, opts: str = "") -> dict:
    engine = engines.load_engine(ENGINE_DIR / "engine.yaml")
    board = boards.load_board(PROJECT / "boards" / f"{board_name}.yaml")
    return engines.resolve_options(engine, board, engines.parse_engine_opts(opts), {f"model_{precision}"})


@pytest.mark.parametrize(("board", "precision", "arch", "fastscale"), [
    ("nucleo_f411re", "int8", "ARM_SIMD", 0), ("nucleo_f411re", "float32", "CPU", 0),
    ("mps3_an547", "int8", "ARM_SIMD", 0),  # MVEI does not compile upstream
    ("pynq_z2", "int8", "ARM_NEON", 0), ("pynq_z2_baremetal", "int8", "ARM_NEON", 0),
    ("host", "int8", "X86_SSE2", 0), ("host", "float32", "CPU", 0),
    ("hifive1", "int8", "CPU", 1), ("k210", "int8", "CPU", 0), ("bbc_microbit", "int8", "CPU", 1),
    ("nucleo_f103rb", "int8", "CPU", 1),
])
def test_default_options_per_board_and_model(board: str, precision: str, arch: str, fastscale: int) -> None:
    options = tinymaix_options(board, precision)
    assert options["arch"] == arch and options["fastscale"] == fastscale
    assert options["mdl_type"] == ("int8" if precision == "int8" else "fp32")


@pytest.mark.parametrize(("board", "precision", "opts", "message"), [
    ("mps3_an547", "int8", "arch=ARM_MVEI", "does not compile"),
    ("nucleo_f411re", "float32", "arch=ARM_SIMD", "needs an int8 model"),
    ("nucleo_f411re", "int8", "arch=X86_SSE2", "needs board feature"),
    ("hifive1", "int8", "arch=RV32P", "needs board feature"),
    ("nucleo_f411re", "int8", "mdl_type=fp32", "needs a float32 model"),
    ("nucleo_f411re", "int8", "arch=ARM_SIMDD", "did you mean 'ARM_SIMD'"),
])
def test_options_that_cannot_work_are_refused_before_compiling(board: str, precision: str, opts: str,
                                                               message: str) -> None:
    with pytest.raises(InputError, match=message):
        tinymaix_options(board, precision, opts)


def test_arm_simd_brings_o3(tmp_path: Path) -> None:
    engine = engines.load_engine(ENGINE_DIR / "engine.yaml")
    assert "-O3" in engines.option_cflags(engine, tinymaix_options("nucleo_f411re", "int8"))
    assert "-O3" not in engines.option_cflags(engine, tinymaix_options("nucleo_f411re", "int8", "arch=CPU"))


def test_user_model_precision_is_read_from_the_file(models_dir: Path) -> None:
    assert models.user_model(str(models_dir / "int8.tflite"))["precision"] == "int8"
    assert models.user_model(str(models_dir / "float.tflite"))["precision"] == "float32"


def test_does_not_fit_is_judged_with_the_declared_activation_buffer() -> None:
    size = {"flash": {"deployable": 100_000, "capacity": 262_144, "used": 110_000, "test_data": 10_000},
            "ram": {"static": 6_000, "stack_reserved": 2_048, "capacity": 16_384}, "sections": {}, "components": {}}
    run = {"status": "error", "detail": "harness reported init 104", "heap_peak_bytes": None}
    result = report.assemble({"board": "b", "engine": "tinymaix", "model": "m"}, size, run, None,
                             declared_heap=11_264)
    assert not result["passed"]
    assert result["verdict"].startswith("does not fit: needs 16.9 KB RAM, board has 16.0 KB (880 bytes over)")
    assert "emulator run: error" in result["verdict"]
