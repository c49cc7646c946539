"""Clean build time of TFLM's library for one Cortex-M4 board: edgebench against TFLM's own
Makefile, on the same machine in the same run, same sources, flags as close as the two allow.

    .venv/bin/python bench/tflm_build.py [--runs 3] [--jobs 2] [--work DIR] [--json FILE]
    .venv/bin/python bench/tflm_build.py --render FILE...  # the tables of earlier runs, together

TFLM's side: a fresh git clone of tflite-micro at the commit recipes/tflite-micro pins, its
downloads placed under tensorflow/lite/micro/tools/make/downloads/ where its download scripts
would put them (the commits and tags those scripts name, from git; TFLM's patches applied as
download_and_extract.sh applies them), so the scripts find them and download nothing; Debian's
arm-none-eabi-gcc through TARGET_TOOLCHAIN_ROOT, so no toolchain is fetched. Timed:
`make -f tensorflow/lite/micro/tools/make/Makefile TARGET=cortex_m_generic TARGET_ARCH=cortex-m4+fp
[OPTIMIZED_KERNEL_DIR=cmsis_nn] BUILD_TYPE=release -jN microlite` from an empty gen/.

edgebench's side: `scons --interactive board=nucleo_f411re engine=tflm model=M build_dir=D` told to
build the engine's library folder (D/_engines/<board>/tflm/kernels=K, eb_engine_lib.library_dir):
the engine's archive and the kernels model M needs, nothing of the model itself; the whole scons run
is timed, reading the SConstruct and the Conan lookup included. From an empty build directory
(cifar10, mlperf_ic; CMSIS-NN and reference kernels), then a second model in the same directory
(what it compiles, how long), then a second board sharing nothing.
Each run takes the measurements in turn, Makefile then ours, so the ratios are taken pair by pair.
Wall seconds (monotonic clock) and CPU seconds (user + system of the finished children) each.

Sources come from git only: https://github.com/<owner>/<repo>.git for tensorflow/tflite-micro,
google/flatbuffers, google/gemmlowp, google/ruy, mborgerding/kissfft, ARM-software/CMSIS_6,
ARM-software/Cortex_DFP and ARM-software/CMSIS-NN. To run offline, point those URLs at local
mirrors with git's own configuration (url.<mirror>.insteadOf, in ~/.gitconfig or through
GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n in the environment); a mirror must allow
the pinned commits to be fetched. edgebench's side takes EDGEBENCH_CONAN_HOME from the environment,
as scons does. Needs git, make, patch, tar and arm-none-eabi-gcc on PATH, and numpy and Pillow in
the Python that runs this script (TFLM's Makefile runs python3 scripts while it is read).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
SCONS = Path(sys.executable).parent / "scons"
sys.path[:0] = [str(PROJECT / "site_scons"), str(PROJECT / "site_scons" / "site_tools")]

from eb_engine_lib import library_dir  # noqa: E402
from edgebench import boards, engines, toolchain  # noqa: E402

SCHEMA_VERSION = 1
MAKE_DIR = "tensorflow/lite/micro/tools/make"
# Where TFLM's Makefile looks for each download, the file naming its archive URL and the variable
# holding it, the variable naming TFLM's patch, and whether download_and_extract.sh places it (it
# deletes *BUILD files and applies the patch with `patch -p1`; the cmsis scripts only unzip).
# third_party.inc: gemmlowp, ruy, flatbuffers, kissfft; targets/cortex_m_generic_makefile.inc and
# ext_libs/cmsis_nn.inc: cmsis (CMSIS_6, Cortex_DFP inside it), cmsis_nn. kissfft is there because
# `microlite` compiles signal/src/kiss_fft_wrappers/*.cc (additional_kernels.inc), which include it.
DOWNLOADS = [
    ("gemmlowp", "third_party_downloads.inc", "GEMMLOWP_URL", None, True),
    ("ruy", "third_party_downloads.inc", "RUY_URL", None, True),
    ("flatbuffers", "third_party_downloads.inc", "FLATBUFFERS_URL", "FLATBUFFERS_PATCH_PATH", True),
    ("kissfft", "third_party_downloads.inc", "KISSFFT_URL", "KISSFFT_PATCH_PATH", True),
    ("cmsis", "ext_libs/cmsis_download.sh", "CMSIS_URL", None, False),
    ("cmsis/Cortex_DFP", "ext_libs/cmsis_download.sh", "CMSIS_DFP_URL", None, False),
    ("cmsis_nn", "ext_libs/cmsis_nn_download.sh", "CMSIS_NN_URL", None, False),
]
# third_party.inc runs pigweed_download.sh (a git clone from googlesource) whenever the Makefile is
# read; pigweed is used by TFLM's tests only, never compiled into `microlite`: an empty folder where
# the script looks makes it skip the clone.
PLACEHOLDERS = ["pigweed"]
ARCHIVE_URL = re.compile(r"https?://github\.com/([^/]+)/([^/]+)/archive/(?:refs/tags/)?(.+)\.zip$")
ASSIGNMENT = re.compile(r'^\s*(\w+)\s*:?=\s*"?([^"\s]*)"?\s*$')
COMPILED = re.compile(r"^(?:CC|CXX) (\S+\.o)$", re.MULTILINE)


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def tflm_pin(engine: dict) -> tuple[str, str]:
    """(git URL, commit) of the engine's recipe, from its conandata.yml."""
    name, version = engine["recipe"].split("/")
    recipe = PROJECT / "recipes" / name
    folder = yaml.safe_load((recipe / "config.yml").read_text())["versions"][version]["folder"]
    source = yaml.safe_load((recipe / folder / "conandata.yml").read_text())["sources"][version]
    return source["url"], source["commit"]


def assignments(text: str) -> dict[str, str]:
    """Each variable's value as a shell or make file assigns it, read top to bottom, with ${X} and
    $(X) expanded from the values assigned so far (cmsis_download.sh reuses ZIP_PREFIX)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        found = ASSIGNMENT.match(line)
        if found:
            values[found[1]] = re.sub(r"\$[{(](\w+)[})]", lambda m: values.get(m[1], ""), found[2])
    return values


def place(entry: tuple, tflm: Path, mirrors: Path) -> dict[str, str]:
    """One download put where TFLM's script would put it, from git at the ref the script names."""
    dest, script, variable, patch_variable, extracted = entry
    values = assignments((tflm / MAKE_DIR / script).read_text())
    owner, repo, ref = ARCHIVE_URL.match(values[variable]).groups()
    url = f"https://github.com/{owner}/{repo}.git"
    bare = mirrors / f"{repo}.git"
    if not bare.exists():
        git("clone", "--quiet", "--bare", url, str(bare))
    commit = git("rev-parse", f"{ref}^{{commit}}", cwd=bare)
    target = tflm / MAKE_DIR / "downloads" / dest
    target.mkdir(parents=True)
    # git archive is what GitHub's archive zips are made with: the same files, export-ignore and all.
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=bare, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    if extracted:
        for build_file in target.rglob("*BUILD"):
            build_file.unlink()
    if patch_variable:
        patch = tflm / values[patch_variable]
        subprocess.run(["patch", "-s", "-p1", "-d", str(target), "-i", str(patch)], check=True)
    return {"url": url, "ref": ref, "commit": commit}


def prepare_tflm(work: Path, url: str, commit: str) -> tuple[Path, dict]:
    """A fresh clone of TFLM at the pin with every download placed; the sources' provenance."""
    tflm = work / "tflite-micro"
    git("clone", "--quiet", "--no-checkout", url, str(tflm))
    git("-c", "advice.detachedHead=false", "checkout", "--quiet", commit, cwd=tflm)
    provenance = {"tflite-micro": {"url": url, "ref": commit, "commit": git("rev-parse", "HEAD", cwd=tflm)}}
    for entry in DOWNLOADS:
        provenance[entry[0]] = place(entry, tflm, work / "git")
    for name in PLACEHOLDERS:
        (tflm / MAKE_DIR / "downloads" / name).mkdir()
    return tflm, provenance


def make_command(kernels: str, jobs: int, dry: bool = False) -> list[str]:
    compiler = shutil.which("arm-none-eabi-gcc")
    if compiler is None:
        raise SystemExit("arm-none-eabi-gcc is not on PATH (Debian: gcc-arm-none-eabi)")
    command = ["make", "-f", f"{MAKE_DIR}/Makefile", "TARGET=cortex_m_generic", "TARGET_ARCH=cortex-m4+fp",
               "BUILD_TYPE=release", f"TARGET_TOOLCHAIN_ROOT={Path(compiler).parent}/", f"-j{jobs}", "microlite"]
    if kernels == "cmsis_nn":
        command.insert(4, "OPTIMIZED_KERNEL_DIR=cmsis_nn")
    return command + (["-n", "V=1"] if dry else [])


def make_env() -> dict[str, str]:
    """TFLM's Makefile runs python3 with numpy and Pillow while it is read (the examples' data through
    tools/generate_cc_arrays.py, even for `microlite`): this interpreter's folder goes first on PATH."""
    return {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}


def timed(command: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None, stdin: str = "") -> dict:
    """Runs the command to its end: wall and CPU seconds, the load average before it, its output."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    with log.open("w") as out:
        status = subprocess.run(command, cwd=cwd, env=env, input=stdin.encode(), stdout=out,
                                stderr=subprocess.STDOUT, check=False).returncode
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # scons --interactive exits 0 whatever its builds did; a failed build says so on its output.
    if status != 0 or "scons: ***" in log.read_text():
        raise SystemExit(f"{shlex.join(command)} failed (exit status {status}); its output: {log}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "load_before": round(load, 2)}


def code_bytes(files: list[Path]) -> int:
    """text + data of every object, as arm-none-eabi-size totals them (debug info is not counted)."""
    out = subprocess.run(["arm-none-eabi-size", "-t", *map(str, files)], capture_output=True, text=True, check=True)
    text, data = out.stdout.splitlines()[-1].split()[:2]
    return int(text) + int(data)


def make_build(tflm: Path, kernels: str, jobs: int, log: Path) -> dict:
    shutil.rmtree(tflm / "gen", ignore_errors=True)
    figures = timed(make_command(kernels, jobs), tflm, log, make_env())
    (library,) = (tflm / "gen").glob("*/lib/libtensorflow-microlite.a")
    objects = list(library.parents[1].glob("obj/**/*.o"))
    return {**figures, "objects": len(objects), "archive_bytes": library.stat().st_size,
            "code_bytes": code_bytes([library])}


def compiled_in(log: str, folder: Path) -> list[str]:
    """The objects under `folder` a scons log says it compiled, relative to it (scons names a path
    under the folder it runs in, the project's, relative to that)."""
    paths = [Path(p) if Path(p).is_absolute() else PROJECT / p for p in COMPILED.findall(log)]
    return [p.relative_to(folder).as_posix() for p in paths if p.is_relative_to(folder)]


def scons_library(build: Path, board: str, model: str, kernels: str, jobs: int, log: Path) -> dict:
    """Ours: the engine library and the model's kernels on one board, nothing of the model itself."""
    folder = library_dir(build, boards.load_board(PROJECT / "boards" / f"{board}.yaml"),
                         engines.load_engine(PROJECT / "engines" / "tflm" / "engine.yaml"), {"kernels": kernels})
    # SCons takes every command-line word with '=' for a variable, and the folder is named after the
    # option set (kernels=<value>): its interactive mode's `build` takes it as the target it is.
    command = [str(SCONS), "--interactive", f"-j{jobs}", f"board={board}", "engine=tflm", f"model={model}",
               f"engine_opts=kernels={kernels}", f"build_dir={build}"]
    figures = timed(command, PROJECT, log, stdin=f"build {folder}\n")
    compiled = compiled_in(log.read_text(), folder)
    kernel_objects = list((folder / "kernels").rglob("*.o"))
    return {**figures, "compiled": len(compiled),
            "compiled_kernels": sorted(Path(p).stem for p in compiled if p.startswith("kernels/")),
            "objects": len(list(folder.rglob("*.o"))), "archive_bytes": (folder / "libengine.a").stat().st_size,
            "kernel_objects": len(kernel_objects), "kernel_bytes": sum(p.stat().st_size for p in kernel_objects),
            "code_bytes": code_bytes([folder / "libengine.a", *kernel_objects])}


def _tokens(line: str) -> list[str]:
    """A compile line's flags: no compiler, include folders, input or output."""
    words, flags = shlex.split(line)[1:], []
    skip = False
    for word in words:
        if skip or word in ("-c", "-o", "-isystem"):
            skip = word in ("-o", "-isystem")
            continue
        if not word.startswith("-I") and not word.endswith((".c", ".cc")):
            flags.append(word)
    return flags


def effective(flags: list[str]) -> list[str]:
    """The flags that count: of each -O, -std=, -mfpu=, -mfloat-abi=, -mcpu=, -g level, the last."""
    last = {}
    for flag in flags:
        kind = next((p for p in ("-O", "-std=", "-mfpu=", "-mfloat-abi=", "-mcpu=", "-g") if flag.startswith(p)), flag)
        last[kind] = flag
    return list(dict.fromkeys(last.values()))


def makefile_flags(tflm: Path, kernels: str) -> dict[str, list[str]]:
    """The Makefile's flags per kind of source, from `make -n V=1` (nothing is compiled)."""
    shutil.rmtree(tflm / "gen", ignore_errors=True)
    out = subprocess.run(make_command(kernels, 1, dry=True), cwd=tflm, env=make_env(), check=True,
                         capture_output=True, text=True)
    groups = {"core .cc": "/obj/core/", "kernel .cc": "/obj/kernels/", "CMSIS-NN .c": "/obj/third_party_kernels/"}
    found = {}
    for name, folder in groups.items():
        line = next((ln for ln in out.stdout.splitlines() if " -c " in ln and folder in ln), None)
        if line:
            found[name] = effective(_tokens(line))
    return found


def our_flags(board_name: str, kernels: str) -> dict[str, list[str]]:
    """Ours per kind of source: report.json's `toolchain` (cxxflags, cflags, defines) with the
    library's or the kernels' own cflags after them, as eb_engine_lib compiles them (CMSIS-NN is the
    cmsis_nn value's `called` sources, compiled with the kernels' flags)."""
    board = boards.load_board(PROJECT / "boards" / f"{board_name}.yaml")
    engine = engines.load_engine(PROJECT / "engines" / "tflm" / "engine.yaml")
    options = {"kernels": kernels}
    defines = [f"-D{d}" for d in toolchain.defines(engine, options)]
    cxx, c = toolchain.cxxflags(board, engine, options), toolchain.cflags(board, engine, options)
    library, kernel = engine["library"].get("cflags", []), engine["kernels"].get("cflags", [])
    found = {"core .cc": effective([*cxx, *defines, *library]), "kernel .cc": effective([*cxx, *defines, *kernel])}
    if kernels == "cmsis_nn":
        found["CMSIS-NN .c"] = effective([*c, *defines, *kernel])
    return found


def flag_differences(theirs: dict[str, list[str]], ours: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    return {kind: {"makefile_only": [f for f in flags if f not in ours.get(kind, [])],
                   "edgebench_only": [f for f in ours.get(kind, []) if f not in flags]}
            for kind, flags in theirs.items()}


def one_run(tflm: Path, work: Path, run: int, args: argparse.Namespace) -> dict[str, dict]:
    """Every measurement once, Makefile and ours in turn."""
    logs, board, jobs = work / "logs", args.board, args.jobs
    logs.mkdir(exist_ok=True)
    figures = {"make cmsis_nn": make_build(tflm, "cmsis_nn", jobs, logs / f"make-cmsis_nn-{run}.log")}
    first, second = args.models
    build = work / f"eb-{run}"
    figures[f"ours {first} cmsis_nn"] = scons_library(build, board, first, "cmsis_nn", jobs,
                                                      logs / f"ours-{first}-{run}.log")
    figures[f"ours then {second} (model-only change)"] = scons_library(build, board, second, "cmsis_nn", jobs,
                                                                       logs / f"ours-then-{second}-{run}.log")
    figures[f"ours then {args.second_board} (second board)"] = scons_library(
        build, args.second_board, first, "cmsis_nn", jobs, logs / f"ours-{args.second_board}-{run}.log")
    figures["make reference"] = make_build(tflm, "reference", jobs, logs / f"make-reference-{run}.log")
    figures[f"ours {first} reference"] = scons_library(work / f"eb-ref-{run}", board, first, "reference", jobs,
                                                       logs / f"ours-{first}-reference-{run}.log")
    figures[f"ours {second} cmsis_nn"] = scons_library(work / f"eb-second-{run}", board, second, "cmsis_nn", jobs,
                                                       logs / f"ours-{second}-{run}.log")
    for folder in work.glob("eb-*"):
        shutil.rmtree(folder)
    return figures


def measure(args: argparse.Namespace, work: Path) -> dict:
    engine = engines.load_engine(PROJECT / "engines" / "tflm" / "engine.yaml")
    tflm, provenance = prepare_tflm(work, *tflm_pin(engine))
    flags = {kernels: flag_differences(makefile_flags(tflm, kernels), our_flags(args.board, kernels))
             for kernels in ("cmsis_nn", "reference")}
    runs = [one_run(tflm, work, run, args) for run in range(args.runs)]
    compiler = subprocess.run(["arm-none-eabi-gcc", "--version"], capture_output=True, text=True, check=True)
    return {"schema_version": SCHEMA_VERSION, "board": args.board, "second_board": args.second_board,
            "models": args.models, "jobs": args.jobs, "cores": os.cpu_count(),
            "compiler": compiler.stdout.splitlines()[0], "sources": provenance, "flags": flags,
            "measurements": {name: [r[name] for r in runs] for name in runs[0]}}


# Each of ours against the Makefile build it is paired with.
PAIRED = {"cmsis_nn": "make cmsis_nn", "reference": "make reference"}


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f})"


def _row(name: str, runs: list[dict], measurements: dict) -> str:
    pair = next((m for k, m in PAIRED.items() if name.startswith("ours ") and name.endswith(k)), None)
    ratio = ""
    if pair:
        walls = [o["wall_s"] / m["wall_s"] for o, m in zip(runs, measurements[pair], strict=True)]
        cpus = [o["cpu_s"] / m["cpu_s"] for o, m in zip(runs, measurements[pair], strict=True)]
        ratio = f"{_spread_ratio(walls)} / {_spread_ratio(cpus)}"
    last = runs[-1]
    kernels = f"{last['kernel_objects']} / {last['kernel_bytes']:,}" if "kernel_objects" in last else "-"
    compiled = last.get("compiled", last["objects"])
    loads = ", ".join(f"{r['load_before']:.1f}" for r in runs)
    code = f"{last['code_bytes']:,}" if "code_bytes" in last else "-"
    return (f"| {name} | {_spread([r['wall_s'] for r in runs])} | {_spread([r['cpu_s'] for r in runs])} | "
            f"{ratio} | {compiled} | {last['archive_bytes']:,} | {kernels} | {code} | "
            f"{loads} |")


def _spread_ratio(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def merged(files: list[dict]) -> dict:
    """Several invocations' figures as one: their measurements run after run."""
    first = files[0]
    for other in files[1:]:
        for key in ("schema_version", "board", "jobs", "compiler", "sources"):
            if other[key] != first[key]:
                raise SystemExit(f"the runs differ in '{key}': {first[key]} and {other[key]}")
    names = first["measurements"]
    return {**first, "measurements": {name: [run for data in files for run in data["measurements"][name]]
                                      for name in names}}


def render(data: dict) -> str:
    measurements = data["measurements"]
    lines = [f"TFLM library build, {data['board']} (TARGET_ARCH=cortex-m4+fp), -j{data['jobs']} on "
             f"{data['cores']} cores, {data['compiler']}; median (min-max) of {len(next(iter(measurements.values())))}"
             " runs; ours = engine archive + the model's kernels (scons of build/_engines/<board>/tflm/<options>)", "",
             "| build | wall s | CPU s | ours / Makefile, wall / CPU | objects compiled | archive B | "
             "kernel objects / B | code B (text+data) | load avg before |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    lines += [_row(name, runs, measurements) for name, runs in measurements.items()]
    change = next(runs for name, runs in measurements.items() if "model-only" in name)
    lines += ["", f"Model-only change compiles: {', '.join(change[-1]['compiled_kernels']) or 'nothing'}", "",
              "Flags that differ (the last -O/-std/-m/-g of each line counts):"]
    for kernels, kinds in data["flags"].items():
        for kind, diff in kinds.items():
            lines.append(f"- {kernels}, {kind}: Makefile only {' '.join(diff['makefile_only']) or '-'}; "
                         f"edgebench only {' '.join(diff['edgebench_only']) or '-'}")
    lines += ["", "Sources:"]
    lines += [f"- {name}: {s['url']} {s['ref']} = {s['commit']}" for name, s in data["sources"].items()]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--board", default="nucleo_f411re")
    parser.add_argument("--second-board", default="stm32f746g_disco")
    parser.add_argument("--models", default="cifar10,mlperf_ic", type=lambda s: s.split(","))
    parser.add_argument("--work", type=Path, help="scratch folder, kept (default: a temporary one, removed)")
    parser.add_argument("--json", type=Path, default=Path("tflm_build.json"), help="where the figures go")
    parser.add_argument("--render", type=Path, nargs="+", help="print the tables of earlier runs' JSON files "
                        "(their runs together) and stop")
    args = parser.parse_args()
    if args.render:
        print(render(merged([json.loads(path.read_text()) for path in args.render])))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="eb-tflm-build-"))
    work.mkdir(parents=True, exist_ok=True)
    data = measure(args, work.resolve())
    args.json.write_text(json.dumps(data, indent=1) + "\n")
    print(render(data))
    if not args.work:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
