"""The learner's work as one file to download, and loading that file back.

The download (:func:`export_bundle`) is Markdown a person can read and print, with the work
itself as a JSON block at its end; :func:`import_bundle` loads it (or a bare work.json) on
another machine, for example in a fresh Binder session.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .errors import DataError, Problem
from .text import brief
from .work import WorkStore, default_store
from .work_format import (
    FORMAT,
    VERSION,
    Unreadable,
    decode,
    loads,
    name_ok,
    shown_version,
    why_unusable,
    work_json,
)

# The download of the largest work (its readable summary, then the work itself) is at most
# about twice the work. A file loaded back reaches the kernel in one websocket message, and
# Jupyter's server closes the connection on a message over 10 MB (tornado's default).
MAX_IMPORT_BYTES = 9 * 1024 * 1024
MAX_SKIPPED_SHOWN = 20

# ---------------------------------------------------------------------------------------
# Export: a readable Markdown summary, and a bundle that can be loaded again
# ---------------------------------------------------------------------------------------

_BUNDLE_INTRO = (
    "## Your work as data\n\n"
    "The block below lets the course load your work again, for example in a new Binder "
    "session: see “Where your work is kept” in the Welcome notebook. Please leave it as it is."
)


def export_markdown(store: WorkStore | None = None, course_title: str = "Building Trust",
                    titles: Mapping[str, str] | None = None) -> str:
    """Everything the learner has saved, as Markdown a person can read and print.

    ``titles`` maps notebook names to friendlier headings, when the caller knows them.
    """
    store = store or default_store()
    when = datetime.now().strftime("%d %B %Y at %H:%M").lstrip("0")
    lines = [f"# {course_title}: my work", "", f"Downloaded {when}.", ""]
    answers = store.answers()
    if not answers:
        lines += ["You have not saved any answers yet.", ""]
    for notebook in sorted(answers):
        lines += [f"## {(titles or {}).get(notebook, notebook)}", ""]
        for key in sorted(answers[notebook]):
            lines += [f"**{key}**", "", *_markdown_value(answers[notebook][key]), ""]
    return "\n".join(lines)


def _markdown_value(value: Any) -> list[str]:
    if isinstance(value, str):
        return [f"> {line}".rstrip() for line in value.splitlines()] or ["_(blank)_"]
    if isinstance(value, list):
        return [f"- {_inline(item)}" for item in value] or ["_(none)_"]
    if isinstance(value, dict):
        return [f"- {k}: {_inline(v)}" for k, v in value.items()] or ["_(none)_"]
    return [_inline(value)]


def _inline(value: Any) -> str:
    if value is None:
        return "_(none)_"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (int, str)):
        return str(value).replace("\n", " ")
    return json.dumps(value, ensure_ascii=False)


def export_bundle(store: WorkStore | None = None, course_title: str = "Building Trust",
                  titles: Mapping[str, str] | None = None) -> bytes:
    """One UTF-8 file to download: the Markdown summary, then the work as a JSON block."""
    store = store or default_store()
    readable = export_markdown(store, course_title, titles)
    data = work_json(store.answers())
    return f"{readable}\n---\n\n{_BUNDLE_INTRO}\n\n```json\n{data}\n```\n".encode()


# ---------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^```json[ \t]*$", re.MULTILINE)
_FENCE_CLOSE = re.compile(r"^```[ \t]*$", re.MULTILINE)


def import_bundle(data: bytes | bytearray | memoryview | str, store: WorkStore | None = None,
                  label: str = "the file") -> tuple[int, list[str]]:
    """Load answers from a downloaded bundle (or a bare work.json) into the store.

    Loaded answers replace saved answers of the same name. Whatever cannot be used is
    skipped and described in ``skipped``; only a file with nothing usable at all raises,
    and only ever a DataError with a one-line message.
    """
    work, repeated = _parse_import(data, label)
    skipped = [f"{brief(name)} appears more than once in the file; only its last entry was read"
               for name in dict.fromkeys(repeated)]
    version = work.get("version", VERSION)
    if version != VERSION:
        skipped.append(f"the file says it is version {shown_version(version)} and this course "
                       f"reads version {VERSION}, so some answers may not have loaded")
    accepted = _usable_answers(work["answers"], skipped)
    count = (store or default_store()).update(accepted) if accepted else 0
    if len(skipped) > MAX_SKIPPED_SHOWN:
        extra = len(skipped) - MAX_SKIPPED_SHOWN
        skipped = skipped[:MAX_SKIPPED_SHOWN] + [f"and {extra} more not shown"]
    return count, skipped


def _fail(label: str, message: str) -> DataError:
    return DataError([Problem(label, None, "", message)])


def _parse_import(data: Any, label: str) -> tuple[dict[str, Any], list[str]]:
    """The work object inside ``data`` and any names repeated in it, or DataError saying in
    words why there is none."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise _fail(label, "this is not a file")
    raw = bytes(data)
    if len(raw) > MAX_IMPORT_BYTES:  # rounded up: "2.0 MB; the limit is 2 MB" reads as a mistake
        raise _fail(label, f"the file is {math.ceil(len(raw) / 2**20 * 10) / 10:.1f} MB; the "
                    f"limit is {MAX_IMPORT_BYTES // 2**20} MB")
    repeated: list[str] = []
    try:
        text = decode(raw).replace("\r\n", "\n")
        body = text.strip()
        if body and not body.startswith(("{", "[")):
            body = _json_block(text, label)
        work = loads(body, repeated)
    except Unreadable as why:
        raise _fail(label, f"this file cannot be loaded: {why}") from None
    if not isinstance(work, dict):
        raise _fail(label, "this file holds no saved work")
    fmt = work.get("format", FORMAT)  # very early files had no format field
    if fmt == "trustgrid-response":
        raise _fail(label, "this is a workshop response file, not saved work")
    if fmt != FORMAT:
        raise _fail(label, "this is not a saved-work file from this course")
    if not isinstance(work.get("answers"), dict):
        raise _fail(label, "this file holds no answers")
    return work, repeated


def _json_block(text: str, label: str) -> str:
    """The last ```json block: the bundle's data comes last, after anything the learner wrote."""
    opens = list(_FENCE_OPEN.finditer(text))
    if not opens:
        raise _fail(label, "this file holds no saved work (there is no ```json block in it)")
    start = opens[-1].end()
    close = _FENCE_CLOSE.search(text, start)
    return text[start:close.start() if close else len(text)]  # a lost closing fence is fine


def _usable_answers(answers: dict[str, Any], skipped: list[str]) -> dict[str, dict[str, Any]]:
    accepted: dict[str, dict[str, Any]] = {}
    for notebook, entries in answers.items():
        where = f"notebook {brief(notebook)}"
        if not name_ok(notebook):
            skipped.append(f"{where}: not a usable notebook name")
        elif not isinstance(entries, dict):
            skipped.append(f"{where}: does not hold a set of answers")
        else:
            for key, value in entries.items():
                reason = _why_skip(key, value)
                if reason:
                    skipped.append(f"{brief(key)} in {where}: {reason}")
                else:
                    accepted.setdefault(notebook, {})[key] = value
    return accepted


def _why_skip(key: str, value: Any) -> str | None:
    if not name_ok(key):
        return "not a usable question name"
    why = why_unusable(value)
    return f"{why}, so it is not a usable value" if why else None
