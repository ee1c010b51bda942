"""The promise ledger's pictures: the manager's path on the trust grid, trust strength week
by week, and the same numbers as a table (the text alternative to both charts).

Each figure is built in its final state; ``grid_values`` and ``timeline_values`` give the
trace values again for the widget to update the figures in place.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from .grid import OTHERS, TEMPLATE, YOU, Point, build_figure, you_trace_values
from .ledger_model import BROKEN, KEPT, LedgerData, Track, out_of_ten, score
from .markup import table
from .model import HIGH, Placement, Regions, strength

TRAIL = 4  # trace index of the line joining the weeks, after the grid's own four traces
# Okabe & Ito colours, always paired with a different marker shape and with words.
LOOK = {None: ("circle-open", "#5F5F5F"), KEPT: ("circle", "#007A5A"),
        BROKEN: ("x", "#C2410C"), "start": ("square", "#5F5F5F")}


def _hover(week: int, outcome: str | None, p: Placement) -> str:
    said = "start" if week == 0 else f"week {week}, {outcome or 'not decided'}"
    return f"{said.capitalize()}: competence {score(p.competence)}, caring {score(p.caring)}"


def grid_values(ledger: LedgerData, result: Track) -> tuple[dict, dict, dict]:
    """The OTHERS (earlier weeks), YOU (the latest week) and TRAIL trace values."""
    earlier = list(enumerate(result.points[:-1]))
    kinds = ["start"] + list(result.outcomes[:-1])
    others = {
        "x": [p.competence for _, p in earlier], "y": [p.caring for _, p in earlier],
        "text": ["Start"] + [""] * (len(earlier) - 1),
        "hovertext": [html.escape(_hover(i, result.outcomes[i - 1] if i else None, p))
                      for i, p in earlier],
        "marker": {"symbol": [LOOK[k][0] for k in kinds], "color": [LOOK[k][1] for k in kinds]}}
    weeks = len(result.outcomes)
    you = you_trace_values(result.points[-1], f"{ledger.name}, week {weeks}")
    trail = {"x": [p.competence for p in result.points], "y": [p.caring for p in result.points]}
    return others, you, trail


def grid_figure(regions: Regions, ledger: LedgerData, result: Track) -> go.Figure:
    """The trust grid with the manager's path, built in its final state."""
    others, you, trail = grid_values(ledger, result)
    fig = build_figure(regions, others=[Point(Placement(x, y), "") for x, y in
                                        zip(others["x"], others["y"])],
                       you=result.points[-1], height=440)
    fig.add_traces([go.Scatter(x=trail["x"], y=trail["y"], mode="lines", name="path",
                               hoverinfo="skip", line={"color": "#1B3A6B", "width": 1.5,
                                                       "dash": "dot"})])
    fig.data[OTHERS].update(others, textposition="top left")
    fig.data[YOU].update(you, textposition="middle right")  # the path runs mostly up and down
    return fig


def _when(week: int, result: Track) -> str:
    return "Start" if week == 0 else f"Week {week}, {result.outcomes[week - 1] or 'not decided'}"


def timeline_values(result: Track) -> dict:
    kinds = ["start"] + list(result.outcomes)
    values = [round(v * HIGH, 6) for v in result.strengths]  # out of 10, as the words say
    return {
        "x": list(range(len(values))), "y": values,
        "hovertext": [html.escape(f"{_when(i, result)}: trust strength {out_of_ten(v)}")
                      for i, v in enumerate(result.strengths)],
        "marker": {"symbol": [LOOK[k][0] for k in kinds], "color": [LOOK[k][1] for k in kinds],
                   "size": 9}}


def timeline_figure(regions: Regions, result: Track) -> go.Figure:
    """Trust strength week by week; the dashed line is where Trust begins."""
    line = regions.threshold
    weeks = len(result.outcomes)
    fig = go.Figure(
        data=[go.Scatter(mode="lines+markers", name="trust strength", hoverinfo="text",
                         line={"color": "#1B3A6B", "width": 2}, **timeline_values(result))],
        layout=go.Layout(
            height=250, margin={"l": 60, "r": 20, "t": 40, "b": 50},
            title={"text": "Trust strength, week by week", "x": 0.5, "font": {"size": 15}},
            xaxis={"title": {"text": "Week (0 = before the first promise)"}, "range": [-0.4, weeks + 0.4],
                   "tickvals": list(range(weeks + 1)), "fixedrange": True, "showgrid": False,
                   "zeroline": False},
            yaxis={"title": {"text": "Trust strength, out of 10"}, "range": [0, 10.2],
                   "fixedrange": True, "tickvals": [0, 2, 4, 6, 8, 10], "zeroline": False, "gridcolor": "#e5e5e5"},
            shapes=[{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": line, "y1": line,
                     "line": {"color": "#007A5A", "dash": "dash", "width": 1.5}}],
            annotations=[{"xref": "paper", "x": 1, "y": line, "xanchor": "right", "yanchor": "bottom",
                          "showarrow": False, "text": "Above this line: Trust",
                          "font": {"size": 12, "color": "#005A42"}}],
            showlegend=False, dragmode=False, plot_bgcolor="white", paper_bgcolor="white",
            font={"family": "Arial, sans-serif"}, hoverlabel={"bgcolor": "white"},
            template=TEMPLATE))
    return fig


def table_html(regions: Regions, ledger: LedgerData, result: Track) -> str:
    """Every week in numbers: the text alternative to both charts."""
    rows = [("Start", "", "", result.points[0])] + [
        (str(i), ledger.promises[i - 1], result.outcomes[i - 1] or "not decided", p)
        for i, p in enumerate(result.points) if i]
    numbers = table(
        ("Week", "Promise", "Outcome", "Competence", "Caring", "Trust strength", "Region"),
        [(week, promise, outcome, score(p.competence), score(p.caring), out_of_ten(strength(p)),
          regions.of(p).name) for week, promise, outcome, p in rows],
        style="border-collapse:collapse;font-size:14px")
    return ("<details class='tg-ledger-table'><summary>Show the numbers, week by week</summary>"
            f"{numbers}</details>")
