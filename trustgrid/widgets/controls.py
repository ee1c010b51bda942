"""Small accessible controls the course's activities are built from.

ipywidgets 8 sliders have no accessible name (their label is not linked to the handle),
so the course uses a native ``<input type="range">`` with a real ``<label>``: screen
readers name it, the keyboard moves it, and it works the same in JupyterLab and Voilà.
The controls are anywidgets: their front ends are the .js and .css files beside this module,
sent to the page through the kernel, with no network at run time.
"""

from __future__ import annotations

import html
from pathlib import Path

import anywidget
import traitlets

_HERE = Path(__file__).parent


def _module(name: str) -> str:
    """A control's front end with keep_keys.js in front (a Blob URL module cannot import it)."""
    return "\n".join((_HERE / n).read_text(encoding="utf-8") for n in ("keep_keys.js", name))


class Slider(anywidget.AnyWidget):
    """A labelled range slider with a visible value and a hint read out by screen readers.

    ``unset`` (say, a person not placed yet) shows no value until the learner moves it, so a
    starting value is never taken for an answer; moving it clears ``unset``.
    """

    _esm = _module("slider.js")
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
        value = proposal["value"]
        if not self.min <= value <= self.max:
            raise traitlets.TraitError(f"{self.label or 'value'} must be from {self.min:g} "
                                       f"to {self.max:g}, not {value:g}")
        return value

    def static_html(self) -> str:
        """On paper (the handout): the label and the value."""
        value = "____" if self.unset else f"{self.value:g}"  # a blank to fill in on paper
        return (f"<p class='tg-static-slider'><strong>{html.escape(self.label)}:</strong> "
                f"{value} out of {self.max:g}</p>")


class LiveText(anywidget.AnyWidget):
    """Text that screen readers announce when it changes (an ARIA live region).

    ``html`` must already be escaped: callers build it with :func:`html.escape`.
    """

    _esm = _module("live_text.js")
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
