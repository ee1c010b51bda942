"""The learner's work as a file: which values can be saved, and reading and writing the JSON.

The store (:mod:`trustgrid.work`) and the download and its loading back
(:mod:`trustgrid.bundle`) agree on this one format:
``{"format": "trustgrid-work", "version": 1, "saved": ..., "answers": {notebook: {question: value}}}``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from .text import NotText, brief, decode_utf8

FORMAT = "trustgrid-work"
VERSION = 1
MAX_NAME_CHARS = 200
MAX_NESTING = 32  # an answer is a few levels deep; thousands would exhaust copy.deepcopy


# ---------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------

def plain_value(value: Any) -> Any:
    """``value`` as it will read back from JSON (tuples become lists), or ValueError.

    Checked here so a bad value fails when it is set, not later when the file is read.
    """
    try:
        text = json.dumps(value, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValueError(_why_not_json(value, exc)) from None
    if not _encodable(text):
        raise ValueError("it holds text that is not valid Unicode")
    plain = json.loads(text)
    if _too_deep(plain):
        raise ValueError(f"it is nested more than {MAX_NESTING} levels deep")
    return plain


def _why_not_json(value: Any, exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deeply to save"
    if isinstance(exc, ValueError) and "Out of range" in str(exc):
        return "it holds a number that is not finite (NaN or infinity)"
    if isinstance(exc, ValueError):
        return "it refers to itself, so it cannot be saved"
    return f"a {type(value).__name__} cannot be saved; use numbers, text, lists or dicts"


def is_usable(value: Any) -> bool:
    """True for what a save can write back (see :func:`why_unusable`)."""
    return why_unusable(value) is None


def why_unusable(value: Any) -> str | None:
    """What makes a value read from a file unusable, in words, or None: it is usable when it
    is plain JSON data with only finite numbers, nested at most MAX_NESTING levels deep.

    Iterative, so a deeply nested value read from a file cannot exhaust the stack.
    """
    if _too_deep(value):
        return f"is nested more than {MAX_NESTING} levels deep"
    other = False
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return "holds a number that is not finite (NaN or infinity)"
        if isinstance(item, str) and not _encodable(item):
            return "holds text that is not valid Unicode"
        if isinstance(item, dict):
            if not all(isinstance(k, str) and _encodable(k) for k in item):
                return "holds text that is not valid Unicode"
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif not (item is None or isinstance(item, (str, int, float, bool))):
            other = True
    return "holds something that cannot be saved" if other else None


def _too_deep(value: Any) -> bool:
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth >= MAX_NESTING:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _encodable(text: str) -> bool:
    """False for text holding lone surrogates (JSON "\\ud800"), which UTF-8 cannot store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def name_ok(name: Any) -> bool:
    """A notebook or question name we can store and show: 1 to 200 characters of text."""
    return (isinstance(name, str) and bool(name.strip()) and len(name) <= MAX_NAME_CHARS
            and _encodable(name))


def shown_version(value: Any) -> str:
    """A file's version for a message: a whole number as it is, anything else quoted."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else brief(value)


# ---------------------------------------------------------------------------------------
# Reading and writing
# ---------------------------------------------------------------------------------------

class Unreadable(Exception):
    """The file cannot be used at all; the message is a plain-English reason."""


_NOT_TEXT = {
    "utf-16": "it is saved as UTF-16, so it is not a text file this course can read; save it "
              "again as UTF-8",
    "binary": "it is not a text file",
    "not-utf-8": "it is not UTF-8 text; save it again as UTF-8",
}


def decode(raw: bytes) -> str:
    """The text of a work file or a download, or :class:`Unreadable` saying why there is none."""
    try:
        return decode_utf8(raw)
    except NotText as exc:
        raise Unreadable(_NOT_TEXT[exc.kind]) from None


def loads(text: str, repeated: list[str] | None = None) -> Any:
    """The JSON in ``text``; names that appear twice in one object are added to ``repeated``
    (json keeps only the last, which would lose the first without a word)."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found = dict(items)
        if len(found) < len(items) and repeated is not None:
            counts = Counter(key for key, _ in items)
            repeated.extend(key for key, n in counts.items() if n > 1)
        return found

    if not text.strip():
        raise Unreadable("it is empty")
    try:
        return json.loads(text, object_pairs_hook=pairs)
    except RecursionError:
        raise Unreadable("it is nested too deeply to read") from None
    except ValueError as exc:
        if "digits" in str(exc):  # Python refuses to read a whole number of over 4,300 digits
            raise Unreadable("it holds a number too long to read") from None
        raise Unreadable("it is not valid JSON, perhaps damaged or cut short") from None


def parse_work(raw: bytes) -> tuple[dict[str, dict[str, Any]], bool]:
    """The answers in a work file and whether all of them could be used.

    Raises Unreadable when nothing can be used (not JSON, another format, a newer version).
    """
    repeated: list[str] = []
    data = loads(decode(raw), repeated)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Unreadable("it is not a Building Trust work file")
    if data.get("version") != VERSION:
        raise Unreadable(f"it was written by version {shown_version(data.get('version'))} of the "
                         f"course, and this one reads version {VERSION}")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise Unreadable("it holds no answers")
    clean: dict[str, dict[str, Any]] = {}
    complete = True
    for notebook, entries in answers.items():
        if not name_ok(notebook) or not isinstance(entries, dict):
            complete = False
            continue
        usable = {k: v for k, v in entries.items() if name_ok(k) and is_usable(v)}
        complete = complete and len(usable) == len(entries)
        if usable:
            clean[notebook] = usable
    return clean, complete and not repeated  # kept aside whole, so the hidden copy is kept


def work_json(answers: Mapping[str, Mapping[str, Any]]) -> str:
    """The work file's text: the format every reader of learner work agrees on."""
    body = {"format": FORMAT, "version": VERSION,
            "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "answers": answers}
    return json.dumps(body, indent=2, ensure_ascii=False, allow_nan=False)
