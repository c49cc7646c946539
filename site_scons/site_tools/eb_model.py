"""edgebench model data tool.

Reads: EB_CONAN_HOME. Adds
- EbModelData(model, out_dir): (out_dir/model.*, model_io.json, testset.npz) from a model manifest
  (or a user's model file and the files of its own test inputs), so a model is fetched or
  trained once for every board and engine that uses it;
- EbReference(model, out_dir, variant): the host reference's outputs on those test inputs,
  out_dir/reference.npz for the default reference or reference.<variant>.npz for the variant an
  engine asks for (references.py); made only when a target depends on it, once per model and
  variant.
"""
import json
from pathlib import Path

from edgebench import modeldata, references, testset
from edgebench.errors import build_step
from edgebench.frontends import frontend


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


@build_step
def _reference(target, source, env):
    files = modeldata.paths(Path(str(target[0])).parent, env["EB_MODEL"])
    inputs, _ = modeldata.load_testset(files["testset"])
    references.compute(env["EB_MODEL"]["format"], files["model"], inputs, env["EB_VARIANT"], Path(str(target[0])))
    return 0


def reference(env, model, out_dir, variant):
    files = modeldata.paths(Path(out_dir), model)
    # The frontend runs the interpreter: a change to how it is driven computes the outputs again.
    sources = [str(files["model"]), str(files["testset"]), str(Path(frontend(model["format"]).__file__)),
               env.Value(variant)]
    return env.Command(str(references.path(Path(out_dir), variant)), sources,
                       env.Action(_reference, strfunction=_describe), EB_MODEL=model, EB_VARIANT=variant)


# A Python strfunction: SCons (4.11) leaves $TARGET empty in a function action's cmdstr.
def _describe(target, source, env) -> str:
    return f"MODEL {target[0] if len(target) == 1 else target[0].dir}"


def generate(env):
    env.AddMethod(model_data, "EbModelData")
    env.AddMethod(reference, "EbReference")


def exists(env):
    return True
