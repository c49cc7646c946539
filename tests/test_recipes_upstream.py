"""The TFLM family of recipes for real: tflite-micro and every requirement it pulls in, each cloned
at its pin. Needs the upstreams (GitHub) and the TFLM flatbuffers patch (raw.githubusercontent.com),
so marked `upstream`; skips with the reason where they are out of reach.

Offline: git URL rewriting to mirrors and a Conan download cache holding the patch, in the Conan
home EDGEBENCH_CONAN_HOME names (README: offline and air-gapped use)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT
from edgebench import sources
from edgebench.errors import SourceError

pytestmark = pytest.mark.upstream
TFLM = "tflite-micro/cci.20260820"
GRAPH = ["tflite-micro", "flatbuffers", "gemmlowp", "ruy", "cmsis-nn"]
RECIPES = PROJECT / "recipes"


@pytest.fixture(scope="module")
def tflm(tmp_path_factory) -> dict:
    home = Path(os.environ.get("EDGEBENCH_CONAN_HOME") or tmp_path_factory.mktemp("conan2"))
    try:
        folders = sources.package_folders(TFLM, [RECIPES], home)
    except SourceError as exc:
        pytest.skip(f"TFLM's upstreams not reachable: {str(exc)[-400:]}")
    return {"home": home, "folders": folders}


# The versions TFLM requires, of recipes that have more than one (cmsis-nn 4.1.0 serves microTVM).
REQUIRED = {"cmsis-nn": "cci.20260617"}


def pin(name: str) -> dict:
    data = yaml.safe_load((RECIPES / name / "all" / "conandata.yml").read_text())
    version = REQUIRED.get(name) or next(iter(data["sources"]))
    return {"version": version, **data["sources"][version]}


def clone_of(home: Path, name: str) -> Path:
    """Where the recipe cloned its upstream: the source folder Conan keeps for the recipe revision."""
    from conan.api.conan_api import ConanAPI
    from conan.api.model import RecipeReference

    api = ConanAPI(cache_folder=str(home))
    ref = api.list.latest_recipe_revision(RecipeReference.loads(f"{name}/{pin(name)['version']}"))
    return Path(api.cache.source_path(ref)) / "src"


def git(tree: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(tree), *args], capture_output=True, text=True, check=True).stdout


def test_graph_is_tflm_and_what_its_download_scripts_name(tflm: dict) -> None:
    assert list(tflm["folders"]) == GRAPH


@pytest.mark.parametrize("name", GRAPH)
def test_each_clone_is_at_its_pin_and_licensed(tflm: dict, name: str) -> None:
    assert git(clone_of(tflm["home"], name), "rev-parse", "HEAD").strip() == pin(name)["commit"]
    assert (tflm["folders"][name] / "licenses" / "LICENSE").is_file()


def test_flatbuffers_carries_tflms_patch_exactly(tflm: dict) -> None:
    clone = clone_of(tflm["home"], "flatbuffers")
    patch = clone / "tflm-flatbuffers.patch"
    # Applied (it reverses cleanly) and nothing else changed in the tracked files.
    subprocess.run(["git", "-C", str(clone), "apply", "--check", "-R", str(patch)], check=True)
    patched = set(git(clone, "diff", "--name-only").split())
    assert patched == {line.split(" b/")[-1] for line in patch.read_text().splitlines()
                       if line.startswith("diff --git")}
    base = (tflm["folders"]["flatbuffers"] / "include" / "flatbuffers" / "base.h").read_text()
    assert "#define FLATBUFFERS_LOCALE_INDEPENDENT 0" in base
    for header in patched:
        packaged = tflm["folders"]["flatbuffers"] / header
        assert packaged.read_bytes() == (clone / header).read_bytes(), header


def test_tflite_micro_packages_the_library_not_tests_examples_or_signal(tflm: dict) -> None:
    root = tflm["folders"]["tflite-micro"]
    files = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    assert not [f for f in files if f.endswith("_test.cc") or "/examples/" in f or "/python/" in f
                or f.endswith((".py", ".bzl", "BUILD"))]
    assert {f for f in files if f.startswith("signal/")} == {"signal/micro/kernels/irfft.h",
                                                            "signal/micro/kernels/rfft.h"}
    for needed in ("tensorflow/lite/micro/micro_interpreter.cc", "tensorflow/lite/micro/kernels/conv.cc",
                   "tensorflow/lite/micro/kernels/cmsis_nn/conv.cc", "tensorflow/lite/core/c/common.cc",
                   "tensorflow/compiler/mlir/lite/schema/schema_utils.cc",
                   "tensorflow/lite/micro/arena_allocator/single_arena_buffer_allocator.cc"):
        assert needed in files, needed
    assert "tensorflow/lite/array.cc" not in files  # only no_tf_lite_static_memory builds compile it


def test_requirements_package_only_what_tflm_includes(tflm: dict) -> None:
    folders = tflm["folders"]
    assert (folders["gemmlowp"] / "include" / "fixedpoint" / "fixedpoint.h").is_file()
    assert (folders["gemmlowp"] / "include" / "internal" / "detect_platform.h").is_file()
    assert {p.name for p in (folders["ruy"] / "include").rglob("*") if p.is_file()} == {"instrumentation.h"}
    assert (folders["cmsis-nn"] / "Include" / "arm_nnfunctions.h").is_file()
    assert not (folders["cmsis-nn"] / "Source" / "Bindings").exists()


def test_cmsis_nn_and_its_tflm_kernels_compile_without_cmsis_core(tflm: dict) -> None:
    """Why there is no cmsis_6 recipe: CMSIS-NN (int8 kernels, as TFLM builds them) and TFLM's
    cmsis_nn kernels compile for an M55 (MVE) and an M4 (DSP) with the packages' headers alone."""
    folders = tflm["folders"]
    includes = [f"-I{folders['tflite-micro']}", f"-I{folders['flatbuffers'] / 'include'}",
                f"-I{folders['gemmlowp'] / 'include'}", f"-I{folders['ruy'] / 'include'}",
                f"-I{folders['cmsis-nn']}", f"-I{folders['cmsis-nn'] / 'Include'}"]
    nn = folders["cmsis-nn"] / "Source"
    samples = [nn / "ConvolutionFunctions" / "arm_convolve_s8.c",
               nn / "NNSupportFunctions" / "arm_nn_mat_mult_nt_t_s8.c",
               folders["tflite-micro"] / "tensorflow" / "lite" / "micro" / "kernels" / "cmsis_nn" / "conv.cc"]
    for cpu in ("cortex-m55", "cortex-m4"):
        for source in samples:
            compiler = "arm-none-eabi-g++" if source.suffix == ".cc" else "arm-none-eabi-gcc"
            std = ["-std=c++17", "-fno-rtti", "-fno-exceptions"] if source.suffix == ".cc" else ["-std=c11"]
            done = subprocess.run([compiler, f"-mcpu={cpu}", "-mthumb", "-mfloat-abi=hard", *std, "-fsyntax-only",
                                   "-DTF_LITE_STATIC_MEMORY", "-DCMSIS_NN", *includes, str(source)],
                                  capture_output=True, text=True, check=False)
            assert done.returncode == 0, f"{cpu} {source.name}: {done.stderr[-1500:]}"
