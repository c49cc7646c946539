"""Every board, built and run for real with the emlearn engine on a model
trained at build time: the outputs must match scikit-learn's, the size
numbers must equal binutils' size, instruction counts must repeat exactly."""
from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from conftest import EMULATED_BOARDS, report, scons
from edgebench import qemu
from edgebench.boards import load_board

MODEL = "digits_mlp"


@pytest.fixture(scope="module")
def built(project: Path) -> dict:
    done = scons(project, "-j2", f"board={','.join(EMULATED_BOARDS)}", "engine=emlearn", f"model={MODEL}")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return {"project": project, "output": done.stdout}


@pytest.mark.parametrize("board", EMULATED_BOARDS)
def test_board_runs_and_matches_reference(built: dict, board: str) -> None:
    result = report(built["project"], board, "emlearn", MODEL)
    assert result["passed"], result["verdict"]
    check = result["run"]["output_check"]
    assert check["inputs"] == 16 and check["tensors"][0]["top1_agree"] == 16
    assert check["tensors"][0]["max_abs_diff"] <= 1e-4
    assert result["run"]["instructions"] > 1000
    assert result["run"]["instructions_total"] > sum(result["run"]["instructions_per_input"])
    assert result["size"]["ram"]["stack_peak"] > 0
    assert (built["project"] / "build" / board / "emlearn" / MODEL / "report.md").read_text().startswith("# ")


@pytest.mark.parametrize("board", EMULATED_BOARDS)
def test_size_equals_binutils_size(built: dict, board: str) -> None:
    project = built["project"]
    board_data = load_board(project / "boards" / f"{board}.yaml")
    elf = project / "build" / board / "emlearn" / MODEL / "firmware.elf"
    out = subprocess.run([f"{board_data['toolchain']['prefix']}size", "-B", str(elf)], capture_output=True,
                         text=True, check=True).stdout.splitlines()[1].split()
    text, data, bss = map(int, out[:3])
    size = report(project, board, "emlearn", MODEL)["size"]
    assert size["berkeley"] == {"text": text, "data": data, "bss": bss}
    assert size["flash"]["used"] == text + data
    assert size["ram"]["static"] == data + bss


@pytest.mark.parametrize("board", EMULATED_BOARDS)
def test_components_add_up_to_sections(built: dict, board: str) -> None:
    size = report(built["project"], board, "emlearn", MODEL)["size"]
    for name, section in size["sections"].items():
        parts = sum(c["sections"].get(name, 0) for c in size["components"].values())
        assert parts == section["bytes"], name
    components = size["components"]
    assert components["model"]["bytes"] > 8 * 1024  # 64x32 float weights at least
    assert components["harness"]["bytes"] > 0 and components["test_data"]["bytes"] >= 16 * 64 * 4
    assert components["runtime"]["bytes"] > 0


def test_instruction_counts_repeat_exactly(built: dict) -> None:
    project = built["project"]
    board = load_board(project / "boards" / "nucleo_f411re.yaml")
    out = project / "build" / "nucleo_f411re" / "emlearn" / MODEL
    plugin = project / "build" / "_tools" / "insn_count.so"
    first = qemu.emulate(board, out / "firmware.elf", plugin)
    second = qemu.emulate(board, out / "firmware.elf", plugin)
    assert first["status"] == second["status"] == "ok"
    assert first["instructions_per_input"] == second["instructions_per_input"]
    assert first["instructions_total"] == second["instructions_total"]
    assert json.loads((out / "run.json").read_text())["instructions_per_input"] == first["instructions_per_input"]


def test_second_build_is_a_noop(built: dict) -> None:
    start = time.monotonic()
    again = scons(built["project"], "board=nucleo_f411re,host", "engine=emlearn", f"model={MODEL}")
    elapsed = time.monotonic() - start
    assert again.returncode == 0, again.stderr
    assert not [line for line in again.stdout.splitlines()
                if line.startswith(("CC ", "LINK ", "MODEL ", "CONVERT ", "RUN ", "REPORT "))], again.stdout
    assert "nucleo_f411re/emlearn/digits_mlp: ok" in again.stdout  # the summary, from the current report
    assert elapsed < 5  # generous for a loaded CI machine; bench/ prints the real figure


def test_host_reports_native_wall_time(built: dict) -> None:
    native = report(built["project"], "host", "emlearn", MODEL)["run"]["native"]
    assert native["status"] == "ok" and native["median_ns"] > 0 and native["repeats"] >= 1
