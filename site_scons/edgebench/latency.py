"""Estimated latency: an inference's instruction mix (insn_mix.py) weighed by its board's cycle model
(board YAML `cycle_model`: cycles per instruction class at the board's clock), labelled an estimate
with the model's calibration source. The host is measured, not estimated (its native run)."""
from __future__ import annotations

from typing import Any


def cycles_per_instruction(model: dict[str, Any], counts: dict[str, int]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    return sum(count * model["cycles"][name] for name, count in counts.items()) / total


def threads(engine: dict[str, Any], options: dict[str, Any]) -> int:
    """How many threads the chosen option values run an inference on (a choice's `threads`; 1 if none)."""
    found = [1]
    for key, value in options.items():
        choices = ((engine.get("options") or {}).get(key) or {}).get("choices", {})
        choice = next((c for name, c in choices.items() if str(name) == str(value)), None) or {}
        found.append(choice.get("threads", 1))
    return max(found)


def estimate(board: dict[str, Any], run: dict[str, Any], instructions: int | None,
             threads: int = 1) -> dict[str, Any] | None:
    """report.json `latency` for one inference of `instructions`, or None where there is nothing to go on.
    An inference on several threads has no estimate: its instructions are all the threads' work, run on
    several cores at once, which one core's cycles cannot time (the host's wall time stays measured)."""
    model = board.get("cycle_model")
    if not model or run.get("status") != "ok":
        return None
    if model.get("measured") == "native":
        median = (run.get("native") or {}).get("median_ns")
        return None if median is None else {"kind": "measured", "ms": median / 1e6,
                                            "source": "the native run's median on this machine"}
    if threads > 1:
        return None
    mix = (run.get("instruction_classes") or {}).get("counts")
    cpi = cycles_per_instruction(model, mix) if mix else None
    if cpi is None or not instructions:
        return None
    clock = board["cpu"]["clock_hz"]
    return {"kind": "estimate", "ms": round(instructions * cpi / clock * 1e3, 6), "cycles": round(instructions * cpi),
            "cycles_per_instruction": round(cpi, 4), "clock_hz": clock, "model": model["description"]}
