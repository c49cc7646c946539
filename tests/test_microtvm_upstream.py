"""microTVM for real: needs the TVM 0.18 tool package in the Conan home EDGEBENCH_CONAN_HOME names
(built from apache/tvm and its submodules at their pins, about an hour on 2 cores, or restored
with `conan cache restore`: README, microTVM), CMSIS-NN 4.1.0 and the model files. Marked
`upstream`; skips with the reason where the package is not there: a test never builds TVM.

mnist and cifar10 on the Cortex-M4 with TVM's own C and with CMSIS-NN, the application-owned
workspace, the same sources from two conversions, and mnist on every board."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import EMULATED_BOARDS, copy_project, report, scons, target_dir

pytestmark = pytest.mark.upstream
TVM = "tvm/0.18.0"


def tvm_home() -> Path:
    """The Conan home holding TVM's package, or a skip saying why there is none."""
    home = os.environ.get("EDGEBENCH_CONAN_HOME")
    if not home:
        pytest.skip("EDGEBENCH_CONAN_HOME names no Conan home holding the TVM 0.18 tool package "
                    "(README, microTVM: build it once, or restore it)")
    from conan.api.conan_api import ConanAPI
    from conan.api.model import ListPattern

    listed = ConanAPI(cache_folder=home).list.select(ListPattern(f"{TVM}:*", rrev=None, prev=None))
    if not any(revision.get("packages") for recipe in listed.serialize().values()
               for revision in recipe.get("revisions", {}).values()):
        pytest.skip(f"no {TVM} package in {home} (README, microTVM: build it once, or restore it)")
    return Path(home)


@pytest.fixture(scope="module")
def m4(tmp_path_factory) -> dict:
    """mnist and cifar10 on the Cortex-M4, each backend, and the application-owned workspace."""
    home = tvm_home()
    project = copy_project(tmp_path_factory.mktemp("microtvm"))
    env = {"EDGEBENCH_CONAN_HOME": str(home)}
    runs = {}
    for opts in ("backend=c", "backend=cmsis_nn", "workspace=application"):
        runs[opts] = scons(project, "-j2", "-k", "board=nucleo_f411re", "engine=microtvm", "model=mnist,cifar10",
                           f"engine_opts={opts}", env=env, timeout=5400)
    return {"project": project, "env": env, "runs": runs}


def m4_report(m4: dict, model: str, opts: str) -> dict:
    return report(m4["project"], "nucleo_f411re", "microtvm", model, opts)


@pytest.mark.parametrize("model", ["mnist", "cifar10"])
@pytest.mark.parametrize("opts", ["backend=c", "backend=cmsis_nn"])
def test_compiled_model_passes_the_check_on_the_m4(m4: dict, model: str, opts: str) -> None:
    assert m4["runs"][opts].returncode == 0, m4["runs"][opts].stdout[-3000:] + m4["runs"][opts].stderr[-3000:]
    result = m4_report(m4, model, opts)
    assert result["passed"], result["verdict"]
    details = result["engine_details"]
    assert details["workspace_bytes"] > 0 and "--target-c-mcpu cortex-m4" in details["tvmc"]
    # the planned workspace is static RAM of the image
    assert result["size"]["ram"]["static"] > details["workspace_bytes"]


@pytest.mark.parametrize("model", ["mnist", "cifar10"])
def test_cmsis_nn_takes_fewer_instructions_and_links_cmsis_nn(m4: dict, model: str) -> None:
    own, cmsis = m4_report(m4, model, "backend=c"), m4_report(m4, model, "backend=cmsis_nn")
    assert cmsis["run"]["instructions"] < own["run"]["instructions"]
    symbols = subprocess.run(["arm-none-eabi-nm", str(target_dir(m4["project"], "nucleo_f411re", "microtvm", model,
                                                                 "backend=cmsis_nn") / "firmware.elf")],
                             capture_output=True, text=True, check=True).stdout
    assert re.search(r" T arm_convolve_\w*s8", symbols)


def test_application_workspace_is_the_planned_size_in_its_own_section(m4: dict) -> None:
    result = m4_report(m4, "cifar10", "workspace=application")
    assert result["passed"], result["verdict"]
    elf = target_dir(m4["project"], "nucleo_f411re", "microtvm", "cifar10", "workspace=application") / "firmware.elf"
    sections = subprocess.run(["arm-none-eabi-objdump", "-t", str(elf)], capture_output=True, text=True,
                              check=True).stdout
    line = next(line for line in sections.splitlines() if line.rstrip().endswith(" eb_tvm_workspace"))
    assert ".bss.eb_tvm_workspace" in line or " .bss" in line
    assert int(line.split()[-2], 16) == result["engine_details"]["workspace_bytes"]


def test_two_conversions_give_the_same_sources(m4: dict, tmp_path: Path) -> None:
    other = copy_project(tmp_path / "again")
    done = scons(other, "board=nucleo_f411re", "engine=microtvm", "model=cifar10", env=m4["env"], timeout=3600)
    assert done.returncode == 0, done.stderr[-3000:]
    first = target_dir(m4["project"], "nucleo_f411re", "microtvm", "cifar10") / "gen"
    second = target_dir(other, "nucleo_f411re", "microtvm", "cifar10") / "gen"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_mnist_on_every_board(tmp_path: Path) -> None:
    """Plain C runs anywhere: every board gives a report (ok, or a board it does not fit)."""
    home = tvm_home()
    project = copy_project(tmp_path / "p")
    done = scons(project, "-j2", "-k", f"board={','.join(EMULATED_BOARDS)}", "engine=microtvm", "model=mnist",
                 env={"EDGEBENCH_CONAN_HOME": str(home)}, timeout=5400)
    for board in EMULATED_BOARDS:
        result = report(project, board, "microtvm", "mnist")
        assert result["passed"] or not result["size"]["fit"]["fits"], (board, result["verdict"], done.stderr[-2000:])

