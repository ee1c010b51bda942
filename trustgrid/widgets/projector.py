"""The dashboard's projector view: one scenario at a time, in large type, for the whole room.

The facilitator steps through it: first the story alone (people place it on their own),
then the group's placements, then the course's suggestion. Each press shows one step more,
so nothing of the group is on the screen before the first press and no suggestion before
the second: the room talks about its own spread before it hears an answer. The responses
come from the dashboard it belongs to (its folder and the files added to it).
"""

from __future__ import annotations

import html

import ipywidgets as w
import traitlets

from ..grid import OTHERS, build_figure
from ..markup import style_sheet
from ..model import Placement
from .answers import WITHHELD_TEXT, model_answer
from .controls import LiveText
from .dashboard import Dashboard, names_mode
from .figure import Figure

_CSS = style_sheet(__file__, "projector.css")
STORY, GROUP, SUGGESTION = range(3)  # the steps, in the order they are shown


class Projector(w.VBox):
    """Previous and Next move between scenarios; two buttons show the group, then the
    suggestion. ``step`` is how much of the current scenario is on the screen.

    The scenarios are the ones the group has placed, in the course's order (so a room that
    placed notebook 1's four people walks through those four), or every scenario while
    nobody has shared yet."""

    step = traitlets.Int(STORY)

    def __init__(self, dashboard: Dashboard):
        self.dashboard = dashboard
        self.course = dashboard.course
        self.order: list[str] = []
        self.index = 0
        self.follow_group()
        self.heading = w.HTML()
        self.story = w.HTML()
        self.previous = w.Button(description="Previous", icon="arrow-left",
                                 tooltip="The scenario before this one")
        self.next = w.Button(description="Next", icon="arrow-right",
                             tooltip="The next scenario")
        self.show_group = w.Button(description="Show the group's placements", icon="users",
                                   button_style="primary", layout=w.Layout(width="auto"))
        self.show_suggestion = w.Button(description="Show the suggestion", icon="eye",
                                        layout=w.Layout(width="auto"))
        self.refresh = w.Button(description="Refresh", icon="refresh",
                                tooltip="Read the responses folder again",
                                layout=w.Layout(width="auto"))
        self.words = LiveText(layout=w.Layout(flex="1 1 420px"))  # each step in words, announced
        self.figure_box = w.Box(layout=w.Layout(flex="0 1 600px"))
        self.previous.on_click(lambda _b: self.go(self.index - 1))
        self.next.on_click(lambda _b: self.go(self.index + 1))
        self.show_group.on_click(lambda _b: self._show(GROUP))
        self.show_suggestion.on_click(lambda _b: self._show(SUGGESTION))
        self.refresh.on_click(lambda _b: self._reread())
        self.observe(lambda _c: self._draw(), "step")
        super().__init__([
            w.HTML(_CSS), self.heading, self.story,
            w.HBox([self.previous, self.next, self.show_group, self.show_suggestion, self.refresh],
                   layout=w.Layout(flex_flow="row wrap")),
            # The grid beside its words on a wide screen, above them on a narrow one.
            w.HBox([self.figure_box, self.words], layout=w.Layout(flex_flow="row wrap"))])
        self.add_class("tg-projector")
        self.go(0)

    @property
    def scenario(self):
        return self.course.scenarios[self.order[self.index]]

    def follow_group(self) -> None:
        """Walk the scenarios the group has placed, staying on the current one if it is there."""
        current = self.order[self.index] if self.order else None
        placed = {s.scenario for s in self.dashboard.summaries}
        self.order = [s for s in self.course.scenarios if s in placed] or list(self.course.scenarios)
        if current in self.order:
            self.index = self.order.index(current)
        else:
            self.index, self.step = 0, STORY

    def show(self, scenario: str) -> None:
        """Show ``scenario`` from its story, as the dashboard opens the projector at its choice."""
        self.follow_group()
        if scenario in self.order:
            self.go(self.order.index(scenario))

    def go(self, index: int) -> None:
        """Show scenario ``index`` (in course order) from its first step: its story alone."""
        self.index = max(0, min(index, len(self.order) - 1))
        if self.step == STORY:
            self._draw()
        self.step = STORY

    def _show(self, step: int) -> None:
        # One step at a time, even if a press arrives from a button drawn as disabled.
        no_suggestion = step == SUGGESTION and model_answer(self.course, self.scenario.suggested) is None
        if step == self.step + 1 and not no_suggestion:
            self.step = step

    def _reread(self) -> None:
        self.dashboard.refresh()
        self.follow_group()
        self._draw()

    def _draw(self) -> None:
        scenario, step = self.scenario, self.step
        suggested = model_answer(self.course, scenario.suggested)
        self.heading.value = (
            f"<p class='tg-projector-where'>Scenario {self.index + 1} of {len(self.order)} · "
            f"{html.escape(scenario.setting)}</p>"
            f"<h2 class='tg-projector-title'>{html.escape(scenario.title)}</h2>")
        self.story.value = f"<p class='tg-projector-story'>{html.escape(scenario.story)}</p>"
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.order) - 1
        self.show_group.disabled = step >= GROUP
        self.show_suggestion.disabled = step != GROUP or suggested is None
        self.show_suggestion.tooltip = ("Shown after the group's placements"
                                        if step < GROUP else "The course's suggested placement")
        points, summary = self.dashboard.group(scenario.id)
        if step == STORY:
            self.words.html = ("<p class='tg-projector-words'>Ask everyone to place this "
                               "person on their own, then press <strong>Share my "
                               "placements</strong>.</p>")
            self.figure_box.children = ()
            return
        words = [self.dashboard.group_words(summary)]
        if step == SUGGESTION:
            regions = self.course.regions
            words.append(
                f"<p><strong>The course's suggestion:</strong> competence "
                f"{suggested.competence:g}, caring {suggested.caring:g} "
                f"({html.escape(regions.of(suggested).name)}).</p>"
                f"<p>{html.escape(model_answer(self.course, scenario.reasoning) or '')}</p>")
        elif suggested is None:
            words.append(f"<p><em>{html.escape(WITHHELD_TEXT)}</em></p>")
        self.words.html = "<div class='tg-projector-words'>" + "".join(words) + "</div>"
        median = Placement(summary.median_competence, summary.median_caring) if summary else None
        if not summary:
            self.figure_box.children = ()
            return
        # A new figure for each step, built in its final state (DESIGN pitfall 2 on Voila).
        figure = build_figure(self.course.regions, others=points, you=median,
                              you_label="Group median", suggested=suggested,
                              show_suggested=step == SUGGESTION, height=560)
        figure.data[OTHERS].mode = names_mode(points)
        self.figure_box.children = (Figure(figure),)
