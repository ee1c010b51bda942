"""The course's figure widget: a plotly figure drawn by plotly.js fetched once per page.

plotly's own ``FigureWidget`` carries its own ~5 MB copy of plotly.js through the kernel
websocket for every figure (anywidget loads each model's module separately). This widget's
front end (``plotly_figure.js`` and ``figure.js`` beside this file) is a few kilobytes: it
imports plotly.js by URL from the Jupyter server the page came from
(``jupyter-share/labextensions/trustgrid/``, installed into
``<prefix>/share/jupyter/labextensions/``), so the browser fetches it once and caches it for
the next page. Where the page says nothing of its server (VS Code, Colab) or the file is not
there, the front end asks the kernel for plotly.js instead.

Python builds the figure with plotly's own API, as before. Each trace is a small widget model
of its own, so a change sends only the traces that changed (a slider move sends the marker,
never the strength shading). ``figure.data[i].update(...)`` and ``batch_update()`` work as on
a ``go.Figure``: plotly reports each change to the hooks of :class:`TrackedFigure`.

Each view owns its listeners and drops them when it goes, so a figure taken off the page and
shown again keeps following Python. A widget that draws a figure in its own view along with
other things (a placement's sliders, ``placement.GridPlacement``) is a :class:`DrawsFigure`
too, and its front end calls the same ``drawFigure``.
"""

from __future__ import annotations

import json
from functools import cache

import anywidget
import ipywidgets as w
import plotly.graph_objects as go
import traitlets
from plotly.io.json import to_json_plotly
from plotly.offline import get_plotlyjs

from .front_end import joined

# The copy of plotly's own plotly.min.js that the Jupyter server serves (its name carries
# the start of its SHA-256, so browsers may keep it for ever); tests check it is plotly's.
PLOTLY_JS = "plotly-4.1.1.3b6e15d45dbb.min.js"


@cache
def _plotly_js_bytes() -> bytes:
    """plotly.js for pages that cannot fetch it: read once per kernel, not once per figure."""
    return get_plotlyjs().encode()


def _json(value) -> object:
    """Plain JSON (lists, numbers, strings) of a plotly object, as plotly itself encodes it."""
    return json.loads(to_json_plotly(value))


class _Trace(w.Widget):
    """One trace of a figure, as a model of its own (it has no view)."""

    props = traitlets.Dict().tag(sync=True)


class TrackedFigure(go.Figure):
    """A ``go.Figure`` that tells its widget which traces, or the layout, changed.

    plotly calls these hooks (empty on a ``go.Figure``) after every change it has applied,
    once per ``batch_update()``; ``go.FigureWidget`` uses them to message its front end.
    Change it as any ``go.Figure``: ``figure.data[i].update(...)``, ``batch_update()``.
    """

    def __init__(self, figure: go.Figure, changed) -> None:
        self._changed = None
        super().__init__(figure)
        self._changed = changed

    def to_figure(self) -> go.Figure:
        """A plain copy of the figure as it is now (for static pages)."""
        return go.Figure(self)

    def static_html(self) -> str:
        """On paper (the handout): the figure as it is now, drawn by the page's plotly.js."""
        return ("<div class='tg-figure'>"
                + self.to_figure().to_html(include_plotlyjs=False, full_html=False,
                                           config={"displayModeBar": False, "responsive": True})
                + "</div>")

    def _send_restyle_msg(self, style, trace_indexes=None, source_view_id=None):
        self._report(trace_indexes, layout=False)

    def _send_relayout_msg(self, layout, source_view_id=None):
        self._report([], layout=True)

    def _send_update_msg(self, restyle_data, relayout_data, trace_indexes=None,
                         source_view_id=None):
        self._report(trace_indexes if restyle_data else [], layout=bool(relayout_data))

    def _report(self, trace_indexes, *, layout: bool) -> None:
        if self._changed is None:
            return
        if trace_indexes is None:
            trace_indexes = range(len(self.data))
        elif isinstance(trace_indexes, int):
            trace_indexes = [trace_indexes]
        self._changed(list(trace_indexes), layout)

    def _refuse(self, *_args, **_kwargs):
        raise RuntimeError("trustgrid.widgets.figure: build the figure with all its traces, "
                           "then make a Figure of it; traces cannot be added or removed after")

    _send_addTraces_msg = _send_deleteTraces_msg = _send_moveTraces_msg = _refuse


class DrawsFigure(traitlets.HasTraits):
    """An anywidget whose view draws a plotly figure with ``drawFigure`` (plotly_figure.js).

    ``figure`` (a :class:`TrackedFigure`) is the figure to change from Python; each change
    reaches the front end as the traces that changed. Pass the figure to build as ``figure=``.
    """

    _plotly_js = traitlets.Unicode(PLOTLY_JS).tag(sync=True)
    _traces = traitlets.List(traitlets.Instance(_Trace)).tag(sync=True, **w.widget_serialization)
    _layout = traitlets.Dict().tag(sync=True)

    def __init__(self, *, figure: go.Figure, **kwargs) -> None:
        self.figure = TrackedFigure(figure, self._changed)
        traces = [_Trace(props=_json(trace)) for trace in self.figure.data]
        super().__init__(_traces=traces, _layout=_json(self.figure.layout), **kwargs)
        self.on_msg(self._front_end_asks)

    def _changed(self, trace_indexes: list[int], layout: bool) -> None:
        for index in trace_indexes:
            self._traces[index].props = _json(self.figure.data[index])
        if layout:
            self._layout = _json(self.figure.layout)

    def _front_end_asks(self, _widget, content, _buffers) -> None:
        # A page with no Jupyter server config (VS Code, Colab) cannot fetch plotly.js.
        if isinstance(content, dict) and content.get("kind") == "plotly.js":
            self.send({"kind": "plotly.js"}, buffers=[_plotly_js_bytes()])

    def close(self) -> None:
        for trace in self._traces:
            trace.close()
        super().close()


class Figure(DrawsFigure, anywidget.AnyWidget):
    """A plotly figure on the page, kept in step with Python (see above)."""

    _esm = joined("plotly_figure.js", "figure.js")

    def __init__(self, figure: go.Figure, **kwargs) -> None:
        super().__init__(figure=figure, **kwargs)

    @property
    def data(self) -> tuple:
        """The figure's traces: change them as on a ``go.Figure``."""
        return self.figure.data

    @property
    def layout(self) -> go.Layout:
        return self.figure.layout

    def batch_update(self):
        """Apply every change made inside at once (one message per changed trace)."""
        return self.figure.batch_update()

    def to_figure(self) -> go.Figure:
        return self.figure.to_figure()

    def static_html(self) -> str:
        return self.figure.static_html()
