"""Outputs changed behind the build's back.

SCons decides whether to rebuild a target from its sources only: a target
that was edited, truncated or half written after SCons recorded it (a
corrupted report.json, an ELF, a model's reference outputs) would be taken
as up to date, or fed on to the next step. Each target's record (size,
time, content hash, as SCons stored it when the target was built) is held
against the file on disk before the build; a file that no longer matches is
removed, so that SCons builds it again.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class Recorded(NamedTuple):
    size: int | None
    timestamp: int | None  # whole seconds, as SCons keeps them
    csig: str | None  # SCons's content signature of the bytes


def damage(path: Path, recorded: Recorded, content_signature: Callable[[Path], str]) -> str | None:
    """Why `path` is no longer the file that was recorded, or None. The content is read only when
    the size is right but the time moved (a file touched but unchanged is fine)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None  # missing: SCons builds it anyway
    if recorded.size is not None and stat.st_size != recorded.size:
        return f"{stat.st_size} bytes now, {recorded.size} when built"
    if recorded.timestamp is not None and int(stat.st_mtime) == recorded.timestamp:
        return None
    if recorded.csig is not None and content_signature(path) != recorded.csig:
        return "same size, other bytes"
    return None
