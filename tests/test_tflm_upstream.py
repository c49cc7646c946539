"""TFLM for real: needs tensorflow/tflite-micro and its requirements at their pins (recipes/) and the
model files, so these are marked `upstream` and skip with the reason where they are out of reach
(README: offline and air-gapped use, for the mirrors and download cache they need).

One build on the host (TFLM's reference kernels, checked against TFLite's BUILTIN_REF) and one on a
Cortex-M4 (CMSIS-NN, the default there); the library of each is compiled once for both models."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import PROJECT, copy_project, report, scons
from edgebench.errors import SourceError
from edgebench.fetch import fetch
from edgebench.models import load_model

pytestmark = pytest.mark.upstream
MODELS = ("cifar10", "mlperf_kws")
BOARDS = ("host", "nucleo_f411re")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    home = os.environ.get("EDGEBENCH_CONAN_HOME")
    project = copy_project(tmp_path_factory.mktemp("tflm"))
    conan_home = Path(home) if home else project / ".edgebench" / "conan2"
    for name in MODELS:
        model = load_model(PROJECT / "models" / f"{name}.yaml")
        try:
            fetch(model["source"]["url"], model["source"]["sha256"], tmp_path_factory.mktemp("m") / name, conan_home)
        except SourceError as exc:
            pytest.skip(f"the model files are not reachable: {str(exc)[:300]}")
    done = scons(project, "-j2", "-k", f"board={','.join(BOARDS)}", "engine=tflm", f"model={','.join(MODELS)}",
                 env={"EDGEBENCH_CONAN_HOME": str(conan_home)} if home else None, timeout=5400)
    if "fetching sources for tflite-micro" in done.stderr:
        pytest.skip(f"TFLM's upstreams are not reachable: {done.stderr[-300:]}")
    return {"project": project, "done": done}


@pytest.mark.parametrize("model", MODELS)
def test_reference_kernels_agree_with_builtin_ref_to_the_bit(built: dict, model: str) -> None:
    result = report(built["project"], "host", "tflm", model)
    assert result["passed"], result["verdict"]
    assert result["engine_options"] == {"kernels": "reference"}
    assert result["reference"]["variant"] == "builtin_ref"
    for tensor in result["run"]["output_check"]["tensors"]:
        assert tensor["differing_values"] == 0 and tensor["tolerance"]["max_steps"] == 0


@pytest.mark.parametrize("model", MODELS)
def test_cmsis_nn_on_the_cortex_m4(built: dict, model: str) -> None:
    result = report(built["project"], "nucleo_f411re", "tflm", model)
    assert result["passed"], result["verdict"]
    assert result["engine_options"] == {"kernels": "cmsis_nn"}
    assert "CMSIS_NN" in result["toolchain"]["defines"]
    assert result["size"]["fit"]["fits"]


@pytest.mark.parametrize("board", BOARDS)
def test_flags_of_tflms_release_build_are_recorded(built: dict, board: str) -> None:
    toolchain = report(built["project"], board, "tflm", "cifar10")["toolchain"]
    assert {"-std=c++17", "-fno-rtti", "-fno-exceptions", "-fno-threadsafe-statics"} <= set(toolchain["cxxflags"])
    assert {"TF_LITE_STATIC_MEMORY", "TF_LITE_STRIP_ERROR_STRINGS", "NDEBUG"} <= set(toolchain["defines"])
    if board == "nucleo_f411re":
        assert "-funsigned-char" in toolchain["cxxflags"]  # TFLM's cortex_m_generic target


@pytest.mark.parametrize("board", BOARDS)
def test_arena_is_tight_and_in_the_image(built: dict, board: str) -> None:
    for model in MODELS:
        result = report(built["project"], board, "tflm", model)
        arena = result["arena"]
        assert arena["reserved_bytes"] == -(-(arena["probe_needs_bytes"] + arena["margin_bytes"]) // 16) * 16
        assert result["run"]["arena"]["reserved_bytes"] == arena["reserved_bytes"]
        # what TFLM says it uses never exceeds what the probe found it needs
        assert result["run"]["arena"]["used_bytes"] <= arena["probe_needs_bytes"]


def test_library_once_and_only_the_models_kernels(built: dict) -> None:
    """Each board's library is archived once for both models; the kernel objects are those of the
    operators the two models use, and no model compiled an engine source of its own."""
    out = built["done"].stdout
    for board in BOARDS:
        assert len(re.findall(rf"^AR \S*_engines/{board}/tflm/\S+/libengine\.a$", out, re.M)) == 1
    compiled = {Path(p).stem for p in re.findall(r"^CXX \S*_engines/host/tflm/[^/\s]+/kernels/(\S+)\.o$", out, re.M)}
    # cifar10: CONV_2D FULLY_CONNECTED RESHAPE SOFTMAX; mlperf_kws adds DEPTHWISE_CONV_2D AVERAGE_POOL_2D
    registering = {"conv", "fully_connected", "reshape", "softmax", "depthwise_conv", "pooling"}
    assert registering <= compiled
    helpers = compiled - registering  # kernel files that register nothing, reached by name
    assert {"conv_common", "depthwise_conv_common", "kernel_util", "pooling_common", "softmax_common"} <= helpers
    assert not {"add_common", "mul_common", "svdf_common", "activations_common"} & helpers  # operators neither has
    assert not any(name in registering for name in helpers)
    # CMSIS-NN on the M4: the functions the kernels call, not the library's all
    called = {Path(p).stem for p in re.findall(r"^CC \S*_engines/nucleo_f411re/tflm/[^/\s]+/kernels/cmsis-nn/(\S+)\.o$",
                                               out, re.M)}
    assert {"arm_convolve_s8", "arm_depthwise_conv_s8", "arm_fully_connected_s8", "arm_softmax_s8"} <= called
    assert not {"arm_svdf_s8", "arm_elementwise_add_s8"} & called  # SVDF, ADD: neither model has them
    assert "arm_transpose_s8" in called  # arm_depthwise_conv_wrapper_s8 calls it
    # a model's own engine objects: only its arena
    assert {p.name for p in (built["project"] / "build").glob("*/tflm/*/obj/engine/*.o")} == {"arena.o"}

