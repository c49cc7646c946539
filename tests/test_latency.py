"""Latency estimates: the instruction classes (toolchains/insn_classes.yaml) of real disassembly, the
plugin's mix file read whole or not at all, the estimate from a board's cycle model, and, on a real
run, a mix that accounts for every instruction the regions counted."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PROJECT, copy_project, scons
from edgebench import insn_mix, latency
from edgebench.boards import load_board

# disassembly as QEMU prints it | instruction set | class. QEMU's RISC-V disassembler prints the encoding
# first, and compressed instructions by their base name.
CASES = """
    pop {r4, r5, r6, pc}                               | arm   | branch
    ldr pc, [sp], #4                                   | arm   | branch
    mov pc, lr                                         | arm   | branch
    bne #0x5c2                                         | arm   | branch
    ble.w #0x100                                       | arm   | branch
    cbz r0, #0x20                                      | arm   | branch
    le lr, #0x100                                      | arm   | branch
    ldr r3, [pc, #4]                                   | arm   | load
    ldrsb.w r1, [r2], #1                               | arm   | load
    pop {r4, r5}                                       | arm   | load
    vldmia r1!, {s15}                                  | arm   | load
    vld1.8 {d16}, [r0]!                                | arm   | vload
    vldrb.s16 q0, [r0]                                 | arm   | vload
    vst1.32 {d0, d1}, [r1]                             | arm   | vstore
    strb r2, [r3]                                      | arm   | store
    push {r4, lr}                                      | arm   | store
    smlad r0, r1, r2, r3                               | arm   | mul
    mla r0, r1, r2, r3                                 | arm   | mul
    sdiv r0, r1, r2                                    | arm   | div
    vmlal.s8 q8, d16, d17                              | arm   | simd
    vadd.i16 d0, d1, d2                                | arm   | simd
    vfma.f32 s15, s13, s14                             | arm   | fp
    vmrs APSR_nzcv, fpscr                              | arm   | fp
    sadd16 r0, r1, r2                                  | arm   | alu
    adds r0, r0, #1                                    | arm   | alu
    cmp r5, #0                                         | arm   | alu
    4492              lw                      s1,4(sp) | riscv | load
    8082   ret                                         | riscv | branch
    00e03733          snez                    a4,a4    | riscv | alu
    c.lw a5, 0(a4)                                     | riscv | load
    lbu a0, 0(a1)                                      | riscv | load
    c.swsp ra, 12(sp)                                  | riscv | store
    sw a0, 4(sp)                                       | riscv | store
    c.bnez a5, 0x10                                    | riscv | branch
    jal ra, 0x100                                      | riscv | branch
    ret                                                | riscv | branch
    mul a0, a1, a2                                     | riscv | mul
    divu a0, a1, a2                                    | riscv | div
    fmadd.s fa0, fa1, fa2, fa3                         | riscv | fp
    vle8.v v1, (a0)                                    | riscv | vload
    addi a0, a0, 1                                     | riscv | alu
    jne 0x401000                                       | x86   | branch
    movl (%rax), %ebx                                  | x86   | alu
"""


@pytest.mark.parametrize("text, isa, kind", [tuple(c.strip() for c in line.split(" | "))
                                             for line in CASES.strip().splitlines()])
def test_disassembly_lands_in_its_class(text: str, isa: str, kind: str) -> None:
    assert insn_mix.classify(insn_mix.signature(text), isa) == kind


def test_mix_file_counts_runs_and_is_read_whole_or_not_at_all(tmp_path: Path) -> None:
    mix = tmp_path / "mix.txt"
    mix.write_text("tb 4 2\nmov r4, r0\nbl #0x4ec\ntb 112 2\nvldmia r0!, {s13}\nvfma.f32 s15, s13, s14\nend\n")
    counts = insn_mix.read(mix)
    assert counts == {"mov": 4, "bl": 4, "vldmia": 112, "vfma.f32": 112}
    assert insn_mix.classes(counts, "arm") == {**dict.fromkeys(insn_mix.rules()["classes"], 0),
                                               "alu": 4, "branch": 4, "load": 112, "fp": 112}
    mix.write_text(mix.read_text().removesuffix("end\n"))  # the emulator killed while it wrote
    assert insn_mix.read(mix) == {}


def test_estimate_weighs_the_mix_by_the_board_cycle_model() -> None:
    board = load_board(PROJECT / "boards" / "nucleo_f411re.yaml")
    counts = dict.fromkeys(insn_mix.rules()["classes"], 0) | {"load": 500, "alu": 500}
    run = {"status": "ok", "instruction_classes": {"counts": counts}}
    cycles = board["cycle_model"]["cycles"]
    got = latency.estimate(board, run, 1000)
    assert got["kind"] == "estimate" and got["cycles"] == round(500 * cycles["load"] + 500 * cycles["alu"])
    assert got["ms"] == pytest.approx(got["cycles"] / board["cpu"]["clock_hz"] * 1e3, rel=1e-6)
    assert latency.estimate(board, {**run, "status": "fault"}, 1000) is None
    assert latency.estimate(board, {"status": "ok"}, 1000) is None  # no mix, no estimate
    host = load_board(PROJECT / "boards" / "host.yaml")
    assert latency.estimate(host, {"status": "ok", "native": {"median_ns": 2500}}, 1)["kind"] == "measured"


def test_every_board_has_a_cycle_model_and_its_figures_have_sources() -> None:
    for path in sorted((PROJECT / "boards").glob("*.yaml")):
        model = load_board(path)["cycle_model"]
        assert "cycles" in model or model.get("measured") == "native", path
        assert all(p["source"] and p["ms"] > 0 for p in model.get("calibration", []))


def test_a_run_accounts_for_every_counted_instruction(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    done = scons(project, "board=nucleo_f411re,hifive1", "engine=emlearn", "model=digits_mlp")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    for board, isa in (("nucleo_f411re", "arm"), ("hifive1", "riscv")):
        report = json.loads((project / "build" / board / "emlearn" / "digits_mlp" / "report.json").read_text())
        mix = report["run"]["instruction_classes"]
        assert mix["isa"] == isa and sum(mix["counts"].values()) == sum(report["run"]["instructions_per_input"])
        # loads, stores and branches are told apart on both (the E31 has no FPU: its float is ALU work)
        total = sum(mix["counts"].values())
        assert mix["counts"]["load"] > 0.05 * total and mix["counts"]["branch"] > 0.05 * total
        assert mix["counts"]["store"] > 0
        assert report["latency"]["kind"] == "estimate" and report["latency"]["ms"] > 0
        assert "estimated at" in done.stdout
