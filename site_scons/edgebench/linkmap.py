"""GNU ld map files: which input file put which bytes into which output section.

Reads only the "Linker script and memory map" part. An output section is a
name at column 0 (address and size on the same line or the next); inside
it, input sections, *fill* and data statements (BYTE, LONG, ...) carry an
address and a size. Input-section names can wrap to a line of their own.

Sizes alone do not add up: ld lists every input of a merged section
(SHF_MERGE strings and constants, `.rodata.str1.4`, `.rodata.cst8`) at the
address its data ended up at, so inputs whose strings were merged away
overlap each other or the fill after them. Pieces therefore keep their
address, and the size report gives each byte to one of them.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

HEX = r"0x[0-9a-fA-F]+"
OUTPUT = re.compile(rf"^(\S+)(?:\s+({HEX})\s+({HEX}))?")
INPUT = re.compile(rf"^ (\S+)(?:\s+({HEX})\s+({HEX})\s+(.+?))?\s*$")
CONTINUED = re.compile(rf"^\s+({HEX})\s+({HEX})\s+(.+?)\s*$")
FILL = re.compile(rf"^ \*fill\*\s+({HEX})\s+({HEX})")
STATEMENT = re.compile(rf"^\s+({HEX})\s+({HEX})\s+(?:BYTE|SHORT|LONG|QUAD|SQUAD)\b")

FILL_KEY = "*fill*"
STATEMENTS_KEY = "*statements*"


class Piece(NamedTuple):
    """Bytes [address, address + size) of an output section, put there by `owner` (an input file,
    FILL_KEY or STATEMENTS_KEY) from its input section `input_section`."""
    address: int
    size: int
    owner: str
    input_section: str


def pieces(path: Path) -> dict[str, list[Piece]]:
    """{output section: [Piece, ...]} in map order."""
    result: dict[str, list[Piece]] = defaultdict(list)
    lines = path.read_text(errors="replace").splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Linker script and memory map")), len(lines))
    section, pending = None, None
    for line in lines[start + 1:]:
        if pending is not None:
            match = CONTINUED.match(line)
            if match and section and not match.group(3).startswith("("):
                result[section].append(Piece(int(match.group(1), 16), int(match.group(2), 16), match.group(3), pending))
            pending = None
            continue
        if line and not line[0].isspace():
            match = OUTPUT.match(line)
            section = match.group(1) if match else None
        elif section is not None:
            pending = _piece(line, result[section])
    return dict(result)


def _piece(line: str, into: list[Piece]) -> str | None:
    """Adds the piece one line of an output section describes; returns the input-section name when the
    line is only that name (its address and size follow on the next line)."""
    if (match := FILL.match(line)):
        into.append(Piece(int(match.group(1), 16), int(match.group(2), 16), FILL_KEY, ""))
    elif (match := STATEMENT.match(line)):
        into.append(Piece(int(match.group(1), 16), int(match.group(2), 16), STATEMENTS_KEY, ""))
    elif (match := INPUT.match(line)) and not match.group(1).startswith("*"):
        if match.group(2) is None:
            return match.group(1)
        into.append(Piece(int(match.group(2), 16), int(match.group(3), 16), match.group(4), match.group(1)))
    return None
