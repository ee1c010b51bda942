"""The course's interactive activities. Notebooks call these in one-line cells.

Each function returns a widget ready to display; if the course data has a problem it
returns a visible error box with the one-line message instead of raising a traceback.
"""

from __future__ import annotations

from ..data import load_course
from ..errors import DataError
from .feedback import error_box
from .placement import GridPlacement, ScenarioActivity

__all__ = ["GridPlacement", "ScenarioActivity", "error_box", "place_scenario"]


def place_scenario(scenario_id: str, data: str | None = None):
    """Place one scenario's person on the grid, then reveal the suggested placement."""
    try:
        course = load_course(data)
        if scenario_id not in course.scenarios:
            known = ", ".join(course.scenarios)
            return error_box(f"There is no scenario with id {scenario_id!r} in "
                             f"{course.folder / 'scenarios.yaml'}. Known ids: {known}")
        return ScenarioActivity(course, course.scenarios[scenario_id])
    except DataError as exc:
        return error_box(str(exc))
