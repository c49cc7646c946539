"""Boards: one YAML file each, validated on load. Python holds no board knowledge."""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from . import datafile
from .errors import InputError, unknown_name

Board = dict[str, Any]

LIBC_FILE = Path(__file__).resolve().parents[2] / "toolchains" / "libc.yaml"


def load_libcs(path: Path = LIBC_FILE) -> dict[str, Any]:
    """toolchains/libc.yaml, read once per version of the file (a matrix asks for it per target)."""
    try:
        stamp = path.stat()
    except OSError:
        return datafile.load(path, "libc")  # names the file and why it cannot be read
    return _load_libcs(path, stamp.st_mtime_ns, stamp.st_size)


@cache
def _load_libcs(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    return datafile.load(path, "libc")


def load_board(path: Path) -> Board:
    """Read boards/<name>.yaml and check what the schema alone cannot."""
    board = datafile.load(path, "board")
    if board["name"] != path.stem:
        raise InputError(f"name '{board['name']}' differs from the file name", where=f"{path}: field 'name'",
                         expected=f"'{path.stem}'", fix="make the name and the file name agree")
    libcs = load_libcs()
    if board["toolchain"]["libc"] not in libcs:
        raise unknown_name("C library flavour", board["toolchain"]["libc"], libcs,
                           where=f"{path}: field 'toolchain.libc'")
    _check_link_map(board, path, libcs[board["toolchain"]["libc"]])
    for kind in ("flash", "ram"):
        _check_overlaps(regions(board, kind), f"{path}: field 'memory'")
    emulator = board["emulator"] or {}
    for field, stand_in in (("emulator", emulator), ("emulator.probe", emulator.get("probe") or {})):
        link = stand_in.get("link", {})
        _check_overlaps([{"name": name, **span} for name, span in link.items()], f"{path}: field '{field}.link'")
    return board


def probe_stand_in(board: Board) -> Board:
    """The board as a probe image sees it: on emulator.probe where the board names one (a stand-in with
    RAM enough to measure what a model needs beyond the board's), else on its own stand-in. The probe
    is compiled for the board; only where it is linked and run differs."""
    emulator = board["emulator"] or {}
    if "probe" not in emulator:
        return board
    return {**board, "emulator": {**emulator["probe"], "timeout_s": emulator["timeout_s"]}}


def _span_text(region: dict[str, Any]) -> str:
    return f"'{region['name']}' ({region['origin']:#x}-{region['origin'] + region['size_bytes'] - 1:#x})"


def _check_overlaps(regions: list[dict[str, Any]], where: str) -> None:
    """Two regions sharing an address would count those bytes twice toward capacity (or link
    two sections onto one another). Checked per kind: the host's 'disk' is no address space."""
    ordered = sorted(regions, key=lambda r: r["origin"])
    for first, second in zip(ordered, ordered[1:], strict=False):
        if second["origin"] < first["origin"] + first["size_bytes"]:
            raise InputError(f"memory regions {_span_text(first)} and {_span_text(second)} overlap", where=where,
                             expected="regions that share no address (each byte counted once)",
                             fix="correct the origin or size_bytes of one of them")


def _check_link_map(board: Board, path: Path, libc: dict[str, Any]) -> None:
    needs_map = any("{flash" in flag or "{ram" in flag for flag in libc.get("linkflags", []))
    emulator = board["emulator"] or {}
    if needs_map and "link" not in emulator:
        raise InputError(f"C library '{board['toolchain']['libc']}' links to a memory map, but none is given",
                         where=f"{path}: field 'emulator.link'",
                         expected="flash and ram spans ({origin, size_bytes}) of the emulator stand-in")


def regions(board: Board, kind: str) -> list[dict[str, Any]]:
    """The real board's memory regions of one kind ('flash' or 'ram')."""
    return [r for r in board["memory"] if r["kind"] == kind]


def capacity(board: Board, kind: str) -> int:
    return sum(r["size_bytes"] for r in regions(board, kind))


def features(board: Board) -> set[str]:
    return set(board["cpu"]["features"])


def feature_vocabulary() -> set[str]:
    """Every CPU feature a board may declare (the board schema's list): the one vocabulary
    engines' requirements are written in."""
    return set(datafile.schema("board")["properties"]["cpu"]["properties"]["features"]["items"]["enum"])


def link_values(board: Board) -> dict[str, Any]:
    """Values the libc's link-flag templates may use: {flash.origin}, {ram.size_bytes}, {stack_size_bytes}."""
    link = (board["emulator"] or {}).get("link", {})
    values: dict[str, Any] = {key: _Span(span) for key, span in link.items()}
    values["stack_size_bytes"] = board["toolchain"].get("stack_size_bytes", 8192)
    return values


class _Span:
    """Lets a template say {flash.origin:#x}."""

    def __init__(self, span: dict[str, int]):
        self.origin, self.size_bytes = span["origin"], span["size_bytes"]
