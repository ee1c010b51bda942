"""The course's interactive activities, built from accessible controls and the trust grid."""

from .feedback import error_box, withheld_box
from .placement import GridPlacement, ScenarioActivity

__all__ = ["GridPlacement", "ScenarioActivity", "error_box", "withheld_box"]
