"""edgebench model data tool.

Reads: EB_CONAN_HOME. Adds builder EbModelData: (out_dir/model.*, model_io.json,
testset.npz, reference.npz) from a model manifest (or a user's model file and
the files of its own test inputs),
so a model is fetched or trained, and run on the host reference, once for
every board and engine that uses it.
"""
import json
from pathlib import Path

from edgebench import modeldata, testset
from edgebench.errors import build_step


@build_step
def _build(target, source, env):
    model = env["EB_MODEL"]
    modeldata.prepare(model, Path(str(target[0])).parent, Path(env["EB_CONAN_HOME"]))
    return 0


def model_data(env, model, out_dir):
    files = modeldata.paths(Path(out_dir), model)
    manifest = {k: (str(v) if isinstance(v, Path) else v) for k, v in model.items()}
    # A user's own test inputs (inputs=): their content decides rebuilds as the model file's does.
    sources = [str(model["file"]), *map(str, testset.source_files(model)),
               env.Value(json.dumps(manifest, sort_keys=True))]
    return env.Command([str(p) for p in files.values()], sources,
                       env.Action(_build, strfunction=_describe), EB_MODEL=model)


# A Python strfunction: SCons (4.11) leaves $TARGET empty in a function action's cmdstr.
def _describe(target, source, env) -> str:
    return f"MODEL {target[0].dir}"


def generate(env):
    env.AddMethod(model_data, "EbModelData")


def exists(env):
    return True
