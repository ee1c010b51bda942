"""Model answers: the one rule every activity follows for what its Reveal can show.

A learner edition leaves the model answers out (each kind's ``model_answers`` in
:mod:`trustgrid.kinds`), and a course may leave out an optional one. Each activity asks :func:`model_answer` for the answer it would
reveal and gives it to a :class:`Reveal`; when there is none, the Reveal shows
:data:`WITHHELD_TEXT` instead of its button, so nothing is pressed that has nothing to show.

A Reveal is drawn in one view by reveal.js (its button and the panel it fills): on its own
(:class:`Reveal`), or inside a bigger view, such as a scenario's (``placement.ScenarioActivity``),
whose widget is a :class:`RevealsAnswer` too.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

from ..static import static_mode
from .front_end import joined

WITHHELD_TEXT = ("There is no suggested answer in this edition of the course: talk it "
                 "through with your group or your facilitator.")


def model_answer(course: Any, answer: Any) -> Any:
    """``answer`` if this edition shows it, else None (withheld, or not in the data)."""
    if not course.has_model_answers or answer is None or answer in ("", [], {}):
        return None
    return answer


def withheld_html() -> str:
    """Where a Reveal button would be, when there is no model answer to show."""
    return f"<p class='tg-withheld' style='font-style:italic;color:#333'>{WITHHELD_TEXT}</p>"


def withheld_box() -> w.HTML:
    """:func:`withheld_html` as a widget of its own."""
    return w.HTML(withheld_html())


class RevealButton(traitlets.HasTraits):
    """A Reveal's button, as Python sees it: ``description`` and ``disabled`` are the
    widget's own ``_reveal_label`` and ``_reveal_disabled``, which reveal.js draws;
    :meth:`click` does what a press in the browser does. It is not a widget."""

    description = traitlets.Unicode("")
    disabled = traitlets.Bool(False)

    def __init__(self, owner: RevealsAnswer) -> None:
        super().__init__(description=owner._reveal_label, disabled=owner._reveal_disabled)
        traitlets.link((self, "description"), (owner, "_reveal_label"))
        traitlets.link((self, "disabled"), (owner, "_reveal_disabled"))
        self._handlers = w.CallbackDispatcher()

    def on_click(self, callback: Callable[[RevealButton], Any]) -> None:
        self._handlers.register_callback(callback)

    def click(self) -> None:
        self._handlers(self)


class RevealPanel(traitlets.HasTraits):
    """What a Reveal shows (its ``html``: the hint, then the answer), as Python sees it: the
    widget's own ``_reveal_html``, drawn as a live region. It is not a widget."""

    html = traitlets.Unicode("")

    def __init__(self, owner: RevealsAnswer) -> None:
        super().__init__(html=owner._reveal_html)
        traitlets.link((self, "html"), (owner, "_reveal_html"))

    def static_html(self) -> str:
        return f"<div class='tg-live'>{self.html}</div>"


class RevealsAnswer(traitlets.HasTraits):
    """A widget whose view draws a Reveal button and the panel it fills (reveal.js's
    ``drawReveal``), or the withheld note when there is no answer. Build the widget with
    :meth:`_reveal_state` among its traits (its first state is its final one: a change made
    before it is shown can be lost in Voila), then call :meth:`_wire_reveal`.

    ``render(answer)`` gives the panel's HTML, already escaped. It runs when ``revealed``
    becomes true and on :meth:`refresh`, so an answer that depends on the learner's work
    (how far their placement is from the suggestion) follows it. The panel is a live
    region: screen readers announce what appears. ``revealed=True`` restores a reveal
    quietly: it is set before anyone can observe it.

    With no answer, the panel shows ``instead`` (say, the discussion prompts).

    Predict first: with ``ready=False`` the button is disabled and ``hint`` says what to do
    before it can be pressed (say, place the person); the activity sets ``ready`` when the
    learner has done it, and nothing reveals before then.
    """

    revealed = traitlets.Bool(False).tag(sync=True)
    ready = traitlets.Bool(True)
    # What reveal.js draws.
    _reveal_label = traitlets.Unicode("").tag(sync=True)
    _reveal_tooltip = traitlets.Unicode("").tag(sync=True)
    _reveal_style = traitlets.Unicode("primary").tag(sync=True)  # an ipywidgets button style
    _reveal_margin = traitlets.Unicode("8px 0").tag(sync=True)
    _reveal_disabled = traitlets.Bool(False).tag(sync=True)
    _reveal_html = traitlets.Unicode("").tag(sync=True)
    _reveal_withheld = traitlets.Unicode("").tag(sync=True)  # the note, when there is no answer

    def _reveal_state(self, answer: Any, *, label: str, shown: str,
                      render: Callable[[Any], str], tooltip: str = "", style: str = "primary",
                      margin: str = "8px 0", revealed: bool = False, ready: bool = True,
                      hint: str = "", instead: str = "") -> dict[str, Any]:
        """The Reveal's traits to build the widget with (and what it keeps to render)."""
        self.answer = answer
        self._labels = (label, shown)
        self._render = render
        self._hint, self._instead = hint, instead
        revealed = bool(revealed) and self.available and ready
        return {"revealed": revealed, "ready": ready,
                "_reveal_label": shown if revealed else label, "_reveal_tooltip": tooltip,
                "_reveal_style": style, "_reveal_margin": margin,
                "_reveal_disabled": revealed or not ready,
                "_reveal_html": self._panel_html(revealed, ready),
                "_reveal_withheld": "" if self.available else WITHHELD_TEXT}

    def _wire_reveal(self) -> None:
        """Once the widget exists: its button and panel, and what a press and ``ready`` do."""
        self.button = RevealButton(self)
        self.button.on_click(lambda _b: self.reveal())
        self.panel = RevealPanel(self)  # the hint while not ready, the answer once revealed
        self.on_msg(self._pressed)
        self.observe(self._reveal_toggled, "revealed")
        self.observe(self._show_ready, "ready")

    @property
    def available(self) -> bool:
        """True when there is an answer to reveal."""
        return self.answer is not None

    # What an activity built around a Reveal offers (as HasReveal does for one that holds one).
    can_reveal = available

    @property
    def reveal_box(self) -> RevealsAnswer:
        return self

    @property
    def reveal_button(self) -> RevealButton:
        return self.button

    def reveal(self) -> None:
        self.revealed = True

    def refresh(self) -> None:
        """Render the answer again, if it is showing."""
        if self.revealed:
            self.panel.html = self._render(self.answer)

    def reveal_static_html(self) -> str:
        """On paper: what the panel shows, after the withheld note when there is no answer
        (there is no button to press)."""
        if self.available:
            return self.panel.static_html()
        return withheld_html() + (self.panel.static_html() if self.panel.html else "")

    def _pressed(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("kind") == "reveal":
            self.button.click()

    def _panel_html(self, revealed: bool, ready: bool) -> str:
        if not self.available:
            return self._instead
        if revealed:
            return self._render(self.answer)
        if ready or not self._hint or static_mode():  # on paper there is nothing to press
            return ""
        return f"<p class='tg-reveal-hint'>{html.escape(self._hint)}</p>"

    @traitlets.validate("revealed")
    def _only_with_an_answer(self, proposal: Any) -> bool:
        return bool(proposal["value"]) and self.available and self.ready

    def _show_ready(self, _change: Any = None) -> None:
        self.button.disabled = self.revealed or not self.ready
        self.panel.html = self._panel_html(self.revealed, self.ready)

    def _reveal_toggled(self, change: Any) -> None:
        label, shown = self._labels
        self.button.description = shown if change["new"] else label
        self._show_ready()


class Reveal(RevealsAnswer, anywidget.AnyWidget):
    """A Reveal button and the panel it fills, in a view of its own (see RevealsAnswer).

    Anything the answer brings with it (a figure, a table) goes after it in the activity.
    One widget and one view: as an ipywidgets box of a button and a live text, it was seven
    widget models and three views.
    """

    _esm = joined("keep_keys.js", "live_text.js", "reveal.js", "reveal_widget.js")
    _css = joined("live_text.css")

    def __init__(self, answer: Any, **kwargs: Any):
        super().__init__(**self._reveal_state(answer, **kwargs))
        self.add_class("tg-reveal")
        self._wire_reveal()

    def static_html(self) -> str:
        return self.reveal_static_html()


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
    def reveal_button(self) -> RevealButton:
        return self.reveal_box.button

    def reveal(self) -> None:
        self.reveal_box.reveal()

    @traitlets.validate("revealed")
    def _only_with_an_answer(self, proposal: Any) -> bool:
        return bool(proposal["value"]) and self.can_reveal and self.reveal_box.ready
