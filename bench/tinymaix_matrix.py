"""TinyMaix on every board, for each TM_ARCH x TM_OPT_LEVEL the board can
take: flash, static RAM, runtime RAM peak (the activation buffer is heap)
and the instructions of one inference, from each report.json. Also prints
the harness's own bytes on one Cortex-M4 board, and which arch values each
board cannot take and why.

    .venv/bin/python bench/tinymaix_matrix.py [model] [board,board...]

Needs TinyMaix's upstream and model files (README: offline use). Each
combination builds in a copy of the project so that the reports of one do
not overwrite another's; the Conan home is shared (EDGEBENCH_CONAN_HOME, or
this checkout's).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCONS = Path(sys.executable).parent / "scons"
sys.path.insert(0, str(PROJECT / "site_scons"))

from edgebench import boards, engines  # noqa: E402
from edgebench.errors import InputError  # noqa: E402
from edgebench.models import load_model, tags  # noqa: E402

ITEMS = ["SConstruct", "site_scons", "boards", "engines", "recipes", "models", "harness", "plugins", "toolchains"]


def applicable(engine: dict, board: dict, model_tags: set[str]) -> tuple[list[str], dict[str, str]]:
    fits, refused = [], {}
    for arch in engine["options"]["arch"]["choices"]:
        try:
            engines.resolve_options(engine, board, {"arch": arch}, model_tags)
            fits.append(arch)
        except InputError as exc:
            refused[arch] = exc.what
    return fits, refused


def build(workdir: Path, boards_csv: str, model: str, opts: str, env: dict[str, str]) -> None:
    if not workdir.exists():
        workdir.mkdir(parents=True)
        for item in ITEMS:
            (shutil.copytree if (PROJECT / item).is_dir() else shutil.copy2)(PROJECT / item, workdir / item)
    subprocess.run([str(SCONS), "-Q", "-j2", "-k", f"board={boards_csv}", "engine=tinymaix", f"model={model}",
                    f"engine_opts={opts}"], cwd=workdir, env=env, capture_output=True, text=True, check=False)


def main() -> int:
    model = sys.argv[1] if len(sys.argv) > 1 else "cifar10"
    names = sys.argv[2].split(",") if len(sys.argv) > 2 else sorted(p.stem for p in (PROJECT / "boards").glob("*.yaml"))
    engine = engines.load_engine(PROJECT / "engines" / "tinymaix" / "engine.yaml")
    model_tags = tags(load_model(PROJECT / "models" / f"{model}.yaml"))
    board_data = {n: boards.load_board(PROJECT / "boards" / f"{n}.yaml") for n in names}
    env = {**os.environ, "EDGEBENCH_CONAN_HOME": os.environ.get("EDGEBENCH_CONAN_HOME",
                                                                 str(PROJECT / ".edgebench" / "conan2"))}
    plan: dict[tuple[str, int], list[str]] = {}
    refusals: dict[str, dict[str, str]] = {}
    for name, board in board_data.items():
        fits, refusals[name] = applicable(engine, board, model_tags)
        for arch in fits:
            for level in engine["options"]["opt_level"]["choices"]:
                plan.setdefault((arch, level), []).append(name)
    rows = []
    with tempfile.TemporaryDirectory(prefix="eb-tm-bench-") as scratch:
        for (arch, level), members in sorted(plan.items()):
            work = Path(scratch) / f"{arch}-{level}"
            build(work, ",".join(members), model, f"arch={arch},opt_level={level}", env)
            for name in members:
                path = work / "build" / name / "tinymaix" / model / "report.json"
                rows.append((name, arch, level, json.loads(path.read_text()) if path.is_file() else None))
    print(f"TinyMaix, model {model}\n")
    print("| board | TM_ARCH | OPT | flash B | static RAM B | runtime RAM peak B | instructions | verdict |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for name, arch, level, r in sorted(rows):
        if r is None:
            print(f"| {name} | {arch} | {level} | | | | | no report (build failed) |")
            continue
        size = r["size"]
        print(f"| {name} | {arch} | {level} | {size['flash']['deployable']} | {size['ram']['static']} | "
              f"{size['ram']['runtime_peak']} | {r['run']['instructions']} | {r['verdict']} |")
    print("\nRefused for a reason other than a missing board feature:")
    for name, refused in refusals.items():
        for why in refused.values():
            if "needs board feature" not in why:
                print(f"- {name}: {why}")
    m4 = next((r for n, a, lvl, r in rows if n == "nucleo_f411re" and a == "ARM_SIMD" and lvl == 0 and r), None)
    if m4:
        harness = m4["size"]["components"]["harness"]
        ram = sum(b for s, b in harness["sections"].items() if s in (".data", ".bss"))
        print(f"\nHarness on nucleo_f411re (ARM_SIMD, OPT0): {harness['bytes'] - ram} B flash, {ram} B RAM "
              f"(main, protocol, heap/stack meters, glue); engine {m4['size']['components']['engine']['bytes']} B, "
              f"model {m4['size']['components']['model']['bytes']} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
