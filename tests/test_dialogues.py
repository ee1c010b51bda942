"""Spot the behaviour: every choice gets feedback in words; the model answer waits for Reveal."""

import pytest

from trustgrid.data import load_course
from trustgrid.errors import DataError
from trustgrid.notebook import Session
from trustgrid.widgets.answers import WITHHELD_TEXT
from trustgrid.widgets.dialogues import Dialogues, check_ids, feedback_for
from trustgrid.work import WorkStore


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path))
    return WorkStore(tmp_path)


def test_the_course_has_at_least_five_dialogues_naming_real_behaviours():
    course = load_course()
    items = course.content["dialogues"]["dialogues"]
    assert len(items) >= 5
    check_ids(course, items)  # raises if any id is unknown
    for item in items:
        for behaviour in course.behaviours.values():  # every option gets words back
            assert feedback_for(item, behaviour, course.behaviours).strip()


def test_picking_gives_feedback_and_reveal_shows_the_model_answer(store):
    widget = Session("test", store=store).activity("dialogues")
    assert isinstance(widget, Dialogues)
    first = widget.items[0]
    assert len(first.choices.options) == 10 and first.choices.value is None
    assert first.feedback.html == "" and first.reveal_box.panel.html == ""
    assert "Ward manager:" in first.header.value

    first.choices.value = "talk_and_listen"  # a near miss has its own words
    assert "the way Dev is thanked" in first.feedback.html
    first.choices.value = "keep_your_word"  # any other choice is answered from its description
    assert "<strong>Not this one.</strong> Keep your promises means:" in first.feedback.html
    first.choices.value = "respect_their_way"
    assert "<strong>Yes.</strong>" in first.feedback.html and "here it is broken" in first.feedback.html
    assert first.reveal_box.panel.html == ""
    assert f"answered 1 of {len(widget.items)} dialogues; 1 answer matches" in widget.progress.html

    first.reveal_button.click()
    assert "Model answer: Show respect that fits the person, broken" in first.reveal_box.panel.html
    assert "a quiet word, or a note" in first.reveal_box.panel.html
    assert first.reveal_button.disabled


def test_choices_and_reveals_are_saved_and_restored(store):
    widget = Session("test", store=store).activity("dialogues")
    widget.items[1].choices.value = "tell_the_truth"
    widget.items[2].reveal_button.click()
    saved = Session("test", store=store).answer("dialogues")
    assert saved["new_system_admission"] == {"choice": "tell_the_truth", "revealed": False}
    assert saved["just_trust_me_mate"] == {"choice": None, "revealed": True}
    again = Session("test", store=store).activity("dialogues")
    assert again.items[1].choices.value == "tell_the_truth"
    assert "Her own gap in skill" in again.items[1].feedback.html
    assert again.items[2].revealed and "Kerry leans on" in again.items[2].reveal_box.panel.html
    assert f"answered 1 of {len(again.items)} dialogues; 0 answers match" in again.progress.html


def test_an_unknown_behaviour_id_is_a_visible_data_error(tmp_path, store):
    course = load_course()
    item = dict(course.content["dialogues"]["dialogues"][0], answer="no_such_behaviour")
    with pytest.raises(DataError, match="dialogues\\[0\\].answer: no behaviour with id"):
        check_ids(course, [item])


def test_a_learner_edition_has_no_model_answers_to_reveal(store):
    import dataclasses

    from trustgrid.kinds import without_model_answers

    session = Session("test", store=store)
    content = dict(session.course.content)
    content["course"] = {**content.get("course", {}), "edition": "learner"}
    content["dialogues"] = without_model_answers("dialogues", content["dialogues"])
    session.course = dataclasses.replace(session.course, content=content)
    widget = session.activity("dialogues")
    first = widget.items[0]
    # reveal.js draws the note instead of the button (the browser tests see it drawn).
    assert first.reveal_box._reveal_withheld == WITHHELD_TEXT
    assert "no suggested answer in this edition" in first.reveal_box.static_html()
    first.choices.value = "respect_their_way"
    assert "<strong>Yes.</strong>" in first.feedback.html
    assert "Show model answer" not in first.feedback.html
