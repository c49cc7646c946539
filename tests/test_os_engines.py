"""The parts of ONNX Runtime, ncnn, MNN and the CMake mechanism that need no upstream: the toolchain
file written from a board's YAML, the models compiled into the image, tf2onnx's and ORT's converter
output made reproducible, MNN's random UUID replaced, ncnn's blob shapes. Building the engines is in
test_os_engines_upstream.py."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import PROJECT, load_by_path
from edgebench import cmake_build, embed, onnx_bridge
from edgebench.boards import load_board
from edgebench.engines import load_engine
from edgebench.errors import InputError, ToolError

BOARDS = PROJECT / "boards"
NCNN = load_engine(PROJECT / "engines" / "ncnn" / "engine.yaml")
MNN = load_engine(PROJECT / "engines" / "mnn" / "engine.yaml")
ORT = load_engine(PROJECT / "engines" / "ort" / "engine.yaml")


def test_toolchain_file_for_a_linux_board_names_its_system_compilers_and_flags() -> None:
    board = load_board(BOARDS / "pynq_z2.yaml")
    text = cmake_build.toolchain_file(board, NCNN, {}, ["-ffile-prefix-map=/x=."])
    assert "set(CMAKE_SYSTEM_NAME Linux)" in text and "set(CMAKE_SYSTEM_PROCESSOR armv7l)" in text
    # the checkout's paths only in the Release flags, which a project does not record (ORT records
    # CMAKE_CXX_FLAGS in a build-info string)
    assert 'set(CMAKE_CXX_FLAGS_RELEASE_INIT "-ffile-prefix-map=/x=.")' in text
    assert re.search(r'set\(CMAKE_C_COMPILER ".*arm-linux-gnueabihf-gcc"\)', text)
    flags = re.search(r'set\(CMAKE_CXX_FLAGS_INIT "(.*)"\)', text).group(1).split()
    assert {"-mcpu=cortex-a9", "-mfpu=neon", "-mfloat-abi=hard", "-std=c++11"} <= set(flags)
    assert not [flag for flag in flags if "prefix-map" in flag]
    assert "-std=gnu11" not in flags  # C only
    assert "CMAKE_SYSROOT" not in text


def test_toolchain_file_for_the_host_is_native() -> None:
    text = cmake_build.toolchain_file(load_board(BOARDS / "host.yaml"), MNN, {}, [])
    assert "CMAKE_SYSTEM_NAME" not in text and "-march=x86-64" in text and "-std=c++17" in text


def test_toolchain_file_takes_a_sysroot() -> None:
    board = copy.deepcopy(load_board(BOARDS / "pynq_z2.yaml"))
    board["toolchain"]["sysroot"] = "/opt/pynq root"
    assert 'set(CMAKE_SYSROOT "/opt/pynq root")' in cmake_build.toolchain_file(board, NCNN, {}, [])


def test_linux_board_without_a_system_processor_is_an_input_error() -> None:
    board = copy.deepcopy(load_board(BOARDS / "pynq_z2.yaml"))
    del board["toolchain"]["system_processor"]
    with pytest.raises(InputError) as caught:
        cmake_build.toolchain_file(board, NCNN, {}, [])
    assert "field 'toolchain.system_processor'" in str(caught.value) and "uname -m" in str(caught.value)


def test_bare_metal_board_has_no_cmake_system() -> None:
    with pytest.raises(InputError, match="builds with CMake for an operating system"):
        cmake_build.toolchain_file(load_board(BOARDS / "nucleo_f411re.yaml"), NCNN, {}, [])


def test_definitions_take_platform_rules_and_only_build_options_name_the_folder(tmp_path: Path) -> None:
    pynq, host = load_board(BOARDS / "pynq_z2.yaml"), load_board(BOARDS / "host.yaml")
    assert cmake_build.definitions(MNN, {}, pynq)["MNN_BUILD_HARD"] == "ON"
    assert "MNN_BUILD_HARD" not in cmake_build.definitions(MNN, {}, host)
    assert cmake_build.definitions(NCNN, {}, host)["NCNN_OPENMP"] == "ON"
    # threads and fp16 are the glue's: every value shares one build
    assert cmake_build.build_options(NCNN, {"threads": 2, "fp16": 1}) == {}
    assert cmake_build.folder(tmp_path, pynq, NCNN, {"threads": 2, "fp16": 1}) == \
        cmake_build.folder(tmp_path, pynq, NCNN, {"threads": 1, "fp16": 0})


def test_embedded_files_are_aligned_arrays_with_their_sizes(tmp_path: Path) -> None:
    out = tmp_path / "m.c"
    embed.write(out, {"eb_a": b"7767517\n", "eb_b": bytes(range(30))}, text={"eb_a"})
    source = out.read_text()
    assert "const unsigned char eb_a[9] __attribute__((aligned(16)))" in source  # NUL added for the text
    assert "const size_t eb_a_size = 8;" in source and "const size_t eb_b_size = 30;" in source
    body = re.search(r"eb_b\[30\][^{]*\{(.*?)\}", source, re.S).group(1)
    values = [int(v) for v in body.replace("\n", "").split(",")]
    assert values == list(range(30))
    assert "extern const size_t eb_b_size;" in embed.declarations({"eb_b": b""})


def _tf2onnx_like(path: Path, counter: int, order: int) -> None:
    """What tf2onnx writes for one small model, with its counter at `counter` and its folded
    constants listed in order `order` (both vary from run to run)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w = numpy_helper.from_array(np.ones((4, 3), np.float32), f"const_fold_opt__{counter}")
    b = numpy_helper.from_array(np.zeros(4, np.float32), f"const_fold_opt__{counter + 1}")
    nodes = [helper.make_node("Gemm", ["x", w.name, b.name], [f"Gemm__{counter + 2}:0"], name=f"Gemm__{counter + 2}",
                              transB=1),
             helper.make_node("Relu", [f"Gemm__{counter + 2}:0"], ["y"], name="y")]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["unk__9", 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["unk__9", 4])],
                              [w, b] if order == 0 else [b, w],
                              doc_string=f"converted from {path.parent}/checkout{counter}/model.tflite")
    onnx.save(helper.make_model(graph, producer_name="tf2onnx"), str(path))


def test_tf2onnx_output_is_made_reproducible(tmp_path: Path) -> None:
    paths = []
    for counter, order in ((5, 0), (38, 1)):
        path = tmp_path / f"m{counter}.onnx"
        _tf2onnx_like(path, counter, order)
        onnx_bridge.normalise(path)
        paths.append(path)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    import onnx
    import onnxruntime

    model = onnx.load(str(paths[0]))
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_value == 1
    assert [t.name for t in model.graph.initializer] == ["const_fold_opt__eb0", "const_fold_opt__eb1"]
    assert "checkout" not in model.graph.doc_string  # tf2onnx's note names the converted file's path
    out = onnxruntime.InferenceSession(str(paths[0])).run(None, {"x": np.ones((1, 3), np.float32)})[0]
    assert out.tolist() == [[3.0] * 4]  # still the same model


def test_unknown_inner_dimension_is_a_tool_error(tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, "unk__3"])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, "unk__3"])])
    onnx.save(helper.make_model(graph), str(tmp_path / "m.onnx"))
    with pytest.raises(ToolError, match="left dimension 1 of x unknown"):
        onnx_bridge.normalise(tmp_path / "m.onnx")


def test_mnn_uuid_is_replaced_by_one_made_from_the_model() -> None:
    mnn = load_by_path("mnn_convert", PROJECT / "engines" / "mnn" / "convert.py")
    body = b"\x04\x00\x00\x00$\x00\x00\x00%s\x00\x00weights"
    one = mnn.stable_uuid(body % b"dc7f8736-c1e1-44cf-ac18-24f0827cc951")
    other = mnn.stable_uuid(body % b"b5ccc08a-1fd1-43bc-a8ca-be99e34b2959")
    assert one == other and len(one) == len(body % b"dc7f8736-c1e1-44cf-ac18-24f0827cc951")
    assert mnn.stable_uuid(body.replace(b"weights", b"WEIGHTS") % b"dc7f8736-c1e1-44cf-ac18-24f0827cc951") != one
    with pytest.raises(ToolError, match="holds 0 UUIDs"):
        mnn.stable_uuid(b"no uuid here")


@pytest.mark.parametrize("shape, dims", [([1, 32, 32, 3], (3, 3, 32, 32)), ([1, 640], (1, 640, 1, 1)),
                                         ([1, 49, 10], (2, 10, 49, 1))])
def test_ncnn_blob_shape_from_the_onnx_input(shape: list[int], dims: tuple) -> None:
    ncnn = load_by_path("ncnn_convert", PROJECT / "engines" / "ncnn" / "convert.py")
    assert ncnn.mat_dims(shape) == dims


def test_report_records_the_configure_values() -> None:
    from edgebench import toolchain

    record = toolchain.record(load_board(BOARDS / "pynq_z2.yaml"), MNN, {"threads": 1, "precision": "Normal"})
    assert record["cmake_definitions"]["MNN_BUILD_HARD"] == "ON" and record["cmake_definitions"]["MNN_ARM82"] == "OFF"
    assert "cmake_definitions" not in toolchain.record(load_board(BOARDS / "host.yaml"),
                                                       load_engine(PROJECT / "engines" / "emlearn" / "engine.yaml"),
                                                       {})


def test_no_one_core_latency_estimate_of_a_multithreaded_inference() -> None:
    from edgebench import latency

    pynq, host = load_board(BOARDS / "pynq_z2.yaml"), load_board(BOARDS / "host.yaml")
    assert latency.threads(NCNN, {"threads": 2, "fp16": 0}) == 2 and latency.threads(MNN, {"threads": 1}) == 1
    run = {"status": "ok", "instruction_classes": {"counts": {"alu": 10, "load": 5}},
           "native": {"median_ns": 250_000}}
    assert latency.estimate(pynq, run, 15)["kind"] == "estimate"
    assert latency.estimate(pynq, run, 15, threads=2) is None
    assert latency.estimate(host, run, 15, threads=2) == {"kind": "measured", "ms": 0.25,
                                                          "source": "the native run's median on this machine"}


def test_package_placeholder_is_the_package_folder_in_the_build_and_kept_in_the_report(tmp_path: Path) -> None:
    from edgebench import toolchain

    host = load_board(BOARDS / "host.yaml")
    config = cmake_build.configuration(host, ORT, {"threads": 1}, tmp_path / "pkg", [])
    assert config["definitions"]["FETCHCONTENT_SOURCE_DIR_EIGEN"] == f"{tmp_path}/pkg/_deps/eigen"
    assert config["source"] == str(tmp_path / "pkg" / "cmake")
    assert config["definitions"]["FETCHCONTENT_FULLY_DISCONNECTED"] == "ON"
    # the report says what was configured without this machine's paths
    recorded = toolchain.record(host, ORT, {"threads": 1})["cmake_definitions"]
    assert recorded["FETCHCONTENT_SOURCE_DIR_EIGEN"] == "{package}/_deps/eigen"


def _small_onnx(path: Path) -> None:
    """A convolution, a fused activation and a dense layer: what ORT's converter fuses and lays out."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(3)
    weights = [numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)
               for name, shape in (("w", [4, 3, 3, 3]), ("b", [4]), ("fc", [4 * 6 * 6, 5]))]
    nodes = [helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[0, 0, 0, 0]),
             helper.make_node("Relu", ["c"], ["r"]),
             helper.make_node("Flatten", ["r"], ["f"]),
             helper.make_node("MatMul", ["f", "fc"], ["y"])]
    graph = helper.make_graph(nodes, "small", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5])], weights)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), str(path))


class _ProjectPython:
    """The project's own onnxruntime (the host reference's, not the recipe's 1.21) as the tool."""
    name = "onnxruntime"

    def run(self, args: list[str], cwd: Path):
        import os
        import subprocess
        import sys

        return subprocess.run([sys.executable, *args], cwd=cwd, env=dict(os.environ), capture_output=True,
                              text=True, check=False)


def test_ort_conversion_gives_the_same_bytes_from_any_folder(tmp_path: Path) -> None:
    ort = load_by_path("ort_convert", PROJECT / "engines" / "ort" / "convert.py")
    made = []
    for folder in (tmp_path / "a", tmp_path / "much" / "deeper" / "b"):
        folder.mkdir(parents=True)
        _small_onnx(folder / "model.onnx")
        made.append(ort.to_ort(_ProjectPython(), folder / "model.onnx", folder))
    assert made[0][4:8] == b"ORTM" and made[0] == made[1]
    # the operators the reduced build keeps: what the optimised graph uses, by domain and opset
    operators = (tmp_path / "a" / "model.config").read_text()
    assert "FusedConv" in operators and "MatMul" in operators and "Relu" not in operators
    float32 = {"dtype": "float32"}
    assert ort.io_names(tmp_path / "a" / "model.onnx", {"inputs": [float32], "outputs": [float32]}) == \
        ("x", [1, 3, 8, 8], 1, ["y"])


def _int8_onnx(path: Path) -> None:
    """An int8 model as tf2onnx writes a quantised .tflite: int8 in and out, the arithmetic between
    DequantizeLinear and QuantizeLinear (ORT fuses such pairs into its integer kernels)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(4)
    init = [numpy_helper.from_array(rng.integers(-127, 127, (4, 6), dtype=np.int8), "wq"),
            numpy_helper.from_array(np.array(0.02, np.float32), "ws"),
            numpy_helper.from_array(np.array(0, np.int8), "z"),
            numpy_helper.from_array(np.array(0.05, np.float32), "xs"),
            numpy_helper.from_array(np.array(0.1, np.float32), "ys")]
    nodes = [helper.make_node("DequantizeLinear", ["x", "xs", "z"], ["xf"]),
             helper.make_node("DequantizeLinear", ["wq", "ws", "z"], ["wf"]),
             helper.make_node("MatMul", ["xf", "wf"], ["yf"]),
             helper.make_node("QuantizeLinear", ["yf", "ys", "z"], ["y"])]
    graph = helper.make_graph(nodes, "int8", [helper.make_tensor_value_info("x", TensorProto.INT8, [1, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.INT8, [1, 6])], init)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), str(path))


def test_ort_int8_model_exchanges_int8_tensors(tmp_path: Path) -> None:
    from edgebench.errors import ToolError

    ort = load_by_path("ort_convert", PROJECT / "engines" / "ort" / "convert.py")
    _int8_onnx(tmp_path / "model.onnx")
    int8 = {"dtype": "int8"}
    assert ort.io_names(tmp_path / "model.onnx", {"inputs": [int8], "outputs": [int8]}) == ("x", [1, 4], 3, ["y"])
    assert ort.to_ort(_ProjectPython(), tmp_path / "model.onnx", tmp_path)[4:8] == b"ORTM"
    assert "MatMul" in (tmp_path / "model.config").read_text()
    # the harness would feed what the model declares: a graph of another type is the converter's fault
    with pytest.raises(ToolError, match="tensor x is int8, the model's is float32"):
        ort.io_names(tmp_path / "model.onnx", {"inputs": [{"dtype": "float32"}], "outputs": [int8]})
    # a tensor type the glue does not exchange is the model's limit, named
    import onnx
    from edgebench.errors import UnsupportedModel

    model = onnx.load(str(tmp_path / "model.onnx"))
    model.graph.input[0].type.tensor_type.elem_type = onnx.TensorProto.INT16
    onnx.save(model, str(tmp_path / "int16.onnx"))
    with pytest.raises(UnsupportedModel, match="tensor x is of ONNX type 5; the glue exchanges float32, int8"):
        ort.io_names(tmp_path / "int16.onnx", {"inputs": [int8], "outputs": [int8]})


def test_ort_converter_refusal_is_an_unsupported_model(tmp_path: Path) -> None:
    import onnx
    from edgebench.errors import UnsupportedModel
    from onnx import TensorProto, helper

    ort = load_by_path("ort_convert", PROJECT / "engines" / "ort" / "convert.py")
    node = helper.make_node("NoSuchOperator", ["x"], ["y"], domain="")
    graph = helper.make_graph([node], "bad", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8),
              str(tmp_path / "model.onnx"))
    with pytest.raises(UnsupportedModel, match="ONNX Runtime cannot run it: .*No Op registered for NoSuchOperator"):
        ort.to_ort(_ProjectPython(), tmp_path / "model.onnx", tmp_path)
