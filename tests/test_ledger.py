"""The promise ledger: each week moves the manager on the grid, and broken promises cost more."""

from pathlib import Path

import pytest

from trustgrid.data import DEFAULT_DATA, load_course
from trustgrid.errors import DataError
from trustgrid.grid import OTHERS, YOU
from trustgrid.ledger_figures import TRAIL
from trustgrid.ledger_model import LedgerData, cost_words, ledger_of, summary, track
from trustgrid.model import Placement
from trustgrid.notebook import Session
from trustgrid.widgets.answers import WITHHELD_TEXT
from trustgrid.widgets.ledger import ModelAnswer, PromiseLedger
from trustgrid.work import WorkStore


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path))
    return WorkStore(tmp_path)


@pytest.fixture
def session(store):
    return Session("02_keeping_your_word", store=store)


def small_ledger(**changes) -> LedgerData:
    """Four weeks from (6, 4): easy to check by hand."""
    values = {"name": "Sam <b>", "role": "a ward manager", "intro": "New to the ward & keen.",
              "start": Placement(6, 4), "gain_competence": 0.1, "gain_caring": 0.5,
              "asymmetry": 2, "model_answer": "Keep <them>.",
              "promises": ("Fix the <i>rota</i>", "Order gloves", "Book training", "Call back"),
              "outcomes": ("kept", "kept", "broken", "kept")}
    values.update(changes)
    return LedgerData(**values)


def test_the_model_adds_gains_and_takes_away_gain_times_asymmetry():
    ledger = small_ledger()
    result = track(ledger, ledger.outcomes, 2)
    assert [(p.competence, p.caring) for p in result.points] == [
        (6, 4), (6.1, 4.5), (6.2, 5.0), (6.0, 4.0), (6.1, 4.5)]
    assert result.stops == ()
    # sums of tenths land exactly on the threshold, so the region is right
    assert result.points[2].caring == 5.0


def test_undecided_weeks_change_nothing():
    result = track(small_ledger(), ["kept", None, None, "broken"], 3)
    assert [(p.competence, p.caring) for p in result.points] == [
        (6, 4), (6.1, 4.5), (6.1, 4.5), (6.1, 4.5), (5.8, 3.0)]


def test_scores_stop_at_the_ends_of_the_scale_and_the_words_say_so(good_course):
    ledger = small_ledger(start=Placement(9.95, 1), outcomes=("broken", "broken", "kept", "kept"))
    result = track(ledger, ledger.outcomes, 5)
    assert all(0 <= p.caring <= 10 and 0 <= p.competence <= 10 for p in result.points)
    assert result.points[1].caring == 0 and result.points[2].caring == 0
    assert result.stops == (("Caring stopped at 0, the bottom of the scale, in weeks 1 and 2: "
                             "scores run from 0 to 10, so those steps were cut short."),)
    up = track(ledger, ["kept"] * 4, 1)
    assert up.points[1].competence == 10
    assert "Competence stopped at 10, the top of the scale, in weeks 1, 2, 3 and 4" in up.stops[0]
    assert "cut short" in summary(good_course.regions, ledger, up)


def test_story_summary_for_the_course_data(session):
    ledger = ledger_of(session.course)
    assert len(ledger.promises) == 12
    regions = session.course.regions
    assert summary(regions, ledger, track(ledger, ledger.outcomes, ledger.asymmetry)).startswith(
        "After 12 weeks: competence 6, caring 4 — Respect. 9 promises kept, 3 broken;")
    assert cost_words(ledger.asymmetry) == "costs 3 times as much as a kept one gains"
    assert cost_words(1) == "costs the same as a kept one gains"
    assert "— Trust." in summary(regions, ledger, track(ledger, ledger.outcomes, 1))


def test_toggling_a_week_moves_the_point_and_changes_the_words(session):
    activity = session.ledger()
    fig, line = activity.figure, activity.timeline
    assert (fig.data[YOU].x, fig.data[YOU].y) == ((6.0,), (4.0,))
    assert "9 promises kept, 3 broken" in activity.readout.html
    assert "<strong>Respect</strong>" in activity.readout.html
    before_line = line.data[0].y

    activity.weeks[5].value = "kept"  # week 6, broken in the story
    assert (fig.data[YOU].x, fig.data[YOU].y) == ((6.4,), (5.6,))
    assert fig.data[TRAIL].y[6] == 6.4 and fig.data[OTHERS].y[6] == 6.4
    assert "10 promises kept, 2 broken" in activity.readout.html
    assert "<strong>Trust</strong>" in activity.readout.html
    assert "trust strength rose from 4 out of 10 to 5.6 out of 10" in activity.readout.html
    assert line.data[0].y != before_line and line.data[0].y[-1] == pytest.approx(5.6)
    assert line.data[0].marker.symbol[6] == "circle"
    assert "<td>6</td><td>Thursday" in activity.table.value and "<td>kept</td>" in activity.table.value


def test_a_higher_asymmetry_makes_broken_promises_cost_more(session):
    activity = session.ledger()
    ends = {}
    for cost in (1, 3, 5):
        activity.asymmetry.value = cost
        ends[cost] = activity.figure.data[YOU].y[0]
    assert ends[1] > ends[3] > ends[5]
    assert ends == {1: 6.4, 3: 4.0, 5: pytest.approx(1.6)}
    assert "caring 1.6 — Respect" in activity.readout.html
    assert "fell from 4 out of 10 to 1.6 out of 10" in activity.readout.html
    # only broken promises cost more: with none broken, the cost changes nothing
    activity.reset_button.click()
    for choice in activity.weeks:
        choice.value = "kept"
    at_5 = activity.figure.data[YOU].y[0]
    activity.asymmetry.value = 1
    assert activity.figure.data[YOU].y[0] == at_5 == 8.8


def test_the_slider_is_labelled_and_refuses_out_of_range(session):
    slider = session.ledger().asymmetry
    assert slider.label == "How much more a broken promise costs than a kept one gains"
    assert "Slovic, 1993" in slider.hint
    assert "Now a kept promise adds 0.4 to caring and a broken one takes away 1.2." in slider.hint
    assert (slider.min, slider.max, slider.value) == (1, 5, 3)
    slider.value = 4.5  # the hint follows the slider, in numbers
    assert "a broken one takes away 1.8." in slider.hint
    with pytest.raises(Exception, match="from 1 to 5"):
        slider.value = 6


def test_choices_and_slider_are_saved_and_restored(store):
    first = Session("02_keeping_your_word", store=store).ledger()
    first.weeks[0].value = "broken"
    first.asymmetry.value = 4.5
    again = Session("02_keeping_your_word", store=WorkStore(store.folder)).ledger()
    assert again.outcomes[0] == "broken" and again.asymmetry.value == 4.5
    assert again.figure.data[YOU].y == first.figure.data[YOU].y
    assert again.readout.html == first.readout.html
    # the story and the learner's own ledger are kept apart
    own = Session("02_keeping_your_word", store=WorkStore(store.folder)).ledger(mode="own")
    assert own.outcomes == [None] * 12


def test_reset_puts_the_story_back_and_saves(session):
    activity = session.ledger()
    activity.weeks[0].value = "broken"
    activity.reset_button.click()
    assert activity.outcomes == list(ledger_of(session.course).outcomes)
    assert session.answer("ledger:story")["outcomes"] == activity.outcomes
    assert "Every week is back as the story tells it." in activity.readout.html
    activity.weeks[0].value = "broken"  # the note goes with the next change
    assert "Every week is back" not in activity.readout.html


def test_own_mode_starts_undecided_and_counts_what_is_decided(session):
    activity = session.ledger(mode="own")
    assert activity.reset_button.description == "Clear my choices"
    assert "No weeks decided yet: Grace is still at competence 6, caring 4 — Respect." in activity.readout.html
    activity.weeks[0].value = "kept"
    activity.weeks[1].value = "broken"
    assert "1 promise kept, 1 broken, 10 not decided yet" in activity.readout.html
    assert activity.figure.data[OTHERS].marker.symbol[:3] == ("square", "circle", "x")
    saved = session.answer("ledger:own")["outcomes"]
    assert saved[:3] == ["kept", "broken", None]


def test_damaged_saved_choices_are_ignored(store):
    store.set("02_keeping_your_word", "ledger:story",
              {"outcomes": ["kept"] * 5, "asymmetry": 99, "revealed": "yes"})
    activity = Session("02_keeping_your_word", store=store).ledger()
    assert activity.outcomes[5] == "broken" and activity.asymmetry.value == 3


def test_model_answer_is_hidden_until_revealed_and_stays_revealed(store):
    answer = Session("ex02_promise_ledger_practice", store=store).ledger(mode="answer")
    assert isinstance(answer, ModelAnswer)
    assert answer.panel.html == "" and answer.button.description == "Reveal the model answer"
    answer.button.click()
    assert "Model answer." in answer.panel.html and "Ten kept promises add four" in answer.panel.html
    assert answer.button.disabled
    again = Session("ex02_promise_ledger_practice", store=WorkStore(store.folder)).ledger(mode="answer")
    assert again.revealed and "Ten kept promises add four" in again.panel.html
    # revealing in the exercise does not reveal it anywhere else
    assert not Session("other", store=WorkStore(store.folder)).ledger(mode="answer").revealed


def test_without_its_optional_model_answer_the_exercise_says_there_is_none(tmp_path):
    text = (DEFAULT_DATA / "ledger.yaml").read_text(encoding="utf-8")
    (tmp_path / "ledger.yaml").write_text(text[:text.index("model_answer:")], encoding="utf-8")
    box = Session("ex02_promise_ledger_practice", str(tmp_path)).ledger(mode="answer")
    assert box._reveal_withheld == WITHHELD_TEXT  # reveal.js draws it, and no Reveal button
    note = box.static_html()
    assert "role='alert'" not in note
    assert "no suggested answer in this edition" in note


def test_text_from_data_is_escaped(good_course):
    activity = PromiseLedger(good_course.regions, small_ledger())
    answer = ModelAnswer(small_ledger().model_answer, revealed=True)
    shown = activity.children[0].value + activity.table.value + answer.panel.html
    shown += "".join(row.children[0].value for row in activity.children[2].children[0].children[1:])
    assert "Sam &lt;b&gt;" in shown and "Fix the &lt;i&gt;rota&lt;/i&gt;" in shown
    assert "Keep &lt;them&gt;." in shown and "New to the ward &amp; keen." in shown
    assert "Sam <b>" not in shown and "<i>rota" not in shown and "<them>" not in shown
    assert "Sam &lt;b&gt;, week 4" in activity.figure.data[YOU].text[0]


def test_an_unknown_mode_is_refused(good_course, session):
    with pytest.raises(ValueError, match="mode must be one of story, own"):
        PromiseLedger(good_course.regions, small_ledger(), mode="mine")
    with pytest.raises(ValueError, match="mode must be one of story, own, answer; not 'mine'"):
        session.ledger(mode="mine")


def _bad_copy(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = (DEFAULT_DATA / "ledger.yaml").read_text(encoding="utf-8")
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    path = tmp_path / "ledger.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, line


def test_a_bad_ledger_file_names_the_line(tmp_path):
    path, line = _bad_copy(tmp_path, "    outcome: broken", "    outcome: maybe")
    with pytest.raises(DataError) as caught:
        load_course(tmp_path)
    assert str(caught.value) == (f"{path}:{line}: weeks[5].outcome: the text 'maybe' is not one of: "
                                 "kept, broken")
    box = Session("02_keeping_your_word", str(tmp_path)).ledger()
    assert "role='alert'" in box.value and f"ledger.yaml:{line}: weeks[5].outcome" in box.value


def test_a_start_off_the_scale_names_the_line(tmp_path):
    _path, line = _bad_copy(tmp_path, "  caring: 4\n", "  caring: 11\n")
    with pytest.raises(DataError, match=f"ledger.yaml:{line}: start.caring: 11 is more than the maximum of 10"):
        load_course(tmp_path)
