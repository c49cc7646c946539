"""Engines built as a library plus the kernels a model needs (engine.yaml `library`, `kernels`,
`operators`).

Such an engine is compiled in two parts, both shared by every model on one board and option set:
a static archive of its core, and one object per kernel file, of which a model links only those
defining the registrations its operators take. What the engine can run, and which registration
each operator takes, is read from the engine's own sources with the patterns engine.yaml gives, so
a new upstream version brings its operators with it. An option value may specialise kernel files
(a file of the same name in another folder replaces the portable one, as TFLM's Makefile does for
CMSIS-NN) and add sources, include folders and defines. Kernel helpers and an option's `called`
sources are compiled for the models whose kernels reach them (callgraph), not for every model.
"""
from __future__ import annotations

import fnmatch
import re
from functools import cache
from pathlib import Path
from typing import Any

from . import callgraph
from .errors import InputError, Refused
from .fetch import cached
from .frontends.tflite_graph import operator_kinds
from .sources import engine_paths

Engine = dict[str, Any]
# build/LIBRARY_DIR/<board>/<engine>/<options>/ holds an engine's archive and kernel objects (the size
# report counts what links from there as the engine's); beside build/_models and build/_tools, where no
# board or model folder can be (board names do not start with '_').
LIBRARY_DIR = "_engines"


def library_root(build_dir: Path, board_name: str, engine_name: str) -> Path:
    return Path(build_dir) / LIBRARY_DIR / board_name / engine_name


def has_library(engine: Engine) -> bool:
    return "library" in engine


def chosen(engine: Engine, options: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(dotted field prefix, choice) for each chosen option value."""
    return [(f"options.{key}.choices.{value}", engine["options"][key]["choices"][value] or {})
            for key, value in options.items()]


def _excluded(path: Path, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns)


def _specialised(files: list[Path], engine: Engine, options: dict[str, Any], folders: dict[str, Path]) -> list[Path]:
    """Each file replaced by the file of the same name in a chosen option's `specialize` folder."""
    for field, choice in chosen(engine, options):
        if "specialize" in choice:
            (folder,) = engine_paths(engine, f"{field}.specialize", folders)
            if not folder.is_dir():
                raise InputError(f"'{choice['specialize']}' is not a folder of the package",
                                 where=f"{engine['file']}: field '{field}.specialize'",
                                 fix="name a folder of kernel files in the engine's package")
            files = [folder / f.name if (folder / f.name).is_file() else f for f in files]
    return files


def library_sources(engine: Engine, options: dict[str, Any], folders: dict[str, Path]) -> list[Path]:
    """The archive's sources: the library's own and the chosen options' additions."""
    files = [f for f in engine_paths(engine, "library.sources", folders)
             if not _excluded(f, engine["library"].get("exclude", []))]
    for field, choice in chosen(engine, options):
        files += [f for f in engine_paths(engine, f"{field}.sources", folders)
                  if not _excluded(f, choice.get("exclude", []))]
    return sorted(set(files))


def model_sources(engine: Engine, options: dict[str, Any], folders: dict[str, Path],
                  operators: list[str]) -> list[Path]:
    """What a model compiles beside the archive: the kernel files its operators take, then the
    sources those reach by the names they use (callgraph): kernel files that register nothing
    (helpers such as conv_common.cc) and the chosen options' `called` sources (CMSIS-NN's C
    functions). The archive's sources count as reaching too, so whatever of it links finds them."""
    files = model_kernels(engine, options, folders, operators)
    reachable = [f for f, names in _registrations(engine, options, folders).items() if not names]
    headers: list[Path] = []
    for field, choice in chosen(engine, options):
        if "called" in choice:
            reachable += [f for f in engine_paths(engine, f"{field}.called.sources", folders)
                          if not _excluded(f, choice["called"].get("exclude", []))]
            headers += engine_paths(engine, f"{field}.called.headers", folders)
    return files + callgraph.reached([*files, *library_sources(engine, options, folders)], reachable, headers)


def _kernel_files(engine: Engine, options: dict[str, Any], folders: dict[str, Path]) -> list[Path]:
    spec = engine["kernels"]
    base = [f for f in engine_paths(engine, "kernels.sources", folders) if not _excluded(f, spec.get("exclude", []))]
    return _specialised(base, engine, options, folders)


def _registrations(engine: Engine, options: dict[str, Any], folders: dict[str, Path]) -> dict[Path, list[str]]:
    """Kernel file -> the registrations it defines."""
    pattern = engine["kernels"]["registration"]
    return {f: _defined(f, pattern) for f in _kernel_files(engine, options, folders)}


@cache
def _defined(path: Path, pattern: str) -> list[str]:
    return re.findall(pattern, path.read_text(errors="replace"), re.M)


# engine.yaml's patterns: field -> (fewest groups, most groups). Group 1 of `method` is the method's
# name; the others are read with findall, whose one group is the name found.
PATTERNS = {"kernels.registration": (1, 1), "operators.method": (1, 99), "operators.op": (1, 1),
            "operators.registration": (1, 1)}


def check_patterns(engine: Engine, path: Path) -> None:
    """Every pattern engine.yaml gives compiles and has the groups it is read by (when it is loaded)."""
    for field, (fewest, most) in PATTERNS.items():
        part, key = field.split(".")
        if key not in engine.get(part, {}):
            continue
        try:
            groups = re.compile(engine[part][key]).groups
        except re.error as exc:
            raise InputError(f"not a regular expression: {exc}", where=f"{path}: field '{field}'",
                             expected="a Python regular expression", fix="correct it (quote it in single quotes in "
                                                                         "YAML, so backslashes stay)") from exc
        if not fewest <= groups <= most:
            raise InputError(f"the pattern has {groups} group(s)", where=f"{path}: field '{field}'",
                             expected="exactly one group, the name it finds" if most == 1 else
                             "group 1 the method's name, then the groups its text is read from",
                             fix="make the other groups non-capturing: (?:...)")


def supported(engine: Engine, folders: dict[str, Path]) -> dict[str, dict[str, str]]:
    """{operator: {'method': how the op resolver adds it, 'registration': the one it takes by default}}."""
    spec = engine["operators"]
    (header,) = engine_paths(engine, "operators.file", folders)
    where = f"{engine['file']}: field 'operators"
    if not header.is_file():
        raise InputError(f"'{spec['file']}' is not a file of the package", where=where + ".file'",
                         expected="the engine's op resolver header", fix="name the header that lists its operators")
    found = _catalogue(header, spec["method"], spec["op"], spec["registration"])
    if not found:
        raise InputError(f"the pattern finds no operator in {spec['file']}", where=where + ".method'",
                         expected=f"methods whose text names one operator ({spec['op']})",
                         fix="check operators.method and operators.op against the header")
    return found


@cache
def _catalogue(header: Path, method: str, op: str, registration: str) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for match in re.finditer(method, header.read_text(errors="replace")):
        text = "".join(match.groups()[1:])
        ops, registrations = re.findall(op, text), re.findall(registration, text)
        if len(ops) == 1 and ops[0] != "CUSTOM":
            found[ops[0]] = {"method": match.group(1), "registration": registrations[0] if registrations else ""}
    return found


def check_operators(engine: Engine, folders: dict[str, Path], model: dict[str, Any], operators: list[str]) -> None:
    """Refuse, before compiling, a model with an operator the engine lacks."""
    known = supported(engine, folders)
    missing = [op for op in dict.fromkeys(operators) if op not in known]
    if missing:
        raise Refused(f"engine '{engine['name']}' has no kernel for operator(s) {', '.join(missing)} "
                         f"of model '{model['name']}'", where=str(model.get("file", model["name"])),
                         expected=f"operators of {engine['name']}'s op resolver "
                                  f"({engine['operators']['file']}; {len(known)} of them)",
                         fix="pick another engine for this model, or a model without those operators")


def check_target(engine: Engine, options: dict[str, Any], folders: dict[str, Path], model: dict[str, Any],
                 operators: list[str]) -> None:
    """Everything a target of an engine with an operator catalogue is built from can be found: the
    model's operators, the kernel files they need and the library's sources (before compiling)."""
    check_operators(engine, folders, model, operators)
    if has_library(engine):
        model_sources(engine, options, folders, operators)


def model_kernels(engine: Engine, options: dict[str, Any], folders: dict[str, Path],
                  operators: list[str]) -> list[Path]:
    """The kernel files that define the registrations the model's operators take."""
    known = supported(engine, folders)
    wanted = {known[op]["registration"] for op in operators if known.get(op, {}).get("registration")}
    files = [f for f, names in _registrations(engine, options, folders).items() if wanted & set(names)]
    found = {name for f in files for name in _registrations(engine, options, folders)[f]}
    if wanted - found:
        raise InputError(f"no kernel file of engine '{engine['name']}' defines "
                         f"{', '.join(sorted(wanted - found))}",
                         where=f"{engine['file']}: field 'kernels'",
                         expected="files matching kernels.sources whose text matches "
                                  f"{engine['kernels']['registration']}",
                         fix="check kernels.sources and kernels.registration against the engine's sources")
    return files


def option_include_dirs(engine: Engine, options: dict[str, Any], folders: dict[str, Path]) -> list[Path]:
    return [d for field, _ in chosen(engine, options) for d in engine_paths(engine, f"{field}.include_dirs", folders)]


def model_operators(model: dict[str, Any], conan_home: Path) -> list[str]:
    """The model's operators, read when the build is planned (kernels and refusals depend on them):
    a manifest's pinned file is fetched into the download cache for it."""
    source = model["source"]
    path = Path(source["path"]) if "path" in source else cached(source["url"], source["sha256"], conan_home)
    return list(dict.fromkeys(operator_kinds(path)))


def resolver_methods(engine: Engine, folders: dict[str, Path], operators: list[str]) -> dict[str, str]:
    """{operator: the op resolver's method for it}, in the model's order (for the converter)."""
    known = supported(engine, folders)
    return {op: known[op]["method"] for op in operators}
