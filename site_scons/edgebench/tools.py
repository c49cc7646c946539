"""Compilers an engine runs at build time (engine.yaml `tool`): the engine's Conan package is the
compiler (a tool package: microTVM's TVM), and its converter runs it in the tool's own Python.

A tool's Python packages are not edgebench's: TVM 0.18 needs onnx 1.15 and numpy 1, which the
project's environment must not be pinned to. So each tool gets a virtual environment made from the
requirements file its package holds, inside the Conan home (edgebench/tools/, keyed by those
requirements and the Python that made it), made once and shared by every checkout using the home.
The tool runs with the run environment its recipe declares (package_info's runenv_info), and with
nothing of the user's own Python settings, so its output depends on its inputs only.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import sources
from .errors import InputError, SourceError

READY = "edgebench-tool.json"
# What a tool inherits from the caller's environment; everything else it gets from its recipe.
PASSED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TERM")
# A compiler written in Python that walks a set or a dict of strings emits in hash order (TVM's C
# code generator did): fixed, so that the same model gives the same sources. No bytecode is written
# beside the tool's Python, which lives in a Conan package whose every file is checked.
FIXED = {"PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1"}


@dataclass(frozen=True)
class Tool:
    """A tool package ready to run: its interpreter and the environment it runs with."""

    name: str
    python: Path
    env: dict[str, str]
    digest: str
    package: Path = field(compare=False)

    def run(self, args: list[str], cwd: Path, timeout_s: float = 3600) -> subprocess.CompletedProcess:
        """`python <args>` in the tool's environment; raises SourceError (with what the tool printed)
        when it cannot start, and returns the completed process otherwise."""
        try:
            return subprocess.run([str(self.python), *args], cwd=cwd, env=self.env, capture_output=True,
                                  text=True, timeout=timeout_s, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SourceError(f"tool {self.name} ({self.python}) did not run: {exc}") from exc


def tool_for(engine: dict[str, Any], folders: dict[str, Path], runenv: dict[str, str], home: Path) -> Tool | None:
    """The engine's tool (None for an engine without `tool`), its environment made on first use."""
    spec = engine.get("tool")
    if spec is None:
        return None
    package = next(iter(folders.values()))
    name = engine["recipe"]
    requirements = package / spec["python"]
    where = f"{engine.get('file', 'engine ' + engine['name'])}: field 'tool.python'"
    if not requirements.is_file():
        raise InputError(f"the package of {name} has no '{spec['python']}'", where=where,
                         expected="the path of the tool's Python requirements file in its package",
                         fix=f"correct the path, or make the recipe of {name} package that file")
    text = requirements.read_text()
    no_deps = bool(spec.get("no_deps"))
    digest = hashlib.sha256(json.dumps([text, sys.version, sys.executable, *(["no_deps"] if no_deps else [])])
                            .encode()).hexdigest()[:16]
    folder = sources.state_dir(home) / "tools" / f"{name.replace('/', '-')}-{digest}"
    if not _ready(folder, digest):
        with sources.locked(home):
            if not _ready(folder, digest):  # another run may have made it while this one waited
                _make(folder, requirements, name, digest, no_deps)
    env = {key: os.environ[key] for key in PASSED if key in os.environ}
    env.update(runenv)
    env.update(FIXED)
    env["VIRTUAL_ENV"] = str(folder)
    return Tool(name=name, python=folder / "bin" / "python", env=env,
                digest=hashlib.sha256(json.dumps([digest, runenv], sort_keys=True).encode()).hexdigest()[:16],
                package=package)


def _ready(folder: Path, digest: str) -> bool:
    """Made whole (the marker is written last) and still whole (its interpreter runs)."""
    try:
        marker = json.loads((folder / READY).read_text())
    except (OSError, ValueError):
        return False
    return marker.get("digest") == digest and os.access(folder / "bin" / "python", os.X_OK)


def _make(folder: Path, requirements: Path, name: str, digest: str, no_deps: bool = False) -> None:
    """A virtual environment with the requirements, made beside its place and renamed into it: an
    interrupted one is never taken for a made one. no_deps: the file pins every package the tool
    imports, installed as listed (a wheel may declare a dependency the tool's use never imports)."""
    print(f"edgebench: making the Python environment of tool {name} (once per Conan home)", flush=True)
    start = time.monotonic()
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    steps = [[sys.executable, "-m", "venv", str(tmp)],
             [str(tmp / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
              "--no-input", *(["--no-deps"] if no_deps else []), "-r", str(requirements)]]
    try:
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise SourceError(f"making the Python environment of tool {name} failed: {' '.join(step)}\n"
                                  f"{(done.stdout + done.stderr)[-3000:]}")
        (tmp / READY).write_text(json.dumps({"digest": digest, "requirements": requirements.read_text(),
                                             "seconds": round(time.monotonic() - start, 1)}))
        shutil.rmtree(folder, ignore_errors=True)  # a damaged one
        tmp.replace(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
