"""A verdict always describes the current inputs (issue 7, section 3): a failing
report is not sticky, an interrupted run leaves nothing to be taken as its
result, and where scons is started from does not change what it builds."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import SCONS, copy_project, report, scons

EMLEARN = ["engine=emlearn", "model=digits_mlp"]


def test_a_failed_verdict_is_not_taken_as_up_to_date(tmp_path: Path) -> None:
    """ok -> shrink the board's RAM (fails: does not fit) -> restore: the restored board is judged again."""
    project = copy_project(tmp_path / "p")
    board = project / "boards" / "nucleo_f411re.yaml"
    original = board.read_text()
    assert scons(project, "board=nucleo_f411re", *EMLEARN).returncode == 0
    board.write_text(original.replace("size_bytes: 131072}", "size_bytes: 4096}"))
    shrunk = scons(project, "board=nucleo_f411re", *EMLEARN)
    assert shrunk.returncode != 0 and "does not fit" in shrunk.stdout
    assert report(project, "nucleo_f411re", "emlearn", "digits_mlp")["verdict"].startswith("does not fit")
    board.write_text(original)
    restored = scons(project, "board=nucleo_f411re", *EMLEARN)
    assert restored.returncode == 0, restored.stdout[-2000:]
    assert report(project, "nucleo_f411re", "emlearn", "digits_mlp")["passed"]
    assert "nucleo_f411re/emlearn/digits_mlp: ok" in restored.stdout


def _wait_for_emulator(project: Path, timeout: float = 60) -> int:
    """The pid of a QEMU started by a build of `project` (its counting plugin is the project's)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            try:
                argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            except OSError:
                continue
            if "qemu" in argv[0] and any(arg.startswith(str(project / "build")) for arg in argv):
                return int(entry.name)
        time.sleep(0.1)
    raise AssertionError(f"no emulator of {project} running after {timeout} s")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_run_is_run_again(tmp_path: Path, fixture_overlay: dict, how: signal.Signals) -> None:
    """Kill the emulator mid-RUN: no run.json, no report; the next identical build runs it again
    (here the fixture firmware hangs, so the second run ends in the board's timeout)."""
    project = copy_project(tmp_path / "p")
    boards = tmp_path / "overlay" / "boards"
    boards.mkdir(parents=True)
    text = (project / "boards" / "nucleo_f411re.yaml").read_text()
    (boards / "slow_board.yaml").write_text(text.replace("name: nucleo_f411re", "name: slow_board")
                                            .replace("timeout_s: 300", "timeout_s: 4"))
    argv = [str(SCONS), "-Q", f"overlay={fixture_overlay['overlay']},{tmp_path / 'overlay'}", "engine=fixture",
            f"model={fixture_overlay['model']}", "board=slow_board", "engine_opts=behaviour=2"]
    environment = {**os.environ, **fixture_overlay["env"]}
    environment.pop("EDGEBENCH_CONAN_HOME", None)
    build = subprocess.Popen(argv, cwd=project, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
    out = project / "build" / "slow_board" / "fixture@behaviour=2" / "dense"
    pid = _wait_for_emulator(project)
    time.sleep(1.5)  # past its start-up: qemu-system then catches the signal and exits with status 0
    os.kill(pid, how)
    output = build.communicate(timeout=120)[0]
    assert build.returncode != 0, output
    assert f"was interrupted ({how.name})" in output, output
    assert not (out / "run.json").exists() and not (out / "report.json").exists()
    again = subprocess.run(argv, cwd=project, env=environment, capture_output=True, text=True, timeout=120,
                           check=False)
    assert "RUN " in again.stdout, again.stdout
    assert report(project, "slow_board", "fixture", "dense", "behaviour=2")["run"]["status"] == "timeout"


def test_scons_u_from_a_subfolder_builds_the_requested_targets(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    done = scons(project / "boards", "-u", "board=host", *EMLEARN)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert report(project, "host", "emlearn", "digits_mlp")["passed"]
    assert "host/emlearn/digits_mlp: ok" in done.stdout
    assert not (project / "boards" / "build").exists()


def test_clean_with_arguments_removes_the_targets_model_data(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert scons(project, "board=host", *EMLEARN).returncode == 0
    assert (project / "build" / "_models" / "digits_mlp" / "reference.npz").is_file()
    assert scons(project, "-c", "board=host", *EMLEARN).returncode == 0
    assert not (project / "build" / "host" / "emlearn" / "digits_mlp").exists()
    assert not (project / "build" / "_models" / "digits_mlp").exists()
