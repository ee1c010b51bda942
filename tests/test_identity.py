"""Every participant counted once, no one overwritten: each learner's work carries a random
id, their response carries it too, and names are compared as people read them."""

from __future__ import annotations

import json
import unicodedata

import pytest

from trustgrid.bundle import export_bundle, import_bundle
from trustgrid.notebook import Session
from trustgrid.work import WorkStore
from trustgrid.workshop import (
    learner_id,
    load_responses,
    name_problem,
    name_taken,
    name_warnings,
    shown_names,
    write_response,
)

PLACED = {"trusted_team_leader": {"competence": 7, "caring": 5}}
JOSE_MAC = unicodedata.normalize("NFD", "José")  # as a Mac keyboard may send it
JOSE = unicodedata.normalize("NFC", "José")


def share_as(tmp_path, monkeypatch, who: str, name: str):
    """``who``'s own notebook session shares its placements as ``name``."""
    monkeypatch.setenv("TRUSTGRID_RESPONSES_DIR", str(tmp_path / "shared"))
    session = Session("01_what_is_trust", store=WorkStore(tmp_path / who))
    session.place("trusted_team_leader").grid.competence.value = 7
    field, button, feedback = session.share().children
    field.value = name
    button.click()
    return feedback.html


def test_two_people_who_share_as_sam_are_both_counted(tmp_path, monkeypatch):
    first = share_as(tmp_path, monkeypatch, "ann", "Sam")
    second = share_as(tmp_path, monkeypatch, "bea", "Sam")
    assert "Someone else" not in first
    assert "Someone else has already shared as <strong>Sam</strong>: both responses are kept" \
        in second
    responses, skipped = load_responses(tmp_path / "shared")
    assert [r.participant for r in responses] == ["Sam", "Sam"] and skipped == []
    assert len({r.learner for r in responses}) == 2


def test_two_people_with_one_name_are_told_apart_on_the_dashboard(tmp_path, monkeypatch):
    from trustgrid.widgets.dashboard import Dashboard

    share_as(tmp_path, monkeypatch, "ann", "Sam")
    share_as(tmp_path, monkeypatch, "bea", "sam ")
    share_as(tmp_path, monkeypatch, "cat", "Jo")
    responses, _ = load_responses(tmp_path / "shared")
    assert shown_names(responses) == {r.file: n for r, n in zip(
        sorted(responses, key=lambda r: r.saved), ["Sam (1)", "sam (2)", "Jo"])}
    dashboard = Dashboard(Session("facilitator", store=WorkStore(tmp_path / "fac")), tmp_path / "shared")
    scenario = next(iter(responses[0].placements))
    labels = sorted(p.label for p in dashboard.group(scenario)[0])
    assert labels == ["Jo", "Sam (1)", "sam (2)"]


def test_typing_someone_elses_name_never_overwrites_them(tmp_path, monkeypatch):
    share_as(tmp_path, monkeypatch, "ann", "Sam")
    [theirs] = (tmp_path / "shared").iterdir()
    before = theirs.read_bytes()
    share_as(tmp_path, monkeypatch, "mallory", "Sam")
    assert theirs.read_bytes() == before


def test_one_learner_sharing_again_under_a_new_name_is_counted_once(tmp_path):
    store = WorkStore(tmp_path / "work")
    me = learner_id(store)
    write_response(tmp_path / "shared", "Sam", PLACED, me)
    write_response(tmp_path / "shared", "Samuel", {"trusted_team_leader": (9, 9)}, me)
    responses, skipped = load_responses(tmp_path / "shared")
    assert [(r.participant, r.placements) for r in responses] == [
        ("Samuel", {"trusted_team_leader": (9, 9)})]
    assert [why for _file, why in skipped] == [
        f"a later response from the same participant is in {responses[0].file}"]


def test_the_id_is_kept_with_the_work_and_travels_with_a_download(tmp_path):
    store = WorkStore(tmp_path / "work")
    me = learner_id(store)
    assert learner_id(store) == me == learner_id(WorkStore(tmp_path / "work"))
    fresh = WorkStore(tmp_path / "new_binder_session")
    import_bundle(export_bundle(store), store=fresh)
    assert learner_id(fresh) == me
    assert learner_id(WorkStore(tmp_path / "someone_else")) != me


def test_names_are_composed_before_they_are_stored_and_compared(tmp_path):
    write_response(tmp_path, JOSE_MAC, PLACED, "a" * 16)
    [response], _ = load_responses(tmp_path)
    assert response.participant == JOSE
    assert json.loads((tmp_path / response.file).read_text())["participant"] == JOSE
    assert name_taken(tmp_path, JOSE, "b" * 16)
    assert name_taken(tmp_path, "josé", "b" * 16)
    assert not name_taken(tmp_path, JOSE, "a" * 16)


def test_older_responses_without_ids_are_one_person_per_composed_name(tmp_path):
    for file, name, saved in (("a.json", JOSE_MAC, "2026-01-01T10:00:00+00:00"),
                              ("b.json", JOSE, "2026-01-01T11:00:00+00:00")):
        (tmp_path / file).write_text(json.dumps({
            "format": "trustgrid-response", "version": 1, "participant": name, "saved": saved,
            "placements": PLACED}), encoding="utf-8")
    responses, skipped = load_responses(tmp_path)
    assert [r.file for r in responses] == ["b.json"] and [f for f, _ in skipped] == ["a.json"]


def test_a_response_with_a_bad_id_is_skipped_in_words(tmp_path):
    (tmp_path / "x.json").write_text(json.dumps({
        "format": "trustgrid-response", "version": 1, "participant": "Sam",
        "learner": "../../etc", "placements": PLACED}))
    assert load_responses(tmp_path) == ([], [("x.json", "learner: '../../etc' is not a learner id")])


@pytest.mark.parametrize("name, code", [("Sam\u200b", "200B"), ("\u2060Sam", "2060"),
                                        ("Sa\u00adm", "00AD"), ("Sam\ufeff", "FEFF")])
def test_invisible_characters_are_refused_by_name(name, code):
    assert name_problem(name) == (
        f"the name holds an invisible character (U+{code} "
        f"{unicodedata.name(chr(int(code, 16)))}); please type it again")


@pytest.mark.parametrize("name", ["\U0001F469\u200d\u2695\ufe0f Ada", "नमस्ते", JOSE, "Zoë"])
def test_joiners_and_accents_that_names_need_are_allowed(name):
    assert name_problem(name) is None and name_warnings(name) == []


def test_mixed_scripts_are_flagged_when_shared(tmp_path, monkeypatch):
    lookalike = "S\u0430m"  # a Cyrillic а
    assert name_warnings(lookalike) == [
        "the name mixes Cyrillic and Latin letters, so it may look like another name"]
    assert name_warnings("山田 はな") == [] and name_warnings("Ann Lee 2") == []
    feedback = share_as(tmp_path, monkeypatch, "eve", lookalike)
    assert "Please check your name: the name mixes Cyrillic and Latin letters" in feedback
