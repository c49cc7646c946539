"""What build steps printed and how long they took, kept for a matrix's per-target logs and its
Deploy figures.

SCons prints a failing compiler's output among every other target's lines (with -j, interleaved);
a matrix run routes commands through `spawn`, which keeps the output of those that fail and times
each, and edgebench's own steps (errors.build_step) record their message and time here.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

_LOCK = threading.Lock()
COMMANDS: dict[str, str] = {}   # a failed command line -> what it printed
MESSAGES: dict[str, str] = {}   # a target path -> the message its edgebench step failed with
REFUSED: dict[str, str] = {}    # a target path -> why its step found the combination cannot work
SECONDS: dict[str, float] = {}   # a step's first target path -> the seconds the step took in this run


def _made(args: list[str]) -> str | None:
    """The file a compiler, linker or archiver command makes: after -o, else ar's archive."""
    words = " ".join(args).split()
    if "-o" in words[:-1]:
        return words[words.index("-o") + 1].strip('"')
    if words and words[0].endswith("ar") and len(words) > 2:
        return words[2].strip('"')
    return None


def spawn(sh: str, escape, cmd: str, args: list[str], env: dict[str, str]) -> int:
    """SCons SPAWN: run the command through the shell as SCons's own does; print its output once it
    ends (a block per command, never interleaved with another's) and keep it if it failed."""
    start = time.monotonic()
    done = subprocess.run([sh, "-c", " ".join(args)], env={k: str(v) for k, v in env.items()},
                          capture_output=True, text=True, errors="replace", check=False)
    made = _made(args)
    if made:
        timed([os.path.abspath(made)], time.monotonic() - start)
    with _LOCK:
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        if done.returncode:
            COMMANDS[" ".join(args)] = done.stdout + done.stderr
    return done.returncode


def timed(targets, seconds: float) -> None:
    """A step's time, under its first target (a step with several targets is one step)."""
    if targets:
        with _LOCK:
            SECONDS[os.path.abspath(str(targets[0]))] = seconds


def record(targets, message: str, refused: bool = False) -> None:
    with _LOCK:
        for target in targets:
            (REFUSED if refused else MESSAGES)[str(target)] = message
