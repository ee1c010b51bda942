"""The promise ledger: a manager keeps or breaks one promise a week, and trust follows.

Trust is slow to build and quick to lose: a broken promise weighs more than a kept one
(the asymmetry principle, Slovic 1993). The model is deliberately simple, so a learner
can check it by hand:

- a kept promise adds ``gain.caring`` to caring and ``gain.competence`` to competence;
- a broken promise takes away each gain times the asymmetry (the learner's slider);
- scores stop at 0 and 10. A step that would go past the end of the scale stops there,
  and the summary says so in words: nothing is cut off silently.

The manager, the promises and the gains come from ``ledger.yaml``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go

from ..data import Course
from ..errors import DataError, Problem
from ..grid import OTHERS, TEMPLATE, YOU, Point, build_figure, you_trace_values
from ..model import HIGH, LOW, Placement, Regions, strength
from .answers import model_answer, withheld_box
from .controls import LiveText, Slider
from .figure import Figure

KEPT, BROKEN = "kept", "broken"
MODES = ("story", "own")  # the ledger's modes; build() also takes "answer"
ASYMMETRY_MIN, ASYMMETRY_MAX, ASYMMETRY_STEP = 1.0, 5.0, 0.5
ASYMMETRY_LABEL = "How much more a broken promise costs than a kept one gains"
# Okabe & Ito colours, always paired with a different marker shape and with words.
LOOK = {None: ("circle-open", "#5F5F5F"), KEPT: ("circle", "#007A5A"),
        BROKEN: ("x", "#C2410C"), "start": ("square", "#5F5F5F")}


@dataclass(frozen=True)
class LedgerData:
    """The ledger file, checked by its schema, in the shape the activity uses."""

    name: str
    role: str
    intro: str
    start: Placement
    gain_competence: float
    gain_caring: float
    asymmetry: float
    promises: tuple[str, ...]
    outcomes: tuple[str, ...]
    model_answer: str


def ledger_of(course: Course) -> LedgerData:
    raw = course.content.get("ledger")
    if not isinstance(raw, dict):
        raise DataError([Problem(str(course.folder / "ledger.yaml"), None, "",
                                 "the promise ledger needs a ledger.yaml file; none was found")])
    return LedgerData(
        name=raw["manager"]["name"], role=raw["manager"]["role"], intro=raw["manager"]["intro"],
        start=Placement(raw["start"]["competence"], raw["start"]["caring"]),
        gain_competence=float(raw["gain"]["competence"]), gain_caring=float(raw["gain"]["caring"]),
        asymmetry=float(raw["asymmetry"]),
        promises=tuple(week["promise"] for week in raw["weeks"]),
        outcomes=tuple(week["outcome"] for week in raw["weeks"]),
        model_answer=raw.get("model_answer", ""))


@dataclass(frozen=True)
class Track:
    """Where the manager stands before week 1 (points[0]) and after each week."""

    points: tuple[Placement, ...]
    outcomes: tuple[str | None, ...]
    stops: tuple[str, ...]  # sentences about steps cut short at 0 or 10

    @property
    def strengths(self) -> list[float]:
        return [strength(p) for p in self.points]


def _step(value: float, change: float) -> tuple[float, float | None]:
    """The new score, and the end of the scale it stopped at if the step went past it."""
    moved = round(value + change, 6)  # keep sums of tenths exact at the threshold
    if moved > HIGH:
        return HIGH, HIGH
    if moved < LOW:
        return LOW, LOW
    return moved, None


def track(ledger: LedgerData, outcomes: list[str | None] | tuple[str | None, ...],
          asymmetry: float) -> Track:
    """Apply each week's outcome in turn. An undecided week (None) changes nothing."""
    competence, caring = ledger.start.competence, ledger.start.caring
    points = [ledger.start]
    stopped: dict[tuple[str, float], list[int]] = {}
    for week, outcome in enumerate(outcomes, start=1):
        if outcome in (KEPT, BROKEN):
            sign = 1.0 if outcome == KEPT else -asymmetry
            competence, end_c = _step(competence, sign * ledger.gain_competence)
            caring, end_k = _step(caring, sign * ledger.gain_caring)
            for name, end in (("Competence", end_c), ("Caring", end_k)):
                if end is not None:
                    stopped.setdefault((name, end), []).append(week)
        points.append(Placement(competence, caring))
    stops = tuple(
        f"{name} stopped at {end:g}, the {'top' if end == HIGH else 'bottom'} of the scale, "
        f"in {_weeks(weeks)}: scores run from 0 to 10, so "
        f"{'that step was' if len(weeks) == 1 else 'those steps were'} cut short."
        for (name, end), weeks in stopped.items())
    return Track(tuple(points), tuple(outcomes), stops)


def _weeks(weeks: list[int]) -> str:
    if len(weeks) == 1:
        return f"week {weeks[0]}"
    return "weeks " + ", ".join(map(str, weeks[:-1])) + f" and {weeks[-1]}"


def score(value: float) -> str:
    """A score as people read it: 6, 6.4 or 6.25, never 4.999999."""
    return f"{round(value, 2):g}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(regions: Regions, ledger: LedgerData, result: Track) -> str:
    """Where the manager ends up, and how trust strength changed, in one or two sentences."""
    end, weeks = result.points[-1], len(result.outcomes)
    region = regions.of(end)
    kept = sum(o == KEPT for o in result.outcomes)
    broken = sum(o == BROKEN for o in result.outcomes)
    undecided = weeks - kept - broken
    where = f"competence {score(end.competence)}, caring {score(end.caring)} — {region.name}."
    if kept + broken == 0:
        return (f"No weeks decided yet: {ledger.name} is still at {where} "
                "Choose kept or broken for each week.")
    counts = f"{_count(kept, 'promise')} kept, {broken} broken"
    if undecided:
        counts += f", {undecided} not decided yet"
    values = result.strengths
    first, last = values[0], values[-1]
    if last < first - 1e-9:
        change = f"trust strength fell from {first:.2f} to {last:.2f}"
    elif last > first + 1e-9:
        change = f"trust strength rose from {first:.2f} to {last:.2f}"
    else:
        change = f"trust strength ended where it started, at {first:.2f}"
    top, bottom = max(values), min(values)
    if top > max(first, last) + 1e-9:
        change += f" (its highest was {top:.2f}, in week {values.index(top)})"
    elif bottom < min(first, last) - 1e-9:
        change += f" (its lowest was {bottom:.2f}, in week {values.index(bottom)})"
    text = f"After {weeks} weeks: {where} {counts}; {change}."
    return " ".join([text, *result.stops])


def story_summary(session: Any, asymmetry: float | None = None) -> str:
    """The summary for the story as the data tells it, for a notebook to print."""
    if getattr(session, "error", None):
        return str(session.error)
    course = session.course
    ledger = ledger_of(course)
    cost = ledger.asymmetry if asymmetry is None else float(asymmetry)
    result = track(ledger, ledger.outcomes, cost)
    return f"A broken promise {cost_words(cost)}. {summary(course.regions, ledger, result)}"


def cost_words(asymmetry: float) -> str:
    """'costs 3 times as much as a kept one gains', in words a learner can read aloud."""
    if asymmetry == 1:
        return "costs the same as a kept one gains"
    return f"costs {asymmetry:g} times as much as a kept one gains"


def _hover(week: int, outcome: str | None, p: Placement) -> str:
    said = "start" if week == 0 else f"week {week}, {outcome or 'not decided'}"
    return f"{said.capitalize()}: competence {score(p.competence)}, caring {score(p.caring)}"


def _grid_values(ledger: LedgerData, result: Track) -> tuple[dict, dict, dict]:
    """The OTHERS (earlier weeks), YOU (the latest week) and TRAIL trace values."""
    earlier = list(enumerate(result.points[:-1]))
    kinds = ["start"] + list(result.outcomes[:-1])
    others = {
        "x": [p.competence for _, p in earlier], "y": [p.caring for _, p in earlier],
        "text": ["Start"] + [""] * (len(earlier) - 1),
        "hovertext": [html.escape(_hover(i, result.outcomes[i - 1] if i else None, p))
                      for i, p in earlier],
        "marker.symbol": [LOOK[k][0] for k in kinds], "marker.color": [LOOK[k][1] for k in kinds]}
    weeks = len(result.outcomes)
    you = you_trace_values(result.points[-1], f"{ledger.name}, week {weeks}")
    trail = {"x": [p.competence for p in result.points], "y": [p.caring for p in result.points]}
    return others, you, trail


def grid_figure(regions: Regions, ledger: LedgerData, result: Track) -> go.Figure:
    """The trust grid with the manager's path, built in its final state."""
    others, you, trail = _grid_values(ledger, result)
    fig = build_figure(regions, others=[Point(Placement(x, y), "") for x, y in
                                        zip(others["x"], others["y"])],
                       you=result.points[-1], height=440)
    fig.add_traces([go.Scatter(x=trail["x"], y=trail["y"], mode="lines", name="path",
                               hoverinfo="skip", line={"color": "#1B3A6B", "width": 1.5,
                                                       "dash": "dot"})])
    fig.data[OTHERS].update(_plotly(others), textposition="top left")
    fig.data[YOU].update(you, textposition="middle right")  # the path runs mostly up and down
    return fig


def _plotly(values: dict) -> dict:
    """'marker.symbol' keys as Plotly's nested form, for trace.update()."""
    out: dict = {}
    for key, value in values.items():
        if "." in key:
            outer, inner = key.split(".")
            out.setdefault(outer, {})[inner] = value
        else:
            out[key] = value
    return out


def _when(week: int, result: Track) -> str:
    return "Start" if week == 0 else f"Week {week}, {result.outcomes[week - 1] or 'not decided'}"


def _timeline_values(result: Track) -> dict:
    kinds = ["start"] + list(result.outcomes)
    values = result.strengths
    return {
        "x": list(range(len(values))), "y": values,
        "hovertext": [html.escape(f"{_when(i, result)}: trust strength {v:.2f}")
                      for i, v in enumerate(values)],
        "marker": {"symbol": [LOOK[k][0] for k in kinds], "color": [LOOK[k][1] for k in kinds],
                   "size": 9}}


def timeline_figure(regions: Regions, result: Track) -> go.Figure:
    """Trust strength week by week; the dashed line is where Trust begins."""
    line = regions.threshold / HIGH
    weeks = len(result.outcomes)
    fig = go.Figure(
        data=[go.Scatter(mode="lines+markers", name="trust strength", hoverinfo="text",
                         line={"color": "#1B3A6B", "width": 2}, **_timeline_values(result))],
        layout=go.Layout(
            height=250, margin={"l": 60, "r": 20, "t": 40, "b": 50},
            title={"text": "Trust strength, week by week", "x": 0.5, "font": {"size": 15}},
            xaxis={"title": {"text": "Week (0 = before the first promise)"}, "range": [-0.4, weeks + 0.4],
                   "tickvals": list(range(weeks + 1)), "fixedrange": True, "showgrid": False,
                   "zeroline": False},
            yaxis={"title": {"text": "Trust strength"}, "range": [0, 1.02], "fixedrange": True,
                   "tickvals": [0, 0.25, 0.5, 0.75, 1], "zeroline": False, "gridcolor": "#e5e5e5"},
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
    body = "".join(
        f"<tr><td>{week}</td><td>{html.escape(promise)}</td><td>{outcome}</td>"
        f"<td>{score(p.competence)}</td><td>{score(p.caring)}</td><td>{strength(p):.2f}</td>"
        f"<td>{html.escape(regions.of(p).name)}</td></tr>" for week, promise, outcome, p in rows)
    return ("<details class='tg-ledger-table'><summary>Show the numbers, week by week</summary>"
            "<table style='border-collapse:collapse;font-size:14px'><thead><tr>"
            "<th scope='col'>Week</th><th scope='col'>Promise</th><th scope='col'>Outcome</th>"
            "<th scope='col'>Competence</th><th scope='col'>Caring</th>"
            "<th scope='col'>Trust strength</th><th scope='col'>Region</th></tr></thead>"
            f"<tbody>{body}</tbody></table></details>")


def asymmetry_hint(ledger: LedgerData, asymmetry: float) -> str:
    """The slider's hint, in numbers for its current value, from the data's gains."""
    return (f"1 = the same; 5 = five times as much. Now a kept promise adds "
            f"{score(ledger.gain_caring)} to caring and a broken one takes away "
            f"{score(ledger.gain_caring * asymmetry)}. Trust is lost faster than it is built "
            "(Slovic, 1993).")
TRAIL = 4  # trace index of the line joining the weeks, after the grid's own four traces

_STYLE = """<style>
.tg-ledger-week { border-bottom: 1px solid #e3e3e3; padding: 2px 0; }
.tg-ledger-week .widget-radio-box label { font-size: 14px; }
.tg-ledger-table td, .tg-ledger-table th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
.tg-ledger-table summary { cursor: pointer; font-size: 15px; margin: 6px 0; }
</style>"""


class PromiseLedger(w.VBox):
    """The weeks to mark kept or broken, the cost slider, the grid, the timeline and words."""

    def __init__(self, regions: Regions, ledger: LedgerData, *, mode: str = "story",
                 outcomes: list[str | None] | None = None, asymmetry: float | None = None,
                 on_change=None):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.regions, self.ledger, self.mode = regions, ledger, mode
        self.on_change = on_change
        self._quiet = False
        start_outcomes = list(outcomes) if outcomes is not None else self.default_outcomes()
        cost = ledger.asymmetry if asymmetry is None else asymmetry
        self.asymmetry = Slider(value=cost, min=ASYMMETRY_MIN, max=ASYMMETRY_MAX,
                                step=ASYMMETRY_STEP, label=ASYMMETRY_LABEL,
                                hint=asymmetry_hint(ledger, cost))
        self.weeks = [self._week_choice(i, o) for i, o in enumerate(start_outcomes)]
        result = self.result()
        self.figure = Figure(grid_figure(regions, ledger, result))
        self.timeline = Figure(timeline_figure(regions, result))
        self.readout = LiveText(html=self._readout_html(result))
        self.table = w.HTML(table_html(regions, ledger, result))
        self.reset_button = w.Button(
            description="Back to the story" if mode == "story" else "Clear my choices",
            icon="undo", tooltip="Put every week back as it started",
            layout=w.Layout(width="fit-content", margin="6px 0"))
        self.reset_button.on_click(lambda _b: self.reset())

        for choice in self.weeks:
            choice.observe(self._changed, "value")
        self.asymmetry.observe(self._changed, "value")

        rows = [w.HBox([w.HTML(f"<div style='font-size:14px;line-height:1.35'><strong>Week {i + 1}"
                               f"</strong>: {html.escape(p)}</div>",
                               layout=w.Layout(flex="1 1 auto", width="auto")), choice],
                       layout=w.Layout(align_items="center")).add_class("tg-ledger-week")
                for i, (p, choice) in enumerate(zip(ledger.promises, self.weeks))]
        what = ("Each week, was the promise kept or broken? Change any week and watch what happens."
                if mode == "story" else
                "Decide for each week whether the promise is kept or broken.")
        left = w.VBox([w.HTML(f"<p style='font-size:15px;margin:4px 0'><strong>{html.escape(ledger.name)}"
                              f"'s promises.</strong> {what}</p>"), *rows],
                      layout=w.Layout(flex="1 1 360px", min_width="320px", margin="0 16px 0 0"))
        right = w.VBox([self.readout, self.figure, self.timeline],
                       layout=w.Layout(flex="1 1 440px", min_width="340px"))
        header = w.HTML(
            f"{_STYLE}<h3 class='tg-title'>The promise ledger: {html.escape(ledger.name)}, "
            f"{html.escape(ledger.role)}</h3><p style='font-size:15px;max-width:760px'>"
            f"{html.escape(ledger.intro)}</p>")
        children = [header, self.asymmetry,
                    w.HBox([left, right], layout=w.Layout(flex_flow="row wrap",
                                                          align_items="flex-start")),
                    self.table, self.reset_button]
        super().__init__(children)
        self.add_class("tg-ledger")

    def _week_choice(self, index: int, outcome: str | None) -> w.RadioButtons:
        return w.RadioButtons(
            options=[("Kept", KEPT), ("Broken", BROKEN)],
            index=None if outcome is None else (0 if outcome == KEPT else 1),
            orientation="horizontal", tooltip=f"Week {index + 1}: kept or broken?",
            layout=w.Layout(width="auto", flex="0 0 auto"))

    def default_outcomes(self) -> list[str | None]:
        if self.mode == "story":
            return list(self.ledger.outcomes)
        return [None] * len(self.ledger.promises)

    @property
    def outcomes(self) -> list[str | None]:
        return [choice.value for choice in self.weeks]

    def result(self) -> Track:
        return track(self.ledger, self.outcomes, self.asymmetry.value)

    def summary(self) -> str:
        return summary(self.regions, self.ledger, self.result())

    def _readout_html(self, result: Track) -> str:
        region = self.regions.of(result.points[-1])
        return (f"<p>{html.escape(summary(self.regions, self.ledger, result))}</p>"
                f"<p><strong>{html.escape(region.name)}</strong>: {html.escape(region.meaning)}</p>")

    def _changed(self, _change=None) -> None:
        if self._quiet:
            return
        self.refresh()
        if self.on_change:
            self.on_change(self)

    def refresh(self) -> None:
        result = self.result()
        others, you, trail = _grid_values(self.ledger, result)
        timeline = _timeline_values(result)
        with self.figure.batch_update():
            self.figure.data[OTHERS].update(_plotly(others))
            self.figure.data[YOU].update(you)
            self.figure.data[TRAIL].update(trail)
        with self.timeline.batch_update():
            self.timeline.data[0].update(timeline)
        self.readout.html = self._readout_html(result)
        self.asymmetry.hint = asymmetry_hint(self.ledger, self.asymmetry.value)
        self.table.value = table_html(self.regions, self.ledger, result)

    def reset(self) -> None:
        """Put every week back as it started, then update and save once."""
        self._quiet = True
        try:
            for choice, outcome in zip(self.weeks, self.default_outcomes()):
                choice.index = None if outcome is None else (0 if outcome == KEPT else 1)
        finally:
            self._quiet = False
        self._changed()



class ModelAnswer(w.VBox):
    """The exercise's model answer, hidden until the learner presses Reveal."""

    def __init__(self, text: str, *, revealed: bool = False, on_reveal=None):
        self.text = text
        self.on_reveal = on_reveal
        self.revealed = False
        self.reveal_button = w.Button(description="Reveal the model answer", icon="eye",
                                      button_style="primary", tooltip="Show a worked answer",
                                      layout=w.Layout(width="fit-content", margin="8px 0"))
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.answer = LiveText()
        super().__init__([self.reveal_button, self.answer])
        if revealed:
            self.reveal()

    def reveal(self) -> None:
        self.revealed = True
        self.answer.html = f"<p><strong>Model answer.</strong> {html.escape(self.text)}</p>"
        self.reveal_button.description = "Model answer shown"
        self.reveal_button.disabled = True
        if self.on_reveal:
            self.on_reveal()


def _saved_outcomes(saved: Any, weeks: int, mode: str) -> list[str | None] | None:
    """Saved choices if they still fit the data (same number of weeks), else None."""
    allowed = (KEPT, BROKEN) if mode == "story" else (KEPT, BROKEN, None)
    if isinstance(saved, list) and len(saved) == weeks and all(o in allowed for o in saved):
        return saved
    return None


def _saved_asymmetry(saved: Any) -> float | None:
    if isinstance(saved, (int, float)) and not isinstance(saved, bool) \
            and ASYMMETRY_MIN <= saved <= ASYMMETRY_MAX:
        return float(saved)
    return None


def build(session, mode: str = "story") -> PromiseLedger | ModelAnswer | w.HTML:
    """The promise ledger. ``mode="story"`` starts from the data's outcomes; ``"own"``
    starts with every week undecided; ``"answer"`` is the exercise's model answer behind a
    Reveal button (or the note that there is none), in its own cell so the learner can note
    what they found first.
    Choices, the slider and Reveal are saved as they change, and restored."""
    if mode not in (*MODES, "answer"):
        raise ValueError(f"mode must be one of {', '.join(MODES)}, answer; not {mode!r}")
    course = session.course
    ledger = ledger_of(course)
    if mode == "answer":
        answer = model_answer(course, ledger.model_answer)
        if answer is None:
            return withheld_box()
        return ModelAnswer(answer, revealed=session.answer("ledger:answer") is True,
                           on_reveal=lambda: session.save("ledger:answer", True))
    key = f"ledger:{mode}"
    saved = session.answer(key)
    saved = saved if isinstance(saved, dict) else {}
    activity = PromiseLedger(
        course.regions, ledger, mode=mode,
        outcomes=_saved_outcomes(saved.get("outcomes"), len(ledger.promises), mode),
        asymmetry=_saved_asymmetry(saved.get("asymmetry")))

    def record(ledger_widget: PromiseLedger) -> None:
        session.save(key, {"outcomes": ledger_widget.outcomes,
                           "asymmetry": ledger_widget.asymmetry.value})

    activity.on_change = record
    return activity
