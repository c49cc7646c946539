"""edgebench firmware tool: compile and link one board x engine x model.

Adds method EbFirmware(board, engine, options, packages, gen_dir, out_dir)
(packages: {package name: folder} of the engine's Conan graph, its own first)
-> the link's nodes: the ELF, its link map and, where our link step writes
one, its link record (firmware.link.json). Objects go to
out_dir/obj/<component>/, which is how the size report tells engine, model,
harness and test data apart.
"""
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from edgebench import buildlog, kernels, sources, toolchain
from edgebench.conversion import HARNESS_DIR


def _objects(env, component, sources, obj_dir, root):
    objects = []
    for source in map(Path, sources):
        try:
            stem = str(source.relative_to(root)).replace("/", "__")
        except ValueError:
            stem = source.name
        target = Path(obj_dir) / component / (stem.rsplit(".", 1)[0] + ".o")
        objects += env.Object(str(target), str(source))
    return objects


def _model_sources(engine, gen_dir):
    return [Path(gen_dir) / name if (Path(gen_dir) / name).suffix and not (engine["folder"] / name).exists()
            else engine["folder"] / name for name in engine.get("model_sources", [])]


OVERFLOW = re.compile(r"region `([^']+)' overflowed by (\d+) bytes")


def link_status_path(elf) -> Path:
    return Path(str(elf)).with_suffix(".link.json")


def _link(target, source, env):
    """Link; if the image overflows the stand-in's memory, link again on a
    grown layout (for the size report) and record that it cannot run."""
    start = time.monotonic()

    def attempt(flags):
        argv = env.Override({"LINKFLAGS": flags}).subst_list("$EB_LINKCOM", target=target, source=source)[0]
        return subprocess.run([str(a) for a in argv], capture_output=True, text=True, check=False, env=env["ENV"])

    done = attempt(env["LINKFLAGS"])
    status = {"runnable": True, "overflow": []}
    overflows = OVERFLOW.findall(done.stderr)
    if done.returncode != 0 and overflows:
        status = {"runnable": False, "overflow": [{"region": r, "bytes": int(n)} for r, n in overflows]}
        done = attempt(toolchain.linkflags(toolchain.measuring_board(env["EB_BOARD"]), Path(env["EB_MAP"])))
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr if done.returncode != 0 or status["runnable"] else "")
    if done.returncode == 0:
        link_status_path(target[0]).write_text(json.dumps(status))
    buildlog.timed(target, time.monotonic() - start)
    return done.returncode


def compile_env(env, board, engine, options, packages, build_dir, include_dirs=(), cmake_install=None):
    """The environment an engine's code compiles in, on its own (library, kernels) or with a model's
    generated folder and the harness (include_dirs first); cmake_install: the install prefix of a
    CMake engine's build, whose headers the glue includes."""
    env = env.Clone(**toolchain.compiler(board))
    # The engine's headers are someone else's: named with -isystem as well, gcc treats them as
    # system headers and keeps their warnings out of the log; CPPPATH still lists them so SCons scans
    # through them (TinyMaix's header includes a port header the converter generates).
    packaged = [str(d) for d in [*sources.engine_paths(engine, "include_dirs", packages),
                                 *kernels.option_include_dirs(engine, options, packages),
                                 *([Path(cmake_install) / d for d in engine["cmake"].get("include_dirs", [])]
                                   if cmake_install else [])]]
    maps = toolchain.prefix_maps(Path(env.Dir("#").abspath), Path(build_dir).resolve(), engine, packages)
    env.Replace(CCFLAGS=toolchain.common_flags(board, engine, options) + maps
                + [f for d in packaged for f in ("-isystem", d)],
                CFLAGS=list(toolchain.C_ONLY_FLAGS), CXXFLAGS=toolchain.cxx_only_flags(board, engine),
                CPPDEFINES=toolchain.defines(engine, options),
                CPPPATH=[*map(str, include_dirs), str(HARNESS_DIR), str(engine["folder"]), *packaged])
    return env


def firmware(env, board, engine, options, packages, gen_dir, out_dir, build_dir,
             engine_parts=(), arena_source=None, probe=False):
    """engine_parts: what EbEngineLibrary gives, for an engine with a library (else its `sources` are
    compiled here); arena_source: the arena.c of an engine with an arena; probe: an image that only
    measures initialisation (arena.c.in). It is linked on the stand-in's own layout: the grown one
    (toolchain.measuring_board) puts RAM where the emulated machine has none, so a bare-metal image
    linked on it cannot start; a probe too big for the stand-in is not run, and says so."""
    out = Path(out_dir)
    # a CMake engine's headers lie in the install prefix of the archives it links (engine.yaml
    # cmake.libraries are paths in that prefix)
    install = (Path(str(engine_parts[0])).parents[len(Path(engine["cmake"]["libraries"][0]).parts) - 1]
               if "cmake" in engine else None)
    env = compile_env(env, board, engine, options, packages, build_dir, include_dirs=[gen_dir], cmake_install=install)
    env.Replace(LINK=toolchain.link_driver(board, engine),
                LINKFLAGS=toolchain.linkflags(board, out / "firmware.map"),
                LIBS=[*(engine.get("cmake") or {}).get("system_libs", []), "m"],
                EB_BOARD=board, EB_MAP=str(out / "firmware.map"))
    harness_defines = [*(["EB_ARENA"] if "arena" in engine else []), *(["EB_PROBE"] if probe else [])]
    if board["emulator"] and board["emulator"].get("link"):
        env["EB_LINKCOM"] = env["LINKCOM"]
        # varlist: a function action's signature is its code, so name what
        # the link depends on, or a changed board layout would not relink.
        env["LINKCOM"] = env.Action(_link, strfunction=lambda target, source, env: f"LINK {target[0]}",
                                    varlist=["EB_LINKCOM", "LINKFLAGS", "LINK", "_LIBFLAGS", "_LIBDIRFLAGS"])
    obj = out / "obj"
    harness_env = env.Clone()
    harness_env.Append(CPPDEFINES=harness_defines)
    own = [] if engine_parts else sources.engine_paths(engine, "sources", packages)
    objects = (_objects(harness_env, "harness", toolchain.harness_sources(HARNESS_DIR, board, engine), obj, HARNESS_DIR)
               + _objects(env, "harness", [engine["folder"] / g for g in engine["glue"]], obj, engine["folder"])
               + _objects(env, "test_data", [Path(gen_dir) / "inputs.c"], obj, gen_dir)
               + _objects(env, "model", _model_sources(engine, gen_dir), obj, engine["folder"])
               + _objects(env, "engine", own, obj, next(iter(packages.values())))
               + (_objects(env, "engine", [Path(str(arena_source[0]))], obj, out) if arena_source else []))
    # Every object waits for the converter's headers, whether or not the
    # scanner can see the include chain to them (a generated port header
    # may be included from inside the engine's own headers).
    env.Depends(objects, [str(Path(gen_dir) / name) for name in engine.get("generated", []) if name.endswith(".h")])
    if "cmake" in engine:  # the glue includes headers its CMake install put beside the archives
        env.Depends(objects, list(engine_parts))
    # The map (and the link record, where our link step writes one) are targets of the link, not
    # side effects: SCons then records them too, and a damaged one is noticed (eb_integrity).
    extra = [out / "firmware.map"] + ([link_status_path(out / "firmware.elf")] if "EB_LINKCOM" in env else [])
    return env.Program([str(out / "firmware.elf"), *map(str, extra)], objects + list(engine_parts))


def generate(env):
    env.Tool("g++")  # C++ engines: the board's <prefix>g++ (toolchain.compiler) compiles .cc sources
    env.SetDefault(CCCOMSTR="CC ${TARGET}", CXXCOMSTR="CXX ${TARGET}", LINKCOMSTR="LINK ${TARGET}")
    env.AddMethod(compile_env, "EbCompileEnv")
    env.AddMethod(firmware, "EbFirmware")


def exists(env):
    return True
