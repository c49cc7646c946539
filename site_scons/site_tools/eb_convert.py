"""edgebench model conversion tool.

Adds method EbConvert(engine, model, model_dir, options, out_dir, operators=None, tool=None,
board=None): runs the engine's converter (engines/<name>/<converter>) into out_dir, producing the
files the engine declares as `generated`, engine_io.json and inputs.c.
Re-runs only when the model data, the converter, the options, the engine's tool or (for a
converter that compiles for the board) the board's CPU change.
"""
import json
from pathlib import Path

from edgebench import conversion, modeldata
from edgebench.errors import build_step


@build_step
def _build(target, source, env):
    conversion.convert(env["EB_ENGINE"], env["EB_MODEL"], Path(env["EB_MODEL_DIR"]), env["EB_ENGINE_OPTIONS"],
                       Path(str(target[0])).parent, env["EB_OPERATORS"], env["EB_TOOL"], env["EB_BOARD"])
    return 0


def convert(env, engine, model, model_dir, options, out_dir, operators=None, tool=None, board=None):
    out = Path(out_dir)
    targets = [out / "engine_io.json", out / "inputs.c"] + [out / name for name in engine.get("generated", [])]
    files = modeldata.paths(Path(model_dir), model)
    folder = engine["folder"]
    # The converter and whatever it loads beside it, and edgebench's own conversion code.
    code = [*sorted(folder.glob("*.py")), *sorted(folder.glob("*.in")), Path(conversion.__file__),
            *sorted(Path(conversion.__file__).parent.joinpath("frontends").glob("*.py"))]
    sources = [str(files["model"]), str(files["io"]), str(files["testset"]), *map(str, code),
               str(conversion.HARNESS_DIR / "inputs.c.in"),
               env.Value(json.dumps(options, sort_keys=True)), env.Value(json.dumps(operators))]
    if tool is not None:
        sources.append(env.Value(f"tool {tool.name} {tool.digest}"))
    board = board if board is not None and conversion.wants_board(engine) else None
    if board is not None:
        sources.append(env.Value(json.dumps(board["cpu"], sort_keys=True)))
    return env.Command([str(t) for t in targets], sources, env.Action(_build, strfunction=_describe),
                       EB_ENGINE=engine, EB_MODEL=model, EB_MODEL_DIR=str(model_dir), EB_ENGINE_OPTIONS=options,
                       EB_OPERATORS=operators, EB_TOOL=tool, EB_BOARD=board)


# A Python strfunction: SCons (4.11) leaves $TARGET empty in a function action's cmdstr.
def _describe(target, source, env) -> str:
    return f"CONVERT {target[0].dir}"


def generate(env):
    env.AddMethod(convert, "EbConvert")


def exists(env):
    return True
