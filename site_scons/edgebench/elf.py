"""Reading the linked ELF with pyelftools."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from elftools.elf.constants import SH_FLAGS
from elftools.elf.elffile import ELFFile

from .errors import RunError


def symbol_address(path: Path, name: str) -> int:
    """A function's entry address; on ARM the Thumb bit of the symbol value is not part of it."""
    with open(path, "rb") as handle:
        elf = ELFFile(handle)
        table = elf.get_section_by_name(".symtab")
        symbols = table.get_symbol_by_name(name) if table else None
        if not symbols:
            raise RunError(f"{path} has no symbol '{name}' (was it stripped?)")
        value = symbols[0]["st_value"]
        return value & ~1 if elf["e_machine"] == "EM_ARM" else value


def alloc_sections(path: Path) -> list[dict[str, Any]]:
    """Every allocated section: name, size, address, and Berkeley class (text/data/bss) as binutils' size counts it."""
    sections = []
    with open(path, "rb") as handle:
        for section in ELFFile(handle).iter_sections():
            flags = section["sh_flags"]
            if not flags & SH_FLAGS.SHF_ALLOC or section["sh_size"] == 0:
                continue
            if section["sh_type"] == "SHT_NOBITS":
                kind = "bss"
            elif flags & SH_FLAGS.SHF_WRITE:
                kind = "data"
            else:
                kind = "text"
            sections.append({"name": section.name, "size": section["sh_size"], "address": section["sh_addr"],
                             "class": kind})
    return sections
