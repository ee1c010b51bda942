"""Turn a live activity into static HTML: its figures and words in their current state.

Used for the handout, which must be read and printed without a kernel: a figure widget is
blank without one (DESIGN pitfall 5), so each figure becomes a plain Plotly figure that
loads plotly.js from the page, and each control shows its value.
"""

from __future__ import annotations

import html
import os

import ipywidgets as w

from .markup import bullets, para

STATIC_ENV = "TRUSTGRID_STATIC"


def static_mode() -> bool:
    """True while the handout is being built (the builder sets $TRUSTGRID_STATIC=1)."""
    return os.environ.get(STATIC_ENV) == "1"


def left_out(about: str) -> w.HTML:
    """What the handout shows for an activity that needs the live course (trustgrid/kinds.py)."""
    return w.HTML(f"<p class='tg-static-left-out'><em>In the live course, this is where you "
                  f"{html.escape(about)}. It needs the course running in JupyterLab or Voilà."
                  f"</em></p>")


def to_html(widget: w.Widget) -> str:
    """The static HTML of a widget tree (containers are walked; buttons are left out).

    The course's own controls and figures draw themselves (``static_html``); ipywidgets'
    own widgets are drawn here.
    """
    draw = getattr(widget, "static_html", None)
    if callable(draw):
        return draw()
    if isinstance(widget, (w.Box,)):
        return "<div class='tg-box'>" + "".join(to_html(c) for c in widget.children) + "</div>"
    if isinstance(widget, (w.HTML, w.HTMLMath)):
        return widget.value
    if isinstance(widget, (w.Label,)):
        return para(widget.value)
    if isinstance(widget, (w.RadioButtons, w.ToggleButtons, w.Dropdown, w.Select)):
        labels = getattr(widget, "_options_labels", ())
        return (f"<div class='tg-static-choice'>{para(widget.description or '')}"
                f"{bullets(labels)}</div>")
    if isinstance(widget, (w.Text, w.Textarea)):
        label = html.escape(widget.description or widget.placeholder or "")
        return f"<p><strong>{label}</strong></p><div class='tg-write-here'></div>"
    return ""  # buttons, uploads and the like do nothing on paper


def show_widgets_as_html() -> None:
    """From now on, every widget this kernel displays also carries its static HTML.

    The handout builder then keeps that HTML and drops the live widget view.
    """
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(w.Widget, to_html)
