"""Text for one-line messages: a file's bytes as text, a value shown briefly, a count with
its noun, and the characters that make an id look right when it is not.

Each caller words its own messages; these helpers say what is wrong, not how to say it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class NotText(ValueError):
    """Why bytes are not UTF-8 text.

    ``kind`` is "utf-16" (a UTF-16 byte-order mark), "binary" (a NUL byte) or "not-utf-8";
    ``line`` is the 1-based line where it was found; ``byte`` the first byte that is not UTF-8.
    """

    def __init__(self, kind: str, line: int, byte: int | None = None) -> None:
        super().__init__(kind)
        self.kind, self.line, self.byte = kind, line, byte


def decode_utf8(raw: bytes, *, nul_is_binary: bool = True) -> str:
    """The text in ``raw``, without a UTF-8 byte-order mark (as Notepad writes: harmless).

    Raises :class:`NotText` for UTF-16, for bytes that are not UTF-8 and, unless
    ``nul_is_binary`` is false, for a NUL byte (valid UTF-8, but no text file holds one).
    """
    raw = raw.removeprefix(_UTF8_BOM)
    if raw.startswith(_UTF16_BOMS):
        raise NotText("utf-16", 1)
    if nul_is_binary and b"\x00" in raw:
        raise NotText("binary", raw.count(b"\n", 0, raw.index(b"\x00")) + 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotText("not-utf-8", raw.count(b"\n", 0, exc.start) + 1, raw[exc.start]) from None


def brief(value: Any, limit: int = 60, *, quoted: bool = True) -> str:
    """``value`` fit for a one-line message: unprintable characters as "?", at most ``limit``
    characters then "…".

    Quoted, text is shown as it is in ‘curly quotes’ (anything else as its repr, quoted);
    otherwise as its repr, as Python writes it.
    """
    text = value if quoted and isinstance(value, str) else repr(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    text = text if len(text) <= limit else text[:limit] + "…"
    return f"‘{text}’" if quoted else text


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an s unless n is 1: "1 answer", "3 answers"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def odd_characters(text: str) -> str:
    """Why an id that looks right is not: its look-alike letters (a Cyrillic а for a Latin
    a) and invisible characters (zero-width space, right-to-left override), or "" if none."""
    odd = [ch for ch in dict.fromkeys(text) if not (ch.isascii() and ch.isprintable())]
    if not odd:
        return ""
    parts = [f"U+{ord(ch):04X} {unicodedata.name(ch, 'an unnamed character')}{_what(ch)}"
             for ch in odd[:3]]
    more = f" and {len(odd) - 3} more" if len(odd) > 3 else ""
    return f"it holds {'; '.join(parts)}{more}"


def _what(ch: str) -> str:
    if ch.isalpha():
        return ", not one of a to z"
    if ch.isdigit():
        return ", not one of 0 to 9"
    invisible = not ch.isprintable() or unicodedata.category(ch).startswith("Z")
    return ", an invisible character" if invisible else ""
