"""A QEMU that will not start says why in the run's verdict (issue 7): its own last error line
goes into the run detail, not only "exit status 1"."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PROJECT
from edgebench import qemu
from edgebench.boards import load_board

needs_qemu = pytest.mark.skipif(shutil.which("qemu-system-arm") is None, reason="qemu-system-arm not installed")


def _run_with(tmp_path: Path, options: list[str], plugin: str | None = None) -> dict:
    """What the run record would say for nucleo_f411re with these emulator options (QEMU fails on
    them before it loads the ELF, so none is needed)."""
    board = load_board(PROJECT / "boards" / "nucleo_f411re.yaml")
    board["emulator"] = {**board["emulator"], "options": options}
    cmd = qemu.command(board, tmp_path / qemu.RUN_NAME, plugin)
    rc, text = qemu._execute(cmd, 60, tmp_path)
    return qemu._status(rc, qemu.parse_output(text), text)


@needs_qemu
@pytest.mark.parametrize(("options", "plugin", "says"), [
    (["-no-such-option"], None, "qemu-system-arm: -no-such-option: invalid option"),
    ([], "/no/such/plugin.so", "qemu-system-arm: Could not load plugin /no/such/plugin.so"),
])
def test_qemu_start_failure_names_its_reason(tmp_path: Path, options: list[str], plugin: str | None,
                                             says: str) -> None:
    status = _run_with(tmp_path, options, plugin)
    assert status["status"] == "error"
    assert "before the harness finished (the emulator said: " in status["detail"]
    assert says in status["detail"], status


@pytest.mark.parametrize(("text", "said"), [
    ("qemu: module ui-ui-gtk not found\nqemu-system-arm: -foo: invalid option\n",
     "qemu-system-arm: -foo: invalid option"),
    ("qemu-arm: first\nguest output\nqemu-arm: Could not open 'x': No such file\n",
     "qemu-arm: Could not open 'x': No such file"),
    ("EB:OUT 0 0 00\nguest printed this\n", None),  # nothing from QEMU itself: the detail stays as it was
    ("", None),
])
def test_emulator_error_is_qemus_last_error_line(text: str, said: str | None) -> None:
    assert qemu.emulator_error(text) == said
    detail = qemu._status(1, qemu.parse_output(text), text)["detail"]
    assert detail == "exit status 1 before the harness finished" + (f" (the emulator said: {said})" if said else "")
