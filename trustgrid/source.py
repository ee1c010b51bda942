"""Read a YAML (or JSON) file safely, remembering the line of every value.

Only plain data is accepted: no object-building tags, no anchors or aliases (they make
"alias bomb" files possible and no course file needs them), bounded size and nesting.
Every problem becomes a :class:`Problem` with the file and line, never a traceback.
"""

from __future__ import annotations

import gc
import math
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem
from .files import read_regular
from .text import NotText, decode_utf8

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
MAX_VALUES = 500_000  # 10,000 scenarios hold ~250,000; the byte limit bounds the time too

# Explicit tags that still give plain data; !!binary, !!set, !!timestamp ... do not.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null",
                                                          "seq", "map")}
_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))
# Values other than text that the quick builder makes with PyYAML's own functions.
_MADE = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp")}

# libyaml's reasons, and a hint in plain words for the common ones.
_HINTS = {
    "mapping values are not allowed": "a colon and a space inside a value: put the text in "
                                      "quotes, or check this line's indenting",
    "found unexpected end of stream": "the file ends too soon: is a closing quote or bracket missing?",
    "did not find expected key": "check the indenting of this line and the line above",
    "found a tab character": "indent with spaces, not tabs",
    "did not find expected '-' indicator": "check the indenting of this line and the line above",
}


class _BadValue(yaml.MarkedYAMLError):
    """A value YAML understood but cannot turn into data, such as the date 2025-13-45."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # PyYAML lets a ValueError escape for an impossible date, "!!int abc" or a number
        # of more than 4,300 digits (and a KeyError or IndexError for "!!bool maybe" or
        # '!!int ""'); say which value, on which line, in words.
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, KeyError, IndexError) as exc:
            raise _BadValue(None, None, _why_bad(node, exc), node.start_mark) from None


def _why_bad(node: yaml.Node, exc: Exception) -> str:
    value = str(node.value)
    shown = value if len(value) <= 40 else value[:37] + "..."
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "timestamp":
        return (f"{shown} looks like a date but is not a real one ({exc}); "
                "put it in quotes if it is meant as text")
    if "digits" in str(exc):
        return f"a number of {len(value)} digits is too long to use"
    if kind == "bool":
        return f"{shown!r} is not true or false"
    return f"{shown!r} is not a usable {'whole number' if kind == 'int' else 'number'}"

Lines = dict[tuple, int]
"""Maps a path inside the document (a tuple of keys and indexes) to its 1-based line."""


def format_path(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_text(path: Path, label: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text, or a DataError saying plainly why it is not usable text."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DataError([Problem(label, None, "", f"file is {size / 1e6:.1f} MB; "
                                     f"the limit is {max_bytes / 1e6:.0f} MB")])
        raw = read_regular(path, max_bytes)  # a FIFO or a device is refused, never waited on
        if len(raw) > max_bytes:  # it grew since stat()
            raise DataError([Problem(label, None, "", f"file is over {max_bytes / 1e6:.0f} MB, "
                                     "the limit")])
    except IsADirectoryError:
        raise DataError([Problem(label, None, "", "is a folder, not a file")], unreadable=True)
    except FileNotFoundError:
        raise DataError([Problem(label, None, "", "no such file")], unreadable=True)
    except OSError as exc:
        raise DataError([Problem(label, None, "", f"cannot read: {exc.strerror}")],
                        unreadable=True)
    return decode(raw, label)


_NOT_TEXT = {"utf-16": "file is UTF-16 text; save it as UTF-8",
             "binary": "file is binary, not text (it holds a NUL byte)",
             "not-utf-8": "not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"}


def decode(raw: bytes, label: str) -> str:
    try:
        return decode_utf8(raw)
    except NotText as exc:
        message = _NOT_TEXT[exc.kind].format(byte=exc.byte)
        raise DataError([Problem(label, exc.line, "", message)]) from None


def parse(text: str, label: str) -> tuple[Any, Lines, list[Problem]]:
    """Parse YAML text into plain data, a line map and any problems in the values.

    Raises DataError when the text cannot be parsed at all; problems that still leave
    usable data (a field given twice, a number that is NaN) are returned, so that the
    caller can report them together with everything else it finds.
    """
    try:
        with _gc_paused():
            loader = _Loader(text)
            try:
                events = _checked_events(loader, label)
                try:
                    return _build(events, loader)
                except _Unusual:
                    deque(events, maxlen=0)  # finish the checks; PyYAML builds this file below
            finally:
                loader.dispose()
            return _construct(text, label)
    except _BadValue as exc:
        raise DataError([Problem(label, exc.problem_mark.line + 1, "", exc.problem)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "quoted scalar" in (exc.context or "") and exc.context_mark:
            mark = exc.context_mark  # where the quote opens, not the end of the file
        line = mark.line + 1 if mark else None
        raise DataError([Problem(label, line, "", _yaml_reason(exc, text))]) from None
    except yaml.reader.ReaderError as exc:  # a control character, such as U+001F
        # libyaml counts bytes of the UTF-8 text
        at = exc.position if isinstance(exc.position, int) else 0
        line = text.encode("utf-8", "surrogatepass").count(b"\n", 0, at) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        what = "control character" if char < 0x20 or 0x7F <= char <= 0x9F else "character"
        raise DataError([Problem(label, line, "", f"the {what} U+{char:04X} is not allowed "
                                 "in a course file; delete it")]) from None
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise DataError([Problem(label, None, "", f"not valid YAML: {reason}")]) from None


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cycle collector runs over and over while PyYAML builds its node tree of
    hundreds of thousands of objects (none in cycles), each time looking at all of them: it
    took over half of _construct's time on a 10,000-scenario file."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Unusual(Exception):
    """Something the quick builder leaves to PyYAML's constructor and _walk: a field given
    twice, a list as a key, a merge key (<<), a value that cannot be made or is NaN, or a
    second document. They report these exactly as they always have."""


def _build(events: Iterator[yaml.Event], loader: _Loader) -> tuple[Any, Lines, list[Problem]]:
    """The data and the line of every value, made straight from libyaml's events in one pass:
    PyYAML's constructor is written in Python and took most of the time, with its node tree."""
    data, lines, documents = None, {}, 0
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Unusual
        elif isinstance(event, yaml.NodeEvent):
            data = _value(events, event, (), event.start_mark.line + 1, lines, loader)
    return data, lines, []


def _value(events: Iterator[yaml.Event], event: yaml.Event, path: tuple, line: int, lines: Lines,
           loader: _Loader) -> Any:
    # A field's line is the line of its key: where a reader looks for "story:" or "regions:".
    lines[path] = line
    if type(event) is yaml.ScalarEvent:
        return _scalar(event, loader)
    if type(event) is yaml.SequenceStartEvent and event.tag in (None, "!", _SEQ):
        items: list = []
        for item in events:
            if type(item) is yaml.SequenceEndEvent:
                return items
            items.append(_value(events, item, path + (len(items),), item.start_mark.line + 1,
                                lines, loader))
    if type(event) is yaml.MappingStartEvent and event.tag in (None, "!", _MAP):
        fields: dict = {}
        for key in events:
            if type(key) is yaml.MappingEndEvent:
                return fields
            if type(key) is not yaml.ScalarEvent:  # a list or mapping as a key
                raise _Unusual
            key_path = path + (key.value,)
            if key_path in lines:  # a field given twice
                raise _Unusual
            fields[_scalar(key, loader)] = _value(events, next(events), key_path,
                                                  key.start_mark.line + 1, lines, loader)
    raise _Unusual  # such as !!seq on a mapping


def _scalar(event: yaml.ScalarEvent, loader: _Loader) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR:
        return event.value
    if tag not in _MADE:  # a merge key (<<), a value key (=), !!map on a text
        raise _Unusual
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = loader.yaml_constructors[tag](loader, node)
    except Exception:  # noqa: BLE001 (such as the date 2025-02-30): PyYAML says why, below
        raise _Unusual from None
    if isinstance(value, float) and not math.isfinite(value):
        raise _Unusual  # _check_numbers reports it
    return value


def _construct(text: str, label: str) -> tuple[Any, Lines, list[Problem]]:
    """PyYAML's own way, slower, for the unusual files that _build leaves to it."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: Lines = {}
    problems: list[Problem] = []
    if node is not None:
        _walk(node, (), lines, problems, label)
    _check_numbers(data, (), lines, problems, label)
    return data, lines, problems


def _yaml_reason(exc: yaml.MarkedYAMLError, text: str) -> str:
    reason = (exc.problem or "not valid YAML").strip()
    if "quoted scalar" in (exc.context or ""):
        return "not valid YAML: a quote opens on this line and is never closed"
    if reason == "but found another document":
        return ("not valid YAML: a second document starts here (a line ---); "
                "a course file holds one document")
    if "cannot start any token" in reason and exc.problem_mark:
        row = text.split("\n")[exc.problem_mark.line] if text else ""
        char = row[exc.problem_mark.column:exc.problem_mark.column + 1]
        return ("not valid YAML: a tab is used for indenting; indent with spaces" if char == "\t"
                else f"not valid YAML: a value cannot start with {char!r}; put the text in quotes")
    hint = next((h for start, h in _HINTS.items() if reason.startswith(start)), None)
    return f"not valid YAML: {reason} ({hint})" if hint else f"not valid YAML: {reason}"


def _checked_events(loader: _Loader, label: str) -> Iterator[yaml.Event]:
    """libyaml's events, refusing anchors, aliases, custom tags, deep nesting and very many
    values as they come: each would make a small file cost a lot of time or memory."""
    depth = values = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.NodeEvent):  # a value: text, a list, a mapping or an alias
            if isinstance(event, yaml.AliasEvent) or event.anchor:
                raise _refused(event, label, "YAML anchors and aliases (&name, *name) are not "
                                             "allowed; write the value out in full")
            if event.tag and event.tag not in _PLAIN_TAGS and event.tag != "!":
                raise _refused(event, label, f"YAML tag {event.tag} is not allowed; "
                                             "course files hold plain text, numbers and lists")
            values += 1
            if values > MAX_VALUES:
                raise _refused(event, label, f"the file holds more than {MAX_VALUES:,} values; "
                                             "a course file needs far fewer: is it the right file?")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _refused(event, label, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        yield event


def _refused(event: yaml.Event, label: str, message: str) -> DataError:
    return DataError([Problem(label, event.start_mark.line + 1, "", message)])


def _walk(node: yaml.Node, path: tuple, lines: Lines, problems: list[Problem], label: str) -> None:
    # A field's line is the line of its key: where a reader looks for "story:" or "regions:".
    stack = [(node, path, node.start_mark.line + 1)]
    while stack:
        node, path, line = stack.pop()
        lines[path] = line
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, value_node in node.value:
                key, key_line = key_node.value, key_node.start_mark.line + 1
                if key in seen:
                    problems.append(Problem(label, key_line, format_path(path + (key,)),
                                            "this field appears twice"))
                seen.add(key)
                stack.append((value_node, path + (key,), key_line))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, path + (i,), child.start_mark.line + 1)
                         for i, child in enumerate(node.value))


def _check_numbers(data: Any, path: tuple, lines: Lines, problems: list[Problem], label: str) -> None:
    """JSON Schema's minimum/maximum let NaN through (every comparison with NaN is false)."""
    stack = [(data, path)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(Problem(label, line_of(lines, path), format_path(path),
                                    f"{value} is not a usable number"))
        elif isinstance(value, dict):
            stack.extend((v, path + (k,)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(value))


def line_of(lines: Lines, path: tuple) -> int:
    """The line of the value at ``path``, or of its nearest parent that has one."""
    path = tuple(path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)
