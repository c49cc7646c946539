"""ONNX Runtime, ncnn and MNN for real, on the Pynq-Z2's Linux and the PC: they need their upstreams
at their pins (ORT's release tree and dependencies from Debian's archive and GitHub, Tencent/ncnn,
alibaba/MNN), their converters from PyPI and the model files, so these are marked `upstream` and
skip with the reason where those are out of reach (README: offline and air-gapped use). Each
engine's libraries are built once per board by its own CMake and shared by every target; each
engine is built in a project of its own, so `-k ort` builds ORT alone (about 30 minutes here)."""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, copy_project, report, scons
from edgebench.errors import SourceError
from edgebench.fetch import fetch
from edgebench.models import load_model

pytestmark = pytest.mark.upstream
ENGINES = ("ort", "ncnn", "mnn")
BOARDS = ("pynq_z2", "host")
MODEL = "cifar10_f"


@pytest.fixture(scope="module", params=ENGINES)
def built(request, tmp_path_factory) -> dict:
    """The engine's project, built once for the whole run: pytest-xdist's workers each run this
    fixture, so the first builds (under a lock, in the folder the workers share) and the others
    take its result (`--dist loadgroup` would do it, but xdist 3.8 cannot rename pytest 9's items)."""
    engine = request.param
    home = os.environ.get("EDGEBENCH_CONAN_HOME")
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    place = shared / f"os_engines_{engine}"
    with open(shared / f"os_engines_{engine}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (place / "built.json").is_file():
            shutil.rmtree(place, ignore_errors=True)
            project = copy_project(place / "project")
            conan_home = Path(home) if home else project / ".edgebench" / "conan2"
            model = load_model(PROJECT / "models" / f"{MODEL}.yaml")
            try:
                fetch(model["source"]["url"], model["source"]["sha256"], place / MODEL, conan_home)
            except SourceError as exc:
                pytest.skip(f"the model file is not reachable: {str(exc)[:300]}")
            done = scons(project, "-j2", "-k", f"board={','.join(BOARDS)}", f"engine={engine}", f"model={MODEL}",
                         env={"EDGEBENCH_CONAN_HOME": str(conan_home)} if home else None, timeout=5400)
            (place / "built.json").write_text(json.dumps({"returncode": done.returncode, "stdout": done.stdout,
                                                          "stderr": done.stderr}))
    done = json.loads((place / "built.json").read_text())
    if "fetching sources for" in done["stderr"]:
        pytest.skip(f"{engine}'s upstream is not reachable: {done['stderr'][-300:]}")
    # the Conan home the run was given, for the tests' own scons runs (else each project keeps its own)
    return {"project": place / "project", "done": done, "engine": engine,
            "env": {"EDGEBENCH_CONAN_HOME": home} if home else None}


@pytest.mark.parametrize("board", BOARDS)
def test_float_cifar10_runs_and_matches_tflite(built: dict, board: str) -> None:
    result = report(built["project"], board, built["engine"], MODEL)
    assert result["passed"], result["verdict"]
    check = result["run"]["output_check"]
    assert check["target_correct"] == check["reference_correct"]
    assert result["run"]["heap_peak_bytes"] > 0 and result["run"]["stack_peak_bytes"] > 0
    # the model's file is in the image, as the model component
    assert result["size"]["components"]["model"]["bytes"] > 300_000


def test_another_option_set_of_the_glue_rebuilds_nothing_of_the_engine(built: dict) -> None:
    done = scons(built["project"], "board=pynq_z2", f"engine={built['engine']}", f"model={MODEL}",
                 "engine_opts=threads=2",  # read by the glue alone
                 env=built["env"], timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "with its CMake" not in done.stdout


def test_a_second_model_on_the_board_rebuilds_nothing_of_the_engine(built: dict, tmp_path: Path) -> None:
    """A user's ONNX model (a small CNN made here) with its own inputs: converted and linked against
    the libraries the first model's build made."""
    import numpy as np
    from test_os_engines import _small_onnx

    _small_onnx(tmp_path / "small.onnx")
    np.save(tmp_path / "inputs.npy", np.random.default_rng(5).random((3, 3, 8, 8), dtype=np.float32))
    done = scons(built["project"], "board=pynq_z2", f"engine={built['engine']}", f"model={tmp_path / 'small.onnx'}",
                 f"inputs={tmp_path / 'inputs.npy'}",
                 env=built["env"], timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "with its CMake" not in done.stdout
    result = report(built["project"], "pynq_z2", built["engine"], "small")
    assert result["passed"], result["verdict"]


def test_int8_cifar10_where_the_engine_takes_it(built: dict) -> None:
    """The int8 .tflite: ORT runs tf2onnx's QuantizeLinear/DequantizeLinear graph with its integer
    kernels, on the libraries already built; ncnn and MNN refuse it by precision (README: why)."""
    import yaml

    engine = yaml.safe_load((PROJECT / "engines" / built["engine"] / "engine.yaml").read_text())
    done = scons(built["project"], "-k", f"board={','.join(BOARDS)}", f"engine={built['engine']}", "model=cifar10",
                 env=built["env"], timeout=1800)
    if "int8" not in engine["precisions"]:  # two boards: a matrix, whose refused rows say why
        assert f"engine '{built['engine']}' takes float32 models, not int8" in done.stdout + done.stderr, done.stdout
        assert not any((built["project"] / "build" / board / built["engine"] / "cifar10" / "report.json").exists()
                       for board in BOARDS)
        return
    assert done.returncode == 0, done.stderr[-2000:]
    assert "with its CMake" not in done.stdout
    for board in BOARDS:
        result = report(built["project"], board, built["engine"], "cifar10")
        assert result["passed"], result["verdict"]
        check = result["run"]["output_check"]
        assert check["target_correct"] == check["reference_correct"]
