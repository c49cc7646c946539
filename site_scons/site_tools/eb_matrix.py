"""edgebench matrix tool: a matrix run's gate per target and its one comparison report.

Adds methods
- EbMatrixJudge(run) -> the judge EbVerdict takes in a matrix: a target's verdict fails when its row
  breaks something (gate.py), not merely because it does not fit an ungated run's board.
- EbMatrixFinish(run, verdicts): at the end, a row for every combination (built, failed with the path
  of its log, refused, not built), written to the report folder (comparison.py), with the table and
  what broke printed last.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import SCons.Node
import SCons.Script
from edgebench import buildlog, cmake_build, comparison, matrix
from edgebench.comparison_md import markdown


@dataclass
class Run:
    plan: matrix.Matrix
    build_dir: Path
    report_dir: Path
    gated: bool
    thresholds: dict[str, float]
    baseline: dict[str, Any] | None = None
    fetch_seconds: dict[str, float | None] = field(default_factory=dict)  # recipe -> its last Conan install

    def gate_block(self) -> dict[str, Any]:
        return {"gated": self.gated, "budgets": self.plan.budgets, "thresholds": self.thresholds}

    def judged(self, row: dict[str, Any]) -> dict[str, Any]:
        return comparison.with_gate([row], self.baseline, self.gated, self.plan.budgets, self.thresholds,
                                    self.plan.source)[0]


def judge(env, run: Run):
    searched = {t.key for t in run.plan.targets if t.searched}

    def broke(result: dict[str, Any], key: str) -> list[str]:
        return run.judged({**comparison.row_from_report(result, key), "searched": key in searched})["broke"]
    return broke


TIMINGS = "_timings.json"  # in the build folder: each step's seconds, the last time it ran
# a step by where its first target is (checked in this order) or what it is called
STEP_FOLDERS = (("_models/", "model"), ("_tools/", "tools"), ("/gen/", "convert"), ("/probe/", "probe"))
STEP_FILES = (("arena.c", "probe"), ("run.json", "run"), ("report.json", "report"), (".elf", "link"),
              (".o", "compile"), (".a", "compile"))


def step_times(build_dir: Path) -> dict[str, float]:
    """Every step's last time (folded in from this run), kept in <build>/_timings.json."""
    path = build_dir / TIMINGS
    try:
        known = json.loads(path.read_text())
    except (OSError, ValueError):
        known = {}  # missing or damaged: what this run timed is still right
    if not isinstance(known, dict) or not all(isinstance(v, (int, float)) for v in known.values()):
        known = {}
    for step, seconds in buildlog.SECONDS.items():
        if Path(step).is_relative_to(build_dir):
            known[str(Path(step).relative_to(build_dir))] = round(seconds, 3)
    tmp = path.with_name(f".{TIMINGS}.{id(known)}.tmp")
    tmp.write_text(json.dumps(known, sort_keys=True))
    tmp.replace(path)
    return known


def _kind(step: str) -> str:
    return next((kind for part, kind in STEP_FOLDERS if part in f"/{step}"),
                next((kind for suffix, kind in STEP_FILES if step.endswith(suffix)), "other"))


def deploy_seconds(node, build_dir: Path, times: dict[str, float], fetch: float | None) -> dict[str, Any]:
    """What it takes from nothing to this target's checked result: the Conan install of its engine and
    every step it depends on, each at its last measured time, added as if run one after the other."""
    steps: dict[str, float] = {"fetch": fetch or 0.0}
    seen, stack, cmake_builds = set(), [node], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        path = Path(current.get_abspath())
        built = cmake_build.build_seconds(path) if path.is_relative_to(build_dir) else None
        if built:  # an engine's own CMake build: one step, however many libraries it installed
            if built[0] not in cmake_builds:
                cmake_builds.add(built[0])
                steps["engine build"] = steps.get("engine build", 0.0) + built[1]
        elif path.is_relative_to(build_dir):
            relative = str(path.relative_to(build_dir))
            if relative in times:
                steps[_kind(relative)] = steps.get(_kind(relative), 0.0) + times[relative]
        stack.extend(current.all_children(scan=0))
    return {"cold_s": round(sum(steps.values()), 1), "steps_s": {k: round(v, 2) for k, v in sorted(steps.items())},
            "fetch_known": fetch is not None}


def _failed_below(node, memo: dict[int, list]) -> list:
    """The failed nodes in a node's dependency tree (each tree walked once per run)."""
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = []
    found = [node] if node.get_state() == SCons.Node.failed else []
    for child in node.all_children(scan=0):
        found += [n for n in _failed_below(child, memo) if n not in found]
    memo[id(node)] = found
    return found


def _log_text(nodes: list, failures: dict[str, Any]) -> str:
    parts = []
    for node in nodes:
        path = node.get_abspath()
        failure = failures.get(path)
        command = getattr(failure, "command", None)
        command = " ".join(map(str, command)) if isinstance(command, (list, tuple)) else command
        parts += [f"step: {path}", f"error: {getattr(failure, 'errstr', 'failed')}"]
        if command:
            parts.append(f"command: {command}")
        output = buildlog.MESSAGES.get(path) or buildlog.REFUSED.get(path) or buildlog.COMMANDS.get(command or "")
        parts += [output.rstrip() if output else "(the step printed nothing edgebench kept; see the run's output)",
                  ""]
    return "\n".join(parts)


def _unbuilt_row(target: matrix.Target, failed: list, failures: dict[str, Any], logs: dict[str, str],
                 build_dir: Path) -> dict[str, Any]:
    base = (target.key, target.board["name"], target.engine["name"], target.model["name"], target.options)
    refused = [buildlog.REFUSED[n.get_abspath()] for n in failed if n.get_abspath() in buildlog.REFUSED]
    if refused:
        return comparison.base_row(*base, "refused", refused[0].splitlines()[0])
    if not failed:
        return comparison.base_row(*base, "not_built", "not built in this run (interrupted, or scons -n/-q)")
    name = target.key.replace("/", "__") + ".log"
    logs[name] = _log_text(failed, failures)
    first = failed[0].get_abspath()
    step = str(Path(first).relative_to(build_dir)) if Path(first).is_relative_to(build_dir) else first
    message = buildlog.MESSAGES.get(first, "")
    reason = f"step {step} failed" + (f": {message.splitlines()[0]}" if message else "")
    row = comparison.base_row(*base, "failed", reason)
    row["log"] = f"logs/{name}"
    return row


def finish(env, run: Run, verdicts) -> None:
    """Every combination's row, written whole to the report folder; the table and what broke printed.
    Runs at exit, after SCons has decided its exit status: if the comparison cannot be made, the run
    must not end as a success, so it ends here with status 2 (SCons has written its database)."""
    try:
        _finish(env, run, verdicts)
    except Exception as exc:  # noqa: BLE001 - any failure here would otherwise pass silently
        print(f"edgebench: error: the comparison could not be written: {exc!r}", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(2)


def _finish(env, run: Run, verdicts) -> None:
    failures = {getattr(f.node, "abspath", str(f.node)): f for f in SCons.Script.GetBuildFailures()}
    memo: dict[int, list] = {}
    rows, logs = [], {}
    times = step_times(run.build_dir)
    for alias in env.Flatten(verdicts):
        node, _ = alias.attributes.eb_report
        target: matrix.Target = alias.attributes.eb_target
        path = Path(node.get_abspath())
        if node.get_state() in (SCons.Node.executed, SCons.Node.up_to_date) and path.is_file():
            row = comparison.row_from_report(json.loads(path.read_text()), target.key,
                                             path.relative_to(run.build_dir))
            row["deploy"] = deploy_seconds(node, run.build_dir, times, run.fetch_seconds.get(target.engine["recipe"]))
            row["cold_s"] = row["deploy"]["cold_s"]
        else:
            failed = _failed_below(node, memo)
            # SCons marks every node above a failure failed too: the steps that failed are its failures
            row = _unbuilt_row(target, [n for n in failed if n.get_abspath() in failures] or failed, failures, logs,
                               run.build_dir)
        row["searched"] = target.searched
        rows.append(row)
    rows += [comparison.base_row(r.key, r.board, r.engine, r.model, r.options, "refused", r.reason)
             for r in run.plan.refused]
    rows = comparison.with_gate(rows, run.baseline, run.gated, run.plan.budgets, run.thresholds, run.plan.source)
    doc = comparison.document(rows, matrix.describe(run.plan), run.gate_block(),
                              comparison.baseline_summary(run.baseline))
    comparison.write(doc, run.report_dir, logs=logs)
    print_outcome(doc, run.report_dir)


def print_outcome(doc: dict[str, Any], report_dir: Path) -> None:
    """The comparison's tables (as in matrix.md; many refusals summed up) and, last, what broke."""
    refused = [r for r in doc["rows"] if r["status"] == "refused"]
    shown = {**doc, "rows": [r for r in doc["rows"] if r["status"] != "refused"]} if len(refused) > 10 else doc
    sys.stdout.write("\n" + markdown(shown, what_broke=False))
    if shown is not doc:
        print(f"({len(refused)} combinations refused: matrix.md says why for each)")
    print(f"edgebench: comparison in {report_dir}/ (matrix.json, matrix.csv, matrix.md; failed steps' logs in logs/)")
    if doc["broke"]:
        print(f"edgebench: {len(doc['broke'])} problem(s):\n  " + "\n  ".join(doc["broke"]))


def make_run(env, plan, build_dir, report_dir, gated, thresholds, baseline, fetch_seconds) -> Run:
    return Run(plan, Path(build_dir), Path(report_dir), gated, thresholds, baseline, fetch_seconds)


def merge_reports(env, paths: str, launch_dir: Path, report_dir: Path, baseline, thresholds) -> int:
    """merge=: shard reports -> one comparison (compared with baseline= when given); the exit status."""
    doc = comparison.merge(paths, launch_dir)
    if baseline is not None or thresholds:
        block = {**doc["gate"], "gated": True, "thresholds": {**doc["gate"].get("thresholds", {}), **thresholds}}
        rows = comparison.with_gate(doc["rows"], baseline, True, block.get("budgets", []), block["thresholds"],
                                    (doc["matrix"] or {}).get("source", "merge"))
        doc = comparison.document(rows, doc["matrix"], block, comparison.baseline_summary(baseline))
    comparison.write(doc, report_dir)
    print_outcome(doc, report_dir)
    return 1 if doc["broke"] else 0


def generate(env):
    env.AddMethod(make_run, "EbMatrixRun")
    env.AddMethod(merge_reports, "EbMergeReports")
    env.AddMethod(judge, "EbMatrixJudge")
    env.AddMethod(finish, "EbMatrixFinish")


def exists(env):
    return True
