"""Estimated latency against published hardware figures: for every `cycle_model.calibration` entry of
every board, build the engine and model on that board (scons, one run per board, engine and option
set), estimate the time of one inference at the figure's clock from its instruction mix and the board's
cycle model, and print the error against the figure, with whether the costs were fitted on it.

    .venv/bin/python bench/latency_calibration.py [--boards a,b] [--build-dir DIR] [--no-build] [-j 2]
    .venv/bin/python bench/latency_calibration.py --fit [--write] [--boards a,b] --no-build

--fit: per board, the class costs that best explain its `role: fitted` figures (least squares on the
log of estimate / figure, pulled toward the board file's costs so classes the figures cannot tell
apart keep their manual values), and the error of each figure under them; for each fitted figure also
the error when it is left out of the fit (leave-one-out: the costs fitted on the others predict it),
which is what to expect of a figure the costs never saw. The fit starts from `cycle_model.manual`;
--write puts the fitted costs in the board files' `cycle_model.cycles`.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCONS = Path(sys.executable).parent / "scons"
sys.path.insert(0, str(PROJECT / "site_scons"))

from edgebench import latency  # noqa: E402
from edgebench.boards import load_board  # noqa: E402

# How hard a fit is pulled toward the manual costs (log units squared): costs stay within about 2x of them.
PRIOR_WEIGHT = 0.2


def points(board: dict) -> list[dict]:
    return board.get("cycle_model", {}).get("calibration", [])


def target_folder(build_dir: Path, board: dict, point: dict) -> Path:
    """Where the target of this figure reports (matrix.engine_dir): the options that differ from the
    engine's defaults name the folder, given options that are the defaults do not."""
    given = {k: str(v) for k, v in (point.get("engine_opts") or {}).items()}
    candidates = sorted((build_dir / board["name"]).glob(f"{point['engine']}*"))
    best = None
    for folder in candidates:
        name, *pairs = folder.name.split("@")
        pairs = dict(p.split("=", 1) for p in pairs)
        if name == point["engine"] and all(given.get(k) == v for k, v in pairs.items()):
            if best is None or len(pairs) > best[0]:
                best = (len(pairs), folder)
    return (best[1] if best else build_dir / board["name"] / point["engine"]) / point["model"]


def build(board: dict, build_dir: Path, jobs: int) -> None:
    groups: dict[tuple, list[str]] = defaultdict(list)
    for point in points(board):
        opts = ",".join(f"{k}={v}" for k, v in sorted((point.get("engine_opts") or {}).items()))
        groups[point["engine"], opts].append(point["model"])
    for (engine, opts), model_list in groups.items():
        argv = [str(SCONS), "-Q", "-k", f"-j{jobs}", f"board={board['name']}", f"engine={engine}",
                f"model={','.join(sorted(set(model_list)))}", f"build_dir={build_dir}",
                *([f"engine_opts={opts}"] if opts else [])]
        done = subprocess.run(argv, cwd=PROJECT, capture_output=True, text=True, check=False)
        print(f"# {' '.join(argv[2:])}: exit {done.returncode}", file=sys.stderr)


def measured(build_dir: Path, board: dict, point: dict) -> dict | None:
    path = target_folder(build_dir, board, point) / "report.json"
    if not path.is_file():
        return None
    report = json.loads(path.read_text())
    mix = (report["run"].get("instruction_classes") or {}).get("counts")
    if not mix or not report["run"].get("instructions"):
        return None
    return {"instructions": report["run"]["instructions"], "mix": mix, "status": report["verdict"]}


def estimate_ms(cycles: dict, found: dict, clock_hz: int) -> float:
    cpi = latency.cycles_per_instruction({"cycles": cycles}, found["mix"])
    return found["instructions"] * cpi / clock_hz * 1e3


def fit(prior: dict, rows: list[tuple[dict, dict]]) -> dict:
    """Costs minimising sum(log(estimate/figure)^2) + PRIOR_WEIGHT * sum(log(cost/prior)^2)."""
    import numpy as np
    from scipy.optimize import minimize

    names = list(prior)
    base = np.log([max(prior[n], 1e-3) for n in names])

    def loss(logs):
        costs = dict(zip(names, np.exp(logs), strict=True))
        err = sum(math.log(estimate_ms(costs, found, p["clock_hz"]) / p["ms"]) ** 2 for p, found in rows)
        return err + PRIOR_WEIGHT * float(np.sum((logs - base) ** 2))

    best = minimize(loss, base, method="Nelder-Mead", options={"maxiter": 20000, "xatol": 1e-4, "fatol": 1e-10})
    return {n: round(float(v), 2) for n, v in zip(names, np.exp(best.x), strict=True)}


def table(board: dict, cycles: dict, found: list[tuple[dict, dict | None]],
          held_out: dict[int, float] | None = None) -> list[str]:
    lines = []
    for index, (point, got) in enumerate(found):
        opts = "".join(f"@{k}={v}" for k, v in sorted((point.get("engine_opts") or {}).items()))
        label = f"{board['name']} | {point['engine']}{opts} | {point['model']}"
        if got is None:
            lines.append(f"| {label} | {point['ms']:g} | not measured | | | {point['role']} |")
            continue
        est = estimate_ms(cycles, got, point["clock_hz"])
        cpi = latency.cycles_per_instruction({"cycles": cycles}, got["mix"])
        loo = (held_out or {}).get(index)
        left_out = "" if loo is None else f"{100 * (loo / point['ms'] - 1):+.0f} %"
        lines.append(f"| {label} | {point['ms']:g} @ {point['clock_hz'] / 1e6:g} MHz | {est:.3g} "
                     f"({got['instructions']:,} instr, CPI {cpi:.2f}) | {100 * (est / point['ms'] - 1):+.0f} % "
                     f"| {left_out} | {point['role']} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--boards", default="")
    parser.add_argument("--build-dir", type=Path, default=PROJECT / "build")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--write", action="store_true", help="with --fit: write the fitted costs to boards/")
    parser.add_argument("-j", type=int, default=2)
    args = parser.parse_args()
    wanted = set(matrix_names(args.boards))
    boards = [load_board(p) for p in sorted((PROJECT / "boards").glob("*.yaml"))]
    boards = [b for b in boards if points(b) and (not wanted or b["name"] in wanted)]
    print("| board / engine / model | published ms | estimated ms | error | error left out | role |\n"
          "|---|---:|---:|---:|---:|---|")
    for board in boards:
        if not args.no_build:
            build(board, args.build_dir.resolve(), args.j)
        found = [(p, measured(args.build_dir, board, p)) for p in points(board)]
        cycles, held_out = board["cycle_model"]["cycles"], {}
        if args.fit:
            prior = board["cycle_model"].get("manual", cycles)
            fitted = [i for i, (p, got) in enumerate(found) if got and p["role"] == "fitted"]
            if fitted:
                cycles = fit(prior, [found[i] for i in fitted])
                print(f"<!-- {board['name']} fitted cycles: {json.dumps(cycles)} -->")
                if args.write:
                    write_cycles(PROJECT / "boards" / f"{board['name']}.yaml", cycles)
            for i in fitted if len(fitted) > 1 else []:
                others = fit(prior, [found[j] for j in fitted if j != i])
                held_out[i] = estimate_ms(others, found[i][1], found[i][0]["clock_hz"])
        print("\n".join(table(board, cycles, found, held_out)))


def write_cycles(path: Path, cycles: dict) -> None:
    """Replace the `  cycles: {...}` line of a board file, keeping the rest of its text as it is."""
    line = "  cycles: {" + ", ".join(f"{k}: {v:g}" for k, v in cycles.items()) + "}"
    text = re.sub(r"^  cycles: \{.*\}$", line, path.read_text(), count=1, flags=re.M)
    path.write_text(text)


def matrix_names(text: str) -> list[str]:
    return [name for name in text.split(",") if name]


if __name__ == "__main__":
    main()
