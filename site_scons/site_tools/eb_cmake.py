"""edgebench CMake tool: an engine with its own build system, built once per board and option set.

Adds method EbCMakeLibrary(board, engine, options, packages, build_dir, model, gen_dir) -> the static
archives the engine's `cmake install` gave (engine.yaml cmake.libraries, in link order), which a
model's link takes as EbEngineLibrary's. They are rebuilt when the package's files (its Conan
manifest), the board's toolchain file, the configure values or the project's CMake change; not per
model, unless a chosen value's prepare command reads the model's generated files (ORT's operator
reduction), when each model has its own and they depend on those files too.
"""
import json
import os
from pathlib import Path

from edgebench import cmake_build, toolchain
from edgebench.errors import build_step

_MADE: dict = {}


@build_step
def _build(target, source, env):
    cmake_build.build(Path(env["EB_CMAKE_PLACE"]), env["EB_CMAKE_CONFIG"], os.cpu_count() or 1,
                      env["EB_CMAKE_LABEL"])
    return 0


def cmake_library(env, board, engine, options, packages, build_dir, model=None, gen_dir=None):
    options = cmake_build.build_options(engine, options)
    # a build that reads the model's generated files (its prepare command names {model}) is the model's
    model = model if cmake_build.per_model(engine, options) else None
    key = json.dumps([board["name"], engine["name"], options, model], sort_keys=True)
    if key in _MADE:
        return _MADE[key]
    place = cmake_build.folder(build_dir, board, engine, options, model)
    root = next(iter(packages.values()))
    maps = toolchain.prefix_maps(Path(env.Dir("#").abspath), Path(build_dir).resolve(), engine, packages)
    config = cmake_build.configuration(board, engine, options, root, maps, Path(gen_dir) if model else None)
    label = (f"{engine['name']} for {board['name']}" + "".join(f", {k}={v}" for k, v in sorted(options.items()))
             + (f", model {model}" if model else ""))
    targets = [str(place / "install" / name) for name in engine["cmake"]["libraries"]]
    changed = cmake_build.damage(place)
    if changed:  # its marker goes, so SCons builds it again
        print(f"edgebench: the CMake build of {label} changed since it was made ({changed}); building it again")
        (place / cmake_build.READY).unlink()
    sources = [env.Value(json.dumps(config, sort_keys=True))]
    manifest = root / "conanmanifest.txt"  # every file of the package, with its hash (Conan's own)
    if manifest.is_file():
        sources.append(str(manifest))
    if model:  # the prepare command reads what the converter made
        sources += [str(Path(gen_dir) / name) for name in cmake_build.model_inputs(engine, options)]
    nodes = env.Command(targets + [str(place / cmake_build.READY)], sources,
                        env.Action(_build, strfunction=lambda target, source, env: f"CMAKE {label}"),
                        EB_CMAKE_PLACE=str(place), EB_CMAKE_CONFIG=config, EB_CMAKE_LABEL=label)
    # The headers beside the archives are not targets SCons knows, so a cache could not give them
    # back: the libraries are built here or kept in build/, never fetched from a CacheDir.
    env.NoCache(nodes)
    _MADE[key] = nodes[:len(targets)]
    return _MADE[key]


def generate(env):
    env.AddMethod(cmake_library, "EbCMakeLibrary")


def exists(env):
    return True
