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


# --- the look back at the top of notebooks 2 to 5 (data/recall.yaml) ----------------------

RECALL = yaml.safe_load((DEFAULT_DATA / "recall.yaml").read_text(encoding="utf-8"))["recall"]
ORDER = list(yaml.safe_load((DEFAULT_DATA / "course.yaml").read_text(encoding="utf-8"))["notebooks"])
LOOKS_BACK = ["02_keeping_your_word", "03_good_working_relationships",
              "04_trust_when_you_lead_change", "05_putting_it_to_use"]


def test_notebooks_2_to_5_each_look_back_on_the_notebook_before_with_two_questions():
    assert sorted(RECALL) == LOOKS_BACK
    for notebook in LOOKS_BACK:
        assert RECALL[notebook]["recalls"] == ORDER[ORDER.index(notebook) - 1], notebook
        assert len(RECALL[notebook]["questions"]) == 2, notebook


def test_a_look_back_question_has_plausible_wrong_options_and_feedback_on_each():
    quiz_texts = {q["question"] for q in QUIZ}
    for entry in RECALL.values():
        for q in entry["questions"]:
            assert 3 <= len(q["options"]) <= 4, q["id"]
            assert q["options"][q["answer"]]["feedback"].startswith("Yes."), q["id"]
            wrong = [o for i, o in enumerate(q["options"]) if i != q["answer"]]
            assert all(o["feedback"].startswith(("Not quite.", "No.")) for o in wrong), q["id"]
            assert q["question"] not in quiz_texts, f"{q['id']} copies a recap quiz question"
            assert set(q["behaviours"]) <= set(BEHAVIOURS), q["id"]
    answers = [q["answer"] for e in RECALL.values() for q in e["questions"]]
    assert len(set(answers)) >= 3, "the right answer should not always be in the same place"


def test_the_weaker_score_rule_is_tagged_as_the_courses_own_in_the_look_back_too():
    for q in (q for e in RECALL.values() for q in e["questions"]):
        right = q["options"][q["answer"]]["feedback"]
        if "weaker" in right:
            assert q["guide"] == "course_model" and "course's" in right, q["id"]


@pytest.fixture
def recall_session(tmp_path):
    from trustgrid.notebook import Session
    from trustgrid.work import WorkStore

    def make(notebook="03_good_working_relationships", data=None):
        return Session(notebook, data, store=WorkStore(tmp_path / "work"))
    return make


def _wrong(question) -> int:
    return next(i for i in range(len(question.item["options"])) if i != question.item["answer"])


def test_the_look_back_shows_this_notebooks_questions_and_gives_feedback(recall_session):
    from trustgrid.widgets.recall import Recall

    box = recall_session().recall()
    assert isinstance(box, Recall)
    asked = RECALL["03_good_working_relationships"]["questions"]
    assert [q.item["id"] for q in box.questions] == [q["id"] for q in asked]
    first, second = box.questions
    first.choice.value = _wrong(first)
    assert "Not the best answer." in first.feedback.html
    assert "counts for the score" not in first.feedback.html  # a look back keeps no score
    assert box.closing.html == ""  # nothing to say until every question is answered
    first.choice.value = first.item["answer"]
    assert "Correct." in first.feedback.html
    second.choice.value = second.item["answer"]
    assert "have another look at" in box.closing.html  # the first answer to one was wrong
    assert "02_keeping_your_word.ipynb" in box.closing.html and ">notebook 2</a>" in box.closing.html


def test_the_look_back_says_well_done_when_every_first_answer_was_right(recall_session):
    box = recall_session("05_putting_it_to_use").recall()
    for question in box.questions:
        question.choice.value = question.item["answer"]
    assert "Every answer right first time: notebook 4 has stayed with you" in box.closing.html


def test_look_back_answers_are_saved_and_come_back(recall_session):
    box = recall_session().recall()
    first, second = box.questions
    first.choice.value = _wrong(first)
    first.choice.value = first.item["answer"]
    second.choice.value = second.item["answer"]
    saved = recall_session().answer(f"recall:{first.item['id']}")
    assert saved == {"first": _wrong(first), "chosen": first.item["answer"]}
    again = recall_session().recall()
    assert [q.choice.value for q in again.questions] == [first.item["answer"], second.item["answer"]]
    assert [q.first for q in again.questions] == [_wrong(first), second.item["answer"]]
    assert "Correct." in again.questions[0].feedback.html
    assert again.closing.html == box.closing.html
    # each notebook keeps its own answers
    assert recall_session("02_keeping_your_word").answer(f"recall:{first.item['id']}") is None


def test_a_notebook_without_a_look_back_says_so_in_words(recall_session):
    box = recall_session("06_recap_quiz").recall()
    assert "role='alert'" in box.value
    assert "there are no look-back questions for &#x27;06_recap_quiz&#x27;" in box.value
    assert "02_keeping_your_word" in box.value


def test_the_learner_edition_keeps_the_look_backs_answers_and_feedback(recall_session, tmp_path):
    """Like the recap quiz, a look back's feedback is the practice itself, not a model answer
    for the group to discuss: a learner edition keeps it (and so no Reveal is withheld)."""
    from trustgrid.kinds import KINDS, without_model_answers

    assert KINDS["recall"].model_answers == ()
    data = yaml.safe_load((DEFAULT_DATA / "recall.yaml").read_text(encoding="utf-8"))
    assert without_model_answers("recall", data) == data
    folder = tmp_path / "learner"
    folder.mkdir()
    for name in ("recall", "course", "behaviours"):
        shutil.copy(DEFAULT_DATA / f"{name}.yaml", folder / f"{name}.yaml")
    course = folder / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8") + "edition: learner\n", encoding="utf-8")
    session = recall_session(data=str(folder))
    assert session.error is None and not session.course.has_model_answers
    question = session.recall().questions[0]
    question.choice.value = question.item["answer"]
    assert question.item["options"][question.item["answer"]]["feedback"] in question.feedback.html


def test_a_look_back_on_the_wrong_notebook_is_a_data_error_with_its_line(tmp_path):
    for name in ("recall", "course", "behaviours"):
        shutil.copy(DEFAULT_DATA / f"{name}.yaml", tmp_path / f"{name}.yaml")
    recall = tmp_path / "recall.yaml"
    text = recall.read_text(encoding="utf-8")
    recall.write_text(text.replace("recalls: 03_good_working_relationships",
                                   "recalls: 02_keeping_your_word"), encoding="utf-8")
    line = text.splitlines().index("    recalls: 03_good_working_relationships") + 1
    problems = [str(p) for p in validate_paths([recall])]
    assert problems == [(f"{recall}:{line}: recall.04_trust_when_you_lead_change.recalls: asks "
                         "about '02_keeping_your_word', but the notebook just before "
                         f"'04_trust_when_you_lead_change' in {tmp_path / 'course.yaml'} is "
                         "'03_good_working_relationships': a look back asks about that one")]


def test_a_course_that_reorders_its_notebooks_is_checked_against_its_own_map(tmp_path):
    for name in ("recall", "course", "behaviours"):
        shutil.copy(DEFAULT_DATA / f"{name}.yaml", tmp_path / f"{name}.yaml")
    course = tmp_path / "course.yaml"
    data = yaml.safe_load(course.read_text(encoding="utf-8"))
    pages = data["notebooks"]
    order = ["00_welcome", "01_what_is_trust", "03_good_working_relationships",
             "02_keeping_your_word", "04_trust_when_you_lead_change", "05_putting_it_to_use",
             "06_recap_quiz"]
    data["notebooks"] = {name: pages[name] for name in order}
    course.write_text("# yaml-language-server: $schema=schema/course.schema.json\n"
                      + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = [p.path for p in validate_paths([tmp_path / "recall.yaml"])]
    assert problems == [f"recall.{name}.recalls" for name in
                        ("02_keeping_your_word", "03_good_working_relationships",
                         "04_trust_when_you_lead_change")]


def _course_calls(source: str) -> list[str]:
    """The ``course.<method>`` each call in a code cell makes, in order."""
    import ast

    return [node.func.attr for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "course"]


@pytest.mark.parametrize("name", ORDER)
def test_notebooks_2_to_5_open_with_their_look_back_as_the_first_activity(name):
    cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells]
    calls = [(i, m) for i, (c, s) in enumerate(zip(cells, sources))
             if c["cell_type"] == "code" for m in _course_calls(s)]
    if name not in RECALL:
        assert "recall" not in [m for _, m in calls], f"{name} has no look back in recall.yaml"
        return
    started = next(i for i, s in enumerate(sources) if f'start("{name}"' in s)
    (first, method), *_ = calls
    assert method == "recall", f"{name}: the first activity is course.{method}(), not the look back"
    assert sources[first].strip() == "course.recall()"
    intro = cells[first - 1]
    assert first == started + 2 and intro["cell_type"] == "markdown", \
        f"{name}: the look back should follow the start cell, with a short introduction"
    assert sources[first - 1].startswith("## Look back")
    recalled = RECALL[name]["recalls"]
    assert f"notebook {int(recalled[:2])}" in sources[first - 1]


def test_on_paper_the_look_back_shows_its_questions_and_options_to_answer_with_a_pen(recall_session):
    import html

    from trustgrid.kinds import DRAWN, KINDS
    from trustgrid.static import to_html

    assert KINDS["recall"].static == DRAWN
    page = html.unescape(to_html(recall_session("04_trust_when_you_lead_change").recall()))
    for q in RECALL["04_trust_when_you_lead_change"]["questions"]:
        assert q["question"].strip() in page
        assert all(o["text"] in page for o in q["options"])
        assert not any(o["feedback"] in page for o in q["options"])  # feedback follows a choice
    assert "Correct." not in page and "have another look" not in page
