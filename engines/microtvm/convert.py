"""microTVM converter: tvmc compiles the model ahead of time into C (Model Library Format), in
TVM's own Python (the tool package, edgebench/tools.py); this file then writes eb_tvm_model.c, the
model's C library with the input and output buffers the glue hands to the harness.

Executor and interface as microTVM's own examples for bare-metal boards: the AOT executor, its C
interface and unpacked calls (tvmgen_default_run takes structs of plain pointers), and USMP, which
plans every intermediate tensor into one static pool, so no TVM runtime links into the image.
"""
from __future__ import annotations

import json
import re
import shutil
import string
import tarfile
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).parent
POOL = "eb_tvm_workspace"
# tvmc, with Python's random numbers seeded: TVM's Cortex-M DSP kernels name their C helpers with
# random.choices (topi/arm_cpu/mprofile/dsp/micro_kernel), so unseeded every conversion differs.
TVMC = ["-c", "import random, runpy, sys; random.seed(0); sys.argv[0] = 'tvmc'; "
              "runpy.run_module('tvm.driver.tvmc', run_name='__main__')"]
# The AOT main function declares its tensors' places in the workspace in the order of a C++ map
# keyed by pointers, so in a different order from run to run (the places are the same): sorted.
SID_LET = re.compile(r"^\s*void\* sid_(\d+)_let = .*;$")
# tvmc's errors that mean "TVM cannot take this model" rather than "TVM broke".
# tvmc writes a number of C files that depends on the model and backend (default_lib0.c, ...), each
# its own translation unit (their declarations of one function differ in pointer types); the build
# knows its sources before converting, so engine.yaml names this many wrappers, eb_tvm_lib<k>.c, each
# compiling one of them or nothing.
LIB_WRAPPERS = 8
REFUSALS = re.compile(r"(OpNotImplemented|not supported|Unsupported|is not implemented)[^\n]*")


def tvmc_arguments(model_path: Path, model_format: str, options: dict[str, Any], board: dict[str, Any],
                   output: Path) -> list[str]:
    """The tvmc command line for this model, option set and board."""
    targets = ["cmsis-nn", "c"] if options["backend"] == "cmsis_nn" else ["c"]
    # -mcpu only where TVM has schedules for the core (Cortex-M: its DSP ones); elsewhere plain C.
    mcpu = board["cpu"]["core"] if "m_profile" in board["cpu"]["features"] else None
    args = [*TVMC, "compile", str(model_path), "--model-format", model_format,
            "--target", ", ".join(targets)]
    for target in targets if mcpu else []:
        args += [f"--target-{target}-mcpu", mcpu]
    args += ["--runtime", "crt", "--executor", "aot", "--executor-aot-interface-api", "c",
             "--executor-aot-unpacked-api", "1", "--pass-config", "tir.usmp.enable=1",
             # the C code generator's vector types are not C: scalar loops, which gcc may vectorise
             "--pass-config", "tir.disable_vectorize=1",
             "--output-format", "mlf", "--output", str(output)]
    if options["workspace"] == "application":
        args += ["--workspace-pools", POOL, "--workspace-pools-targets", f"{POOL}:{','.join(targets)}"]
    return args


def normalised(text: str) -> str:
    """`text` with each run of consecutive sid_N_let declarations in order of N."""
    lines, out, run = text.split("\n"), [], []
    for line in lines + [""]:
        if SID_LET.match(line):
            run.append(line)
            continue
        out += sorted(run, key=lambda decl: int(SID_LET.match(decl).group(1)))
        run = []
        out.append(line)
    return "\n".join(out[:-1])


def _unpack(archive: Path, mlf: Path) -> dict[str, Any]:
    """The generated C of tvmc's Model Library Format archive into `mlf` (not the C runtime and the
    templates it also holds: the image needs none of them), normalised; its metadata."""
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith("./codegen/") or m.name.startswith("codegen/")]
        tar.extractall(mlf, members=members, filter="data")
        metadata = json.load(tar.extractfile("./metadata.json" if "./metadata.json" in tar.getnames()
                                             else "metadata.json"))
    for source in (mlf / "codegen" / "host" / "src").glob("*.c"):
        source.write_text(normalised(source.read_text()))
    return metadata


def _compile(tool: Any, args: list[str], cwd: Path) -> None:
    from edgebench.errors import ToolError, UnsupportedModel

    done = tool.run(args, cwd=cwd)
    if done.returncode == 0:
        return
    printed = (done.stdout + done.stderr).strip()
    refusal = REFUSALS.search(printed)
    if refusal:
        raise UnsupportedModel(f"TVM 0.18 refuses it: {refusal.group(0).strip()}")
    hint = ("\n(TVM needs LLVM 14 at run time: apt install libllvm14)" if "libLLVM-14" in printed else "")
    raise ToolError(f"tvmc failed (exit {done.returncode}):\n{printed[-3000:]}{hint}")


def _members(header: str, suffix: str) -> list[str]:
    """The fields of struct tvmgen_default_<suffix> (all `void* name;`), in order."""
    found = re.search(r"struct tvmgen_default_%s \{(.*?)\};" % suffix, header, re.S)
    return re.findall(r"void\s*\*\s*(\w+);", found.group(1)) if found else []


def _bytes(tensor: dict[str, Any]) -> int:
    return int(np.prod(tensor["shape"])) * np.dtype(tensor["dtype"]).itemsize


def _buffers(kind: str, names: list[str], tensors: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(C definitions of the buffers, designated initialisers of the struct)."""
    definitions, fields = [], []
    for index, (name, tensor) in enumerate(zip(names, tensors, strict=True)):
        definitions.append(f"static uint8_t eb_tvm_{kind}{index}[{_bytes(tensor)}] __attribute__((aligned(16)));")
        fields.append(f".{name} = eb_tvm_{kind}{index}")
    return definitions, fields


def convert(model_path: Path, model_format: str, spec: dict[str, Any], options: dict[str, Any], out_dir: Path,
            tool: Any, board: dict[str, Any]) -> dict[str, Any]:
    from edgebench.errors import ToolError

    scratch = out_dir / "tvmc"
    scratch.mkdir()
    archive = scratch / "model.tar"
    args = tvmc_arguments(model_path, model_format, options, board, archive)
    _compile(tool, args, scratch)
    mlf = out_dir / "mlf"
    metadata = _unpack(archive, mlf)
    shutil.rmtree(scratch)
    # default_lib0.c, default_lib1.c, ... in number order
    sources = sorted((mlf / "codegen" / "host" / "src").glob("*.c"),
                     key=lambda p: [int(n) for n in re.findall(r"\d+", p.name)])
    header_path = mlf / "codegen" / "host" / "include" / "tvmgen_default.h"
    header = header_path.read_text()
    # the generated sources include it as <tvmgen_default.h>: from the model's folder, on the include path
    shutil.copy(header_path, out_dir / "tvmgen_default.h")
    inputs, outputs = _members(header, "inputs"), _members(header, "outputs")
    if len(inputs) != len(spec["inputs"]) or len(outputs) != len(spec["outputs"]):
        raise ToolError(f"tvmc's interface has {len(inputs)} input(s) and {len(outputs)} output(s), the model "
                        f"{len(spec['inputs'])} and {len(spec['outputs'])}")
    if len(sources) > LIB_WRAPPERS:
        raise ToolError(f"tvmc wrote {len(sources)} C files; engines/microtvm compiles at most {LIB_WRAPPERS} "
                        "(raise LIB_WRAPPERS in convert.py and list the wrappers in engine.yaml)")
    for index in range(LIB_WRAPPERS):
        wrapper = (f'#include "mlf/codegen/host/src/{sources[index].name}"\n' if index < len(sources)
                   else "/* tvmc wrote no more C files for this model */\ntypedef int eb_tvm_nothing;\n")
        (out_dir / f"eb_tvm_lib{index}.c").write_text(wrapper)
    in_defs, in_fields = _buffers("in", inputs, spec["inputs"])
    out_defs, out_fields = _buffers("out", outputs, spec["outputs"])
    main = metadata["modules"]["default"]["memory"]["functions"]["main"][0]
    application = options["workspace"] == "application"
    pool_size = f"TVMGEN_DEFAULT_{POOL.upper()}_WORKSPACE_POOL_SIZE"
    values = {
        "buffers": "\n".join(in_defs + out_defs),
        "inputs": ", ".join(in_fields), "outputs": ", ".join(out_fields),
        "pool": (f"static uint8_t {POOL}[{pool_size}] __attribute__((section(\".bss.{POOL}\"), aligned(16)));\n"
                 f"static struct tvmgen_default_workspace_pools eb_tvm_pools = {{.{POOL} = {POOL}}};"
                 if application else ""),
        "pools_arg": ", &eb_tvm_pools" if application else "",
        "outputs_table": ", ".join(f"{{eb_tvm_out{i}, sizeof eb_tvm_out{i}}}" for i in range(len(outputs))),
        "count": len(outputs)}
    template = string.Template((HERE / "eb_tvm_model.c.in").read_text())
    (out_dir / "eb_tvm_model.c").write_text(template.substitute(values))
    details = {"tvmc": " ".join(a if not a.startswith("/") else Path(a).name for a in args[len(TVMC):]),
               "workspace_bytes": int(main["workspace_size_bytes"]), "generated_files": [p.name for p in sources],
               "workspace": "application pool eb_tvm_workspace" if application else "generated static pool"}
    return {"inputs": spec["inputs"], "outputs": spec["outputs"], "details": details}
