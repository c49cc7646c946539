"""edgebench emulator tool: the instruction-counting QEMU plugin and runs.

Adds builder-methods EbQemuPlugin(target) (plugins/insn_count.c built with
the host compiler) and EbRun(board, elf, plugin) -> run.json beside the ELF.
"""
import json
import re
import signal
from pathlib import Path

from edgebench import insn_mix, qemu
from edgebench.errors import RunError, build_step

PLUGIN_SOURCE = Path(__file__).resolve().parents[2] / "plugins" / "insn_count.c"


def qemu_plugin(env, target):
    host = env.Clone(CC="gcc", CCFLAGS=["-O2", "-Wall", "-Wextra", "-fvisibility=hidden"], CPPPATH=[],
                     CPPDEFINES=[], SHLIBPREFIX="", SHLIBSUFFIX=".so", LIBS=[], LINKFLAGS=[])
    obj = host.SharedObject(f"{target}.os", str(PLUGIN_SOURCE))
    return host.SharedLibrary(target, obj)


# Signals a guest cannot send its emulator: a run ended by one of these was
# interrupted (Ctrl-C, kill, a closed terminal), and says nothing about the
# firmware. (A guest's own fault kills qemu-user with SIGSEGV, SIGABRT, ....)
INTERRUPTIONS = {signal.SIGINT, signal.SIGTERM, signal.SIGKILL, signal.SIGHUP, signal.SIGQUIT}


# qemu-system catches those signals itself: it says so and exits with status 0.
TERMINATED = re.compile(r"^qemu-system-[\w-]+: terminating on signal (\d+)", re.M)


def interruption(record: dict) -> str | None:
    """The signal that stopped a run from outside, if one did."""
    codes = [record.get("exit_code"), record.get("native", {}).get("exit_code")]
    codes += [-int(n) for n in TERMINATED.findall(record.get("log_tail", ""))]
    for code in codes:
        if isinstance(code, int) and code < 0 and -code in INTERRUPTIONS:
            return signal.Signals(-code).name
    return None


@build_step
def _run(target, source, env):
    record = qemu.run(env["EB_BOARD"], Path(str(source[0])), Path(str(source[1])).resolve())
    stopped = interruption(record)
    if stopped:
        # No run.json: nothing may be left that a later build takes as this run's result.
        raise RunError(f"the run of {source[0]} was interrupted ({stopped}); it is not a result, "
                       "and the next build runs it again")
    out = Path(str(target[0]))
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=2))
    tmp.replace(out)
    return 0


def run(env, board, elf, plugin):
    target = Path(str(elf[0])).parent / "run.json"
    # elf: the link's targets (the ELF first; its link record, when there is one, says whether it can run)
    sources = [elf[0], plugin, *elf[1:], env.Value(json.dumps(board["emulator"], sort_keys=True)),
               # the instruction mix's classes: the rules, and which instruction set's apply
               str(insn_mix.CLASSES_FILE), str(Path(insn_mix.__file__)), env.Value(insn_mix.isa_of(board))]
    return env.Command(str(target), sources, env.Action(_run, strfunction=_describe), EB_BOARD=board)


# A Python strfunction: SCons (4.11) leaves $TARGET empty in a function action's cmdstr.
def _describe(target, source, env) -> str:
    return f"RUN {source[0]} on {env['EB_BOARD']['emulator']['qemu']}"


def generate(env):
    env.AddMethod(qemu_plugin, "EbQemuPlugin")
    env.AddMethod(run, "EbRun")


def exists(env):
    return env.WhereIs("gcc") is not None
