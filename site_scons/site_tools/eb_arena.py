"""edgebench arena tool: working memory sized from a probe run (engine.yaml `arena`).

Adds method EbArenaSource(engine, board, target, probe_run=None) -> arena.c (harness/arena.c.in):
without probe_run, the probe's generous arena (probe_size); with it, what the probe image used
(EB:ARENA in its run.json) plus the engine's margin, rounded up to 16 bytes. A failed probe fails
this step, naming why, so no image is made with an arena nobody measured - except where the probe's
arena was all the stand-in could give and still too small: then the model needs more RAM than that
stand-in has, and the image is made with that arena plus 16 bytes, a lower bound, so the report says
by how much at least it does not fit. A board names a stand-in with more RAM for its probes
(emulator.probe, boards.probe_stand_in) so that the figure is measured, not a lower bound. And
except where the engine crashed in a smaller arena after a larger one had worked (the probe prints
each that works, EB:ARENA_WORKS): the image gets the smallest of those, and says so.
"""
import json
import string
from pathlib import Path

from edgebench.conversion import HARNESS_DIR
from edgebench.errors import RunError, build_step

ALIGN = 16


def tight_bytes(used: int, margin: int) -> int:
    return -(-(used + margin) // ALIGN) * ALIGN


def probe_size(engine: dict, board: dict) -> int:
    """arena.probe_bytes, but at most half the stand-in's RAM (emulator.link.ram) on a bare-metal board:
    the probe image must fit there to run, and the other half holds its data, stack and heap. `board`
    is the probe's stand-in (boards.probe_stand_in): a board whose own stand-in is small names a
    larger one there, so the probe measures what a model needs even where it cannot fit."""
    size = engine["arena"]["probe_bytes"]
    ram = ((board.get("emulator") or {}).get("link") or {}).get("ram")
    return min(size, ram["size_bytes"] // 2 // ALIGN * ALIGN) if ram else size


def _write(target, size: int, why: str) -> None:
    text = string.Template((HARNESS_DIR / "arena.c.in").read_text()).substitute(bytes=size, why=why)
    out = Path(str(target[0]))
    tmp = out.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.replace(out)


@build_step
def _probe(target, source, env):
    _write(target, env["EB_PROBE_BYTES"], "the probe image's arena, generous, to measure what the model uses")
    return 0


@build_step
def _tight(target, source, env):
    arena, engine_file = env["EB_ARENA"], env["EB_ENGINE_FILE"]
    run = json.loads(Path(str(source[0])).read_text())
    capped = env["EB_PROBE_BYTES"] < arena["probe_bytes"]
    if run.get("status") == "error" and "too small" in run.get("detail", "") and capped:
        size = env["EB_PROBE_BYTES"] + ALIGN
        _write(target, size, f"a lower bound: the probe's arena of {env['EB_PROBE_BYTES']} bytes, half the "
                             "stand-in's RAM, was too small for the model")
        return 0
    if run.get("status") == "fault" and run.get("arena_works_bytes"):
        # The engine crashed in a smaller arena than one that had worked (harness/main.c,
        # smallest_arena): the smallest seen to work is what the image gets, and says so.
        used = run["arena_works_bytes"]
        _write(target, tight_bytes(used, arena["margin_bytes"]),
               f"{used} bytes, the smallest arena the probe saw initialise before the engine faulted in a smaller "
               f"one ({run['detail']}), + {arena['margin_bytes']} margin, 16-byte multiple")
        return 0
    if run.get("status") != "ok" or "arena" not in run:
        detail = run.get("detail") or "it printed no valid EB:ARENA line ('EB:ARENA <used> <reserved>', which " \
                                      "harness/main.c prints after eb_engine_init())"
        raise RunError(f"the probe run {source[0]} could not measure the arena: {detail}{_fix(run, engine_file)}")
    used = run["arena"]["used_bytes"]
    _write(target, tight_bytes(used, arena["margin_bytes"]),
           f"{used} bytes used by the probe + {arena['margin_bytes']} margin ({arena['why']}), 16-byte multiple")
    return 0


def _fix(run: dict, engine_file: str) -> str:
    if run.get("status") == "not_run":  # the probe image overflows the stand-in's memory
        return f" - lower arena.probe_bytes in {engine_file}: the probe image must fit the emulator's memory"
    if "too small" in run.get("detail", ""):
        return f" - raise arena.probe_bytes in {engine_file}"
    return ""


def arena_source(env, engine, board, target, probe_run=None):
    arena, probe_bytes = engine["arena"], probe_size(engine, board)
    values = env.Value(json.dumps([arena, probe_bytes], sort_keys=True))
    template = str(HARNESS_DIR / "arena.c.in")
    if probe_run is None:
        return env.Command(str(target), [values, template], env.Action(_probe, strfunction=_describe),
                           EB_ARENA=arena, EB_PROBE_BYTES=probe_bytes)
    return env.Command(str(target), [probe_run, values, template], env.Action(_tight, strfunction=_describe),
                       EB_ARENA=arena, EB_PROBE_BYTES=probe_bytes,
                       EB_ENGINE_FILE=str(engine["file"]))


def _describe(target, source, env) -> str:
    return f"ARENA {target[0]}"


def generate(env):
    env.AddMethod(arena_source, "EbArenaSource")


def exists(env):
    return True
