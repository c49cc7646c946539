"""What failed build steps printed, kept so a matrix can give each failed target a log of its own.

SCons prints a failing compiler's output among every other target's lines (with -j, interleaved);
a matrix run routes commands through `spawn`, which keeps the output of those that fail, and
edgebench's own steps (errors.build_step) record their message here.
"""
from __future__ import annotations

import subprocess
import sys
import threading

_LOCK = threading.Lock()
COMMANDS: dict[str, str] = {}   # a failed command line -> what it printed
MESSAGES: dict[str, str] = {}   # a target path -> the message its edgebench step failed with
REFUSED: dict[str, str] = {}    # a target path -> why its step found the combination cannot work


def spawn(sh: str, escape, cmd: str, args: list[str], env: dict[str, str]) -> int:
    """SCons SPAWN: run the command through the shell as SCons's own does; print its output once it
    ends (a block per command, never interleaved with another's) and keep it if it failed."""
    done = subprocess.run([sh, "-c", " ".join(args)], env={k: str(v) for k, v in env.items()},
                          capture_output=True, text=True, errors="replace", check=False)
    with _LOCK:
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        if done.returncode:
            COMMANDS[" ".join(args)] = done.stdout + done.stderr
    return done.returncode


def record(targets, message: str, refused: bool = False) -> None:
    with _LOCK:
        for target in targets:
            (REFUSED if refused else MESSAGES)[str(target)] = message
