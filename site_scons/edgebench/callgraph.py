"""Which C sources a set of files reaches (engine.yaml option field `called`): a file reaches the
sources that define, at file scope, a function or table it names, and those reach theirs in turn.

Read from the text, with comments and string literals removed and braces counted; no compiler and no
preprocessor, so both sides of an #if count (a source too many, never one too few for that reason).
Made for C libraries written one function per file, as CMSIS-NN is: a model's kernels then compile
the few dozen files they call, not all of them. Headers can be followed as well: an inline function
defined in one leads on to what it calls. A name defined only by a preprocessor trick would be
missed; the link would then stop on it as an undefined reference, naming it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

_NOT_CODE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
_DIRECTIVE = re.compile(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", re.M)
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
# Statements at file scope that define no function or object by their own name.
_NOT_DEFINITIONS = {"typedef", "struct", "union", "enum", "class", "using", "namespace", "static_assert"}
# Blocks whose contents are at file scope: C++ namespaces and extern "C" { ... }.
_TRANSPARENT = {"namespace", "extern", "inline"}


def _code(path: Path) -> str:
    return _NOT_CODE.sub(" ", path.read_text(errors="replace"))


def _function_name(statement: str) -> str | None:
    """The name before the first parameter list at the outermost level, passing over compiler words
    such as __attribute__((...)) (names starting with two underscores are the compiler's)."""
    depth = 0
    for match in re.finditer(r"[()]", statement):
        if match.group() == "(":
            if depth == 0:
                before = _IDENTIFIER.findall(statement[:match.start()])
                if before and not before[-1].startswith("__"):
                    return before[-1]
            depth += 1
        else:
            depth = max(depth - 1, 0)
    return None


def _defined_by(statement: str, opens_block: bool) -> str | None:
    """The name a file-scope statement defines, if it defines one: a function (a parameter list,
    then its body) or an object (with an initialiser, a size, or neither: not a prototype)."""
    words = _IDENTIFIER.findall(statement)
    if len(words) < 2 or words[0] in _NOT_DEFINITIONS:
        return None
    head = re.split(r"[=\[]", statement, maxsplit=1)[0]
    if "(" in head:
        return _function_name(statement) if opens_block and "=" not in statement else None
    if words[0] == "extern":
        return None  # a declaration of an object defined elsewhere
    if opens_block and not ("=" in statement or "[" in statement):
        return None  # a block this reading does not know
    names = _IDENTIFIER.findall(head)
    return names[-1] if len(names) >= 2 else None  # a type, then the name


@cache
def scan(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(names the file defines at file scope, every name it uses)."""
    code = _code(path)
    uses = frozenset(_IDENTIFIER.findall(code))
    text = _DIRECTIVE.sub(" ", code)
    defined: set[str] = set()
    depth, start, transparent = 0, 0, []
    for index, char in enumerate(text):
        if char in "{;" and depth == 0:
            statement = text[start:index].strip()
            words = _IDENTIFIER.findall(statement)
            if char == "{" and words and words[0] in _TRANSPARENT and "(" not in statement and len(words) <= 3:
                transparent.append(True)  # namespace x { ... }, extern "C" { ... }: still file scope
                start = index + 1
                continue
            name = _defined_by(statement, char == "{")
            if name:
                defined.add(name)
            if char == "{":
                depth, transparent = 1, [*transparent, False]
            start = index + 1
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0 and transparent and transparent[-1]:
                transparent.pop()
                start = index + 1
            elif depth > 0:
                depth -= 1
                if depth == 0:
                    transparent.pop()
                    start = index + 1
    return frozenset(defined), uses


def reached(roots: Iterable[Path], sources: list[Path], headers: Iterable[Path] = ()) -> list[Path]:
    """The sources (in their given order) that the roots reach through the names they use; headers
    lead on but are not among the result."""
    definers: dict[str, list[Path]] = {}
    for path in [*sources, *headers]:
        for name in scan(path)[0]:
            definers.setdefault(name, []).append(path)  # C++: one name, several scopes or overloads
    seen: set[Path] = set()
    done: set[str] = set()
    pending = [name for root in roots for name in scan(root)[1]]
    while pending:
        name = pending.pop()
        if name in done:
            continue
        done.add(name)
        for path in definers.get(name, []):
            if path not in seen:
                seen.add(path)
                pending.extend(scan(path)[1])
    return [path for path in sources if path in seen]
