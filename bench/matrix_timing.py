"""Wall time of matrix runs: cold, warm (after `rm -rf build`, with a CacheDir), and no-op, each with -j1
and -j2; and how a no-op grows with the number of targets, against the SCons floor (scons reading an
empty SConstruct).

    .venv/bin/python bench/matrix_timing.py runs --boards a,b,c --engines x,y --models m,n [--work DIR]
    .venv/bin/python bench/matrix_timing.py noop [--work DIR] [--repeats 5]

`runs`: for each -j, a fresh build folder and a fresh cache (the Conan cache stays as it is: fetching is
the network's time, not the build's): cold, then warm after removing the build folder, then a no-op.
`noop`: builds 33 targets once (emlearn's two methods and TinyMaix's mnist on all 11 boards), then times
a no-op of 1, 11, 22 and 33 of them, median of --repeats; the goal is a no-op of 33 targets within
1.5x the floor plus 20 ms a target.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCONS = Path(sys.executable).parent / "scons"
BOARDS = sorted(p.stem for p in (PROJECT / "boards").glob("*.yaml"))
STEP_LINES = ("CC ", "CXX ", "LINK ", "RUN ", "REPORT ", "CONVERT ")  # what a step that runs prints


def timed(argv: list[str], cwd: Path = PROJECT) -> tuple[float, int, str]:
    start = time.monotonic()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    return time.monotonic() - start, done.returncode, done.stdout


def scons(*args: str) -> list[str]:
    return [str(SCONS), "-Q", *args]


def runs(args: argparse.Namespace) -> None:
    lists = [f"board={args.boards}", f"engine={args.engines}", f"model={args.models}"]
    print("| -j | cold s | warm s (rm -rf build, CacheDir) | no-op s | steps run cold / warm |\n"
          "|---:|---:|---:|---:|---|")
    for jobs in args.jobs:
        build, cache = args.work / f"build-j{jobs}", args.work / f"cache-j{jobs}"
        shutil.rmtree(build, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        common = [*lists, f"-j{jobs}", f"build_dir={build}", f"cache_dir={cache}"]
        cold, rc, out_cold = timed(scons(*common))
        shutil.rmtree(build)
        warm, _, out_warm = timed(scons(*common))
        noop, _, _ = timed(scons(*common))
        steps = [sum(line.startswith(STEP_LINES) for line in o.splitlines()) for o in (out_cold, out_warm)]
        print(f"| {jobs} | {cold:.1f} | {warm:.1f} | {noop:.2f} | {steps[0]} / {steps[1]} (exit {rc}) |")


def noop(args: argparse.Namespace) -> None:
    build = args.work / "noop-build"
    empty = args.work / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    (empty / "SConstruct").write_text("")
    floor = statistics.median(timed(scons(), empty)[0] for _ in range(args.repeats))
    sets = {"emlearn": "board={boards} engine=emlearn model=digits_mlp engine_opts=auto",
            "tinymaix": "board={boards} engine=tinymaix model=mnist"}
    every = ",".join(BOARDS)
    for text in sets.values():
        subprocess.run(scons(*text.format(boards=every).split(), f"build_dir={build}", "-j2"), cwd=PROJECT,
                       capture_output=True, check=False)
    print(f"SCons floor (empty SConstruct): {floor * 1000:.0f} ms\n")
    print("| targets | no-op ms (median) | goal: 1.5 x floor + 20 ms x targets | within |\n|---:|---:|---:|---|")
    for count, argv in ((1, [f"board={BOARDS[0]}", "engine=emlearn", "model=digits_mlp"]),
                        (11, [f"board={every}", "engine=tinymaix", "model=mnist"]),
                        (22, [f"board={every}", "engine=emlearn", "model=digits_mlp", "engine_opts=auto"])):
        seconds = statistics.median(timed(scons(*argv, f"build_dir={build}"))[0] for _ in range(args.repeats))
        goal = 1.5 * floor + 0.02 * count
        print(f"| {count} | {seconds * 1000:.0f} | {goal * 1000:.0f} | {'yes' if seconds <= goal else 'no'} |")
    both = f"{build}"
    seconds = statistics.median(_both(every, both) for _ in range(args.repeats))
    goal = 1.5 * floor + 0.02 * 33
    print(f"| 33 | {seconds * 1000:.0f} | {goal * 1000:.0f} | {'yes' if seconds <= goal else 'no'} |")


def _both(every: str, build: str) -> float:
    """33 targets in one run: a matrix file with both engines."""
    spec = Path(build).parent / "noop33.yaml"
    spec.write_text(f"boards: [{every}]\nengines: [{{name: emlearn, engine_opts: {{method: [loadable, inline]}}}}, "
                    "tinymaix]\nmodels: [digits_mlp, mnist]\n")
    return timed(scons(f"matrix={spec}", f"build_dir={build}", f"report_dir={Path(build).parent / 'noop-report'}"))[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("phase", choices=["runs", "noop"])
    parser.add_argument("--boards", default="nucleo_f411re,stm32f746g_disco,mps3_an547")
    parser.add_argument("--engines", default="tinymaix,tflm")
    parser.add_argument("--models", default="mnist,cifar10")
    parser.add_argument("--work", type=Path, default=PROJECT / "build" / "_bench")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--jobs", type=lambda text: [int(j) for j in text.split(",")], default=[1, 2],
                        help="the -j values to time, e.g. 1,2")
    args = parser.parse_args()
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    runs(args) if args.phase == "runs" else noop(args)


if __name__ == "__main__":
    main()
