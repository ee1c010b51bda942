"""Small accessible controls the course's activities are built from.

ipywidgets 8 sliders have no accessible name (their label is not linked to the handle),
so the course uses a native ``<input type="range">`` with a real ``<label>``: screen
readers name it, the keyboard moves it, and it works the same in JupyterLab and Voilà.
Both controls are anywidgets: their front-end code ships inline, with no network at run time.
"""

from __future__ import annotations

import html

import anywidget
import traitlets

# JupyterLab's notebook shortcuts listen for keys on the document: in command mode the arrow
# keys move between cells and Enter opens the cell for editing, so ArrowRight on a slider (or
# ArrowDown in a radio group or a drop-down list) moved the cell selection, and Enter on a
# button did not press it. Keys that work a control in a cell's output stay with it. (Voila
# has no such shortcuts.) Installed once.
_KEEP_KEYS_JS = r"""
function keepKeys() {
  if (window.__tgKeepKeys) return;
  window.__tgKeepKeys = true;
  window.addEventListener("keydown", (e) => {
    const t = e.target;
    if (!(t instanceof Element) || !t.closest(".jp-OutputArea-output")) return;
    const moves = /^(Arrow|Page|Home$|End$)/.test(e.key) &&
                  t.matches("input[type=range], input[type=radio], select");
    const presses = (e.key === "Enter" || e.key === " ") &&
                    t.matches("button, input[type=checkbox], input[type=radio], a[href], summary");
    if (moves || presses) e.stopPropagation();
  }, true);
}
"""

_SLIDER_JS = _KEEP_KEYS_JS + r"""
function render({ model, el }) {
  keepKeys();
  const id = "tg-slider-" + Math.random().toString(36).slice(2);
  const wrap = document.createElement("div");
  wrap.className = "tg-slider";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "tg-slider-label";
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  const out = document.createElement("output");
  out.htmlFor = id;
  out.className = "tg-slider-value";
  const hint = document.createElement("div");
  hint.id = id + "-hint";
  hint.className = "tg-slider-hint";
  input.setAttribute("aria-describedby", hint.id);
  const row = document.createElement("div");
  row.className = "tg-slider-row";
  row.append(input, out);
  wrap.append(label, row, hint);
  el.append(wrap);

  const text = (v) => `${v} out of ${model.get("max")}`;
  function sync() {
    label.textContent = model.get("label");
    hint.textContent = model.get("hint");
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    input.disabled = model.get("disabled");
    input.setAttribute("aria-valuetext", text(model.get("value")));
    out.textContent = model.get("value");
  }
  sync();
  model.on("change", sync);
  input.addEventListener("input", () => {
    const value = Number(input.value);
    out.textContent = value;
    input.setAttribute("aria-valuetext", text(value));
    model.set("value", value);
    model.save_changes();
  });
  return () => model.off("change", sync);
}
export default { render };
"""

_SLIDER_CSS = """
.tg-slider { font-size: 15px; margin: 6px 0 10px; max-width: 560px; }
.tg-slider-label { font-weight: 600; display: block; margin-bottom: 2px; }
.tg-slider-row { display: flex; align-items: center; gap: 12px; }
.tg-slider input[type=range] { flex: 1; accent-color: #1B3A6B; height: 28px; min-width: 180px; }
.tg-slider input[type=range]:focus-visible { outline: 3px solid #FFB81C; outline-offset: 2px; }
.tg-slider-value { min-width: 2.5em; font-weight: 700; font-size: 17px; text-align: right; }
.tg-slider-hint { color: #4a4a4a; font-size: 13px; }
"""

_LIVE_JS = _KEEP_KEYS_JS + r"""
function render({ model, el }) {
  keepKeys();
  const box = document.createElement("div");
  box.className = "tg-live";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  const sync = () => { box.innerHTML = model.get("html"); };
  sync();
  model.on("change:html", sync);
  el.append(box);
  return () => model.off("change:html", sync);
}
export default { render };
"""

# Links are underlined, in our feedback and in the notebooks' own text: JupyterLab's and
# Voila's themes show a link in a sentence by its colour alone (WCAG 1.4.1; axe's
# link-in-text-block). The page loads this CSS with the first LiveText.
_LIVE_CSS = """
.tg-live { font-size: 15px; line-height: 1.5; max-width: 720px; }
.tg-live p { margin: 4px 0; }
.tg-live a, .jp-RenderedMarkdown a[href]:not(.jp-InternalAnchorLink) { text-decoration: underline; }
"""


class Slider(anywidget.AnyWidget):
    """A labelled range slider with a visible value and a hint read out by screen readers."""

    _esm = _SLIDER_JS
    _css = _SLIDER_CSS
    value = traitlets.Float(5).tag(sync=True)
    min = traitlets.Float(0).tag(sync=True)
    max = traitlets.Float(10).tag(sync=True)
    step = traitlets.Float(1).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    @traitlets.validate("value")
    def _within_range(self, proposal):
        value = proposal["value"]
        if not self.min <= value <= self.max:
            raise traitlets.TraitError(f"{self.label or 'value'} must be from {self.min:g} "
                                       f"to {self.max:g}, not {value:g}")
        return value

    def static_html(self) -> str:
        """On paper (the handout): the label and the value."""
        return (f"<p class='tg-static-slider'><strong>{html.escape(self.label)}:</strong> "
                f"{self.value:g} out of {self.max:g}</p>")


class LiveText(anywidget.AnyWidget):
    """Text that screen readers announce when it changes (an ARIA live region).

    ``html`` must already be escaped: callers build it with :func:`html.escape`.
    """

    _esm = _LIVE_JS
    _css = _LIVE_CSS
    html = traitlets.Unicode("").tag(sync=True)

    def static_html(self) -> str:
        return f"<div class='tg-live'>{self.html}</div>"


_TEXT_JS = r"""
function render({ model, el }) {
  const id = "tg-text-" + Math.random().toString(36).slice(2);
  const wrap = document.createElement("div");
  wrap.className = "tg-text";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = model.get("label");
  const hint = document.createElement("div");
  hint.className = "tg-text-hint";
  hint.id = id + "-hint";
  hint.textContent = model.get("hint");
  const box = document.createElement("textarea");
  box.id = id;
  box.rows = model.get("rows");
  box.maxLength = model.get("max_length");
  box.placeholder = model.get("placeholder");
  box.value = model.get("value");
  box.setAttribute("aria-describedby", hint.id);
  wrap.append(label, hint, box);
  el.append(wrap);
  // Send what was typed after a short pause, and at once when the box loses focus,
  // so a learner's words reach the kernel (and are saved) without lag while typing.
  let timer = null;
  const send = () => {
    clearTimeout(timer);
    if (box.value !== model.get("value")) { model.set("value", box.value); model.save_changes(); }
  };
  box.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(send, 400); });
  box.addEventListener("blur", send);
  const sync = () => { if (document.activeElement !== box) box.value = model.get("value"); };
  model.on("change:value", sync);
  return () => { send(); model.off("change:value", sync); };
}
export default { render };
"""

_TEXT_CSS = """
.tg-text { font-size: 15px; max-width: 720px; margin: 6px 0; }
.tg-text label { font-weight: 600; display: block; }
.tg-text-hint { color: #4a4a4a; font-size: 13px; margin-bottom: 4px; }
.tg-text textarea { width: 100%; box-sizing: border-box; font: inherit; padding: 6px;
  border: 1px solid #6b6b6b; border-radius: 3px; }
.tg-text textarea:focus-visible { outline: 3px solid #FFB81C; outline-offset: 1px; }
"""


class TextBox(anywidget.AnyWidget):
    """A labelled multi-line text box whose words reach the kernel as the learner types."""

    _esm = _TEXT_JS
    _css = _TEXT_CSS
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
