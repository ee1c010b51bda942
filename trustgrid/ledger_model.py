"""The promise ledger's arithmetic: a manager keeps or breaks one promise a week, and trust follows.

Trust is slow to build and quick to lose: a broken promise weighs more than a kept one
(the asymmetry principle, Slovic 1993). The model is deliberately simple, so a learner
can check it by hand:

- a kept promise adds ``gain.caring`` to caring and ``gain.competence`` to competence
  (the course's data puts most of it on caring: see the comment at ``gain`` in ledger.yaml);
- a broken promise takes away each gain times the asymmetry (the learner's slider);
- scores stop at 0 and 10. A step that would go past the end of the scale stops there,
  and the summary says so in words: nothing is cut off silently.

The manager, the promises and the gains come from ``ledger.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .data import Course
from .errors import DataError, Problem
from .model import HIGH, LOW, Placement, Regions, strength

KEPT, BROKEN = "kept", "broken"


@dataclass(frozen=True)
class LedgerData:
    """The ledger file, checked by its schema, in the shape the activity uses."""

    name: str
    role: str
    intro: str
    start: Placement
    gain_competence: float
    gain_caring: float
    asymmetry: float
    promises: tuple[str, ...]
    outcomes: tuple[str, ...]
    model_answer: str


def ledger_of(course: Course) -> LedgerData:
    raw = course.content.get("ledger")
    if not isinstance(raw, dict):
        raise DataError([Problem(str(course.folder / "ledger.yaml"), None, "",
                                 "the promise ledger needs a ledger.yaml file; none was found")])
    return LedgerData(
        name=raw["manager"]["name"], role=raw["manager"]["role"], intro=raw["manager"]["intro"],
        start=Placement(raw["start"]["competence"], raw["start"]["caring"]),
        gain_competence=float(raw["gain"]["competence"]), gain_caring=float(raw["gain"]["caring"]),
        asymmetry=float(raw["asymmetry"]),
        promises=tuple(week["promise"] for week in raw["weeks"]),
        outcomes=tuple(week["outcome"] for week in raw["weeks"]),
        model_answer=raw.get("model_answer", ""))


@dataclass(frozen=True)
class Track:
    """Where the manager stands before week 1 (points[0]) and after each week."""

    points: tuple[Placement, ...]
    outcomes: tuple[str | None, ...]
    stops: tuple[str, ...]  # sentences about steps cut short at 0 or 10

    @property
    def strengths(self) -> list[float]:
        return [strength(p) for p in self.points]


def _step(value: float, change: float) -> tuple[float, float | None]:
    """The new score, and the end of the scale it stopped at if the step went past it."""
    moved = round(value + change, 6)  # keep sums of tenths exact at the split
    if moved > HIGH:
        return HIGH, HIGH
    if moved < LOW:
        return LOW, LOW
    return moved, None


def track(ledger: LedgerData, outcomes: list[str | None] | tuple[str | None, ...],
          asymmetry: float) -> Track:
    """Apply each week's outcome in turn. An undecided week (None) changes nothing."""
    competence, caring = ledger.start.competence, ledger.start.caring
    points = [ledger.start]
    stopped: dict[tuple[str, float], list[int]] = {}
    for week, outcome in enumerate(outcomes, start=1):
        if outcome in (KEPT, BROKEN):
            sign = 1.0 if outcome == KEPT else -asymmetry
            competence, end_c = _step(competence, sign * ledger.gain_competence)
            caring, end_k = _step(caring, sign * ledger.gain_caring)
            for name, end in (("Competence", end_c), ("Caring", end_k)):
                if end is not None:
                    stopped.setdefault((name, end), []).append(week)
        points.append(Placement(competence, caring))
    stops = tuple(
        f"{name} stopped at {end:g}, the {'top' if end == HIGH else 'bottom'} of the scale, "
        f"in {_weeks(weeks)}: scores run from 0 to 10, so "
        f"{'that step was' if len(weeks) == 1 else 'those steps were'} cut short."
        for (name, end), weeks in stopped.items())
    return Track(tuple(points), tuple(outcomes), stops)


def _weeks(weeks: list[int]) -> str:
    if len(weeks) == 1:
        return f"week {weeks[0]}"
    return "weeks " + ", ".join(map(str, weeks[:-1])) + f" and {weeks[-1]}"


def score(value: float) -> str:
    """A score as people read it: 6, 6.4 or 6.25, never 4.999999."""
    return f"{round(value, 2):g}"


def out_of_ten(value: float) -> str:
    """A trust strength (0 to 1) as people read it: '4 out of 10', never '0.40'."""
    return f"{score(value * HIGH)} out of 10"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(regions: Regions, ledger: LedgerData, result: Track) -> str:
    """Where the manager ends up, and how trust strength changed, in one or two sentences."""
    end, weeks = result.points[-1], len(result.outcomes)
    region = regions.of(end)
    kept = sum(o == KEPT for o in result.outcomes)
    broken = sum(o == BROKEN for o in result.outcomes)
    undecided = weeks - kept - broken
    where = f"competence {score(end.competence)}, caring {score(end.caring)} — {region.name}."
    if kept + broken == 0:
        return (f"No weeks decided yet: {ledger.name} is still at {where} "
                "Choose kept or broken for each week.")
    counts = f"{_count(kept, 'promise')} kept, {broken} broken"
    if undecided:
        counts += f", {undecided} not decided yet"
    values = result.strengths
    first, last = values[0], values[-1]
    if last < first - 1e-9:
        change = f"trust strength fell from {out_of_ten(first)} to {out_of_ten(last)}"
    elif last > first + 1e-9:
        change = f"trust strength rose from {out_of_ten(first)} to {out_of_ten(last)}"
    else:
        change = f"trust strength ended where it started, at {out_of_ten(first)}"
    top, bottom = max(values), min(values)
    if top > max(first, last) + 1e-9:
        change += f" (its highest was {out_of_ten(top)}, in week {values.index(top)})"
    elif bottom < min(first, last) - 1e-9:
        change += f" (its lowest was {out_of_ten(bottom)}, in week {values.index(bottom)})"
    text = f"After {weeks} weeks: {where} {counts}; {change}."
    return " ".join([text, *result.stops])


def compared(regions: Regions, ledger: LedgerData, predicted: str, story: Track) -> str:
    """The learner's prediction (a region's key) against where the story ends, in words."""
    said, end = regions.by_key[predicted], story.points[-1]
    region = regions.of(end)
    where = (f"{ledger.name} ends at competence {score(end.competence)}, caring "
             f"{score(end.caring)}, in {region.name}")
    if region == regions.of(story.points[0]):
        where += ", the same region as at the start"
    if said == region:
        return f"You predicted {said.name}, and you were right: {where}."
    return (f"You predicted {said.name}. {where}. Look at the weeks with a broken promise, on "
            "the grid and on the line chart, to see why.")


def cost_words(asymmetry: float) -> str:
    """'costs 3 times as much as a kept one gains', in words a learner can read aloud."""
    if asymmetry == 1:
        return "costs the same as a kept one gains"
    return f"costs {asymmetry:g} times as much as a kept one gains"
