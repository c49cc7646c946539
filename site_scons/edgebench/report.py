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
        differences = _differences(check)
        if differences:
            problems.append("outputs differ from the host reference: " + differences)
        if not check.get("accuracy_passed", True):
            problems.append(_accuracy_failure(check))
    return (not problems), "; ".join(problems) or "ok"


def _units(value: float, step: float | None) -> str:
    """A difference in the output's units, and in quantisation steps where it has them."""
    return f"{value:.3g}" + ("" if not step else f" ({value / step:.3g} steps)")


def _differences(check: dict[str, Any]) -> str:
    """Why the outputs fail, per output tensor, with the likely causes the evidence shows."""
    parts = []
    for t in check["tensors"]:
        if not t["complete"]:
            parts.append(f"output {t['index']} incomplete")
            continue
        tol = t["tolerance"]
        if not t["within_tolerance"]:
            parts.append(f"max |diff| {_units(t['max_abs_diff'], tol['step'])} > tolerance "
                         f"{_units(tol['max_abs_diff'], tol['step'])} ({tol['source']})")
        parts += [f"input {f['input']} top-1 {f['top1']} vs {f['reference_top1']} (the reference's margin "
                  f"{_units(f['margin'], tol['step'])} is beyond the tolerance)" for f in t["top1_failures"]]
        parts += [f"likely cause: {c['kind']}: {c['detail']}" for c in t["likely_causes"]]
    return "; ".join(parts)


def _accuracy_failure(check: dict[str, Any]) -> str:
    gate = check["min_accuracy"]
    if not check["labelled"]:
        return f"min_accuracy {gate['value']:g} cannot be judged: no labelled test inputs ({gate['source']})"
    return (f"accuracy {check['target_correct']}/{check['labelled']} ({check['target_accuracy']:.2f}) is below "
            f"min_accuracy {gate['value']:g} ({gate['source']}); host reference {check['reference_correct']}/"
            f"{check['labelled']}")


def kb(n: int | None) -> str:
    if n is None:
        return "?"
    for unit, shift in (("TB", 40), ("GB", 30), ("MB", 20)):
        if n >= 1 << shift:
            return f"{n / (1 << shift):.1f} {unit}"
    return f"{n / 1024:.1f} KB"


def _ms(ms: float) -> str:
    return f"{ms:.3g} ms" if ms >= 0.1 else f"{ms * 1000:.3g} us"


def _percent(used: int | None, capacity: int) -> str:
    return "?" if used is None else f"{100 * used / capacity:.{1 if used * 1000 >= capacity else 2}f} %"


def summary(report: dict[str, Any]) -> str:
    _, text = verdict(report)
    size, run = report["size"], report["run"]
    check = run.get("output_check") or {}
    tensors = check.get("tensors") or [{}]
    name = report.get("target") or f"{report['board']}/{report['engine']}/{report['model']}"
    parts = [f"{name}: {text}",
             f"flash {kb(size['flash']['deployable'])}/{kb(size['flash']['capacity'])}"
             f" ({_percent(size['flash']['deployable'], size['flash']['capacity'])})",
             f"RAM {kb(size['ram']['static'])} static + {kb(size['ram']['runtime_peak'])} runtime"
             f"/{kb(size['ram']['capacity'])} ({_percent(size['fit']['ram_needed'], size['ram']['capacity'])})"]
    if run.get("instructions") is not None:
        parts.append(f"{run['instructions']:,} instr/inference")
    if run.get("native", {}).get("median_ns"):
        parts.append(f"{run['native']['median_ns'] / 1000:.1f} us native")
    elif (report.get("latency") or {}).get("kind") == "estimate":
        parts.append(f"~{_ms(report['latency']['ms'])} estimated at {report['latency']['clock_hz'] / 1e6:g} MHz")
    if check:
        parts.append(_check_summary(check, tensors[0]))
    return " | ".join(parts)


def _check_summary(check: dict[str, Any], first: dict[str, Any]) -> str:
    """top-1 agreement (near ties counted), the largest difference against its tolerance,
    and accuracy where the model gates on it."""
    ties = len(first.get("near_ties", []))
    text = f"top-1 {first.get('top1_agree')}/{check['inputs']}" + (f" ({ties} near tie{'s' * (ties > 1)})"
                                                                    if ties else "")
    diff, tol = first.get("max_abs_diff"), first.get("tolerance") or {}
    if diff is None:
        return text + ", max|diff| n/a"
    step = tol.get("step")
    text += f", max|diff| {diff:.3g}" + (f" = {diff / step:.3g} steps" if step else "")
    if tol:
        text += f" (tol {tol['max_steps']:.3g})" if step else f" (tol {tol['max_abs_diff']:.3g})"
    if check.get("min_accuracy"):
        text += f", accuracy {check['target_correct']}/{check['labelled']} (min {check['min_accuracy']['value']:g})"
    return text


def markdown(report: dict[str, Any]) -> str:
    ok, text = verdict(report)
    size, run = report["size"], report["run"]
    lines = [f"# {report['board']} / {report['engine']} / {report['model']}", "",
             f"**{'PASS' if ok else 'FAIL'}**: {text}", "",
             f"Toolchain: `{report['toolchain']['cc']}` {' '.join(report['toolchain']['cflags'])}", "",
             *([f"C++: `{report['toolchain']['cxx']}` {' '.join(report['toolchain']['cxxflags'])}; "
                f"linked with `{report['toolchain']['link']}`", ""] if "cxx" in report["toolchain"] else []),
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
    if run.get("output_check"):
        lines += ["", "## Output check", "", *_reference_line(report.get("reference")),
                  *_check_lines(run["output_check"])]
    return "\n".join(lines) + "\n"


def _reference_line(reference: dict[str, Any] | None) -> list[str]:
    """Which host reference the outputs were checked against (report.json `reference`)."""
    if not reference:
        return []
    version = f" {reference['version']}" if reference.get("version") else ""
    kernels = f": {reference['kernels']}" if reference.get("kernels") else ""
    return [f"Host reference: {reference['interpreter']}{version}, {reference['variant']}{kernels}", ""]


def _check_lines(check: dict[str, Any]) -> list[str]:
    lines = []
    for t in check["tensors"]:
        tol = t["tolerance"]
        diff = "incomplete" if t["max_abs_diff"] is None else _units(t["max_abs_diff"], tol["step"])
        differ = "" if t.get("differing_values") is None else \
            f"; {t['differing_values']} of {t['values']} values differ"
        lines += [f"- output {t['index']}: top-1 agrees on {t['top1_agree']}/{check['inputs']}, "
                  f"max |target - reference| = {diff}{differ}",
                  f"  - tolerance {_units(tol['max_abs_diff'], tol['step'])}, from {tol['source']}"]
        lines += [f"  - near tie on input {f['input']}: top-1 {f['top1']} vs reference {f['reference_top1']}, "
                  f"reference margin {_units(f['margin'], tol['step'])} within the tolerance" for f in t["near_ties"]]
        lines += [f"  - top-1 disagreement on input {f['input']}: {f['top1']} vs reference {f['reference_top1']}, "
                  f"reference margin {_units(f['margin'], tol['step'])} beyond the tolerance"
                  for f in t["top1_failures"]]
        lines += [f"  - likely cause ({c['kind']}): {c['detail']}" for c in t["likely_causes"]]
    if check["labelled"]:
        gate = check.get("min_accuracy")
        lines.append(f"- accuracy on labelled inputs: target {check['target_correct']}/{check['labelled']}, "
                     f"host reference {check['reference_correct']}/{check['labelled']}"
                     + (f"; min_accuracy {gate['value']:g} ({gate['source']})" if gate else " (not gated)"))
    return lines


def write(report: dict[str, Any], json_path: Path, md_path: Path) -> None:
    for path, text in ((json_path, json.dumps(report, indent=2, default=int)), (md_path, markdown(report))):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text)
        tmp.replace(path)


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
