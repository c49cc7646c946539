"""Host references: which interpreter (and which of its kernel sets) a target's outputs are
checked against, and its outputs on the model's test inputs.

Each format's frontend runs its own interpreter, by default as it comes (DEFAULT). A frontend
may also declare variants (`REFERENCE_VARIANTS`, name -> what it is), and an engine may ask
for one per format in engine.yaml (`host_reference: {tflite: builtin_ref}`): TFLM's reference
kernels follow TFLite's reference kernels, not its optimised ones, so against those its int8
results can be held to exact agreement. A variant's outputs are computed once per model, only
when a target asks for it, into a file of its own beside the model data (path()), which also
records what computed them (about()).
"""
from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError, did_you_mean
from .frontends import frontend

DEFAULT = "default"


def variants(model_format: str) -> dict[str, str]:
    """The variants a format's frontend declares: name -> what it runs."""
    return dict(getattr(frontend(model_format), "REFERENCE_VARIANTS", {}))


def variant_for(engine: dict[str, Any] | None, model_format: str) -> str:
    """The reference an engine's targets are checked against for models of this format."""
    return (engine or {}).get("host_reference", {}).get(model_format, DEFAULT)


def check_engine(engine: dict[str, Any], path: Path) -> None:
    """Every `host_reference` entry names a format the engine takes and a variant that format has."""
    for model_format, variant in engine.get("host_reference", {}).items():
        where = f"{path}: field 'host_reference.{model_format}'"
        if model_format not in engine["formats"]:
            raise InputError(f"the engine takes no {model_format} models (formats: {', '.join(engine['formats'])})",
                             where=where, fix=f"drop host_reference.{model_format}, or add {model_format} to formats")
        known = variants(model_format)
        if not known:
            raise InputError(f"{model_format} models have one host reference ({_package(model_format)}), "
                             "no variants to choose from", where=where, fix=f"drop host_reference.{model_format}")
        if variant not in known:
            raise InputError(f"unknown {model_format} host reference '{variant}'{did_you_mean(variant, known)}",
                             where=where, expected="one of: " + "; ".join(f"{k} ({v})" for k, v in known.items()),
                             fix=f"name one of them, or drop host_reference.{model_format} for {DEFAULT}")


def path(model_dir: Path, variant: str) -> Path:
    """reference.npz for the default (the name every other part knows), reference.<variant>.npz else."""
    return model_dir / ("reference.npz" if variant == DEFAULT else f"reference.{variant}.npz")


def about(model_format: str, variant: str) -> dict[str, Any]:
    """What computes a reference: the interpreter package and version, the variant and its kernels."""
    front = frontend(model_format)
    package = getattr(front, "REFERENCE_PACKAGE", None)
    kernels = variants(model_format).get(variant) if variant != DEFAULT else getattr(front, "REFERENCE_DEFAULT", None)
    return {"format": model_format, "interpreter": package, "version": _version(package), "variant": variant,
            "kernels": kernels}


def _package(model_format: str) -> str:
    return getattr(frontend(model_format), "REFERENCE_PACKAGE", model_format)


def _version(package: str | None) -> str | None:
    try:
        return metadata.version(package) if package else None
    except metadata.PackageNotFoundError:
        return None


def compute(model_format: str, model_path: Path, inputs: np.ndarray, variant: str, dest: Path) -> None:
    """The reference outputs for every test input, with what computed them; written whole or not at all."""
    front = frontend(model_format)
    outputs = front.reference(model_path, list(inputs)) if variant == DEFAULT else \
        front.reference(model_path, list(inputs), variant=variant)
    arrays = {f"out{k}": np.stack([o[k] for o in outputs]) for k in range(len(outputs[0]))}
    tmp = dest.with_suffix(".tmp.npz")
    np.savez(tmp, about=np.array(json.dumps(about(model_format, variant), sort_keys=True)), **arrays)
    tmp.replace(dest)


def load(reference: Path) -> list[np.ndarray]:
    """The outputs, one array per output tensor (inputs x the tensor's shape)."""
    with np.load(reference) as data:
        return [data[f"out{k}"] for k in range(sum(name.startswith("out") for name in data.files))]


def recorded(reference: Path) -> dict[str, Any] | None:
    """What computed the file (about()), as recorded in it."""
    with np.load(reference) as data:
        return json.loads(str(data["about"])) if "about" in data.files else None
