"""Model answers: the one rule every activity follows for what its Reveal can show.

A learner edition leaves the model answers out (each kind's ``model_answers`` in
:mod:`trustgrid.kinds`), and a course may leave out an optional one. Each activity asks :func:`model_answer` for the answer it would
reveal; when there is none, it leaves its Reveal button out and shows :func:`withheld_box`
in its place, so nothing is pressed that has nothing to show.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

WITHHELD_TEXT = ("There is no suggested answer in this edition of the course: talk it "
                 "through with your group or your facilitator.")


def model_answer(course: Any, answer: Any) -> Any:
    """``answer`` if this edition shows it, else None (withheld, or not in the data)."""
    if not course.has_model_answers or answer is None or answer in ("", [], {}):
        return None
    return answer


def withheld_box() -> w.HTML:
    """Where a Reveal button would be, when there is no model answer to show."""
    return w.HTML(f"<p class='tg-withheld' style='font-style:italic;color:#333'>{WITHHELD_TEXT}</p>")
