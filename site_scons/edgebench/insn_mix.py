"""The instruction mix of an inference: the QEMU plugin's disassembly of every translation block that
ran inside a measured region (plugins/insn_count.c, mix=), reduced to counts per instruction class
with the rules of toolchains/insn_classes.yaml. The cycle models (latency.py) weigh these classes."""
from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CLASSES_FILE = Path(__file__).resolve().parents[2] / "toolchains" / "insn_classes.yaml"
_Q_REGISTER = re.compile(r"\bq(?:1[0-5]|[0-9])\b")
# QEMU's own RISC-V disassembler starts a line with the instruction's encoding: "204087b7   lui a5,..."
_ENCODING = re.compile(r"^[0-9a-f]{4}(?:[0-9a-f]{4})?\s+(?=\S)")
_NOT_WRITING_PC = ("str", "cmp", "cmn", "tst", "teq", "push", "stm", "pld", "pli")


@cache
def rules(path: Path = CLASSES_FILE) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    tables = {isa: [(name, re.compile(pattern)) for name, pattern in table] for isa, table in data["isa"].items()}
    return {"classes": data["classes"], "isa": tables}


def isa_of(board: dict[str, Any]) -> str:
    features = set(board["cpu"]["features"])
    if "arm" in features or "thumb" in features:
        return "arm"
    if any(f.startswith("rv_") for f in features) or board["cpu"]["arch"].startswith("rv"):
        return "riscv"
    return "x86"


def signature(disassembly: str) -> str:
    """'pop {r4, pc}' -> 'pop+pc'; 'vadd.i8 q0, q1, q2' -> 'vadd.i8+q'; 'ldr r3, [pc, #4]' -> 'ldr'."""
    mnemonic, _, operands = _ENCODING.sub("", disassembly.strip().lower()).partition(" ")
    operands = operands.strip()
    first = operands.split(",", 1)[0].strip()
    writes_pc = ((first == "pc" and not mnemonic.startswith(_NOT_WRITING_PC))
                 or (mnemonic.startswith(("pop", "ldm")) and re.search(r"\bpc\b", operands) is not None))
    return mnemonic + ("+pc" if writes_pc else "") + ("+q" if _Q_REGISTER.search(operands) else "")


def classify(sig: str, isa: str) -> str:
    for name, pattern in rules()["isa"][isa]:
        if pattern.fullmatch(sig):
            return name
    return "alu"


def read(path: Path) -> Counter:
    """The plugin's mix file -> {signature: instructions executed inside the regions}. A file without
    its closing 'end' line (the emulator was killed while writing it) gives nothing."""
    counts: Counter = Counter()
    if not path.is_file():
        return counts
    lines = path.read_text(errors="replace").splitlines()
    if not lines or lines[-1] != "end":
        return Counter()
    runs = 0
    for line in lines[:-1]:
        if line.startswith("tb "):
            runs = int(line.split()[1])
        else:
            counts[signature(line)] += runs
    return counts


def classes(signatures: Counter, isa: str) -> dict[str, int]:
    """{class: count} in the order of the classes file, every class present."""
    found = dict.fromkeys(rules()["classes"], 0)
    for sig, count in signatures.items():
        found[classify(sig, isa)] += count
    return found
