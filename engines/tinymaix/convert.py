"""TinyMaix converter: .tflite -> .tmdl (tmdl.py, beside this file) as a C
array, plus the tm_port.h that configures TinyMaix for this board's options.

Our own converter rather than upstream's tools/tflite2tmdl.py: upstream's
imports TensorFlow and Keras 2 (it needs tensorflow-cpu 2.14, some 500 MB,
and Python <= 3.11), takes seconds per model, and silently drops what
TinyMaix cannot run (a fused activation on FC or ADD). This one reads the
.tflite with the flatbuffer schema ai-edge-litert already ships, runs in
milliseconds, refuses unsupported graphs with the reason, and writes bytes
identical to upstream's converted models (tested where upstream is reachable).
"""
from __future__ import annotations

import importlib.util
import string
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def _tmdl():
    """tmdl.py beside this file (the converter is loaded by path, not as a package)."""
    name = "eb_tinymaix_tmdl"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "tmdl.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while being defined
        spec.loader.exec_module(module)
    return sys.modules[name]


def scratch_sizes(layers: list) -> dict[str, int]:
    """TM_MAX_CSIZE / KSIZE / KCSIZE this model needs: TinyMaix's static
    im2col and per-channel scratch arrays, which it does not bound-check."""
    csize, ksize, kcsize = 1, 1, 1
    for layer in layers:
        # Only convolutions use them (FC reads its one scale directly).
        if layer.kind not in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            continue
        csize = max(csize, layer.in_shape[-1], layer.out_shape[-1])
        k = layer.weight.shape[1] * layer.weight.shape[2]
        ksize = max(ksize, k)
        kcsize = max(kcsize, k * (layer.out_shape[-1] if layer.kind == "DEPTHWISE_CONV_2D" else layer.in_shape[-1]))
    return {"max_csize": csize, "max_ksize": ksize, "max_kcsize": kcsize}


def _render(name: str, out: Path, **values: Any) -> None:
    out.write_text(string.Template((HERE / name).read_text()).substitute(**values))


def convert(model_path: Path, model_format: str, spec: dict[str, Any], options: dict[str, Any],
            out_dir: Path) -> dict[str, Any]:
    from edgebench.frontends import tflite_graph

    tmdl = _tmdl()
    layers = tmdl.layers_from_graph(tflite_graph.read(model_path))
    model_type = options["mdl_type"]
    blob, facts = tmdl.write(layers, model_type)
    scratch = scratch_sizes(layers)
    _render("tm_port.h.in", out_dir / "tm_port.h", arch=options["arch"], opt_level=options["opt_level"],
            mdl_type_macro=model_type.upper(), fastscale=options["fastscale"], local_math=options["local_math"],
            saturate=options["saturate"], **scratch)
    _render("eb_tm_model.h.in", out_dir / "eb_tm_model.h", model_bytes=len(blob), buffer_bytes=facts["buffer_bytes"])
    rows = (", ".join(f"0x{b:02x}" for b in blob[i:i + 16]) for i in range(0, len(blob), 16))
    _render("eb_tm_model.c.in", out_dir / "eb_tm_model.c", model_bytes=len(blob),
            data=",\n".join(f"    {row}" for row in rows))
    source = spec["inputs"][0]
    tensor_in = {"dtype": "int8" if model_type == "int8" else "float32", "shape": source["shape"]}
    if model_type == "int8":
        tensor_in["quant"] = source["quant"]
    return {"inputs": [tensor_in],
            "outputs": [{"dtype": "float32", "shape": spec["outputs"][0]["shape"]}],
            "details": {"mdl_type": model_type, **scratch, **facts},
            # tm_load() mallocs the activation buffer: known before running,
            # so fit can be judged even when the board is too small to run it.
            "runtime_heap_bytes": facts["buffer_bytes"]}
