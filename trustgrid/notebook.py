"""What the course notebooks call: one ``start`` per notebook, then one line per activity.

    from trustgrid.notebook import start
    course = start("01_what_is_trust", data)
    course.place("skilled_but_dismissive_sister")

Every answer is saved to the learner's work file as it changes and put back into the
widgets when the notebook runs again. Problems with the course data or the work file are
shown in words in a visible box, never as a traceback.
"""

from __future__ import annotations

import html
import importlib
from typing import Any

import ipywidgets as w
from IPython.display import display

from .data import DEFAULT_DATA, Course, load_course
from .errors import DataError
from .ledger_model import out_of_ten
from .model import Placement, strength
from .static import left_out, show_widgets_as_html, static_mode
from .widgets import error_box
from .widgets.controls import TextBox
from .work import WorkStore, default_store, friendly_path


def note_box(message_html: str) -> w.HTML:
    return w.HTML(f"<div class='tg-note' style='border-left:6px solid #005EB8;background:#EEF4FB;"
                  f"padding:6px 12px;font-size:14px;color:#1a1a1a'>{message_html}</div>")


class Session:
    """One notebook's view of the course: its data and the learner's saved work.

    Each activity's ``build(session, ...)`` is given this (its parts that activities use
    are :class:`trustgrid.widgets.session.SessionLike`)."""

    def __init__(self, notebook: str, data: str | None = None, store: WorkStore | None = None):
        self.notebook = notebook
        self.course: Course | None = None
        self.error: DataError | None = None
        self.store = store or default_store()
        self.messages = w.VBox()  # save problems appear here, where the learner can see them
        try:
            self.course = load_course(data)
        except DataError as exc:
            self.error = exc

    # --- the learner's work -------------------------------------------------------------
    def answer(self, key: str, default: Any = None) -> Any:
        return self.store.get(self.notebook, key, default)

    def save(self, key: str, value: Any) -> None:
        """Save one answer now; if that fails, say so in words and keep the answer in memory."""
        try:
            self.store.set(self.notebook, key, value)
        except DataError as exc:
            self._tell(error_box(f"Your last change could not be saved: {exc}"))
        self._show_notices()

    def _show_notices(self) -> None:
        while self.store.notices:
            self._tell(note_box(html.escape(self.store.notices.pop(0))))

    def _tell(self, box: w.Widget) -> None:
        self.messages.children = (*self.messages.children[-2:], box)

    def status(self) -> w.Widget:
        """What the learner should know first: which data, where their work is kept."""
        if self.error:
            return error_box(str(self.error))
        if static_mode():
            return note_box("This is the printable handout: each activity shows its starting "
                            "picture. To move the sliders and save your answers, open the "
                            "course in JupyterLab or Voilà.")
        where = html.escape(str(friendly_path(self.store.path)))
        parts = [(f"Your answers are saved as you go, in <code>{where}</code>, and come back "
                  "when you run this notebook again. On Binder your session is temporary: "
                  "use <strong>Download my work</strong> in notebook 5 before you close it.")]
        if self.course.folder.resolve() != DEFAULT_DATA.resolve():
            parts.append("Using the course data in "
                         f"<code>{html.escape(str(self.course.folder))}</code>.")
        self._show_notices()
        return w.VBox([note_box("<br>".join(parts)), self.messages])

    # --- activities ---------------------------------------------------------------------
    def uses(self, kind: str) -> list[str]:
        """The ids the course map (course.yaml) lists for this notebook or exercise, such as
        its scenarios."""
        course = self.course.content.get("course", {})
        entry = (course.get("notebooks") or {}).get(self.notebook) \
            or (course.get("exercises") or {}).get(self.notebook)
        return list((entry or {}).get(kind, []))

    def place(self, scenario: str | int) -> w.Widget:
        """A scenario to place on the trust grid, with a Reveal button. Saved as it moves.

        ``scenario`` is a scenario id, or a position in this notebook's list in course.yaml
        (1 is its first), so notebooks need not name a course's own scenarios.
        """
        return self._activity("scenarios", scenario=scenario)

    def reflect(self, reflection_id: str) -> w.Widget:
        """A question from reflections.yaml with a text box; the answer is saved as typed."""
        if self.error:
            return error_box(str(self.error))
        items = {r["id"]: r for r in self.course.content.get("reflections", {}).get("reflections", [])}
        item = items.get(reflection_id)
        if item is None:
            return error_box(f"{self.course.folder / 'reflections.yaml'}: there is no reflection "
                             f"with id {reflection_id!r}. Known ids: {', '.join(items)}")
        key = f"reflect:{reflection_id}"
        box = TextBox(label=item["prompt"], hint=item.get("hint", ""),
                      value=str(self.answer(key, "") or ""))
        box.observe(lambda change: self.save(key, change["new"]), "value")
        return box

    def explain(self, competence: float, caring: float) -> None:
        """Print which region a placement falls in, what that means, and its trust strength
        (so a page can ask learners to compare two people before it states the rule)."""
        if self.error:
            print(self.error)
            return
        placement = Placement(competence, caring)
        region = self.course.regions.of(placement)
        print(f"Competence {competence:g}, caring {caring:g}: {region.name}. {region.meaning} "
              f"Trust strength: {out_of_ten(strength(placement))}.")

    def _activity(self, name: str, **options: Any) -> w.Widget:
        """Build the activity ``name`` of trustgrid/kinds.py from its widget module's
        ``build(session, **options)``."""
        from .kinds import ACTIVITIES, LEFT_OUT

        if self.error:
            return error_box(str(self.error))
        kind = ACTIVITIES.get(name)
        if kind is None:
            return error_box(f"there is no activity called {name!r}; the activities are: "
                             f"{', '.join(sorted(ACTIVITIES))}")
        if static_mode() and kind.static == LEFT_OUT:
            return left_out(kind.about)
        module = importlib.import_module(f".widgets.{kind.widget}", "trustgrid")
        try:
            return module.build(self, **options)
        except DataError as exc:
            return error_box(str(exc))

    def activity(self, name: str, **options: Any) -> w.Widget:
        """Any activity of trustgrid/kinds.py by name, such as ``activity("warm_up")``."""
        return self._activity(name, **options)

    def dashboard(self, folder: str | None = None) -> w.Widget:
        """The facilitator's view of the group's placements (facilitator/workshop_dashboard)."""
        return self._activity("dashboard", folder=folder)

    def group_summary(self, folder: str | None = None) -> None:
        """Print the group's placements per scenario as a table (as `trustgrid aggregate`)."""
        from .summary import format_table, summarise
        from .workshop import load_responses

        if self.error:
            print(self.error)
            return
        responses, skipped = load_responses(folder)
        regions = self.course.regions
        print(format_table(summarise(responses, regions.threshold), regions=regions))
        if skipped:
            print(f"{len(skipped)} file(s) skipped; see the list above.")

    def share(self) -> w.Widget:
        """Workshop mode: send this learner's placements to the facilitator."""
        return self._activity("share")

    def ledger(self, **options: Any) -> w.Widget:
        return self._activity("ledger", **options)

    def listening(self, **options: Any) -> w.Widget:
        return self._activity("listening", **options)

    def self_assessment(self, **options: Any) -> w.Widget:
        return self._activity("self_assessment", **options)

    def team_map(self, **options: Any) -> w.Widget:
        # team_map(case_study=True) is the handover case study (widgets/case_study.py).
        return self._activity("team_map", **options)

    def action_plan(self, **options: Any) -> w.Widget:
        return self._activity("action_plan", **options)

    def quiz(self, **options: Any) -> w.Widget:
        return self._activity("quiz", **options)

    def colleagues(self, part: str = "invite") -> w.Widget:
        """How colleagues see you: ``part="invite"`` for the learner (place yourself, invite,
        see self against colleagues), ``part="place"`` for a colleague placing them."""
        return self._activity("colleagues", part=part)

    def recall(self) -> w.Widget:
        """Two questions on the notebook before this one (recall.yaml, by this notebook)."""
        return self._activity("recall")


def start(notebook: str, data: str | None = None) -> Session:
    """Load the course for a notebook and show where the learner's work is kept."""
    if static_mode():
        show_widgets_as_html()
    session = Session(notebook, data)
    display(session.status())
    return session
