"""plotly's FigureWidget, mended so that a figure shown again keeps following Python.

plotly's front end (``plotly/package_data/widgetbundle.js``, plotly 6 and 7) registers each
view's handlers on the figure's shared model and never removes them. When a view goes (its
output is cleared, or the figure is taken out of a box to show another, as exercise 1 does on
Next), its handlers stay behind and call Plotly on a purged element. The first of them throws
("Error setting state: Cannot read properties of undefined (reading 'length')"), Backbone
stops calling handlers there, and the live view never hears of the change: a placement shown
again no longer follows its sliders.

:class:`Figure` uses plotly's own module with one change to its ``render``: the view is given
the model through a wrapper whose handlers go quiet once the view has been removed.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go

# plotly 7.1's minified render: `render({el:E}){let V=new View(M,E);return V.perform_render(),()=>V.remove()}`
_RENDER = re.compile(
    r"render\(\{el:(?P<el>[\w$]+)\}\)\{let (?P<view>[\w$]+)=new (?P<cls>[\w$]+)\("
    r"(?P<model>[\w$]+),(?P=el)\);return (?P=view)\.perform_render\(\),\(\)=>"
    r"(?P=view)\.remove\(\)\}"
)
_MENDED = (
    "render({{el:{el}}}){{let tgLive=!0,tgModel=Object.create({model});"
    "tgModel.on=(name,handler)=>{model}.on(name,(...args)=>{{if(tgLive)return handler(...args)}});"
    "let {view}=new {cls}(tgModel,{el});"
    "return {view}.perform_render(),()=>{{tgLive=!1;{view}.remove()}}}}"
)


def mend(esm: str) -> str:
    """plotly's widget module with each view's handlers scoped to the view's life."""
    match = _RENDER.search(esm, esm.rfind("render({el:"))
    if match is None:
        raise RuntimeError(
            "trustgrid.widgets.figure: plotly's widget module has changed (its render function "
            "was not found); check whether the stale-view fix is still needed")
    return esm[:match.start()] + _MENDED.format(**match.groupdict()) + esm[match.end():]


class Figure(go.FigureWidget):
    """A ``go.FigureWidget`` that can be taken off the page and shown again (see above)."""

    _esm = mend(str(go.FigureWidget._esm))
