"""The command line: scons board=A[,B] engine=E[,F] model=M[,N] [engine_opts=K=V,...] [overlay=DIR,...].

Turns SCons's ARGUMENTS into a checked plan (one Target per combination),
and writes the text of 'scons -h'. Nothing here touches SCons.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import engines, models, testset
from .boards import load_board
from .catalog import Catalog
from .errors import InputError, did_you_mean

ARGUMENTS = {
    "board": "board name(s) from boards/, comma separated",
    "engine": "engine name(s) from engines/, comma separated",
    "model": "model name(s) from models/, or a path to a .tflite/.onnx file, comma separated",
    "engine_opts": "engine options KEY=VALUE[,KEY=VALUE], e.g. engine_opts=method=inline",
    "overlay": "extra directories laid out like this project (boards/, engines/, models/, recipes/)",
    "inputs": "test inputs for the models given as a path: a folder of images, an .npy or an .npz",
    "inputs_range": "LOW,HIGH: the real values image pixels 0 and 255 become (default 0,1)",
}
REQUIRED = ("board", "engine", "model")


@dataclass
class Target:
    board: dict[str, Any]
    engine: dict[str, Any]
    model: dict[str, Any]
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.board['name']}/{self.engine['name']}/{self.model['name']}"


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def check_argument_names(arguments: dict[str, str]) -> None:
    for name in arguments:
        if name not in ARGUMENTS:
            raise InputError(f"unknown argument '{name}'{did_you_mean(name, ARGUMENTS)}", where="command line",
                             expected=f"arguments: {', '.join(ARGUMENTS)}", fix="run 'scons -h'")


def catalog_for(project: Path, arguments: dict[str, str]) -> Catalog:
    return Catalog.for_project(project, split_list(arguments.get("overlay", "")))


def plan(arguments: dict[str, str], catalog: Catalog) -> list[Target]:
    """Every requested combination, loaded and checked; raises InputError on the first problem."""
    missing = [name for name in REQUIRED if not arguments.get(name)]
    if missing:
        raise InputError(f"missing argument(s): {', '.join(missing)}", where="command line",
                         expected="scons board=<board> engine=<engine> model=<model>",
                         fix="run 'scons -h' for the boards, engines and models there are")
    boards = [load_board(catalog.find("board", name)) for name in split_list(arguments["board"])]
    engine_list = [engines.load_engine(catalog.find("engine", name)) for name in split_list(arguments["engine"])]
    model_list = [models.resolve(catalog, name) for name in split_list(arguments["model"])]
    model_list = testset.with_user_inputs(model_list, arguments.get("inputs"), arguments.get("inputs_range"))
    overrides = engines.parse_engine_opts(arguments.get("engine_opts", ""))
    targets = []
    for board, engine, model in itertools.product(boards, engine_list, model_list):
        why = engines.supports(engine, board, model["format"], model.get("precision"))
        if why:
            raise InputError(f"cannot build {board['name']}/{engine['name']}/{model['name']}: {why}",
                             where="command line", fix="pick a board, engine and model that go together")
        targets.append(Target(board, engine, model, engines.resolve_options(engine, board, overrides,
                                                                                   models.tags(model))))
    return targets


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
