"""Exercise 1's scenario set and the welcome's warm-up, driven from Python."""

import shutil

import pytest

from trustgrid.errors import DataError
from trustgrid.grid import SUGGESTED, YOU
from trustgrid.notebook import Session
from trustgrid.widgets import scenario_set, warm_up
from trustgrid.widgets.scenario_set import LINES, SUGGESTIONS, YOURS
from trustgrid.work import WorkStore

from .conftest import GOOD_COURSE

SCENARIO = """
  - id: {id}
    title: {title}
    setting: {setting}
    viewpoint: A colleague, about {title}
    person: {title}
    story: A short story about {title}.
    suggested: {{competence: {competence}, caring: {caring}}}
    reasoning: Why {title} sits there.
    behaviours:
      - {{id: keep_word, shown: kept}}
    prompts:
      - A question about {title}?
"""

ROWS = [("ward_a", "Ward one", "Ward", 8, 3), ("ward_b", "Ward two", "Ward", 3, 8),
        ("ward_c", "Ward <three>", "Ward", 7, 7), ("office_a", "Office one", "Office", 2, 2)]


@pytest.fixture
def course_dir(tmp_path):
    folder = tmp_path / "course"
    folder.mkdir()
    for name in ("regions.yaml", "behaviours.yaml"):
        shutil.copy(GOOD_COURSE / name, folder / name)
    body = "".join(SCENARIO.format(id=i, title=t, setting=s, competence=c, caring=k)
                   for i, t, s, c, k in ROWS)
    (folder / "scenarios.yaml").write_text("scenarios:" + body, encoding="utf-8")
    return folder


@pytest.fixture
def work(tmp_path, monkeypatch):
    folder = tmp_path / "work"
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(folder))
    return folder


def session(course_dir, work, name="ex01"):
    return Session(name, str(course_dir), store=WorkStore(work))


def shown(widget):
    return widget.stage.children[0].scenario.id


def test_all_settings_by_default_and_navigation_changes_the_scenario(course_dir, work):
    widget = scenario_set.build(session(course_dir, work))
    assert widget.chooser.value == scenario_set.ALL
    assert widget.chooser.options[0] == ("All settings (4)", scenario_set.ALL)
    assert shown(widget) == "ward_a"
    assert "<strong>1 of 4</strong> in all settings: Ward one" in widget.position.html
    assert widget.previous.disabled and not widget.next.disabled
    widget.next.click()
    assert shown(widget) == "ward_b"
    assert "<strong>2 of 4</strong>" in widget.position.html
    widget.next.click()
    widget.next.click()
    assert shown(widget) == "office_a" and widget.next.disabled
    widget.next.click()  # nothing past the end
    assert shown(widget) == "office_a"
    widget.previous.click()
    assert shown(widget) == "ward_c"
    assert "Ward &lt;three&gt;" in widget.position.html  # data text is escaped


def test_choosing_a_setting_steps_through_only_its_scenarios(course_dir, work):
    widget = scenario_set.build(session(course_dir, work))
    widget.next.click()
    widget.chooser.value = "Office"
    assert shown(widget) == "office_a"
    assert "<strong>1 of 1</strong> in Office" in widget.position.html
    assert widget.previous.disabled and widget.next.disabled
    widget.chooser.value = "Ward"
    assert [s.id for s in widget.scenarios] == ["ward_a", "ward_b", "ward_c"]
    assert "<strong>1 of 3</strong> in Ward" in widget.position.html


def test_a_setting_can_be_chosen_by_the_notebook_and_a_wrong_one_is_a_data_error(course_dir, work):
    widget = scenario_set.build(session(course_dir, work), setting="Office")
    assert widget.chooser.value == "Office"
    with pytest.raises(DataError, match="no scenario has the setting 'Theatre'. Settings: Ward, Office"):
        scenario_set.build(session(course_dir, work), setting="Theatre")
    box = session(course_dir, work).activity("scenario_set", setting="Theatre")
    assert "role='alert'" in box.value


def test_placements_are_saved_as_place_keys_and_come_back(course_dir, work):
    first = session(course_dir, work)
    widget = scenario_set.build(first)
    grid = widget.stage.children[0].grid
    grid.competence.value = 9
    grid.caring.value = 1
    assert first.answer("place:ward_a") == {"competence": 9, "caring": 1, "revealed": False}
    widget.next.click()
    widget.stage.children[0].reveal_button.click()  # not placed yet: nothing to compare
    assert first.answer("place:ward_b") is None
    widget.stage.children[0].grid.competence.value = 4
    widget.stage.children[0].reveal_button.click()
    assert first.answer("place:ward_b") == {"competence": 4, "caring": 5, "revealed": True}
    assert "You have placed 2 of 4" in widget.progress.html

    again = scenario_set.build(session(course_dir, work))
    assert shown(again) == "ward_b"  # the learner's place in the set comes back too
    assert again.stage.children[0].revealed
    again.previous.click()
    restored = again.stage.children[0].grid
    assert (restored.competence.value, restored.caring.value) == (9, 1)
    assert restored.figure.data[YOU].x == (9,)


def test_comparison_is_hidden_until_asked_then_shows_every_pair(course_dir, work):
    widget = scenario_set.build(session(course_dir, work))
    moves = {"ward_a": (8, 3), "ward_b": (6, 8), "office_a": (2, 2)}  # ward_c left unplaced
    for _ in range(4):
        scenario = widget.stage.children[0]
        if scenario.scenario.id in moves:
            scenario.grid.competence.value, scenario.grid.caring.value = moves[scenario.scenario.id]
        widget.next.click()
    assert widget.reveal_box.panel.html == "" and widget.figure_box.children == () and widget.table.value == ""

    widget.reveal_button.click()
    figure = widget.figure_box.children[0]
    assert figure.data[YOURS].x == (8, 6, 2) and figure.data[YOURS].y == (3, 8, 2)
    assert figure.data[YOURS].text == ("1", "2", "4")
    assert figure.data[SUGGESTIONS].x == (8, 3, 2) and figure.data[SUGGESTIONS].y == (3, 8, 2)
    assert figure.data[LINES].x == (8, 8, None, 6, 3, None, 2, 2, None)
    # distances 0, 3 and 0: an average of 1.0
    assert "You have placed 3 of the 4 scenarios." in widget.reveal_box.panel.html
    assert "On average, your placements are 1 step from the suggestions on the grid. " \
           "That is very close." in widget.reveal_box.panel.html
    assert "same region as the suggestion for 2 of 3" in widget.reveal_box.panel.html
    assert "biggest difference is number 2, <em>Ward two</em> (3 steps apart)" in widget.reveal_box.panel.html
    assert widget.table.value.count("<tr><td>") == 3
    assert "<td>6, 8: Trusted</td><td>3, 8: Liked</td><td>3.0</td><td>no</td>" in widget.table.value
    assert "numbered blue circles" in widget.figure_text.value
    assert widget.reveal_button.disabled


def test_comparison_follows_later_moves_and_settings_and_is_remembered(course_dir, work):
    widget = scenario_set.build(session(course_dir, work), setting="Ward")
    widget.reveal_button.click()
    assert "not placed any of these scenarios yet" in widget.reveal_box.panel.html
    widget.stage.children[0].grid.caring.value = 9  # ward_a at (5, 9): 6.7 from (8, 3)
    figure = widget.figure_box.children[0]
    assert figure.data[YOURS].y == (9,)
    assert "your placements are 6.7 steps from the suggestions on the grid." in widget.reveal_box.panel.html
    assert "quite a difference" in widget.reveal_box.panel.html
    widget.chooser.value = "Office"
    assert "not placed any of these scenarios yet" in widget.reveal_box.panel.html

    again = scenario_set.build(session(course_dir, work))
    assert again.chooser.value == "Office" and again.revealed
    again.chooser.value = "Ward"
    assert again.figure_box.children[0].data[YOURS].y == (9,)


def test_warm_up_saves_the_placement_and_restores_it(course_dir, work):
    first = session(course_dir, work, "00_welcome")
    grid = first.activity("warm_up")
    assert grid.competence.label == "Competence of the person you trust"
    grid.competence.value = 7
    grid.caring.value = 9
    assert first.answer("warm_up") == {"competence": 7, "caring": 9}
    assert grid.figure.data[YOU].y == (9,)
    assert "You placed the person you trust at competence 7, caring 9: Trusted." in grid.readout

    restored = warm_up.build(session(course_dir, work, "00_welcome"))
    assert (restored.competence.value, restored.caring.value) == (7, 9)
    assert restored.figure.data[YOU].x == (7,)


def test_warm_up_starts_afresh_from_a_damaged_answer(course_dir, work):
    first = session(course_dir, work, "00_welcome")
    first.save("warm_up", {"competence": 12, "caring": "high"})
    grid = warm_up.build(first)
    assert (grid.competence.value, grid.caring.value) == (5, 5)


def test_facilitator_guide_explains_every_scenario_placement():
    """The printable guide's section 7 table must match data/scenarios.yaml."""
    from trustgrid.data import load_course

    from .conftest import ROOT

    guide = (ROOT / "facilitator" / "README.md").read_text(encoding="utf-8")
    course = load_course()
    rows = [line for line in guide.splitlines() if line.startswith("| ")]
    for scenario in course.scenarios.values():
        s = scenario.suggested
        row = next((r for r in rows if r.startswith(f"| {scenario.title} ({scenario.setting}) |")), None)
        assert row, f"facilitator/README.md section 7 has no row for {scenario.title!r}"
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] == f"{s.competence:g}, {s.caring:g}", scenario.id
        assert cells[2].startswith(course.regions.of(s).name), scenario.id


def test_the_printed_handout_lists_every_story_without_the_answers(course_dir, work, monkeypatch):
    from trustgrid.widgets.figure import Figure

    monkeypatch.setenv(scenario_set.STATIC_ENV, "1")
    page = scenario_set.build(session(course_dir, work), setting="Ward")
    text = "".join(c.value for c in page.children if hasattr(c, "value"))
    assert "1. Ward one" in text and "3. Ward &lt;three&gt;" in text and "Office one" not in text
    assert text.count("Competence: ________") == 3
    assert "Why Ward one sits there" not in text  # no reasoning, no suggestions on paper
    figure = page.children[-1]
    assert isinstance(figure, Figure)
    assert figure.data[SUGGESTED].x == () and figure.data[YOU].x == ()  # a blank grid
