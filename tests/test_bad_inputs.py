"""Inputs checked before anything builds (issue 7, section 5), where a case does not fit the
catalogue's one-command table (tests/test_catalogue.py holds the bad inputs themselves)."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT, SCONS, copy_project, make_dense_onnx, scons
from edgebench import engines, preflight, toolchain
from edgebench.boards import load_board


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("bad"))


def test_help_lists_every_board_engine_and_model(fresh: Path) -> None:
    done = scons(fresh, "-h")
    assert done.returncode == 0
    for folder in ("boards", "models"):
        for path in (fresh / folder).glob("*.yaml"):
            assert f"    {path.stem} " in done.stdout
    assert "    emlearn " in done.stdout and "engine_opts" in done.stdout
    assert "method=loadable|inline" in done.stdout and "opt_level=0|1" in done.stdout  # engine options


def test_relative_paths_are_taken_from_where_scons_starts(fresh: Path) -> None:
    """Under -u (and -C) SCons works in the top directory; a path typed on the command
    line still means what it means in the shell that typed it."""
    sub = fresh / "work"
    sub.mkdir(exist_ok=True)
    make_dense_onnx(sub / "mine.onnx")
    (sub / "ovl" / "boards").mkdir(parents=True, exist_ok=True)
    done = subprocess.run([str(SCONS), "-Q", "-u", "board=host", "engine=emlearn",
                           "model=mine.onnx", "overlay=ovl"], cwd=sub, capture_output=True, text=True, check=False,
                          env={k: v for k, v in os.environ.items() if k != "EDGEBENCH_CONAN_HOME"})
    # Found (and refused only because emlearn takes scikit-learn models), not "does not exist".
    assert done.returncode == 2
    assert "engine 'emlearn' takes sklearn models, not onnx" in done.stderr, done.stderr


def test_engine_files_speak_the_board_feature_vocabulary() -> None:
    """Every word an engine requires or keys a default on is a feature a board can declare
    (or a model tag); tinymaix's RV64V once required 'rv_v', which no board could have."""
    for path in sorted((PROJECT / "engines").glob("*/engine.yaml")):
        engines.load_engine(path)
    options = engines.load_engine(PROJECT / "engines" / "tinymaix" / "engine.yaml")["options"]
    assert options["arch"]["choices"]["RV64V"]["requires"] == ["rvv", "model_float32"]


def test_every_board_tool_has_its_debian_package_and_setup_installs_it() -> None:
    """Every command a board names (its C++ compiler too) and every file its C++ support needs
    (toolchains/libc.yaml) has its Debian package, and setup.sh installs each of them."""
    packages = preflight.debian_packages()
    setup = (PROJECT / "setup.sh").read_text()
    installed = set(re.search(r"APT_PACKAGES=\(([^)]*)\)", setup).group(1).split())
    assert set(packages.values()) <= installed, set(packages.values()) - installed
    for path in sorted((PROJECT / "boards").glob("*.yaml")):
        board = load_board(path)
        for command, _ in preflight._tools(board, cxx=True):
            assert command in packages, f"{path.name}: {command} has no Debian package in toolchains/packages.yaml"
        for need in (toolchain.cxx_support(board) or {}).get("needs", []):
            assert need["package"] in installed, f"{path.name}: {need['file']} needs {need['package']}, not in setup.sh"


def _fake_qemu(path: Path, machine: str) -> Path:
    path.write_text(f'#!/bin/sh\ncase "$1" in -M) echo "Supported machines are:"; echo "{machine}  A board";;\n'
                    f'*) echo "Available CPUs:"; echo "  core-a";; esac\nexit 1\n')
    path.chmod(0o755)
    return path


def test_qemu_lists_are_cached_per_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A no-op build must not start QEMU: its lists come from the cache while the binary is unchanged."""
    qemu = _fake_qemu(tmp_path / "qemu-system-fake", "board-a")
    cache = tmp_path / "cache"
    assert preflight.qemu_lists(str(qemu), cache)["machines"] == ["board-a"]
    assert preflight.qemu_lists(str(qemu), cache)["cpus"] == ["core-a"]

    def no_qemu(*args, **kwargs):
        raise AssertionError("QEMU started although its lists are cached")

    monkeypatch.setattr(preflight.subprocess, "run", no_qemu)
    assert preflight.qemu_lists(str(qemu), cache)["machines"] == ["board-a"]
    monkeypatch.undo()
    _fake_qemu(qemu, "board-bb")  # another QEMU in its place: asked again
    assert preflight.qemu_lists(str(qemu), cache)["machines"] == ["board-bb"]


def test_qemu_that_does_not_start_is_named(tmp_path: Path) -> None:
    """An executable QEMU that cannot run (another architecture's binary) is an error naming it, not a
    traceback from the preflight."""
    qemu = tmp_path / "qemu-system-broken"
    qemu.write_bytes(b"\x7fELF not really")
    qemu.chmod(0o755)
    with pytest.raises(preflight.InputError, match="qemu-system-broken does not start"):
        preflight.qemu_lists(str(qemu), tmp_path / "cache")


def test_conan_home_inside_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(preflight.InputError, match="is inside .*file, which is a file"):
        preflight.check_conan_home(tmp_path / "file" / "conan2")


def test_every_boards_qemu_lists_are_cached_once(tmp_path: Path) -> None:
    """The QEMU listing is asked once per binary, then read from the cache: for every board's
    QEMU the cached lists are whole (the RISC-V CPU listing has no heading line, which once left
    its list empty and had every build ask QEMU again)."""
    import shutil as shell
    from unittest import mock

    from conftest import PROJECT
    from edgebench import preflight
    from edgebench.boards import load_board

    binaries = {load_board(p)["emulator"]["qemu"] for p in (PROJECT / "boards").glob("*.yaml")}
    for qemu in sorted(b for b in binaries if shell.which(b)):
        first = preflight.qemu_lists(qemu, tmp_path)
        assert first["cpus"], qemu
        with mock.patch.object(preflight, "_help", side_effect=AssertionError(f"{qemu} asked again")):
            assert preflight.qemu_lists(qemu, tmp_path) == first
