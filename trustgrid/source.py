"""Read a YAML (or JSON) file safely, remembering the line of every value.

Only plain data is accepted: no object-building tags, no anchors or aliases (they make
"alias bomb" files possible and no course file needs them), bounded size and nesting.
Every problem becomes a :class:`Problem` with the file and line, never a traceback.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
        raw = path.read_bytes()
    except IsADirectoryError:
        raise DataError([Problem(label, None, "", "is a folder, not a file")], unreadable=True)
    except FileNotFoundError:
        raise DataError([Problem(label, None, "", "no such file")], unreadable=True)
    except OSError as exc:
        raise DataError([Problem(label, None, "", f"cannot read: {exc.strerror}")],
                        unreadable=True)
    return decode(raw, label)


def decode(raw: bytes, label: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark, as some Windows editors write: harmless
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError([Problem(label, 1, "", "file is UTF-16 text; save it as UTF-8")])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise DataError([Problem(label, line, "", "file is binary, not text (it holds a NUL byte)")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(label, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                                 "save the file as UTF-8")])


def parse(text: str, label: str) -> tuple[Any, Lines, list[Problem]]:
    """Parse YAML text into plain data, a line map and any problems in the values.

    Raises DataError when the text cannot be parsed at all; problems that still leave
    usable data (a field given twice, a number that is NaN) are returned, so that the
    caller can report them together with everything else it finds.
    """
    try:
        _check_events(text, label)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = (exc.problem or "not valid YAML").strip()
        raise DataError([Problem(label, line, "", f"not valid YAML: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(label, None, "", f"not valid YAML: {exc}")]) from None
    lines: Lines = {}
    problems: list[Problem] = []
    if node is not None:
        _walk(node, (), lines, problems, label)
    _check_numbers(data, (), lines, problems, label)
    return data, lines, problems


def _check_events(text: str, label: str) -> None:
    """Refuse anchors, aliases, custom tags and deep nesting before building anything."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise DataError([Problem(label, line, "", "YAML anchors and aliases (&name, *name) "
                                     "are not allowed; write the value out in full")])
        tag = getattr(event, "tag", None)
        if tag and not tag.startswith("tag:yaml.org,2002:") or (tag and "python" in tag):
            raise DataError([Problem(label, line, "", f"YAML tag {tag} is not allowed; "
                                     "course files hold plain text, numbers and lists")])
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise DataError([Problem(label, line, "", f"nested more than {MAX_DEPTH} levels deep")])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


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
