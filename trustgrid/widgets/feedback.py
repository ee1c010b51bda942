"""Messages for the learner in a visible box, instead of a traceback."""

from __future__ import annotations

import html

import ipywidgets as w


def error_box(message: str) -> w.HTML:
    lines = "".join(f"<div>{html.escape(line)}</div>" for line in message.splitlines())
    return w.HTML(
        "<div role='alert' style='border-left:6px solid #B00020;background:#FDECEE;"
        "padding:8px 12px;color:#1a1a1a;font-size:15px'>"
        f"<strong>Something in the course data needs fixing:</strong>{lines}</div>")

