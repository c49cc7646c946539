"""The size report: sections, components and fit against the real board.

Section totals come from the ELF (counted the way binutils' `size` counts);
components from the link map, by where each input file came from. Every
byte of every allocated section lands in exactly one component.
"""
from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Any

from . import boards, linkmap
from .elf import alloc_sections

COMPONENTS = ("engine", "model", "harness", "test_data", "runtime", "startup", "reserved", "other")


def classify(input_file: str, obj_root: str, libc: dict[str, Any]) -> str:
    """Which component an input file of the link map belongs to."""
    if input_file.startswith(obj_root):
        part = input_file[len(obj_root):].lstrip("/").split("/", 1)[0]
        return part if part in COMPONENTS else "other"
    base = Path(input_file.split("(", 1)[0]).name
    if any(fnmatch.fnmatch(base, pattern) for pattern in libc["startup"]):
        return "startup"
    if base.endswith(".a") or base in libc["runtime"]:
        return "runtime"
    return "other"


def components(sections: list[dict[str, Any]], contributions: dict[str, dict[str, int]],
               obj_root: str, libc: dict[str, Any]) -> dict[str, dict[str, int]]:
    """{component: {section: bytes}}; a section's bytes no input file claims are 'reserved' when the
    section has no input at all (a stack or heap reservation), else 'other'."""
    table: dict[str, dict[str, int]] = {c: {} for c in COMPONENTS}
    for section in sections:
        claimed = 0
        for input_file, size in contributions.get(section["name"], {}).items():
            if size == 0:
                continue
            name = "other" if input_file.startswith("*") else classify(input_file, obj_root, libc)
            table[name][section["name"]] = table[name].get(section["name"], 0) + size
            claimed += size
        rest = section["size"] - claimed
        if rest:
            name = "reserved" if claimed == 0 else "other"
            table[name][section["name"]] = table[name].get(section["name"], 0) + rest
    return table


def _berkeley(sections: list[dict[str, Any]]) -> dict[str, int]:
    totals = {"text": 0, "data": 0, "bss": 0}
    for section in sections:
        totals[section["class"]] += section["size"]
    return totals


def measure(elf: Path, map_file: Path, obj_root: str, board: dict[str, Any]) -> dict[str, Any]:
    """Static size of one linked ELF (no run needed)."""
    libc = boards.load_libcs()[board["toolchain"]["libc"]]
    sections = alloc_sections(elf)
    table = components(sections, linkmap.contributions(map_file), obj_root, libc)
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
