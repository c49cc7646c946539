"""Caches isolated and safe to share (issue 7, section 4): state belongs to the
Conan home that is named, one checkout takes concurrent scons runs, and a
build writes nothing into the checkout but build/ (or where build_dir= says)."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

from conftest import SCONS, copy_project, git, report, scons
from edgebench.sources import state_dir

EMLEARN = ["engine=emlearn", "model=digits_mlp"]


def _start(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    environment = {**os.environ, **(env or {})}
    if not env or "EDGEBENCH_CONAN_HOME" not in env:
        environment.pop("EDGEBENCH_CONAN_HOME", None)
    return subprocess.Popen([str(SCONS), "-Q", *args], cwd=project, env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _did_nothing(output: str) -> bool:
    return not any(line.startswith(("CC ", "LINK ", "RUN ", "REPORT ", "MODEL ", "CONVERT "))
                   for line in output.splitlines())


def test_two_homes_in_one_folder_share_nothing(tmp_path: Path) -> None:
    """EDGEBENCH_CONAN_HOME=/x/h1, then /x/h2: h2 gets its own package (and its own memo of it)."""
    project = copy_project(tmp_path / "p")
    homes = [tmp_path / "x" / "h1", tmp_path / "x" / "h2"]
    for home in homes:
        done = scons(project, "board=host", *EMLEARN, env={"EDGEBENCH_CONAN_HOME": str(home)})
        assert done.returncode == 0, done.stderr[-2000:]
    for home in homes:
        memos = list((state_dir(home) / "packages").glob("emlearn-*.json"))
        assert len(memos) == 1, home
        assert Path(json.loads(memos[0].read_text())["packages"][0]["package_folder"]).is_relative_to(home)
    assert not (tmp_path / "x" / "sources").exists() and not (tmp_path / "x" / "downloads").exists()


def test_same_target_twice_at_once(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    runs = [_start(project, "board=host", *EMLEARN) for _ in range(2)]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert any("waiting for another run" in out for out in outputs), outputs
    assert report(project, "host", "emlearn", "digits_mlp")["passed"]
    again = scons(project, "board=host", *EMLEARN)
    assert again.returncode == 0 and _did_nothing(again.stdout), again.stdout


def test_different_targets_at_once_keep_each_others_records(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    runs = [_start(project, f"board={board}", *EMLEARN) for board in ("host", "nucleo_f411re")]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    again = scons(project, "board=host,nucleo_f411re", *EMLEARN)
    assert again.returncode == 0 and _did_nothing(again.stdout), again.stdout


def test_a_build_leaves_the_tracked_tree_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    (project / ".gitignore").write_text((Path(__file__).parents[1] / ".gitignore").read_text())
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "checkout")
    done = scons(project, "board=host", *EMLEARN, "engine_opts=method=inline")
    assert done.returncode == 0, done.stderr[-2000:]
    assert git(project, "status", "--porcelain", "--untracked-files=all") == ""


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def test_build_dir_elsewhere_writes_nothing_in_the_checkout(tmp_path: Path) -> None:
    """What a read-only checkout needs: outputs, SCons's records and the Conan home all elsewhere."""
    project = copy_project(tmp_path / "p")
    before = _tree(project)
    outside = tmp_path / "outside"
    done = scons(project, "board=host", *EMLEARN, f"build_dir={outside / 'build'}",
                 env={"EDGEBENCH_CONAN_HOME": str(outside / "conan2")})
    assert done.returncode == 0, done.stderr[-2000:]
    assert _tree(project) == before
    assert json.loads((outside / "build" / "host" / "emlearn" / "digits_mlp" / "report.json").read_text())["passed"]
    assert "host/emlearn/digits_mlp: ok" in done.stdout


def test_a_second_first_run_may_find_the_first_ones_lock(tmp_path: Path) -> None:
    """Two first runs on a new build_dir=: the second may see the first's lock before its marker."""
    import pytest
    from edgebench import builddir
    from edgebench.errors import InputError

    new = tmp_path / "new"
    new.mkdir()
    (new / builddir.LOCK).write_text("pid 1\n")
    builddir._claim(new, default=False)
    assert (new / builddir.MARKER).is_file()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / builddir.LOCK).write_text("")
    (foreign / "thesis.tex").write_text("precious")
    with pytest.raises(InputError, match="already holds files that edgebench did not put there"):
        builddir._claim(foreign, default=False)


def test_a_bad_argument_touches_no_build_directory(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    done = scons(project, "board=nosuch", *EMLEARN, f"build_dir={tmp_path / 'out'}")
    assert done.returncode == 2 and "unknown board 'nosuch'" in done.stderr
    assert not (tmp_path / "out").exists()
    assert scons(project, "board=nosuch", *EMLEARN).returncode == 2
    assert not (project / "build").exists()
