"""What the comparison benchmarks share: one matrix run (scons matrix=..., -k so a target that fails
or is refused still has its row) and the rows of its matrix.json."""
from __future__ import annotations

import argparse
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
    elif not (report_dir / "matrix.json").is_file():
        print(f"no {report_dir / 'matrix.json'}: run it once without --no-build")
        return None
    return json.loads((report_dir / "matrix.json").read_text())["rows"]


def rows_from_arguments(doc: str, name: str) -> tuple[list[dict] | None, Path]:
    """A comparison script's command line (--matrix bench/<name>.yaml, --build-dir, -j, --no-build):
    the rows of its matrix run, reported in <build dir>/<name>/, and the build folder."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--matrix", type=Path, default=PROJECT / "bench" / f"{name}.yaml")
    parser.add_argument("--build-dir", type=Path, default=PROJECT / "build")
    parser.add_argument("-j", type=int, default=2)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    build_dir = args.build_dir.resolve()
    return matrix_rows(args.matrix, build_dir, build_dir / name, args.j, build=not args.no_build), build_dir
