"""Give anywidget's front end time to load plotly on a busy computer.

anywidget 0.11.0 (and every release from 0.9 on) gives each widget model 2 seconds to load
its JavaScript module: the front end (``Runtime`` in anywidget's JupyterLab extension) starts
``AbortSignal.timeout(2000)`` when the model is created and, if the module has not loaded by
then, rejects with "[anywidget] Failed to initialize model." From then on the model drops
every message from Python. A plotly ``FigureWidget`` carries its own ~5 MB copy of plotly.js,
so with several figures on a page and a busy computer some of them load too late: they are
drawn once, then stop following their sliders (and live text can stop changing too).

:class:`InitDeadline` widens exactly that deadline. Its module replaces
``AbortSignal.timeout`` with a wrapper that turns a 2000 ms timeout asked for by code in
anywidget's extension into 60 s, and passes every other call through unchanged. It only
helps models created after its module has run, so ``trustgrid.notebook.start`` creates it
before anything else, and Voilà must create models cell by cell, as they are made:
``progressive_rendering`` in voila.json (Voilà reads it from the folder it starts in). Without
that, Voilà creates every model of the page at once and this widget comes too late.
It draws nothing.
"""

from __future__ import annotations

import anywidget
import ipywidgets as w

ANYWIDGET_DEADLINE_MS = 2000  # anywidget 0.9.x to 0.11.0
WIDENED_DEADLINE_MS = 60000

_INIT_DEADLINE_JS = f"const ASKED = {ANYWIDGET_DEADLINE_MS}, GIVEN = {WIDENED_DEADLINE_MS};\n" + r"""
const MARK = Symbol.for("trustgrid.anywidget-init-deadline");
if (typeof AbortSignal.timeout === "function" && !AbortSignal.timeout[MARK]) {
  const original = AbortSignal.timeout;
  const state = { original, widened: 0 };  // widened: how many deadlines it has changed
  const timeout = function timeout(ms) {
    // Only anywidget's model deadline: that length, asked for by code in its extension
    // (JupyterLab and Voila serve it from .../anywidget/static/).
    if (ms === ASKED && /\/anywidget\/static\//.test(new Error().stack || "")) {
      ms = GIVEN;
      state.widened += 1;
    }
    return original.call(this, ms);
  };
  timeout[MARK] = state;
  AbortSignal.timeout = timeout;
}
export default { render() {} };
"""


class InitDeadline(anywidget.AnyWidget):
    """An invisible widget whose module widens anywidget's 2 s load deadline (see above)."""

    _esm = _INIT_DEADLINE_JS

    def __init__(self) -> None:
        # Hidden by its layout: the view's own style is reset after render().
        super().__init__(layout=w.Layout(display="none"))
