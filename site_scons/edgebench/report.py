"""report.json (schema version 1, documented in README) and report.md, both
from the measured data; the summary line is rendered from report.json."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1


def verdict(report: dict[str, Any]) -> tuple[bool, str]:
    """(passed, why): every problem found, the board fit first (a run that failed on a
    board too small is explained by it)."""
    run, fit, check = report["run"], report["size"]["fit"], report["run"].get("output_check")
    problems = []
    if not fit["fits"]:
        parts = []
        if fit["flash_over"]:
            parts.append(f"needs {kb(fit['flash_needed'])} flash, board has {kb(report['size']['flash']['capacity'])} "
                         f"({fit['flash_over']} bytes over)")
        if fit["ram_over"]:
            parts.append(f"needs {kb(fit['ram_needed'])} RAM, board has {kb(report['size']['ram']['capacity'])} "
                         f"({fit['ram_over']} bytes over)")
        ran = "" if run["status"] == "ok" else f" (emulator run: {run['status']})"
        problems.append("does not fit: " + "; ".join(parts) + ran)
    elif run["status"] != "ok":
        problems.append(f"run {run['status']}: {run['detail']}")
    if check and not check["passed"]:
        problems.append("outputs differ from the host reference: " + _differences(check))
    return (not problems), "; ".join(problems) or "ok"


def _differences(check: dict[str, Any]) -> str:
    parts = []
    for t in check["tensors"]:
        if not t["complete"]:
            parts.append(f"output {t['index']} incomplete")
            continue
        for i, (got, want) in enumerate(zip(t["top1"], t["reference_top1"], strict=True)):
            if got != want:
                parts.append(f"input {i} top-1 {got} vs {want}")
        if check["tolerance"] is not None and t["max_abs_diff"] > check["tolerance"]:
            parts.append(f"max |diff| {t['max_abs_diff']:.3g} > {check['tolerance']:g}")
    return "; ".join(parts)


def kb(n: int | None) -> str:
    if n is None:
        return "?"
    for unit, shift in (("TB", 40), ("GB", 30), ("MB", 20)):
        if n >= 1 << shift:
            return f"{n / (1 << shift):.1f} {unit}"
    return f"{n / 1024:.1f} KB"


def summary(report: dict[str, Any]) -> str:
    _, text = verdict(report)
    size, run = report["size"], report["run"]
    check = run.get("output_check") or {}
    tensors = check.get("tensors") or [{}]
    parts = [f"{report['board']}/{report['engine']}/{report['model']}: {text}",
             f"flash {kb(size['flash']['deployable'])}/{kb(size['flash']['capacity'])}",
             f"RAM {kb(size['ram']['static'])} static + {kb(size['ram']['runtime_peak'])} runtime"
             f"/{kb(size['ram']['capacity'])}"]
    if run.get("instructions") is not None:
        parts.append(f"{run['instructions']:,} instr/inference")
    if run.get("native", {}).get("median_ns"):
        parts.append(f"{run['native']['median_ns'] / 1000:.1f} us native")
    if check:
        diff = tensors[0].get("max_abs_diff")
        parts.append(f"top-1 {tensors[0].get('top1_agree')}/{check['inputs']}, max|diff| "
                     f"{'n/a' if diff is None else f'{diff:.3g}'}")
    return " | ".join(parts)


def markdown(report: dict[str, Any]) -> str:
    ok, text = verdict(report)
    size, run = report["size"], report["run"]
    lines = [f"# {report['board']} / {report['engine']} / {report['model']}", "",
             f"**{'PASS' if ok else 'FAIL'}**: {text}", "",
             f"Toolchain: `{report['toolchain']['cc']}` {' '.join(report['toolchain']['cflags'])}", "",
             f"Engine options: {', '.join(f'{k}={v}' for k, v in report['engine_options'].items()) or '(none)'}", "",
             *([f"Engine details: {', '.join(f'{k}={v}' for k, v in report['engine_details'].items())}", ""]
               if report.get("engine_details") else []),
             "## Memory", "", "| | used | capacity |", "|---|---:|---:|",
             f"| flash (deployable) | {size['flash']['deployable']} | {size['flash']['capacity']} |",
             f"| flash (with {size['flash']['test_data']} B test inputs) | {size['flash']['used']} | |",
             f"| RAM static | {size['ram']['static']} | {size['ram']['capacity']} |",
             f"| RAM runtime peak (heap {size['ram']['heap_peak']} + stack {size['ram']['stack_peak']}) "
             f"| {size['ram']['runtime_peak']} | |", "",
             "## Components (bytes)", "", "| component | bytes |", "|---|---:|"]
    lines += [f"| {name} | {c['bytes']} |" for name, c in size["components"].items() if c["bytes"]]
    lines += ["", "## Sections (bytes)", "", "| section | class | bytes |", "|---|---|---:|"]
    lines += [f"| {name} | {s['class']} | {s['bytes']} |" for name, s in size["sections"].items()]
    lines += ["", "## Run", "", f"- status: {run['status']} {run['detail']}",
              f"- instructions per inference: {run.get('instructions')}",
              f"- instructions per input: {run.get('instructions_per_input')}",
              f"- instructions, whole run: {run.get('instructions_total')}"]
    if run.get("native"):
        native = run["native"]
        lines.append(f"- native wall time: median {native['median_ns']} ns over {native['repeats']} repeats")
    check = run.get("output_check")
    if check:
        for t in check["tensors"]:
            lines.append(f"- output {t['index']}: top-1 agrees on {t['top1_agree']}/{check['inputs']}, "
                         f"max |target - reference| = {t['max_abs_diff']}")
        if check["labelled"]:
            lines.append(f"- accuracy on labelled inputs: target {check['target_correct']}/{check['labelled']}, "
                         f"host reference {check['reference_correct']}/{check['labelled']}")
    return "\n".join(lines) + "\n"


# Reports written by this process (this scons run), so the end-of-build
# summary can tell a fresh report from one left by an earlier build.
WRITTEN: set[Path] = set()


def write(report: dict[str, Any], json_path: Path, md_path: Path) -> None:
    for path, text in ((json_path, json.dumps(report, indent=2, default=int)), (md_path, markdown(report))):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text)
        tmp.replace(path)
    WRITTEN.add(json_path.resolve())


def assemble(meta: dict[str, Any], size: dict[str, Any], run: dict[str, Any],
             check: dict[str, Any] | None, declared_heap: int | None = None) -> dict[str, Any]:
    """One report from what was measured: static size, the run and the output check.
    declared_heap is what the engine says it will allocate (from its converter),
    used for fit when the run could not measure the heap."""
    from statistics import median

    from .footprint import fit

    heap, stack = run.get("heap_peak_bytes"), run.get("stack_peak_bytes")
    size = {**size, "ram": {**size["ram"], "heap_peak": heap, "stack_peak": stack, "heap_declared": declared_heap,
                            "runtime_peak": None if heap is None else heap + (stack or 0)}}
    size["fit"] = fit(size, heap if heap is not None else declared_heap, stack)
    counts = run.get("instructions_per_input") or []
    run = {key: value for key, value in run.items() if key not in ("outputs", "times_ns")}
    run["instructions"] = int(median(counts)) if counts else None
    run["output_check"] = check
    report = {"schema_version": SCHEMA_VERSION, **meta, "size": size, "run": run}
    report["passed"], report["verdict"] = verdict(report)
    return report
