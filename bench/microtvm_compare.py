"""microTVM against the interpreters, per model and board: flash, static RAM, the engine's working
memory (microTVM's planned workspace, TFLM's arena), instructions per inference, and each one's
instructions as a fraction of TFLM's reference kernels (the issue's yardstick).

    .venv/bin/python bench/microtvm_compare.py [--matrix bench/microtvm_compare.yaml]
        [--build-dir DIR] [-j 2] [--no-build]

One matrix run (-k: a target that fails or does not fit still has its row); the figures are each
target's report.json. Needs every engine's upstream (README: offline and air-gapped use).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from matrix_rows import rows_from_arguments

YARDSTICK = ("tflm", "kernels=reference")


def label(row: dict) -> str:
    options = ",".join(f"{k}={v}" for k, v in sorted(row["options"].items()) if k in ("backend", "kernels"))
    return f"{row['engine']}{f' {options}' if options else ''}"


def working_memory(row: dict, build_dir: Path) -> str:
    if not row.get("report"):
        return "-"
    report = json.loads((build_dir / row["report"]).read_text())  # relative to the build folder
    workspace = report.get("engine_details", {}).get("workspace_bytes")
    arena = (report["run"].get("arena") or {}).get("reserved_bytes")
    value = workspace if workspace is not None else arena
    return "-" if value is None else f"{value:,}"


def main() -> int:
    rows, build_dir = rows_from_arguments(__doc__, "microtvm_compare")
    if rows is None:
        return 1
    by_target = {}
    for row in rows:
        by_target.setdefault((row["model"], row["board"]), []).append(row)
    print("| model | board | engine | flash | static RAM | workspace / arena | instructions | vs TFLM reference "
          "| check |")
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    for (model, board), group in sorted(by_target.items()):
        yardstick = next((r for r in group if r["engine"] == YARDSTICK[0]
                          and f"kernels={r['options'].get('kernels')}" == YARDSTICK[1] and r.get("instructions")), None)
        for row in sorted(group, key=label):
            if row["status"] in ("refused", "not_built"):
                print(f"| {model} | {board} | {label(row)} | {row['status']}: {row['reason'][:90]} | | | | | |")
                continue
            ratio = ("-" if not (yardstick and row.get("instructions"))
                     else f"{row['instructions'] / yardstick['instructions']:.3f}")
            print(f"| {model} | {board} | {label(row)} | {row['flash_bytes']:,} | {row['ram_static_bytes']:,} | "
                  f"{working_memory(row, build_dir)} | {row['instructions'] or 0:,} | {ratio} | "
                  f"{row['status'] if row['status'] != 'ok' else 'ok'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
