"""TFLM converter: the .tflite itself as a C++ array (TFLM reads the flatbuffer in place), and an
op resolver holding exactly the model's operators.

TFLM's own tools generate the resolver from the model with TensorFlow installed; this reads the
operator list with the flatbuffer schema ai-edge-litert ships, and takes each operator's
MicroMutableOpResolver method from the operator catalogue edgebench reads out of TFLM's own header
(engine.yaml `operators`), so a resolver can never name a method that version lacks.
"""
from __future__ import annotations

import string
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def _render(name: str, out: Path, **values: Any) -> None:
    out.write_text(string.Template((HERE / name).read_text()).substitute(**values))


def convert(model_path: Path, model_format: str, spec: dict[str, Any], options: dict[str, Any],
            out_dir: Path, operators: dict[str, str]) -> dict[str, Any]:
    """operators: {operator: resolver method} for every operator of the model, in first-use order."""
    blob = Path(model_path).read_bytes()
    rows = (", ".join(f"0x{b:02x}" for b in blob[i:i + 16]) for i in range(0, len(blob), 16))
    _render("eb_tflm_model.h.in", out_dir / "eb_tflm_model.h", model_bytes=len(blob))
    _render("eb_tflm_model.cc.in", out_dir / "eb_tflm_model.cc", model_bytes=len(blob),
            data=",\n".join(f"    {row}" for row in rows))
    calls = "\n".join(f"    if (resolver.{method}() != kTfLiteOk) return {i + 1};  // {op}"
                      for i, (op, method) in enumerate(operators.items()))
    _render("eb_tflm_ops.h.in", out_dir / "eb_tflm_ops.h", count=len(operators), calls=calls)
    return {"inputs": spec["inputs"][:1], "outputs": spec["outputs"],
            "details": {"operators": list(operators), "model_bytes": len(blob)}}
