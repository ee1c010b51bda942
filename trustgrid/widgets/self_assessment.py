"""Rate yourself on the ten behaviours, see the shape as a radar chart, and pick two to work on.

Each behaviour from behaviours.yaml gets a slider from 1 (rarely) to 5 (almost always).
The chart, a text description of it and the advice in words follow every move, and the
scores are saved as they change, so they come back when the notebook runs again.
"""

from __future__ import annotations

import html
import textwrap

import ipywidgets as w
import plotly.graph_objects as go

from ..data import Behaviour
from ..errors import DataError, Problem
from ..grid import TEMPLATE, YOU_COLOUR
from ..markup import Markup, bullets, escape
from .controls import LiveText, Slider
from .figure import Figure
from .session import SessionLike

KEY = "scores"
LOWEST, HIGHEST, START = 1, 5, 3
HINT = "1 = rarely, 5 = almost always"
LABEL_WIDTH = 16  # characters per line of a chart label, so labels round the circle don't collide
FOCUS_COLOUR = "#D55E00"  # Okabe & Ito vermilion: the two to work on first
GROUP_HEADINGS = {"trust": "Encouraging people to trust you",
                  "relationship": "Good working relationships"}


def wrap_label(title: str, width: int = LABEL_WIDTH) -> str:
    """A chart label broken into short lines (Plotly's <br>), with the text escaped."""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(title, width)) or " "


def lowest_two(behaviours: list[Behaviour], scores: dict[str, int]) -> list[Behaviour]:
    """The two lowest-scored behaviours; ties go to the one listed first in the data."""
    order = {b.id: i for i, b in enumerate(behaviours)}
    return sorted(behaviours, key=lambda b: (scores[b.id], order[b.id]))[:2]


def _saved_scores(saved: object, behaviours: list[Behaviour]) -> dict[str, int]:
    """Saved scores that are still valid; anything else starts again at the middle."""
    saved = saved if isinstance(saved, dict) else {}
    scores = {}
    for b in behaviours:
        value = saved.get(b.id)
        ok = (isinstance(value, (int, float)) and not isinstance(value, bool)
              and value == int(value) and LOWEST <= value <= HIGHEST)
        scores[b.id] = int(value) if ok else START
    return scores


class SelfAssessment(w.VBox):
    """Ten sliders, a radar chart kept in step with them, and the two to work on first."""

    def __init__(self, session: SessionLike):
        self.session = session
        self.behaviours = list(session.course.behaviours.values())
        if len(self.behaviours) < 3:
            raise DataError([Problem(str(session.course.folder / "behaviours.yaml"), None,
                                     "behaviours", "the self-assessment needs at least three "
                                     "behaviours to draw its chart")])
        scores = _saved_scores(session.answer(KEY), self.behaviours)
        self.sliders: dict[str, Slider] = {}
        column = []
        group = None
        for b in self.behaviours:
            if b.group != group:
                group = b.group
                heading = GROUP_HEADINGS.get(group, group.capitalize())
                column.append(w.HTML(f"<h4 style='margin:12px 0 0'>{html.escape(heading)} "
                                     f"(notebook {html.escape(b.notebook)})</h4>"))
            slider = Slider(value=scores[b.id], min=LOWEST, max=HIGHEST, step=1,
                            label=b.title, hint=HINT)
            slider.observe(self._moved, "value")
            self.sliders[b.id] = slider
            column.append(slider)

        self.figure = Figure(self._build_figure(scores))
        self.description = w.HTML(self._description_html(scores))
        self.feedback = LiveText(html=self._feedback_html(scores))
        controls = w.VBox(column, layout=w.Layout(flex="1 1 320px", min_width="280px"))
        picture = w.VBox([self.figure, self.description],
                         layout=w.Layout(flex="2 1 460px", min_width="340px"))
        super().__init__([w.HBox([controls, picture],
                                 layout=w.Layout(flex_flow="row wrap", align_items="flex-start")),
                          self.feedback])
        self.add_class("tg-self-assessment")

    @property
    def scores(self) -> dict[str, int]:
        return {bid: int(s.value) for bid, s in self.sliders.items()}

    # --- the chart --------------------------------------------------------------------
    def _trace_values(self, scores: dict[str, int]) -> dict:
        """r, theta and marker of the one closed trace: the first point is repeated at the end."""
        focus = {b.id for b in lowest_two(self.behaviours, scores)}
        r = [scores[b.id] for b in self.behaviours]
        theta = [wrap_label(b.title) for b in self.behaviours]
        colours = [FOCUS_COLOUR if b.id in focus else YOU_COLOUR for b in self.behaviours]
        sizes = [14 if b.id in focus else 9 for b in self.behaviours]
        hover = [f"{html.escape(b.title)}: {scores[b.id]} out of {HIGHEST}"
                 + (" (one to work on first)" if b.id in focus else "") for b in self.behaviours]
        return {"r": r + r[:1], "theta": theta + theta[:1], "hovertext": hover + hover[:1],
                "marker": {"color": colours + colours[:1], "size": sizes + sizes[:1]}}

    def _build_figure(self, scores: dict[str, int]) -> go.Figure:
        values = self._trace_values(scores)
        trace = go.Scatterpolar(
            **values, mode="lines+markers", fill="toself", fillcolor="rgba(27,58,107,0.18)",
            line={"color": YOU_COLOUR, "width": 2}, hoverinfo="text", name="your scores")
        trace.marker.line = {"color": "white", "width": 1.5}
        layout = go.Layout(
            height=560, margin={"l": 110, "r": 110, "t": 90, "b": 80}, showlegend=False,
            dragmode=False, paper_bgcolor="white", font={"family": "Arial, sans-serif"},
            hoverlabel={"bgcolor": "white"}, template=TEMPLATE,
            polar={"radialaxis": {"range": [0, HIGHEST], "tickvals": list(range(LOWEST, HIGHEST + 1)),
                                  # between the first two spokes, clear of the points
                                  "angle": 90 - 180 / len(self.behaviours), "tickangle": 0,
                                  "tickfont": {"size": 11, "color": "#4a4a4a"},
                                  "gridcolor": "#d0d0d0"},
                   "angularaxis": {"direction": "clockwise", "rotation": 90,
                                   "tickfont": {"size": 12, "color": "#1a1a1a"},
                                   "gridcolor": "#d0d0d0"},
                   "bgcolor": "white"})
        return go.Figure(data=[trace], layout=layout)

    # --- words ------------------------------------------------------------------------
    def _description_html(self, scores: dict[str, int]) -> str:
        items = bullets([f"{b.title}: {scores[b.id]} out of {HIGHEST}" for b in self.behaviours],
                        style="margin:2px 0")
        return ("<div class='tg-figure-text' style='font-size:14px'>"
                "<p style='margin:4px 0'><strong>What the chart shows</strong> (one point per "
                "behaviour; further from the centre means more often):</p>"
                f"{items}</div>")

    def _feedback_html(self, scores: dict[str, int]) -> str:
        first, second = lowest_two(self.behaviours, scores)
        text = (f"<p><strong>Your two to work on first:</strong> {html.escape(first.title)} "
                f"(taught in notebook {html.escape(first.notebook)}) and "
                f"{html.escape(second.title)} (notebook {html.escape(second.notebook)}).</p>"
                + bullets(Markup(f"<strong>{escape(b.title)}</strong>: {escape(b.description)}")
                          for b in (first, second)))
        values = set(scores.values())
        if len(values) == 1:
            text += ("<p>All your scores are the same just now, so these are simply the first "
                     "two in the list. Move the sliders to show where you are stronger and "
                     "where you are less sure.</p>")
        elif sum(1 for v in scores.values() if v <= scores[second.id]) > 2:
            text += ("<p>Other behaviours share the same score, so we picked the ones that "
                     "come first in the list. Choose whichever feels most useful to you.</p>")
        return text

    def _moved(self, _change=None) -> None:
        scores = self.scores
        values = self._trace_values(scores)
        with self.figure.batch_update():
            self.figure.data[0].update(**values)
        self.description.value = self._description_html(scores)
        self.feedback.html = self._feedback_html(scores)
        self.session.save(KEY, scores)


def build(session: SessionLike) -> SelfAssessment:
    """The self-assessment activity for ``course.self_assessment()``."""
    return SelfAssessment(session)
