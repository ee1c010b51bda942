"""The welcome's warm-up: place someone you trust at work, before the model is explained.

Predicting first makes the explanation that follows stick: the learner has a placement
of their own to check against what notebook 1 teaches. Only a placement is kept, never
a name, so nothing identifies the person.
"""

from __future__ import annotations

import ipywidgets as w

from ..model import placement_or_none
from .placement import GridPlacement
from .session import SessionLike

KEY = "warm_up"
WHO = "the person you trust"


def build(session: SessionLike, who: str = WHO) -> w.Widget:
    def record(change) -> None:
        placement = change["new"]
        session.save(KEY, {"competence": placement.competence, "caring": placement.caring})

    grid = GridPlacement(session.course.regions, who, start=placement_or_none(session.answer(KEY)),
                         title="Where you place the person you trust")
    grid.observe(record, names="placement")
    grid.add_class("tg-warm-up")
    return grid
