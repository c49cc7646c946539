"""Outputs changed behind the build's back.

SCons decides whether to rebuild a target from its sources only: a target
that was edited, truncated or half written after SCons recorded it (a
corrupted report.json, an ELF, a model's reference outputs, a generated C
file) would be taken as up to date, or fed on to the next step. Each
target's record (size and content signature, as SCons stored them when it
built the target) is held against the file on disk before the build; a file
that no longer matches is removed, so that SCons builds it again. The
content is always read: a copy that keeps times (cp -p, rsync -a, tar) must
not pass for the original.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class Recorded(NamedTuple):
    size: int | None
    csig: str | None  # SCons's content signature of the bytes


def damage(path: Path, recorded: Recorded, content_signature: Callable[[Path], str]) -> str | None:
    """How `path` differs from the file that was recorded, or None (also when it is missing, or
    there is no record: SCons builds it then anyway)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if recorded.size is not None and size != recorded.size:
        return f"{size} bytes, {recorded.size} when built"
    if recorded.csig is not None and content_signature(path) != recorded.csig:
        return "same size, other bytes"
    return None
