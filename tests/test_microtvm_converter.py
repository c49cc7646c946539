"""The microTVM converter's own logic, without TVM: the tvmc command per board and option set, the
interface read from tvmgen_default.h, the normalised AOT main function, tvmc's errors as refusals or
failures. (Running tvmc for real: tests/test_microtvm_upstream.py.)"""
from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import tarfile
from pathlib import Path

import pytest
from conftest import PROJECT
from edgebench.boards import load_board
from edgebench.errors import ToolError, UnsupportedModel

spec = importlib.util.spec_from_file_location("microtvm_convert", PROJECT / "engines" / "microtvm" / "convert.py")
convert = importlib.util.module_from_spec(spec)
spec.loader.exec_module(convert)

HEADER = """#ifndef TVMGEN_DEFAULT_H_
struct tvmgen_default_inputs {
  void* serving_default_input_1_0;
};
struct tvmgen_default_outputs {
  void* StatefulPartitionedCall_0;
  void* aux;
};
#endif
"""


def board(name: str) -> dict:
    return load_board(PROJECT / "boards" / f"{name}.yaml")


def arguments(name: str, **options: str) -> list[str]:
    return convert.tvmc_arguments(Path("/m/model.tflite"), "tflite", {"backend": "c", "workspace": "generated",
                                                                       **options}, board(name), Path("/o/model.tar"))


def test_cortex_m_boards_get_their_core_as_mcpu() -> None:
    args = arguments("nucleo_f411re")
    assert args[args.index("--target") + 1] == "c"
    assert args[args.index("--target-c-mcpu") + 1] == "cortex-m4"
    assert arguments("mps3_an547")[arguments("mps3_an547").index("--target-c-mcpu") + 1] == "cortex-m55"


@pytest.mark.parametrize("name", ["host", "hifive1", "k210", "pynq_z2"])
def test_other_cores_get_plain_c(name: str) -> None:
    args = arguments(name)
    assert args[args.index("--target") + 1] == "c" and not any(a.startswith("--target-c-") for a in args)


def test_cmsis_nn_backend_partitions_to_cmsis_nn_then_c_with_the_core_for_both() -> None:
    args = arguments("stm32f746g_disco", backend="cmsis_nn")
    assert args[args.index("--target") + 1] == "cmsis-nn, c"
    assert args[args.index("--target-cmsis-nn-mcpu") + 1] == "cortex-m7"
    assert args[args.index("--target-c-mcpu") + 1] == "cortex-m7"


def test_fixed_executor_and_interface() -> None:
    text = " ".join(arguments("nucleo_f411re"))
    for part in ("--runtime crt", "--executor aot", "--executor-aot-interface-api c",
                 "--executor-aot-unpacked-api 1", "tir.usmp.enable=1", "--output-format mlf"):
        assert part in text
    assert "--workspace-pools" not in text


def test_application_workspace_is_one_pool_for_every_target() -> None:
    args = arguments("nucleo_f411re", backend="cmsis_nn", workspace="application")
    assert args[args.index("--workspace-pools") + 1] == "eb_tvm_workspace"
    assert args[args.index("--workspace-pools-targets") + 1] == "eb_tvm_workspace:cmsis-nn,c"


def test_tvmc_runs_with_pythons_random_numbers_seeded() -> None:
    """TVM's DSP kernels name their helpers with random.choices: seeded, the names are the same."""
    program = arguments("nucleo_f411re")[1]
    assert "random.seed(0)" in program and "run_module('tvm.driver.tvmc'" in program


def test_interface_structs_are_read_in_order() -> None:
    assert convert._members(HEADER, "inputs") == ["serving_default_input_1_0"]
    assert convert._members(HEADER, "outputs") == ["StatefulPartitionedCall_0", "aux"]
    assert convert._members(HEADER, "workspace_pools") == []


def test_main_functions_workspace_places_are_sorted_and_nothing_else_moves() -> None:
    text = "\n".join(["int32_t f() {", "  void* sid_6_let = (&(w[96]));", "  void* sid_2_let = (&(w[0]));",
                      "  void* sid_10_let = (&(w[8]));", "  g();", "  void* sid_5_let = (&(w[1]));",
                      "  void* sid_1_let = (&(w[2]));", "}", ""])
    assert convert.normalised(text) == "\n".join([
        "int32_t f() {", "  void* sid_2_let = (&(w[0]));", "  void* sid_6_let = (&(w[96]));",
        "  void* sid_10_let = (&(w[8]));", "  g();", "  void* sid_1_let = (&(w[2]));",
        "  void* sid_5_let = (&(w[1]));", "}", ""])
    assert convert.normalised("a\nb") == "a\nb"


def test_unpack_keeps_the_generated_c_and_reads_the_metadata(tmp_path: Path) -> None:
    archive = tmp_path / "model.tar"
    with tarfile.open(archive, "w") as tar:
        for name, text in {"./metadata.json": json.dumps({"version": 7}),
                           "./codegen/host/src/default_lib1.c": "  void* sid_2_let = x;\n  void* sid_1_let = y;\n",
                           "./runtime/src/crt.c": "int crt;", "./templates/platform.c.template": ""}.items():
            data = text.encode()
            member = tarfile.TarInfo(name)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    metadata = convert._unpack(archive, tmp_path / "mlf")
    assert metadata == {"version": 7}
    assert sorted(str(p.relative_to(tmp_path / "mlf")) for p in (tmp_path / "mlf").rglob("*") if p.is_file()) == [
        "codegen/host/src/default_lib1.c"]
    assert (tmp_path / "mlf" / "codegen/host/src/default_lib1.c").read_text().startswith("  void* sid_1_let")


class FakeTool:
    def __init__(self, code: int, printed: str) -> None:
        self.code, self.printed = code, printed

    def run(self, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.CompletedProcess(args, self.code, "", self.printed)


def test_an_operator_tvm_lacks_is_a_refusal_and_a_crash_a_failure(tmp_path: Path) -> None:
    lacks = "tvm.error.OpNotImplemented: The following operators are not supported for frontend TFLite: 'GELU'"
    with pytest.raises(UnsupportedModel, match="TVM 0.18 refuses it: OpNotImplemented.*GELU"):
        convert._compile(FakeTool(1, lacks), [], tmp_path)
    with pytest.raises(ToolError, match="(?s)tvmc failed \\(exit -6\\).*InternalError"):
        convert._compile(FakeTool(-6, "terminate called ... InternalError: Check failed"), [], tmp_path)
    convert._compile(FakeTool(0, ""), [], tmp_path)  # success says nothing


def test_engine_yaml_lists_every_wrapper_the_converter_writes() -> None:
    import yaml

    engine = yaml.safe_load((PROJECT / "engines" / "microtvm" / "engine.yaml").read_text())
    wrappers = [f"eb_tvm_lib{k}.c" for k in range(convert.LIB_WRAPPERS)]
    assert set(wrappers) <= set(engine["generated"]) and set(wrappers) <= set(engine["model_sources"])
