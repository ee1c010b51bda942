"""Exercise 1: place every scenario in a setting, then compare them all with the suggestions.

Each scenario is the same activity as ``course.place(id)`` (built by it, so it is saved
under ``place:<id>`` in exactly the same way). The comparison stays hidden until the
learner asks for it, so they commit to their own view first.
"""

from __future__ import annotations

import html
import os
import statistics

import ipywidgets as w
import plotly.graph_objects as go

from ..data import Course, Scenario
from ..errors import DataError, Problem
from ..grid import SUGGESTED_COLOUR, YOU_COLOUR, build_figure, closeness
from ..markup import style_sheet, table
from ..model import Placement, placement_or_none
from ..text import plural
from .answers import HasReveal, Reveal, model_answer
from .controls import LiveText
from .figure import Figure
from .placement import ScenarioActivity
from .placement import build as place
from .session import SessionLike

KEY = "scenario_set"
ALL = ""  # the dropdown's value for "All settings"
LINES, SUGGESTIONS, YOURS = 4, 5, 6  # trace positions after build_figure's four
LINE_COLOUR = "#6b6b6b"
STATIC_ENV = "TRUSTGRID_STATIC"  # set to "1" while the printable handout is built (see static.py)
_COMPARE_STYLE = style_sheet(__file__, "scenario_set.css")  # the comparison table


def settings_of(course: Course) -> list[str]:
    """Each setting once, in the order the scenarios file first names it."""
    return list(dict.fromkeys(s.setting for s in course.scenarios.values()))


def _steps(n: float) -> str:
    """A distance on the grid's 0 to 10 scales: '1 step', '3.4 steps'."""
    steps = f"{round(n, 1):g}"
    return f"{steps} step" if steps == "1" else f"{steps} steps"


def _check_setting(course: Course, setting: str | None) -> None:
    settings = settings_of(course)
    if setting is not None and setting not in settings:
        raise DataError([Problem(
            str(course.folder / "scenarios.yaml"), None, "",
            f"no scenario has the setting {setting!r}. Settings: {', '.join(settings)}")])


class ScenarioSet(HasReveal, w.VBox):
    """Choose a setting, step through its scenarios placing each, then compare them all
    (its Reveal: ``revealed`` is saved as ``compared``)."""

    def __init__(self, session: SessionLike, setting: str | None = None):
        self.session = session
        self.course: Course = session.course
        self.settings = settings_of(self.course)
        _check_setting(self.course, setting)
        saved = session.answer(KEY)
        saved = saved if isinstance(saved, dict) else {}
        chosen = saved.get("setting")
        if chosen != ALL and chosen not in self.settings:
            chosen = setting or ALL
        self._activities: dict[str, w.Widget] = {}

        total = len(self.course.scenarios)
        options = [(f"All settings ({total})", ALL)] + [
            (f"{name} ({len(self._scenarios_in(name))})", name) for name in self.settings]
        question = w.HTML("<p style='font-size:15px;margin:4px 0'><strong>Which setting would "
                          "you like to practise?</strong> Pick one you know well, or one you "
                          "don't. The number in brackets is how many scenarios it has.</p>")
        self.chooser = w.Dropdown(options=options, value=chosen, description="Setting",
                                  style={"description_width": "initial"},
                                  layout=w.Layout(width="max-content", max_width="100%"))
        self.previous = w.Button(description="Previous", icon="arrow-left",
                                 tooltip="Go back to the previous scenario",
                                 layout=w.Layout(width="fit-content"))
        self.next = w.Button(description="Next", icon="arrow-right",
                             tooltip="Go on to the next scenario",
                             layout=w.Layout(width="fit-content"))
        self.position = LiveText()
        nav = w.HBox([self.previous, self.position, self.next],
                     layout=w.Layout(align_items="center", flex_flow="row wrap", margin="8px 0"))
        self.position.layout = w.Layout(margin="0 12px", flex="0 1 auto")
        self.stage = w.Box(layout=w.Layout(border_top="1px solid #c8c8c8", padding="8px 0 0"))

        self.progress = LiveText()
        self.figure_box = w.Box()
        self.figure_text = w.HTML()
        self.table = w.HTML()
        suggested = [s for s in self.course.scenarios.values()
                     if model_answer(self.course, s.suggested) is not None]
        # The summary of the comparison is the Reveal's panel; the grid and table go after it.
        self._use_reveal(Reveal(
            suggested or None, label="Compare all with the suggestions",
            shown="Comparison shown below", render=self._comparison_html,
            tooltip="Show all your placements beside the suggested ones",
            revealed=saved.get("compared") is True))
        compare_intro = w.HTML(
            "<h3 style='margin-bottom:2px'>Compare with the suggestions</h3>"
            "<p style='font-size:15px;margin:2px 0'>When you have placed the scenarios, see all "
            "your placements beside the suggested ones on one grid.</p>")

        compare = ([compare_intro, self.progress, self.reveal_box, self.figure_box,
                    self.figure_text, self.table] if self.can_reveal
                   else [self.progress, self.reveal_box])
        super().__init__([question, self.chooser, nav, self.stage, *compare])
        self.add_class("tg-scenario-set")

        self.index = 0
        index = saved.get("index")
        if (chosen == saved.get("setting") and isinstance(index, int)
                and not isinstance(index, bool) and 0 <= index < len(self._scenarios_in(chosen))):
            self.index = index
        self.previous.on_click(lambda _b: self.go(self.index - 1))
        self.next.on_click(lambda _b: self.go(self.index + 1))
        self.observe(lambda _change: self._save(), "revealed")
        self.chooser.observe(self._setting_changed, "value")
        self._show()
        self._update_progress()

    # --- which scenarios ----------------------------------------------------------------
    def _scenarios_in(self, setting: str) -> list[Scenario]:
        return [s for s in self.course.scenarios.values() if setting == ALL or s.setting == setting]

    @property
    def scenarios(self) -> list[Scenario]:
        return self._scenarios_in(self.chooser.value)

    @property
    def current(self) -> Scenario:
        return self.scenarios[self.index]

    def placement_of(self, scenario: Scenario) -> Placement | None:
        """The learner's saved placement, or None if they have not moved it yet."""
        return placement_or_none(self.session.answer(f"place:{scenario.id}"))

    # --- stepping through ---------------------------------------------------------------
    def go(self, index: int) -> None:
        if not 0 <= index < len(self.scenarios) or index == self.index:
            return
        self.index = index
        self._show()
        self._save()

    def activity(self, scenario: Scenario) -> w.Widget:
        """The scenario's activity, built once as course.place builds it (saved the same way)."""
        if scenario.id not in self._activities:
            activity = place(self.session, scenario.id)
            if isinstance(activity, ScenarioActivity):  # observed after it saves the move
                activity.observe(self._placed, names="placement")
            self._activities[scenario.id] = activity
        return self._activities[scenario.id]

    def _placed(self, _change=None) -> None:
        self._update_progress()
        self.reveal_box.refresh()

    def _show(self) -> None:
        scenarios = self.scenarios
        scenario = scenarios[self.index]
        where = "all settings" if self.chooser.value == ALL else html.escape(self.chooser.value)
        self.position.html = (f"<p><strong>{self.index + 1} of {len(scenarios)}</strong> in "
                              f"{where}: {html.escape(scenario.title)}</p>")
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(scenarios) - 1
        self.stage.children = (self.activity(scenario),)

    def _setting_changed(self, _change=None) -> None:
        self.index = 0
        self._show()
        self._update_progress()
        self.figure_box.children = ()  # a new setting's comparison is drawn afresh
        self.reveal_box.refresh()
        self._save()

    def _save(self) -> None:
        self.session.save(KEY, {"setting": self.chooser.value, "index": self.index,
                                "compared": self.revealed})

    def _update_progress(self) -> None:
        scenarios = self.scenarios
        done = sum(self.placement_of(s) is not None for s in scenarios)
        if done == len(scenarios):
            text = f"You have placed all {len(scenarios)}."
        else:
            text = f"You have placed {done} of {len(scenarios)}."
            if self.can_reveal:
                text += " Scenarios you have not moved the sliders for are left out of the comparison."
        self.progress.html = f"<p>{text}</p>"

    # --- the comparison -----------------------------------------------------------------
    def pairs(self) -> list[tuple[int, Scenario, Placement]]:
        """(number, scenario, your placement) for each placed scenario with a suggestion shown,
        numbered as listed."""
        return [(i, s, p) for i, s in enumerate(self.scenarios, 1)
                if model_answer(self.course, s.suggested) is not None
                and (p := self.placement_of(s)) is not None]

    def _comparison_html(self, _suggested: list[Scenario]) -> str:
        """The summary, in the Reveal's panel; the grid and the table below it follow too."""
        pairs = self.pairs()
        if not pairs:
            self.figure_box.children = ()
            self.figure_text.value = ""
            self.table.value = ""
            return self._summary_html(pairs)
        if not self.figure_box.children:
            self.figure_box.children = (Figure(self.figure(pairs)),)
        else:
            figure = self.figure_box.children[0]
            with figure.batch_update():
                for index, values in self._trace_values(pairs).items():
                    figure.data[index].update(**values)
        self.figure_text.value = (
            "<p style='font-size:14px;max-width:720px'><em>The grid shows your "
            f"{plural(len(pairs), 'placement')} as numbered blue circles "
            "and the suggested placements as numbered black diamonds. A grey line joins each "
            "of yours to its suggestion: the longer the line, the bigger the difference. "
            "The table gives the same numbers in words.</em></p>")
        self.table.value = self._table_html(pairs)
        return self._summary_html(pairs)

    def figure(self, pairs) -> go.Figure:
        """One grid with every pair, built in its final state (see grid.py on Voilà)."""
        fig = build_figure(self.course.regions, height=560)
        values = self._trace_values(pairs)
        fig.add_traces([
            go.Scatter(mode="lines", name="differences", hoverinfo="skip",
                       line={"color": LINE_COLOUR, "width": 2}, **values[LINES]),
            go.Scatter(mode="markers+text", name="suggested placements", textposition="middle center",
                       marker={"symbol": "diamond", "size": 24, "color": "white",
                               "line": {"width": 2.5, "color": SUGGESTED_COLOUR}},
                       textfont={"size": 11, "color": SUGGESTED_COLOUR}, hoverinfo="text",
                       cliponaxis=False, **values[SUGGESTIONS]),
            go.Scatter(mode="markers+text", name="your placements", textposition="middle center",
                       marker={"symbol": "circle", "size": 22, "color": YOU_COLOUR,
                               "line": {"width": 1.5, "color": "white"}},
                       textfont={"size": 11, "color": "white"}, hoverinfo="text",
                       cliponaxis=False, **values[YOURS]),
        ])
        return fig

    def _trace_values(self, pairs) -> dict[int, dict]:
        regions = self.course.regions
        lines_x, lines_y = [], []
        for _n, s, p in pairs:
            lines_x += [p.competence, s.suggested.competence, None]
            lines_y += [p.caring, s.suggested.caring, None]

        def hover(n, s, p, whose):
            return (f"{n}. {html.escape(s.title)}<br>{whose}: competence {p.competence:g}, "
                    f"caring {p.caring:g} ({html.escape(regions.of(p).name)})")

        return {
            LINES: {"x": lines_x, "y": lines_y},
            SUGGESTIONS: {"x": [s.suggested.competence for _n, s, _p in pairs],
                          "y": [s.suggested.caring for _n, s, _p in pairs],
                          "text": [str(n) for n, _s, _p in pairs],
                          "hovertext": [hover(n, s, s.suggested, "Suggested") for n, s, _p in pairs]},
            YOURS: {"x": [p.competence for _n, _s, p in pairs],
                    "y": [p.caring for _n, _s, p in pairs],
                    "text": [str(n) for n, _s, _p in pairs],
                    "hovertext": [hover(n, s, p, "You") for n, s, p in pairs]},
        }

    def _summary_html(self, pairs) -> str:
        total = len(self.scenarios)
        if not pairs:
            return ("<p>You have not placed any of these scenarios yet. Move the sliders for at "
                    "least one, and the comparison will appear here.</p>")
        gaps = [s.suggested.distance(p) for _n, s, p in pairs]
        average = statistics.fmean(gaps)
        same = sum(self.course.regions.of(p).key == self.course.regions.of(s.suggested).key
                   for _n, s, p in pairs)
        counted = (f"all {total} scenarios" if len(pairs) == total
                   else f"{len(pairs)} of the {total} scenarios")
        parts = [(f"You have placed {counted}. On average, your placements are "
                  f"{_steps(average)} from the suggestions on the grid. {closeness(average)}"),
                 f"You chose the same region as the suggestion for {same} of {len(pairs)}."]
        gap, n, scenario = max((g, n, s) for g, (n, s, _p) in zip(gaps, pairs))
        if gap >= 1.5:
            parts.append(f"Your biggest difference is number {n}, <em>{html.escape(scenario.title)}</em> "
                         f"({_steps(gap)} apart). Go back to it and press its Reveal button to read "
                         "why the course places it where it does.")
        parts.append("A difference is not a mistake: the suggestions are one view. What "
                     "matters is that you can say why you placed each person where you did.")
        return "".join(f"<p>{p}</p>" for p in parts)

    def _table_html(self, pairs) -> str:
        regions = self.course.regions

        def cell(p: Placement) -> str:
            return f"{p.competence:g}, {p.caring:g}: {regions.of(p).name}"

        rows = []
        for n, s, p in pairs:
            same = regions.of(p).key == regions.of(s.suggested).key
            rows.append((n, s.title, cell(p), cell(s.suggested),
                         f"{s.suggested.distance(p):.1f}", "yes" if same else "no"))
        return _COMPARE_STYLE + table(
            ("No.", "Scenario", "You", "Suggested", "Steps apart", "Same region?"), rows,
            caption="Your placements beside the suggestions (competence, caring: region)",
            cls="tg-compare")


def printable(session: SessionLike, setting: str | None = None) -> w.Widget:
    """On paper: every story in the setting with space to write, and one blank grid.

    Used for the printed handout, where there is nothing to click. Suggestions are left out,
    so the page can be handed to a group before the discussion.
    """
    course: Course = session.course
    _check_setting(course, setting)
    scenarios = [s for s in course.scenarios.values() if setting is None or s.setting == setting]
    intro = w.HTML(
        "<p>Read each story and write down where you would place the person, from 0 to 10 on "
        "each scale. Then mark them on the grid at the end with their number.</p>")
    stories = [w.HTML(
        f"<div class='tg-box'><h4 style='margin-bottom:2px'>{n}. {html.escape(s.title)}</h4>"
        f"<p style='margin:2px 0'><strong>{html.escape(s.setting)}</strong> · "
        f"{html.escape(s.viewpoint)}</p><p style='margin:2px 0'>{html.escape(s.story)}</p>"
        "<p>Competence: ________ &nbsp; Caring: ________ &nbsp; Region: ________________</p>"
        "</div>") for n, s in enumerate(scenarios, 1)]
    grid = Figure(build_figure(course.regions, height=560,
                                        title="Mark each person here with their number"))
    return w.VBox([intro, *stories, grid])


def build(session: SessionLike, setting: str | None = None) -> w.Widget:
    if os.environ.get(STATIC_ENV) == "1":
        return printable(session, setting)
    return ScenarioSet(session, setting)
