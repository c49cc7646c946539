"""bench/side_by_side.py reads each target's report.json into one row: the figures as reported,
the options the report says were built, and why a target failed."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "bench"))
import side_by_side  # noqa: E402


def write_report(path: Path, passed: bool = True, arena: dict | None = None) -> Path:
    run = {"instructions": 9079652, **({"arena": arena} if arena else {})}
    report = {"engine_options": {"kernels": "cmsis_nn"}, "passed": passed,
              "verdict": "ok" if passed else "does not fit: needs 25.0 KB RAM, board has 16.0 KB (9192 bytes over)",
              "size": {"flash": {"deployable": 161664}, "ram": {"static": 25576, "runtime_peak": 1324}}, "run": run}
    path.write_text(json.dumps(report))
    return path


def test_a_row_holds_the_reports_figures(tmp_path: Path) -> None:
    row = side_by_side.row(write_report(tmp_path / "r.json", arena={"used_bytes": 15584, "reserved_bytes": 15616}),
                           "cifar10", "tflm")
    assert row == "| cifar10 | tflm (kernels=cmsis_nn) | 161,664 | 25,576 | 15,616 | 1,324 | 9,079,652 | ok |"


def test_a_failed_target_says_why_and_a_missing_one_says_so(tmp_path: Path) -> None:
    row = side_by_side.row(write_report(tmp_path / "r.json", passed=False), "cifar10", "tinymaix")
    assert row.endswith("| - | 1,324 | 9,079,652 | does not fit: needs 25.0 KB RAM, board has 16.0 KB "
                        "(9192 bytes over) |")
    assert side_by_side.row(tmp_path / "absent.json", "vww96", "tflm") == "| vww96 | tflm | not reported | | | | | |"
