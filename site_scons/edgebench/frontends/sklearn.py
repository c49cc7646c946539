"""scikit-learn models trained at build time on a dataset that ships with
scikit-learn, so a real model and a real accuracy exist with no download.
Host reference: the estimator's own predict_proba.

Training gives the same bytes on every machine: it runs in a child process
whose numerical libraries are held to one code path (OpenBLAS's kernel for
the architecture's baseline core, one thread, numpy's SIMD dispatch off),
because OpenBLAS picks its kernels by CPU and numpy its SIMD loops, and
different kernels round differently. The manifest may pin the trained
parameters' sha256 (`source.train.params_sha256`); other bytes fail the build.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import pickle
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, SourceError

SITE_SCONS = Path(__file__).resolve().parents[2]
# OpenBLAS's most widely runnable kernel set per host architecture; unknown architectures are left to
# the hash pin.
OPENBLAS_BASELINE = {"x86_64": "Prescott", "AMD64": "Prescott", "aarch64": "ARMV8", "arm64": "ARMV8"}
# Variables through which a caller's shell would choose kernels, threads or cache blocking (some
# machines set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for older OpenBLAS builds).
NUMERIC_PREFIXES = ("OPENBLAS_", "GOTO", "OMP_", "MKL_", "BLIS_", "NPY_")
REFERENCE_PACKAGE = "scikit-learn"
REFERENCE_DEFAULT = "the estimator's predict_proba, in the fixed numerical code path training uses"
INPUT_ERROR_STATUS = 3  # the child's way of saying "the manifest is wrong" (its message on stderr)


def training_env(environ: dict[str, str]) -> dict[str, str]:
    """The child's environment: the caller's, less anything that picks numerical code paths, plus ours."""
    env = {k: v for k, v in environ.items() if not k.startswith(NUMERIC_PREFIXES)}
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", PYTHONHASHSEED="0")
    if platform.machine() in OPENBLAS_BASELINE:
        env["OPENBLAS_CORETYPE"] = OPENBLAS_BASELINE[platform.machine()]
    dispatch = _numpy_dispatch()
    if dispatch:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(dispatch)
    return env


def _numpy_dispatch() -> list[str]:
    """The SIMD features numpy was built to dispatch to at run time (beyond its baseline)."""
    for name in ("numpy._core._multiarray_umath", "numpy.core._multiarray_umath"):
        try:
            return list(importlib.import_module(name).__cpu_dispatch__)
        except (ImportError, AttributeError):
            continue
    return []


def params_sha256(estimator: Any) -> str:
    """sha256 of a fitted estimator's canonical parameter bytes: every public fitted attribute (name
    ending in '_'), in name order, arrays as dtype, shape and bytes; sub-estimators and trees likewise.
    Unlike the pickle, it does not change with the Python, scikit-learn or pickle version."""
    digest = hashlib.sha256()
    _feed(digest, estimator, depth=0)
    return digest.hexdigest()


def _feed(digest: Any, value: Any, depth: int) -> None:
    if depth > 8:
        raise SourceError(f"cannot hash a trained model: {type(value).__name__} is nested too deeply")
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            _feed(digest, value.tolist(), depth + 1)
            return
        digest.update(f"{value.dtype.str}{value.shape}".encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (list, tuple)):
        digest.update(f"[{len(value)}".encode())
        for item in value:
            _feed(digest, item, depth + 1)
    elif isinstance(value, dict):
        for key in sorted(value):
            digest.update(f"{key}=".encode())
            _feed(digest, value[key], depth + 1)
    elif hasattr(value, "get_params"):  # an estimator: its fitted attributes
        _feed(digest, {k: v for k, v in vars(value).items() if k.endswith("_") and not k.startswith("_")}, depth + 1)
    elif hasattr(value, "__getstate__") and type(value).__module__.startswith("sklearn."):  # a tree
        _feed(digest, value.__getstate__(), depth + 1)
    else:
        digest.update(repr(value).encode())


def _split(train: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    x, y = getattr(datasets, f"load_{train['dataset']}")(return_X_y=True)
    return train_test_split(x.astype(np.float32), y, test_size=train["test_fraction"],
                            random_state=train["seed"], stratify=y)


def _estimator(train: dict[str, Any], where: str):
    module_name, _, class_name = train["estimator"].rpartition(".")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
        return cls(**train["params"])
    except (ImportError, AttributeError, TypeError) as exc:
        raise InputError(f"cannot make {train['estimator']}({train['params']}): {exc}",
                         where=f"{where}: field 'source.train'") from exc


def train_to(train: dict[str, Any], where: str, dest: Path) -> None:
    """Train and pickle {estimator, accuracy, held_out} to dest (run in the child process)."""
    x_train, x_test, y_train, y_test = _split(train)
    # Some scikit-learn solvers underflow harmlessly; never let a global
    # numpy error setting turn that into a failed build.
    with np.errstate(under="ignore"):
        estimator = _estimator(train, where).fit(x_train, y_train)
    with open(dest, "wb") as handle:
        pickle.dump({"estimator": estimator, "accuracy": float(estimator.score(x_test, y_test)),
                     "held_out": (x_test, y_test)}, handle)


def materialize(model: dict[str, Any], dest: Path, conan_home: Path) -> None:
    train, where = model["source"]["train"], str(model["file"])
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.resolve().with_name(dest.name + ".tmp")  # the child runs elsewhere
    done = _in_child("train", json.dumps(train), where, str(tmp))
    if done.returncode == INPUT_ERROR_STATUS:
        raise InputError(done.stderr.strip())
    if done.returncode != 0:
        tmp.unlink(missing_ok=True)
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise InputError(f"training {train['estimator']} failed: {last}", where=f"{where}: field 'source.train'")
    _check_pin(train, where, load(tmp)["estimator"], tmp)
    tmp.replace(dest)


def _in_child(*args: str) -> subprocess.CompletedProcess:
    """Run this module's command-line entry in a process held to one numerical code path."""
    return subprocess.run([sys.executable, "-m", __name__, *args], cwd=SITE_SCONS, env=training_env(dict(os.environ)),
                          capture_output=True, text=True, check=False)


def _check_pin(train: dict[str, Any], where: str, estimator: Any, tmp: Path) -> None:
    expected, got = train.get("params_sha256"), params_sha256(estimator)
    if expected is None or expected == got:
        return
    tmp.unlink(missing_ok=True)
    raise SourceError(
        f"{where}: field 'source.train.params_sha256': training gave other parameters than the pin\n"
        f"  expected: {expected}\n  got:      {got}\n"
        f"  likely cause: another scikit-learn or numpy version (or its bundled OpenBLAS), whose solver "
        f"or kernels round differently; edgebench already fixes threads, BLAS kernels and SIMD dispatch\n"
        f"  fix: install the pinned versions (requirements.txt); if the change is intended, "
        f"put params_sha256: {got} in the manifest")


def load(path: Path) -> dict[str, Any]:
    with open(path, "rb") as handle:
        return pickle.load(handle)  # noqa: S301 - our own build output


def held_out(path: Path, count: int) -> tuple[np.ndarray, np.ndarray]:
    x_test, y_test = load(path)["held_out"]
    return x_test[:count], y_test[:count]


def io_spec(path: Path) -> dict[str, Any]:
    estimator = load(path)["estimator"]
    return {"inputs": [{"name": "features", "dtype": "float32", "shape": [int(estimator.n_features_in_)]}],
            "outputs": [{"name": "proba", "dtype": "float32", "shape": [len(estimator.classes_)]}]}


def reference(path: Path, inputs: list[np.ndarray]) -> list[list[np.ndarray]]:
    """predict_proba per input, computed in the same fixed code path as training (the caller's BLAS
    kernels would round the reference differently on another machine)."""
    with tempfile.TemporaryDirectory(prefix="eb-sklearn-") as scratch:
        given, out = Path(scratch) / "inputs.npy", Path(scratch) / "outputs.npy"
        np.save(given, np.stack(inputs))
        done = _in_child("reference", str(path.resolve()), str(given), str(out))
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            raise SourceError(f"{path}: the scikit-learn reference failed: {last}")
        return [[row[None, ...]] for row in np.load(out)]


def _reference_to(path: Path, given: Path, out: Path) -> None:
    estimator = load(path)["estimator"]
    np.save(out, np.concatenate([estimator.predict_proba(x[None, ...]).astype(np.float32) for x in np.load(given)]))


def host_accuracy(path: Path) -> float:
    return load(path)["accuracy"]


if __name__ == "__main__":  # the child process: _in_child() runs this module with -m
    try:
        if sys.argv[1] == "train":
            train_to(json.loads(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
        else:
            _reference_to(*map(Path, sys.argv[2:5]))
    except InputError as error:
        print(error, file=sys.stderr)
        sys.exit(INPUT_ERROR_STATUS)
