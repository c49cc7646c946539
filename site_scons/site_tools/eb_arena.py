"""edgebench arena tool: working memory sized from a probe run (engine.yaml `arena`).

Adds method EbArenaSource(engine, target, probe_run=None) -> arena.c (harness/arena.c.in): without
probe_run, the probe's generous arena (arena.probe_bytes); with it, what the probe image used
(EB:ARENA in its run.json) plus the engine's margin, rounded up to 16 bytes. A failed probe fails
this step, naming why, so no image is made with an arena nobody measured.
"""
import json
import string
from pathlib import Path

from edgebench.conversion import HARNESS_DIR
from edgebench.errors import RunError, build_step

ALIGN = 16


def tight_bytes(used: int, margin: int) -> int:
    return -(-(used + margin) // ALIGN) * ALIGN


def _write(target, size: int, why: str) -> None:
    text = string.Template((HARNESS_DIR / "arena.c.in").read_text()).substitute(bytes=size, why=why)
    out = Path(str(target[0]))
    tmp = out.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.replace(out)


@build_step
def _probe(target, source, env):
    _write(target, env["EB_ARENA"]["probe_bytes"], "the probe image's arena, generous, to measure what the model uses")
    return 0


@build_step
def _tight(target, source, env):
    arena, engine_file = env["EB_ARENA"], env["EB_ENGINE_FILE"]
    run = json.loads(Path(str(source[0])).read_text())
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


def arena_source(env, engine, target, probe_run=None):
    arena = engine["arena"]
    values = env.Value(json.dumps(arena, sort_keys=True))
    template = str(HARNESS_DIR / "arena.c.in")
    if probe_run is None:
        return env.Command(str(target), [values, template], env.Action(_probe, strfunction=_describe),
                           EB_ARENA=arena)
    return env.Command(str(target), [probe_run, values, template], env.Action(_tight, strfunction=_describe),
                       EB_ARENA=arena, EB_ENGINE_FILE=str(engine["file"]))


def _describe(target, source, env) -> str:
    return f"ARENA {target[0]}"


def generate(env):
    env.AddMethod(arena_source, "EbArenaSource")


def exists(env):
    return True
