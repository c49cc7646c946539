"""The size report: sections, components and fit against the real board.

Section totals come from the ELF (counted the way binutils' `size` counts);
components from the link map, by where each input file came from, and from
the debug info, by which file declares a function or object (an engine's
header-only code compiled into the model's object is still the engine's).
Every byte of every allocated section lands in exactly one component.
"""
from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Any

from . import boards, linkmap
from .elf import alloc_sections, declarations
from .toolchain import PACKAGE_PREFIX

COMPONENTS = ("engine", "model", "harness", "test_data", "runtime", "startup", "reserved", "other")


def classify(input_file: str, obj_root: str, libc: dict[str, Any], engine_roots: tuple[str, ...] = ()) -> str:
    """Which component an input file of the link map belongs to. engine_roots: folders of an engine's
    own archive and kernel objects (kernels.py), shared by every model and so outside obj_root; they
    are checked before the C library's rule that makes any other archive 'runtime'."""
    if any(input_file.startswith(root.rstrip("/") + "/") for root in engine_roots):
        return "engine"
    if input_file.startswith(obj_root):
        part = input_file[len(obj_root):].lstrip("/").split("/", 1)[0]
        return part if part in COMPONENTS else "other"
    base = Path(input_file.split("(", 1)[0]).name
    if any(fnmatch.fnmatch(base, pattern) for pattern in libc["startup"]):
        return "startup"
    if base.endswith(".a") or base in libc["runtime"]:
        return "runtime"
    return "other"


def owned_bytes(section: dict[str, Any], pieces: list[linkmap.Piece]) -> list[tuple[linkmap.Piece, int]]:
    """Each piece with the bytes of the section that are its own. A merged section lists inputs whose
    strings were merged into others' at overlapping addresses: a byte goes to the first piece (in
    address, then map order) that covers it, inputs before fill; bytes outside the section are
    dropped. The shares add up to the section's size less the bytes no piece covers."""
    low, high = section["address"], section["address"] + section["size"]
    order = sorted(range(len(pieces)),
                   key=lambda i: (pieces[i].address, pieces[i].owner.startswith("*"), i))
    covered, owned = low, []
    for i in order:
        piece = pieces[i]
        begin, end = max(piece.address, covered), min(piece.address + piece.size, high)
        if end > begin:
            owned.append((piece, end - begin))
            covered = end
    return owned


def _component(piece: linkmap.Piece, obj_root: str, libc: dict[str, Any], engine_code: set[int],
               engine_roots: tuple[str, ...]) -> str:
    """Fill and linker statements are 'other'. Code and data in our objects that the engine's own
    headers define (known from the debug info) are 'engine', whichever object they were compiled into."""
    if piece.owner.startswith("*"):
        return "other"
    name = classify(piece.owner, obj_root, libc, engine_roots)
    if name not in ("engine", "other", "runtime", "startup") and piece.address in engine_code:
        return "engine"
    return name


def components(sections: list[dict[str, Any]], pieces: dict[str, list[linkmap.Piece]],
               obj_root: str, libc: dict[str, Any], engine_code: set[int] | None = None,
               engine_roots: tuple[str, ...] = ()) -> dict[str, dict[str, int]]:
    """{component: {section: bytes}}: every byte of every section in exactly one component, none
    negative. A section that is only fill is 'reserved' (a stack or heap reservation, which the map
    shows as fill); elsewhere bytes no input file claims are 'other' (alignment, data statements)."""
    table: dict[str, dict[str, int]] = {c: {} for c in COMPONENTS}

    def add(name: str, section: str, size: int) -> None:
        table[name][section] = table[name].get(section, 0) + size

    for section in sections:
        inside = pieces.get(section["name"], [])
        # Only fill (or nothing): a reservation. Data statements (LONG ...) are real bytes.
        if not any(p.owner != linkmap.FILL_KEY and p.size for p in inside):
            add("reserved", section["name"], section["size"])
            continue
        claimed = 0
        for piece, size in owned_bytes(section, inside):
            add(_component(piece, obj_root, libc, engine_code or set(), engine_roots), section["name"], size)
            claimed += size
        if section["size"] > claimed:
            add("other", section["name"], section["size"] - claimed)
    return table


def _berkeley(sections: list[dict[str, Any]]) -> dict[str, int]:
    totals = {"text": 0, "data": 0, "bss": 0}
    for section in sections:
        totals[section["class"]] += section["size"]
    return totals


def engine_code(elf: Path) -> set[int]:
    """Addresses of functions and objects declared in an engine package's files. The compiler names
    those files under toolchain.PACKAGE_PREFIX (-ffile-prefix-map), wherever the package lies."""
    return {address for address, path in declarations(elf).items() if path.startswith(PACKAGE_PREFIX + "/")}


def measure(elf: Path, map_file: Path, obj_root: str, board: dict[str, Any],
            engine_roots: tuple[str, ...] = ()) -> dict[str, Any]:
    """Static size of one linked ELF (no run needed)."""
    libc = boards.load_libcs()[board["toolchain"]["libc"]]
    sections = alloc_sections(elf)
    table = components(sections, linkmap.pieces(map_file), obj_root, libc, engine_code(elf), engine_roots)
    berkeley = _berkeley(sections)
    test_data = sum(table["test_data"].values())
    return {
        "berkeley": berkeley,
        "sections": {s["name"]: {"bytes": s["size"], "class": s["class"], "address": s["address"]} for s in sections},
        "components": {name: {"bytes": sum(per.values()), "sections": per} for name, per in table.items()},
        "flash": {"used": berkeley["text"] + berkeley["data"], "test_data": test_data,
                  "deployable": berkeley["text"] + berkeley["data"] - test_data,
                  "capacity": boards.capacity(board, "flash")},
        "ram": {"static": berkeley["data"] + berkeley["bss"],
                "stack_reserved": sum(s["size"] for s in sections if s["name"] == ".stack"),
                "capacity": boards.capacity(board, "ram")},
    }


def fit(size: dict[str, Any], heap_peak: int | None, stack_peak: int | None) -> dict[str, Any]:
    """Does the deployable image fit the real board? RAM counts static data, the heap's peak and any
    stack use beyond the link-time reservation."""
    heap, stack = heap_peak or 0, stack_peak or 0
    ram_needed = size["ram"]["static"] + heap + max(0, stack - size["ram"]["stack_reserved"])
    verdict = {"flash_needed": size["flash"]["deployable"], "ram_needed": ram_needed,
               "flash_over": max(0, size["flash"]["deployable"] - size["flash"]["capacity"]),
               "ram_over": max(0, ram_needed - size["ram"]["capacity"])}
    verdict["fits"] = verdict["flash_over"] == 0 and verdict["ram_over"] == 0
    return verdict
