"""Engines that compile the model with a tool package (engine.yaml `tool`, tools.py), the way
microTVM does, proven on a fixture compiler the tests make (tests/fixture_compiler): a Conan tool
recipe pinned to a local git "upstream", its pinned Python requirements installed into the tool's
own environment, its run environment from the recipe, the board handed to the converter."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, copy_project, make_dense_onnx, make_fixture_overlay, report, scons, target_dir

FIXTURE = Path(__file__).parent / "fixture_compiler"


def _pinned(name: str) -> str:
    """The project's own pin of a package: pip's cache already holds it after setup."""
    line = next(line for line in (PROJECT / "requirements.txt").read_text().splitlines()
                if line.startswith(f"{name}=="))
    return line.split("#")[0].strip()


@pytest.fixture(scope="module")
def fxcc(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("fxcc")
    fixture = make_fixture_overlay(base, FIXTURE, "fxcc", "fxcc",
                                   requirements=", ".join([_pinned("onnx"), _pinned("numpy")]))
    project = copy_project(base / "project")
    home = base / "conan-home"  # one Conan home for the module: the tool's environment is made once in it
    env = {**fixture["env"], "EDGEBENCH_CONAN_HOME": str(home)}
    return {**fixture, "project": project, "home": home, "env": env, "model": make_dense_onnx(base / "dense.onnx")}


def build(fx: dict, *args: str, project: Path | None = None, env: dict | None = None):
    return scons(project or fx["project"], f"overlay={fx['overlay']}", "engine=fxcc", f"model={fx['model']}", *args,
                 env={**fx["env"], **(env or {})})


def tool_folders(fx: dict) -> list[Path]:
    return sorted((fx["home"] / "edgebench" / "tools").glob("fxcc-1.0-*"))


def test_compiled_model_runs_on_each_board(fxcc: dict) -> None:
    for board, core in (("host", "x86-64"), ("nucleo_f411re", "cortex-m4")):
        done = build(fxcc, f"board={board}")
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        result = report(fxcc["project"], board, "fxcc", "dense")
        assert result["passed"], result["verdict"]
        assert result["run"]["output_check"]["tensors"][0]["max_abs_diff"] < 1e-5
        source = (target_dir(fxcc["project"], board, "fxcc", "dense") / "gen" / "fxcc_model.c").read_text()
        # the board reached the converter, and the recipe's run environment reached the tool
        assert source.startswith(f"/* fxcc for {core} (from the recipe's run environment) */")
    folders = tool_folders(fxcc)
    assert len(folders) == 1, folders  # made once, for both boards
    marker = json.loads((folders[0] / "edgebench-tool.json").read_text())
    assert _pinned("onnx") in marker["requirements"]


def test_tool_output_is_reproducible_whatever_the_users_hash_seed(fxcc: dict, tmp_path: Path) -> None:
    """fxcc emits functions in set order: without the fixed hash seed two runs differ."""
    sources, done = [], None
    for seed in ("1", "2"):
        project = copy_project(tmp_path / f"p{seed}")
        done = build(fxcc, "board=host", project=project, env={"PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr[-2000:]
        sources.append((target_dir(project, "host", "fxcc", "dense") / "gen" / "fxcc_model.c").read_bytes())
    assert sources[0] == sources[1]
    assert "making the Python environment" not in done.stdout  # the home's tool, already made


def test_tool_failure_names_the_tool_and_leaves_no_output(fxcc: dict) -> None:
    done = build(fxcc, "board=host", "engine_opts=behaviour=fail")
    assert done.returncode != 0
    assert "fxcc failed (exit 3)" in done.stderr and "too clever for me" in done.stderr
    gen = target_dir(fxcc["project"], "host", "fxcc", "dense", "behaviour=fail") / "gen"
    # SCons makes the target's folder before the step; nothing is written into it
    assert not any(gen.parent.rglob("*.*")) and not gen.with_name("gen.tmp").exists()
    assert not (gen.parent / "report.json").exists()


def test_damaged_tool_environment_is_made_again(fxcc: dict, tmp_path: Path) -> None:
    assert build(fxcc, "board=host").returncode == 0
    (folder,) = tool_folders(fxcc)
    (folder / "bin" / "python").unlink()  # a damaged environment (its interpreter gone)
    project = copy_project(tmp_path / "p")
    done = build(fxcc, "board=host", project=project)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "making the Python environment of tool fxcc/1.0" in done.stdout
    assert tool_folders(fxcc) == [folder] and (folder / "bin" / "python").exists()
    assert not list(folder.parent.glob("*.tmp"))


def test_requirements_file_missing_from_the_package_is_an_input_error(fxcc: dict, tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    shutil.copytree(fxcc["overlay"], overlay)
    yaml_path = overlay / "engines" / "fxcc" / "engine.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("{python: requirements.txt}", "{python: reqs.txt}"))
    done = scons(fxcc["project"], f"overlay={overlay}", "engine=fxcc", f"model={fxcc['model']}", "board=host",
                 env=fxcc["env"])
    assert done.returncode != 0
    assert re.search(r"engine\.yaml: field 'tool\.python'", done.stderr), done.stderr
    assert "has no 'reqs.txt'" in done.stderr
