"""Engines side by side on the same boards and models: flash, static RAM, arena, runtime RAM peak,
instructions per inference and the output check, from each target's report.json.

    .venv/bin/python bench/side_by_side.py --boards nucleo_f411re,stm32f746g_disco \\
        --engines tflm,tinymaix --models cifar10,mnist,vww96 [--build-dir DIR] [--no-build] [-j 2]

Builds with scons first (-k: a target that fails or does not fit still has its report), unless
--no-build, which reads what an earlier build left. An engine given as `tflm:kernels=reference`
takes those engine options (each engine is one scons run; its reports are read right after it, as
a later run with other options writes the same folders). Figures are the reports' own: flash is
the deployable image (without the test inputs), static RAM includes the stack the board file
reserves, the arena (part of static RAM) is what the engine's probe found it needs plus its margin,
and the stack + heap peak is what the run used of them (the stack within its reservation).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCONS = Path(sys.executable).parent / "scons"


def build(board: str, engine: str, options: str, models: str, build_dir: Path, jobs: int) -> None:
    argv = [str(SCONS), "-Q", "-k", f"-j{jobs}", f"board={board}", f"engine={engine}", f"model={models}",
            f"build_dir={build_dir}", *([f"engine_opts={options}"] if options else [])]
    done = subprocess.run(argv, cwd=PROJECT, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 2):  # 2: a target failed its check or does not fit, still reported
        raise SystemExit(f"{' '.join(argv)} ended with {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def row(report_file: Path, model: str, engine: str) -> str:
    if not report_file.is_file():
        return f"| {model} | {engine} | not reported | | | | | |"
    r = json.loads(report_file.read_text())
    options = ",".join(f"{k}={v}" for k, v in r["engine_options"].items())  # what was built, as reported
    label = f"{model} | {engine}{f' ({options})' if options else ''}"
    size, run = r["size"], r["run"]
    arena = (run.get("arena") or {}).get("reserved_bytes")  # the measured image's
    peak = size["ram"].get("runtime_peak")
    instructions = run.get("instructions")
    return (f"| {label} | {size['flash']['deployable']:,} | {size['ram']['static']:,} | "
            f"{'-' if arena is None else f'{arena:,}'} | {'-' if peak is None else f'{peak:,}'} | "
            f"{'-' if instructions is None else f'{instructions:,}'} | {'ok' if r['passed'] else r['verdict']} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boards", required=True, type=lambda s: s.split(","))
    parser.add_argument("--engines", required=True, type=lambda s: s.split(","),
                        help="engine or engine:KEY=VALUE[;KEY=VALUE], comma separated")
    parser.add_argument("--models", required=True)
    parser.add_argument("--build-dir", type=Path, default=PROJECT / "build")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    rows: dict[str, list[tuple[str, str]]] = {board: [] for board in args.boards}
    for board in args.boards:
        for spec in args.engines:
            engine, _, options = spec.partition(":")
            options = options.replace(";", ",")
            if not args.no_build:
                build(board, engine, options, args.models, args.build_dir.resolve(), args.jobs)
            for model in args.models.split(","):
                rows[board].append((model, row(args.build_dir / board / engine / model / "report.json", model, engine)))
    for board, lines in rows.items():
        print(f"\n{board}\n")
        print("| model | engine | flash B | static RAM B | arena B | stack + heap peak B | instructions | check |")
        print("|---|---|---:|---:|---:|---:|---:|---|")
        print("\n".join(line for _, line in sorted(lines, key=lambda item: item[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
