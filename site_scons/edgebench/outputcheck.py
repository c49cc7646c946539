"""On-target outputs against the host reference: top-1 agreement and the
largest absolute difference, per output tensor."""
from __future__ import annotations

from typing import Any

import numpy as np

from .frontends._common import dequantize


def decode(hex_text: str, tensor: dict[str, Any]) -> np.ndarray:
    values = np.frombuffer(bytes.fromhex(hex_text), dtype=np.dtype(tensor["dtype"]).newbyteorder("<"))
    quant = tensor.get("quant", {})
    return dequantize(values, quant.get("scale", 0.0), quant.get("zero_point", 0))


def check(run: dict[str, Any], engine_io: dict[str, Any], reference: list[np.ndarray], labels: np.ndarray,
          tolerance: float | None) -> dict[str, Any]:
    count = len(labels)
    tensors = []
    for k, tensor in enumerate(engine_io["outputs"]):
        got = [decode(run["outputs"].get(str(i), {}).get(str(k), ""), tensor) for i in range(count)]
        want = [reference[k][i].reshape(-1) for i in range(count)]
        complete = all(g.size == w.size for g, w in zip(got, want, strict=True))
        diff = max(float(np.max(np.abs(g - w))) for g, w in zip(got, want, strict=True)) if complete else None
        top1 = [int(np.argmax(g)) if g.size else -1 for g in got]
        agree = sum(t == int(np.argmax(w)) for t, w in zip(top1, want, strict=True))
        tensors.append({"index": k, "complete": complete, "max_abs_diff": diff, "top1_agree": agree,
                        "top1": top1, "reference_top1": [int(np.argmax(w)) for w in want]})
    first = tensors[0]
    known = [i for i in range(count) if labels[i] >= 0]
    passed = all(t["complete"] and t["top1_agree"] == count and
                 (tolerance is None or t["max_abs_diff"] <= tolerance) for t in tensors)
    return {"passed": passed, "inputs": count, "tolerance": tolerance, "tensors": tensors,
            "labelled": len(known),
            "target_correct": sum(first["top1"][i] == labels[i] for i in known),
            "reference_correct": sum(first["reference_top1"][i] == labels[i] for i in known)}
