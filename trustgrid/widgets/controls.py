"""Small accessible controls the course's activities are built from.

ipywidgets 8 sliders have no accessible name (their label is not linked to the handle),
so the course uses a native ``<input type="range">`` with a real ``<label>``: screen
readers name it, the keyboard moves it, and it works the same in JupyterLab and Voilà.
The controls are anywidgets: their front ends are the .js and .css files beside this module,
sent to the page through the kernel, with no network at run time. A placement
(``placement.GridPlacement``) draws two sliders and live text in a view of its own with the
same slider.js and live_text.js, and a Reveal (``answers.Reveal``) its panel with live_text.js.
"""

from __future__ import annotations

import html
from pathlib import Path

import anywidget
import traitlets

from .front_end import joined

_HERE = Path(__file__).parent


def check_range(label: str, value: float, lowest: float, highest: float) -> float:
    """``value`` if it is on the slider's scale, else a TraitError that names the slider."""
    if not lowest <= value <= highest:
        raise traitlets.TraitError(f"{label or 'value'} must be from {lowest:g} "
                                   f"to {highest:g}, not {value:g}")
    return value


def slider_html(label: str, value: float, highest: float, *, unset: bool) -> str:
    """On paper (the handout): a slider's label and value, or a blank to fill in."""
    shown = "____" if unset else f"{value:g}"
    return (f"<p class='tg-static-slider'><strong>{html.escape(label)}:</strong> "
            f"{shown} out of {highest:g}</p>")


class Slider(anywidget.AnyWidget):
    """A labelled range slider with a visible value and a hint read out by screen readers.

    ``unset`` (say, a person not placed yet) shows no value until the learner moves it, so a
    starting value is never taken for an answer; moving it clears ``unset``.
    """

    _esm = joined("keep_keys.js", "slider.js", "slider_widget.js")
    _css = _HERE / "slider.css"
    value = traitlets.Float(5).tag(sync=True)
    min = traitlets.Float(0).tag(sync=True)
    max = traitlets.Float(10).tag(sync=True)
    step = traitlets.Float(1).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    unset = traitlets.Bool(False).tag(sync=True)

    @traitlets.validate("value")
    def _within_range(self, proposal):
        return check_range(self.label, proposal["value"], self.min, self.max)

    def static_html(self) -> str:
        return slider_html(self.label, self.value, self.max, unset=self.unset)


class LiveText(anywidget.AnyWidget):
    """Text that screen readers announce when it changes (an ARIA live region).

    ``html`` must already be escaped: callers build it with :func:`html.escape`.
    """

    _esm = joined("keep_keys.js", "live_text.js", "live_text_widget.js")
    _css = _HERE / "live_text.css"
    html = traitlets.Unicode("").tag(sync=True)

    def static_html(self) -> str:
        return f"<div class='tg-live'>{self.html}</div>"


class TextBox(anywidget.AnyWidget):
    """A labelled multi-line text box whose words reach the kernel as the learner types."""

    _esm = _HERE / "text_box.js"
    _css = _HERE / "text_box.css"
    value = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    rows = traitlets.Int(4).tag(sync=True)
    max_length = traitlets.Int(5000).tag(sync=True)

    def static_html(self) -> str:
        """On paper: the question and a box to write in, holding what was typed."""
        return (f"<div class='tg-static-text'><p><strong>{html.escape(self.label)}</strong></p>"
                f"<div class='tg-write-here'>{html.escape(self.value)}</div></div>")
