"""The self-assessment: ten sliders, a radar chart and words that follow them, saved as they move."""

import html

import pytest

from trustgrid.notebook import Session
from trustgrid.widgets.self_assessment import SelfAssessment, lowest_two, wrap_label
from trustgrid.work import WorkStore


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path))
    return WorkStore(tmp_path)


@pytest.fixture
def activity(store):
    return Session("test", store=store).self_assessment()


def test_one_slider_per_behaviour_from_1_to_5_with_names(activity):
    behaviours = list(activity.session.course.behaviours.values())
    assert isinstance(activity, SelfAssessment)
    assert list(activity.sliders) == [b.id for b in behaviours]
    for b in behaviours:
        slider = activity.sliders[b.id]
        assert (slider.min, slider.max, slider.step, slider.value) == (1, 5, 1, 3)
        assert slider.label == b.title
        assert slider.hint == "1 = rarely, 5 = almost always"
    with pytest.raises(Exception, match="must be from 1 to 5"):
        activity.sliders["tell_the_truth"].value = 6


def test_the_radar_is_one_closed_trace_labelled_with_wrapped_titles(activity):
    fig = activity.figure
    assert len(fig.data) == 1 and fig.data[0].type == "scatterpolar"
    trace = fig.data[0]
    assert len(trace.r) == 11 and trace.r[0] == trace.r[-1]
    assert trace.theta[0] == trace.theta[-1]
    assert trace.theta[1] == "Listen, then say<br>back what you<br>heard"
    assert all(len(html.unescape(line)) <= 16
               for label in trace.theta for line in label.split("<br>"))
    assert fig.layout.polar.radialaxis.range == (0, 5)


def test_a_slider_changes_the_chart_the_description_and_the_two_to_work_on(activity):
    before = activity.feedback.html
    assert "Keep your promises (taught in notebook 02) and Listen, then say back" in before
    assert "All your scores are the same" in before

    activity.sliders["honest_shortcomings"].value = 1
    activity.sliders["tell_the_truth"].value = 2
    trace = activity.figure.data[0]
    assert trace.r == (3, 3, 3, 3, 3, 3, 3, 1, 3, 2, 3)
    words = activity.feedback.html
    assert words != before
    assert ("Your two to work on first:</strong> Own up to your limits (taught in notebook 03) "
            "and Be truthful, even when it&#x27;s hard (notebook 03).") in words
    assert "Hiding a gap costs more trust than admitting it." in words
    assert "All your scores are the same" not in words
    assert "<li>Own up to your limits: 1 out of 5</li>" in activity.description.value
    assert trace.marker.color[7] != trace.marker.color[0]  # the two to work on stand out


def test_ties_go_to_the_behaviour_listed_first(activity):
    behaviours = list(activity.session.course.behaviours.values())
    scores = {b.id: 4 for b in behaviours}
    scores["best_interests"] = scores["values_and_beliefs"] = scores["tell_the_truth"] = 2
    assert [b.id for b in lowest_two(behaviours, scores)] == ["best_interests", "values_and_beliefs"]
    for bid in ("best_interests", "values_and_beliefs", "tell_the_truth"):
        activity.sliders[bid].value = 2
    assert "Look out for their interests (taught in notebook 02)" in activity.feedback.html
    assert "share the same score" in activity.feedback.html


def test_scores_are_saved_and_come_back_in_a_new_session(store):
    first = Session("test", store=store).self_assessment()
    first.sliders["talk_and_listen"].value = 5
    first.sliders["respect_their_way"].value = 1
    saved = Session("test", store=store).answer("scores")
    assert saved["talk_and_listen"] == 5 and saved["respect_their_way"] == 1
    again = Session("test", store=store).self_assessment()
    assert again.sliders["talk_and_listen"].value == 5
    assert again.sliders["respect_their_way"].value == 1
    assert again.figure.data[0].r[4:6] == (5, 1)
    assert "Show respect that fits the person (taught in notebook 03)" in again.feedback.html


def test_damaged_saved_scores_start_again_at_the_middle(store):
    session = Session("test", store=store)
    session.save("scores", {"talk_and_listen": 9, "tell_the_truth": "high", "keep_your_word": 2,
                            "best_interests": True, "what_matters": 2.5})
    activity = session.self_assessment()
    values = {bid: s.value for bid, s in activity.sliders.items()}
    assert values["keep_your_word"] == 2
    assert values["talk_and_listen"] == values["tell_the_truth"] == 3
    assert values["best_interests"] == values["what_matters"] == 3


def test_labels_are_escaped():
    assert wrap_label("Tea & <b>cake</b>") == "Tea &amp;<br>&lt;b&gt;cake&lt;/b&gt;"
