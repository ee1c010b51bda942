"""Retrieval and transfer: the quiz and exercise 3 use all ten behaviours, and every page ends
with its key points."""

import json
import re
import shutil

import pytest
import yaml

from trustgrid.data import DEFAULT_DATA, validate_paths

from .conftest import ROOT

BEHAVIOURS = [b["id"] for b in yaml.safe_load(
    (DEFAULT_DATA / "behaviours.yaml").read_text(encoding="utf-8"))["behaviours"]]
QUIZ = yaml.safe_load((DEFAULT_DATA / "quiz.yaml").read_text(encoding="utf-8"))["questions"]
DIALOGUES = yaml.safe_load((DEFAULT_DATA / "dialogues.yaml").read_text(encoding="utf-8"))["dialogues"]
PAGES = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))
# Headings that may follow a page's key points: its reflection and the way on.
CLOSING = {"Reflect", "Look back at your warm-up", "References", "Next", "Back to the start"}


def test_every_question_says_which_behaviours_it_tests():
    assert all("behaviours" in q for q in QUIZ), [q["id"] for q in QUIZ if "behaviours" not in q]
    unknown = {b for q in QUIZ for b in q["behaviours"]} - set(BEHAVIOURS)
    assert not unknown


@pytest.mark.parametrize("behaviour", BEHAVIOURS)
def test_every_behaviour_has_a_quiz_question(behaviour):
    assert any(behaviour in q["behaviours"] for q in QUIZ), f"no quiz question tests {behaviour}"


def test_a_question_on_a_behaviour_has_a_wrong_option_for_each_right_one():
    for q in (q for q in QUIZ if q["behaviours"]):
        assert len(q["options"]) >= 3, q["id"]
        assert q["options"][q["answer"]]["feedback"].startswith("Yes."), q["id"]
        wrong = [o for i, o in enumerate(q["options"]) if i != q["answer"]]
        assert all(o["feedback"].startswith(("Not quite.", "No.")) for o in wrong), q["id"]


def test_an_unknown_behaviour_in_the_quiz_is_a_data_error(tmp_path):
    for name in ("quiz", "behaviours"):
        shutil.copy(DEFAULT_DATA / f"{name}.yaml", tmp_path / f"{name}.yaml")
    quiz = tmp_path / "quiz.yaml"
    text = re.sub(r"^    behaviours: .*\n", "", quiz.read_text(encoding="utf-8"), flags=re.MULTILINE)
    quiz.write_text(re.sub(r"^(    guide: .*\n)", r"\1    behaviours: [keep_your_wrod]\n", text,
                           count=1, flags=re.MULTILINE), encoding="utf-8")
    problems = [str(p) for p in validate_paths([quiz, tmp_path / "behaviours.yaml"])]
    assert len(problems) == 1
    assert "questions[0].behaviours[0]" in problems[0]
    assert "no behaviour with id 'keep_your_wrod'" in problems[0]


@pytest.mark.parametrize("behaviour", BEHAVIOURS)
def test_every_behaviour_is_the_answer_to_a_dialogue(behaviour):
    assert any(d["answer"] == behaviour for d in DIALOGUES), f"no dialogue's answer is {behaviour}"


def test_every_dialogue_has_near_misses_and_a_model_answer():
    for item in DIALOGUES:
        assert 2 <= len(item["lines"]) <= 4, item["id"]
        assert item.get("model_answer"), item["id"]
        misses = [m["id"] for m in item.get("near_misses", [])]
        assert len(misses) >= 2 and item["answer"] not in misses, item["id"]


def _headings(page) -> list[tuple[str, str]]:
    """(heading, the text under it) for each heading of the page's markdown cells, in order."""
    cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
    text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    parts = re.split(r"^#{1,3} (.+)$", text, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2]))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_page_ends_with_its_key_points(page):
    headings = _headings(page)
    titles = [h for h, _ in headings]
    assert titles.count("Key points") == 1, f"{page.name} has no Key points"
    at = titles.index("Key points")
    assert set(titles[at + 1:]) <= CLOSING, f"{page.name}: {titles[at + 1:]} after the key points"
    bullets = re.findall(r"^- ", headings[at][1], flags=re.MULTILINE)
    assert 3 <= len(bullets) <= 5, f"{page.name}: {len(bullets)} key points"
