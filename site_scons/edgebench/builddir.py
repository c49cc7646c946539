"""The build directory: where it may be, and one scons at a time in it.

Outputs go to build/ in the checkout unless build_dir= names another place
(a read-only checkout builds elsewhere). Never the checkout itself or a
folder above it, nor one of its source folders: `scons -c` removes the
whole build directory.

SCons keeps what it built in one signature database and was not made for
two processes writing the same tree: two runs on one target race on its
files, and two on different targets each write the database back without
the other's entries, so the next build redoes work. A second run therefore
waits for the first (it says so), then sees everything the first built.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from .errors import InputError

SOURCE_FOLDERS = ("boards", "engines", "models", "recipes", "harness", "plugins", "site_scons", "toolchains", "tests")


LOCK = ".edgebench.lock"
MARKER = ".edgebench-build"  # says a folder is an edgebench build directory, so 'scons -c' may remove it


REPORT_MARKER = ".edgebench-report"  # a comparison's folder, which each matrix run replaces whole


def _own_folder(project: Path, launch_dir: Path, text: str, conan_home: Path, argument: str, why: str) -> Path:
    """`text` from where scons was started, if it is none of the checkout's or Conan's folders."""
    folder = (launch_dir / text).expanduser().resolve()
    inside = next((f for f in (*SOURCE_FOLDERS, ".git") if folder.is_relative_to(project / f)), None)
    if project.is_relative_to(folder) or inside:
        what = f"inside the checkout's {inside}/" if inside else "the checkout or a folder above it"
    elif folder.is_relative_to(conan_home) or conan_home.is_relative_to(folder):
        what = f"where the Conan home {conan_home} is"
    else:
        return folder
    raise InputError(f"{argument}={text} is {what}, which {why}", where=f"argument {argument}",
                     expected="a folder of its own, e.g. build_dir=/tmp/eb-build", fix="name another folder")


def choose(project: Path, launch_dir: Path, text: str | None, conan_home: Path) -> Path:
    """The build directory: build/ in the checkout, or `text` taken from where scons was started."""
    if not text:
        return project / "build"
    return _own_folder(project, launch_dir, text, conan_home, "build_dir", "'scons -c' would remove")


def report_folder(project: Path, launch_dir: Path, text: str | None, build: Path, conan_home: Path) -> Path:
    """Where a matrix's comparison goes: <build>/matrix, or report_dir=; the folder is replaced whole
    by each run, so it must be new, empty or an earlier comparison."""
    if not text:
        return build / "matrix"
    folder = _own_folder(project, launch_dir, text, conan_home, "report_dir", "each matrix run would replace")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / REPORT_MARKER).is_file():
        raise InputError(f"{folder} holds files an edgebench comparison did not put there (it has no "
                         f"{REPORT_MARKER}), and each matrix run replaces the folder whole",
                         where="argument report_dir", expected="a new or empty folder, or an earlier report_dir",
                         fix="name another folder")
    return folder


def cache_folder(project: Path, launch_dir: Path, text: str, conan_home: Path) -> Path:
    return _own_folder(project, launch_dir, text, conan_home, "cache_dir", "SCons would fill with cached files")


def _claim(build_dir: Path, default: bool) -> None:
    """Make sure the folder is edgebench's: new, empty, the checkout's own build/, or marked."""
    if (build_dir / MARKER).is_file():
        return
    # Our own lock and marker do not count: a second first run may find the first one's.
    theirs = build_dir.is_dir() and any(p.name not in (MARKER, LOCK) for p in build_dir.iterdir())
    if theirs and not default:
        raise InputError(f"{build_dir} already holds files that edgebench did not put there (it has no {MARKER}), "
                         "and 'scons -c' would remove them", where="argument build_dir",
                         expected="a new or empty folder, or one an earlier edgebench build made",
                         fix="name another folder")
    build_dir.mkdir(parents=True, exist_ok=True)
    (build_dir / MARKER).write_text("edgebench build directory: 'scons -c' removes this folder\n")


# Held for the life of the process: the lock goes with it, however it ends.
_HELD: list[IO[str]] = []


def hold(build_dir: Path, default: bool) -> None:
    """Claim the build directory (see _claim), then take its lock, waiting (and saying so) while
    another run holds it. `default`: it is the checkout's own build/."""
    try:
        _claim(build_dir, default)
        handle = open(build_dir / LOCK, "a+")  # noqa: SIM115 - held until exit on purpose
    except OSError as exc:
        raise InputError(f"cannot write the build directory {build_dir}: {exc.strerror}", where="build directory",
                         fix="make it writable, or choose another with build_dir=PATH") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "another process"
        print(f"edgebench: waiting for another run on {build_dir} to finish ({owner})", flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()
    _HELD.append(handle)
