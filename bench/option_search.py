"""engine_opts=auto against the defaults: for each engine, board and model, the fastest option set that
fits the board and passes the output check, its instructions against the defaults' (goal: 1.25x fewer
at no more flash where the options allow), and the smallest.

    .venv/bin/python bench/option_search.py --engines tinymaix --boards nucleo_f411re,pynq_z2 \\
        --models mnist,cifar10 [--build-dir DIR] [-j 2]

One matrix run (scons engine_opts=auto); the figures are its matrix.json `tuning`.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCONS = Path(sys.executable).parent / "scons"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", required=True)
    parser.add_argument("--boards", required=True)
    parser.add_argument("--models", required=True)
    parser.add_argument("--build-dir", type=Path, default=PROJECT / "build")
    parser.add_argument("-j", type=int, default=2)
    parser.add_argument("--no-build", action="store_true", help="a no-op run: print an earlier run's figures")
    args = parser.parse_args()
    report_dir = args.build_dir.resolve() / "option_search"
    argv = [str(SCONS), "-Q", f"-j{args.j}", f"board={args.boards}", f"engine={args.engines}",
            f"model={args.models}", "engine_opts=auto", f"build_dir={args.build_dir.resolve()}",
            f"report_dir={report_dir}"]
    start = time.monotonic()
    done = subprocess.run(argv, cwd=PROJECT, capture_output=True, text=True, check=False)
    took = time.monotonic() - start
    if args.no_build:
        done.returncode, took = 0, 0.0
    doc = json.loads((report_dir / "matrix.json").read_text())
    print(f"# {' '.join(argv[2:])}: exit {done.returncode}, {took:.0f} s, {len(doc['rows'])} option sets "
          f"({doc['counts']})\n")
    print("| board / engine / model | tried | fit and pass | fastest | x fewer instr | flash | fastest at no more "
          "flash | x fewer instr | smallest |\n|---|---:|---:|---|---:|---:|---|---:|---|")
    for t in doc["tuning"]:
        versus = t.get("fastest_vs_default") or {}
        fastest, smallest = (_options(t[kind]) for kind in ("fastest", "smallest"))
        ratio = f"{versus['instructions_ratio']:.2f}" if versus else "-"
        flash = f"{versus['flash_change_bytes']:+,} B" if versus else "-"
        lean = t.get("fastest_within_default_flash") or {}
        lean_ratio = f"{lean['instructions_ratio']:.2f}" if lean else "-"
        print(f"| {t['board']} / {t['engine']} / {t['model']} | {t['tried']} | {t['passed']} | {fastest} | {ratio} "
              f"| {flash} | {_options(lean.get('key'))} | {lean_ratio} | {smallest} |")


def _options(key: str | None) -> str:
    if key is None:
        return "-"
    return key.split("/")[1].partition("@")[2].replace("@", ", ") or "defaults"


if __name__ == "__main__":
    main()
