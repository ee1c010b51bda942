"""How long does the facilitator's dashboard take to read and summarise a large group?

Writes 200 participants x 20 scenarios of response files into a temporary folder, then
times load_responses + summarise (best of 5) against the 1-second budget.
Run: python benchmarks/aggregate.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trustgrid.summary import summarise
from trustgrid.workshop import load_responses, write_response

PARTICIPANTS, SCENARIOS, REPEATS, BUDGET = 200, 20, 5, 1.0


def make_folder(folder: Path) -> None:
    rng = random.Random(1)
    scenarios = [f"scenario_{i:02d}" for i in range(SCENARIOS)]
    for p in range(PARTICIPANTS):
        placements = {s: (round(rng.uniform(0, 10), 1), round(rng.uniform(0, 10), 1))
                      for s in scenarios}
        write_response(folder, f"Participant {p}", placements)


def best_time(folder: Path) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        responses, skipped = load_responses(folder)
        summaries = summarise(responses)
        times.append(time.perf_counter() - start)
        assert len(responses) == PARTICIPANTS and not skipped and len(summaries) == SCENARIOS
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_folder(folder)
        best = best_time(folder)
    print(f"load_responses + summarise, {PARTICIPANTS} participants x {SCENARIOS} scenarios: "
          f"{best * 1000:.1f} ms (best of {REPEATS}); {best / BUDGET:.3f} of the 1 s budget")


if __name__ == "__main__":
    main()
