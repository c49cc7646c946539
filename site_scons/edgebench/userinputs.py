"""A user's own test inputs: a folder of images, an .npy or an .npz, checked
against the model's input shape and turned into real-valued float32 arrays
with labels (-1 where unknown), the form every other kind of test input takes.

- Folder: every .png/.jpg/.jpeg/.bmp in it (not in subfolders), in file-name
  order, each exactly the model's height x width (never resized: a silently
  resized picture is another test); colour or grey as the model's channels
  take it; pixel 0..255 mapped linearly onto `value_range` (default [0, 1]).
  Labels from `labels.txt` (`<file name> <label>` per line, every image once)
  or else from names `<name>-<label>.<ext>` (upstream TinyMaix's examples).
- .npy: real values, shape (N, *input shape), unlabelled.
- .npz: array `inputs` as the .npy, optional `labels` (N integers, -1 = unknown).

Images are 8 bits per channel (a 16-bit picture would be clipped to 255, not
scaled); labels are class numbers below the model's class count when its
first output is a class vector (else the accuracy counts labels no output
can ever match).
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np

from .errors import InputError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")
ARRAY_SUFFIXES = (".npy", ".npz")
LABELS_FILE = "labels.txt"
DEFAULT_RANGE = (0.0, 1.0)
# They are compiled into the firmware and each one runs on the emulator (as a manifest's count).
MAX_INPUTS = 64
_NAME_LABEL = re.compile(r"-(\d+)$")
MAX_LABEL = 2**31 - 1  # far beyond any class count; keeps labels in int64 with room to spare
# Pillow modes of 8 bits per channel ("P": 8-bit indices into an 8-bit palette).
EIGHT_BIT_MODES = frozenset({"L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr",
                             "LAB", "HSV"})
NPY_MAGIC = b"\x93NUMPY"
NPZ_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip archive's first entry, or an empty one

Inputs = tuple[np.ndarray, np.ndarray]


def load(path: Path, shape: list[int], value_range: tuple[float, float] = DEFAULT_RANGE,
         where: str = "argument inputs", classes: int | None = None) -> Inputs:
    """The test inputs at `path` for a model whose one input (without the batch) has `shape`, and
    whose first output is a vector of `classes` classes (None: not a class vector)."""
    if path.is_dir():
        inputs, labels = _folder(path, shape, value_range, where)
    elif path.is_file():
        inputs, labels = _arrays(path, shape, where)
    else:
        raise InputError(f"'{path}' does not exist", where=where,
                         expected="a folder of images, an .npy or an .npz file")
    _check_values(inputs, where)
    check_labels(labels, classes, path, where)
    return inputs, labels


def class_count(output_shape: list[int | None]) -> int | None:
    """The number of classes of an output shaped as a class vector ((C,), (1, C), (1, 1, C)...), else
    None; None also when a size is not known (a dynamic dimension)."""
    if not output_shape or any(d is None for d in output_shape):
        return None
    sizes = [d for d in output_shape if d != 1]
    return sizes[0] if len(sizes) == 1 else None


def check_labels(labels: np.ndarray, classes: int | None, path: Path, where: str) -> None:
    """Every known label is one of the model's classes (0 .. classes-1)."""
    if classes is None or not np.any(labels >= classes):
        return
    index = int(np.argmax(labels >= classes))
    raise InputError(f"'{path}': label {int(labels[index])} (input {index}) is not a class of the model, "
                     f"which has {classes} classes", where=where,
                     expected=f"labels 0 to {classes - 1} (-1 for unknown)", fix="correct the label")


def source_files(path: Path) -> list[Path]:
    """The files whose content makes these inputs (for rebuild decisions)."""
    if not path.is_dir():
        return [path]
    return [*_images_in(path), *([path / LABELS_FILE] if (path / LABELS_FILE).is_file() else [])]


def parse_range(text: str | None) -> tuple[float, float]:
    """`LOW,HIGH`: the real values pixels 0 and 255 become."""
    if not text:
        return DEFAULT_RANGE
    parts = text.split(",")
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        low = high = float("nan")
    if len(parts) != 2 or not (np.isfinite(low) and np.isfinite(high)) or low == high:
        raise InputError(f"'{text}' is not a value range", where="argument inputs_range",
                         expected="LOW,HIGH: two different finite numbers that pixels 0 and 255 become, "
                                  "e.g. inputs_range=0,1 (the default) or inputs_range=-1,1")
    return low, high


# --- folders of images ----------------------------------------------------------------------------

def _images_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def image_layout(shape: list[int], where: str = "argument inputs") -> tuple[int, int, int, bool]:
    """(height, width, channels, channels_first) of an image-shaped input; InputError otherwise."""
    if len(shape) == 2:
        return shape[0], shape[1], 1, False
    if len(shape) == 3 and shape[-1] in (1, 3):
        return shape[0], shape[1], shape[2], False
    if len(shape) == 3 and shape[0] in (1, 3):
        return shape[1], shape[2], shape[0], True
    raise InputError(f"the model's input shape {shape} is not an image (HxW, HxWxC or CxHxW with C 1 or 3)",
                     where=where, fix="give the inputs as an .npy or .npz of real values")


def _folder(folder: Path, shape: list[int], value_range: tuple[float, float], where: str) -> Inputs:
    images = _images_in(folder)
    if not images:
        raise InputError(f"folder '{folder}' holds no images", where=where,
                         expected=f"image files ending in {', '.join(IMAGE_SUFFIXES)}")
    height, width, channels, first = image_layout(shape, where)
    low, high = value_range
    pixels = [read_image(p, (height, width, channels), where) for p in images]
    values = [low + p * np.float32((high - low) / 255.0) for p in pixels]
    values = [np.transpose(v, (2, 0, 1)) if first else v.reshape(shape) for v in values]
    return np.stack(values).astype(np.float32), _folder_labels(folder, images)


def read_image(path: Path, hwc: tuple[int, int, int], where: str) -> np.ndarray:
    """An 8-bit image of exactly height x width, as HxWxC pixels 0..255 (float32); InputError otherwise."""
    from PIL import Image

    height, width, channels = hwc

    try:
        with Image.open(path) as image:
            size, mode = image.size, image.mode
            if mode in EIGHT_BIT_MODES:
                pixels = np.asarray(image.convert("RGB" if channels == 3 else "L"), dtype=np.float32)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(f"cannot read image '{path}': {exc}", where=where,
                         expected="a readable PNG, JPEG or BMP file") from exc
    if mode not in EIGHT_BIT_MODES:
        raise InputError(f"image '{path}' has Pillow mode {mode}, not 8 bits per channel", where=where,
                         expected="8-bit grey or colour images (pixels 0..255)",
                         fix="save the images with 8 bits per channel (a 16-bit picture would be clipped, "
                             "not scaled)")
    if size != (width, height):
        raise InputError(f"image '{path}' is {size[1]}x{size[0]}, the model takes {height}x{width}x{channels}",
                         where=where, expected=f"every image {height}x{width} (HxW) pixels",
                         fix="resize the images yourself (edgebench does not: that would test another picture)")
    return pixels.reshape(height, width, channels)


def _folder_labels(folder: Path, images: list[Path]) -> np.ndarray:
    listed = folder / LABELS_FILE
    if listed.is_file():
        return _labels_file(listed, images)
    labels = []
    for image in images:
        found = _NAME_LABEL.search(image.stem)
        labels.append(_label(found.group(1), f"file name '{image}'") if found else -1)
    return np.array(labels, dtype=np.int64)


def _label(text: str, where: str) -> int:
    if len(text) > len(str(MAX_LABEL)) or int(text) > MAX_LABEL:
        raise InputError(f"label {text[:40]}{'...' if len(text) > 40 else ''} is too large", where=where,
                         expected=f"a class number from 0 to {MAX_LABEL}")
    return int(text)


def _labels_file(path: Path, images: list[Path]) -> np.ndarray:
    labels: dict[str, int] = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        parts = text.replace(",", " ").split()
        if len(parts) != 2 or not parts[1].isdigit() or parts[0] in labels:
            raise InputError(f"line {number} is not '<file name> <label>' for a new file: {line!r}",
                             where=str(path), expected="one line per image: its file name and an integer label >= 0")
        labels[parts[0]] = _label(parts[1], f"{path}, line {number}")
    names = [p.name for p in images]
    missing, extra = sorted(set(names) - set(labels)), sorted(set(labels) - set(names))
    if missing or extra:
        raise InputError(f"{len(labels)} labels for {len(names)} images"
                         + (f"; no label for: {', '.join(missing)}" if missing else "")
                         + (f"; no image for: {', '.join(extra)}" if extra else ""),
                         where=str(path), expected="exactly one line per image in the folder")
    return np.array([labels[name] for name in names], dtype=np.int64)


# --- .npy and .npz --------------------------------------------------------------------------------

def _arrays(path: Path, shape: list[int], where: str) -> Inputs:
    try:
        inputs, labels = _read_arrays(path, where)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise InputError(f"cannot read '{path}' as an .npy or .npz: {exc}", where=where,
                         expected="an .npy array or an .npz of numeric arrays (no Python objects)") from exc
    inputs = _checked_inputs(inputs, shape, path, where)
    return inputs, _checked_labels(labels, len(inputs), path, where)


def _read_arrays(path: Path, where: str) -> tuple[np.ndarray, np.ndarray | None]:
    # Told apart by content (a pinned download has no suffix); anything else np.load would
    # try as a pickle, and its message would talk about pickles.
    with open(path, "rb") as handle:
        magic = handle.read(6)
    if magic != NPY_MAGIC and magic[:4] not in NPZ_MAGICS:
        raise InputError(f"'{path}' is not an .npy or .npz file (it starts with {magic!r})", where=where,
                         expected="a file written by numpy.save or numpy.savez")
    data = np.load(path, allow_pickle=False)
    if isinstance(data, np.ndarray):
        return data, None
    with data:
        if "inputs" not in data.files:
            raise InputError(f"'{path}' has no array 'inputs' (it has: {', '.join(data.files) or 'none'})",
                             where=where, expected="an .npz with an 'inputs' array and an optional 'labels' array")
        return data["inputs"], (data["labels"] if "labels" in data.files else None)


def _checked_inputs(inputs: np.ndarray, shape: list[int], path: Path, where: str) -> np.ndarray:
    if inputs.dtype.kind not in "biuf":
        raise InputError(f"'{path}' holds {inputs.dtype} values, not numbers", where=where,
                         expected="an integer or floating-point array of real input values")
    if list(inputs.shape[1:]) != list(shape) or inputs.ndim == 0:
        raise InputError(f"'{path}' has shape {tuple(inputs.shape)}, the model takes {tuple(shape)} per input",
                         where=where, expected=f"shape (N, {', '.join(map(str, shape))}) for N inputs")
    with np.errstate(over="ignore"):  # values beyond float32 become inf, refused with the NaNs below
        return inputs.astype(np.float32)


def _checked_labels(labels: np.ndarray | None, count: int, path: Path, where: str) -> np.ndarray:
    if labels is None:
        return np.full(count, -1, dtype=np.int64)
    integral = labels.dtype.kind in "iu" or (labels.dtype.kind == "f" and np.all(np.mod(labels, 1) == 0))
    if labels.ndim != 1 or not integral or np.any(labels < -1) or np.any(labels > MAX_LABEL):
        raise InputError(f"'{path}': 'labels' is not a list of class numbers", where=where,
                         expected=f"a 1-D integer array, one label 0 to {MAX_LABEL} per input (-1 for unknown)")
    if len(labels) != count:
        raise InputError(f"'{path}' has {len(labels)} labels for {count} inputs", where=where,
                         expected="one label per input (-1 for unknown)")
    return labels.astype(np.int64)


def _check_values(inputs: np.ndarray, where: str) -> None:
    if not 1 <= len(inputs) <= MAX_INPUTS:
        raise InputError(f"{len(inputs)} test inputs", where=where, expected=f"1 to {MAX_INPUTS} "
                         "(they are compiled into the firmware and each one runs on the emulator)")
    bad = [i for i, x in enumerate(inputs) if not np.all(np.isfinite(x))]
    if bad:
        raise InputError(f"input(s) {', '.join(map(str, bad[:8]))} hold NaN or infinite values", where=where,
                         expected="finite real values (float32 range)")
