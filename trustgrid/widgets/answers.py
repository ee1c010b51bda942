"""Model answers: the one rule every activity follows for what its Reveal can show.

A learner edition leaves the model answers out (each kind's ``model_answers`` in
:mod:`trustgrid.kinds`), and a course may leave out an optional one. Each activity asks :func:`model_answer` for the answer it would
reveal and gives it to a :class:`Reveal`; when there is none, the Reveal shows
:func:`withheld_box` instead of its button, so nothing is pressed that has nothing to show.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w
import traitlets

from ..static import static_mode, to_html
from .controls import LiveText

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


class Reveal(w.VBox):
    """A Reveal button and the panel it fills, or the withheld note when there is no answer.

    ``render(answer)`` gives the panel's HTML, already escaped. It runs when ``revealed``
    becomes true and on :meth:`refresh`, so an answer that depends on the learner's work
    (how far their placement is from the suggestion) follows it. The panel is a live
    region: screen readers announce what appears. ``below`` are widgets shown under the
    panel (a figure, a table) that the activity fills itself. ``revealed=True`` restores a
    reveal quietly: it is set before anyone can observe it.

    Predict first: with ``ready=False`` the button is disabled and ``hint`` says what to do
    before it can be pressed (say, place the person); the activity sets ``ready`` when the
    learner has done it, and nothing reveals before then.
    """

    revealed = traitlets.Bool(False).tag(sync=True)
    ready = traitlets.Bool(True)

    def __init__(self, answer: Any, *, label: str, shown: str, render: Callable[[Any], str],
                 tooltip: str = "", style: str = "primary", margin: str = "8px 0",
                 below: Sequence[w.Widget] = (), revealed: bool = False, ready: bool = True,
                 hint: str = ""):
        self.answer = answer
        self.label, self.shown = label, shown
        self.render = render
        self.button = w.Button(description=label, icon="eye", button_style=style,
                               tooltip=tooltip, layout=w.Layout(width="fit-content", margin=margin))
        self.button.on_click(lambda _b: self.reveal())
        self.hint = hint
        self.panel = LiveText()  # the hint while not ready, the answer once revealed
        super().__init__([self.button, self.panel, *below] if self.available else [withheld_box()])
        self.add_class("tg-reveal")
        self.observe(self._reveal_toggled, "revealed")
        self.observe(self._show_ready, "ready")
        self.ready = ready
        self._show_ready()
        self.revealed = revealed

    @property
    def available(self) -> bool:
        """True when there is an answer to reveal."""
        return self.answer is not None

    def reveal(self) -> None:
        self.revealed = True

    def refresh(self) -> None:
        """Render the answer again, if it is showing."""
        if self.revealed:
            self.panel.html = self.render(self.answer)

    def _panel_html(self) -> str:
        if self.revealed:
            return self.render(self.answer)
        if self.ready or not self.hint or static_mode():  # on paper there is nothing to press
            return ""
        return f"<p class='tg-reveal-hint'>{html.escape(self.hint)}</p>"

    @traitlets.validate("revealed")
    def _only_with_an_answer(self, proposal: Any) -> bool:
        return bool(proposal["value"]) and self.available and self.ready

    def _show_ready(self, _change: Any = None) -> None:
        self.button.disabled = self.revealed or not self.ready
        self.panel.html = self._panel_html()

    def _reveal_toggled(self, change: Any) -> None:
        self.button.description = self.shown if change["new"] else self.label
        self._show_ready()

    def static_html(self) -> str:
        """On paper: what it shows, without a box of its own."""
        return "".join(to_html(child) for child in self.children)


class HasReveal(traitlets.HasTraits):
    """An activity with a :class:`Reveal` in it: its own ``revealed`` follows the Reveal's,
    both ways, so a caller observes the activity alone."""

    revealed = traitlets.Bool(False)
    reveal_box: Reveal

    def _use_reveal(self, box: Reveal) -> None:
        self.reveal_box = box
        traitlets.link((box, "revealed"), (self, "revealed"))

    @property
    def can_reveal(self) -> bool:
        return self.reveal_box.available

    @property
    def reveal_button(self) -> w.Button:
        return self.reveal_box.button

    def reveal(self) -> None:
        self.reveal_box.reveal()

    @traitlets.validate("revealed")
    def _only_with_an_answer(self, proposal: Any) -> bool:
        return bool(proposal["value"]) and self.can_reveal and self.reveal_box.ready
