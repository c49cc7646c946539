"""Shared fixtures: a fresh copy of the project per test session (its own
build/ and Conan home, as a new checkout has), and a way to run scons in it."""
from __future__ import annotations

import json
import os
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SCONS = Path(sys.executable).parent / "scons"
PROJECT_ITEMS = ["SConstruct", "site_scons", "boards", "engines", "recipes", "models", "harness", "plugins",
                 "toolchains"]
FIXTURE = Path(__file__).parent / "fixture_engine"
EMULATED_BOARDS = sorted(p.stem for p in (PROJECT / "boards").glob("*.yaml"))

sys.path.insert(0, str(PROJECT / "site_scons"))
sys.path.insert(0, str(PROJECT / "site_scons" / "site_tools"))  # eb_* tools whose pure parts are tested


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for item in PROJECT_ITEMS:
        source = PROJECT / item
        if source.is_dir():
            shutil.copytree(source, dest / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / item)
    return dest


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


def scons(cwd: Path, *args: str, env: dict[str, str] | None = None,
          timeout: float = 900) -> subprocess.CompletedProcess:
    full = {**os.environ, **(env or {})}
    if "EDGEBENCH_CONAN_HOME" not in (env or {}):  # each test project keeps its own, as a new checkout has
        full.pop("EDGEBENCH_CONAN_HOME", None)
    return subprocess.run([str(SCONS), "-Q", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=full, check=False)


def target_dir(project: Path, board: str, engine: str, model: str, opts: str = "") -> Path:
    """build/<board>/<engine>[@key=value...]/<model>: the folder name carries the options given that
    differ from the engine's defaults (which depend on board and model), so it is the folder whose
    @key=value pairs are the most of those in `opts` (engine_opts= as given) and none other."""
    given = {tuple(item.split("=", 1)) for item in opts.split(",") if item}
    folders = [(len(pairs), d) for d in (project / "build" / board).glob(f"{engine}*")
               if d.name.split("@")[0] == engine
               and (pairs := {tuple(p.split("=", 1)) for p in d.name.split("@")[1:]}) <= given]
    return max(folders, default=(0, project / "build" / board / engine))[1] / model


def report(project: Path, board: str, engine: str, model: str, opts: str = "") -> dict:
    return json.loads((target_dir(project, board, engine, model, opts) / "report.json").read_text())


def make_dense_onnx(path: Path, n_in: int = 8, n_out: int = 4, seed: int = 0) -> Path:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    weights = rng.normal(size=(n_out, n_in)).astype(np.float32)
    bias = rng.normal(size=n_out).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "w", "b"], ["y"], transB=1)], "dense",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, n_in])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, n_out])],
        [numpy_helper.from_array(weights, "w"), numpy_helper.from_array(bias, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def make_image_onnx(path: Path, hwc: tuple[int, int, int] = (4, 4, 3), n_out: int = 4, seed: int = 0) -> Path:
    """An image-shaped model (1 x H x W x C, flattened into one Gemm) the fixture engine can run."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    n_in = int(np.prod(hwc))
    graph = helper.make_graph(
        [helper.make_node("Flatten", ["x"], ["flat"]), helper.make_node("Gemm", ["flat", "w", "b"], ["y"], transB=1)],
        "image", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, *hwc])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, n_out])],
        [numpy_helper.from_array(rng.normal(size=(n_out, n_in)).astype(np.float32), "w"),
         numpy_helper.from_array(rng.normal(size=n_out).astype(np.float32), "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def load_by_path(name: str, path: Path):
    """A Python file of an engine folder as a module (engines are not packages)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def make_fixture_overlay(base: Path, fixture: Path, engine: str, recipe: str, repo: str = "",
                         **values: str) -> dict:
    """{overlay, commit, env (git URL rewriting)} under `base` for a fixture folder of upstream/, recipe/
    (config.yml, conandata.yml.in: $commit and `values`) and engine/: the upstream becomes a local git
    repository reached as https://github.com/edgebench-fixture/<repo>.git, as a mirror is."""
    upstream = base / "mirror" / f"{repo or recipe}.git"
    shutil.copytree(fixture / "upstream", upstream)
    git(upstream, "init", "-q")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "fixture")
    commit = git(upstream, "rev-parse", "HEAD")
    overlay = base / "overlay"
    shutil.copytree(fixture / "engine", overlay / "engines" / engine)
    folder = overlay / "recipes" / recipe
    shutil.copytree(fixture / "recipe", folder / "all")
    shutil.move(folder / "all" / "config.yml", folder / "config.yml")
    template = string.Template((folder / "all" / "conandata.yml.in").read_text())
    (folder / "all" / "conandata.yml").write_text(template.substitute(commit=commit, **values))
    (folder / "all" / "conandata.yml.in").unlink()
    env = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{base / 'mirror'}/.insteadOf",
           "GIT_CONFIG_VALUE_0": "https://github.com/edgebench-fixture/"}
    return {"overlay": overlay, "commit": commit, "env": env}


@pytest.fixture(scope="session")
def fixture_overlay(tmp_path_factory) -> dict:
    """An overlay with the fixture engine and its recipe, whose pinned upstream is
    a local git repository reached through git URL rewriting (as a mirror is)."""
    base = tmp_path_factory.mktemp("fixture")
    made = make_fixture_overlay(base, FIXTURE, "fixture", "fixture_dense", repo="dense")
    return {**made, "model": make_dense_onnx(base / "dense.onnx")}
