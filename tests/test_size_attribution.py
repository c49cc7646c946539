"""Size components reconcile: every byte of every section in exactly one
component, none negative, on every board flavour (glibc-static Arm Linux,
host x86_64, picolibc Arm and RISC-V); a stack reservation is 'reserved';
code an engine's headers define is 'engine', whichever object holds it."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import report, scons
from edgebench import footprint, linkmap
from elftools.elf.elffile import ELFFile

FLAVOURS = ["pynq_z2", "host", "nucleo_f411re", "hifive1"]
PICOLIBC = ["nucleo_f411re", "hifive1"]
MODEL = "digits_mlp"
OBJ = "build/b/e/m/obj"
LIBC = {"startup": ["crt0*.o"], "runtime": ["libc.a"]}

# A merged string section as ld maps it: each input at the address its strings ended up at, so an
# input merged away whole overlaps the one before it, and fill overlaps the input after it.
MERGED = f"""\
Linker script and memory map

.rodata         0x00001000       0x40
 .rodata.str1.4
                0x00001000       0x10 {OBJ}/model/model.o
                                 0x18 (size before relaxing)
 .rodata.str1.4
                0x00001010        0x8 /usr/lib/libc.a(a.o)
 .rodata.str1.4
                0x00001010        0x8 /usr/lib/libc.a(b.o)
 *fill*         0x00001018        0x2
 .rodata.str1.4
                0x00001018        0x3 /usr/lib/libc.a(c.o)
 *fill*         0x0000101b        0x1
 .rodata        0x0000101c       0x24 {OBJ}/test_data/inputs.o

.stack          0x20000000     0x2000
                0x20002000                        . = (. + DEFINED (__stack_size)?__stack_size:0x800)
 *fill*         0x20000000     0x2000
"""
SECTIONS = [{"name": ".rodata", "address": 0x1000, "size": 0x40},
            {"name": ".stack", "address": 0x20000000, "size": 0x2000}]


def test_merged_sections_give_every_byte_once(tmp_path: Path) -> None:
    path = tmp_path / "firmware.map"
    path.write_text(MERGED)
    table = footprint.components(SECTIONS, linkmap.pieces(path), OBJ, LIBC)
    assert table["model"] == {".rodata": 0x10}
    assert table["runtime"] == {".rodata": 8 + 3}  # b.o's strings are all in a.o's
    assert table["test_data"] == {".rodata": 0x24}
    assert table["other"] == {".rodata": 1}  # the fill after c.o's 3 bytes
    assert table["reserved"] == {".stack": 0x2000}


def test_data_statements_are_not_a_reservation(tmp_path: Path) -> None:
    # A section the linker script fills with LONG statements holds real bytes: only fill reserves.
    path = tmp_path / "firmware.map"
    path.write_text("Linker script and memory map\n\n.table          0x00002000        0x8\n"
                    "                0x00002000        0x4 LONG 0x1234\n"
                    "                0x00002004        0x4 LONG 0x5678\n")
    table = footprint.components([{"name": ".table", "address": 0x2000, "size": 8}], linkmap.pieces(path), OBJ, LIBC)
    assert table["reserved"] == {}
    assert table["other"] == {".table": 8}


@pytest.fixture(scope="module")
def built(project: Path) -> Path:
    done = scons(project, "-j2", f"board={','.join(FLAVOURS)}", "engine=emlearn", f"model={MODEL}")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return project


@pytest.mark.parametrize("board", FLAVOURS)
def test_no_component_is_negative_and_all_add_up(built: Path, board: str) -> None:
    size = report(built, board, "emlearn", MODEL)["size"]
    for name, component in size["components"].items():
        assert component["bytes"] >= 0 and all(b >= 0 for b in component["sections"].values()), (name, component)
    for name, section in size["sections"].items():
        assert sum(c["sections"].get(name, 0) for c in size["components"].values()) == section["bytes"], name


@pytest.mark.parametrize("board", PICOLIBC)
def test_stack_reservation_is_reserved(built: Path, board: str) -> None:
    size = report(built, board, "emlearn", MODEL)["size"]
    assert size["ram"]["stack_reserved"] > 0
    assert size["components"]["reserved"]["sections"] == {".stack": size["ram"]["stack_reserved"]}
    assert ".stack" not in size["components"]["other"]["sections"]


def _functions(elf: Path, prefix: str) -> dict[int, int]:
    """{address: size} of the functions whose names start with prefix (Thumb bit cleared)."""
    with open(elf, "rb") as handle:
        symbols = ELFFile(handle).get_section_by_name(".symtab").iter_symbols()
        return {s["st_value"] & ~1: s["st_size"] for s in symbols
                if s["st_info"]["type"] == "STT_FUNC" and s.name.startswith(prefix)}


@pytest.mark.parametrize("board", FLAVOURS)
def test_engine_header_code_is_engine(built: Path, board: str) -> None:
    """emlearn is headers only, compiled into the model's C file: its out-of-line functions are the
    engine's bytes, not the model's."""
    elf = built / "build" / board / "emlearn" / MODEL / "firmware.elf"
    emlearn = _functions(elf, "eml_")
    assert emlearn, "no out-of-line emlearn function to attribute"
    assert set(emlearn) <= footprint.engine_code(elf)
    engine = report(built, board, "emlearn", MODEL)["size"]["components"]["engine"]
    assert engine["sections"].get(".text", 0) >= sum(emlearn.values())
