"""The C++ fixture engine (tests/fixture_engine_cxx) as an overlay: its upstream a local git
repository reached through git URL rewriting (as a mirror is), its recipe pinned to that commit."""
from __future__ import annotations

import shutil
import string
from pathlib import Path

from conftest import git, make_dense_onnx

FIXTURE_CXX = Path(__file__).parent / "fixture_engine_cxx"


def make_overlay(base: Path) -> dict:
    """{overlay, env (git URL rewriting), model, commit} under `base`."""
    upstream = base / "mirror" / "fxcxx.git"
    shutil.copytree(FIXTURE_CXX / "upstream", upstream)
    git(upstream, "init", "-q")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "fixture")
    commit = git(upstream, "rev-parse", "HEAD")
    overlay = base / "overlay"
    shutil.copytree(FIXTURE_CXX / "engine", overlay / "engines" / "fixture_cxx")
    recipe = overlay / "recipes" / "fixture_cxx"
    shutil.copytree(FIXTURE_CXX / "recipe", recipe / "all")
    shutil.move(recipe / "all" / "config.yml", recipe / "config.yml")
    template = string.Template((recipe / "all" / "conandata.yml.in").read_text())
    (recipe / "all" / "conandata.yml").write_text(template.substitute(commit=commit))
    (recipe / "all" / "conandata.yml.in").unlink()
    env = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{base / 'mirror'}/.insteadOf",
           "GIT_CONFIG_VALUE_0": "https://github.com/edgebench-fixture/"}
    return {"overlay": overlay, "commit": commit, "env": env, "model": make_dense_onnx(base / "dense.onnx")}
