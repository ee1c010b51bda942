"""Where did the group place each scenario? Summaries of the workshop's responses.

:func:`summarise` turns the responses (trustgrid/workshop.py reads them) into one summary per
scenario, the scenarios the group disagrees about most first; :func:`format_table` prints
them for `trustgrid aggregate` and the notebooks' group summary.
"""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .errors import DataError, Problem
from .model import REGION_KEYS, Placement, Regions, region_key
from .workshop import Response, score_problem


@dataclass(frozen=True)
class ScenarioSummary:
    """Where the group placed one scenario. ``shares`` maps each region to a fraction of n."""

    scenario: str
    n: int
    median_competence: float
    median_caring: float
    spread: float
    shares: dict[str, float]
    threshold: float


def summarise(responses: Iterable[Response], threshold: float = 5) -> list[ScenarioSummary]:
    """Per scenario: n, medians, spread and the share in each region; most disputed first.

    ``spread`` is the mean Euclidean distance of the placements from the median point
    (median competence, median caring), in grid points: 0 when everyone agrees; 2 means
    placements lie on average 2 points from the group's middle. One number in the grid's
    own units, so scenarios can be ranked by disagreement. Ties keep scenario id order.
    """
    if score_problem(threshold):
        raise DataError([Problem("threshold", None, "", score_problem(threshold) or "")])
    points: dict[str, list[tuple[float, float]]] = {}
    for response in responses:
        for scenario, pair in response.placements.items():
            points.setdefault(scenario, []).append(pair)
    summaries = [_summary(s, points[s], threshold) for s in sorted(points)]
    return sorted(summaries, key=lambda s: -s.spread)


def _summary(scenario: str, pairs: list[tuple[float, float]], threshold: float) -> ScenarioSummary:
    n = len(pairs)
    mid_c = statistics.median(c for c, _ in pairs)
    mid_k = statistics.median(k for _, k in pairs)
    spread = statistics.fmean(math.hypot(c - mid_c, k - mid_k) for c, k in pairs)
    counts = dict.fromkeys(REGION_KEYS, 0)
    for c, k in pairs:
        counts[region_key(Placement(c, k), threshold)] += 1
    shares = {key: counts[key] / n for key in REGION_KEYS}
    return ScenarioSummary(scenario, n, float(mid_c), float(mid_k), spread, shares, threshold)


# ---------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------

_CSV_FIELDS = ["scenario", "n", "median_competence", "median_caring", "spread"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may take as a formula


def format_table(summaries: Iterable[ScenarioSummary], fmt: str = "text", *,
                 regions: Regions) -> str:
    """The summaries as an aligned text table, CSV (shares as fractions) or JSON.

    Regions are shown by the course's names (the shares in JSON too). Scenario ids are
    validated on reading (lower-case letters, digits, underscores) and a region name that
    could start a spreadsheet formula is quoted, so no cell can start one.
    """
    rows = list(summaries)
    names = [regions.by_key[key].name for key in REGION_KEYS]
    if fmt == "text":
        return _text_table(rows, names)
    if fmt == "csv":
        return _csv_table(rows, names)
    if fmt == "json":
        named = [{**asdict(s), "shares": {n: s.shares[k] for n, k in zip(names, REGION_KEYS)}}
                 for s in rows]
        return json.dumps(named, indent=2)
    raise ValueError(f"unknown table format {fmt!r}; use 'text', 'csv' or 'json'")


def _text_table(rows: list[ScenarioSummary], names: list[str]) -> str:
    if not rows:
        return "No placements yet."
    header = ["Scenario", "n", "Competence", "Caring", "Spread", *names]
    body = [[s.scenario, str(s.n), f"{s.median_competence:.1f}", f"{s.median_caring:.1f}",
             f"{s.spread:.2f}", *(f"{s.shares[r]:.0%}" for r in REGION_KEYS)] for s in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(line, widths))) for line in [header, *body]]
    note = ("Competence and caring are the group's medians: the middle answer, with half the "
            "group higher and half lower. Spread is how far, on average, a placement is from "
            "that middle point (0 = everyone agrees).")
    return "\n".join([*(line.rstrip() for line in lines), "", note])


def _csv_table(rows: list[ScenarioSummary], names: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*_CSV_FIELDS, *("'" + n if n.startswith(_FORMULA) else n for n in names)])
    for s in rows:
        writer.writerow([s.scenario, s.n, round(s.median_competence, 4),
                         round(s.median_caring, 4), round(s.spread, 4),
                         *(round(s.shares[r], 4) for r in REGION_KEYS)])
    return out.getvalue()
