"""edgebench model data tool.

Reads: EB_CONAN_HOME. Adds builder EbModelData: (out_dir/model.*, model_io.json,
testset.npz, reference.npz) from a model manifest (or a user's model file),
so a model is fetched or trained, and run on the host reference, once for
every board and engine that uses it.
"""
import json
from pathlib import Path

from edgebench import modeldata


def _build(target, source, env):
    model = env["EB_MODEL"]
    modeldata.prepare(model, Path(str(target[0])).parent, Path(env["EB_CONAN_HOME"]))
    return 0


def model_data(env, model, out_dir):
    files = modeldata.paths(Path(out_dir), model)
    manifest = {k: (str(v) if isinstance(v, Path) else v) for k, v in model.items()}
    sources = [str(model["file"]), env.Value(json.dumps(manifest, sort_keys=True))]
    return env.Command([str(p) for p in files.values()], sources,
                       env.Action(_build, "$EB_MODELCOMSTR"), EB_MODEL=model)


def generate(env):
    env.SetDefault(EB_MODELCOMSTR="Preparing model data in ${TARGET.dir}")
    env.AddMethod(model_data, "EbModelData")


def exists(env):
    return True
