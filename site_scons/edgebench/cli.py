"""The command line: scons board=A[,B] engine=E[,F] model=M[,N] [engine_opts=K=V,...] [overlay=DIR,...].

Turns SCons's ARGUMENTS into a checked plan (one Target per combination),
and writes the text of 'scons -h'. Nothing here touches SCons.
"""
from __future__ import annotations

from pathlib import Path

from . import engines, matrix, models
from .boards import load_board
from .catalog import Catalog
from .errors import InputError, did_you_mean
from .matrix import Matrix, Target  # noqa: F401  (Target: the plan's unit, used by preflight)

ARGUMENTS = {
    "board": "board name(s) from boards/, comma separated",
    "engine": "engine name(s) from engines/, comma separated",
    "model": "model name(s) from models/, or a path to a .tflite/.onnx file, comma separated",
    "engine_opts": "engine options KEY=VALUE[,KEY=VALUE], e.g. engine_opts=method=inline",
    "overlay": "extra directories laid out like this project (boards/, engines/, models/, recipes/)",
    "build_dir": "where outputs go (default build/ in the checkout); the checkout itself is never written",
    "inputs": "test inputs for the models given as a path: a folder of images, an .npy or an .npz",
    "inputs_range": "LOW,HIGH: the real values image pixels 0 and 255 become (default 0,1)",
    "matrix": "a matrix file (YAML): boards, engines (with option lists), models, exclude, budgets, thresholds",
    "shard": "K/N: build only the K-th of N deterministic slices of the matrix (one per CI runner)",
    "report_dir": "where the comparison (matrix.json/.csv/.md/.html) goes (default <build_dir>/matrix)",
    "baseline": "a matrix.json (or the folder holding one) to compare with: deltas, and thresholds gate on them",
    "thresholds": "largest growth over the baseline in percent, e.g. thresholds=flash=2,instructions=5",
    "merge": "matrix.json files (or folders, globs) of shards to merge into one comparison; builds nothing",
    "cache_dir": "an SCons CacheDir shared by checkouts, runners and machines (default: none)",
}
REQUIRED = ("board", "engine", "model")


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def check_argument_names(arglist: list[tuple[str, str]]) -> None:
    """Every NAME=VALUE known, and given once. SCons's ARGLIST keeps every occurrence in
    order; its ARGUMENTS dict would silently keep only the last."""
    given: dict[str, str] = {}
    for name, value in arglist:
        if name not in ARGUMENTS:
            raise InputError(f"unknown argument '{name}'{did_you_mean(name, ARGUMENTS)}", where="command line",
                             expected=f"arguments: {', '.join(ARGUMENTS)}", fix="run 'scons -h'")
        if name in given:
            raise InputError(f"argument '{name}' is given twice ({name}={given[name]} and {name}={value})",
                             where="command line", expected=f"each argument once; several values as {name}=A,B",
                             fix="drop one of them")
        given[name] = value


def catalog_for(project: Path, arguments: dict[str, str], launch_dir: Path | None = None) -> Catalog:
    return Catalog.for_project(project, split_list(arguments.get("overlay", "")), launch_dir)


def names(arguments: dict[str, str], key: str) -> list[str]:
    """The comma list of one argument: at least one item, none twice."""
    items = split_list(arguments[key])
    if not items:
        raise InputError(f"argument {key}={arguments[key]} names no {key}", where=f"argument {key}",
                         expected=f"{key}=NAME[,NAME...]", fix="run 'scons -h' for the names there are")
    for index, item in enumerate(items):
        if item in items[:index]:
            raise InputError(f"'{item}' is listed twice in {key}={arguments[key]}", where=f"argument {key}",
                             expected="each name once", fix="drop the repeat")
    return items


def plan(arguments: dict[str, str], catalog: Catalog, launch_dir: Path | None = None) -> Matrix:
    """Every requested combination, loaded and checked; raises InputError on the first problem in an
    input, and sorts the combinations that cannot work into the matrix's refusals. A relative path
    is taken from `launch_dir` (where scons was started; -u and -C move the working directory)."""
    missing = [name for name in REQUIRED if not arguments.get(name)]
    if missing and not arguments.get("matrix"):
        raise InputError(f"missing argument(s): {', '.join(missing)}", where="command line",
                         expected="scons board=<board> engine=<engine> model=<model>, or scons matrix=<file>",
                         fix="run 'scons -h' for the boards, engines and models there are")
    return matrix.plan(catalog, arguments, launch_dir, names)


def _describe(entries: dict[str, Path], loader) -> list[str]:
    lines = []
    for name, path in sorted(entries.items()):
        try:
            item = loader(path)
        except InputError as exc:
            lines.append(f"    {name:<20} (broken: {str(exc).splitlines()[0]})")
            continue
        lines.append(f"    {name:<20} {item['description']}")
        # An engine's options, so engine_opts= can be written from -h alone.
        for key, option in item.get("options", {}).items():
            lines.append(f"    {'':<22}{key}={'|'.join(map(str, option['choices']))}")
    return lines


def help_text(catalog: Catalog) -> str:
    lines = ["edgebench: build, run and measure an inference engine on a board", "",
             "usage: scons board=<b>[,<b>...] engine=<e>[,...] model=<m>[,...] [-j N]", "", "arguments:"]
    lines += [f"    {name:<20} {text}" for name, text in ARGUMENTS.items()]
    lines += ["", "boards:", *_describe(catalog.boards(), load_board)]
    lines += ["", "engines:", *_describe(catalog.engines(), engines.load_engine)]
    lines += ["", "models:", *_describe(catalog.models(), models.load_model)]
    lines += ["", "outputs go to build/<board>/<engine>/<model>/ (report.json, report.md, firmware.elf);",
              "'scons -c' with the same arguments cleans them, without arguments cleans build/.", ""]
    return "\n".join(lines)
