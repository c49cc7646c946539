"""GNU ld map files: which input file put how many bytes into which output section.

Reads only the "Linker script and memory map" part. An output section is a
name at column 0 (address and size on the same line or the next); inside
it, input sections, *fill* and data statements (BYTE, LONG, ...) carry
sizes. Input-section names can wrap to a line of their own.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

HEX = r"0x[0-9a-fA-F]+"
OUTPUT = re.compile(rf"^(\S+)(?:\s+({HEX})\s+({HEX}))?")
INPUT = re.compile(rf"^ (\S+)(?:\s+({HEX})\s+({HEX})\s+(.+?))?\s*$")
CONTINUED = re.compile(rf"^\s+({HEX})\s+({HEX})\s+(.+?)\s*$")
FILL = re.compile(rf"^ \*fill\*\s+{HEX}\s+({HEX})")
STATEMENT = re.compile(rf"^ (BYTE|SHORT|LONG|QUAD|SQUAD)\s+{HEX}")
STATEMENT_SIZE = {"BYTE": 1, "SHORT": 2, "LONG": 4, "QUAD": 8, "SQUAD": 8}

FILL_KEY = "*fill*"


def contributions(path: Path) -> dict[str, dict[str, int]]:
    """{output section: {input file (or '*fill*'): bytes}} over the memory map."""
    result: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    lines = path.read_text(errors="replace").splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Linker script and memory map")), len(lines))
    section, pending = None, None
    for line in lines[start + 1:]:
        if pending is not None:
            match = CONTINUED.match(line)
            if match and section:
                result[section][match.group(3)] += int(match.group(2), 16)
            pending = None
            continue
        if line and not line[0].isspace():
            match = OUTPUT.match(line)
            section = match.group(1) if match else None
            continue
        if section is None:
            continue
        if (match := FILL.match(line)):
            result[section][FILL_KEY] += int(match.group(1), 16)
        elif (match := STATEMENT.match(line)):
            result[section]["*statements*"] += STATEMENT_SIZE[match.group(1)]
        elif (match := INPUT.match(line)) and not match.group(1).startswith("*"):
            if match.group(2) is None:
                pending = match.group(1)
            else:
                result[section][match.group(4)] += int(match.group(3), 16)
    return {name: dict(files) for name, files in result.items()}
