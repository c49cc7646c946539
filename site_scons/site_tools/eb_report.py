"""edgebench report tool: size report, output check, report.json/report.md, the verdict gate.

Adds methods
- EbReport(meta, board, model, elf, run_json, gen_dir, model_dir, engine) -> (report.json, report.md):
  writes both reports whole and prints the summary line. The outputs are checked against the
  host reference the engine asks for (engine.yaml host_reference, else the format's default),
  made by EbReference; report.json `reference` says which. The step succeeds
  whatever the verdict, so SCons records the report as what these inputs give
  (a failed step is not recorded, and would later pass for up to date).
- EbVerdict(target, report, model_dir, judge=None) -> an alias, built every time, that fails
  when the report says the target failed (or, in a matrix, when it breaks the gate): this is what
  makes scons exit non-zero.
- EbPrintSummaries(verdicts, build_dir, explicit_targets): the end-of-build summary.
"""
import json
from pathlib import Path

import SCons.Node
import SCons.Script
from edgebench import elf as elf_reader
from edgebench import footprint, kernels, latency, linkmap, modeldata, outputcheck, references, report
from edgebench.errors import build_step
from edgebench.frontends import tflite


@build_step
def _report(target, source, env):
    out = Path(str(target[0])).parent
    meta, board, model = env["EB_META"], env["EB_BOARD"], env["EB_MODEL"]
    size = footprint.measure(out / "firmware.elf", out / "firmware.map", str(out / "obj"), board,
                             (str(kernels.library_root(out.parents[2], board["name"], meta["engine"])),))
    run = json.loads((out / "run.json").read_text())
    engine_io = json.loads((Path(env["EB_GEN_DIR"]) / "engine_io.json").read_text())
    files = modeldata.paths(Path(env["EB_MODEL_DIR"]), model)
    _, labels = modeldata.load_testset(files["testset"])
    model_io = json.loads(files["io"].read_text())
    reference = Path(env["EB_REFERENCE"])
    check = None
    if run["status"] == "ok":
        check = outputcheck.check(run, engine_io, references.load(reference), labels,
                                  env["EB_CHECK_RULES"], model_io,
                                  outputcheck.requantising_layers(model["format"], files["model"]),
                                  env["EB_SUSPECTS"])
    meta = {**meta, "engine_details": engine_io.get("details", {}), "host_accuracy": model_io.get("host_accuracy"),
            "reference": references.recorded(reference), **_arena(out, env["EB_ARENA_MARGIN"])}
    result = report.assemble(meta, size, run, check, engine_io.get("runtime_heap_bytes"))
    result["latency"] = latency.estimate(board, result["run"], result["run"]["instructions"], env["EB_THREADS"])
    report.write(result, Path(str(target[0])), Path(str(target[1])))
    print(report.summary(result))
    return 0


def _arena(out: Path, margin: int | None) -> dict:
    """For an engine with a probe-sized arena: what the probe found it needs (the smallest arena that
    initialises) and what the measured image reserves (eb_arena_bytes, from the image itself)."""
    probe = out / "probe" / "run.json"
    if margin is None or not probe.is_file():
        return {}
    run = json.loads(probe.read_text())
    reserved = elf_reader.symbol_size(out / "firmware.elf", "eb_arena")
    found = {"arena": {"probe_needs_bytes": (run.get("arena") or {}).get("used_bytes", run.get("arena_works_bytes")),
                       "margin_bytes": margin, "reserved_bytes": reserved}}
    if "arena" not in run and run.get("arena_works_bytes"):  # the search was cut short (eb_arena.py)
        found["arena"]["probe_cut_short"] = run["detail"]
    return found


def make_report(env, meta, board, model, elf, run_json, gen_dir, model_dir, engine=None):
    out = Path(str(elf[0])).parent
    files = modeldata.paths(Path(model_dir), model)
    reference = env.EbReference(model, model_dir, references.variant_for(engine, model["format"]))
    # tolerances and gates: the model's check:, then the chosen engine options' check: (later wins)
    rules = outputcheck.model_rules(model) + outputcheck.option_rules(engine or {}, meta["engine_options"])
    suspects = outputcheck.option_suspects(engine or {}, meta["engine_options"])
    # the model file too: its layers set the default tolerance
    sources = [elf, run_json, str(Path(gen_dir) / "engine_io.json"), reference, str(files["testset"]),
               str(files["model"]), str(files["io"]),
               env.Value(json.dumps(meta, sort_keys=True)), env.Value(json.dumps(board, sort_keys=True)),
               env.Value(json.dumps([rules, suspects], sort_keys=True)),
               # a newer edgebench measures or words the report differently
               *[str(Path(m.__file__)) for m in (footprint, linkmap, elf_reader, outputcheck, report, references,
                                                   tflite, latency)]]
    margin = (engine or {}).get("arena", {}).get("margin_bytes")
    threads = latency.threads(engine or {}, meta["engine_options"])
    sources.append(env.Value(f"threads {threads}"))
    if margin is not None:
        sources.append(str(out / "probe" / "run.json"))
    return env.Command([str(out / "report.json"), str(out / "report.md")], sources,
                       env.Action(_report, strfunction=_describe), EB_META=meta, EB_BOARD=board, EB_MODEL=model,
                       EB_GEN_DIR=str(gen_dir), EB_MODEL_DIR=str(model_dir), EB_REFERENCE=str(reference[0]),
                       EB_CHECK_RULES=rules, EB_SUSPECTS=suspects, EB_ARENA_MARGIN=margin, EB_THREADS=threads)


# A Python strfunction: SCons (4.11) leaves $TARGET empty in a function action's cmdstr.
def _describe(target, source, env) -> str:
    return f"REPORT {target[0]}"


def _gate(target, source, env):
    result = json.loads(Path(str(source[0])).read_text())
    judge = env["EB_JUDGE"]
    broke = judge(result, env["EB_KEY"]) if judge else ([] if result["passed"] else [result["verdict"]])
    for line in broke:
        print(f"edgebench: {env['EB_KEY']} failed: {line}")
    return 1 if broke else 0


def verdict(env, target, report_nodes, model_dir, judge=None):
    """judge(report, key) -> what the target breaks; by default, its report's verdict (in a matrix,
    eb_matrix's gate)."""
    gate = env.Alias(f"verdict:{target.key}", report_nodes[0],
                     env.Action(_gate, strfunction=lambda target, source, env: None), EB_KEY=target.key,
                     EB_JUDGE=judge)
    env.AlwaysBuild(gate)
    gate[0].attributes.eb_report = (report_nodes[0], str(model_dir))
    gate[0].attributes.eb_target = target
    return gate


def print_summaries(env, verdicts, build_dir, explicit_targets):
    """One line per target: its summary when its report is current, else why there is none. A report
    that this run neither wrote nor found up to date may describe other inputs: it is removed."""
    if explicit_targets:
        return  # the user asked SCons for particular files, not for these targets' verdicts
    failures = [getattr(f.node, "abspath", str(f.node)) for f in SCons.Script.GetBuildFailures()]
    lines = []
    for gate in env.Flatten(verdicts):
        node, model_dir = gate.attributes.eb_report
        path = Path(node.abspath)
        name = str(path.parent.relative_to(build_dir))
        if node.get_state() in (SCons.Node.executed, SCons.Node.up_to_date) and path.is_file():
            lines.append(report.summary(json.loads(path.read_text())))
            continue
        for stale in (path, path.with_suffix(".md")):
            stale.unlink(missing_ok=True)
        own = [f for f in failures if f.startswith((f"{path.parent}/", f"{model_dir}/"))]
        lines.append(f"{name}: not reported, an earlier step failed (see above)" if own else
                     f"{name}: not built, the build stopped at another target's failure (scons -k builds the rest)")
    if lines:
        print("edgebench summary:\n  " + "\n  ".join(lines))


def generate(env):
    env.AddMethod(make_report, "EbReport")
    env.AddMethod(verdict, "EbVerdict")
    env.AddMethod(print_summaries, "EbPrintSummaries")


def exists(env):
    return True
