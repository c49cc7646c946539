"""edgebench report tool: size report, output check, report.json/report.md.

Adds method EbReport(meta, board, model, elf, run_json, gen_dir, model_dir)
-> (report.json, report.md). The action writes both reports whole, prints the
summary line, and fails the build (after writing) when the verdict is a fail.
"""
import json
from pathlib import Path

from edgebench import footprint, modeldata, outputcheck, report
from edgebench.errors import build_step


@build_step
def _report(target, source, env):
    out = Path(str(target[0])).parent
    meta, board, model = env["EB_META"], env["EB_BOARD"], env["EB_MODEL"]
    size = footprint.measure(out / "firmware.elf", out / "firmware.map", str(out / "obj"), board)
    run = json.loads((out / "run.json").read_text())
    engine_io = json.loads((Path(env["EB_GEN_DIR"]) / "engine_io.json").read_text())
    files = modeldata.paths(Path(env["EB_MODEL_DIR"]), model)
    _, labels = modeldata.load_testset(files["testset"])
    check = None
    if run["status"] == "ok":
        check = outputcheck.check(run, engine_io, modeldata.load_reference(files["reference"]), labels,
                                  model.get("check", {}).get("max_abs_diff"))
    model_io = json.loads(files["io"].read_text())
    meta = {**meta, "engine_details": engine_io.get("details", {}), "host_accuracy": model_io.get("host_accuracy")}
    result = report.assemble(meta, size, run, check, engine_io.get("runtime_heap_bytes"))
    report.write(result, Path(str(target[0])), Path(str(target[1])))
    print(report.summary(result))
    return 0 if result["passed"] else 1


def make_report(env, meta, board, model, elf, run_json, gen_dir, model_dir):
    out = Path(str(elf[0])).parent
    files = modeldata.paths(Path(model_dir), model)
    sources = [elf, run_json, str(Path(gen_dir) / "engine_io.json"), str(files["reference"]), str(files["testset"]),
               env.Value(json.dumps(meta, sort_keys=True)), env.Value(json.dumps(board, sort_keys=True)),
               # a newer edgebench measures or words the report differently
               *[str(Path(m.__file__)) for m in (footprint, outputcheck, report)]]
    return env.Command([str(out / "report.json"), str(out / "report.md")], sources,
                       env.Action(_report, strfunction=_describe), EB_META=meta, EB_BOARD=board, EB_MODEL=model,
                       EB_GEN_DIR=str(gen_dir), EB_MODEL_DIR=str(model_dir))


# A Python strfunction: SCons (4.11) leaves $TARGET empty in a function action's cmdstr.
def _describe(target, source, env) -> str:
    return f"REPORT {target[0]}"


def generate(env):
    env.AddMethod(make_report, "EbReport")


def exists(env):
    return True
