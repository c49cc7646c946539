"""matrix.md: the comparison as Markdown for a CI job summary or a pull-request comment.

What broke first, then per board the engines side by side, per model the Mem / Time / Deploy table,
the engine x board compatibility table, the deltas to the baseline, and every row that did not run
with its reason. Deterministic: the same document always gives the same text.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from .report import kb

LABELS = {"ok": "ok", "failed": "FAILED", "refused": "refused", "does_not_fit": "does not fit",
          "not_run": "not run", "not_built": "not built"}
DELTA_LABELS = {"flash_bytes": "flash", "ram_static_bytes": "static RAM", "ram_runtime_bytes": "runtime RAM",
                "ram_bytes": "RAM", "instructions": "instructions"}


def _n(value: Any) -> str:
    return "" if value is None else f"{value:,}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} %"


def _size(value: int | None) -> str:
    return "" if value is None else kb(value)


def _engine(row: dict[str, Any]) -> str:
    variant = row["key"].split("/")[1]
    return variant.replace("@", " @")


def _check(row: dict[str, Any]) -> str:
    return {"pass": "pass", "fail": "**fail**", None: ""}[row.get("check")]


def _accuracy(row: dict[str, Any]) -> str:
    if not row.get("accuracy_labelled"):
        return ""
    return f"{row['accuracy_correct']}/{row['accuracy_labelled']}"


def _latency(row: dict[str, Any]) -> str:
    """An estimate with ~, a measurement (the host's native run) without."""
    ms = row.get("latency_ms")
    if ms is None:
        return ""
    return ("" if row.get("latency_kind") == "measured" else "~") + (f"{ms:.3g} ms" if ms >= 0.1
                                                                      else f"{ms * 1000:.3g} us")


def _header(doc: dict[str, Any], what_broke: bool) -> list[str]:
    counts = ", ".join(f"{n} {LABELS[s]}" for s, n in doc["counts"].items() if n)
    block = doc.get("matrix") or {}
    where = ""
    if block.get("shard"):
        where = f" (shard {block['shard']['index']}/{block['shard']['count']} of {block['combinations']})"
    elif block.get("merged_from"):
        where = f" (merged from {len(block['merged_from'])} shards)"
    lines = ["# edgebench comparison", "", f"{len(doc['rows'])} combinations{where}: {counts or 'none here'}.", ""]
    gate = doc.get("gate") or {}
    if gate.get("gated"):
        lines += [f"Gate: {'**broken**' if doc['broke'] else 'passed'} (board capacity"
                  + (", budgets" if gate.get("budgets") else "")
                  + (", thresholds " + ", ".join(f"{m} +{v:g} %" for m, v in gate["thresholds"].items())
                     if gate.get("thresholds") else "") + ").", ""]
    if doc["broke"] and what_broke:
        lines += ["## What broke", "", *[f"- {line}" for line in doc["broke"]], ""]
    return lines


def _per_board(rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    by_board: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_board[row["board"]].append(row)
    for board, board_rows in sorted(by_board.items()):
        measured = [r for r in board_rows if r.get("flash_bytes") is not None]
        if not measured:
            continue
        capacity = measured[0]
        lines += [f"## {board}", "",
                  f"Capacity: flash {_size(capacity['flash_capacity'])}, RAM {_size(capacity['ram_capacity'])}.", "",
                  "| model | engine | status | flash | flash % | static RAM | runtime RAM | RAM % | instructions "
                  "| est. latency | check | accuracy |",
                  "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
        for r in sorted(measured, key=lambda r: (r["model"], r["key"])):
            lines.append(f"| {r['model']} | {_engine(r)} | {LABELS[r['status']]} | {_size(r['flash_bytes'])} "
                         f"| {_pct(r.get('flash_pct'))} | {_size(r.get('ram_static_bytes'))} "
                         f"| {_size(r.get('ram_runtime_bytes'))} | {_pct(r.get('ram_pct'))} "
                         f"| {_n(r.get('instructions'))} "
                         f"| {_latency(r)} | {_check(r)} | {_accuracy(r)} |")
        lines.append("")
    return lines


def _deploy(row: dict[str, Any]) -> str:
    parts = []
    if row.get("glue_lines") is not None:
        parts.append(f"{row['glue_lines']} glue + {row.get('template_lines') or 0} template lines")
    if row.get("options_set"):
        parts.append(f"{row['options_set']} option{'s' * (row['options_set'] > 1)} set")
    if row.get("cold_s") is not None:
        parts.append(f"cold {row['cold_s']:.0f} s")
    return ", ".join(parts)


def _per_model(rows: list[dict[str, Any]]) -> list[str]:
    """The survey's table: per model, each engine's Mem, Time and Deploy where it runs."""
    lines = []
    by_model: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["status"] in ("ok", "failed", "not_run") and row.get("flash_bytes") is not None:
            by_model[row["model"]].append(row)
    for model, model_rows in sorted(by_model.items()):
        lines += [f"## {model}: Mem / Time / Deploy", "", "| engine | board | Mem (flash + RAM) | Time | Deploy |",
                  "|---|---|---|---|---|"]
        for r in sorted(model_rows, key=lambda r: (r["key"].split("/")[1], r["board"])):
            time = " / ".join(filter(None, [f"{_n(r['instructions'])} instr" if r.get("instructions") else "",
                                            _latency(r)]))
            lines.append(f"| {_engine(r)} | {r['board']} | {_size(r['flash_bytes'])} + {_size(r['ram_bytes'])} "
                         f"| {time}{'' if r['status'] == 'ok' else ' (' + LABELS[r['status']] + ')'} | {_deploy(r)} |")
        lines.append("")
    return lines


def _cell(cell_rows: list[dict[str, Any]]) -> str:
    runs = [r for r in cell_rows if r["status"] == "ok"]
    parts = [f"runs {len(runs)}/{len(cell_rows)}"] if runs else []
    refused: dict[str, list[str]] = defaultdict(list)  # why -> the models refused for it
    for r in cell_rows:
        if r["status"] == "refused":
            refused[r["reason"]].append(r["model"])
    parts += [f"{', '.join(names)} refused: {why}" for why, names in refused.items()]
    for r in cell_rows:
        if r["status"] == "refused":
            continue
        if r["status"] == "does_not_fit":
            over = []
            if r.get("flash_bytes") and r["flash_bytes"] > r["flash_capacity"]:
                over.append(f"flash +{kb(r['flash_bytes'] - r['flash_capacity'])}")
            if r.get("ram_bytes") and r["ram_bytes"] > r["ram_capacity"]:
                over.append(f"RAM +{kb(r['ram_bytes'] - r['ram_capacity'])}")
            parts.append(f"{r['model']} does not fit ({', '.join(over)})")
        elif r["status"] != "ok":
            parts.append(f"{r['model']} {LABELS[r['status']]}")
    return "; ".join(parts)


def _compatibility(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return []
    boards = sorted({r["board"] for r in rows})
    engines = sorted({r["key"].split("/")[1] for r in rows})
    cells: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        cells[(r["key"].split("/")[1], r["board"])].append(r)
    lines = ["## Compatibility: engine x board", "", "| engine | " + " | ".join(boards) + " |",
             "|---|" + "---|" * len(boards)]
    for engine in engines:
        lines.append(f"| {engine.replace('@', ' @')} | "
                     + " | ".join(_cell(sorted(cells[(engine, b)], key=lambda r: r["model"])) for b in boards) + " |")
    return [*lines, ""]


def _deltas(rows: list[dict[str, Any]], baseline: dict[str, Any] | None) -> list[str]:
    if baseline is None:
        return []
    lines = [f"## Against the baseline ({baseline.get('source') or 'given'})", "",
             "| target | metric | previous | current | change | change % |", "|---|---|---:|---:|---:|---:|"]
    unchanged = 0
    for r in rows:
        changed = {m: d for m, d in r.get("deltas", {}).items() if d["absolute"]}
        unchanged += not changed and bool(r.get("deltas"))
        for metric, d in changed.items():
            pct = "" if d["relative_pct"] is None else f"{d['relative_pct']:+.2f} %"
            lines.append(f"| {r['key']} | {DELTA_LABELS[metric]} | {d['previous']:,} | {d['current']:,} "
                         f"| {d['absolute']:+,} | {pct} |")
    new = [r["key"] for r in rows if not r.get("deltas") and r.get("flash_bytes") is not None]
    lines += ["", f"{unchanged} target(s) unchanged" + (f"; new (no baseline row): {', '.join(new)}" if new else ""),
              ""]
    return lines


def _tuning(doc: dict[str, Any]) -> list[str]:
    """The option search: per board, engine and model, the Pareto front of what fits and passes."""
    if not doc.get("tuning"):
        return []
    by_key = {r["key"]: r for r in doc["rows"]}
    lines = ["## Option search: the Pareto front (instructions, flash, RAM) of what fits and passes", ""]
    for t in doc["tuning"]:
        versus = t.get("fastest_vs_default")
        said = (f"; the fastest needs {versus['instructions_ratio']:.2f}x fewer instructions than the defaults, "
                f"flash {versus['flash_change_bytes']:+,} B, RAM {versus['ram_change_bytes']:+,} B" if versus else "")
        lean = t.get("fastest_within_default_flash")
        if lean and lean["key"] != t["fastest"]:
            said += (f"; at no more flash than the defaults, {lean['instructions_ratio']:.2f}x "
                     f"({lean['key'].split('/')[1].partition('@')[2].replace('@', ', ') or 'the defaults'})")
        lines += [f"### {t['board']} / {t['engine']} / {t['model']}", "",
                  f"{t['passed']} of {t['tried']} option sets fit and pass{said}.", "",
                  "| options | instructions | flash | RAM | |", "|---|---:|---:|---:|---|"]
        shown = [*t["front"], *([t["default"]] if t["default"] and t["default"] not in t["front"] else [])]
        for key in (k for k in shown if k in by_key):  # a caller may leave rows out (the terminal: refusals)
            r = by_key[key]
            marks = [m for m, k in (("fastest", t["fastest"]), ("smallest", t["smallest"]), ("defaults", t["default"]))
                     if k == key] + ([] if key in t["front"] else [f"not on the front ({LABELS[r['status']]})"])
            options = key.split("/")[1].partition("@")[2].replace("@", ", ") or "(defaults)"
            lines.append(f"| {options} | {_n(r.get('instructions'))} | {_size(r.get('flash_bytes'))} "
                         f"| {_size(r.get('ram_bytes'))} | {', '.join(marks)} |")
        lines.append("")
    return lines


def _not_run(rows: list[dict[str, Any]]) -> list[str]:
    rest = [r for r in rows if r["status"] != "ok"]
    if not rest:
        return []
    lines = ["## Did not run", ""]
    for r in rest:
        log = f" (log: `{r['log']}`)" if r.get("log") else ""
        lines.append(f"- `{r['key']}` {LABELS[r['status']]}: {r['reason']}{log}")
    return [*lines, ""]


def markdown(doc: dict[str, Any], what_broke: bool = True) -> str:
    """what_broke: the list of problems near the top (the terminal prints it last instead)."""
    rows = doc["rows"]
    lines = [*_header(doc, what_broke), *_per_board(rows), *_per_model(rows), *_compatibility(rows),
             *_tuning(doc), *_deltas(rows, doc.get("baseline")), *_not_run(rows)]
    return "\n".join(lines).rstrip() + "\n"
