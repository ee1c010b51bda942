"""The trust grid: a Plotly picture of competence (across) by caring (up), and its words.

The figure is built in its final state in one go (DESIGN pitfall 2: a figure widget shown
in Voilà was seen to lose changes made between construction and display). Traces sit at
fixed positions so the widgets can update them by index.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache

import plotly.graph_objects as go

from .model import HIGH, LOW, Placement, Regions, strength

# Okabe & Ito's colour-blind-safe palette, as light tints; every region is also named in text.
REGION_COLOURS = {"trust": "#009E73", "respect": "#0072B2", "goodwill": "#E69F00", "low_trust": "#999999"}
YOU_COLOUR = "#1B3A6B"
SUGGESTED_COLOUR = "#000000"
OTHERS_COLOUR = "#5F5F5F"

STRENGTH, OTHERS, SUGGESTED, YOU = range(4)  # trace positions
PAD = 0.6
# plotly's bare template: the course sets every colour itself, and plotly's default template
# ("plotly", 7 KB) would be copied into every figure, validated in Python and sent to the page.
TEMPLATE = "none"


@dataclass(frozen=True)
class Point:
    """A labelled point on the grid, such as another scenario or a group member."""

    placement: Placement
    label: str
    hover: str = ""


@cache
def _strength_grid() -> tuple[tuple[float, ...], tuple[tuple[float, ...], ...]]:
    """Trust strength at every quarter point: the same for every figure, so worked out once."""
    steps = tuple(i / 4 for i in range(int(HIGH * 4) + 1))
    return steps, tuple(tuple(strength(Placement(x, y)) for x in steps) for y in steps)


# The traces and layout are plain dicts, made into a figure once, at the end: plotly copies
# and validates every trace or layout object it is given again, so building them as objects
# first did all of that twice (12.9 ms of Python a figure then, 6.8 ms now).


def _strength_trace() -> dict:
    steps, z = _strength_grid()
    return {
        "type": "heatmap", "x": steps, "y": steps, "z": z, "zmin": 0, "zmax": 1,
        "showscale": False, "hoverinfo": "skip",
        # "fast" lets the browser smooth the picture: "best" recomputed every pixel on each
        # redraw, ~20 ms of every slider move (benchmarks/latency.py).
        "zsmooth": "fast",
        "colorscale": [[0, "rgba(27,58,107,0)"], [1, "rgba(27,58,107,0.16)"]],
        "name": "trust strength"}


def _marker_trace(points: list[Placement], *, name: str, text: list[str], hover: list[str],
                  symbol: str, colour: str, size: int, visible: bool = True,
                  text_position: str = "top center") -> dict:
    return {
        "type": "scatter", "name": name, "mode": "markers+text",
        "x": [p.competence for p in points], "y": [p.caring for p in points],
        "text": text, "textposition": text_position, "visible": visible,
        "textfont": {"size": 13, "color": colour}, "hovertext": hover, "hoverinfo": "text",
        "marker": {"symbol": symbol, "size": size, "color": colour,
                   "line": {"width": 2, "color": "white" if "open" not in symbol else colour}},
        "cliponaxis": False}


def you_trace_values(you: Placement | None, label: str) -> dict:
    """The x, y, text and hover of the 'you' marker, for building or updating the figure."""
    if you is None:
        return {"x": [], "y": [], "text": [], "hovertext": []}
    hover = f"{html.escape(label)}<br>competence {you.competence:g}, caring {you.caring:g}"
    return {"x": [you.competence], "y": [you.caring], "text": [html.escape(label)],
            "hovertext": [hover]}


def build_figure(regions: Regions, *, you: Placement | None = None, you_label: str = "Your placement",
                 suggested: Placement | None = None, show_suggested: bool = False,
                 others: list[Point] = (), title: str = "", height: int = 480) -> go.Figure:
    t = regions.threshold
    quarters = {"trust": (t, HIGH, t, HIGH), "respect": (t, HIGH, LOW, t),
                "goodwill": (LOW, t, t, HIGH), "low_trust": (LOW, t, LOW, t)}
    shapes = [{"type": "rect", "layer": "below", "line": {"width": 0},
               "fillcolor": REGION_COLOURS[k], "opacity": 0.13,
               "x0": x0, "x1": x1, "y0": y0, "y1": y1}
              for k, (x0, x1, y0, y1) in quarters.items()]
    dashed = {"color": "#444", "dash": "dash", "width": 1.5}
    shapes += [{"type": "line", "x0": t, "x1": t, "y0": LOW, "y1": HIGH, "line": dashed},
               {"type": "line", "x0": LOW, "x1": HIGH, "y0": t, "y1": t, "line": dashed}]
    corners = {"trust": (HIGH, HIGH, "right", "top"), "respect": (HIGH, LOW, "right", "bottom"),
               "goodwill": (LOW, HIGH, "left", "top"), "low_trust": (LOW, LOW, "left", "bottom")}
    annotations = [{"x": x, "y": y, "xanchor": xa, "yanchor": ya, "showarrow": False,
                    "text": f"<b>{html.escape(regions.by_key[k].name)}</b>",
                    "font": {"size": 15, "color": "#1a1a1a"}, "bgcolor": "rgba(255,255,255,0.7)"}
                   for k, (x, y, xa, ya) in corners.items()]

    you_values = you_trace_values(you, you_label)
    traces = [
        _strength_trace(),
        _marker_trace([o.placement for o in others], name="others", symbol="circle",
                      text=[html.escape(o.label) for o in others],
                      hover=[html.escape(o.hover or o.label) for o in others],
                      colour=OTHERS_COLOUR, size=10, text_position="bottom center"),
        _marker_trace([suggested] if suggested else [], name="suggested placement",
                      symbol="diamond-open", text=["Suggested"], colour=SUGGESTED_COLOUR, size=20,
                      hover=[(f"Suggested placement<br>competence {suggested.competence:g}, "
                              f"caring {suggested.caring:g}")] if suggested else [],
                      visible=show_suggested, text_position="bottom center"),
        _marker_trace([], name="your placement", symbol="circle", text=[], hover=[],
                      colour=YOU_COLOUR, size=18),
    ]
    traces[YOU].update(you_values)
    axis = {"range": [LOW - PAD, HIGH + PAD], "tickvals": list(range(11)), "zeroline": False,
            "constrain": "domain",  # keep the square grid and its axis labels together
            "showgrid": False, "fixedrange": True, "ticks": "outside", "title_font": {"size": 14}}
    layout = {
        "title": {"text": html.escape(title), "x": 0.5} if title else None,
        "height": height, "margin": {"l": 70, "r": 20, "t": 50 if title else 20, "b": 60},
        "xaxis": {**axis, "title": {"text": "Competence: can they do the job well? →"}},
        "yaxis": {**axis, "title": {"text": "Caring: do they care about people? →"},
                  "scaleanchor": "x", "scaleratio": 1},
        "shapes": shapes, "annotations": annotations, "showlegend": False, "dragmode": False,
        "plot_bgcolor": "white", "paper_bgcolor": "white", "font": {"family": "Arial, sans-serif"},
        "hoverlabel": {"bgcolor": "white"}, "template": TEMPLATE}
    return go.Figure({"data": traces, "layout": layout})


def describe_placement(regions: Regions, who: str, placement: Placement, subject: str = "You") -> str:
    """One sentence: 'You placed the ward sister at competence 8, caring 3: Respect.'"""
    region = regions.of(placement)
    return (f"{subject} placed {who} at competence {placement.competence:g}, "
            f"caring {placement.caring:g}: {region.name}.")


def describe_comparison(regions: Regions, yours: Placement, suggested: Placement) -> str:
    """How far the learner's placement is from the suggested one, in words."""
    gap = yours.distance(suggested)
    mine, theirs = regions.of(yours), regions.of(suggested)
    where = (f"Both are in {theirs.name}." if mine.key == theirs.key
             else f"Yours is in {mine.name}; the suggestion is in {theirs.name}.")
    return (f"The suggested placement is competence {suggested.competence:g}, caring "
            f"{suggested.caring:g}. {steps_apart(gap)} {where} {closeness(gap)}")


def steps_apart(gap: float) -> str:
    """The distance between two placements, as steps on the grid's 0 to 10 scales."""
    if gap < 0.05:
        return "Yours is on the same spot."
    steps = f"{round(gap, 1):g}"
    return f"Yours is {steps} {'step' if steps == '1' else 'steps'} from it on the grid."


def closeness(gap: float) -> str:
    """How far apart two placements are, in words."""
    if gap < 1.5:
        return "That is very close."
    if gap < 3:
        return "That is fairly close."
    return "That is quite a difference: worth talking through."
