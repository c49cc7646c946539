"""The catalogue of bad inputs, faults and abuse (issue 7): every case a user
or an adversary can throw at edgebench, with the exit status and the words
it must answer with. One row per case; the table only grows.

A row runs `scons <argv>` in a fresh copy of the project after `prepare`
(which may edit the copy, build something first, or corrupt an output), then
checks the exit status, that every fragment of `says` is in what scons
printed (stdout + stderr), and `then` (further checks on the project, e.g.
that nothing half-written was left). Rows that need no build before the
failing command are cheap (one scons start-up); keep rows that build few and
on the host board.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import copy_project, scons

GOOD = ["board=host", "engine=emlearn", "model=digits_mlp"]


@dataclass
class Case:
    id: str
    argv: list[str]
    status: int  # expected exit status of the failing command
    says: list[str]  # fragments that must appear in stdout + stderr
    prepare: Callable[[Path], None] | None = None  # called with the project copy before the command
    then: Callable[[Path, str], None] | None = None  # called with the project copy and the output after it
    env: dict[str, str] = field(default_factory=dict)


def replace_in(relative: str, old: str, new: str) -> Callable[[Path], None]:
    """A `prepare` that edits one file of the project copy (the old text must be there)."""
    def prepare(project: Path) -> None:
        path = project / relative
        text = path.read_text()
        assert old in text, f"{relative} no longer holds {old!r}"
        path.write_text(text.replace(old, new, 1))
    return prepare


def nothing_built(project: Path, output: str) -> None:
    assert not (project / "build" / "host").exists(), output


CASES: list[Case] = []

# --- 1. the output check (verdicts) -------------------------------------------------------------

# --- 2. engine bugs named (TinyMaix saturation), a user's own test inputs ----------------------

# --- 3. no stale or sticky results ---------------------------------------------------------------

# --- 4. caches isolated and safe to share ----------------------------------------------------------

# --- 5. inputs checked before anything builds ------------------------------------------------------

# --- 6. numbers that reconcile and reproduce -----------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_catalogue(case: Case, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    if case.prepare:
        case.prepare(project)
    done = scons(project, *case.argv, env=case.env or None)
    output = done.stdout + done.stderr
    assert done.returncode == case.status, output[-3000:]
    for fragment in case.says:
        assert fragment in output, f"{fragment!r} not in:\n{output[-3000:]}"
    assert "Traceback" not in output, output[-3000:]
    if case.then:
        case.then(project, output)
