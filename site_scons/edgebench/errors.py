"""One error hierarchy for everything a user can get wrong or a run can hit.

Library code raises these; SConstruct turns them into one clean failure
(message on stderr, non-zero exit) in a single place.
"""
from __future__ import annotations

import difflib
import functools
import sys
import time
from collections.abc import Callable, Iterable

from . import buildlog


class EdgebenchError(Exception):
    """Base of every error edgebench reports to a user."""


class InputError(EdgebenchError):
    """A user input is wrong: an argument, a board/engine/model file, a recipe."""

    def __init__(self, what: str, *, where: str = "", expected: str = "", fix: str = ""):
        self.what, self.where, self.expected, self.fix = what, where, expected, fix
        parts = [f"{where}: {what}" if where else what]
        if expected:
            parts.append(f"expected: {expected}")
        if fix:
            parts.append(f"fix: {fix}")
        super().__init__("\n  ".join(parts))


class Refused(InputError):
    """This board, engine, model and option set cannot work together (an option the board lacks the
    features for, an operator the engine has no kernel for): not a mistake in an input. A single
    target stops on it; a matrix reports it as a row."""


class SourceError(EdgebenchError):
    """Fetching or verifying pinned upstream sources or model files failed."""


class UnsupportedModel(EdgebenchError):
    """An engine's converter cannot take this model (an operator, a shape, a data type); raised
    by converters, reported with the engine and model named."""


class ToolError(EdgebenchError):
    """A build-time tool (a model compiler an engine runs, tools.py) failed on its input; the message
    holds what it printed."""


class RunError(EdgebenchError):
    """Running on the emulator failed in a way that leaves no result."""


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """A ' (did you mean X?)' suffix for near misses, else ''."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown_name(kind: str, name: str, choices: Iterable[str], *, where: str = "") -> InputError:
    """The error for a name that is not one of `choices`."""
    choices = sorted(choices)
    return InputError(
        f"unknown {kind} '{name}'{did_you_mean(name, choices)}",
        where=where,
        expected=f"one of: {', '.join(choices)}" if choices else f"a {kind}",
        fix=f"run 'scons -h' to list every {kind}",
    )


def build_step(function: Callable[..., int]) -> Callable[..., int]:
    """Wrap an SCons action so that an EdgebenchError fails that target with
    its message (no traceback), while other targets under -k carry on."""

    @functools.wraps(function)
    def action(target, source, env) -> int:
        start = time.monotonic()
        try:
            return function(target, source, env)
        except EdgebenchError as exc:
            # a matrix gives each failed target its log, and a refusal its row
            buildlog.record(target, str(exc), refused=isinstance(exc, (Refused, UnsupportedModel)))
            print(f"edgebench: error: {exc}", file=sys.stderr)
            return 2
        finally:
            buildlog.timed(target, time.monotonic() - start)

    return action
