"""What the course notebooks call: one ``start`` per notebook, then one line per activity.

    from trustgrid.notebook import start
    course = start("01_what_is_trust", data)
    course.place("skilled_but_dismissive_sister")

Problems with the course data are shown in a visible box, never as a traceback.
"""

from __future__ import annotations

import html

import ipywidgets as w
from IPython.display import display

from .data import DEFAULT_DATA, Course, load_course
from .errors import DataError
from .model import Placement
from .widgets import ScenarioActivity, error_box


class Session:
    """One notebook's view of the course: its data and (later) the learner's saved work."""

    def __init__(self, notebook: str, data: str | None = None):
        self.notebook = notebook
        self.course: Course | None = None
        self.error: DataError | None = None
        try:
            self.course = load_course(data)
        except DataError as exc:
            self.error = exc

    def status(self) -> w.Widget:
        if self.error:
            return error_box(str(self.error))
        if self.course.folder.resolve() != DEFAULT_DATA.resolve():
            return w.HTML(f"<p class='tg-note'>Using the course data in "
                          f"<code>{html.escape(str(self.course.folder))}</code>.</p>")
        return w.HTML("")

    def place(self, scenario_id: str) -> w.Widget:
        """A scenario to place on the trust grid, with a Reveal button."""
        if self.error:
            return error_box(str(self.error))
        scenario = self.course.scenarios.get(scenario_id)
        if scenario is None:
            known = ", ".join(self.course.scenarios)
            return error_box(f"{self.course.folder / 'scenarios.yaml'}: there is no scenario "
                             f"with id {scenario_id!r}. Known ids: {known}")
        return ScenarioActivity(self.course, scenario)

    def explain(self, competence: float, caring: float) -> None:
        """Print which region a placement falls in and what that means."""
        if self.error:
            print(self.error)
            return
        region = self.course.regions.of(Placement(competence, caring))
        print(f"Competence {competence:g}, caring {caring:g}: {region.name}. {region.meaning}")


def start(notebook: str, data: str | None = None) -> Session:
    """Load the course for a notebook and show which data it uses (or what is wrong)."""
    session = Session(notebook, data)
    status = session.status()
    if status.value if isinstance(status, w.HTML) else True:
        display(status)
    return session
