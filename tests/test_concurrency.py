"""Two scons runs at once sharing one Conan home: the lock serialises Conan,
both builds succeed and agree on the package."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import SCONS, copy_project, report
from edgebench.sources import state_dir


def test_two_builds_share_a_conan_home(tmp_path: Path) -> None:
    home = tmp_path / "shared-home" / "conan2"
    env = {**os.environ, "EDGEBENCH_CONAN_HOME": str(home)}
    projects = [copy_project(tmp_path / name) for name in ("a", "b")]
    runs = [subprocess.Popen([str(SCONS), "-Q", "board=host", "engine=emlearn", "model=digits_mlp"], cwd=p, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for p in projects]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert all(report(p, "host", "emlearn", "digits_mlp")["passed"] for p in projects)
    assert len(list((state_dir(home) / "packages").glob("emlearn-*.json"))) == 1
