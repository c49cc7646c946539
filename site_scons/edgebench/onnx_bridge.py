"""A .tflite model for an engine that takes ONNX (ncnn through pnnx, ONNX Runtime): tf2onnx, the
ONNX project's converter for TensorFlow and TFLite, run in the engine's tool environment (it needs
TensorFlow, which edgebench's own environment does not carry). tf2onnx keeps the model's NHWC input
and output layouts (it transposes inside the graph), so the harness's test inputs need no change."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from .errors import ToolError, UnsupportedModel

OPSET = 17  # the newest ONNX opset every engine here reads (ONNX Runtime 1.21, pnnx, MNN)
# tf2onnx's messages that mean "this model has what ONNX or tf2onnx cannot express"
REFUSED = ("Unsupported ops", "is not supported", "not implemented")


def as_onnx(tool: Any, model: Path, model_format: str, work: Path) -> tuple[Path, dict[str, Any]]:
    """The model as work/model.onnx (a .tflite through tf2onnx, an .onnx copied), and what was run."""
    onnx = work / "model.onnx"
    if model_format == "tflite":
        return onnx, tflite_to_onnx(tool, model, onnx)
    shutil.copyfile(model, onnx)
    return onnx, {}


def tflite_to_onnx(tool: Any, model: Path, out: Path) -> dict[str, Any]:
    """Write `out` (model.onnx) from `model` (.tflite); what was run, for the report's details."""
    args = ["-m", "tf2onnx.convert", "--tflite", str(model), "--output", str(out), "--opset", str(OPSET)]
    done = tool.run(args, cwd=out.parent)
    printed = (done.stdout + done.stderr).strip()
    if done.returncode != 0 or not out.is_file():
        refused = next((line for line in printed.splitlines() if any(r in line for r in REFUSED)), None)
        if refused:
            raise UnsupportedModel(f"tf2onnx cannot convert it to ONNX: {refused.strip()}")
        raise ToolError(f"tf2onnx failed (exit {done.returncode}):\n{printed[-3000:]}")
    normalise(out)
    return {"tflite_to_onnx": f"tf2onnx --tflite <model> --opset {OPSET}"}


# tf2onnx names what it makes with a counter (Relu6__76, Relu6__76_max__77, const_fold_opt__38)
# whose order varies from run to run, shares its constants differently and lists folded constants
# in that order: the same model gave different bytes. A name holding a counter is replaced by one
# made from where it first appears in the graph, and the constants are sorted by first use.
COUNTER = re.compile(r"__\d+")
PATH_FREE_DOC = "converted from a .tflite model by tf2onnx"


def normalise(path: Path) -> None:
    """Rewrite the ONNX file at `path` so that the same model always gives the same bytes."""
    import onnx

    model = onnx.load(str(path))
    graph = model.graph
    values = [*graph.input, *graph.output, *graph.initializer, *graph.value_info]
    tensors: dict[str, str] = {}
    for name in [n for node in graph.node for n in (*node.input, *node.output)] + [v.name for v in values]:
        if COUNTER.search(name) and name not in tensors:
            tensors[name] = f"{name.split('__', 1)[0]}__eb{len(tensors)}"
    for index, node in enumerate(graph.node):
        node.input[:] = [tensors.get(n, n) for n in node.input]
        node.output[:] = [tensors.get(n, n) for n in node.output]
        if COUNTER.search(node.name):
            node.name = f"{node.name.split('__', 1)[0]}__ebn{index}"
    for value in values:
        value.name = tensors.get(value.name, value.name)
    # tf2onnx makes the batch dimension symbolic (unk__642); the harness runs batches of one
    for value in [*graph.input, *graph.output, *graph.value_info]:
        for axis, dim in enumerate(value.type.tensor_type.shape.dim):
            if dim.HasField("dim_param"):
                if axis != 0:
                    raise ToolError(f"tf2onnx left dimension {axis} of {value.name} unknown ({dim.dim_param})")
                dim.dim_value = 1
    first_use: dict[str, int] = {}
    for name in (n for node in graph.node for n in node.input):
        first_use.setdefault(name, len(first_use))
    for field in (graph.initializer, graph.value_info):
        ordered = sorted(field, key=lambda v: (first_use.get(v.name, len(first_use)), v.name))
        del field[:]
        field.extend(ordered)
    # "converted from /abs/path/model.tflite": the checkout's path, which ORT's .ort keeps
    graph.doc_string = PATH_FREE_DOC
    onnx.save(model, str(path))
