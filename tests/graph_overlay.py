"""An overlay whose engine's recipe has a Conan requirement (tests/fixture_graph): the package
graph proven without upstreams. Used by tests/test_recipes.py and the catalogue (block 8a)."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from conftest import FIXTURE, git, make_dense_onnx

GRAPH_RECIPE = Path(__file__).parent / "fixture_graph" / "conanfile.py"
ENGINE = "fixture_graph"
TOP, DEP = "fixture_top/1.0", "fixture_dense/1.0"


def make_graph_overlay(base: Path) -> dict:
    """base/upstream (a git repository), base/overlay (recipes fixture_top and fixture_dense,
    engine fixture_graph) and base/dense.onnx. Recipes name the repository by its path, so no
    URL rewriting is needed: the overlay works from any scons run."""
    upstream = base / "upstream"
    shutil.copytree(FIXTURE / "upstream", upstream)
    git(upstream, "init", "-q")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "fixture")
    commit = git(upstream, "rev-parse", "HEAD")
    recipes = base / "overlay" / "recipes"
    pin = {"url": str(upstream), "commit": commit}
    shutil.copytree(FIXTURE / "recipe", recipes / "fixture_dense" / "all", ignore=shutil.ignore_patterns("*.in"))
    shutil.move(recipes / "fixture_dense" / "all" / "config.yml", recipes / "fixture_dense" / "config.yml")
    write_recipe_data(recipes / "fixture_dense", {"sources": {"1.0": pin}})
    (recipes / "fixture_top" / "all").mkdir(parents=True)
    shutil.copy(GRAPH_RECIPE, recipes / "fixture_top" / "all" / "conanfile.py")
    shutil.copy(recipes / "fixture_dense" / "config.yml", recipes / "fixture_top" / "config.yml")
    write_recipe_data(recipes / "fixture_top", {"sources": {"1.0": pin}, "requires": [DEP]})
    engine = base / "overlay" / "engines" / ENGINE
    shutil.copytree(FIXTURE / "engine", engine)
    edit_engine(engine / "engine.yaml", name=ENGINE, recipe=TOP, include_dirs=["include"],
                sources=["fixture_dense:src/*.c"])
    return {"base": base, "overlay": base / "overlay", "upstream": upstream, "commit": commit,
            "recipes": recipes, "engine": engine, "model": make_dense_onnx(base / "dense.onnx")}


def write_recipe_data(recipe: Path, data: dict) -> None:
    (recipe / "all" / "conandata.yml").write_text(yaml.safe_dump(data))


def edit_recipe_data(recipe: Path, **changes: object) -> None:
    path = recipe / "all" / "conandata.yml"
    path.write_text(yaml.safe_dump({**yaml.safe_load(path.read_text()), **changes}))


def edit_engine(path: Path, **changes: object) -> None:
    path.write_text(yaml.safe_dump({**yaml.safe_load(path.read_text()), **changes}, sort_keys=False))
