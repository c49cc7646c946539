"""Per-board figures for one engine and model: builds every board (or the
ones named) and prints flash, static RAM, runtime RAM peak and the
instructions of one inference, rendered from each report.json.

    .venv/bin/python bench/boards_table.py [engine] [model] [board,board...]
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCONS = Path(sys.executable).parent / "scons"


def main() -> int:
    engine = sys.argv[1] if len(sys.argv) > 1 else "emlearn"
    model = sys.argv[2] if len(sys.argv) > 2 else "digits_mlp"
    boards = sys.argv[3] if len(sys.argv) > 3 else ",".join(sorted(p.stem for p in (PROJECT / "boards").glob("*.yaml")))
    start = time.monotonic()
    build = subprocess.run([str(SCONS), "-Q", "-j2", f"board={boards}", f"engine={engine}", f"model={model}"],
                           cwd=PROJECT, capture_output=True, text=True, check=False)
    first = time.monotonic() - start
    start = time.monotonic()
    subprocess.run([str(SCONS), "-Q", f"board={boards}", f"engine={engine}", f"model={model}"], cwd=PROJECT,
                   capture_output=True, check=False)
    noop = time.monotonic() - start
    print("| board | verdict | flash B | static RAM B | runtime RAM peak B | region instructions |")
    print("|---|---|---:|---:|---:|---:|")
    for board in boards.split(","):
        path = PROJECT / "build" / board / engine / model / "report.json"
        if not path.is_file():
            print(f"| {board} | no report | | | | |")
            continue
        r = json.loads(path.read_text())
        print(f"| {board} | {r['verdict']} | {r['size']['flash']['deployable']} | {r['size']['ram']['static']} | "
              f"{r['size']['ram']['runtime_peak']} | {r['run']['instructions']} |")
    print(f"\nbuild of all: {first:.1f} s wall; second (no-op) scons: {noop:.2f} s wall")
    return build.returncode


if __name__ == "__main__":
    sys.exit(main())
