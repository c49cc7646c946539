"""Run a firmware ELF on the emulator that stands in for its board (and,
for the host, natively for wall time), always under a timeout, and turn what
it printed into a run record: status, outputs, instruction counts, memory."""
from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import insn_mix
from .elf import symbol_address

FAULT_PATTERNS = (
    re.compile(r"(?:ARM|RISCV|RISC-V) fault.*?\b(?:PC|mepc)\s*[:=]\s*(0x[0-9a-fA-F]+)", re.S),
    re.compile(r"uncaught target signal (\d+ \([^)]*\))"),
)


def command(board: dict[str, Any], elf: Path, plugin: str | None) -> list[str]:
    emu = board["emulator"]
    cmd = [emu["qemu"]]
    if "machine" in emu:
        cmd += ["-M", emu["machine"]]
    if "cpu" in emu:
        cmd += ["-cpu", emu["cpu"]]
    if "memory_bytes" in emu:
        cmd += ["-m", f"{emu['memory_bytes'] // (1 << 20)}M"]
    cmd += emu.get("options", [])
    if plugin:
        cmd += ["-plugin", plugin]
    # The ELF by its bare name (the run starts in its folder): the guest sees the name (semihosting's
    # command line, argv[0] and AT_EXECFN under Linux), and its length changes what start-up executes.
    return cmd + (["-kernel", elf.name] if "machine" in emu else [elf.name])


def parse_output(text: str) -> dict[str, Any]:
    # Keys are strings, as they come back from run.json.
    record: dict[str, Any] = {"outputs": {}, "times_ns": {}, "ended": False}
    for line in text.splitlines():
        tag, _, rest = line.strip().partition(" ")
        fields = rest.split()
        if tag == "EB:OUT" and len(fields) == 3:
            record["outputs"].setdefault(fields[0], {})[fields[1]] = fields[2]
        elif tag == "EB:TIME" and len(fields) == 2:
            record["times_ns"].setdefault(fields[0], []).append(int(fields[1]))
        elif tag in ("EB:HEAP", "EB:STACK") and fields:
            record[tag[3:].lower() + "_peak_bytes"] = int(fields[0])
        elif tag == "EB:ARENA" and len(fields) == 2 and all(f.isdigit() for f in fields):  # else: damaged
            record["arena"] = {"used_bytes": int(fields[0]), "reserved_bytes": int(fields[1])}
        elif tag == "EB:ARENA_WORKS" and len(fields) == 1 and fields[0].isdigit():  # the probe's search
            record["arena_works_bytes"] = min(int(fields[0]), record.get("arena_works_bytes", int(fields[0])))
        elif tag == "EB:ERROR":
            record["error"] = rest
        elif tag == "EB:END":
            record["ended"] = True
    return record


def fault(text: str) -> str | None:
    for pattern in FAULT_PATTERNS:
        match = pattern.search(text)
        if match:
            return match.group(1)
    return None


def _status(rc: int | None, record: dict[str, Any], text: str) -> dict[str, Any]:
    if rc is None:
        return {"status": "timeout", "detail": "the emulator did not finish in time (a hang in the guest?)"}
    where = fault(text)
    if where:
        return {"status": "fault", "detail": f"guest fault at {where}", "fault_address": where}
    stage, _, code = record.get("error", "").partition(" ")
    if stage == "arena":
        return {"status": "error", "detail": f"the engine's arena of {code} bytes is too small for the model "
                                             "(its initialisation could not allocate the tensors)"}
    if "error" in record:
        return {"status": "error", "detail": f"harness reported {record['error']}"}
    if rc != 0 or not record["ended"]:
        said = emulator_error(text)
        return {"status": "error", "detail": f"exit status {rc} before the harness finished"
                + (f" (the emulator said: {said})" if said else "")}
    return {"status": "ok", "detail": ""}


# QEMU prefixes its own errors with its program name ("qemu-system-arm: -plugin x: Could not load ...").
EMULATOR_ERROR = re.compile(r"^qemu-[\w.-]+: .*\S", re.M)


def emulator_error(text: str) -> str | None:
    """QEMU's last error line in what the run printed, if it printed one (why it would not start)."""
    found = EMULATOR_ERROR.findall(text)
    return found[-1].strip()[:300] if found else None


# What the guest is given to start with is fixed, so a run counts the same instructions and allocates
# the same heap in any checkout, shell and machine: glibc's start-up walks the environment (qemu-user
# hands the guest its own), and allocates by the length of the program's name.
GUEST_ENV: dict[str, str] = {}


def _execute(cmd: list[str], timeout: float, cwd: Path, env: dict[str, str] | None = None) -> tuple[int | None, str]:
    program = cmd[0] if "/" in cmd[0] else shutil.which(cmd[0]) or cmd[0]
    try:
        done = subprocess.run([program, *cmd[1:]], capture_output=True, text=True, errors="replace",
                              timeout=timeout, cwd=cwd, env={**GUEST_ENV, **(env or {})},
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"") + (exc.stderr or b"")
        return None, out.decode(errors="replace") if isinstance(out, bytes) else out
    return done.returncode, done.stdout + done.stderr


RUN_NAME = "firmware.elf"
RUN_ROOT = Path("/tmp")


@contextmanager
def _run_dir(elf: Path) -> Iterator[Path]:
    """A fresh folder, at a path of the same length on every machine, holding a copy of the ELF. Under
    Linux the guest's start-up copies its own folder's path into the heap (static glibc reads
    /proc/self/exe, which qemu-user resolves to the real file), so in place the heap peak and the
    instruction count would follow the length of the checkout's path. /tmp rather than $TMPDIR, which
    differs between machines."""
    root = RUN_ROOT if RUN_ROOT.is_dir() and os.access(RUN_ROOT, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="eb-run-", dir=root) as scratch:
        shutil.copy2(elf, Path(scratch) / RUN_NAME)
        yield Path(scratch)


def _counts(path: Path) -> tuple[list[int], int | None]:
    regions, total = [], None
    if path.is_file():
        for line in path.read_text().splitlines():
            kind, _, value = line.partition(" ")
            if kind == "region":
                regions.append(int(value))
            elif kind == "total":
                total = int(value)
    return regions, total


def emulate(board: dict[str, Any], elf: Path, plugin_so: Path) -> dict[str, Any]:
    """One run on the stand-in, counting instructions in the measured regions."""
    with _run_dir(elf) as scratch:
        counts, mix = scratch / "counts.txt", scratch / "mix.txt"
        begin, end = symbol_address(elf, "eb_region_begin"), symbol_address(elf, "eb_region_end")
        plugin = f"{plugin_so},begin={begin:#x},end={end:#x},out={counts},mix={mix}"
        cmd = command(board, scratch / RUN_NAME, plugin)
        rc, text = _execute(cmd, board["emulator"]["timeout_s"], scratch)
        regions, total = _counts(counts)
        signatures = insn_mix.read(mix)
    # As recorded: the plugin and its output by name, not at this checkout's path and the random scratch
    # folder, so run.json and report.json are the same in every checkout.
    shown = command(board, elf, f"{plugin_so.name},begin={begin:#x},end={end:#x},out={counts.name},mix={mix.name}")
    record = parse_output(text)
    record.update(_status(rc, record, text))
    record.update(command=" ".join(shown), exit_code=rc,
                  instructions_per_input=regions, instructions_total=total, log_tail=text[-2000:])
    mixed = insn_mix.classes(signatures, insn_mix.isa_of(board))
    # The mix covers the regions the count covers; a run cut short has neither whole.
    if signatures and sum(mixed.values()) == sum(regions):
        record["instruction_classes"] = {"isa": insn_mix.isa_of(board), "regions": len(regions), "counts": mixed}
    return record


def native(board: dict[str, Any], elf: Path) -> dict[str, Any]:
    """Run on this machine with repeats, for wall time (host board)."""
    repeats = board.get("timing", {}).get("repeats", 10)
    with _run_dir(elf) as scratch:
        rc, text = _execute([f"./{RUN_NAME}"], board["emulator"]["timeout_s"], scratch,
                            env={"EB_REPEATS": str(repeats)})
    record = parse_output(text)
    record.update(_status(rc, record, text))
    medians = [statistics.median(times) for _, times in sorted(record["times_ns"].items(), key=lambda kv: int(kv[0]))]
    return {"status": record["status"], "detail": record["detail"], "exit_code": rc, "repeats": repeats,
            "median_ns_per_input": [int(m) for m in medians],
            "median_ns": int(statistics.median(medians)) if medians else None}


def run(board: dict[str, Any], elf: Path, plugin_so: Path) -> dict[str, Any]:
    link = elf.with_suffix(".link.json")
    if link.is_file() and not json.loads(link.read_text())["runnable"]:
        over = ", ".join(f"{o['region']} by {o['bytes']} bytes" for o in json.loads(link.read_text())["overflow"])
        return {"status": "not_run", "detail": f"the image overflows the emulator's memory ({over}); "
                f"sizes come from a grown layout", "outputs": {}, "instructions_per_input": [],
                "instructions_total": None}
    record = emulate(board, elf, plugin_so)
    if board["emulator"].get("native") and record["status"] == "ok":
        record["native"] = native(board, elf)
    return record
