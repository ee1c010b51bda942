"""The handover case study: the stakeholders of data/case_study.yaml on one trust grid.

The learner places each stakeholder by how they see the learner; then a Reveal button
shows the suggested placements, why, and a first action for each person. The people are
fixed: none is added or removed. Placements, the selection and Reveal are saved.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as w

from ..errors import DataError, Problem
from ..grid import SUGGESTED, describe_comparison
from ..markup import Markup, bullets, escape, table
from ..model import Placement, Regions, placement_or_none
from .answers import HasReveal, Reveal, model_answer
from .people_map import START, PeopleMap, Person, capital, clean_label
from .session import SessionLike

KEY = "case_study"


@dataclass(frozen=True)
class Stakeholder:
    id: str
    role: str
    said: str
    suggested: Placement | None  # None in a learner edition, which has no model answers
    why: str = ""
    action: str = ""


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


class CaseStudyMap(HasReveal, PeopleMap):
    """The stakeholders on one trust grid, each with what they said, and a Reveal button
    for each one's suggested placement, why, and an action (left out when the edition has
    no suggestions). Observe ``people``, ``index`` and ``revealed`` to save it."""

    def __init__(self, regions: Regions, people: list[Person], stakeholders: list[Stakeholder], *,
                 selected: int | None = 0, revealed: bool = False):
        self.case = {s.id: s for s in stakeholders}
        self.reveal_table = w.HTML()
        # Reveal shows every stakeholder's suggestion, or is left out.
        self._use_reveal(Reveal(
            stakeholders if all(s.suggested for s in stakeholders) else None,
            label="Reveal suggested placements", shown="Suggested placements shown",
            render=self._reveal_html,
            tooltip="Show where the course places each person, why, and a first action"))
        super().__init__(regions, people, selected=selected,
                         show_suggested=revealed and self.can_reveal)
        self.observe(self._reveal_toggled, "revealed")
        self.revealed = revealed

    def _parts(self, placing: list[w.Widget]) -> tuple[list[w.Widget], list[w.Widget]]:
        return placing, [self.reveal_box] + ([self.reveal_table] if self.can_reveal else [])

    def add(self, text: str) -> bool:
        """The case study's people are fixed: no one is added."""
        return False

    def remove(self) -> None:
        """The case study's people are fixed: no one is removed."""

    def _suggested(self) -> Placement | None:
        person = self.selected
        if not self.can_reveal or person is None:
            return None
        return self.case[person.key].suggested

    def _update_traces(self) -> None:
        super()._update_traces()
        if self.can_reveal:
            suggested = self._suggested()
            self.figure.data[SUGGESTED].update(
                x=[suggested.competence] if suggested else [],
                y=[suggested.caring] if suggested else [],
                visible=self.revealed and suggested is not None)

    def _more_words(self, person: Person | None) -> None:
        if person is not None:
            said = self.case[person.key].said
            self.said.value = (f"<p style='font-size:15px;margin:4px 0'><strong>"
                               f"{html.escape(capital(person.label))} said:</strong> "
                               f"“{html.escape(said)}”</p>")
        if self.revealed:
            self.reveal_box.refresh()
            self.reveal_table.value = self._table_html()

    def _reveal_toggled(self, change) -> None:
        self._draw()
        self.reveal_table.value = self._table_html() if change["new"] else ""

    def _reveal_html(self, _stakeholders: list[Stakeholder]) -> str:
        """The selected person's suggestion, why, and a first action (the live words)."""
        person = self.selected
        if person is None:
            return ""
        s = self.case[person.key]
        return (f"<p><strong>{html.escape(capital(person.label))}: the suggested placement</strong> is "
                "shown on the grid as a diamond. "
                f"{html.escape(describe_comparison(self.regions, person.placement, s.suggested))}"
                f"</p><p><strong>Why:</strong> {html.escape(s.why)}</p>"
                f"<p><strong>A first action:</strong> {html.escape(s.action)}</p>")

    def _table_html(self) -> str:
        rows = []
        for p in self.people:
            s = self.case[p.key]
            mine, theirs = self.regions.of(p.placement), self.regions.of(s.suggested)
            rows.append((p.label, f"{p.placement.competence:g}, {p.placement.caring:g}: {mine.name}",
                         f"{s.suggested.competence:g}, {s.suggested.caring:g}: {theirs.name}",
                         s.action))
        return table(
            ("Who", "Yours", "Suggested", "A first action"), rows, row_headers=True,
            caption="Everyone at a glance: your placement and the suggested one (competence, "
                    "caring), and a first action",
            style="border-collapse:collapse;font-size:14px;max-width:960px",
            caption_style="text-align:left;font-weight:600;padding:4px 0",
            cell_style="text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #ccc")


def build(session: SessionLike) -> w.Widget:
    """The case study for a session: the story, what each stakeholder said, and the map."""
    course = session.course
    stakeholders = stakeholders_of(course)
    saved = session.answer(KEY)
    saved = saved if isinstance(saved, dict) else {}
    placed = saved.get("placements") if isinstance(saved.get("placements"), dict) else {}
    people = [Person(s.role, placement_or_none(placed.get(s.id)) or START, s.id) for s in stakeholders]
    ids = [s.id for s in stakeholders]
    chosen = saved.get("selected")
    team = CaseStudyMap(course.regions, people, stakeholders,
                        selected=ids.index(chosen) if chosen in ids else 0,
                        revealed=saved.get("revealed") is True)

    def record(_change=None):
        session.save(KEY, {
            "placements": {p.key: {"competence": p.placement.competence,
                                   "caring": p.placement.caring} for p in team.people},
            "selected": team.selected.key if team.selected else None,
            "revealed": team.revealed})

    team.observe(record, names=["people", "index", "revealed"])
    data = course.content["case_study"]
    quotes = bullets([Markup(f"<strong>{escape(s.role)}:</strong> “{escape(s.said)}”")
                      for s in stakeholders], style="font-size:15px;max-width:760px")
    header = w.HTML(
        f"<h3 class='tg-title'>{html.escape(data['title'])}</h3>"
        f"<p class='tg-meta'><strong>{html.escape(data['setting'])}</strong></p>"
        f"<p style='font-size:15px;max-width:760px'>{html.escape(data['story'])}</p>"
        f"<p style='font-size:15px;margin-bottom:2px'><strong>What they have said</strong></p>"
        f"{quotes}"
        "<p style='font-size:15px;max-width:760px'>Everyone starts at 5 and 5. Select each "
        "person in turn and place them by how <em>they</em> see <em>you</em>."
        + (" When you have placed all of them, press <strong>Reveal suggested "
           "placements</strong>." if team.can_reveal else "") + "</p>")
    box = w.VBox([header, team])
    box.team = team  # for tests and for the notebook's readers
    return box
