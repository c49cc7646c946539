"""edgebench CMake tool: an engine with its own build system, built once per board and option set.

Adds method EbCMakeLibrary(board, engine, options, packages, build_dir) -> the static archives the
engine's `cmake install` gave (engine.yaml cmake.libraries, in link order), which a model's link
takes as EbEngineLibrary's. They are rebuilt when the package's files (its Conan manifest), the
board's toolchain file, the configure values or the project's CMake change; not per model.
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


def cmake_library(env, board, engine, options, packages, build_dir):
    options = cmake_build.build_options(engine, options)
    key = json.dumps([board["name"], engine["name"], options], sort_keys=True)
    if key in _MADE:
        return _MADE[key]
    place = cmake_build.folder(build_dir, board, engine, options)
    root = next(iter(packages.values()))
    maps = toolchain.prefix_maps(Path(env.Dir("#").abspath), Path(build_dir).resolve(), engine, packages)
    config = cmake_build.configuration(board, engine, options, root / engine["cmake"].get("source", "."), maps)
    label = f"{engine['name']} for {board['name']}" + "".join(f", {k}={v}" for k, v in sorted(options.items()))
    targets = [str(place / "install" / name) for name in engine["cmake"]["libraries"]]
    changed = cmake_build.damage(place)
    if changed:  # its marker goes, so SCons builds it again
        print(f"edgebench: the CMake build of {label} changed since it was made ({changed}); building it again")
        (place / cmake_build.READY).unlink()
    sources = [env.Value(json.dumps(config, sort_keys=True))]
    manifest = root / "conanmanifest.txt"  # every file of the package, with its hash (Conan's own)
    if manifest.is_file():
        sources.append(str(manifest))
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
