"""Place a person on the trust grid with two sliders, then compare with the suggestion."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from ..data import Course, Scenario
from ..grid import (
    SUGGESTED,
    YOU,
    build_figure,
    describe_comparison,
    describe_placement,
    you_trace_values,
)
from ..model import Placement, Regions, placement_or_none
from .answers import model_answer, withheld_box
from .controls import LiveText, Slider
from .feedback import error_box
from .figure import Figure

COMPETENCE_HINT = "0 = cannot do the job; 10 = excellent at it"
CARING_HINT = "0 = does not seem to care about people; 10 = clearly cares"


def _para(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


class GridPlacement(w.VBox):
    """Two sliders, a live trust grid and a readout in words, for one person.

    ``on_change`` is called with the new placement after every move (to save the work).
    """

    def __init__(self, regions: Regions, who: str, *, start: Placement | None = None,
                 suggested: Placement | None = None, show_suggested: bool = False,
                 title: str = "", on_change: Callable[[Placement], None] | None = None):
        self.regions = regions
        self.who = who
        self._on_change = on_change
        start = start or Placement(5, 5)
        self.competence = Slider(value=start.competence, label=f"Competence of {who}",
                                 hint=COMPETENCE_HINT)
        self.caring = Slider(value=start.caring, label=f"Caring of {who}", hint=CARING_HINT)
        self.figure = Figure(build_figure(regions, you=start, suggested=suggested,
                                          show_suggested=show_suggested, title=title))
        self.figure.follow(YOU, self.competence, self.caring)  # the marker moves at once
        self.readout = LiveText(html=self._readout_html(start))
        self.competence.observe(self._moved, "value")
        self.caring.observe(self._moved, "value")
        controls = w.VBox([self.competence, self.caring, self.readout],
                          layout=w.Layout(flex="1 1 300px", min_width="280px"))
        self.figure_box = w.Box([self.figure], layout=w.Layout(flex="2 1 420px", min_width="340px"))
        super().__init__([w.HBox([controls, self.figure_box],
                                 layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))])
        self.add_class("tg-placement")

    @property
    def placement(self) -> Placement:
        return Placement(self.competence.value, self.caring.value)

    def set_placement(self, placement: Placement) -> None:
        with self.hold_trait_notifications():
            self.competence.value = placement.competence
            self.caring.value = placement.caring

    def description(self) -> str:
        return describe_placement(self.regions, self.who, self.placement)

    def _readout_html(self, placement: Placement) -> str:
        region = self.regions.of(placement)
        return (f"<p><strong>{html.escape(region.name)}</strong>: {html.escape(region.meaning)}</p>"
                + _para(describe_placement(self.regions, self.who, placement)))

    def _moved(self, _change=None) -> None:
        placement = self.placement
        with self.figure.batch_update():
            self.figure.data[YOU].update(**you_trace_values(placement, "Your placement"))
        self.readout.html = self._readout_html(placement)
        if self._on_change:
            self._on_change(placement)


class ScenarioActivity(w.VBox):
    """A scenario's story, the placement sliders and grid, and a Reveal button.

    Reveal shows the suggested placement on the grid, the reasoning, the discussion
    prompts, and how far the learner's own placement is from the suggestion.
    """

    def __init__(self, course: Course, scenario: Scenario, *, start: Placement | None = None,
                 revealed: bool = False, on_change: Callable[[Placement], None] | None = None):
        self.course = course
        self.scenario = scenario
        header = w.HTML(
            f"<h3 class='tg-title'>{html.escape(scenario.title)}</h3>"
            f"<p class='tg-meta'><strong>{html.escape(scenario.setting)}</strong> · "
            f"{html.escape(scenario.viewpoint)}</p>{_para(scenario.story)}")
        # With no suggested placement to show, the discussion prompts are shown straight away.
        self.suggested = model_answer(course, scenario.suggested)
        self.can_reveal = self.suggested is not None
        self.revealed = revealed and self.can_reveal
        self.grid = GridPlacement(course.regions, scenario.person, start=start,
                                  suggested=self.suggested,
                                  show_suggested=self.revealed, on_change=self._moved)
        self.on_change = on_change
        self.reveal_button = w.Button(description="Reveal suggested placement", icon="eye",
                                      button_style="primary",
                                      tooltip="Show where the course places this person, and why",
                                      layout=w.Layout(width="fit-content", margin="8px 0"))
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.feedback = LiveText()
        super().__init__([header, self.grid, self.reveal_button if self.can_reveal else withheld_box(),
                          self.feedback])
        self.add_class("tg-scenario")
        if self.revealed:
            self._show_revealed()  # the figure was built with the suggestion showing
        elif not self.can_reveal:
            self.feedback.html = "<p><strong>To discuss:</strong></p>" + _list(list(scenario.prompts))

    def reveal(self) -> None:
        if not self.can_reveal:
            return
        self.revealed = True
        with self.grid.figure.batch_update():
            self.grid.figure.data[SUGGESTED].visible = True
        self._show_revealed()

    def _show_revealed(self) -> None:
        self.reveal_button.description = "Suggested placement shown"
        self.reveal_button.disabled = True
        self._update_feedback()

    def _moved(self, placement: Placement) -> None:
        if self.revealed:
            self._update_feedback()
        if self.on_change:
            self.on_change(placement)

    def _update_feedback(self) -> None:
        s = self.scenario
        self.feedback.html = (
            _para(describe_comparison(self.course.regions, self.grid.placement, self.suggested))
            + f"<p><strong>Why:</strong> {html.escape(s.reasoning)}</p>"
            + "<p><strong>To discuss:</strong></p>" + _list(list(s.prompts)))


def build(session, scenario: str | int) -> w.Widget:
    """``course.place(scenario)``: one scenario to place, saved as it moves (see Session.place)."""
    if isinstance(scenario, int):
        listed = session.uses("scenarios")
        if not 1 <= scenario <= len(listed):
            return error_box(f"{session.course.folder / 'course.yaml'}: this notebook "
                             f"({session.notebook}) asks for scenario {scenario}, but the course "
                             f"map lists {len(listed)} for it under notebooks.{session.notebook}.scenarios")
        scenario = listed[scenario - 1]
    scenario_id = scenario
    scenario = session.course.scenarios.get(scenario_id)
    if scenario is None:
        known = ", ".join(session.course.scenarios)
        return error_box(f"{session.course.folder / 'scenarios.yaml'}: there is no scenario "
                         f"with id {scenario_id!r}. Known ids: {known}")
    key = f"place:{scenario_id}"
    saved = session.answer(key)
    saved = saved if isinstance(saved, dict) else {}
    activity = ScenarioActivity(session.course, scenario, start=placement_or_none(saved),
                                revealed=saved.get("revealed") is True)

    def record(_=None):
        session.save(key, {"competence": activity.grid.placement.competence,
                           "caring": activity.grid.placement.caring,
                           "revealed": activity.revealed})

    activity.on_change = record
    activity.reveal_button.on_click(record)
    return activity
