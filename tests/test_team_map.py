"""The team trust map: add, select, place and remove people; advice and words follow; all saved."""

import pytest

from trustgrid.grid import OTHERS, SUGGESTED, YOU
from trustgrid.model import Placement
from trustgrid.notebook import Session
from trustgrid.widgets.answers import WITHHELD_TEXT
from trustgrid.widgets.team_map import MAX_PEOPLE, TeamMap, summary
from trustgrid.work import WorkStore


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path))
    return WorkStore(tmp_path)


@pytest.fixture
def team(store):
    return Session("test", store=store).team_map()


def points(fig, trace):
    return list(zip(fig.data[trace].text, fig.data[trace].x, fig.data[trace].y))


def test_an_empty_map_asks_for_initials_or_roles_and_disables_the_sliders(team):
    assert isinstance(team, TeamMap)
    assert "Use initials or a role only" in team.note.value
    assert team.competence.disabled and team.caring.disabled and team.remove_button.disabled
    assert points(team.figure, YOU) == [] and points(team.figure, OTHERS) == []
    assert "No one on your map yet." in team.figure_text.value
    assert "Add the first person" in team.advice.html


def test_add_select_move_and_the_figure_advice_and_summary_follow(team):
    team.name_box.value = "  JP  "
    team.add_button.click()
    assert team.name_box.value == ""
    assert "Added JP at competence 5, caring 5" in team.status.html
    assert points(team.figure, YOU) == [("JP", 5, 5)]
    assert team.competence.label == "How JP sees your competence"
    assert "JP sees you in Trust." in team.advice.html

    team.add("night sister")
    assert team.chooser.options == ("JP", "night sister") and team.chooser.index == 1
    team.competence.value, team.caring.value = 8, 2
    assert points(team.figure, YOU) == [("night sister", 8, 2)]
    assert points(team.figure, OTHERS) == [("JP", 5, 5)]
    assert "Night sister sees you in Respect." in team.advice.html
    assert "Make time to listen" in team.advice.html
    assert "2 people: 1 in Trust, 1 in Respect." in team.figure_text.value
    assert "night sister: competence 8, caring 2 (Respect) (selected)" in team.figure_text.value
    assert team.status.html == "<p>Moved night sister: competence 8, caring 2 (Respect).</p>"

    team.chooser.index = 0  # select JP: the sliders, the big marker and the advice follow
    assert (team.competence.value, team.caring.value) == (5, 5)
    assert points(team.figure, YOU) == [("JP", 5, 5)]
    assert points(team.figure, OTHERS) == [("night sister", 8, 2)]
    assert "JP sees you in Trust." in team.advice.html
    assert team.remove_button.description == "Remove JP"
    team.caring.value = 3
    assert team.people[0].placement == Placement(5, 3) and team.people[1].placement == Placement(8, 2)
    assert summary(team.regions, team.people) == "2 people: 2 in Respect"


def test_remove_can_be_undone(team):
    for label in ("AB", "CD", "EF"):
        team.add(label)
    team.chooser.index = 1
    team.competence.value = 2
    team.remove_button.click()
    assert team.chooser.options == ("AB", "EF")
    assert "Removed CD from your map" in team.status.html
    assert team.undo_button.layout.display is None and team.undo_button.description == "Undo: put CD back"
    assert [t for t, *_ in points(team.figure, OTHERS) + points(team.figure, YOU)] == ["AB", "EF"]
    team.undo_button.click()
    assert team.chooser.options == ("AB", "CD", "EF") and team.selected.label == "CD"
    assert team.selected.placement == Placement(2, 5)
    assert team.undo_button.layout.display == "none"
    assert "CD is back on your map." in team.status.html


def test_labels_are_checked_in_words(team):
    assert not team.add("   ")
    assert "Type some initials or a role first" in team.status.html
    assert not team.add("Dr Alexandra Featherstonehaugh-Smith")
    assert "Keep it to 30 or fewer" in team.status.html
    assert team.add("Ward clerk")
    assert not team.add("ward  CLERK")
    assert "already on your map" in team.status.html
    for n in range(MAX_PEOPLE - 1):
        assert team.add(f"P{n}")
    assert team.add_button.disabled
    assert not team.add("one more")
    assert f"already has {MAX_PEOPLE} people" in team.status.html


def test_labels_are_escaped_in_the_figure_and_the_words(team):
    team.add("<b>HR</b> lead")
    assert team.figure.data[YOU].text == ("&lt;b&gt;HR&lt;/b&gt; lead",)
    assert "<b>HR</b>" not in team.advice.html and "<b>HR</b>" not in team.figure_text.value
    team.add("other")
    assert team.figure.data[OTHERS].text == ("&lt;b&gt;HR&lt;/b&gt; lead",)


def test_the_whole_map_is_saved_and_restored(store):
    team = Session("test", store=store).team_map()
    team.add("JP")
    team.competence.value = 9
    team.add("pharmacist")
    team.caring.value = 1
    team.chooser.index = 0
    saved = Session("test", store=store).answer("team_map")
    assert saved == {"people": [{"label": "JP", "competence": 9, "caring": 5},
                                {"label": "pharmacist", "competence": 5, "caring": 1}],
                     "selected": "JP"}
    again = Session("test", store=store).team_map()
    assert again.chooser.options == ("JP", "pharmacist") and again.selected.label == "JP"
    assert (again.competence.value, again.caring.value) == (9, 5)
    assert points(again.figure, YOU) == [("JP", 9, 5)]
    assert points(again.figure, OTHERS) == [("pharmacist", 5, 1)]
    assert "2 people: 1 in Trust, 1 in Respect." in again.figure_text.value


def test_damaged_saved_entries_are_skipped(store):
    session = Session("test", store=store)
    session.save("team_map", {"people": [
        {"label": "OK", "competence": 6, "caring": 6}, {"label": "x" * 40, "competence": 1, "caring": 1},
        {"label": "bad", "competence": 11, "caring": 1}, "nonsense", {"label": "ok", "competence": 1,
                                                                    "caring": 1}],
        "selected": "missing"})
    team = session.team_map()
    assert team.chooser.options == ("OK",) and team.selected.label == "OK"


def test_case_study_starts_everyone_at_5_5_and_reveal_shows_suggestions(store):
    box = Session("test", store=store).team_map(case_study=True)
    team = box.team
    roles = team.chooser.options
    assert len(roles) == 6 and roles[0] == "Night sister"
    assert all(p.placement == Placement(5, 5) for p in team.people)
    assert "Bedside handover on Ward 9" in box.children[0].value
    assert "Night sister said:" in team.said.value
    assert team.add("JP") is False and len(team.people) == 6
    assert team.figure.data[SUGGESTED].visible is False

    team.competence.value, team.caring.value = 8, 3
    team.reveal_button.click()
    assert team.figure.data[SUGGESTED].visible is True
    assert (team.figure.data[SUGGESTED].x, team.figure.data[SUGGESTED].y) == ((7,), (3,))
    assert "Yours is 1 step from it on the grid. Both are in Respect." in team.reveal_box.panel.html
    assert "Work part of a night shift" in team.reveal_box.panel.html
    assert team.reveal_table.value.count("<tr>") == 7

    team.chooser.index = 2  # the consultant: the diamond and the words follow the selection
    assert (team.figure.data[SUGGESTED].x, team.figure.data[SUGGESTED].y) == ((8,), (7,))
    assert "Consultant: the suggested placement" in team.reveal_box.panel.html

    again = Session("test", store=store).team_map(case_study=True).team
    assert again.revealed and again.reveal_button.disabled
    assert again.selected.label == "Consultant"
    assert again.people[0].placement == Placement(8, 3)
    assert again.figure.data[SUGGESTED].visible is True


def test_case_study_and_own_map_are_saved_apart(store):
    Session("test", store=store).team_map(case_study=True).team.competence.value = 1
    own = Session("test", store=store).team_map()
    assert own.people == []


def test_a_learner_edition_case_study_has_nothing_to_reveal(store):
    import dataclasses

    from trustgrid.kinds import without_model_answers

    session = Session("test", store=store)
    content = dict(session.course.content)
    content["course"] = {**content.get("course", {}), "edition": "learner"}
    content["case_study"] = without_model_answers("case_study", content["case_study"])
    session.course = dataclasses.replace(session.course, content=content)
    session.save("case_study", {"revealed": True})  # an old reveal cannot show answers
    box = session.team_map(case_study=True)
    team = box.team
    assert not team.can_reveal and not team.revealed
    assert team.children[-1] is team.reveal_box  # nothing after it: no table of answers
    assert team.reveal_box._reveal_withheld == WITHHELD_TEXT  # drawn instead of the button
    assert "no suggested answer in this edition" in team.reveal_box.static_html()
    assert "Reveal suggested placements" not in box.children[0].value
    team.competence.value = 2  # still works as a map, with advice for each region
    assert "Night sister sees you in Goodwill." in team.advice.html
    assert team.figure.data[SUGGESTED].x == ()
