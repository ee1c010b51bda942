"""Claims the prose makes that the data can check, worked out with the course's own model.

What keeping your word moves is decided once (notebook 02, "What a kept promise moves", and
the comment at ``gain`` in data/ledger.yaml): a kept promise counts mostly as caring and a
little as competence; a broken one takes away from both. These tests take the numbers, weeks
and regions the words state and compute them with ``ledger_model.track`` and ``model.Regions``.
"""

import re

import nbformat
import pytest

from trustgrid.data import DEFAULT_DATA, load_course
from trustgrid.ledger_model import BROKEN, KEPT, ledger_of, track
from trustgrid.model import Placement

ROOT = DEFAULT_DATA.parent
COURSE = load_course(DEFAULT_DATA)
LEDGER = ledger_of(COURSE)
REGIONS = COURSE.regions
COUNTS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def markdown(path: str) -> str:
    nb = nbformat.read(ROOT / path, as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def flat(text: str) -> str:
    return " ".join(text.split())


NOTEBOOK_2 = flat(markdown("notebooks/02_keeping_your_word.ipynb"))
EXERCISE_2 = flat(markdown("exercises/02_promise_ledger_practice.ipynb"))
STORY = track(LEDGER, LEDGER.outcomes, LEDGER.asymmetry)


def after_kept(start: Placement, n: int) -> Placement:
    """Where someone stands after n kept promises, by the ledger's gains."""
    own = LEDGER.__class__(**{**LEDGER.__dict__, "start": start})
    return track(own, [KEPT] * n, LEDGER.asymmetry).points[-1]


def test_the_week_the_story_reaches_trust_is_the_ledgers():
    stated = re.search(r"By week (\d+) she had reached Trust", NOTEBOOK_2)
    assert stated, "notebook 02 should say which week Grace reaches Trust"
    first = next(week for week, p in enumerate(STORY.points) if REGIONS.of(p).key == "trust")
    assert int(stated.group(1)) == first


def test_the_week_of_the_storys_highest_trust_is_the_ledgers():
    stated = re.search(r"in week (\d+) she was at her highest", NOTEBOOK_2)
    assert stated
    values = STORY.strengths
    assert int(stated.group(1)) == values.index(max(values))


def test_the_story_ends_where_it_started_at_the_ledgers_cost():
    assert "By week 12 she was back where she started" in NOTEBOOK_2
    assert len(STORY.points) == 13 and STORY.points[-1] == STORY.points[0]


@pytest.mark.parametrize("text", [NOTEBOOK_2, EXERCISE_2], ids=["notebook 02", "exercise 02"])
def test_the_gains_the_pages_state_are_the_ledgers(text):
    stated = re.findall(r"adds ([\d.]+) to caring and ([\d.]+) to competence", text)
    assert stated
    for caring, competence in stated:
        assert (float(caring), float(competence)) == (LEDGER.gain_caring, LEDGER.gain_competence)


def test_the_cost_of_a_broken_promise_the_page_states_is_the_ledgers():
    cost, caring = re.search(r"At (\d+), a broken promise costs ([\d.]+) points of caring", NOTEBOOK_2).groups()
    assert float(caring) == pytest.approx(LEDGER.gain_caring * float(cost))


def test_the_one_rule_is_stated_once_and_matches_the_ledger():
    """Notebook 02 says a kept promise counts mostly as caring; the ledger's numbers agree."""
    assert NOTEBOOK_2.count("What a kept promise moves") == 1
    assert "a kept promise counts **mostly as caring**" in NOTEBOOK_2
    assert LEDGER.gain_caring > LEDGER.gain_competence > 0
    comment = (DEFAULT_DATA / "ledger.yaml").read_text(encoding="utf-8")
    assert "What keeping your word moves" in comment and "mostly as caring" in comment


def claim_texts() -> list[tuple[str, Placement, str]]:
    """(where, the suggested placement, the words) for every reasoning and facilitator row."""
    found = [(f"scenario {s.id}", s.suggested, flat(s.reasoning))
             for s in COURSE.scenarios.values() if s.reasoning]
    by_title = {f"{s.title} ({s.setting})": s for s in COURSE.scenarios.values()}
    guide = (ROOT / "facilitator" / "README.md").read_text(encoding="utf-8")
    for row in re.findall(r"^\| (.+?) \| [\d.]+, [\d.]+ \| .+? \| (.+?) \|$", guide, re.MULTILINE):
        if row[0] in by_title:
            found.append((f"facilitator row {row[0]}", by_title[row[0]].suggested, row[1]))
    return found


ACROSS = re.compile(r"\b(one|a|two|three|four|five) kept promises? (?:could|would) move \w+ across")
CARING_OVER = re.compile(r"\b(one|a|two|three|four|five) kept promises? (?:could|would) lift "
                         r"(?:her|his|their) caring over the line")


def test_claims_that_kept_promises_move_someone_across_hold_by_the_ledger():
    """'N kept promises could move her across': N is the fewest that reach Trust."""
    checked = 0
    for where, start, text in claim_texts():
        for word in ACROSS.findall(text):
            n = COUNTS[word]
            assert REGIONS.of(after_kept(start, n)).key == "trust", (
                f"{where}: {n} kept promise(s) from {start} leave them in "
                f"{REGIONS.of(after_kept(start, n)).name}, not Trust")
            assert REGIONS.of(after_kept(start, n - 1)).key != "trust", (
                f"{where}: fewer than {n} kept promises already reach Trust")
            checked += 1
    assert checked >= 2  # the phone system's reasoning and its facilitator row


def test_claims_that_kept_promises_lift_caring_over_the_line_hold_by_the_ledger():
    checked = 0
    for where, start, text in claim_texts():
        for word in CARING_OVER.findall(text):
            n = COUNTS[word]
            assert after_kept(start, n).caring >= REGIONS.threshold, where
            assert after_kept(start, n - 1).caring < REGIONS.threshold, where
            checked += 1
    assert checked >= 1  # the new matron


def test_one_kept_promise_does_not_move_someone_at_caring_4_5_across():
    """The case the issue found: the ledger's 0.4 leaves caring 4.5 at 4.9, under the line."""
    assert REGIONS.of(after_kept(Placement(7, 4.5), 1)).key == "respect"
    assert REGIONS.of(after_kept(Placement(7, 4.5), 2)).key == "trust"


def test_the_ledgers_model_answer_numbers_are_the_ledgers():
    answer = flat(LEDGER.model_answer)
    two_broken = [KEPT] * 10 + [BROKEN] * 2
    end = track(LEDGER, two_broken, 3).points[-1]
    assert not re.search(r"\d\s*[-+x=]\s*\d", answer), "the model answer is in words, not sums"
    caring, competence = re.search(
        r"ends with caring at ([\d.]+) and competence at ([\d.]+), which is Trust", answer).groups()
    assert (float(caring), float(competence)) == (pytest.approx(end.caring),
                                                   pytest.approx(end.competence))
    assert REGIONS.of(end).key == "trust"
    # "under half a point", "three times as much", "ten add four points, two take away more than two"
    assert LEDGER.gain_caring < 0.5 and LEDGER.asymmetry == 3
    assert 10 * LEDGER.gain_caring == pytest.approx(4)
    assert 2 * LEDGER.gain_caring * LEDGER.asymmetry > 2
    three = re.search(r"With three broken promises, caring ends at ([\d.]+)", answer).group(1)
    assert float(three) == pytest.approx(track(LEDGER, [KEPT] * 9 + [BROKEN] * 3, 3).points[-1].caring)
    at_4 = re.search(r"slider at 4: two broken promises leave caring at ([\d.]+)", answer).group(1)
    assert float(at_4) == pytest.approx(track(LEDGER, two_broken, 4).points[-1].caring)
    assert float(at_4) < REGIONS.threshold  # "just short of the line"


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", flat(text)) if s]


def model_texts() -> list[tuple[str, str]]:
    """Every text that explains a placement: reasonings, the case study, the model plan, quiz."""
    texts = [(f"scenario {s.id}", s.reasoning) for s in COURSE.scenarios.values() if s.reasoning]
    texts += [(f"case study {p['id']}", p["why"]) for p in COURSE.content["case_study"]["stakeholders"]
              if p.get("why")]
    texts += [(f"model plan {r['behaviour']}", r["why"])
              for r in COURSE.content["action_plan"]["model_plan"]["rows"]]
    texts += [(f"quiz {q['id']}", o["feedback"]) for q in COURSE.content["quiz"]["questions"]
              for o in q["options"]]
    return texts


def test_no_text_puts_a_promise_on_competence_alone():
    """A sentence that weighs a promise on competence names caring too, as the one rule does."""
    wrong = [f"{where}: {s}" for where, text in model_texts() for s in sentences(text)
             if re.search(r"\bpromis", s, re.IGNORECASE) and re.search(r"\bcompeten", s, re.IGNORECASE)
             and not re.search(r"\bcar(e|es|ing)\b", s, re.IGNORECASE)]
    assert wrong == []


def test_the_move_for_goodwill_is_work_delivered_not_a_kept_promise():
    """By the ledger a kept promise shows mostly caring, so for someone seen as caring but
    not yet as able to deliver (goodwill), the advice and the look back's answer are visible
    delivery: one piece of work on time, with a clear plan, not 'make a promise and keep it'."""
    assert LEDGER.gain_caring > LEDGER.gain_competence
    advice = " ".join(REGIONS.by_key["goodwill"].advice)
    assert not re.search(r"\bpromis", advice, re.IGNORECASE), advice
    assert "deliver one piece of work on time, with a clear plan" in advice.lower()
    question = next(q for page in COURSE.content["recall"]["recall"].values()
                    for q in page["questions"] if q["id"] == "goodwill_next_step")
    answer = question["options"][question["answer"]]
    right = flat(answer["text"] + " " + answer["feedback"])
    assert not re.search(r"\bpromis", right, re.IGNORECASE), right
    assert "deliver one piece of work on time, with a clear plan" in right.lower()
    wait = flat(question["options"][3]["feedback"])
    assert not re.search(r"\bpromis", wait, re.IGNORECASE), wait
