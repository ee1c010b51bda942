"""People on one trust grid: what the team trust map and the handover case study share.

One person is selected at a time: two sliders place them, the grid shows them as the big
marker and everyone else as small ones, and the words under the grid (a summary, the list,
advice for the selected person's region) follow every change.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

import ipywidgets as w
import plotly.graph_objects as go
import traitlets

from ..grid import OTHERS, YOU, Point, build_figure, you_trace_values
from ..markup import bullets
from ..model import Placement, Regions
from .controls import LiveText, Slider
from .figure import Figure

START = Placement(5, 5)
COMPETENCE_HINT = "0 = they doubt you can do it; 10 = they are sure you can do it well"
CARING_HINT = "0 = they doubt you care about them; 10 = they are sure you do"


@dataclass(frozen=True)
class Person:
    label: str
    placement: Placement
    key: str = ""  # the stakeholder's id in the case study


def clean_label(text: str) -> str:
    """Initials or a role as typed, with spaces tidied."""
    return re.sub(r"\s+", " ", text or "").strip()


def capital(label: str) -> str:
    """A label at the start of a sentence: 'night sister' becomes 'Night sister'."""
    return label[:1].upper() + label[1:]


def summary(regions: Regions, people: list[Person]) -> str:
    """'3 people: 1 in Trust, 2 in Respect', in the regions' own order."""
    if not people:
        return "No one on your map yet."
    counts = {r.key: 0 for r in regions}
    for p in people:
        counts[regions.of(p.placement).key] += 1
    parts = [f"{counts[r.key]} in {r.name}" for r in regions if counts[r.key]]
    noun = "person" if len(people) == 1 else "people"
    return f"{len(people)} {noun}: {', '.join(parts)}"


def _point_hover(regions: Regions, person: Person) -> str:
    p = person.placement
    return (f"{person.label}: competence {p.competence:g}, caring {p.caring:g} "
            f"({regions.of(p).name})")


class PeopleMap(w.VBox):
    """Select a person, place them with two sliders; the grid, the words and advice follow.

    ``people`` (a new list after every change) and ``index`` (the selected person's place
    in it, or None) are the map: observe them to save it. A subclass sets up its own
    widgets before calling ``__init__``, arranges them in :meth:`_parts` and adds its own
    words in :meth:`_more_words`.
    """

    people = traitlets.List(read_only=True)
    index = traitlets.Int(None, allow_none=True, read_only=True)

    def __init__(self, regions: Regions, people: list[Person], *, selected: int | None = 0,
                 show_suggested: bool = False):
        self.regions = regions
        self.set_trait("people", list(people))
        self._quiet = False  # True while the widget moves its own sliders
        if not self.people:
            selected = None
        elif selected is None or not 0 <= selected < len(self.people):
            selected = 0
        self.set_trait("index", selected)

        self.question = w.HTML("<p style='font-size:15px;margin:8px 0 2px'><strong>Who do you "
                               "want to place?</strong></p>")
        self.chooser = w.RadioButtons(options=self._labels(), index=self.index,
                                      layout=w.Layout(width="max-content", max_width="100%"))
        self.chooser.observe(self._chosen, "index")
        self.said = w.HTML()  # about the selected person; empty unless a subclass writes it

        person = self.selected
        start = person.placement if person else START
        self.competence = Slider(value=start.competence, hint=COMPETENCE_HINT)
        self.caring = Slider(value=start.caring, hint=CARING_HINT)
        self.competence.observe(self._moved, "value")
        self.caring.observe(self._moved, "value")
        self.status = LiveText()

        self.figure = Figure(self._build_figure(show_suggested))
        self.figure_text = w.HTML()
        self.advice = LiveText()

        left, below = self._parts([self.question, self.chooser, self.said, self.competence,
                                   self.caring])
        controls = w.VBox([*left, self.status], layout=w.Layout(flex="1 1 300px", min_width="280px"))
        picture = w.VBox([self.figure, self.figure_text],
                         layout=w.Layout(flex="2 1 420px", min_width="340px"))
        super().__init__([w.HBox([controls, picture],
                                 layout=w.Layout(flex_flow="row wrap", align_items="flex-start")),
                          self.advice, *below])
        self.add_class("tg-team-map")
        self._refresh_words()

    def _parts(self, placing: list[w.Widget]) -> tuple[list[w.Widget], list[w.Widget]]:
        """The controls column (above the status line) and what goes below the advice."""
        return placing, []

    # --- state ------------------------------------------------------------------------
    @property
    def selected(self) -> Person | None:
        return self.people[self.index] if self.index is not None else None

    def _labels(self) -> list[str]:
        return [p.label for p in self.people]

    def _others(self) -> list[Person]:
        return [p for i, p in enumerate(self.people) if i != self.index]

    def _suggested(self) -> Placement | None:
        """The suggested placement of the selected person, when there is one to show."""
        return None

    # --- the picture ------------------------------------------------------------------
    def _build_figure(self, show_suggested: bool) -> go.Figure:
        person = self.selected
        others = [Point(p.placement, p.label, _point_hover(self.regions, p)) for p in self._others()]
        return build_figure(self.regions, you=person.placement if person else None,
                            you_label=person.label if person else "", others=others,
                            suggested=self._suggested(), show_suggested=show_suggested)

    def _draw(self) -> None:
        """Put every person's point where it belongs (the selected one as the big marker)."""
        with self.figure.batch_update():
            self._update_traces()

    def _update_traces(self) -> None:
        person, others = self.selected, self._others()
        self.figure.data[OTHERS].update(
            x=[p.placement.competence for p in others], y=[p.placement.caring for p in others],
            text=[html.escape(p.label) for p in others],
            hovertext=[html.escape(_point_hover(self.regions, p)) for p in others])
        self.figure.data[YOU].update(**you_trace_values(
            person.placement if person else None, person.label if person else ""))

    # --- words ------------------------------------------------------------------------
    def _refresh_words(self) -> None:
        person = self.selected
        who = person.label if person else "the person you select"
        self.competence.label = f"How {who} sees your competence"
        self.caring.label = f"How {who} sees your caring"
        self.competence.disabled = self.caring.disabled = person is None
        self._more_words(person)
        self._describe()
        self._advise()

    def _more_words(self, person: Person | None) -> None:
        """A subclass's own words and buttons that follow the selection."""

    def _describe(self) -> None:
        items = [_point_hover(self.regions, p) + (" (selected)" if p is self.selected else "")
                 for p in self.people]
        self.figure_text.value = (
            "<div class='tg-figure-text' style='font-size:14px'>"
            f"<p style='margin:4px 0'><strong>Your map:</strong> "
            f"{html.escape(summary(self.regions, self.people))}.</p>"
            + (bullets(items, style="margin:2px 0") if items else "") + "</div>")

    def _advise(self) -> None:
        person = self.selected
        if person is None:
            self.advice.html = ("<p>Add the first person your change depends on, then place "
                                "them by how you think they see you.</p>")
            return
        region = self.regions.of(person.placement)
        self.advice.html = (
            f"<p><strong>{html.escape(capital(person.label))} sees you in {html.escape(region.name)}.</strong> "
            f"{html.escape(region.meaning)}</p><p><strong>What you could do next with "
            f"{html.escape(person.label)}:</strong></p>{bullets(region.advice)}")

    # --- actions ----------------------------------------------------------------------
    def select(self, index: int | None) -> None:
        """Make one person the selected one: the sliders, labels, grid and advice follow."""
        self.set_trait("index", index if self.people and index is not None else None)
        if self.chooser.index != self.index:
            self._quiet = True
            try:
                self.chooser.index = self.index
            finally:
                self._quiet = False
        person = self.selected
        if person is not None:
            self._quiet = True
            try:
                self.competence.value = person.placement.competence
                self.caring.value = person.placement.caring
            finally:
                self._quiet = False
        self._draw()
        self._refresh_words()

    def _chosen(self, change) -> None:
        if self._quiet or change["new"] == self.index:
            return
        with self.hold_trait_notifications():  # observers hear of it once all has followed
            self.select(change["new"])
            if self.selected is not None:
                self.status.html = self._where_html("Selected", self.selected)

    def _moved(self, _change=None) -> None:
        person = self.selected
        if self._quiet or person is None:
            return
        with self.hold_trait_notifications():
            person = replace(person, placement=Placement(self.competence.value, self.caring.value))
            people = list(self.people)
            people[self.index] = person
            self.set_trait("people", people)
            self._draw()
            self._refresh_words()
            self.status.html = self._where_html("Moved", person)  # never left saying the old place

    def _where_html(self, verb: str, person: Person) -> str:
        region = self.regions.of(person.placement)
        return (f"<p>{verb} {html.escape(person.label)}: competence "
                f"{person.placement.competence:g}, caring {person.placement.caring:g} "
                f"({html.escape(region.name)}).</p>")
