"""Load a YAML data file and validate it against its JSON schema.

Errors name the file, the field (as a dotted path), what was expected and
the fix, so a malformed board/engine/model file is a one-glance repair.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .errors import InputError, did_you_mean

SCHEMA_DIR = Path(__file__).parent / "schemas"
# libyaml's safe loader where PyYAML was built with it: the same documents, several times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text())


def load_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(), Loader=_LOADER)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", where=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', exc)}", where=where,
                         fix="check indentation and quoting at that line") from exc


def field_path(error: jsonschema.ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(top level)"


def _expected(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return f"only the fields: {', '.join(allowed)}"
    if error.validator == "enum":
        return f"one of: {', '.join(map(str, error.validator_value))}"
    if error.validator == "type":
        return f"a value of type {error.validator_value}"
    return str(error.schema.get("description", ""))


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        extra = [k for k in error.instance if k not in allowed]
        hints = "".join(did_you_mean(k, allowed) for k in extra)
        return f"unknown field(s) {', '.join(map(repr, extra))}{hints}"
    if error.validator == "enum":
        return f"{error.instance!r} is not allowed{did_you_mean(str(error.instance), map(str, error.validator_value))}"
    return error.message


def _fix(error: jsonschema.ValidationError, kind: str) -> str:
    # YAML reads an unquoted 0123... (a sha256 of digits only, say) as a number.
    if error.validator == "type" and "string" in error.validator_value and isinstance(error.instance, (int, float)):
        return f"quote the value: \"{error.instance}\" (unquoted, YAML reads it as a number)"
    return f"see the {kind} file schema in site_scons/edgebench/schemas/{kind}.schema.json"


def validate(data: Any, kind: str, path: Path) -> Any:
    """Check `data` against schemas/<kind>.schema.json; raise InputError on the first problem."""
    validator = jsonschema.Draft202012Validator(schema(kind))
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), field_path(e)))
    if errors:
        error = jsonschema.exceptions.best_match(errors)
        raise InputError(_message(error), where=f"{path}: field '{field_path(error)}'",
                         expected=_expected(error), fix=_fix(error, kind))
    return data


def load(path: Path, kind: str) -> Any:
    """Read and validate one data file."""
    return validate(load_yaml(path), kind, path)
