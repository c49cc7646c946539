"""The model conversion step: the engine's own converter turns the model
into C sources for it, and the harness gets the test inputs encoded the way
that engine's input buffer takes them."""
from __future__ import annotations

import contextlib
import importlib.util
import inspect
import json
import shutil
import string
import threading
from pathlib import Path
from typing import Any

import numpy as np

from . import modeldata
from .errors import InputError, Refused, UnsupportedModel
from .frontends._common import quantize

HARNESS_DIR = Path(__file__).resolve().parents[2] / "harness"
# Converters are other people's code (emlearn compiles a host helper in a
# fixed place, for one): never run two at once under scons -j.
CONVERTER_LOCK = threading.Lock()


_LOADED: dict[tuple[str, int], Any] = {}


def load_converter(engine: dict[str, Any]):
    path = engine["folder"] / engine["converter"]
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _LOADED:
        _LOADED[key] = _load(engine["name"], path)
    return _LOADED[key]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(f"eb_converter_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not hasattr(module, "convert"):
        raise InputError("the converter has no convert() function", where=str(path))
    return module.convert


def encode(values: np.ndarray, tensor: dict[str, Any]) -> bytes:
    """Real-valued inputs -> the bytes of the engine's input tensor (little-endian)."""
    dtype = np.dtype(tensor["dtype"]).newbyteorder("<")
    if "quant" in tensor:
        return quantize(values, dtype.name, tensor["quant"]["scale"], tensor["quant"]["zero_point"]).tobytes()
    if dtype.kind in "iu":
        return np.rint(values).astype(dtype).tobytes()
    return values.astype(dtype).tobytes()


def render_inputs(testset_path: Path, tensor: dict[str, Any], out: Path) -> None:
    inputs, _ = modeldata.load_testset(testset_path)
    blobs = [encode(x, tensor) for x in inputs]
    data = b"".join(blobs)
    rows = (", ".join(str(b) for b in data[i:i + 24]) for i in range(0, len(data), 24))
    template = string.Template((HARNESS_DIR / "inputs.c.in").read_text())
    out.write_text(template.substitute(count=len(blobs), bytes=len(blobs[0]), total=len(data),
                                       data=",\n".join(f"    {row}" for row in rows)))


def wants_board(engine: dict[str, Any]) -> bool:
    """Whether the converter compiles for the board (it has a `board` parameter): its output then
    depends on the board's CPU, and it is handed the board."""
    return "board" in inspect.signature(load_converter(engine)).parameters


def convert(engine: dict[str, Any], model: dict[str, Any], model_dir: Path, options: dict[str, Any],
            out_dir: Path, operators: dict[str, str] | None = None, tool: Any = None,
            board: dict[str, Any] | None = None) -> None:
    """Fill out_dir with the engine's model sources, engine_io.json and inputs.c, atomically.
    operators: for an engine with an operator catalogue (kernels.py), {operator: how its op resolver
    adds it} for the model's operators, handed to the converter. tool: the engine's compiler
    (tools.Tool), for an engine with `tool`; board: for a converter that takes one."""
    files = modeldata.paths(model_dir, model)
    spec = json.loads(files["io"].read_text())
    # absolute: a converter may run its tool in another directory
    files, out_dir = {key: path.resolve() for key, path in files.items()}, out_dir.resolve()
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        converter = load_converter(engine)
        extra = {name: value for name, value in (("operators", operators), ("tool", tool), ("board", board))
                 if value is not None}
        # A converter that hands its work to a tool (another process) runs beside the others.
        with contextlib.nullcontext() if tool is not None else CONVERTER_LOCK:
            engine_io = converter(files["model"], model["format"], spec, options, tmp, **extra)
    except UnsupportedModel as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise Refused(f"engine '{engine['name']}' cannot take model '{model['name']}': {exc}",
                         where=str(model.get("file", files["model"])),
                         fix="pick a model this engine supports (scons -h), or another engine") from exc
    except BaseException:  # a converter or its tool failed, or the run was interrupted: no half output
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    (tmp / "engine_io.json").write_text(json.dumps(engine_io, indent=2))
    render_inputs(files["testset"], engine_io["inputs"][0], tmp / "inputs.c")
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.replace(out_dir)
