"""Engines: engines/<name>/engine.yaml, validated on load, and option resolution.

An engine declares its options as data (default by board feature, allowed
values and what each needs); a user overrides them with engine_opts=. Options
that cannot work on a board are refused here, before anything compiles.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import datafile, kernels, references
from .boards import feature_vocabulary
from .errors import InputError, Refused, did_you_mean

Engine = dict[str, Any]


def load_engine(path: Path) -> Engine:
    engine = datafile.load(path, "engine")
    folder = path.parent
    if engine["name"] != folder.name:
        raise InputError(f"name '{engine['name']}' differs from the folder name", where=f"{path}: field 'name'",
                         expected=f"'{folder.name}'")
    for field in ("glue", "converter"):
        for item in engine[field] if field == "glue" else [engine[field]]:
            if not (folder / item).is_file():
                raise InputError(f"'{item}' does not exist in {folder}", where=f"{path}: field '{field}'",
                                 fix="name a file in the engine's folder")
    _check_vocabulary(engine, path)
    references.check_engine(engine, path)
    kernels.check_patterns(engine, path)
    engine["folder"] = folder
    engine["file"] = path
    return engine


def vocabulary() -> set[str]:
    """What `requires` and `when` may name: a board feature (the board schema's list) or a
    model tag (model_<precision>, the model schema's list)."""
    precisions = datafile.schema("model")["properties"]["precision"]["enum"]
    return feature_vocabulary() | {f"model_{p}" for p in precisions}


def _check_vocabulary(engine: Engine, path: Path) -> None:
    """A word no board or model can have would make an option silently unreachable."""
    words = vocabulary()
    named = [("requires.features", engine.get("requires", {}).get("features", []))]
    for key, option in engine.get("options", {}).items():
        default = option["default"] if isinstance(option["default"], list) else []
        named += [(f"options.{key}.default.{i}.when", rule.get("when", [])) for i, rule in enumerate(default)]
        named += [(f"options.{key}.choices.{value}.requires", (choice or {}).get("requires", []))
                  for value, choice in option["choices"].items()]
    for field, items in named:
        for word in items:
            if word not in words:
                raise InputError(f"'{word}' is neither a board feature nor a model tag{did_you_mean(word, words)}",
                                 where=f"{path}: field '{field}'", expected=f"one of: {', '.join(sorted(words))}",
                                 fix="use the board schema's feature names (site_scons/edgebench/schemas/"
                                     "board.schema.json) or model_<precision>")


def parse_engine_opts(text: str) -> dict[str, str]:
    """'a=1,b=x' -> {'a': '1', 'b': 'x'}."""
    opts: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise InputError(f"'{item}' is not KEY=VALUE", where="argument engine_opts",
                             expected="engine_opts=KEY=VALUE[,KEY=VALUE...]", fix="e.g. engine_opts=method=inline")
        key = key.strip().lower()
        if key in opts:
            raise InputError(f"option '{key}' is given twice ({key}={opts[key]} and {key}={value.strip()})",
                             where="argument engine_opts", expected="each option once", fix="drop one of them")
        opts[key] = value.strip()
    return opts


def default_value(option: dict[str, Any], features: set[str]) -> Any:
    """An option's default for a board (and model) with these features."""
    default = option["default"]
    if not isinstance(default, list):
        return default
    for rule in default:
        if set(rule.get("when", [])) <= features:
            return rule["value"]
    return default[-1]["value"]


def resolve_options(engine: Engine, board: dict[str, Any], overrides: dict[str, str],
                    model_tags: set[str] | None = None) -> dict[str, Any]:
    """The engine's options for this board and model: defaults by board feature and model tag
    (e.g. model_int8), then the user's overrides, checked."""
    declared = engine.get("options", {})
    where = f"argument engine_opts (engine {engine['name']})"
    for key in overrides:
        if key not in declared:
            raise InputError(f"engine '{engine['name']}' has no option '{key}'{did_you_mean(key, declared)}",
                             where=where, expected=f"one of: {', '.join(sorted(declared)) or '(none)'}")
    features = set(board["cpu"]["features"]) | (model_tags or set())
    resolved = {}
    for key, option in declared.items():
        value = overrides.get(key, default_value(option, features))
        choices = {str(c): c for c in option["choices"]}
        if str(value) not in choices:
            raise InputError(f"option {key}={value} is not allowed{did_you_mean(str(value), choices)}",
                             where=where, expected=f"one of: {', '.join(choices)}")
        _check_requires(key, str(value), option["choices"][choices[str(value)]] or {}, board, features, where)
        resolved[key] = choices[str(value)]
    return resolved


def _check_requires(key: str, value: str, choice: dict[str, Any], board: dict[str, Any], features: set[str],
                    where: str) -> None:
    missing = set(choice.get("requires", [])) - features
    why = f" ({choice['why']})" if "why" in choice else ""
    fix = f"pick another {key} or leave it to its default for this board and model"
    model_needs = sorted(m.removeprefix("model_") for m in missing if m.startswith("model_"))
    board_needs = sorted(m for m in missing if not m.startswith("model_"))
    needs = []
    if board_needs:
        needs.append(f"board feature(s) {', '.join(board_needs)}, which board '{board['name']}' does not have")
    if model_needs:
        needs.append(f"{'an' if model_needs[0][0] in 'aeiou' else 'a'} {' and '.join(model_needs)} model")
    if needs:
        raise Refused(f"option {key}={value} needs {' and '.join(needs)}{why}", where=where, fix=fix)
    if "broken" in choice:
        raise Refused(f"option {key}={value} cannot work: {choice['broken']}", where=where, fix=fix)


def option_cflags(engine: Engine, options: dict[str, Any]) -> list[str]:
    flags: list[str] = []
    for key, value in options.items():
        choice = engine["options"][key]["choices"][value] or {}
        flags += choice.get("cflags", [])
    return flags


def supports(engine: Engine, board: dict[str, Any], model_format: str, precision: str | None = None) -> str | None:
    """Why this engine cannot serve this board and model, or None if it can."""
    requires = engine.get("requires", {})
    if requires.get("os") and board["os"] not in requires["os"]:
        return (f"engine '{engine['name']}' runs on {', '.join(requires['os'])}, "
                f"board '{board['name']}' is {board['os']}")
    missing = set(requires.get("features", [])) - set(board["cpu"]["features"])
    if missing:
        return f"engine '{engine['name']}' needs {', '.join(sorted(missing))}, which board '{board['name']}' lacks"
    if model_format not in engine["formats"]:
        return f"engine '{engine['name']}' takes {', '.join(engine['formats'])} models, not {model_format}"
    if precision and precision not in engine.get("precisions", [precision]):
        return f"engine '{engine['name']}' takes {' and '.join(engine['precisions'])} models, not {precision}"
    return None


def platform_cflags(engine: Engine, board: dict[str, Any]) -> list[str]:
    """The engine's flags for this board's core (engine.yaml platform_cflags: every rule whose
    `when` features the board has)."""
    features = set(board["cpu"]["features"])
    return [flag for rule in engine.get("platform_cflags", []) if set(rule["when"]) <= features
            for flag in rule["flags"]]


def code_lines(path: Path) -> int:
    """Lines of a C/C++ file that hold code: not blank, not only a comment."""
    text = re.sub(r"//[^\n]*|/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), path.read_text(), flags=re.S)
    return sum(1 for line in text.splitlines() if line.strip())


def deploy_effort(engine: Engine, variant: dict[str, Any]) -> dict[str, Any]:
    """What a user writes to deploy this engine: its glue (the harness protocol's side of the engine,
    the code an application needs around it) and the model code templates its converter fills, in
    lines of code; and the options set away from their defaults."""
    folder = Path(engine["folder"])
    templates = [folder / f"{name}.in" for name in engine.get("generated", []) if (folder / f"{name}.in").is_file()]
    return {"glue_lines": sum(code_lines(folder / name) for name in engine["glue"]),
            "template_lines": sum(code_lines(path) for path in templates), "options_set": len(variant)}
