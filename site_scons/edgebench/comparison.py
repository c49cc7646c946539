"""The comparison of a matrix run: one row per combination, from its report.json (or from why there is
none), written as matrix.json (schema version 1, documented in README), matrix.csv and matrix.md;
shards merged into one; a baseline's rows matched for deltas.

Row status: ok | failed (a real failure: build step, run, output check) | refused (cannot work,
decided before building) | does_not_fit (measured, over the real board) | not_run (fits the board
but not its emulator stand-in) | not_built (interrupted, or waiting on another target).
"""
from __future__ import annotations

import csv
import fcntl
import glob
import io
import json
import os
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

from . import gate
from .builddir import REPORT_MARKER
from .comparison_html import page
from .comparison_md import markdown
from .errors import InputError
from .report import kb, verdict

SCHEMA = "edgebench-matrix"
SCHEMA_VERSION = 1
STATUSES = ("ok", "failed", "refused", "does_not_fit", "not_run", "not_built")
CSV_FIELDS = ("key", "board", "engine", "model", "options", "status", "reason", "flash_bytes", "flash_capacity",
              "flash_pct", "ram_static_bytes", "ram_runtime_bytes", "ram_bytes", "ram_capacity", "ram_pct",
              "instructions", "latency_ms", "latency_kind",
              "check", "accuracy_correct", "accuracy_labelled", "glue_lines",
              "template_lines", "options_set", "cold_s", "report", "log", "broke")


def _pct(used: int | None, capacity: int | None) -> float | None:
    return None if used is None or not capacity else round(100.0 * used / capacity, 2)


def base_row(key: str, board: str, engine: str, model: str, options: dict[str, Any], status: str,
             reason: str = "") -> dict[str, Any]:
    return {"key": key, "board": board, "engine": engine, "model": model, "options": dict(options),
            "status": status, "reason": reason}


def row_from_report(report: dict[str, Any], key: str, path: Path | None = None) -> dict[str, Any]:
    """A built target's row: its sizes, count and check, and the status its verdict gives."""
    size, run = report["size"], report["run"]
    passed, why = verdict(report)
    fits = size["fit"]["fits"]
    status = ("ok" if passed else "does_not_fit" if not fits else "not_run" if run["status"] == "not_run"
              else "failed")
    check = run.get("output_check") or {}
    deploy = report.get("deploy", {})
    row = base_row(key, report["board"], report["engine"], report["model"], report.get("engine_options", {}),
                   status, "" if passed else why)
    flash, ram = size["flash"], size["ram"]
    row.update({
        "flash_bytes": flash["deployable"], "flash_capacity": flash["capacity"],
        "flash_pct": _pct(flash["deployable"], flash["capacity"]),
        "ram_static_bytes": ram["static"], "ram_runtime_bytes": ram.get("runtime_peak"),
        "ram_bytes": size["fit"]["ram_needed"], "ram_capacity": ram["capacity"],
        "ram_pct": _pct(size["fit"]["ram_needed"], ram["capacity"]),
        "instructions": run.get("instructions"),
        "latency_ms": (report.get("latency") or {}).get("ms"),
        "latency_kind": (report.get("latency") or {}).get("kind"),
        "check": None if not check else ("pass" if check["passed"] else "fail"),
        "accuracy_correct": check.get("target_correct") if check.get("labelled") else None,
        "accuracy_labelled": check.get("labelled") or None,
        "glue_lines": deploy.get("glue_lines"), "template_lines": deploy.get("template_lines"),
        "options_set": deploy.get("options_set"),
        "report": None if path is None else str(path),
    })
    return row


def load_rows(path_text: str, launch_dir: Path, what: str) -> dict[str, Any]:
    """A matrix.json, a folder holding one, or a folder of per-target report.json files (a build
    directory) -> a matrix document. `what` names the argument in errors."""
    path = Path(path_text)
    path = path if path.is_absolute() else launch_dir / path
    where = f"argument {what}"
    if path.is_dir() and (path / "matrix.json").is_file():
        path = path / "matrix.json"
    if path.is_file():
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read {path}: {exc}", where=where, expected="a matrix.json edgebench wrote",
                             fix="point at the matrix.json of an earlier run (or its folder)") from exc
        if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("rows"), list):
            raise InputError(f"{path} is not an edgebench matrix.json", where=where,
                             expected=f"a JSON object with schema '{SCHEMA}' and rows",
                             fix="point at the matrix.json of an earlier run (or its folder)")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise InputError(f"{path} has schema version {data.get('schema_version')}", where=where,
                             expected=f"version {SCHEMA_VERSION}", fix="re-create it with this edgebench")
        return {**data, "source": str(path)}
    if path.is_dir():
        rows = []
        for report_path in sorted(path.rglob("report.json")):
            try:
                report = json.loads(report_path.read_text())
                parts = report_path.relative_to(path).parts
                rows.append(row_from_report(report, "/".join(parts[-4:-1]), report_path))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise InputError(f"cannot read {report_path}: {exc!r}", where=where,
                                 expected="report.json files edgebench wrote",
                                 fix="rebuild that target, or point at another folder") from exc
        if rows:
            return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "rows": rows, "matrix": None,
                    "source": str(path)}
    raise InputError(f"{path} holds no matrix.json and no report.json", where=where,
                     expected="a matrix.json, its folder, or a build folder of report.json files",
                     fix="give the path of an earlier run's report")


def with_gate(rows: list[dict[str, Any]], baseline: dict[str, Any] | None, gated: bool,
              budgets: list[dict[str, Any]], thresholds: dict[str, float], source: str) -> list[dict[str, Any]]:
    previous = {row["key"]: row for row in (baseline or {}).get("rows", [])}
    for row in rows:
        row["deltas"] = gate.deltas(row, previous.get(row["key"])) if baseline is not None else {}
        row["broke"] = gate.broken(row, gated, budgets, thresholds, source)
    return rows


def baseline_summary(baseline: dict[str, Any] | None) -> dict[str, Any] | None:
    """matrix.json `baseline`: where the rows compared with came from, and how many there were."""
    return None if baseline is None else {"source": baseline.get("source"), "rows": len(baseline["rows"])}


def document(rows: list[dict[str, Any]], matrix_block: dict[str, Any] | None, gate_block: dict[str, Any],
             baseline: dict[str, Any] | None) -> dict[str, Any]:
    """baseline: baseline_summary() of what the rows were compared with."""
    rows = sorted(rows, key=lambda r: r["key"])
    counts = {status: sum(r["status"] == status for r in rows) for status in STATUSES}
    return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "matrix": matrix_block, "gate": gate_block,
            "baseline": baseline,
            "counts": counts, "broke": [f"{r['key']}: {line}" for r in rows for line in r.get("broke", [])],
            "tuning": tuning(rows), "rows": rows}


def _dominates(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("instructions", "flash_bytes", "ram_bytes")
    return all(a[k] <= b[k] for k in keys) and any(a[k] < b[k] for k in keys)


def _versus(row: dict[str, Any], default: dict[str, Any]) -> dict[str, Any]:
    return {"instructions_ratio": round(default["instructions"] / row["instructions"], 3),
            "flash_change_bytes": row["flash_bytes"] - default["flash_bytes"],
            "ram_change_bytes": row["ram_bytes"] - default["ram_bytes"]}


def tuning(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per board, engine and model built with several option sets: of those that fit the board and pass
    the output check, the Pareto front of instructions, flash and RAM, the fastest and the smallest, and
    the fastest against the engine's defaults."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["board"], row["engine"], row["model"]].append(row)
    found = []
    for (board, engine, model), group in sorted(groups.items()):
        if len(group) < 2 or all(r["status"] == "refused" for r in group):
            continue  # one option set, or none that could be built: nothing was searched
        good = [r for r in group if r["status"] == "ok" and r.get("instructions") is not None]
        front = sorted((r for r in good if not any(_dominates(o, r) for o in good)),
                       key=lambda r: (r["instructions"], r["flash_bytes"], r["key"]))
        default = next((r for r in group if "@" not in r["key"].split("/")[1]), None)
        entry = {"board": board, "engine": engine, "model": model, "tried": len(group), "passed": len(good),
                 "front": [r["key"] for r in front], "default": default and default["key"],
                 "fastest": front[0]["key"] if front else None,
                 "smallest": min(front, key=lambda r: (r["flash_bytes"], r["ram_bytes"], r["key"]))["key"]
                 if front else None}
        if front and default and default["status"] == "ok" and default.get("instructions"):
            entry["fastest_vs_default"] = _versus(front[0], default)
            # the fastest that costs no more flash than the defaults (on the front, or the defaults)
            lean = [r for r in front if r["flash_bytes"] <= default["flash_bytes"]] or [default]
            entry["fastest_within_default_flash"] = {"key": lean[0]["key"], **_versus(lean[0], default)}
        found.append(entry)
    return found


def merge(paths_text: str, launch_dir: Path) -> dict[str, Any]:
    """Shard reports -> one document. They must be shards of one matrix (same digest), each shard
    once and all of them there, so the merged rows are the whole matrix, each once."""
    found: list[str] = []
    for item in filter(None, (p.strip() for p in paths_text.split(","))):
        pattern = item if os.path.isabs(item) else str(launch_dir / item)
        hits = sorted(glob.glob(pattern)) if glob.has_magic(item) else [pattern]
        if not hits:
            raise InputError(f"'{item}' matches no file", where="argument merge",
                             expected="matrix.json files or their folders, comma separated (globs allowed)",
                             fix="check the path of each shard's report")
        found += hits
    docs = [(path, load_rows(path, launch_dir, "merge")) for path in found]
    shards: dict[int, str] = {}
    digest, count = None, None
    for path, doc in docs:
        block = doc.get("matrix") or {}
        shard = block.get("shard") or {"index": 1, "count": 1}
        if digest is None:
            digest, count = block.get("digest"), shard["count"]
        if block.get("digest") != digest or shard["count"] != count:
            raise InputError(f"{path} is a shard of another matrix (digest {block.get('digest')}, "
                             f"{shard['count']} shards; the first is {digest}, {count} shards)",
                             where="argument merge", expected="the shards of one matrix run",
                             fix="merge the reports of one CI run only")
        if shard["index"] in shards:
            raise InputError(f"shard {shard['index']}/{count} is given twice ({shards[shard['index']]} and {path})",
                             where="argument merge", expected="each shard once", fix="drop one of them")
        shards[shard["index"]] = path
    missing = sorted(set(range(1, (count or 1) + 1)) - set(shards))
    if missing:
        raise InputError(f"shard(s) {', '.join(f'{m}/{count}' for m in missing)} missing", where="argument merge",
                         expected=f"all {count} shards of the matrix",
                         fix="wait for every shard's report, or rerun the missing shards")
    rows = [row for _, doc in docs for row in doc["rows"]]
    keys = [r["key"] for r in rows]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise InputError(f"target(s) {', '.join(repeated)} appear in more than one shard", where="argument merge",
                         expected="disjoint shards", fix="rebuild the shards from one matrix")
    first = docs[0][1]
    block = {**(first.get("matrix") or {}), "shard": None, "merged_from": [str(p) for p, _ in docs]}
    return document(rows, block, first.get("gate") or {}, first.get("baseline"))


def csv_text(doc: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in doc["rows"]:
        flat = {**row, "options": ";".join(f"{k}={v}" for k, v in sorted(row["options"].items())),
                "broke": "; ".join(row.get("broke", []))}
        writer.writerow({k: "" if flat.get(k) is None else flat[k] for k in CSV_FIELDS})
    return out.getvalue()


def write(doc: dict[str, Any], folder: Path, extra: dict[str, str] | None = None,
          logs: dict[str, str] | None = None) -> None:
    """matrix.json, .csv, .md, .html, `extra` files and logs/<name> into `folder`, which is replaced whole:
    the files are written into a fresh folder beside it that then takes its name, so a reader (or an
    interrupted run) never sees one run's JSON with another's Markdown."""
    text = json.dumps(doc, indent=2, default=int) + "\n"
    if not logs and not extra and _unchanged(folder, text):
        return  # a no-op run: the same comparison is there, whole (the plots are the slow part)
    files = {"matrix.json": text, "matrix.csv": csv_text(doc), "matrix.md": markdown(doc), "matrix.html": page(doc),
             **(extra or {})}
    files.update({f"logs/{name}": text for name, text in (logs or {}).items()})
    files[REPORT_MARKER] = "an edgebench comparison: each matrix run replaces this folder whole\n"
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(fresh, ignore_errors=True)
    for name, text in files.items():
        (fresh / name).parent.mkdir(parents=True, exist_ok=True)
        (fresh / name).write_text(text)
    old = folder.with_name(f".{folder.name}.{os.getpid()}.old")
    # Two runs (two build folders) may finish into one report folder at once: one swap at a time.
    with open(folder.with_name(f".{folder.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if folder.exists():
            folder.rename(old)
        fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _unchanged(folder: Path, text: str) -> bool:
    """The folder holds this very comparison, every file of it (a run writes them all or none)."""
    names = ("matrix.json", "matrix.csv", "matrix.md", "matrix.html", REPORT_MARKER)
    try:
        return (folder / "matrix.json").read_text() == text and all((folder / n).is_file() for n in names)
    except OSError:
        return False


def size_text(row: dict[str, Any], field: str) -> str:
    return "" if row.get(field) is None else kb(row[field])
