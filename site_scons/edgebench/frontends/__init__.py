"""Frontends: one module per model format (tflite, onnx, sklearn).

Each provides materialize(model, dest, conan_home), io_spec(path) and
reference(path, inputs); the file formats also input_shape(path) and
output_shape(path) (read before anything builds); the host reference is always the format's own
interpreter, never the engine under test.
"""
from __future__ import annotations

import importlib
from types import ModuleType


def frontend(model_format: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{model_format}")
