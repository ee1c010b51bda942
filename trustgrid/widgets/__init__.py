"""The course's interactive activities, built from accessible controls and the trust grid."""

from typing import Any

from .answers import model_answer, withheld_box
from .feedback import error_box

__all__ = ["GridPlacement", "ScenarioActivity", "error_box", "model_answer", "withheld_box"]


def __getattr__(name: str) -> Any:
    """The grid's activities (plotly's figure code) load when first used, not with a notebook."""
    if name in ("GridPlacement", "ScenarioActivity"):
        from . import placement

        return getattr(placement, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
