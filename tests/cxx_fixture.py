"""The C++ fixture engine (tests/fixture_engine_cxx) as an overlay: its upstream a local git
repository reached through git URL rewriting (as a mirror is), its recipe pinned to that commit."""
from __future__ import annotations

from pathlib import Path

from conftest import make_dense_onnx, make_fixture_overlay

FIXTURE_CXX = Path(__file__).parent / "fixture_engine_cxx"


def make_overlay(base: Path) -> dict:
    """{overlay, env (git URL rewriting), model, commit} under `base`."""
    made = make_fixture_overlay(base, FIXTURE_CXX, "fixture_cxx", "fixture_cxx", repo="fxcxx")
    return {**made, "model": make_dense_onnx(base / "dense.onnx")}
