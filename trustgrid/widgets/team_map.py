"""The team trust map: the people a change depends on, placed by how each of them sees you.

The learner adds people by initials or role (never full names), places each with two
sliders, and sees everyone on one trust grid, with advice for the selected person's
region and a summary in words. The whole map is saved after every change.

``build(session, case_study=True)`` is the handover case study instead
(:mod:`trustgrid.widgets.case_study`): the same grid with the stakeholders of
data/case_study.yaml, and a Reveal button for the suggested placements.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..markup import para
from ..model import Regions, placement_or_none
from .case_study import build as build_case_study
from .people_map import START, PeopleMap, Person, capital, clean_label, summary
from .session import SessionLike

KEY = "team_map"
MAX_PEOPLE = 12
MAX_LABEL = 30


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


class TeamMap(PeopleMap):
    """The learner's own people on one trust grid: add, select, place, remove (with undo)."""

    def __init__(self, regions: Regions, people: list[Person], *, selected: int | None = 0):
        self._removed: tuple[int, Person] | None = None
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
        self.remove_button = w.Button(icon="trash", layout=w.Layout(width="fit-content"),
                                      tooltip="Take the selected person off your map")
        self.remove_button.on_click(lambda _b: self.remove())
        self.undo_button = w.Button(icon="undo", layout=w.Layout(width="fit-content",
                                                                  display="none"),
                                    tooltip="Put back the person you just removed")
        self.undo_button.on_click(lambda _b: self.undo())
        super().__init__(regions, people, selected=selected)

    def _parts(self, placing: list[w.Widget]) -> tuple[list[w.Widget], list[w.Widget]]:
        add_row = w.HBox([self.name_box, self.add_button],
                         layout=w.Layout(flex_flow="row wrap", align_items="center"))
        buttons = w.HBox([self.remove_button, self.undo_button], layout=w.Layout(flex_flow="row wrap"))
        return [self.note, add_row, *placing, buttons], []

    def _more_words(self, person: Person | None) -> None:
        self.remove_button.description = f"Remove {person.label}" if person else "Remove"
        self.remove_button.disabled = person is None
        full = len(self.people) >= MAX_PEOPLE
        self.add_button.disabled = full
        self.name_box.disabled = full

    def add(self, text: str) -> bool:
        label = clean_label(text)
        problem = check_label(label, self._labels())
        if problem:
            self.status.html = para(problem)
            return False
        with self.hold_trait_notifications():  # observers hear of it once all has followed
            self.set_trait("people", [*self.people, Person(label, START)])
            self._removed = None
            self.undo_button.layout.display = "none"
            self._set_options()
            self.select(len(self.people) - 1)
            self.name_box.value = ""
            self.status.html = (f"<p>Added {html.escape(label)} at competence 5, caring 5. Now "
                                "move the sliders to show how you think they see you. "
                                f"{html.escape(summary(self.regions, self.people))}.</p>")
        return True

    def remove(self) -> None:
        person = self.selected
        if person is None:
            return
        index = self.index
        with self.hold_trait_notifications():
            self.set_trait("people", [p for i, p in enumerate(self.people) if i != index])
            self._removed = (index, person)
            self._set_options()
            self.select(min(index, len(self.people) - 1) if self.people else None)
            self.undo_button.description = f"Undo: put {person.label} back"
            self.undo_button.layout.display = None
            self.status.html = (f"<p>Removed {html.escape(person.label)} from your map. Changed "
                                f"your mind? Press <strong>Undo</strong> to put them back.</p>")

    def undo(self) -> None:
        if self._removed is None:
            return
        index, person = self._removed
        if clean_label(person.label).casefold() in (t.casefold() for t in self._labels()) or \
                len(self.people) >= MAX_PEOPLE:
            self.status.html = (f"<p>{html.escape(capital(person.label))} cannot go back: the map is full "
                                "or has someone with the same label.</p>")
            return
        with self.hold_trait_notifications():
            self._removed = None
            people = list(self.people)
            people.insert(min(index, len(people)), person)
            self.set_trait("people", people)
            self.undo_button.layout.display = "none"
            self._set_options()
            self.select(self.people.index(person))
            self.status.html = f"<p>{html.escape(capital(person.label))} is back on your map.</p>"

    def _set_options(self) -> None:
        self._quiet = True
        try:
            self.chooser.options = self._labels()
        finally:
            self._quiet = False


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


def _team_map(session: SessionLike) -> TeamMap:
    saved = session.answer(KEY)
    people = _saved_people(saved)
    chosen = saved.get("selected") if isinstance(saved, dict) else None
    labels = [p.label for p in people]
    team = TeamMap(session.course.regions, people,
                   selected=labels.index(chosen) if chosen in labels else 0)

    def record(_change=None):
        session.save(KEY, {"people": [{"label": p.label, "competence": p.placement.competence,
                                       "caring": p.placement.caring} for p in team.people],
                           "selected": team.selected.label if team.selected else None})

    team.observe(record, names=["people", "index"])
    return team


def build(session: SessionLike, case_study: bool = False) -> w.Widget:
    """``course.team_map()``: the learner's own map; ``case_study=True``: the exercise."""
    return build_case_study(session) if case_study else _team_map(session)
