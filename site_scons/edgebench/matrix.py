"""The matrix: which board x engine x model (x option set) combinations one run builds.

From the command line's comma lists or a matrix file (matrix=FILE, schemas/matrix.schema.json):
expands the cross product, drops the file's `exclude`s, orders it, keeps one shard (shard=K/N) and
sorts every combination into a Target to build or a Refusal, a combination that cannot work, which
becomes a row of the comparison with its reason instead of failing the run.
"""
from __future__ import annotations

import fnmatch
import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import datafile, engines, models, testset
from .boards import load_board
from .catalog import Catalog
from .errors import InputError, Refused, did_you_mean

MATRIX_KIND = "matrix"
METRICS = ("flash", "ram", "instructions")


@dataclass
class Target:
    board: dict[str, Any]
    engine: dict[str, Any]
    model: dict[str, Any]
    options: dict[str, Any] = field(default_factory=dict)
    # the options that differ from the engine's defaults for this board and model: they name the
    # target's folder, so two option sets of one engine never share a report
    variant: dict[str, Any] = field(default_factory=dict)
    # an option set engine_opts=auto tries: one that fails is a candidate the search rejects, not a failure
    searched: bool = False

    @property
    def engine_dir(self) -> str:
        return engine_dir(self.engine["name"], self.variant)

    @property
    def key(self) -> str:
        return f"{self.board['name']}/{self.engine_dir}/{self.model['name']}"

    def out(self, build: Path) -> Path:
        return Path(build) / self.board["name"] / self.engine_dir / self.model["name"]


@dataclass
class Refusal:
    """A combination that cannot work, and why; it is reported, never built."""
    board: str
    engine: str
    model: str
    options: dict[str, Any]
    reason: str
    error: InputError | None = None  # what a run of this one combination stops with

    @property
    def key(self) -> str:
        return f"{self.board}/{engine_dir(self.engine, self.options)}/{self.model}"

    def as_error(self) -> InputError:
        return self.error or InputError(f"cannot build {self.key}: {self.reason}", where="command line",
                                        fix="pick a board, engine and model that go together")


@dataclass
class Matrix:
    targets: list[Target]
    refused: list[Refusal]
    source: str                          # "command line" or the matrix file's path
    keys: list[str]                      # every combination of the whole matrix, all shards, in order
    shard: tuple[int, int] | None = None
    budgets: list[dict[str, Any]] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """Names the whole matrix: shards of one matrix carry the same digest (merge checks it)."""
        return hashlib.sha256("\n".join(self.keys).encode()).hexdigest()[:16]

    @property
    def is_matrix(self) -> bool:
        """A run of several combinations, or one asked for as a matrix: it writes a comparison."""
        return len(self.keys) > 1 or self.source != "command line" or self.shard is not None


def engine_dir(name: str, variant: dict[str, Any]) -> str:
    """tflm, or tflm@kernels=reference for a non-default option set ('@key=value' per option)."""
    return name + "".join(f"@{key}={value}" for key, value in sorted(variant.items()))


def parse_shard(text: str) -> tuple[int, int]:
    index, sep, count = text.partition("/")
    if sep and index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count):
        return int(index), int(count)
    raise InputError(f"shard={text} is not K/N with 1 <= K <= N", where="argument shard",
                     expected="shard=K/N, e.g. shard=2/4 for the second of four shards",
                     fix="number shards from 1; give every runner the same N")


def take_shard(keys: list[str], shard: tuple[int, int] | None) -> set[str]:
    """Round robin over the ordered keys: deterministic, disjoint, complete, and balanced within one."""
    if shard is None:
        return set(keys)
    index, count = shard
    return {key for position, key in enumerate(keys) if position % count == index - 1}


def matches(rule: dict[str, Any], board: str, engine: str, model: str) -> bool:
    """A matrix file rule's board/engine/model fields, each a name or a shell-style pattern."""
    names = {"board": board, "engine": engine, "model": model}
    return all(fnmatch.fnmatchcase(names[part], rule[part]) for part in names if part in rule)


def _option_sets(engine: dict[str, Any], given: dict[str, Any], where: str) -> list[dict[str, str]]:
    """{opt: value or [values]} -> one dict per combination of the listed values."""
    declared = engine.get("options", {})
    for key in given:
        if key not in declared:
            raise InputError(f"engine '{engine['name']}' has no option '{key}'", where=where,
                             expected=f"one of: {', '.join(sorted(declared)) or '(none)'}",
                             fix="run 'scons -h' for each engine's options")
    keys = sorted(given)
    values = [[str(v) for v in (given[k] if isinstance(given[k], list) else [given[k]])] for k in keys]
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*values)]


AUTO = "auto"
# Beyond this many option sets per engine, board and model, engine_opts=auto tries each option's values
# one at a time from the defaults instead of every combination.
AUTO_LIMIT = 64


def auto_option_sets(engine: dict[str, Any], board: dict[str, Any], model: dict[str, Any]) -> list[dict[str, str]]:
    """engine_opts=auto: every combination of the engine's declared option values this board and model
    allow; where there are more than AUTO_LIMIT, the defaults and each value of one option at a time."""
    declared = engine.get("options", {})
    keys = sorted(declared)
    tags = models.tags(model)
    allowed = []
    for combo in itertools.product(*[[str(c) for c in declared[k]["choices"]] for k in keys]):
        try:
            engines.resolve_options(engine, board, dict(zip(keys, combo, strict=True)), tags)
        except Refused:
            continue
        allowed.append(dict(zip(keys, combo, strict=True)))
    if len(allowed) <= AUTO_LIMIT:
        return allowed
    defaults = {k: str(v) for k, v in engines.resolve_options(engine, board, {}, tags).items()}
    return [combo for combo in allowed if sum(combo[k] != defaults[k] for k in keys) <= 1]


def _from_arguments(arguments: dict[str, str], names) -> dict[str, Any]:
    if arguments.get("engine_opts", "").strip() == AUTO:
        return {"boards": names(arguments, "board"), "engines": [{"name": n, "engine_opts": AUTO}
                                                                 for n in names(arguments, "engine")],
                "models": names(arguments, "model")}
    overrides = engines.parse_engine_opts(arguments.get("engine_opts", ""))
    return {"boards": names(arguments, "board"), "engines": names(arguments, "engine"),
            "models": names(arguments, "model"), "engine_opts": overrides}


def _check_cli_options(engine_list: list[dict[str, Any]], overrides: dict[str, str]) -> None:
    """engine_opts= on the command line applies to the listed engines that declare each option; an
    option none of them declares is a typo."""
    for key in overrides:
        if not any(key in e.get("options", {}) for e in engine_list):
            declared = sorted({k for e in engine_list for k in e.get("options", {})})
            raise InputError(f"no listed engine has an option '{key}'{did_you_mean(key, declared)}",
                             where="argument engine_opts",
                             expected=f"one of: {', '.join(declared) or '(none)'}",
                             fix="run 'scons -h' for each engine's options")


def load_file(path: Path) -> dict[str, Any]:
    data = datafile.load(path, MATRIX_KIND)
    for index, rule in enumerate(data.get("budgets", [])):
        if not any(metric in rule for metric in METRICS):
            raise InputError(f"budget rule {index} limits nothing", where=f"{path}: field 'budgets.{index}'",
                             expected=f"at least one of: {', '.join(METRICS)}",
                             fix="add a limit, or drop the rule")
    return data


def expand(catalog: Catalog, spec: dict[str, Any], source: str, launch_dir: Path | None,
           arguments: dict[str, str], shard: tuple[int, int] | None) -> Matrix:
    """Every combination of `spec` (a loaded matrix file, or the command line's lists), checked."""
    board_list = [load_board(catalog.find("board", name)) for name in spec["boards"]]
    entries: list[tuple[dict[str, Any], list[dict[str, str]]]] = []
    for index, item in enumerate(spec["engines"]):
        name, given = (item, {}) if isinstance(item, str) else (item["name"], item.get("engine_opts", {}))
        engine = engines.load_engine(catalog.find("engine", name))
        entries.append((engine, AUTO if given == AUTO else
                        _option_sets(engine, given, f"{source}: field 'engines.{index}.engine_opts'")))
    if "engine_opts" in spec and len(entries) == 1:  # the command line's engine_opts=, checked as given
        entries = [(entries[0][0], [spec["engine_opts"]])]
    elif "engine_opts" in spec:  # ... or, for several engines, given to those that declare each option
        _check_cli_options([e for e, _ in entries], spec["engine_opts"])
        entries = [(e, [{k: v for k, v in spec["engine_opts"].items() if k in e.get("options", {})}])
                   for e, _ in entries]
    model_list = [models.resolve(catalog, name, launch_dir) for name in spec["models"]]
    models.check_model_names(model_list, catalog)
    model_list = testset.with_user_inputs(model_list, arguments.get("inputs"), arguments.get("inputs_range"),
                                          launch_dir)
    combos = []
    for board, (engine, option_sets), model in itertools.product(board_list, entries, model_list):
        if any(matches(rule, board["name"], engine["name"], model["name"]) for rule in spec.get("exclude", [])):
            continue
        sets = auto_option_sets(engine, board, model) if option_sets == AUTO else option_sets
        for given in sets:
            combo = _classify(board, engine, model, given)
            if isinstance(combo, Target):
                combo.searched = option_sets == AUTO and bool(combo.variant)
            combos.append(combo)
    combos.sort(key=lambda c: c.key)
    keys = [c.key for c in combos]
    for earlier, later in zip(keys, keys[1:], strict=False):
        if earlier == later:
            raise InputError(f"combination {later} is listed twice", where=source,
                             expected="each board/engine/option set/model once",
                             fix="drop the repeated engine entry or option value")
    chosen = take_shard(keys, shard)
    return Matrix(targets=[c for c in combos if isinstance(c, Target) and c.key in chosen],
                  refused=[c for c in combos if isinstance(c, Refusal) and c.key in chosen],
                  source=source, keys=keys, shard=shard, budgets=spec.get("budgets", []),
                  thresholds=spec.get("thresholds", {}))


def _classify(board: dict[str, Any], engine: dict[str, Any], model: dict[str, Any],
              given: dict[str, str]) -> Target | Refusal:
    tags = models.tags(model)
    defaults = {k: str(v) for k, v in engines.resolve_options(engine, board, {}, tags).items()}
    named = {key: value for key, value in given.items() if defaults.get(key) != str(value)}  # its folder's name
    why = engines.supports(engine, board, model["format"], model.get("precision"))
    if why:
        return Refusal(board["name"], engine["name"], model["name"], named, why)
    try:
        options = engines.resolve_options(engine, board, given, tags)
    except Refused as exc:
        return Refusal(board["name"], engine["name"], model["name"], named, exc.what, exc)
    variant = {key: value for key, value in options.items() if defaults.get(key) != str(value)}
    return Target(board, engine, model, options, variant)


def plan(catalog: Catalog, arguments: dict[str, str], launch_dir: Path | None, names) -> Matrix:
    """The run's matrix from the arguments: matrix=FILE, or board=, engine= and model= lists."""
    shard = parse_shard(arguments["shard"]) if arguments.get("shard") else None
    if arguments.get("matrix"):
        given = [name for name in ("board", "engine", "model", "engine_opts") if arguments.get(name)]
        if given:
            raise InputError(f"matrix= and {', '.join(f'{n}=' for n in given)} are given together",
                             where="command line", expected="either a matrix file or board=/engine=/model= lists",
                             fix="put the lists in the matrix file, or drop matrix=")
        path = Path(arguments["matrix"])
        path = path if path.is_absolute() else (launch_dir or Path.cwd()) / path
        return expand(catalog, load_file(path), str(path), launch_dir, arguments, shard)
    found = expand(catalog, _from_arguments(arguments, names), "command line", launch_dir, arguments, shard)
    if not found.is_matrix and found.refused:  # one combination asked for: it cannot work, so stop
        raise found.refused[0].as_error()
    return found


def describe(matrix: Matrix) -> dict[str, Any]:
    """The matrix.json `matrix` block."""
    return {"source": matrix.source, "digest": matrix.digest, "combinations": len(matrix.keys),
            "shard": None if matrix.shard is None else {"index": matrix.shard[0], "count": matrix.shard[1]},
            "budgets": matrix.budgets, "thresholds": matrix.thresholds}

