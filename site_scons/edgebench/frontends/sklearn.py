"""scikit-learn models trained at build time on a dataset that ships with
scikit-learn, so a real model and a real accuracy exist with no download.
Training is deterministic: fixed seeds, one thread. Host reference:
the estimator's own predict_proba."""
from __future__ import annotations

import importlib
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError


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


def materialize(model: dict[str, Any], dest: Path, conan_home: Path) -> None:
    train = model["source"]["train"]
    x_train, x_test, y_train, y_test = _split(train)
    # Some scikit-learn solvers underflow harmlessly; never let a global
    # numpy error setting turn that into a failed build.
    with np.errstate(under="ignore"):
        estimator = _estimator(train, str(model["file"])).fit(x_train, y_train)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "wb") as handle:
        pickle.dump({"estimator": estimator, "accuracy": float(estimator.score(x_test, y_test)),
                     "held_out": (x_test, y_test)}, handle)


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
    estimator = load(path)["estimator"]
    return [[estimator.predict_proba(x[None, ...]).astype(np.float32)] for x in inputs]


def host_accuracy(path: Path) -> float:
    return load(path)["accuracy"]
