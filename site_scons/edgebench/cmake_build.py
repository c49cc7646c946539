"""Engines with their own build system (engine.yaml `cmake`): ONNX Runtime, ncnn, MNN.

Such an engine's Conan package holds its pinned sources; its own CMake builds them here, for the
board, with a toolchain file written from the board's YAML (compilers, flags, the system it runs on),
out of tree in build/_engines/<board>/<engine>/<options>/cmake/, once per board and option set. What
its `cmake install` puts in the prefix is what the image links: the static archives engine.yaml
lists, in link order, and the headers the glue includes. The build runs beside its place and is
renamed into it when whole, so an interrupted one is never taken for a made one.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import toolchain
from .errors import InputError, SourceError

# The CMake and Ninja every engine builds with: the project's own (requirements.txt), not the
# machine's, so a board's libraries do not change with the distribution (ONNX Runtime needs 3.28).
BIN = Path(sys.executable).parent
READY = "edgebench-cmake.json"
# CMake's names for the systems a board runs (board `os`); a bare-metal board has no CMake engine.
SYSTEM_NAMES = {"linux": "Linux"}


def build_options(engine: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """The chosen options that change the build (some value of theirs gives cmake_options): one the
    glue alone reads (threads) shares the libraries of the others."""
    return {key: value for key, value in options.items()
            if any("cmake_options" in (choice or {}) for choice in engine["options"][key]["choices"].values())}


def prepare_command(engine: dict[str, Any], options: dict[str, Any]) -> list[str]:
    """The command a chosen value runs before the configure step (`cmake_prepare`), as written:
    ORT's operator reduction, which rewrites its kernel registrations for a model's operators."""
    commands = [choice["cmake_prepare"] for key, value in options.items()
                if "cmake_prepare" in (choice := engine["options"][key]["choices"][value] or {})]
    return commands[0] if commands else []


def per_model(engine: dict[str, Any], options: dict[str, Any]) -> bool:
    """Whether the chosen build reads the model's generated files ({model} in its prepare command):
    then each model has libraries of its own."""
    return any("{model}" in arg for arg in prepare_command(engine, options))


def model_inputs(engine: dict[str, Any], options: dict[str, Any]) -> list[str]:
    """The generated files the prepare command reads ({model}/<file>; all of engine.yaml's
    `generated` if it names the folder alone): a per-model build is redone when they change, not
    when the rest of the model's code does (ORT's rebuild is half an hour)."""
    named = [arg.split("{model}/", 1)[1] for arg in prepare_command(engine, options) if "{model}/" in arg]
    bare = any("{model}" in arg.replace("{model}/", "") for arg in prepare_command(engine, options))
    made = list(engine.get("generated", []))
    for name in named:
        if name not in made:
            key, value = next((k, v) for k, v in options.items()
                              if "cmake_prepare" in (engine["options"][k]["choices"][v] or {}))
            raise InputError(f"the prepare command reads {{model}}/{name}, which the converter does not make",
                             where=f"{engine.get('file', engine['name'])}: field 'options.{key}.choices.{value}."
                                   "cmake_prepare'",
                             expected=f"one of the files engine.yaml `generated` lists: {', '.join(made) or '(none)'}",
                             fix="name a generated file, or list it in `generated` and make the converter write it")
    return made if bare else named


def folder(build_dir: Path, board: dict[str, Any], engine: dict[str, Any], options: dict[str, Any],
           model: str | None = None) -> Path:
    from .engines import default_value
    from .kernels import library_root  # kernels imports the frontends; only this path is shared
    chosen = build_options(engine, options)
    # named by the values that are not the board's defaults, as a target's folder is (an option
    # that gains a build variant keeps its default build where it was)
    features = set(board["cpu"]["features"])
    named = ",".join(f"{key}={value}" for key, value in sorted(chosen.items())
                     if value != default_value(engine["options"][key], features)) or "default"
    place = library_root(build_dir, board["name"], engine["name"]) / named
    if per_model(engine, chosen):
        if model is None:
            raise ValueError(f"the CMake build of {engine['name']} with these options is a model's own: name the model")
        place = place / model
    return place / "cmake"


def definitions(engine: dict[str, Any], options: dict[str, Any], board: dict[str, Any]) -> dict[str, str]:
    """The -D values of the engine's configure step: its own, those of rules whose `when` features
    the board has, then those of its chosen option values."""
    spec = engine["cmake"]
    features = set(board["cpu"]["features"])
    values = dict(spec.get("options") or {})
    for rule in spec.get("platform_options", []):
        if set(rule["when"]) <= features:
            values.update(rule["options"])
    for key, value in options.items():
        values.update((engine["options"][key]["choices"][value] or {}).get("cmake_options", {}))
    return {name: _text(value) for name, value in values.items()}


def _text(value: Any) -> str:
    """YAML's booleans as CMake writes them."""
    return ("ON" if value else "OFF") if isinstance(value, bool) else str(value)


def toolchain_file(board: dict[str, Any], engine: dict[str, Any], options: dict[str, Any],
                   prefix_maps: list[str]) -> str:
    """A CMake toolchain file for the board: its compilers, the flags every source of the target is
    compiled with (toolchain.common_flags, so the engine's code is built as the harness is), and, for
    a board that is not this PC, the system and processor it runs, which engines' CMake reads to pick
    their kernels (ncnn and MNN choose their ARM code by CMAKE_SYSTEM_PROCESSOR)."""
    compilers = toolchain.compiler(board)
    lines = ["# Written by edgebench from the board's YAML (site_scons/edgebench/cmake_build.py)."]
    if board["os"] != "host":
        where = f"board '{board['name']}': field 'os'"
        if board["os"] not in SYSTEM_NAMES:
            raise InputError(f"engine '{engine['name']}' builds with CMake for an operating system; "
                             f"the board runs {board['os']}", where=where,
                             expected=f"one of {', '.join(SYSTEM_NAMES)} or host",
                             fix="choose a board with Linux user space (pynq_z2) or the host")
        processor = board["toolchain"].get("system_processor")
        if not processor:
            raise InputError("the board names no system processor, which CMake engines build for",
                             where=f"board '{board['name']}': field 'toolchain.system_processor'",
                             expected="what `uname -m` prints on the board (armv7l on a Cortex-A9's Linux)",
                             fix="add toolchain.system_processor to the board's YAML")
        lines += [f"set(CMAKE_SYSTEM_NAME {SYSTEM_NAMES[board['os']]})", f"set(CMAKE_SYSTEM_PROCESSOR {processor})"]
        sysroot = board["toolchain"].get("sysroot")
        if sysroot:
            lines.append(f"set(CMAKE_SYSROOT {_quoted(sysroot)})")
        lines += ["set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)", "set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)",
                  "set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)", "set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)"]
    # -g0 last: what links from the archives is counted as the engine's by where it lies, not by debug
    # information, which would be most of the image (MNN's: 120 MB, minutes for the size report)
    common = [*toolchain.common_flags(board, engine, build_options(engine, options)), "-g0"]
    c_flags = " ".join([*toolchain.C_ONLY_FLAGS, *common])
    cxx_flags = " ".join([*toolchain.cxx_only_flags(board, engine), *common])
    # The prefix maps name this checkout's folders: they go in the Release flags (the build type is
    # always Release), which a project does not record, where CMAKE_<LANG>_FLAGS can be (ONNX
    # Runtime compiles them into a build-info string, and the library changed with the checkout).
    maps = " ".join(prefix_maps)
    link = " ".join(board["toolchain"]["cflags"])
    lines += [f"set(CMAKE_C_COMPILER {_quoted(shutil.which(compilers['CC']) or compilers['CC'])})",
              f"set(CMAKE_CXX_COMPILER {_quoted(shutil.which(compilers['CXX']) or compilers['CXX'])})",
              f"set(CMAKE_AR {_quoted(shutil.which(compilers['AR']) or compilers['AR'])})",
              f"set(CMAKE_RANLIB {_quoted(shutil.which(compilers['RANLIB']) or compilers['RANLIB'])})",
              f"set(CMAKE_C_FLAGS_INIT {_quoted(c_flags)})",
              f"set(CMAKE_CXX_FLAGS_INIT {_quoted(cxx_flags)})",
              f"set(CMAKE_C_FLAGS_RELEASE_INIT {_quoted(maps)})",
              f"set(CMAKE_CXX_FLAGS_RELEASE_INIT {_quoted(maps)})",
              f"set(CMAKE_EXE_LINKER_FLAGS_INIT {_quoted(link)})"]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def configuration(board: dict[str, Any], engine: dict[str, Any], options: dict[str, Any],
                  package: Path, prefix_maps: list[str], model_dir: Path | None = None) -> dict[str, Any]:
    """Everything the build's result depends on besides the package's files: what SCons compares
    to decide whether the libraries are up to date. `{package}` in a -D value is the package's
    folder (where a project finds the dependencies its recipe brought, ONNX Runtime's
    FETCHCONTENT_SOURCE_DIR_*); the report keeps the placeholder, which is the same everywhere.
    A prepare command's {package}, {model} (the model's generated folder) and {python} (edgebench's
    Python) are filled in here, its {build} (the build tree) when it runs."""
    spec = engine["cmake"]
    options = build_options(engine, options)
    values = {name: value.replace("{package}", str(package))
              for name, value in definitions(engine, options, board).items()}
    config = {"toolchain": toolchain_file(board, engine, options, prefix_maps),
              "definitions": values, "source": str(package / spec.get("source", ".")),
              "targets": spec.get("targets", []), "libraries": spec["libraries"],
              "include_dirs": spec.get("include_dirs", []), "cmake": cmake_version()}
    prepare = prepare_command(engine, options)
    if prepare:
        fills = {"{package}": str(package), "{model}": str(model_dir), "{python}": sys.executable}
        config["prepare"] = [functools.reduce(lambda text, fill: text.replace(*fill), fills.items(), arg)
                             for arg in prepare]
    if "collect" in spec:
        ar = toolchain.compiler(board)["AR"]
        config.update(collect=spec["collect"], ar=shutil.which(ar) or ar)
    return config


@functools.cache
def cmake_version() -> str:
    try:
        done = subprocess.run([str(BIN / "cmake"), "--version"], capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SourceError(f"the project's CMake ({BIN / 'cmake'}) does not run: {exc}; run setup.sh") from exc
    return done.stdout.split("\n", 1)[0].strip()


def build(place: Path, config: dict[str, Any], jobs: int, label: str) -> list[Path]:
    """Configure, build and install into `place` (build/ and install/ beneath it); the libraries."""
    start = time.monotonic()
    tmp = place.with_name(f"{place.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "build").mkdir(parents=True)
    toolchain_path = tmp / "toolchain.cmake"
    toolchain_path.write_text(config["toolchain"])
    log = tmp / "cmake.log"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    # The same libraries from any checkout: no timestamps or absolute paths of this build in them.
    env["SOURCE_DATE_EPOCH"] = "0"
    configure = [str(BIN / "cmake"), "-G", "Ninja", "-S", config["source"], "-B", str(tmp / "build"),
                 f"-DCMAKE_TOOLCHAIN_FILE={toolchain_path}", "-DCMAKE_BUILD_TYPE=Release",
                 f"-DCMAKE_INSTALL_PREFIX={tmp / 'install'}", "-DCMAKE_INSTALL_LIBDIR=lib",
                 "-DCMAKE_MAKE_PROGRAM=" + str(BIN / "ninja"),
                 *(f"-D{name}={value}" for name, value in sorted(config["definitions"].items()))]
    targets = [arg for target in config["targets"] for arg in ("--target", target)]
    prepare = [[arg.replace("{build}", str(tmp / "build")) for arg in config.get("prepare", [])]]
    prepare = prepare if prepare[0] else []
    steps = [*prepare, configure, [str(BIN / "cmake"), "--build", str(tmp / "build"), "-j", str(jobs), *targets],
             [str(BIN / "cmake"), "--install", str(tmp / "build")]]
    print(f"edgebench: building {label} with its CMake (once per board and option set; log {place / 'cmake.log'})",
          flush=True)
    try:
        with log.open("w") as out:
            for step in steps:
                out.write("$ " + " ".join(step) + "\n")
                out.flush()
                done = subprocess.run(step, stdout=out, stderr=subprocess.STDOUT, env=env, check=False)
                if done.returncode != 0:
                    raise SourceError(f"building {label} with CMake failed (exit {done.returncode}) in: "
                                      f"{' '.join(step[:4])} ...\n{_tail(log)}\n(the whole log: "
                                      f"{place.with_name(place.name + '.failed.log')})")
        if config.get("collect"):
            _collect(tmp / "build", tmp / "install", config["collect"], config["ar"], label)
        libraries = [tmp / "install" / name for name in config["libraries"]]
        missing = [str(path.relative_to(tmp / "install")) for path in libraries if not path.is_file()]
        if missing:
            raise SourceError(f"building {label} with CMake installed no {', '.join(missing)} (engine.yaml "
                              f"cmake.libraries); the install prefix holds: {_listing(tmp / 'install')}")
        seconds = round(time.monotonic() - start, 1)
        (tmp / READY).write_text(json.dumps({"label": label, "seconds": seconds, "digest": digest(config),
                                             "files": _hashes(tmp / "install")}))
        shutil.rmtree(tmp / "build")  # the objects are in the archives; the tree is 10x their size
        shutil.rmtree(place, ignore_errors=True)
        tmp.replace(place)
        place.with_name(place.name + ".failed.log").unlink(missing_ok=True)  # an earlier failure's
    except BaseException:
        _keep_log(log, place)
        shutil.rmtree(tmp, ignore_errors=True)
        # what was there (SCons's empty folders for the targets, or libraries of earlier inputs)
        # does not describe these inputs
        shutil.rmtree(place, ignore_errors=True)
        raise
    print(f"edgebench: built {label} in {seconds:.0f} s", flush=True)
    return [place / "install" / name for name in config["libraries"]]


def _collect(build_tree: Path, install: Path, spec: dict[str, Any], ar: str, label: str) -> None:
    """Static archives the install does not give (a project's dependencies, built in its tree) merged
    into one archive in the install prefix: inside one archive the linker resolves the members'
    references to each other whatever their order."""
    found: list[Path] = []
    for pattern in spec["from"]:
        matched = sorted(build_tree.glob(pattern))
        if not matched:
            raise SourceError(f"building {label} with CMake made no '{pattern}' (engine.yaml cmake.collect.from) "
                              "in its build tree")
        found += [path for path in matched if path not in found]
    into = install / spec["into"]
    into.parent.mkdir(parents=True, exist_ok=True)
    # ar's MRI scripts take no '=' or ',' in a path (our folders have both): plain names in a folder
    merging = build_tree / "eb_collect"
    merging.mkdir()
    for index, path in enumerate(found):
        (merging / f"{index}.a").symlink_to(path)
    script = "".join(["CREATE merged.a\n", *(f"ADDLIB {index}.a\n" for index in range(len(found))), "SAVE\nEND\n"])
    done = subprocess.run([ar, "-M"], input=script, cwd=merging, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (merging / "merged.a").is_file():
        raise SourceError(f"merging {len(found)} archives of {label} into {spec['into']} failed: "
                          f"{(done.stdout + done.stderr)[-2000:]}")
    (merging / "merged.a").replace(into)


def _hashes(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def damage(place: Path) -> str | None:
    """What changed in a made build's install prefix since it was made (a header edited, a file
    gone or added), or None. SCons checks the archives it knows; the headers the glue includes
    are checked here, against the list the build recorded."""
    try:
        recorded = json.loads((place / READY).read_text())["files"]
    except (OSError, ValueError, KeyError):
        return None  # not made: SCons builds it
    found = _hashes(place / "install")
    changed = sorted(set(recorded) ^ set(found) | {name for name in recorded if found.get(name) != recorded[name]})
    return f"{changed[0]} and {len(changed) - 1} more" if len(changed) > 1 else (changed[0] if changed else None)


def build_seconds(library: Path) -> tuple[Path, float] | None:
    """For a file a CMake build installed: that build's folder and how long it took, as the build
    recorded it (a step made in an earlier run, even one that kept no timings, still took that long)."""
    for parent in library.parents:
        if parent.name == "install":
            try:
                return parent.parent, float(json.loads((parent.parent / READY).read_text())["seconds"])
            except (OSError, ValueError, KeyError, TypeError):
                return None
    return None


def digest(config: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:16]


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def _keep_log(log: Path, place: Path) -> None:
    """A failed build's log stays beside where the build would have gone, for the user to read."""
    try:
        place.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(log, place.with_name(place.name + ".failed.log"))
    except OSError:
        pass


def _listing(root: Path) -> str:
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and not p.suffix == ".h")
    return ", ".join(files[:20]) or "nothing"
