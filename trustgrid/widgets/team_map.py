"""The team trust map: the people a change depends on, placed by how each of them sees you.

The learner adds people by initials or role (never full names), places each with two
sliders, and sees everyone on one trust grid, with advice for the selected person's
region and a summary in words. The whole map is saved after every change.

``build(session, case_study=True)`` is the same map pre-filled with the stakeholders of
data/case_study.yaml: the learner places each, then a Reveal button shows the suggested
placements, why, and a first action for each person.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import ipywidgets as w
import plotly.graph_objects as go

from ..errors import DataError, Problem
from ..grid import (
    OTHERS,
    SUGGESTED,
    YOU,
    Point,
    build_figure,
    describe_comparison,
    you_trace_values,
)
from ..model import Placement, Regions, placement_or_none
from .answers import model_answer, withheld_box
from .controls import LiveText, Slider
from .figure import Figure

KEY = "team_map"
CASE_KEY = "case_study"
MAX_PEOPLE = 12
MAX_LABEL = 30
START = Placement(5, 5)
COMPETENCE_HINT = "0 = they doubt you can do it; 10 = they are sure you can do it well"
CARING_HINT = "0 = they doubt you care about them; 10 = they are sure you do"


@dataclass
class Person:
    label: str
    placement: Placement
    key: str = ""  # the stakeholder's id in the case study


@dataclass(frozen=True)
class Stakeholder:
    id: str
    role: str
    said: str
    suggested: Placement | None  # None in a learner edition, which has no model answers
    why: str = ""
    action: str = ""


def clean_label(text: str) -> str:
    """Initials or a role as typed, with spaces tidied."""
    return re.sub(r"\s+", " ", text or "").strip()


def check_label(label: str, taken: list[str]) -> str | None:
    """Why a label cannot be added, in words, or None if it is fine."""
    if not label:
        return "Type some initials or a role first, such as JP or night sister."
    if len(label) > MAX_LABEL:
        return (f"That is {len(label)} characters. Keep it to {MAX_LABEL} or fewer: "
                "initials or a role, not a full name or a description.")
    if label.casefold() in (t.casefold() for t in taken):
        return (f"{label} is already on your map. To tell two people apart, add a number "
                f"or a detail, such as {label} 2.")
    if len(taken) >= MAX_PEOPLE:
        return (f"Your map already has {MAX_PEOPLE} people, the most it holds. Remove someone "
                "first, or focus on the people your change depends on most.")
    return None


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


def stakeholders_of(course) -> list[Stakeholder]:
    """The case study's stakeholders, checked for what the schema cannot check."""
    path = str(course.folder / "case_study.yaml")
    data = course.content.get("case_study")
    if not data:
        raise DataError([Problem(path, None, "", "the case study needs this file, and it is "
                                 "missing: add case_study.yaml to the course folder")])
    found, ids, roles, problems = [], set(), set(), []
    for i, s in enumerate(data["stakeholders"]):
        label = clean_label(s["role"])
        if s["id"] in ids or label.casefold() in roles:
            problems.append(Problem(path, None, f"stakeholders[{i}]",
                                    f"the id {s['id']!r} or the role {label!r} is used twice"))
        ids.add(s["id"])
        roles.add(label.casefold())
        suggested = model_answer(course, s.get("suggested"))
        found.append(Stakeholder(
            s["id"], label, s["said"],
            Placement(suggested["competence"], suggested["caring"]) if suggested else None,
            s.get("why", ""), s.get("action", "")))
    if problems:
        raise DataError(problems)
    return found


class TeamMap(w.VBox):
    """People on one trust grid: add, select, place with two sliders, remove (with undo).

    ``on_change`` is called after every change, with no arguments, to save the map.
    With ``stakeholders`` the people are fixed (no add or remove) and a Reveal button
    shows each one's suggested placement, why, and an action.
    """

    def __init__(self, regions: Regions, people: list[Person], *, selected: int | None = 0,
                 stakeholders: list[Stakeholder] | None = None, revealed: bool = False,
                 on_change=None):
        self.regions = regions
        self.people = list(people)
        self.case = {s.id: s for s in stakeholders} if stakeholders else None
        # Reveal shows every stakeholder's suggestion, or is left out.
        self.can_reveal = bool(stakeholders) and all(s.suggested for s in stakeholders)
        self.revealed = False
        self.on_change = on_change
        self._removed: tuple[int, Person] | None = None
        self._quiet = False  # True while the widget moves its own sliders
        if not self.people:
            selected = None
        elif selected is None or not 0 <= selected < len(self.people):
            selected = 0
        self.index = selected

        # Adding people (not in the case study, whose people are fixed).
        self.note = w.HTML(
            "<p class='tg-note' style='font-size:15px;margin:4px 0'><strong>Use initials or a "
            "role only</strong>, such as <em>JP</em> or <em>night sister</em>, never a full name. "
            f"Up to {MAX_PEOPLE} people, {MAX_LABEL} characters each. Your map is saved on this "
            "computer, but you may share your screen or download your work.</p>")
        self.name_box = w.Text(description="Initials or role", placeholder="such as JP or night sister",
                               style={"description_width": "initial"},
                               layout=w.Layout(width="320px"))
        self.add_button = w.Button(description="Add to my map", icon="plus", button_style="primary",
                                   tooltip="Add this person to your map at 5 and 5",
                                   layout=w.Layout(width="fit-content"))
        self.add_button.on_click(lambda _b: self.add(self.name_box.value))
        add_row = w.HBox([self.name_box, self.add_button],
                         layout=w.Layout(flex_flow="row wrap", align_items="center"))

        # Choosing who to place.
        self.question = w.HTML("<p style='font-size:15px;margin:8px 0 2px'><strong>Who do you "
                               "want to place?</strong></p>")
        self.chooser = w.RadioButtons(options=self._labels(), index=self.index,
                                      layout=w.Layout(width="max-content", max_width="100%"))
        self.chooser.observe(self._chosen, "index")
        self.said = w.HTML()

        person = self.selected
        start = person.placement if person else START
        self.competence = Slider(value=start.competence, hint=COMPETENCE_HINT)
        self.caring = Slider(value=start.caring, hint=CARING_HINT)
        self.competence.observe(self._moved, "value")
        self.caring.observe(self._moved, "value")

        self.remove_button = w.Button(icon="trash", layout=w.Layout(width="fit-content"),
                                      tooltip="Take the selected person off your map")
        self.remove_button.on_click(lambda _b: self.remove())
        self.undo_button = w.Button(icon="undo", layout=w.Layout(width="fit-content",
                                                                  display="none"),
                                    tooltip="Put back the person you just removed")
        self.undo_button.on_click(lambda _b: self.undo())
        self.status = LiveText()

        self.figure = Figure(self._build_figure(revealed))
        self.figure_text = w.HTML()
        self.advice = LiveText()

        self.reveal_button = w.Button(
            description="Reveal suggested placements", icon="eye", button_style="primary",
            tooltip="Show where the course places each person, why, and a first action",
            layout=w.Layout(width="fit-content", margin="8px 0"))
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.reveal_text = LiveText()
        self.reveal_table = w.HTML()

        left = [self.question, self.chooser, self.said, self.competence, self.caring]
        if self.case is None:
            left = [self.note, add_row, *left, w.HBox([self.remove_button, self.undo_button],
                                                      layout=w.Layout(flex_flow="row wrap"))]
        left.append(self.status)
        controls = w.VBox(left, layout=w.Layout(flex="1 1 300px", min_width="280px"))
        picture = w.VBox([self.figure, self.figure_text],
                         layout=w.Layout(flex="2 1 420px", min_width="340px"))
        parts = [w.HBox([controls, picture],
                        layout=w.Layout(flex_flow="row wrap", align_items="flex-start")),
                 self.advice]
        if self.can_reveal:
            parts += [self.reveal_button, self.reveal_text, self.reveal_table]
        elif self.case is not None:
            parts.append(withheld_box())
        super().__init__(parts)
        self.add_class("tg-team-map")
        self._refresh_words()
        if revealed and self.can_reveal:
            self.reveal(save=False)

    # --- state ------------------------------------------------------------------------
    @property
    def selected(self) -> Person | None:
        return self.people[self.index] if self.index is not None else None

    def _labels(self) -> list[str]:
        return [p.label for p in self.people]

    def _others(self) -> list[Person]:
        return [p for i, p in enumerate(self.people) if i != self.index]

    def _suggested(self) -> Placement | None:
        person = self.selected
        if not self.can_reveal or person is None:
            return None
        return self.case[person.key].suggested

    # --- the picture ------------------------------------------------------------------
    def _build_figure(self, revealed: bool) -> go.Figure:
        person = self.selected
        others = [Point(p.placement, p.label, _point_hover(self.regions, p)) for p in self._others()]
        return build_figure(self.regions, you=person.placement if person else None,
                            you_label=person.label if person else "", others=others,
                            suggested=self._suggested(), show_suggested=revealed)

    def _draw(self) -> None:
        """Put every person's point where it belongs (the selected one as the big marker)."""
        person, others = self.selected, self._others()
        suggested = self._suggested()
        with self.figure.batch_update():
            self.figure.data[OTHERS].update(
                x=[p.placement.competence for p in others], y=[p.placement.caring for p in others],
                text=[html.escape(p.label) for p in others],
                hovertext=[html.escape(_point_hover(self.regions, p)) for p in others])
            self.figure.data[YOU].update(**you_trace_values(
                person.placement if person else None, person.label if person else ""))
            if self.can_reveal:
                self.figure.data[SUGGESTED].update(
                    x=[suggested.competence] if suggested else [],
                    y=[suggested.caring] if suggested else [],
                    visible=self.revealed and suggested is not None)

    # --- words ------------------------------------------------------------------------
    def _refresh_words(self) -> None:
        person = self.selected
        enabled = person is not None
        who = person.label if person else "the person you select"
        self.competence.label = f"How {who} sees your competence"
        self.caring.label = f"How {who} sees your caring"
        self.competence.disabled = self.caring.disabled = not enabled
        self.remove_button.description = f"Remove {person.label}" if person else "Remove"
        self.remove_button.disabled = not enabled
        full = len(self.people) >= MAX_PEOPLE
        self.add_button.disabled = full
        self.name_box.disabled = full
        if self.case is not None and person is not None:
            said = self.case[person.key].said
            self.said.value = (f"<p style='font-size:15px;margin:4px 0'><strong>"
                               f"{html.escape(capital(person.label))} said:</strong> "
                               f"“{html.escape(said)}”</p>")
        self._describe()
        self._advise()
        if self.revealed:
            self._reveal_words()

    def _describe(self) -> None:
        items = "".join(
            f"<li>{html.escape(_point_hover(self.regions, p))}"
            f"{' (selected)' if p is self.selected else ''}</li>" for p in self.people)
        self.figure_text.value = (
            "<div class='tg-figure-text' style='font-size:14px'>"
            f"<p style='margin:4px 0'><strong>Your map:</strong> "
            f"{html.escape(summary(self.regions, self.people))}.</p>"
            + (f"<ul style='margin:2px 0'>{items}</ul>" if items else "") + "</div>")

    def _advise(self) -> None:
        person = self.selected
        if person is None:
            self.advice.html = ("<p>Add the first person your change depends on, then place "
                                "them by how you think they see you.</p>")
            return
        region = self.regions.of(person.placement)
        tips = "".join(f"<li>{html.escape(a)}</li>" for a in region.advice)
        self.advice.html = (
            f"<p><strong>{html.escape(capital(person.label))} sees you in {html.escape(region.name)}.</strong> "
            f"{html.escape(region.meaning)}</p><p><strong>What you could do next with "
            f"{html.escape(person.label)}:</strong></p><ul>{tips}</ul>")

    # --- actions ----------------------------------------------------------------------
    def select(self, index: int | None) -> None:
        """Make one person the selected one: the sliders, labels, grid and advice follow."""
        self.index = index if self.people and index is not None else None
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

    def add(self, text: str) -> bool:
        if self.case is not None:
            return False
        label = clean_label(text)
        problem = check_label(label, self._labels())
        if problem:
            self.status.html = f"<p>{html.escape(problem)}</p>"
            return False
        self.people.append(Person(label, START))
        self._removed = None
        self.undo_button.layout.display = "none"
        self._set_options()
        self.select(len(self.people) - 1)
        self.name_box.value = ""
        self.status.html = (f"<p>Added {html.escape(label)} at competence 5, caring 5. Now move "
                            "the sliders to show how you think they see you. "
                            f"{html.escape(summary(self.regions, self.people))}.</p>")
        self._changed()
        return True

    def remove(self) -> None:
        person = self.selected
        if person is None or self.case is not None:
            return
        index = self.index
        self.people.pop(index)
        self._removed = (index, person)
        self._set_options()
        self.select(min(index, len(self.people) - 1) if self.people else None)
        self.undo_button.description = f"Undo: put {person.label} back"
        self.undo_button.layout.display = None
        self.status.html = (f"<p>Removed {html.escape(person.label)} from your map. Changed your "
                            f"mind? Press <strong>Undo</strong> to put them back.</p>")
        self._changed()

    def undo(self) -> None:
        if self._removed is None:
            return
        index, person = self._removed
        if clean_label(person.label).casefold() in (t.casefold() for t in self._labels()) or \
                len(self.people) >= MAX_PEOPLE:
            self.status.html = (f"<p>{html.escape(capital(person.label))} cannot go back: the map is full "
                                "or has someone with the same label.</p>")
            return
        self._removed = None
        self.people.insert(min(index, len(self.people)), person)
        self.undo_button.layout.display = "none"
        self._set_options()
        self.select(self.people.index(person))
        self.status.html = f"<p>{html.escape(capital(person.label))} is back on your map.</p>"
        self._changed()

    def _set_options(self) -> None:
        self._quiet = True
        try:
            self.chooser.options = self._labels()
        finally:
            self._quiet = False

    def _chosen(self, change) -> None:
        if self._quiet or change["new"] == self.index:
            return
        self.select(change["new"])
        if self.selected is not None:
            self.status.html = self._where_html("Selected", self.selected)
        self._changed()

    def _moved(self, _change=None) -> None:
        person = self.selected
        if self._quiet or person is None:
            return
        person.placement = Placement(self.competence.value, self.caring.value)
        self._draw()
        self._refresh_words()
        self.status.html = self._where_html("Moved", person)  # never left saying the old place
        self._changed()

    def _where_html(self, verb: str, person: Person) -> str:
        region = self.regions.of(person.placement)
        return (f"<p>{verb} {html.escape(person.label)}: competence "
                f"{person.placement.competence:g}, caring {person.placement.caring:g} "
                f"({html.escape(region.name)}).</p>")

    def _changed(self) -> None:
        if self.on_change:
            self.on_change()

    # --- the case study's Reveal ------------------------------------------------------
    def reveal(self, save: bool = True) -> None:
        if not self.can_reveal:
            return
        self.revealed = True
        self.reveal_button.description = "Suggested placements shown"
        self.reveal_button.disabled = True
        self._draw()
        self._reveal_words()
        if save:
            self._changed()

    def _reveal_words(self) -> None:
        person = self.selected
        if person is not None:
            s = self.case[person.key]
            self.reveal_text.html = (
                f"<p><strong>{html.escape(capital(person.label))}: the suggested placement</strong> is "
                "shown on the grid as a diamond. "
                f"{html.escape(describe_comparison(self.regions, person.placement, s.suggested))}"
                f"</p><p><strong>Why:</strong> {html.escape(s.why)}</p>"
                f"<p><strong>A first action:</strong> {html.escape(s.action)}</p>")
        cell = ("style='text-align:left;vertical-align:top;padding:4px 8px;"
                "border-bottom:1px solid #ccc'")
        rows = []
        for p in self.people:
            s = self.case[p.key]
            mine, theirs = self.regions.of(p.placement), self.regions.of(s.suggested)
            rows.append(
                f"<tr><th scope='row' {cell}>{html.escape(p.label)}</th>"
                f"<td {cell}>{p.placement.competence:g}, {p.placement.caring:g}: "
                f"{html.escape(mine.name)}</td>"
                f"<td {cell}>{s.suggested.competence:g}, {s.suggested.caring:g}: "
                f"{html.escape(theirs.name)}</td><td {cell}>{html.escape(s.action)}</td></tr>")
        head = "".join(f"<th scope='col' {cell}>{h}</th>"
                       for h in ("Who", "Yours", "Suggested", "A first action"))
        self.reveal_table.value = (
            "<table style='border-collapse:collapse;font-size:14px;max-width:960px'>"
            "<caption style='text-align:left;font-weight:600;padding:4px 0'>Everyone at a glance: "
            "your placement and the suggested one (competence, caring), and a first action"
            f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


# --- building it for a session: restore and save --------------------------------------
def _saved_people(saved: object) -> list[Person]:
    """The saved map, keeping every entry that is still valid (at most MAX_PEOPLE)."""
    entries = saved.get("people") if isinstance(saved, dict) else None
    people: list[Person] = []
    for entry in entries if isinstance(entries, list) else []:
        label = clean_label(entry.get("label")) if isinstance(entry, dict) and \
            isinstance(entry.get("label"), str) else ""
        placement = placement_or_none(entry)
        if placement and check_label(label, [p.label for p in people]) is None:
            people.append(Person(label, placement))
    return people


def _team_map(session) -> TeamMap:
    saved = session.answer(KEY)
    people = _saved_people(saved)
    chosen = saved.get("selected") if isinstance(saved, dict) else None
    labels = [p.label for p in people]
    team = TeamMap(session.course.regions, people,
                   selected=labels.index(chosen) if chosen in labels else 0)

    def record():
        session.save(KEY, {"people": [{"label": p.label, "competence": p.placement.competence,
                                       "caring": p.placement.caring} for p in team.people],
                           "selected": team.selected.label if team.selected else None})

    team.on_change = record
    return team


def _case_study(session) -> w.Widget:
    course = session.course
    stakeholders = stakeholders_of(course)
    saved = session.answer(CASE_KEY)
    saved = saved if isinstance(saved, dict) else {}
    placed = saved.get("placements") if isinstance(saved.get("placements"), dict) else {}
    people = [Person(s.role, placement_or_none(placed.get(s.id)) or START, s.id) for s in stakeholders]
    ids = [s.id for s in stakeholders]
    chosen = saved.get("selected")
    team = TeamMap(course.regions, people, stakeholders=stakeholders,
                   selected=ids.index(chosen) if chosen in ids else 0,
                   revealed=saved.get("revealed") is True)

    def record():
        session.save(CASE_KEY, {
            "placements": {p.key: {"competence": p.placement.competence,
                                   "caring": p.placement.caring} for p in team.people},
            "selected": team.selected.key if team.selected else None,
            "revealed": team.revealed})

    team.on_change = record
    data = course.content["case_study"]
    quotes = "".join(f"<li><strong>{html.escape(s.role)}:</strong> “{html.escape(s.said)}”</li>"
                     for s in stakeholders)
    header = w.HTML(
        f"<h3 class='tg-title'>{html.escape(data['title'])}</h3>"
        f"<p class='tg-meta'><strong>{html.escape(data['setting'])}</strong></p>"
        f"<p style='font-size:15px;max-width:760px'>{html.escape(data['story'])}</p>"
        f"<p style='font-size:15px;margin-bottom:2px'><strong>What they have said</strong></p>"
        f"<ul style='font-size:15px;max-width:760px'>{quotes}</ul>"
        "<p style='font-size:15px;max-width:760px'>Everyone starts at 5 and 5. Select each "
        "person in turn and place them by how <em>they</em> see <em>you</em>."
        + (" When you have placed all of them, press <strong>Reveal suggested "
           "placements</strong>." if team.can_reveal else "") + "</p>")
    box = w.VBox([header, team])
    box.team = team  # for tests and for the notebook's readers
    return box


def build(session, case_study: bool = False) -> w.Widget:
    """``course.team_map()``: the learner's own map; ``case_study=True``: the exercise."""
    return _case_study(session) if case_study else _team_map(session)
