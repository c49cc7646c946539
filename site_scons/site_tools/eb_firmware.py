"""edgebench firmware tool: compile and link one board x engine x model.

Adds method EbFirmware(board, engine, options, package_dir, gen_dir, out_dir)
-> the linked ELF node (the link map is written beside it). Objects go to
out_dir/obj/<component>/, which is how the size report tells engine, model,
harness and test data apart.
"""
from pathlib import Path

from edgebench import toolchain
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


def _engine_sources(engine, package_dir):
    return sorted({path for pattern in engine.get("sources", []) for path in Path(package_dir).glob(pattern)})


def _model_sources(engine, gen_dir):
    return [Path(gen_dir) / name if (Path(gen_dir) / name).suffix and not (engine["folder"] / name).exists()
            else engine["folder"] / name for name in engine.get("model_sources", [])]


def firmware(env, board, engine, options, package_dir, gen_dir, out_dir):
    out = Path(out_dir)
    env = env.Clone(**toolchain.compiler(board))
    env.Replace(CCFLAGS=toolchain.cflags(board, engine, options), CFLAGS=[],
                CPPDEFINES=toolchain.defines(engine, options),
                CPPPATH=[str(HARNESS_DIR), str(gen_dir), str(engine["folder"]),
                         *[str(Path(package_dir) / d) for d in engine.get("include_dirs", [])]],
                LINKFLAGS=toolchain.linkflags(board, out / "firmware.map"), LIBS=["m"])
    obj = out / "obj"
    objects = (_objects(env, "harness", toolchain.harness_sources(HARNESS_DIR, board), obj, HARNESS_DIR)
               + _objects(env, "harness", [engine["folder"] / g for g in engine["glue"]], obj, engine["folder"])
               + _objects(env, "test_data", [Path(gen_dir) / "inputs.c"], obj, gen_dir)
               + _objects(env, "model", _model_sources(engine, gen_dir), obj, engine["folder"])
               + _objects(env, "engine", _engine_sources(engine, package_dir), obj, package_dir))
    elf = env.Program(str(out / "firmware.elf"), objects)
    env.SideEffect(str(out / "firmware.map"), elf)
    env.Clean(elf, str(out / "firmware.map"))
    return elf


def generate(env):
    env.SetDefault(CCCOMSTR="CC ${TARGET}", LINKCOMSTR="LINK ${TARGET}")
    env.AddMethod(firmware, "EbFirmware")


def exists(env):
    return True
