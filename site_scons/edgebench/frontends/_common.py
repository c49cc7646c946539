"""What the file-based frontends share."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from ..fetch import fetch


def materialize_file(model: dict[str, Any], dest: Path, conan_home: Path) -> None:
    source = model["source"]
    if "path" in source:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source["path"], dest)
    else:
        fetch(source["url"], source["sha256"], dest, conan_home)


def quantize(values: np.ndarray, dtype: str, scale: float, zero_point: int) -> np.ndarray:
    info = np.iinfo(dtype)
    return np.clip(np.round(values / scale) + zero_point, info.min, info.max).astype(dtype)


def dequantize(values: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    if not scale:
        return values.astype(np.float32)
    return ((values.astype(np.float32) - zero_point) * scale).astype(np.float32)
