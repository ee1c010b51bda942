"""The action plan (notebook 05, exercise 05) and the Your work download/load activity."""

import datetime as dt
import html
from urllib.parse import unquote

import pytest
import yaml

from trustgrid.data import DEFAULT_DATA, load_course, validate_paths
from trustgrid.notebook import Session
from trustgrid.widgets import action_plan, your_work
from trustgrid.widgets.controls import TextBox
from trustgrid.work import WorkStore


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path))
    return Session("05_putting_it_to_use", store=WorkStore(tmp_path))


def fill(row, behaviour="keep_your_word", action="Write down every promise",
         when="After Monday's meeting", evidence="Nobody chases me"):
    row.behaviour.value = behaviour
    row.boxes["action"].value = action
    row.boxes["when"].value = when
    row.boxes["evidence"].value = evidence


def downloaded(plan_or_html) -> str:
    """The text inside a data: download link."""
    value = plan_or_html if isinstance(plan_or_html, str) else plan_or_html.download.value
    href = html.unescape(value.split("href='", 1)[1].split("'", 1)[0])
    prefix = "data:text/markdown;charset=utf-8,"
    assert href.startswith(prefix)
    return unquote(href[len(prefix):])


def test_three_rows_with_labelled_controls_from_data(session):
    plan = action_plan.build(session)
    assert len(plan.rows) == 3
    row = plan.rows[0]
    assert row.behaviour.description == "Which behaviour will you work on?"
    assert row.behaviour.options[0] == ("— choose —", "")
    assert ("Keep your promises", "keep_your_word") in row.behaviour.options
    assert len(row.behaviour.options) == 11
    assert all(isinstance(b, TextBox) for b in row.boxes.values())
    assert [b.label for b in row.boxes.values()] == [
        "What will you do?", "When?", "How will you know it worked?"]
    assert plan.progress() == "Your plan is empty. Choose a behaviour to start."
    assert "Nothing yet" in plan.summary.value


def test_choosing_a_behaviour_shows_its_meaning_and_an_example(session):
    row = action_plan.build(session).rows[0]
    assert row.about.html == ""
    row.behaviour.value = "tell_the_truth"
    assert "<strong>Be truthful, even when it&#x27;s hard:</strong>" in row.about.html
    assert "Share bad news with the team as soon as I know it" in row.about.html


def test_fields_update_the_summary_the_download_and_the_saved_work(session):
    plan = action_plan.build(session)
    fill(plan.rows[0])
    assert "<td>Keep your promises</td><td>Write down every promise</td>" in plan.summary.value
    assert "1 of 3 actions" in plan.summary.value
    assert session.answer("plan:1") == {"behaviour": "keep_your_word", "action": "Write down every promise",
                                        "when": "After Monday's meeting", "evidence": "Nobody chases me"}
    assert plan.status.html == "<p>Your plan has 1 action.</p>"
    plan.rows[1].boxes["when"].value = "Friday"
    assert session.answer("plan:2")["when"] == "Friday"
    assert plan.progress() == ("Your plan has 2 actions. Action 2 still needs: behaviour, "
                               "what I will do, how I will know.")
    text = downloaded(plan)
    assert text.startswith("# My action plan: Building Trust")
    assert "## 1. Keep your promises" in text
    assert "**When?**\n\nAfter Monday's meeting" in text
    assert "## 2. (behaviour not chosen yet)" in text
    assert "download='my-action-plan.md'" in plan.download.value


def test_learner_text_is_escaped_in_the_summary_and_the_link(session):
    plan = action_plan.build(session)
    fill(plan.rows[0], action="<script>alert('x')</script> & more", when="line one\nline two")
    assert "<script>" not in plan.summary.value
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in plan.summary.value
    assert "line one<br>line two" in plan.summary.value
    href = plan.download.value.split("href='", 1)[1].split("'", 1)[0]
    assert "<" not in href and "'" not in href and " " not in href
    assert "<script>alert('x')</script> & more" in downloaded(plan)


def test_a_new_session_restores_every_field(session, tmp_path):
    fill(action_plan.build(session).rows[2], behaviour="what_matters", action="Ask", when="Soon",
         evidence="I can name it")
    again = action_plan.build(Session("05_putting_it_to_use", store=WorkStore(tmp_path)))
    row = again.rows[2]
    assert row.behaviour.value == "what_matters"
    assert [b.value for b in row.boxes.values()] == ["Ask", "Soon", "I can name it"]
    assert "Learn what people care about" in row.about.html
    assert "<td>Learn what people care about</td>" in again.summary.value
    assert again.status.html == "<p>Your plan has 1 action.</p>"
    assert again.rows[0].is_empty()


def test_a_saved_behaviour_no_longer_in_the_course_keeps_the_words(session):
    session.save("plan:1", {"behaviour": "gone_now", "action": "Keep this", "when": 3})
    plan = action_plan.build(session)
    assert plan.rows[0].behaviour.value == ""
    assert plan.rows[0].boxes["action"].value == "Keep this"
    assert plan.rows[0].boxes["when"].value == ""
    assert "(gone_now) is no longer in the course" in plan.status.html


def test_the_exercise_starts_from_the_plan_in_notebook_5(session, tmp_path):
    fill(action_plan.build(session).rows[0])
    exercise = Session("05_action_plan_and_feedback", store=WorkStore(tmp_path))
    plan = action_plan.build(exercise, copy_from="05_putting_it_to_use")
    assert plan.rows[0].behaviour.value == "keep_your_word"
    assert "starts from the one you made before" in plan.status.html
    plan.rows[0].boxes["when"].value = "Tuesday"
    assert exercise.answer("plan:1")["when"] == "Tuesday"
    assert session.answer("plan:1")["when"] == "After Monday's meeting"  # the original is kept


def test_peer_feedback_questions_are_saved(session, tmp_path):
    box = action_plan.build(session, part="peer_feedback")
    first = box.children[0]
    assert first.label == "Could someone else tell, from your plan, exactly what you will do?"
    first.value = "They were unsure what 'soon' meant"
    assert session.answer("peer:clear_enough") == "They were unsure what 'soon' meant"
    again = action_plan.build(Session("05_putting_it_to_use", store=WorkStore(tmp_path)),
                              part="peer_feedback")
    assert again.children[0].value == "They were unsure what 'soon' meant"


def test_model_plan_stays_hidden_until_revealed(session, tmp_path):
    model = action_plan.build(session, part="model")
    assert model.panel.html == "" and not model.revealed
    model.button.click()
    assert "practice development nurse leading the bedside handover" in model.panel.html
    assert "<strong>Listen, then say back what you heard</strong>" in model.panel.html
    assert "<strong>Why it works:</strong>" in model.panel.html
    assert model.button.disabled
    again = action_plan.build(Session("05_putting_it_to_use", store=WorkStore(tmp_path)), part="model")
    assert again.revealed and "practice development nurse leading" in again.panel.html


def test_notebook_call_and_unknown_part(session):
    assert isinstance(session.action_plan(), action_plan.ActionPlan)
    with pytest.raises(ValueError, match="unknown part 'plans'"):
        action_plan.build(session, part="plans")


def test_unknown_behaviour_in_the_plan_file_is_reported_with_its_line(tmp_path):
    text = (DEFAULT_DATA / "action_plan.yaml").read_text(encoding="utf-8")
    text = text.replace("    - behaviour: tell_the_truth", "    - behaviour: tell_truth")
    (tmp_path / "action_plan.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("    - behaviour: tell_truth") + 1
    problems = [str(p) for p in validate_paths([tmp_path / "action_plan.yaml"])]
    assert problems == [(f"{tmp_path / 'action_plan.yaml'}:{line}: model_plan.rows[2].behaviour: "
                        f"no behaviour with id 'tell_truth' in {DEFAULT_DATA / 'behaviours.yaml'}")]


def test_a_course_with_its_own_behaviours_can_borrow_the_default_plan(good_course, tmp_path):
    session = Session("05", str(good_course.folder), store=WorkStore(tmp_path))
    plan = action_plan.build(session)
    titles = [label for label, _ in plan.rows[0].behaviour.options[1:]]
    assert titles == [b.title for b in good_course.behaviours.values()]
    plan.rows[0].behaviour.value = plan.rows[0].behaviour.options[1][1]
    assert "For example" not in plan.rows[0].about.html  # no example for this behaviour


def test_the_plan_data_covers_every_behaviour():
    course = load_course(DEFAULT_DATA)
    plan = yaml.safe_load((DEFAULT_DATA / "action_plan.yaml").read_text(encoding="utf-8"))
    assert set(plan["examples"]) == set(course.behaviours)


# --- Your work: download and load -------------------------------------------------------

def upload_value(data: bytes, name="my-building-trust-work.md"):
    """What the browser sends when a learner chooses a file."""
    return ({"name": name, "type": "text/markdown", "size": len(data), "content": memoryview(data),
             "last_modified": dt.datetime.now(dt.timezone.utc)},)


def test_download_then_load_round_trips_through_the_widgets(session, tmp_path):
    fill(action_plan.build(session).rows[0])
    session.save("reflect:putting_it_to_use", "Ask the night staff first")
    work = your_work.build(session)
    assert work.link.value == ""
    work.download_button.click()
    assert "download='my-building-trust-work.md'" in work.link.value
    # the plan's action, the day it was made (for its check-in) and the reflection
    assert "3 answers from 1 notebook" in work.download_status.html
    data = downloaded(work.link.value).encode("utf-8")
    assert b"Ask the night staff first" in data

    fresh_dir = tmp_path / "fresh"
    fresh = Session("05_putting_it_to_use", store=WorkStore(fresh_dir))
    loader = your_work.build(fresh)
    loader.upload.value = upload_value(data)
    assert "Loaded 3 answers from my-building-trust-work.md." in loader.load_status.html
    assert "Nothing was skipped." in loader.load_status.html
    assert loader.upload.value == ()
    restored = action_plan.build(Session("05_putting_it_to_use", store=WorkStore(fresh_dir)))
    assert restored.rows[0].behaviour.value == "keep_your_word"
    assert restored.rows[0].boxes["action"].value == "Write down every promise"
    assert fresh.answer("reflect:putting_it_to_use") == "Ask the night staff first"


def test_load_says_what_was_skipped(session):
    data = (b'{"format": "trustgrid-work", "version": 1, "answers": {"05_putting_it_to_use": '
            b'{"plan:1": {"behaviour": "keep_your_word"}, "   ": 1, "n": NaN}}}')
    work = your_work.build(session)
    work.upload.value = upload_value(data, name="work.json")
    assert "Loaded 1 answer from work.json." in work.load_status.html
    assert "These were skipped:" in work.load_status.html
    assert work.load_status.html.count("<li>") == 2


def test_a_file_that_is_not_saved_work_shows_one_line(session):
    work = your_work.build(session)
    work.upload.value = upload_value(b"# Shopping list\n\n- milk\n", name="list.md")
    assert work.load_status.html == (
        "<p style='color:#B00020'><strong>Nothing was loaded.</strong> list.md: this file holds no "
        "saved work (there is no ```json block in it)</p>")
    assert session.store.answers() == {}


def test_a_file_over_the_limit_is_refused_before_reading(session):
    from trustgrid.bundle import MAX_IMPORT_BYTES

    work = your_work.build(session)
    work.upload.value = upload_value(b"x" * (MAX_IMPORT_BYTES + 1), name="big.md")
    mb = MAX_IMPORT_BYTES // 2**20
    assert (f"Nothing was loaded.</strong> big.md: the file is {mb}.0 MB; the limit is {mb} MB"
            in work.load_status.html)
    assert "accept" in work.upload.keys and work.upload.accept == ".md,.json"


def test_notebook_opens_your_work_by_name(session):
    assert isinstance(session.activity("your_work"), your_work.YourWork)


def test_optional_rows_stay_hidden_until_wanted(session, tmp_path):
    plan = action_plan.build(session)
    assert plan.visible_rows() == 1 and plan.add_button.layout.display is None
    plan.add_button.click()
    assert plan.visible_rows() == 2
    assert "Action 2 added below action 1: it joins your plan once you fill it in." in plan.status.html
    assert "Your plan is empty" in plan.status.html
    plan.rows[1].boxes["action"].value = "Thank people in private"
    plan.add_button.click()
    assert plan.visible_rows() == 3 and plan.add_button.layout.display == "none"
    again = action_plan.build(Session("05_putting_it_to_use", store=WorkStore(tmp_path)))
    assert again.visible_rows() == 2  # a row with words in it is always shown
