"""microTVM against the interpreters, per model and board: flash, static RAM, the engine's working
memory (microTVM's planned workspace, TFLM's arena), instructions per inference, and each one's
instructions as a fraction of TFLM's reference kernels (the issue's yardstick).

    .venv/bin/python bench/microtvm_compare.py [--matrix bench/microtvm_compare.yaml]
        [--build-dir DIR] [-j 2] [--no-build]

One matrix run (-k: a target that fails or does not fit still has its row); the figures are each
target's report.json. Needs every engine's upstream (README: offline and air-gapped use).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from matrix_rows import matrix_rows

PROJECT = Path(__file__).resolve().parents[1]
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--matrix", type=Path, default=PROJECT / "bench" / "microtvm_compare.yaml")
    parser.add_argument("--build-dir", type=Path, default=PROJECT / "build")
    parser.add_argument("-j", type=int, default=2)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    build_dir = args.build_dir.resolve()
    report_dir = build_dir / "microtvm_compare"
    rows = matrix_rows(args.matrix, build_dir, report_dir, args.j, build=not args.no_build)
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
                  f"{working_memory(row, args.build_dir.resolve())} | {row['instructions'] or 0:,} | {ratio} | "
                  f"{row['status'] if row['status'] != 'ok' else 'ok'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
