"""The trust model of the guide: trust needs both competence and caring.

A placement is a pair of scores from 0 to 10. The grid is split at a threshold on both
axes; a score *equal to* the threshold counts as high (5 out of 10 is "enough"). The
region keys are fixed; their names and meanings come from data (regions.yaml).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

LOW, HIGH = 0.0, 10.0
DEFAULT_THRESHOLD = 5.0
REGION_KEYS = ("trust", "respect", "goodwill", "low_trust")


class PlacementError(ValueError):
    """A score that is not a number from 0 to 10."""


def check_score(value: object, name: str) -> float:
    """Return the score as a float, or raise PlacementError. Never clamps."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise PlacementError(f"{name} must be a number from 0 to 10, not {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise PlacementError(f"{name} must be a number from 0 to 10, not {number}")
    if not LOW <= number <= HIGH:
        raise PlacementError(f"{name} must be from 0 to 10; {value} is out of range")
    return number


@dataclass(frozen=True)
class Placement:
    competence: float
    caring: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "competence", check_score(self.competence, "competence"))
        object.__setattr__(self, "caring", check_score(self.caring, "caring"))

    def distance(self, other: Placement) -> float:
        return math.hypot(self.competence - other.competence, self.caring - other.caring)


def placement_or_none(value: object) -> Placement | None:
    """A placement from a {"competence": .., "caring": ..} mapping (such as a saved answer),
    or None when it is missing or no longer valid, so the caller can start afresh."""
    if not isinstance(value, dict):
        return None
    try:
        return Placement(value["competence"], value["caring"])
    except (KeyError, PlacementError):
        return None


def region_key(placement: Placement, threshold: float = DEFAULT_THRESHOLD) -> str:
    """Which quarter of the grid a placement falls in; the threshold itself counts as high."""
    competent = placement.competence >= threshold
    caring = placement.caring >= threshold
    if competent and caring:
        return "trust"
    if competent:
        return "respect"
    if caring:
        return "goodwill"
    return "low_trust"


def strength(placement: Placement) -> float:
    """Trust strength from 0 to 1. Both ingredients are needed, so the weaker one limits it."""
    return min(placement.competence, placement.caring) / HIGH


@dataclass(frozen=True)
class Region:
    key: str
    name: str
    meaning: str
    advice: tuple[str, ...]


@dataclass(frozen=True)
class Regions:
    """The four named regions and the threshold that separates them (from regions.yaml)."""

    threshold: float
    by_key: dict[str, Region]

    def of(self, placement: Placement) -> Region:
        return self.by_key[region_key(placement, self.threshold)]

    def __iter__(self):
        return (self.by_key[k] for k in REGION_KEYS)
