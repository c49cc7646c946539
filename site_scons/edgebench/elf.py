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


def symbol_size(path: Path, name: str) -> int | None:
    """The size the symbol table gives an object, or None if the ELF has no such symbol."""
    with open(path, "rb") as handle:
        table = ELFFile(handle).get_section_by_name(".symtab")
        symbols = table.get_symbol_by_name(name) if table else None
        return int(symbols[0]["st_size"]) if symbols else None


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


DW_OP_ADDR = 0x03


def declarations(path: Path) -> dict[int, str]:
    """{address: the file that declares what is there} for every function and static object the
    debug info places at an address (empty without debug info). The file is as the compiler named it,
    after -ffile-prefix-map."""
    found: dict[int, str] = {}
    with open(path, "rb") as handle:
        elf = ELFFile(handle)
        if not elf.has_dwarf_info():
            return found
        dwarf = elf.get_dwarf_info()
        for unit in dwarf.iter_CUs():
            files = _file_names(dwarf, unit)
            for die in unit.iter_DIEs():
                address = _address(die)
                declared = _declaring_file(die)
                if address is not None and declared is not None and declared < len(files):
                    found.setdefault(address, files[declared])
    return found


def _file_names(dwarf, unit) -> list[str]:
    """The unit's file table as full paths, indexed as DW_AT_decl_file counts (DWARF 5 from 0, older from 1)."""
    program = dwarf.line_program_for_CU(unit)
    if program is None:
        return []
    version = program.header["version"]
    dirs = [d.decode(errors="replace") if isinstance(d, bytes) else str(d) for d in program["include_directory"]]
    names = [] if version >= 5 else [""]
    for entry in program["file_entry"]:
        name = entry.name.decode(errors="replace")
        index = entry.dir_index if version >= 5 else entry.dir_index - 1
        names.append(name if name.startswith("/") or not 0 <= index < len(dirs) else f"{dirs[index]}/{name}")
    return names


def _address(die) -> int | None:
    if die.tag == "DW_TAG_subprogram" and "DW_AT_low_pc" in die.attributes:
        return die.attributes["DW_AT_low_pc"].value
    location = die.attributes.get("DW_AT_location") if die.tag == "DW_TAG_variable" else None
    if location is None or location.form not in ("DW_FORM_exprloc", "DW_FORM_block1"):
        return None
    expr = location.value
    size = die.cu["address_size"]
    if len(expr) != 1 + size or expr[0] != DW_OP_ADDR:
        return None
    return int.from_bytes(bytes(expr[1:]), "little" if die.dwarfinfo.config.little_endian else "big")


def _declaring_file(die) -> int | None:
    """DW_AT_decl_file, on the DIE or on the declaration it completes (an out-of-line copy of an
    inline function points at its abstract origin; a definition at its declaration)."""
    for _ in range(4):
        if "DW_AT_decl_file" in die.attributes:
            return die.attributes["DW_AT_decl_file"].value
        origin = next((a for a in ("DW_AT_abstract_origin", "DW_AT_specification") if a in die.attributes), None)
        if origin is None:
            return None
        die = die.get_DIE_from_attribute(origin)
    return None
