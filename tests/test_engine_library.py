"""Engines built as a library plus the kernels each model needs, and an arena sized by a probe run
(engine.yaml `library`, `kernels`, `operators`, `specialize`, `arena`), proven without any upstream
on the fxk fixture engine (tests/fixture_kernels): a tiny C interpreter whose models the tests
write. TFLM is the real user of these mechanisms. Bad values of these fields, an operator the engine
lacks and a probe that cannot measure are rows of tests/test_catalogue.py (block 8d)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import copy_project, report, scons, target_dir
from edgebench import boards, footprint, kernels, linkmap, qemu
from edgebench.elf import alloc_sections
from edgebench.errors import InputError
from elftools.elf.elffile import ELFFile
from kernels_fixture import dense, make_overlay

HOST = "host"
CORTEX_M = "nucleo_f411re"
PORTABLE = "behaviour=0,kernels=portable"
FAST = "behaviour=0,kernels=fast"


def build(project: Path, model: str, *args: str, board: str = HOST):
    done = scons(project, "overlay=fxk", "engine=fxk", f"board={board}", f"model={model}.tflite", *args)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def library(project: Path, options: str = PORTABLE, board: str = HOST) -> Path:
    return kernels.library_root(project / "build", board, "fxk") / options


def compiled(done, options: str = PORTABLE) -> list[str]:
    """The files of the engine library's folder that this scons run compiled or archived."""
    return re.findall(rf"^(?:CC|AR) build/_engines/\w+/fxk/{re.escape(options)}/(\S+)$", done.stdout, re.M)


def objects(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> dict:
    """The fixture overlay inside a project copy; model fc (FULLY_CONNECTED) built on the host, then
    fc_sm (FULLY_CONNECTED + SOFTMAX), with what each run printed and left in the library folder."""
    root = copy_project(tmp_path_factory.mktemp("lib"))
    make_overlay(root / "fxk")
    dense(root / "fc.tflite")
    dense(root / "fc_sm.tflite", then=("SOFTMAX",))
    first = build(root, "fc")
    after_first = objects(library(root))
    second = build(root, "fc_sm")
    return {"root": root, "first": first, "after_first": after_first, "second": second}


def test_only_the_models_kernels_are_compiled(project: dict) -> None:
    # fc needs FULLY_CONNECTED only: softmax.c and relu.c are not compiled; kernels/common.c registers
    # nothing and fully_connected.c calls it, so it is compiled beside it; softmax_common.c, which only
    # softmax.c calls, is not; *_test.c (an #error each) are excluded.
    assert sorted(project["after_first"]) == ["kernels/fixture_kernels/kernels/common.o",
                                              "kernels/fixture_kernels/kernels/fully_connected.o",
                                              "lib/fixture_kernels/core/interp.o", "libengine.a"]
    assert sorted(compiled(project["first"])) == sorted(project["after_first"])
    assert report(project["root"], HOST, "fxk", "fc")["passed"]


def test_a_second_model_compiles_only_its_new_kernel(project: dict) -> None:
    assert sorted(compiled(project["second"])) == ["kernels/fixture_kernels/kernels/softmax.o",
                                                   "kernels/fixture_kernels/kernels/softmax_common.o"]
    now = objects(library(project["root"]))
    assert {name: now[name] for name in project["after_first"]} == project["after_first"]  # not even touched
    result = report(project["root"], HOST, "fxk", "fc_sm")
    assert result["passed"], result["verdict"]
    assert result["run"]["output_check"]["tensors"][0]["max_abs_diff"] < 1e-5  # against ai-edge-litert


def test_the_converter_gets_the_resolver_methods_of_the_models_operators(project: dict) -> None:
    result = report(project["root"], HOST, "fxk", "fc_sm")
    assert result["engine_details"]["operators"] == {"FULLY_CONNECTED": "AddFullyConnected", "SOFTMAX": "AddSoftmax"}
    ops = (project["root"] / "build" / HOST / "fxk" / "fc_sm" / "gen" / "fxk_ops.c").read_text()
    assert "AddSoftmax(resolver)" in ops and "AddRelu" not in ops


def arena_symbol_bytes(elf: Path) -> int:
    with open(elf, "rb") as handle:
        (symbol,) = ELFFile(handle).get_section_by_name(".symtab").get_symbol_by_name("eb_arena")
        return symbol["st_size"]


def engine_yaml(folder: Path) -> dict:
    import yaml

    return yaml.safe_load((folder / "engine.yaml").read_text())


def tensor_bytes(floats: int) -> int:
    """What fxk plans for a tensor of that many floats: 16-byte steps (upstream/core/interp.c)."""
    return -(-floats * 4 // 16) * 16


def check_arena(root: Path, board: str, model: str, reported: int | None = None, opts: str = "") -> int:
    """The reserved arena is what the probe used plus the engine's margin, rounded up to 16 bytes, in
    report.json, the generated arena.c and the measured image's symbol; returns what was used.
    reported: what the engine itself says it uses, where that is less than it needs."""
    out = target_dir(root, board, "fxk", model, opts)
    probe = json.loads((out / "probe" / "run.json").read_text())
    arena = engine_yaml(root / "fxk" / "engines" / "fxk")["arena"]
    used = probe["arena"]["used_bytes"]
    reserved = -(-(used + arena["margin_bytes"]) // 16) * 16
    assert reserved > used and probe["arena"]["reserved_bytes"] == arena["probe_bytes"]
    result = report(root, board, "fxk", model, opts)
    assert result["run"]["arena"] == {"used_bytes": reported or used, "reserved_bytes": reserved}
    assert result["arena"] == {"probe_needs_bytes": used, "margin_bytes": arena["margin_bytes"],
                               "reserved_bytes": reserved}
    assert f"uint8_t eb_arena[{reserved}];" in (out / "arena.c").read_text()
    assert arena_symbol_bytes(out / "firmware.elf") == reserved
    return used


def test_arena_is_what_the_probe_used_plus_the_margin(project: dict) -> None:
    fc, fc_sm = (check_arena(project["root"], HOST, model) for model in ("fc", "fc_sm"))
    # 16 inputs and 8 FC outputs; SOFTMAX adds its 8 outputs and 8 floats of scratch
    assert (fc, fc_sm) == (tensor_bytes(16) + tensor_bytes(8), tensor_bytes(16) + 3 * tensor_bytes(8))


def test_the_probe_finds_the_arena_an_engine_under_reports(project: dict) -> None:
    # behaviour=3 reports only the tensors' bytes as used, not SOFTMAX's scratch (TFLM leaves its
    # planner's temporary room out the same way): the probe still finds the arena that initialises.
    root = project["root"]
    shutil.copy(root / "fc_sm.tflite", root / "fc_sm_hidden.tflite")
    build(root, "fc_sm_hidden", "engine_opts=behaviour=3")
    needed = check_arena(root, HOST, "fc_sm_hidden", reported=tensor_bytes(16) + 2 * tensor_bytes(8),
                         opts="behaviour=3")
    assert needed == tensor_bytes(16) + 3 * tensor_bytes(8)
    assert report(root, HOST, "fxk", "fc_sm_hidden", "behaviour=3")["passed"]


@pytest.mark.parametrize("board", [HOST, CORTEX_M])
def test_a_crash_below_the_arena_needed_leaves_the_smallest_that_worked(project: dict, board: str) -> None:
    # behaviour=4 crashes, as TFLM can, in an arena short of what it needs by less than its scratch:
    # the probe's search comes from the top down, so the arenas that worked are known when it crashes,
    # and the image gets the smallest of them.
    root = project["root"]
    shutil.copy(root / "fc_sm.tflite", root / "fc_sm_crash.tflite")
    build(root, "fc_sm_crash", "engine_opts=behaviour=4", board=board)
    out = root / "build" / board / "fxk@behaviour=4" / "fc_sm_crash"
    probe = json.loads((out / "probe" / "run.json").read_text())
    needed = tensor_bytes(16) + 3 * tensor_bytes(8)
    assert probe["status"] == "fault" and "arena" not in probe
    assert needed <= probe["arena_works_bytes"] < 2 * needed
    result = report(root, board, "fxk", "fc_sm_crash", "behaviour=4")
    assert result["passed"], result["verdict"]
    assert result["arena"]["probe_needs_bytes"] == probe["arena_works_bytes"]
    assert result["arena"]["probe_cut_short"].startswith("guest fault")
    assert result["arena"]["reserved_bytes"] == -(-(probe["arena_works_bytes"] + 8) // 16) * 16
    assert "the smallest arena the probe saw initialise before the engine faulted" in (out / "arena.c").read_text()


def test_changing_only_the_model_probes_again(project: dict) -> None:
    root = project["root"]
    dense(root / "grow.tflite", n_out=8)
    build(root, "grow")
    before = check_arena(root, HOST, "grow")
    dense(root / "grow.tflite", n_out=24)
    again = build(root, "grow")
    assert "RUN build/host/fxk/grow/probe/firmware.elf" in again.stdout
    assert compiled(again) == []  # the library and its kernels are the same
    assert check_arena(root, HOST, "grow") == before - tensor_bytes(8) + tensor_bytes(24)
    assert report(root, HOST, "fxk", "grow")["passed"]


def test_an_option_value_specialises_kernel_files(project: dict) -> None:
    # kernels=fast: kernels/fast/fully_connected.c replaces kernels/fully_connected.c; it needs the
    # value's define, include folders, the source it adds to the library (extra/fxk_fast.c) and the
    # `called` source it reaches through an inline function of a followed header (called/fxk_pick.c);
    # the excludes leave out the *_unused.c files (#error): a build that passes proves each of them.
    # It calls no helper of the portable kernels (common.c), and nothing calls called/fxk_spare.c.
    root = project["root"]
    shutil.copy(root / "fc.tflite", root / "fc_fast.tflite")
    done = build(root, "fc_fast", "engine_opts=kernels=fast")
    assert sorted(compiled(done, FAST)) == ["kernels/fixture_kernels/called/fxk_pick.o",
                                            "kernels/fixture_kernels/kernels/fast/fully_connected.o",
                                            "lib/fixture_kernels/core/interp.o", "lib/fixture_kernels/extra/fxk_fast.o",
                                            "libengine.a"]
    result = report(root, HOST, "fxk", "fc_fast", "kernels=fast")
    assert result["engine_options"] == {"behaviour": 0, "kernels": "fast"}
    assert result["passed"], result["verdict"]


def test_library_members_count_as_engine_on_a_cortex_m(project: dict) -> None:
    root = project["root"]
    build(root, "fc_sm", board=CORTEX_M)
    out = root / "build" / CORTEX_M / "fxk" / "fc_sm"
    check_arena(root, CORTEX_M, "fc_sm")
    result = report(root, CORTEX_M, "fxk", "fc_sm")
    assert result["passed"], result["verdict"]
    # What the archive and the kernel objects put in the image, and the components without the rule
    # that makes them the engine's (an archive would be 'runtime', a kernel object 'other').
    obj_root, lib_root = f"build/{CORTEX_M}/fxk/fc_sm/obj", f"build/{kernels.LIBRARY_DIR}/{CORTEX_M}/fxk/"
    sections, pieces = alloc_sections(out / "firmware.elf"), linkmap.pieces(out / "firmware.map")
    from_lib = sum(size for section in sections for piece, size in
                   footprint.owned_bytes(section, pieces.get(section["name"], [])) if piece.owner.startswith(lib_root))
    libc = boards.load_libcs()[boards.load_board(root / "boards" / f"{CORTEX_M}.yaml")["toolchain"]["libc"]]
    without = footprint.components(sections, pieces, obj_root, libc, footprint.engine_code(out / "firmware.elf"))
    engine = result["size"]["components"]["engine"]["bytes"]
    assert from_lib > 500  # the core, the helper and two kernels
    assert engine - sum(without["engine"].values()) == from_lib
    assert sum(c["bytes"] for c in result["size"]["components"].values()) == sum(s["size"] for s in sections)


SMALL_BOARDS = ["bbc_microbit", "hifive1"]  # 16 KB of RAM on the board and its own stand-in


@pytest.mark.parametrize("board", SMALL_BOARDS)
def test_a_small_boards_probe_runs_on_its_larger_stand_in(project: dict, board: str) -> None:
    # emulator.probe: the probe is linked and run on a stand-in with RAM to spare; the image that is
    # measured, with the tight arena, on the board's own.
    root = project["root"]
    build(root, "fc", board=board)
    out = root / "build" / board / "fxk" / "fc"
    emulator = boards.load_board(root / "boards" / f"{board}.yaml")["emulator"]
    assert _in_span(_bss_address(out / "probe" / "firmware.elf"), emulator["probe"]["link"]["ram"])
    assert _in_span(_bss_address(out / "firmware.elf"), emulator["link"]["ram"])
    assert check_arena(root, board, "fc") == tensor_bytes(16) + tensor_bytes(8)
    assert report(root, board, "fxk", "fc")["passed"]


@pytest.mark.parametrize("board", SMALL_BOARDS)
def test_a_model_bigger_than_a_small_board_does_not_fit_by_its_measured_need(project: dict, board: str) -> None:
    # 4096 float inputs: a 16 KB arena on a board of 16 KB. Its own stand-in could give the probe 8 KB,
    # a lower bound; the larger one measures it, and the report says by how many bytes it does not fit.
    root = project["root"]
    dense(root / "wide4k.tflite", n_in=4096, n_out=2)
    done = scons(root, "overlay=fxk", "engine=fxk", f"board={board}", "model=wide4k.tflite")
    assert done.returncode == 2, done.stdout[-3000:] + done.stderr[-3000:]
    result = report(root, board, "fxk", "wide4k")
    used = tensor_bytes(4096) + tensor_bytes(2)
    assert result["arena"]["probe_needs_bytes"] == used and result["arena"]["reserved_bytes"] == used + 16
    assert arena_symbol_bytes(root / "build" / board / "fxk" / "wide4k" / "firmware.elf") == used + 16
    fit, ram = result["size"]["fit"], result["size"]["ram"]
    assert not result["passed"] and result["run"]["status"] == "not_run"
    assert fit["ram_needed"] >= ram["static"] > used and fit["ram_over"] == fit["ram_needed"] - ram["capacity"] > 0
    assert result["verdict"].startswith("does not fit: ") and f"({fit['ram_over']} bytes over)" in result["verdict"]


def _bss_address(elf: Path) -> int:
    return next(s["address"] for s in alloc_sections(elf) if s["name"] == ".bss")


def _in_span(address: int, span: dict) -> bool:
    return span["origin"] <= address < span["origin"] + span["size_bytes"]


@pytest.mark.parametrize(("owner", "component"), [
    ("build/_engines/b/e/k=v/libengine.a(interp.o)", "engine"),
    ("build/_engines/b/e/k=v/kernels/pkg/kernels/softmax.o", "engine"),
    ("build/b/e/m/obj/model/model.o", "model"),
    ("/usr/lib/libc.a(printf.o)", "runtime"),
    ("build/_enginesx/b/e/libengine.a(interp.o)", "runtime"),  # not under the library folder
])
def test_classify_library_folder(owner: str, component: str) -> None:
    libc = {"startup": [], "runtime": []}
    assert footprint.classify(owner, "build/b/e/m/obj", libc, ("build/_engines/b/e",)) == component


@pytest.mark.parametrize(("field", "value", "says"), [
    ("kernels.registration", "(Register_(\\w+)", "not a regular expression: missing )"),
    ("kernels.registration", "Register_\\w+", "the pattern has 0 group(s)"),
    ("kernels.registration", "(Register)_(\\w+)", "the pattern has 2 group(s)"),
    ("operators.method", "Add\\w+", "the pattern has 0 group(s)"),
    ("operators.op", "[", "not a regular expression"),
    ("operators.registration", "(a)(b)", "the pattern has 2 group(s)"),
])
def test_bad_patterns_are_refused_naming_the_field(field: str, value: str, says: str) -> None:
    engine = engine_yaml(Path(__file__).parent / "fixture_kernels" / "engine")
    kernels.check_patterns(engine, Path("engine.yaml"))  # the fixture's own patterns are good
    part, key = field.split(".")
    engine[part][key] = value
    with pytest.raises(InputError) as caught:
        kernels.check_patterns(engine, Path("engine.yaml"))
    assert f"engine.yaml: field '{field}'" in str(caught.value) and says in str(caught.value)


def test_arena_works_lines_give_the_smallest() -> None:
    text = "EB:ARENA_WORKS 4096\nEB:ARENA_WORKS 1024\nEB:ARENA_WORKS 2048\nEB:ARENA_WORKS 10x\n"
    assert qemu.parse_output(text)["arena_works_bytes"] == 1024


@pytest.mark.parametrize(("line", "arena"), [
    ("EB:ARENA 96 112", {"used_bytes": 96, "reserved_bytes": 112}),
    ("EB:ARENA 12x 3", None),  # damaged: no figure rather than a traceback
    ("EB:ARENA 96", None),
    ("EB:ARENA -1 16", None),
])
def test_arena_line_is_read_only_when_whole(line: str, arena: dict | None) -> None:
    assert qemu.parse_output(f"{line}\nEB:END\n").get("arena") == arena
