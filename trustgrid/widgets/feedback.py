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


def withheld_box() -> w.HTML:
    """Where a Reveal button would be, in an edition without model answers."""
    return w.HTML("<p class='tg-withheld' style='font-style:italic;color:#333'>In this edition "
                  "the model answer is not included: talk it through with your group or "
                  "facilitator.</p>")
