"""A calendar file (iCalendar, RFC 5545) holding one all-day event, such as a check-in.

Written by hand rather than with a library: one event needs only the text escaping
(section 3.3.11), line folding at 75 octets (3.1) and CRLF line ends, which fit in a page.
Every calendar program (Outlook, Google Calendar, Apple Calendar) imports such a file.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

PRODID = "-//Building Trust course//Action plan check-in//EN"
MAX_OCTETS = 75  # a content line's length before folding, CRLF not counted


def escape_text(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, each line break as ``\\n``."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into pieces of at most 75 octets, each after the first
    starting with a space; a character's UTF-8 bytes are never split."""
    pieces, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > MAX_OCTETS:
            pieces.append(current)
            current, size = " ", 1  # the space that marks a continuation counts
        current += ch
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def all_day_event(*, uid: str, day: date, summary: str, description: str,
                  now: datetime | None = None) -> str:
    """A calendar holding one all-day event on ``day`` (DTEND is the next day, exclusive)."""
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        "TRANSP:TRANSPARENT",  # a reminder to think, not time marked as busy
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
