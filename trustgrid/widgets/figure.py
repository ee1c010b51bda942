"""plotly's FigureWidget, mended, fitted to its place, and able to follow two sliders.

1. A figure shown again keeps following Python. plotly's front end
   (``plotly/package_data/widgetbundle.js``, plotly 6 and 7) registers each view's handlers on
   the figure's shared model and never removes them. When a view goes (its output is cleared,
   or the figure is taken out of a box to show another, as exercise 1 does on Next), its
   handlers stay behind and call Plotly on a purged element. The first of them throws ("Error
   setting state: Cannot read properties of undefined (reading 'length')"), Backbone stops
   calling handlers there, and the live view never hears of the change. Here each view gets
   the model through a wrapper whose handlers go quiet once the view has been removed.

2. A figure that fits its place: it is resized whenever the width it has changes.

3. A marker that moves as its sliders move (:meth:`Figure.follow`). The view listens to the
   two slider models in the browser and moves the marker at once; Python's own update of the
   figure (with its hover text) arrives a round trip later and draws the same place. Dragging
   a slider so feels instant, even when the kernel is busy.
"""

from __future__ import annotations

import re

import ipywidgets as w
import plotly.graph_objects as go
import traitlets

# plotly 7.1's minified render: `render({el:E}){let V=new View(M,E);return V.perform_render(),()=>V.remove()}`
_RENDER = re.compile(
    r"render\(\{el:(?P<el>[\w$]+)\}\)\{let (?P<view>[\w$]+)=new (?P<cls>[\w$]+)\("
    r"(?P<model>[\w$]+),(?P=el)\);return (?P=view)\.perform_render\(\),\(\)=>"
    r"(?P=view)\.remove\(\)\}"
)
# The view's own use of the plotly.js module, to find its name in the bundle.
_PLOTLY = re.compile(r"(?P<plotly>[\w$]+)\.default\.purge\(this\.el\)")
_MENDED = (
    "render({{el:{el},model:tgProxy}}){{let tgLive=!0,tgModel=Object.create({model});"
    "tgModel.on=(name,handler)=>{model}.on(name,(...args)=>{{if(tgLive)return handler(...args)}});"
    "let {view}=new {cls}(tgModel,{el});{view}.perform_render();"
    "let tgStop=tgFollow(tgProxy,{el},{plotly}.default,()=>tgLive),"
    "tgUnfit=tgFit({el},{plotly}.default,()=>tgLive);"
    "return ()=>{{tgLive=!1;tgStop();tgUnfit();{view}.remove()}}}}"
)
_FOLLOW_JS = r"""
function tgFollow(model, el, Plotly, live) {
  const follow = model.get("_follow") || {};
  if (!follow.x || !follow.y || !model.widget_manager) return () => {};
  let stop = () => {};
  Promise.all([model.widget_manager.get_model(follow.x), model.widget_manager.get_model(follow.y)])
    .then(([mx, my]) => {
      if (!live()) return;
      const move = () => {
        if (!live() || !el._fullData) return;
        // Not reported back to Python: Python moves its own copy when the value reaches it.
        Plotly.restyle(el, {x: [[mx.get("value")]], y: [[my.get("value")]], _doNotReportToPy: true},
                       [follow.trace]);
      };
      mx.on("change:value", move);
      my.on("change:value", move);
      stop = () => { mx.off("change:value", move); my.off("change:value", move); };
    })
    .catch((error) => console.warn("trustgrid: the figure cannot follow its sliders", error));
  return () => stop();
}

// The figure takes the width of the page it is in, whenever that width changes (a narrow
// window, a phone, a zoomed page, the flex layout wrapping after the first draw). plotly
// only resizes on window "resize" and JupyterLab's own resize messages, so in Voila a
// figure first drawn wider than its place stayed cut off at the right.
function tgFit(el, Plotly, live) {
  if (typeof ResizeObserver !== "function") return () => {};
  let width = -1;
  const observer = new ResizeObserver(() => {
    const now = el.clientWidth;
    if (!live() || !el._fullLayout || now === width || now === 0) return;
    width = now;
    if (Math.abs(el._fullLayout.width - now) > 1) Plotly.Plots.resize(el);
  });
  observer.observe(el);
  return () => observer.disconnect();
}
"""


def mend(esm: str) -> str:
    """plotly's widget module with views' handlers scoped to the view, tgFollow and tgFit."""
    match = _RENDER.search(esm, esm.rfind("render({el:"))
    plotly = _PLOTLY.search(esm)
    if match is None or plotly is None:
        raise RuntimeError(
            "trustgrid.widgets.figure: plotly's widget module has changed (its render function "
            "was not found); check whether the stale-view fix is still needed")
    mended = _MENDED.format(**match.groupdict(), plotly=plotly["plotly"])
    return esm[:match.start()] + mended + esm[match.end():] + _FOLLOW_JS


class Figure(go.FigureWidget):
    """A ``go.FigureWidget`` that can be shown again, and can follow sliders (see above)."""

    _esm = mend(str(go.FigureWidget._esm))
    _follow = traitlets.Dict().tag(sync=True)

    def follow(self, trace: int, x: w.Widget, y: w.Widget) -> None:
        """Move trace ``trace``'s single point to (``x.value``, ``y.value``) in the browser
        as soon as either slider moves. Python must still update the trace itself."""
        self._follow = {"trace": trace, "x": x.model_id, "y": y.model_id}
