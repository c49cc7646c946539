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
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import SCons.Node
import SCons.Script
from edgebench import buildlog, comparison, matrix
from edgebench.comparison_md import markdown


@dataclass
class Run:
    plan: matrix.Matrix
    build_dir: Path
    report_dir: Path
    gated: bool
    thresholds: dict[str, float]
    baseline: dict[str, Any] | None = None
    extra_files: list = field(default_factory=list)  # (name, function(doc) -> text), e.g. matrix.html

    @property
    def previous(self) -> dict[str, dict[str, Any]]:
        return {row["key"]: row for row in (self.baseline or {}).get("rows", [])}

    def gate_block(self) -> dict[str, Any]:
        return {"gated": self.gated, "budgets": self.plan.budgets, "thresholds": self.thresholds}

    def judged(self, row: dict[str, Any]) -> dict[str, Any]:
        return comparison.with_gate([row], self.baseline, self.gated, self.plan.budgets, self.thresholds,
                                    self.plan.source)[0]


def judge(env, run: Run):
    def broke(result: dict[str, Any], key: str) -> list[str]:
        return run.judged(comparison.row_from_report(result, key))["broke"]
    return broke


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
    """Every combination's row, written whole to the report folder; the table and what broke printed."""
    failures = {getattr(f.node, "abspath", str(f.node)): f for f in SCons.Script.GetBuildFailures()}
    memo: dict[int, list] = {}
    rows, logs = [], {}
    for alias in env.Flatten(verdicts):
        node, _ = alias.attributes.eb_report
        target: matrix.Target = alias.attributes.eb_target
        path = Path(node.get_abspath())
        if node.get_state() in (SCons.Node.executed, SCons.Node.up_to_date) and path.is_file():
            row = comparison.row_from_report(json.loads(path.read_text()), target.key,
                                             path.relative_to(run.build_dir))
        else:
            failed = _failed_below(node, memo)
            # SCons marks every node above a failure failed too: the steps that failed are its failures
            row = _unbuilt_row(target, [n for n in failed if n.get_abspath() in failures] or failed, failures, logs,
                               run.build_dir)
        rows.append(row)
    rows += [comparison.base_row(r.key, r.board, r.engine, r.model, r.options, "refused", r.reason)
             for r in run.plan.refused]
    rows = comparison.with_gate(rows, run.baseline, run.gated, run.plan.budgets, run.thresholds, run.plan.source)
    doc = comparison.document(rows, matrix.describe(run.plan), run.gate_block(),
                              comparison.baseline_summary(run.baseline))
    extra = {name: render(doc) for name, render in run.extra_files}
    comparison.write(doc, run.report_dir, extra, logs)
    print_outcome(doc, run.report_dir)


def print_outcome(doc: dict[str, Any], report_dir: Path) -> None:
    """The comparison's tables (as in matrix.md) and, last, what broke."""
    sys.stdout.write("\n" + markdown(doc, what_broke=False))
    print(f"edgebench: comparison in {report_dir}/ (matrix.json, matrix.csv, matrix.md; failed steps' logs in logs/)")
    if doc["broke"]:
        print(f"edgebench: {len(doc['broke'])} problem(s):\n  " + "\n  ".join(doc["broke"]))


def make_run(env, plan, build_dir, report_dir, gated, thresholds, baseline) -> Run:
    return Run(plan, Path(build_dir), Path(report_dir), gated, thresholds, baseline)


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
