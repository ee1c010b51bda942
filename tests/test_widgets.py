import html

import ipywidgets as w
import pytest

from trustgrid.grid import SUGGESTED, YOU
from trustgrid.model import Placement
from trustgrid.notebook import Session
from trustgrid.widgets import ScenarioActivity
from trustgrid.widgets.answers import WITHHELD_TEXT, Reveal


def tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from tree(child)


@pytest.fixture
def activity(good_course):
    return ScenarioActivity(good_course, good_course.scenarios["lab_lead"])


def test_a_person_starts_unplaced_and_reveal_waits_for_the_learners_placement(activity):
    grid = activity.grid
    assert grid.placement is None and activity.placement is None
    assert grid.figure.data[YOU].x == () and grid.competence.unset and grid.caring.unset
    assert "The lab lead is not placed yet" in grid.readout
    assert "Respected" not in grid.readout and "Trusted" not in grid.readout
    assert activity.reveal_button.disabled
    hint = activity.reveal_box.panel
    assert "Place the lab lead with the sliders first" in hint.html and "tg-reveal-hint" in hint.html
    activity.reveal_button.click()  # refused, however it is asked
    activity.revealed = True
    assert not activity.revealed and "The suggested placement" not in activity.feedback.html
    assert activity.grid.figure.data[SUGGESTED].visible is False

    grid.caring.value = 6  # one slider moved places the person, at the other's middle
    assert grid.placement == Placement(5, 6) and activity.placement == Placement(5, 6)
    assert not grid.competence.unset and not grid.caring.unset
    assert (grid.figure.data[YOU].x, grid.figure.data[YOU].y) == ((5,), (6,))
    assert not activity.reveal_button.disabled and hint.html == ""
    activity.reveal_button.click()
    assert activity.revealed and "The suggested placement is competence" in activity.feedback.html


def test_placing_at_the_middle_with_set_placement_still_places(activity):
    activity.grid.set_placement(Placement(5, 5))
    assert activity.placement == Placement(5, 5) and activity.grid.figure.data[YOU].x == (5,)
    assert not activity.reveal_button.disabled


def test_a_slider_not_set_yet_is_a_blank_on_paper(activity):
    assert "Competence of the lab lead:</strong> ____ out of 10" in activity.grid.competence.static_html()
    activity.grid.competence.value = 7
    assert "Competence of the lab lead:</strong> 7 out of 10" in activity.grid.competence.static_html()


def test_moving_a_slider_moves_the_point_and_the_words(activity):
    grid = activity.grid
    grid.competence.value = 8
    grid.caring.value = 2
    assert (grid.figure.data[YOU].x, grid.figure.data[YOU].y) == ((8,), (2,))
    assert "<strong>Respected</strong>" in grid.readout
    assert "You placed the lab lead at competence 8, caring 2: Respected." in grid.readout
    grid.caring.value = 9
    assert "<strong>Trusted</strong>" in grid.readout


def test_sliders_have_names_and_refuse_out_of_range(activity):
    assert activity.grid.competence.label == "Competence of the lab lead"
    assert activity.grid.caring.label == "Caring of the lab lead"
    with pytest.raises(Exception, match="must be from 0 to 10"):
        activity.grid.caring.value = 11
    assert activity.grid.caring.value == 5


def test_reveal_shows_the_suggestion_reasoning_and_distance(activity):
    grid = activity.grid
    grid.competence.value, grid.caring.value = 8, 7
    assert grid.figure.data[SUGGESTED].visible is False
    assert activity.feedback.html == ""
    activity.reveal_button.click()
    assert grid.figure.data[SUGGESTED].visible is True
    assert (grid.figure.data[SUGGESTED].x, grid.figure.data[SUGGESTED].y) == ((8,), (3,))
    assert "Yours is 4 steps from it on the grid." in activity.feedback.html
    assert "Skilled, but shows little interest in people." in activity.feedback.html
    assert "What would change your view?" in activity.feedback.html
    assert activity.reveal_button.disabled
    grid.caring.value = 3  # feedback follows later moves
    assert "Yours is on the same spot." in activity.feedback.html


def test_text_from_data_is_escaped(good_course):
    activity = ScenarioActivity(good_course, good_course.scenarios["new_tutor"])
    header = activity._header
    assert "kind &lt;b&gt;and&lt;/b&gt; patient" in header
    assert "<b>and</b>" not in header


def test_placement_and_revealed_are_observable_traits(good_course):
    seen = []
    activity = ScenarioActivity(good_course, good_course.scenarios["lab_lead"], start=Placement(2, 9))
    activity.observe(lambda change: seen.append((change["name"], change["new"])),
                     names=["placement", "revealed"])
    assert activity.grid.figure.data[YOU].x == (2,) and activity.placement == Placement(2, 9)
    activity.grid.competence.value = 3
    assert seen == [("placement", Placement(3, 9))]
    activity.reveal_button.click()
    assert seen[-1] == ("revealed", True) and activity.reveal_box.revealed
    activity.grid.set_placement(Placement(7, 1))  # one change, with the final placement
    assert seen[-1] == ("placement", Placement(7, 1)) and len(seen) == 3


def test_setting_revealed_reveals_and_is_refused_without_an_answer(good_course):
    import dataclasses

    activity = ScenarioActivity(good_course, good_course.scenarios["lab_lead"], start=Placement(6, 6))
    activity.revealed = True
    assert activity.reveal_button.disabled and "The suggested placement is competence" in activity.feedback.html
    assert activity.grid.figure.data[SUGGESTED].visible is True
    scenario = dataclasses.replace(good_course.scenarios["lab_lead"], suggested=None, reasoning=None)
    withheld = ScenarioActivity(good_course, scenario)
    withheld.revealed = True
    assert not withheld.revealed and not withheld.reveal_box.revealed


def test_unknown_scenario_id_shows_an_error_box():
    box = Session("test").place("no_such_id")
    assert "role='alert'" in box.value
    assert "there is no scenario with id &#x27;no_such_id&#x27;. Known ids:" in box.value


def test_bad_course_folder_shows_an_error_box_not_a_traceback(tmp_path):
    (tmp_path / "scenarios.yaml").write_text("scenarios: [\n")
    session = Session("test", str(tmp_path))
    box = session.place("anything")
    assert "role='alert'" in box.value and "scenarios.yaml:2: not valid YAML" in box.value


def test_a_learner_edition_has_nothing_to_reveal(good_course):
    import dataclasses

    scenario = dataclasses.replace(good_course.scenarios["lab_lead"], suggested=None, reasoning=None)
    activity = ScenarioActivity(good_course, scenario)
    assert not any(isinstance(x, w.Button) for x in tree(activity))
    assert activity.reveal_box._reveal_withheld == WITHHELD_TEXT  # drawn instead of the button
    assert "no suggested answer in this edition" in activity.static_html()
    assert activity.grid.figure.data[SUGGESTED].x == ()
    assert "What would change your view?" in activity.feedback.html


def test_restored_reveal_is_built_in_its_final_state(good_course):
    activity = ScenarioActivity(good_course, good_course.scenarios["lab_lead"], start=Placement(2, 2),
                                revealed=True)
    assert activity.grid.figure.data[SUGGESTED].visible is True
    assert activity.reveal_button.disabled and "The suggested placement is competence" in activity.feedback.html
    assert "tg-reveal-hint" not in activity.feedback.html


def test_a_saved_reveal_without_a_placement_is_not_revealed(good_course):
    activity = ScenarioActivity(good_course, good_course.scenarios["lab_lead"], revealed=True)
    assert not activity.revealed and activity.grid.figure.data[SUGGESTED].visible is False
    assert "The suggested placement" not in activity.feedback.html and activity.reveal_button.disabled


def test_one_reveal_panel_shows_its_answer_or_the_withheld_note():
    from trustgrid.widgets.answers import Reveal, withheld_box

    seen = []
    reveal = Reveal("<b>x</b>", label="Reveal it", shown="Shown", tooltip="Show it",
                    render=lambda answer: f"<p>{html.escape(answer)}</p>")
    reveal.observe(lambda change: seen.append(change["new"]), names="revealed")
    assert reveal.panel.html == "" and reveal.button.description == "Reveal it"
    assert reveal.trait_metadata("revealed", "sync") is True  # synced to the page
    reveal.button.click()
    assert seen == [True] and reveal.panel.html == "<p>&lt;b&gt;x&lt;/b&gt;</p>"
    assert reveal.button.description == "Shown" and reveal.button.disabled
    # on paper: the answer shown, no button and no box of its own
    assert reveal.static_html() == "<div class='tg-live'><p>&lt;b&gt;x&lt;/b&gt;</p></div>"

    restored = Reveal("y", label="R", shown="S", render=str, revealed=True)
    assert restored.revealed and restored.panel.html == "y" and restored.button.disabled
    none = Reveal(None, label="R", shown="S", render=str, revealed=True)
    assert not none.revealed and none._reveal_withheld == WITHHELD_TEXT
    none.reveal()
    assert not none.revealed and none.static_html() == withheld_box().value


def test_a_scenario_activity_is_one_widget_with_one_view(good_course):
    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    activity = ScenarioActivity(good_course, good_course.scenarios["lab_lead"])
    made = sorted(type(_instances[k]).__name__ for k in _instances if k not in before)
    assert made == ["Layout", "ScenarioActivity", "_Trace", "_Trace", "_Trace", "_Trace"], made
    assert activity.grid is activity and "lab lead" in activity._header.lower()


def test_a_press_in_the_page_reveals_only_when_python_allows_it(activity):
    # reveal.js sends {"kind": "reveal"} for a press; Python decides, the page follows.
    activity._pressed(activity, {"kind": "reveal"}, [])
    assert not activity.revealed and activity._reveal_disabled  # not placed yet
    activity.grid.set_placement(Placement(8, 3))
    assert not activity._reveal_disabled
    activity._pressed(activity, {"kind": "something else"}, [])
    assert not activity.revealed
    activity._pressed(activity, {"kind": "reveal"}, [])
    assert activity.revealed and activity._reveal_disabled
    assert activity._reveal_label == "Suggested placement shown"
    assert "The suggested placement is competence" in activity._reveal_html
    assert activity.grid.figure.data[SUGGESTED].visible is True


@pytest.mark.parametrize("build", [
    lambda course: Reveal(None, label="R", shown="S", render=str),
    lambda course: Reveal("y", label="R", shown="S", render=str, ready=False, hint="First…"),
    lambda course: ScenarioActivity(course, course.scenarios["lab_lead"]),
    lambda course: ScenarioActivity(course, course.scenarios["lab_lead"],
                                    start=Placement(2, 8), revealed=True),
])
def test_a_reveal_is_built_in_its_final_state(good_course, monkeypatch, build):
    # Voila drew the withheld note as a button when the Reveal's traits were set after the
    # widget was built: none of them is sent after its first state (anywidget's module is).
    sent = []
    monkeypatch.setattr(w.Widget, "_send", lambda self, msg, buffers=None: sent.append(msg))
    widget = build(good_course)
    later = [key for msg in sent for key in msg.get("state", {})
             if key.startswith("_reveal_") or key == "revealed"]
    assert later == [], later
    assert widget._reveal_html == widget.panel.html and widget._reveal_label == widget.button.description
