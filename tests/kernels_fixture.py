"""The fxk fixture engine (tests/fixture_kernels) laid out as an overlay, and the float .tflite
models it runs, written with tests/tflite_builder.py."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from tflite_builder import Builder

FIXTURE = Path(__file__).parent / "fixture_kernels"
ENGINE_YAML = "engines/fxk/engine.yaml"


def make_overlay(dest: Path) -> Path:
    """dest/engines/fxk and dest/recipes/fixture_kernels (its sources exported with the recipe)."""
    shutil.copytree(FIXTURE / "engine", dest / "engines" / "fxk")
    recipe = dest / "recipes" / "fixture_kernels"
    shutil.copytree(FIXTURE / "recipe", recipe / "all")
    shutil.move(recipe / "all" / "config.yml", recipe / "config.yml")
    shutil.copytree(FIXTURE / "upstream", recipe / "all" / "upstream")
    return dest


def dense(path: Path, n_in: int = 16, n_out: int = 8, then: tuple[str, ...] = (), seed: int = 0) -> Path:
    """float32 [1, n_in] -> FULLY_CONNECTED n_out -> each operator of `then` in turn: SOFTMAX, or ADD of
    a constant (which fxk lacks)."""
    rng = np.random.default_rng(seed)
    b = Builder()
    x = b.tensor("input", [1, n_in])
    w = b.tensor("fc_w", [n_out, n_in], rng.normal(size=(n_out, n_in)).astype(np.float32))
    bias = b.tensor("fc_b", [n_out], rng.normal(size=n_out).astype(np.float32))
    y = b.tensor("fc_out", [1, n_out])
    b.op("FULLY_CONNECTED", [x, w, bias], [y], "FullyConnectedOptions", fusedActivationFunction=0)
    for i, kind in enumerate(then):
        out = b.tensor(f"{kind.lower()}_{i}", [1, n_out])
        if kind == "ADD":
            other = b.tensor(f"add_{i}", [1, n_out], rng.normal(size=(1, n_out)).astype(np.float32))
            b.op("ADD", [y, other], [out], "AddOptions", fusedActivationFunction=0)
        else:
            b.op("SOFTMAX", [y], [out], "SoftmaxOptions", beta=1.0)
        y = out
    return b.save(path, [x], [y])
