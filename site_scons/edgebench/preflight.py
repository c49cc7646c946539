"""What the machine must have before anything builds: every tool a board names
installed (and which Debian package installs it), every QEMU machine and CPU
known to its QEMU binary, and a usable Conan home.

Without these checks a missing compiler fails mid-build with a raw
"not found", and an unknown machine fails the run with "exit status 1" and
QEMU's reason buried in run.json. QEMU's lists are cached per binary (path,
size and mtime), so an up-to-date build does not start QEMU.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from . import datafile, fetch, toolchain
from .catalog import Catalog
from .errors import InputError, did_you_mean

PACKAGES_FILE = Path(__file__).resolve().parents[2] / "toolchains" / "packages.yaml"
# The QEMU instruction-count plugin is compiled with the host compiler for every target.
HOST_TOOLS = ("gcc",)


def check(targets: Iterable[Any], catalog: Catalog, conan_home: Path, cache_dir: Path) -> None:
    """Raise InputError on the first thing this machine lacks for `targets` (cli.Target)."""
    check_conan_home(conan_home)
    targets = list(targets)
    boards = {t.board["name"]: t.board for t in targets}
    paths = catalog.boards()
    cxx = cxx_boards(targets, paths)
    check_tools([(paths[name], board) for name, board in boards.items()], cxx)
    check_cxx_files([(paths[name], boards[name]) for name in cxx])
    for name, board in boards.items():
        check_emulator(board, paths[name], cache_dir)


def check_conan_home(home: Path) -> None:
    """The home (EDGEBENCH_CONAN_HOME, or .edgebench/conan2) is a directory or can become one,
    and its global.conf reads."""
    where = f"Conan home {home} (EDGEBENCH_CONAN_HOME)" if "EDGEBENCH_CONAN_HOME" in os.environ \
        else f"Conan home {home}"
    existing = next(p for p in (home, *home.parents) if p.exists())
    if not existing.is_dir():
        what = "is a file" if existing == home else f"is inside {existing}, which is a file"
        raise InputError(f"{home} {what}", where=where, expected="a directory (created if missing)",
                         fix="point EDGEBENCH_CONAN_HOME at a directory, or unset it for .edgebench/conan2")
    fetch.mirrors(home)


def debian_packages(path: Path = PACKAGES_FILE) -> dict[str, str]:
    """command -> the Debian package that installs it."""
    return datafile.load_yaml(path)


def _tools(board: dict[str, Any], cxx: bool = False) -> list[tuple[str, str]]:
    """(command, the field that names it) for one board; with its C++ compiler for a C++ engine."""
    tools = [(f"{board['toolchain']['prefix']}gcc", "field 'toolchain.prefix'")]
    if cxx:
        tools.append((f"{board['toolchain']['prefix']}g++", "field 'toolchain.prefix', for a C++ engine"))
    for field, emulator in _stand_ins(board):
        tools.append((emulator["qemu"], f"field '{field}.qemu'"))
    return tools


def _stand_ins(board: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(field, emulator) for the board's stand-in and the one its probe images run on, if it names one."""
    emulator = board["emulator"] or {}
    return [(field, stand_in) for field, stand_in in (("emulator", emulator), ("emulator.probe", emulator.get("probe")))
            if stand_in]


def check_tools(boards: list[tuple[Path, dict[str, Any]]], cxx: Collection[str] = ()) -> None:
    """Every command the boards name (with their C++ compilers for the boards named in `cxx`) is on
    PATH; the error lists each missing one and its package."""
    missing: dict[str, str] = {}
    for command in HOST_TOOLS:
        if shutil.which(command) is None:
            missing[command] = "the host compiler, for the QEMU plugin"
    for path, board in boards:
        for command, field in _tools(board, board["name"] in cxx):
            if command not in missing and shutil.which(command) is None:
                missing[command] = f"{path}: {field}"
    if missing:
        packages = debian_packages()
        lines = [f"'{command}' ({where}): {_package_hint(command, packages)}" for command, where in missing.items()]
        wanted = sorted({packages[c] for c in missing if c in packages})
        raise InputError("not installed:\n    " + "\n    ".join(lines), where="tools on PATH",
                         expected="every compiler and emulator the boards name, on PATH",
                         fix=(f"sudo apt-get install {' '.join(wanted)} (bash setup.sh installs them all)"
                              if wanted else "install them, or correct the board file"))


def cxx_boards(targets: list[Any], paths: dict[str, Path]) -> list[str]:
    """The boards that build a C++ engine; refused where the board's C library flavour names no C++
    support for its compiler (toolchains/libc.yaml, cxx), before anything compiles."""
    names: list[str] = []
    for target in targets:
        if not toolchain.uses_cxx(target.engine) or target.board["name"] in names:
            continue
        if toolchain.cxx_support(target.board) is None:
            raise _no_cxx(target.board, target.engine, paths[target.board["name"]])
        names.append(target.board["name"])
    return names


def _no_cxx(board: dict[str, Any], engine: dict[str, Any], path: Path) -> InputError:
    libc, prefix = board["toolchain"]["libc"], board["toolchain"]["prefix"]
    known = sorted(f"'{p}g++'" for p in (toolchain.load_libcs()[libc].get("cxx") or {}))
    return InputError(
        f"engine '{engine['name']}' is C++ ({toolchain.cxx_sources(engine)[0]}), and board '{board['name']}' "
        f"cannot build C++: its C library flavour '{libc}' names no C++ support for '{prefix}g++'",
        where=f"{path}: field 'toolchain'",
        expected=f"a compiler that toolchains/libc.yaml lists under {libc}.cxx"
                 + (f" ({', '.join(known)})" if known else " (it lists none)"),
        fix="choose a C engine for this board, or add how its compiler builds C++ to toolchains/libc.yaml")


def check_cxx_files(boards: list[tuple[Path, dict[str, Any]]]) -> None:
    """What each board's C++ support needs (toolchains/libc.yaml, cxx.<prefix>.needs) is installed;
    the error names every missing file and its Debian package."""
    missing: dict[str, tuple[str, str]] = {}
    for path, board in boards:
        for need in toolchain.cxx_support(board).get("needs", []):
            found = needed_file(need["file"], board)
            if not (found.is_absolute() and found.is_file()):
                missing.setdefault(str(found), (f"{need['what']}, for C++ on {path.name}", need["package"]))
    if missing:
        lines = [f"'{file}' ({what}): Debian package {package}" for file, (what, package) in missing.items()]
        wanted = sorted({package for _, package in missing.values()})
        raise InputError("not installed:\n    " + "\n    ".join(lines), where="C++ libraries and headers",
                         expected="what each board's compiler builds C++ with (toolchains/libc.yaml, cxx)",
                         fix=f"sudo apt-get install {' '.join(wanted)} (bash setup.sh installs them all)")


def needed_file(pattern: str, board: dict[str, Any]) -> Path:
    """Where a file C++ needs should be: a bare name is where the board's C++ compiler finds it
    (-print-file-name answers the bare name when it finds nothing); an absolute path may hold
    {multilib}, the multilib folder the board's flags select (picolibc's libraries are laid out by it,
    and its specs add their folder only when linking, so -print-file-name cannot see them)."""
    if "/" not in pattern:
        return Path(_ask_compiler(f"{board['toolchain']['prefix']}g++", board, f"-print-file-name={pattern}"))
    if "{multilib}" in pattern:
        multilib = _ask_compiler(f"{board['toolchain']['prefix']}gcc", board, "-print-multi-directory")
        pattern = pattern.replace("{multilib}", multilib)
    return Path(pattern)


def _ask_compiler(command: str, board: dict[str, Any], question: str) -> str:
    libc = toolchain.load_libcs()[board["toolchain"]["libc"]]
    done = subprocess.run([command, *libc["cflags"], *board["toolchain"]["cflags"], question],
                          capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    return done.stdout.strip()


def _package_hint(command: str, packages: dict[str, str]) -> str:
    if command in packages:
        return f"Debian package {packages[command]}"
    return f"no Debian package known for it in {PACKAGES_FILE.name}{did_you_mean(command, packages)}"


def check_emulator(board: dict[str, Any], path: Path, cache_dir: Path) -> None:
    """The -M machine and -cpu CPU of the board's stand-ins are ones their QEMU binaries know."""
    for prefix, emulator in _stand_ins(board):
        if not ({"machine", "cpu"} & emulator.keys()):
            continue
        known = qemu_lists(emulator["qemu"], cache_dir)
        for field, flag, listing in (("machine", "-M", "machines"), ("cpu", "-cpu", "cpus")):
            # An empty list is a QEMU that did not answer: the run will say what it thinks.
            if field in emulator and known[listing] and emulator[field] not in known[listing]:
                raise InputError(f"{emulator['qemu']} has no {field} '{emulator[field]}'"
                                 f"{did_you_mean(emulator[field], known[listing])}",
                                 where=f"{path}: field '{prefix}.{field}'",
                                 expected=f"one that '{emulator['qemu']} {flag} help' lists",
                                 fix=f"run '{emulator['qemu']} {flag} help' and pick one")


def qemu_lists(qemu: str, cache_dir: Path) -> dict[str, list[str]]:
    """{machines, cpus} a QEMU binary knows, from its cache file while the binary is unchanged."""
    binary = Path(shutil.which(qemu) or qemu).resolve()
    stat = binary.stat()
    stamp = [str(binary), stat.st_size, stat.st_mtime_ns]
    cache = cache_dir / f"qemu-lists-{binary.name}.json"
    cached = _cached_lists(cache, stamp, system="qemu-system-" in binary.name)
    if cached is not None:
        return cached
    data = {"stamp": stamp, "machines": _machines(binary), "cpus": _cpus(binary)}
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")  # concurrent builds may write it at once
    tmp.write_text(json.dumps(data))
    tmp.replace(cache)
    return data


def _cached_lists(cache: Path, stamp: list[Any], system: bool) -> dict[str, Any] | None:
    """The cache's lists if it is for this binary and whole; None (ask QEMU again) if it is
    missing, stale, unreadable or damaged: a half-written or edited cache must not fail every build,
    nor an empty list (a QEMU that did not answer that time) wave every machine through for good."""
    try:
        data = json.loads(cache.read_text())
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return None
    wanted = ("machines", "cpus") if system else ("cpus",)  # user-mode QEMU has no machines
    lists = [data.get(key) for key in ("machines", "cpus")]
    if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists) \
            or not all(data[key] for key in wanted):
        return None
    return data


def _help(binary: Path, flag: str) -> list[str]:
    """The lines of the listing, under its heading where it has one ("Available CPUs:"; the RISC-V
    CPU list has none); user-mode QEMU prints its CPU list and then exits 1, so the status says
    nothing."""
    try:
        done = subprocess.run([str(binary), flag, "help"], capture_output=True, text=True, timeout=60,
                              check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        # on PATH and executable (check_tools), yet it does not run: another architecture's binary,
        # a broken install, a wrapper that hangs
        why = exc.strerror if isinstance(exc, OSError) else f"no answer within {exc.timeout:g} s"
        raise InputError(f"{binary} does not start ('{binary.name} {flag} help': {why})", where="tools on PATH",
                         expected="a QEMU binary that runs on this machine",
                         fix="reinstall QEMU (bash setup.sh), or correct the board's emulator.qemu") from exc
    lines = done.stdout.splitlines()
    return lines[1:] if lines and lines[0].rstrip().endswith(":") else lines


def _machines(binary: Path) -> list[str]:
    # "name   description" per line; user-mode QEMU has no machines.
    if "qemu-system-" not in binary.name:
        return []
    return [line.split()[0] for line in _help(binary, "-M") if line.strip()]


def _cpus(binary: Path) -> list[str]:
    # Layouts differ per target ("  cortex-m4", "x86 486  (alias ...)", "any"): every word
    # of the listing counts, which is enough to tell a known name from a typo.
    return sorted({word for line in _help(binary, "-cpu") for word in line.split()})
