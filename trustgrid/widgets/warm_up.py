"""The welcome's warm-up: place someone you trust at work, before the model is explained.

Predicting first makes the explanation that follows stick: the learner has a placement
of their own to check against what notebook 1 teaches. Only a placement is kept, never
a name, so nothing identifies the person.
"""

from __future__ import annotations

import ipywidgets as w

from ..model import Placement, PlacementError
from .placement import GridPlacement

KEY = "warm_up"
WHO = "the person you trust"


def saved_placement(value: object) -> Placement | None:
    """The saved warm-up placement, or None if there is none or it is no longer valid."""
    if not isinstance(value, dict):
        return None
    try:
        return Placement(value["competence"], value["caring"])
    except (KeyError, TypeError, PlacementError):
        return None


def build(session, who: str = WHO) -> w.Widget:
    def record(placement: Placement) -> None:
        session.save(KEY, {"competence": placement.competence, "caring": placement.caring})

    grid = GridPlacement(session.course.regions, who, start=saved_placement(session.answer(KEY)),
                         title="Where you place the person you trust", on_change=record)
    grid.add_class("tg-warm-up")
    return grid
