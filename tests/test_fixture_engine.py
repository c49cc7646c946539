"""The engine interface proven on an engine the tests make: its upstream is a
local git repository reached by git URL rewriting (the offline-mirror recipe
for git pins), its model a user's own .onnx file, its reference onnxruntime."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_project, make_dense_onnx, report, scons


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fx"))


def build(project: Path, fx: dict, *args: str):
    return scons(project, f"overlay={fx['overlay']}", "engine=fixture", f"model={fx['model']}", *args,
                 env=fx["env"])


@pytest.mark.parametrize("board", ["host", "nucleo_f411re", "hifive1"])
def test_fixture_engine_user_onnx_model(fixture_project: Path, fixture_overlay: dict, board: str) -> None:
    done = build(fixture_project, fixture_overlay, f"board={board}")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = report(fixture_project, board, "fixture", "dense")
    assert result["passed"], result["verdict"]
    check = result["run"]["output_check"]
    assert check["inputs"] == 4 and check["tensors"][0]["max_abs_diff"] < 1e-5
    assert result["size"]["components"]["engine"]["bytes"] > 0  # fx_dense came from the Conan package
    assert result["engine_options"] == {"behaviour": 0}


def test_guest_fault_is_reported_with_address(fixture_project: Path, fixture_overlay: dict) -> None:
    done = build(fixture_project, fixture_overlay, "board=nucleo_f411re", "engine_opts=behaviour=1")
    assert done.returncode != 0
    result = report(fixture_project, "nucleo_f411re", "fixture", "dense", "behaviour=1")
    assert result["run"]["status"] == "fault"
    assert result["run"]["fault_address"].startswith("0x")
    assert "fault" in done.stdout


def test_hang_is_reported_as_timeout(fixture_project: Path, fixture_overlay: dict, tmp_path: Path) -> None:
    boards = tmp_path / "boards"
    boards.mkdir()
    text = (fixture_project / "boards" / "nucleo_f411re.yaml").read_text()
    (boards / "slow_board.yaml").write_text(text.replace("name: nucleo_f411re", "name: slow_board")
                                            .replace("timeout_s: 300", "timeout_s: 3"))
    overlays = f"{fixture_overlay['overlay']},{tmp_path}"
    done = scons(fixture_project, f"overlay={overlays}", "engine=fixture", f"model={fixture_overlay['model']}",
                 "board=slow_board", "engine_opts=behaviour=2", env=fixture_overlay["env"])
    assert done.returncode != 0
    assert report(fixture_project, "slow_board", "fixture", "dense", "behaviour=2")["run"]["status"] == "timeout"


def test_pin_mismatch_fails_loudly(tmp_path: Path, fixture_overlay: dict) -> None:
    project = copy_project(tmp_path / "p")
    overlay = tmp_path / "overlay"
    shutil.copytree(fixture_overlay["overlay"], overlay)
    data = overlay / "recipes" / "fixture_dense" / "all" / "conandata.yml"
    data.write_text(data.read_text().replace(fixture_overlay["commit"], "0" * 40))
    done = scons(project, f"overlay={overlay}", "engine=fixture", f"model={fixture_overlay['model']}",
                 "board=host", env=fixture_overlay["env"])
    assert done.returncode != 0
    assert "fixture_dense/1.0" in done.stderr and "fetching sources" in done.stderr
    assert not (project / "build" / "host").exists()


def test_clean_with_arguments_then_everything(tmp_path: Path, fixture_overlay: dict) -> None:
    project = copy_project(tmp_path / "p")
    assert build(project, fixture_overlay, "board=host").returncode == 0
    target = project / "build" / "host" / "fixture" / "dense"
    assert (target / "report.json").is_file()
    cleaned = build(project, fixture_overlay, "board=host", "-c")
    assert cleaned.returncode == 0 and not target.exists()
    assert scons(project, "-c").returncode == 0
    assert not (project / "build").exists()


def relu_onnx(path: Path) -> Path:
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "relu",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 8])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def test_conversion_is_cached_and_a_failed_step_leaves_no_stale_report(tmp_path: Path, fixture_overlay: dict) -> None:
    project = copy_project(tmp_path / "p")
    model = make_dense_onnx(tmp_path / "mine.onnx")
    fx = {**fixture_overlay, "model": model}
    first = build(project, fx, "board=host")
    assert first.returncode == 0 and "CONVERT" in first.stdout
    again = build(project, fx, "board=host")
    assert again.returncode == 0 and "CONVERT" not in again.stdout and "MODEL" not in again.stdout
    make_dense_onnx(model, seed=1)  # same file, new weights: data, conversion and run again
    changed = build(project, fx, "board=host")
    assert changed.returncode == 0 and "CONVERT" in changed.stdout
    assert report(project, "host", "fixture", "mine")["passed"]
    relu_onnx(model)  # now a graph the fixture engine cannot take
    broken = build(project, fx, "board=host")
    assert broken.returncode != 0
    assert "cannot take model 'mine'" in broken.stderr and "has none" in broken.stderr
    assert "host/fixture/mine: not reported, an earlier step failed" in broken.stdout
    assert not (project / "build" / "host" / "fixture" / "mine" / "report.json").exists()


def test_image_larger_than_the_board_is_reported_as_not_fitting(fixture_project: Path, tmp_path: Path,
                                                                fixture_overlay: dict) -> None:
    big = make_dense_onnx(tmp_path / "big.onnx", n_in=256, n_out=300)  # 300 KB of weights, 256 KB flash
    done = build(fixture_project, {**fixture_overlay, "model": big}, "board=bbc_microbit")
    assert done.returncode != 0
    result = report(fixture_project, "bbc_microbit", "fixture", "big")
    assert result["run"]["status"] == "not_run"
    assert result["size"]["fit"]["flash_over"] > 0
    assert result["size"]["flash"]["deployable"] > 256 * 1024
    assert result["verdict"].startswith("does not fit: needs ")
    assert "bbc_microbit/fixture/big: does not fit" in done.stdout


def test_manifest_precision_is_held_to_the_file(fixture_project: Path, tmp_path: Path, fixture_overlay: dict) -> None:
    import hashlib

    model = fixture_overlay["model"]  # a float32 ONNX Gemm
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "claims_int8.yaml").write_text(
        "name: claims_int8\ndescription: a float model whose manifest says int8\nformat: onnx\nprecision: int8\n"
        f"source: {{url: '{model.as_uri()}', sha256: {hashlib.sha256(model.read_bytes()).hexdigest()}}}\n"
        "test_inputs: {random: {count: 2, seed: 0}}\n")
    done = scons(fixture_project, f"overlay={fixture_overlay['overlay']},{tmp_path}", "engine=fixture",
                 "model=claims_int8", "board=host", env=fixture_overlay["env"])
    assert done.returncode != 0
    assert "claims_int8.yaml: field 'precision'" in done.stderr and "so it is float32, not int8" in done.stderr
    assert "fix: set precision: float32" in done.stderr
    assert not (fixture_project / "build" / "host" / "fixture" / "claims_int8" / "report.json").exists()


def test_a_changed_board_layout_relinks(tmp_path: Path, fixture_overlay: dict) -> None:
    project = copy_project(tmp_path / "p")
    assert build(project, fixture_overlay, "board=nucleo_f411re").returncode == 0
    assert report(project, "nucleo_f411re", "fixture", "dense")["size"]["ram"]["stack_reserved"] == 8192
    board = project / "boards" / "nucleo_f411re.yaml"
    board.write_text(board.read_text().replace("stack_size_bytes: 8192", "stack_size_bytes: 4096"))
    again = build(project, fixture_overlay, "board=nucleo_f411re")
    assert again.returncode == 0 and "LINK build/nucleo_f411re/fixture/dense/firmware.elf" in again.stdout
    assert report(project, "nucleo_f411re", "fixture", "dense")["size"]["ram"]["stack_reserved"] == 4096
