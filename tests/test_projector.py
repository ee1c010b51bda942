"""The dashboard's projector view: the story first, then the group, then the suggestion."""

import html

import pytest

from trustgrid.data import DEFAULT_DATA, load_course
from trustgrid.grid import OTHERS, SUGGESTED, YOU
from trustgrid.notebook import Session
from trustgrid.widgets.projector import GROUP, STORY, SUGGESTION
from trustgrid.work import WorkStore
from trustgrid.workshop import write_response

COURSE = load_course(DEFAULT_DATA)
LEADER = COURSE.scenarios["trusted_team_leader"]


@pytest.fixture
def board(tmp_path):
    folder = tmp_path / "responses"
    write_response(folder, "Ann", {"trusted_team_leader": {"competence": 8, "caring": 7},
                                   "popular_project_lead": {"competence": 2, "caring": 9}})
    write_response(folder, "Ben", {"trusted_team_leader": {"competence": 9, "caring": 3}})
    write_response(folder, "Cy <b>", {"trusted_team_leader": {"competence": 4, "caring": 6}})
    board = Session("workshop_dashboard", store=WorkStore(tmp_path / "work")).dashboard(str(folder))
    board.choice.value = "trusted_team_leader"
    board.projector_view.value = True
    return board


def shown(projector) -> str:
    return projector.heading.value + projector.story.value + projector.words.html


def test_the_projector_view_replaces_the_dashboard_and_starts_at_its_scenario(board):
    projector = board.projector
    assert board.children == (board.view_switch, projector)
    assert projector.scenario.id == "trusted_team_leader" and projector.step == STORY
    assert "tg-projector" in projector._dom_classes
    assert "class='tg-projector-story'" in projector.story.value
    assert html.escape(LEADER.story) in projector.story.value
    assert board.projector_view.description == "Back to the dashboard"
    board.projector_view.value = False
    assert board.projector_view.description == "Projector view"
    assert board.figure in board.children[4].children  # the dashboard again


def test_nothing_of_the_group_is_shown_before_the_first_press(board):
    projector = board.projector
    assert projector.figure_box.children == ()
    for name in ("Ann", "Ben", "Cy", "people placed", "median"):
        assert name not in shown(projector)
    assert projector.show_suggestion.disabled, "the suggestion waits for the group"
    projector.show_suggestion.click()
    assert projector.step == STORY and projector.figure_box.children == ()


def test_the_first_press_shows_the_group_and_not_the_suggestion(board):
    projector = board.projector
    projector.show_group.click()
    assert projector.step == GROUP and projector.show_group.disabled
    figure = projector.figure_box.children[0]
    assert sorted(figure.data[OTHERS].x) == [4, 8, 9]
    assert "Cy &lt;b&gt;" in figure.data[OTHERS].text
    assert figure.data[YOU].x == (8,)  # the group median
    assert figure.data[SUGGESTED].visible is False
    assert "<strong>3</strong> people placed" in projector.words.html
    assert "suggestion" not in projector.words.html.lower()
    assert html.escape(LEADER.reasoning.split(".")[0]) not in projector.words.html
    assert not projector.show_suggestion.disabled


def test_the_second_press_shows_the_suggestion_and_its_reasoning(board):
    projector = board.projector
    projector.show_group.click()
    projector.show_suggestion.click()
    assert projector.step == SUGGESTION and projector.show_suggestion.disabled
    figure = projector.figure_box.children[0]
    assert figure.data[SUGGESTED].visible is True
    assert (figure.data[SUGGESTED].x, figure.data[SUGGESTED].y) == (
        (LEADER.suggested.competence,), (LEADER.suggested.caring,))
    assert (f"competence {LEADER.suggested.competence:g}, caring {LEADER.suggested.caring:g}"
            in projector.words.html)
    assert html.escape(LEADER.reasoning.split(".")[0]) in projector.words.html


def test_next_and_previous_walk_the_placed_scenarios_each_from_its_story(board):
    projector = board.projector
    assert projector.order == ["trusted_team_leader", "popular_project_lead"]  # course order
    projector.show_group.click()
    projector.next.click()
    assert projector.step == STORY and projector.figure_box.children == ()
    assert projector.scenario.id == "popular_project_lead" and projector.next.disabled
    assert "Scenario 2 of 2" in projector.heading.value
    projector.previous.click()
    assert projector.scenario.id == "trusted_team_leader" and projector.step == STORY
    assert projector.previous.disabled and not projector.next.disabled


def test_before_anyone_shares_every_scenario_can_be_shown(tmp_path):
    board = Session("workshop_dashboard", store=WorkStore(tmp_path / "work")).dashboard(
        str(tmp_path / "nobody"))
    board.projector_view.value = True
    projector = board.projector
    assert projector.order == list(COURSE.scenarios)
    projector.show_group.click()
    assert "No placements yet" in projector.words.html and projector.figure_box.children == ()
    write_response(tmp_path / "nobody", "Ann", {"popular_project_lead": {"competence": 2, "caring": 9}})
    projector.refresh.click()
    assert projector.order == ["popular_project_lead"] and projector.step == STORY


def test_refresh_reads_new_responses_without_leaving_the_scenario(board, tmp_path):
    projector = board.projector
    projector.show_group.click()
    write_response(tmp_path / "responses", "Dee", {"trusted_team_leader": {"competence": 1, "caring": 1}})
    projector.refresh.click()
    assert projector.scenario.id == "trusted_team_leader" and projector.step == GROUP
    assert len(projector.figure_box.children[0].data[OTHERS].x) == 4


def test_without_model_answers_the_suggestion_cannot_be_shown(tmp_path):
    from trustgrid.editions import write_data

    write_data(DEFAULT_DATA, tmp_path, "learner")
    write_response(tmp_path / "responses", "Ann", {"trusted_team_leader": {"competence": 8, "caring": 7}})
    board = Session("workshop_dashboard", str(tmp_path / "data"),
                    store=WorkStore(tmp_path / "work")).dashboard(str(tmp_path / "responses"))
    board.projector_view.value = True
    projector = board.projector
    projector.show_group.click()
    assert projector.show_suggestion.disabled
    assert "There is no suggested answer in this edition" in projector.words.html
