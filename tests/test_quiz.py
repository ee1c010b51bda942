"""The recap quiz (notebook 06): feedback per option, a running score, links back for misses."""

import json
import re

import pytest
import yaml

from trustgrid.data import DEFAULT_DATA, validate_paths
from trustgrid.notebook import Session
from trustgrid.widgets import quiz as quiz_module
from trustgrid.work import WorkStore

QUIZ = yaml.safe_load((DEFAULT_DATA / "quiz.yaml").read_text(encoding="utf-8"))
GUIDE_PARTS = {"what_is_trust", "the_grid", "list_1", "list_2", "when_it_works_best",
               "how_to_use_it", "other_tools"}


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path))
    return Session("06_recap_quiz", store=WorkStore(tmp_path))


@pytest.fixture
def quiz(session):
    return quiz_module.build(session)


def wrong(question) -> int:
    return next(i for i in range(len(question.item["options"])) if i != question.item["answer"])


def test_the_question_bank_covers_every_part_of_the_guide():
    assert len(QUIZ["questions"]) >= 12
    assert {q["guide"] for q in QUIZ["questions"]} - {"course_model"} == GUIDE_PARTS
    assert all(3 <= len(q["options"]) <= 4 for q in QUIZ["questions"])
    answers = [q["answer"] for q in QUIZ["questions"]]
    assert len(set(answers)) >= 3, "the right answer should not always be in the same place"


def test_summary_counts_questions_notebooks_and_guide_parts(session):
    assert quiz_module.summary(session) == (
        f"{len(QUIZ['questions'])} questions across 5 notebooks, covering 7 parts of the guide.")


def test_the_weaker_score_rule_is_tagged_as_the_courses_model_not_the_guides():
    """The guide says trust needs both; that the weaker score limits it is the course's rule."""
    by_id = {q["id"]: q for q in QUIZ["questions"]}
    assert by_id["weaker_limits"]["guide"] == "course_model"
    tagged = [q["id"] for q in QUIZ["questions"] if q["guide"] == "course_model"]
    assert tagged == ["weaker_limits"]
    right = by_id["weaker_limits"]["options"][by_id["weaker_limits"]["answer"]]["feedback"]
    assert "course's model" in right and "not a finding of the guide" in right
    # a question on the course's own model is not counted as a part of the guide
    others = [q for q in QUIZ["questions"] if q["guide"] != "course_model"]
    assert len({q["guide"] for q in others}) == 7


def test_the_schema_allows_the_course_model_tag_and_no_other_new_one():
    schema = json.loads((DEFAULT_DATA / "schema" / "quiz.schema.json").read_text(encoding="utf-8"))
    tags = schema["properties"]["questions"]["items"]["properties"]["guide"]["enum"]
    assert set(tags) == GUIDE_PARTS | {"course_model"}


def test_choosing_an_option_gives_its_feedback_and_the_score(quiz):
    first = quiz.questions[0]
    assert first.feedback.html == ""
    right = first.item["answer"]
    first.choice.value = right
    assert "✓ Correct." in first.feedback.html
    assert first.item["options"][right]["feedback"].split(".")[0] in first.feedback.html
    assert f"Score: 1 out of {len(quiz.questions)}. You have answered 1 of" in first.feedback.html

    second = quiz.questions[1]
    second.choice.value = wrong(second)
    feedback = second.item["options"][wrong(second)]["feedback"]
    assert "✗ Not the best answer." in second.feedback.html
    assert feedback[:40] in second.feedback.html
    assert "Score: 1 out of" in second.feedback.html and "answered 2 of" in second.feedback.html


def test_only_the_first_answer_counts_but_every_option_has_feedback(quiz):
    question = quiz.questions[1]
    question.choice.value = wrong(question)
    question.choice.value = question.item["answer"]
    assert "✓ Correct." in question.feedback.html
    assert "Your first answer, which was not right, is the one that counts" in question.feedback.html
    assert quiz.score == 0


def test_a_miss_links_back_to_its_section(quiz):
    question = next(q for q in quiz.questions if q.item["section"] == "03_good_working_relationships")
    question.choice.value = wrong(question)
    assert ("Revisit <a href='../notebooks/03_good_working_relationships.ipynb' target='_blank' "
            "rel='noopener'>3. Good working relationships</a>") in quiz.result.value
    assert f"Question {question.number}:" in quiz.result.value
    assert "1 question missed so far" in quiz.result.value


def test_finishing_shows_the_result_and_every_miss(quiz):
    for i, question in enumerate(quiz.questions):
        question.choice.value = question.item["answer"] if i % 4 else wrong(question)
    total, missed = len(quiz.questions), len(range(0, len(quiz.questions), 4))
    assert f"Your result: {total - missed} out of {total}." in quiz.result.value
    assert quiz.result.value.count("<li>") == missed
    assert "../notebooks/01_what_is_trust.ipynb" in quiz.result.value


def test_all_right_says_well_done(quiz):
    for question in quiz.questions:
        question.choice.value = question.item["answer"]
    assert f"Your result: {len(quiz.questions)} out of {len(quiz.questions)}." in quiz.result.value
    assert "you got every question right first time" in quiz.result.value


def test_answers_are_saved_and_restored(quiz, session, tmp_path):
    q0, q1 = quiz.questions[0], quiz.questions[1]
    q0.choice.value = wrong(q0)
    q0.choice.value = q0.item["answer"]
    q1.choice.value = q1.item["answer"]
    assert session.answer(f"quiz:{q0.item['id']}") == {"first": wrong(q0), "chosen": q0.item["answer"]}
    again = quiz_module.build(Session("06_recap_quiz", store=WorkStore(tmp_path)))
    r0 = again.questions[0]
    assert (r0.first, r0.choice.value) == (wrong(q0), q0.item["answer"])
    assert "Your first answer, which was not right" in r0.feedback.html
    assert again.score == 1
    assert again.missed() == [r0]
    assert "Revisit <a href='../notebooks/01_what_is_trust.ipynb'" in again.result.value


def test_a_saved_answer_that_no_longer_fits_is_ignored(session):
    first_id = QUIZ["questions"][0]["id"]
    session.save(f"quiz:{first_id}", {"first": 9, "chosen": 0})
    session.save(f"quiz:{QUIZ['questions'][1]['id']}", "not a dict")
    quiz = quiz_module.build(session)
    assert not quiz.questions[0].answered and quiz.questions[0].choice.value is None
    assert not quiz.questions[1].answered


def test_start_again_clears_the_answers_everywhere(quiz, session, tmp_path):
    for question in quiz.questions[:3]:
        question.choice.value = question.item["answer"]
    quiz.restart.click()
    assert quiz.score == 0 and all(q.choice.value is None for q in quiz.questions)
    assert all(q.feedback.html == "" for q in quiz.questions)
    assert "will appear here as you answer" in quiz.result.value
    again = quiz_module.build(Session("06_recap_quiz", store=WorkStore(tmp_path)))
    assert not any(q.answered for q in again.questions)
    quiz.questions[0].choice.value = wrong(quiz.questions[0])  # answering works again afterwards
    assert quiz.questions[0].answered and quiz.missed() == [quiz.questions[0]]


def test_text_from_data_is_escaped(tmp_path):
    text = (DEFAULT_DATA / "quiz.yaml").read_text(encoding="utf-8")
    text = text.replace("question: What two things do people need to believe about you before they will trust you?",
                        "question: Is <b>this</b> & that safe?")
    (tmp_path / "quiz.yaml").write_text(text, encoding="utf-8")
    course = Session("06_recap_quiz", str(tmp_path), store=WorkStore(tmp_path / "work"))
    quiz = quiz_module.build(course)
    header = quiz.questions[0].children[0].value
    assert "Is &lt;b&gt;this&lt;/b&gt; &amp; that safe?" in header and "<b>" not in header


def out_of_range(tmp_path):
    text = (DEFAULT_DATA / "quiz.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    first = lines.index("    answer: 1")  # the first question's answer line
    lines[first] = "    answer: 4"
    path = tmp_path / "quiz.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, first + 1


def test_an_answer_out_of_range_is_a_data_error_naming_file_and_line(tmp_path):
    path, line = out_of_range(tmp_path)
    expected = (f"{path}:{line}: questions[0].answer: there is no option 4: the 4 options "
                "count from 0, so use 0 to 3")
    assert [str(p) for p in validate_paths([path])] == [expected]


def test_an_answer_out_of_range_shows_an_error_box_in_the_notebook(tmp_path):
    _path, line = out_of_range(tmp_path)
    box = Session("06_recap_quiz", str(tmp_path), store=WorkStore(tmp_path / "work")).quiz()
    assert "role='alert'" in box.value and f"quiz.yaml:{line}: questions[0].answer" in box.value


def test_a_question_naming_an_unknown_section_is_caught(tmp_path):
    text = (DEFAULT_DATA / "quiz.yaml").read_text(encoding="utf-8")
    text = text.replace("    section: 05_putting_it_to_use", "    section: 05_put_to_use", 1)
    path = tmp_path / "quiz.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    section: 05_put_to_use") + 1
    [problem] = validate_paths([path])
    assert re.fullmatch(rf".*quiz.yaml:{line}: questions\[\d+\].section: no section with id "
                        r"'05_put_to_use' in this file's sections", str(problem))


def test_the_default_quiz_passes_the_check():
    assert validate_paths([DEFAULT_DATA / "quiz.yaml"]) == []
