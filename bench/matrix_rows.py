"""What the comparison benchmarks share: one matrix run (scons matrix=..., -k so a target that fails
or is refused still has its row) and the rows of its matrix.json."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCONS = Path(sys.executable).parent / "scons"


def matrix_rows(matrix: Path, build_dir: Path, report_dir: Path, jobs: int, build: bool = True) -> list[dict] | None:
    """The matrix's rows, after running it unless `build` is false; None (having printed why) if the
    run left no matrix.json."""
    if build:
        start = time.monotonic()
        done = subprocess.run([str(SCONS), "-Q", "-k", f"-j{jobs}", f"matrix={matrix.resolve()}",
                               f"build_dir={build_dir}", f"report_dir={report_dir}"],
                              cwd=PROJECT, capture_output=True, text=True, check=False)
        print(f"matrix run: exit {done.returncode}, {time.monotonic() - start:.0f} s")
        if not (report_dir / "matrix.json").is_file():
            print(done.stdout[-3000:] + done.stderr[-3000:])
            return None
    return json.loads((report_dir / "matrix.json").read_text())["rows"]
