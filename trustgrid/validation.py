"""JSON Schema validation that speaks to course designers, not to programmers.

jsonschema-rs answers whether a file is valid (a 10,000-scenario file in hundredths of a
second); only a file with problems, or data it cannot take, is checked again by jsonschema,
whose errors are put in words here. Without a jsonschema-rs wheel, jsonschema does it all.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .source import Lines, format_path, line_of
from .text import odd_characters, plural

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

# jsonschema imports rfc3987-syntax when it is installed (it is, for Jupyter's own use) and
# builds a grammar on import: over a second. No course schema uses "format", so the kernel
# need not pay for it, whoever imports jsonschema first.
sys.modules.setdefault("rfc3987_syntax", None)

_TYPE_WORDS = {"string": "text", "number": "a number", "integer": "a whole number",
               "array": "a list", "object": "a set of fields", "boolean": "true or false"}


@cache
def _schema(schema_path: Path) -> dict:
    return json.loads(schema_path.read_text(encoding="utf-8"))


@cache
def validator(schema_path: Path) -> Draft202012Validator:
    """jsonschema's validator: slower, but its errors are the ones _explain words."""
    from jsonschema import Draft202012Validator

    schema = _schema(schema_path)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def _quick_validator(schema_path: Path) -> Any:
    """jsonschema-rs's validator, or None where it is not installed or refuses the schema
    (jsonschema then says why, as it always has)."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    try:
        return jsonschema_rs.Draft202012Validator(_schema(schema_path), offline=True)
    except (ValueError, jsonschema_rs.ReferencingError):
        return None


def _valid(data: Any, schema_path: Path) -> bool:
    """True if jsonschema-rs finds no problem. False if it finds one, or cannot take the data
    (dates, keys that are not text, unpaired surrogates): jsonschema decides those."""
    quick = _quick_validator(schema_path)
    if quick is None:
        return False
    try:
        return quick.is_valid(data)
    except (ValueError, TypeError, OverflowError):
        return False


def check(data: Any, schema_path: Path, lines: Lines, label: str) -> list[Problem]:
    if _valid(data, schema_path):
        return []
    problems = []
    for error in validator(schema_path).iter_errors(data):
        problems.extend(_explain(error, lines, label))
    return sorted(problems, key=lambda p: (p.line or 0, p.path))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"a {type(value).__name__}"


def _longest(pattern: str) -> int | None:
    """The longest text an id pattern such as ^[a-z][a-z0-9_]{0,47}$ allows (48), if simple."""
    match = re.fullmatch(r"\^((?:\[[^\]]+\])*)\[[^\]]+\]\{\d+,(\d+)\}\$", pattern)
    return match.group(1).count("[") + int(match.group(2)) if match else None


def _explain(error: ValidationError, lines: Lines, label: str) -> list[Problem]:
    path = tuple(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance

    def at(message: str, p: tuple = path) -> Problem:
        return Problem(label, line_of(lines, p), format_path(p) or "(top level)", message)

    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = set(error.schema.get("properties", {}))
        unknown = [k for k in value if k not in allowed]
        hint = ", ".join(sorted(allowed))
        why = f"; {error.schema['x-hint']}" if "x-hint" in error.schema else ""  # a schema's own advice
        return [at(f"unknown field {k!r} (allowed here: {hint}){why}", path + (k,)) for k in unknown]
    if kind == "required":
        missing = [k for k in expected if isinstance(value, dict) and k not in value]
        return [at(f"missing required field {k!r}") for k in missing]
    if kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
        # YAML reads `no`, `2025-01-31` and `12` as true/false, a date and a number
        quote = ("; put it in quotes to make it text" if wanted == ["string"] and
                 isinstance(value, (bool, int, float, datetime.date)) else "")
        return [at(f"expected {words}, found {_describe(value)}{quote}")]
    if kind in ("minimum", "maximum"):
        if isinstance(value, float) and not math.isfinite(value):
            return []  # source.parse has said it is not a usable number
        side = "less than the minimum" if kind == "minimum" else "more than the maximum"
        return [at(f"{value} is {side} of {expected}")]
    if kind == "maxLength":
        return [at(f"text is {len(value)} characters long; the limit is {expected}")]
    if kind == "minLength":
        return [at("must not be empty")]
    if kind == "maxItems":
        return [at(f"has {len(value)} items; the limit is {expected}")]
    if kind == "minItems":
        return [at(f"needs at least {plural(expected, 'item')}")]
    if kind == "enum":
        return [at(f"{_describe(value)} is not one of: {', '.join(map(str, expected))}")]
    if kind == "pattern":
        hint = error.schema.get("description", f"must match {expected}")
        odd = odd_characters(value) if isinstance(value, str) else ""
        longest = _longest(expected)
        if not odd and isinstance(value, str) and longest and len(value) > longest:
            odd = f"it is {len(value)} characters long; the limit is {longest}"
        return [at(f"{_describe(value)} is not allowed: {hint}" + (f" ({odd})" if odd else ""))]
    if kind == "uniqueItems":
        return [at("the list has the same item twice")]
    return [at(error.message)]
