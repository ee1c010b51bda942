"""The course's interactive activities, built from accessible controls and the trust grid."""

from .answers import model_answer, withheld_box
from .feedback import error_box
from .placement import GridPlacement, ScenarioActivity

__all__ = ["GridPlacement", "ScenarioActivity", "error_box", "model_answer", "withheld_box"]
