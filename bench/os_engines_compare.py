"""Engines for an OS (ncnn, MNN) beside the microcontroller engines (TinyMaix, TFLM) on the Pynq-Z2's
Cortex-A9 Linux and on the PC: flash (the binary with the model compiled in: what the binary and the
model file would take on the SD card), runtime RAM peak (heap + stack) and static RAM, instructions
per inference, the board's latency estimate, the host's median wall time and the output check; and
TinyMaix's published Zynq figure (cifar10, 7.80 ms on a 667 MHz Cortex-A9) beside the estimates.

    .venv/bin/python bench/os_engines_compare.py [--matrix bench/os_engines_compare.yaml]
        [--build-dir DIR] [-j 2] [--no-build]

One matrix run (-k: a target that fails or is refused still has its row); the figures are each
target's report.json. Needs every engine's upstream (README: offline and air-gapped use).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from matrix_rows import rows_from_arguments

# TinyMaix's benchmark.md: cifar10 on a Zynq-7010's Cortex-A9 at 667 MHz
PUBLISHED = {("cifar10", "pynq_z2", "tinymaix"): (7.80, 667_000_000)}


def figures(row: dict, build_dir: Path) -> dict:
    report = json.loads((build_dir / row["report"]).read_text())
    run, latency = report["run"], report.get("latency") or {}
    kind = {"estimate": "estimated", "measured": "measured"}.get(latency.get("kind"), latency.get("kind", ""))
    return {"heap": run.get("heap_peak_bytes"), "stack": run.get("stack_peak_bytes"),
            "latency": f"{latency['ms']:.3f} ms {kind}" if latency.get("ms") is not None else "-"}


def main() -> int:
    rows, build_dir = rows_from_arguments(__doc__, "os_engines_compare")
    if rows is None:
        return 1
    print("| model | board | engine | flash | RAM static | RAM runtime peak (heap + stack) | instructions "
          "| latency | check |")
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    for row in sorted(rows, key=lambda r: (r["model"], r["board"], r["engine"])):
        head = f"| {row['model']} | {row['board']} | {row['engine']} |"
        if row["status"] in ("refused", "not_built") or not row.get("report"):
            print(f"{head} {row['status']}: {row.get('reason', '')[:100]} | | | | | |")
            continue
        got = figures(row, build_dir)
        runtime = (got["heap"] or 0) + (got["stack"] or 0)
        published = PUBLISHED.get((row["model"], row["board"], row["engine"]))
        print(f"{head} {row['flash_bytes']:,} | {row['ram_static_bytes']:,} | {runtime:,} ({got['heap'] or 0:,} + "
              f"{got['stack'] or 0:,}) | {row['instructions'] or 0:,} | {got['latency']}"
              f"{f' (published {published[0]} ms)' if published else ''} | {row['status']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
