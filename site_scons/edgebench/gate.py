"""The CI gate: per target, what broke against budgets and thresholds, and deltas to a baseline.

A row (comparison.py) is gated when the run is gated (a matrix file or baseline= given): then the
board's capacity is a budget no target may overflow, the matrix file's `budgets` are tighter ones,
and `thresholds` bound the growth over the baseline's row for the same target. An ungated run (lists
on the command line: exploring) reports a target that does not fit as a row, not an error. A target
that failed for real (a build step, the run, the output check) breaks every run, gated or not.
"""
from __future__ import annotations

from typing import Any

from . import matrix
from .errors import InputError

# metric -> the row field it reads
METRIC_FIELDS = {"flash": "flash_bytes", "ram": "ram_bytes", "instructions": "instructions"}
DELTA_FIELDS = ("flash_bytes", "ram_static_bytes", "ram_runtime_bytes", "ram_bytes", "instructions")


def parse_thresholds(text: str) -> dict[str, float]:
    """'flash=2,instructions=5' -> {'flash': 2.0, 'instructions': 5.0} (percent)."""
    found: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        metric, _, value = item.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if metric not in METRIC_FIELDS or number < 0:
            raise InputError(f"'{item}' is not METRIC=PERCENT", where="argument thresholds",
                             expected=f"METRIC one of {', '.join(METRIC_FIELDS)}, PERCENT a number >= 0",
                             fix="e.g. thresholds=flash=2,instructions=5")
        found[metric] = number
    return found


def deltas(row: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Per metric: current, previous, absolute and relative (percent) change; empty for a new target."""
    if previous is None:
        return {}
    found = {}
    for name in DELTA_FIELDS:
        current, before = row.get(name), previous.get(name)
        if current is None or before is None:
            continue
        change = current - before
        found[name] = {"current": current, "previous": before, "absolute": change,
                       "relative_pct": None if before == 0 else round(100.0 * change / before, 3)}
    return found


def broken(row: dict[str, Any], gated: bool, budgets: list[dict[str, Any]], thresholds: dict[str, float],
           source: str) -> list[str]:
    """What this row breaks, each as one line for the end of the output."""
    status = row["status"]
    if status == "failed" and row.get("searched"):
        return []  # an option set the search tried and rejects (matrix.json `tuning`)
    if status == "failed":
        return [f"failed: {row['reason']}" + (f" (log: {row['log']})" if row.get("log") else "")]
    if not gated or status in ("refused", "not_built"):
        return []
    found = []
    if status == "does_not_fit":
        found.append(f"overflows the board: {row['reason']}")
    for index, rule in enumerate(budgets):
        if not matrix.matches(rule, row["board"], row["engine"], row["model"]):
            continue
        for metric, field in METRIC_FIELDS.items():
            value = row.get(field)
            if metric in rule and value is not None and value > rule[metric]:
                found.append(f"{metric} {value:,} > budget {rule[metric]:,} ({source} budgets.{index})")
    for metric, limit in thresholds.items():
        delta = row.get("deltas", {}).get(METRIC_FIELDS[metric])
        if delta and delta["relative_pct"] is not None and delta["relative_pct"] > limit:
            found.append(f"{metric} grew {delta['relative_pct']:+.2f} % ({delta['previous']:,} -> "
                         f"{delta['current']:,}), threshold +{limit:g} %")
    return found
