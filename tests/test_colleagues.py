"""See yourself as colleagues see you (exercise 05): colleagues place a learner anonymously
with an invitation code, and the learner sees self against others once three have answered."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import os
import re
import statistics

import pytest
import yaml

from trustgrid import colleague_answers as answers
from trustgrid.bundle import export_bundle, import_bundle
from trustgrid.data import DEFAULT_DATA, load_course, validate_paths
from trustgrid.model import Placement
from trustgrid.notebook import Session
from trustgrid.widgets import colleagues
from trustgrid.work import WorkStore

NOTEBOOK = "ex05_action_plan_and_feedback"
WORDS = yaml.safe_load((DEFAULT_DATA / "colleagues.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def shared(tmp_path, monkeypatch):
    folder = tmp_path / "responses"
    monkeypatch.setenv("TRUSTGRID_RESPONSES_DIR", str(folder))
    return folder


def person(tmp_path, name: str) -> Session:
    """Someone on the course, with their own work file."""
    return Session(NOTEBOOK, store=WorkStore(tmp_path / "work" / name))


def invited(tmp_path, name="learner", at: Placement | None = None) -> colleagues.Invite:
    at = at or Placement(8, 7)
    invite = person(tmp_path, name).colleagues()
    invite.grid.set_placement(at)
    invite.make_code()
    assert invite.code
    return invite


def answer(tmp_path, name: str, code: str, at: Placement) -> colleagues.PlaceAColleague:
    """A colleague types the code, places the learner and shares."""
    place = person(tmp_path, name).colleagues(part="place")
    place.code_box.value = code
    place.grid.set_placement(at)
    place.share()
    return place


def downloaded(place: colleagues.PlaceAColleague) -> bytes:
    href = re.search(r"href='data:application/json;base64,([^']+)'", place.feedback.html).group(1)
    return base64.b64decode(href)


def upload(invite, name: str, content: bytes) -> None:
    invite.upload.value = ({"name": name, "type": "application/json", "size": len(content),
                            "content": memoryview(content),
                            "last_modified": dt.datetime.now(dt.timezone.utc)},)


COLLEAGUES = [Placement(7, 4), Placement(8, 5), Placement(6, 5)]


# --- opting in ---------------------------------------------------------------------------

def test_the_learners_own_sliders_speak_of_them_in_plain_words(tmp_path, shared):
    grid = person(tmp_path, "learner").colleagues().grid
    assert (grid.competence.label, grid.caring.label) == ("Your own competence", "Your own caring")
    assert "You have not placed yourself yet: move the competence" in grid.readout
    assert "yourself" not in grid.competence.label and "Yourself" not in grid.readout


def test_nothing_is_shared_and_no_code_is_made_until_the_learner_asks(tmp_path, shared):
    invite = person(tmp_path, "learner").colleagues()
    assert invite.code is None and invite.later.layout.display == "none"
    invite.make_code()  # not placed yet
    assert invite.code is None
    assert "Place yourself first" in invite.invitation.html
    invite.grid.set_placement(Placement(6, 8))
    assert invite.session.answer(colleagues.SELF_KEY) == {"competence": 6, "caring": 8}
    assert not shared.exists()  # a learner's own placement is never shared
    invite.make_code()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){2}", invite.code)
    assert invite.later.layout.display is None and invite.code_button.layout.display == "none"
    assert invite.code in invite.invitation.html and html.escape(WORDS["message"][:40]) in invite.invitation.html
    assert not shared.exists()


def test_the_code_and_placement_survive_download_and_load(tmp_path, shared):
    invite = invited(tmp_path)
    upload(invite, "a.json", downloaded(answer(tmp_path, "c1", invite.code, Placement(3, 3))))
    fresh = WorkStore(tmp_path / "elsewhere")
    import_bundle(export_bundle(invite.session.store), store=fresh)
    again = Session(NOTEBOOK, store=fresh).colleagues()
    assert again.code == invite.code
    assert again.grid.placement == Placement(8, 7)
    assert [a.placement for a in again.received_answers()] == [Placement(3, 3)]


def test_codes_are_random_and_read_back_however_typed():
    made = {answers.new_code() for _ in range(200)}
    assert len(made) == 200
    code = made.pop()
    assert answers.normal_code(code.lower().replace("-", " ")) == code
    assert answers.normal_code(f"  {code.replace('-', '')}  ") == code
    assert answers.normal_code("O0O0-I1I1-AAAA") is None  # letters the codes never use
    assert answers.normal_code(code[:-1]) is None and answers.normal_code(None) is None


# --- fewer than three: nothing shown -----------------------------------------------------

def test_nothing_about_colleagues_is_shown_under_three_answers(tmp_path, shared):
    invite = invited(tmp_path)
    invite.show()
    assert "0 of the 3 answers needed so far" in invite.result.html
    for i, at in enumerate(COLLEAGUES[:2], 1):
        answer(tmp_path, f"c{i}", invite.code, at)
        invite.show()
        assert f"{i} of the 3 answers needed so far" in invite.result.html
        assert invite.picture.children == ()
        assert "competence 7" not in invite.result.html and "caring 4" not in invite.result.html
    assert answers.spread(invite.all_answers()[0]) is None


def test_at_three_answers_self_and_others_are_shown_on_the_grid(tmp_path, shared):
    invite = invited(tmp_path)
    for i, at in enumerate(COLLEAGUES):
        answer(tmp_path, f"c{i}", invite.code, at)
    invite.show()
    assert "3 colleagues have answered" in invite.result.html
    (figure,) = invite.picture.children
    drawn = figure.to_figure()
    you = drawn.data[3]
    middle = drawn.data[1]
    assert (list(you.x), list(you.y)) == ([8], [7])
    assert (list(middle.x), list(middle.y)) == ([7], [5])  # the medians, never each answer
    (box,) = [s for s in drawn.layout.shapes if s.line.dash == "dot"]
    assert (box.x0, box.x1, box.y0, box.y1) == (6, 8, 4, 5)  # the range of the answers


def test_a_course_cannot_ask_for_fewer_than_three(tmp_path):
    text = (DEFAULT_DATA / "colleagues.yaml").read_text(encoding="utf-8")
    (tmp_path / "colleagues.yaml").write_text(text.replace("\nminimum: 3\n", "\nminimum: 2\n"),
                                              encoding="utf-8")
    problems = [str(p) for p in validate_paths([tmp_path / "colleagues.yaml"])]
    assert problems == [f"{tmp_path / 'colleagues.yaml'}:12: minimum: 2 is less than the minimum of 3"]
    two = [answers.Answer("A", f"{i:016x}", Placement(5, 5), "") for i in range(2)]
    assert answers.spread(two, minimum=1) is None  # and the code holds to three whatever it is told


# --- one colleague, one answer -----------------------------------------------------------

def test_a_colleague_who_shares_again_is_counted_once(tmp_path, shared):
    invite = invited(tmp_path)
    place = answer(tmp_path, "c1", invite.code, Placement(2, 2))
    first = downloaded(place)
    place.grid.set_placement(Placement(4, 9))
    place.share()
    assert "replaces this one" in place.feedback.html
    assert len(list((shared / "colleagues").iterdir())) == 1
    # the same answer also added from both of its downloaded files: still one colleague
    upload(invite, "first.json", first)
    upload(invite, "second.json", downloaded(place))
    assert "had answered before" in invite.upload_status.html
    found, _ = invite.all_answers()
    assert [a.placement for a in found] == [Placement(4, 9)]
    invite.show()
    assert "1 of the 3 answers needed so far" in invite.result.html


def test_spread_counts_answer_ids_not_files():
    same = [answers.Answer("A", "0" * 16, Placement(1, 1), "2026-01-01T00:00:00+00:00"),
            answers.Answer("A", "0" * 16, Placement(9, 9), "2026-01-02T00:00:00+00:00"),
            answers.Answer("A", "1" * 16, Placement(5, 5), ""),
            answers.Answer("A", "2" * 16, Placement(5, 5), "")]
    assert answers.spread(same) == answers.Spread(3, Placement(5, 5), Placement(5, 5),
                                                  Placement(9, 9))


def test_an_answer_holds_the_code_and_the_placement_never_a_name(tmp_path, shared):
    invite = invited(tmp_path)
    place = answer(tmp_path, "Priya", invite.code, Placement(7, 6))
    (file,) = (shared / "colleagues").iterdir()
    body = json.loads(file.read_bytes())
    assert set(body) == {"format", "version", "invitation", "answer", "saved", "placement"}
    assert body["invitation"] == invite.code and body["placement"] == {"competence": 7, "caring": 6}
    assert b"Priya" not in file.read_bytes() and file.read_bytes() == downloaded(place)


# --- each learner sees only their own code's answers -------------------------------------

def test_the_code_keeps_each_learners_answers_apart(tmp_path, shared):
    alice, bea = invited(tmp_path, "alice"), invited(tmp_path, "bea", Placement(3, 9))
    assert alice.code != bea.code
    files = [downloaded(answer(tmp_path, f"c{i}", alice.code, at)) for i, at in enumerate(COLLEAGUES)]
    bea.show()
    assert "0 of the 3 answers needed so far" in bea.result.html
    upload(bea, "for-alice.json", files[0])
    assert "Not added: for-alice.json: this answer is for another invitation code" in bea.upload_status.html
    alice.show()
    assert "3 colleagues have answered" in alice.result.html
    # A file named for Bea's code that holds an answer to Alice's is not counted for Bea.
    (shared / "colleagues" / f"{bea.code}-{'f' * 16}.json").write_bytes(files[1])
    found, skipped = answers.read_answers(bea.code)
    assert found == [] and skipped == [(f"{bea.code}-{'f' * 16}.json",
                                        "holds an answer to another invitation")]


def test_a_colleague_cannot_answer_their_own_invitation(tmp_path, shared):
    invite = invited(tmp_path)
    place = Session(NOTEBOOK, store=invite.session.store).colleagues(part="place")
    place.code_box.value = invite.code
    place.grid.set_placement(Placement(10, 10))
    place.share()
    assert "that is your own invitation code" in place.feedback.html
    assert not (shared / "colleagues").exists()


@pytest.mark.parametrize("typed,said", [
    ("", "please type the code your colleague gave you"),
    ("ABCD-EFGH", "ABCD-EFGH is not a code like theirs"),
])
def test_a_wrong_code_is_said_in_words(tmp_path, shared, typed, said):
    place = person(tmp_path, "c").colleagues(part="place")
    place.code_box.value = typed
    place.grid.set_placement(Placement(5, 5))
    place.share()
    assert said in place.feedback.html and "role='alert'" in place.feedback.html


def test_an_unplaced_colleague_is_not_shared(tmp_path, shared):
    place = person(tmp_path, "c").colleagues(part="place")
    place.code_box.value = answers.new_code()
    place.share()
    assert not place.grid.placed  # the sliders start with no value: 5/5 is never sent unasked
    assert "move the competence and caring sliders" in place.feedback.html


def test_a_shared_folder_that_cannot_be_written_still_gives_the_file(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("TRUSTGRID_RESPONSES_DIR", str(blocked))
    code = answers.new_code()
    place = answer(tmp_path, "c", code, Placement(6, 3))
    assert "Not saved in the shared folder" in place.feedback.html
    assert answers.parse_answer(downloaded(place), "x").placement == Placement(6, 3)


# --- files others put in place -----------------------------------------------------------

HOSTILE = {
    "big.json": (b" " * (answers.MAX_ANSWER_BYTES + 1), "larger than 16 KB, so not a response file"),
    "text.json": (b"hello", "damaged: not valid JSON"),
    "utf16.json": ("{}".encode("utf-16"), "saved as UTF-16 text; save it again as UTF-8"),
    "twice.json": (b'{"format": 1, "format": 2}', "damaged: the field 'format' appears twice"),
    "workshop.json": (b'{"format": "trustgrid-response", "version": 1}',
                      "not an answer from a colleague (it has no invitation code in it)"),
}


def _answer_with(code: str, **changes) -> bytes:
    body = json.loads(answers.answer_bytes(code, "a" * 16, Placement(5, 5)))
    body.update(changes)
    return json.dumps(body).encode()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_answer_file_is_refused_in_one_line(tmp_path, shared, name):
    invite = invited(tmp_path)
    content, why = HOSTILE[name]
    upload(invite, name, content)
    assert invite.upload_status.html == f"<ul><li>{html.escape(f'Not added: {name}: {why}.')}</li></ul>"
    assert invite.received_answers() == []


@pytest.mark.parametrize("changes,why", [
    ({"placement": {"competence": 11, "caring": 5}}, "placement.competence: 11 is outside 0 to 10"),
    ({"placement": {"competence": 5}}, "placement: needs exactly competence and caring"),
    ({"answer": "../../etc"}, "answer: '../../etc' is not an answer id"),
    ({"version": 9}, "made by another version of the course (version 9)"),
])
def test_an_answer_with_wrong_fields_is_refused_in_one_line(tmp_path, shared, changes, why):
    invite = invited(tmp_path)
    upload(invite, "bad.json", _answer_with(invite.code, **changes))
    assert invite.upload_status.html == f"<ul><li>{html.escape(f'Not added: bad.json: {why}.')}</li></ul>"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_shared_folder_is_skipped_without_waiting(tmp_path, shared):
    invite = invited(tmp_path)
    where = shared / "colleagues"
    where.mkdir(parents=True)
    os.mkfifo(where / f"{invite.code}-{'b' * 16}.json")
    for i, at in enumerate(COLLEAGUES):
        answer(tmp_path, f"c{i}", invite.code, at)
    invite.show()
    assert "3 colleagues have answered" in invite.result.html
    assert "1 answer file could not be used" in invite.result.html
    assert "not a regular file: it is a FIFO (named pipe)" in invite.result.html


# --- words about the gap -----------------------------------------------------------------

def test_the_words_about_the_gap_follow_the_data(tmp_path, shared):
    course = load_course(DEFAULT_DATA)
    regions = course.regions
    you = Placement(8, 7)
    invite = invited(tmp_path, at=you)
    for i, at in enumerate(COLLEAGUES):
        answer(tmp_path, f"c{i}", invite.code, at)
    invite.show()
    # Worked out here from the placements and the course's data, not copied from the widget.
    mid = Placement(statistics.median(p.competence for p in COLLEAGUES),
                    statistics.median(p.caring for p in COLLEAGUES))
    caring_gap = round(you.caring - mid.caring)
    competence_gap = round(you.competence - mid.competence)
    expected = [
        (f"3 colleagues have answered. You placed yourself at competence 8, caring 7: "
        f"{regions.of(you).name}. The middle of their answers is competence {mid.competence:g}, "
        f"caring {mid.caring:g}: {regions.of(mid).name}."),
        (f"Your colleagues place your caring about {caring_gap} out of 10 lower than you do "
        f"(their answers run from {min(p.caring for p in COLLEAGUES):g} to "
        f"{max(p.caring for p in COLLEAGUES):g})."),
        (f"Your colleagues place your competence about {competence_gap} out of 10 lower than you "
        f"do (their answers run from 6 to 8)."),
        WORDS["caring"]["lower"], WORDS["competence"]["lower"]]
    assert caring_gap == 2 and competence_gap == 1
    caption = ("On the grid below, the dark dot is you, the grey dot the middle of your colleagues' "
               "answers, and the dotted box the range their answers cover.")
    assert invite.result.html == "".join(f"<p>{html.escape(line)}</p>" for line in [*expected, caption])


def test_a_gap_that_crosses_a_region_and_close_agreement_are_said():
    regions = load_course(DEFAULT_DATA).regions
    spread = answers.Spread(4, Placement(7, 3), Placement(6, 2), Placement(8, 4))
    lines = colleagues.gap_words(regions, WORDS, Placement(7.5, 6), spread)
    assert (f"So you see yourself in {regions.of(Placement(7.5, 6)).name}, and your colleagues, "
            f"on the whole, see you in {regions.of(Placement(7, 3)).name}.") in lines
    assert "Your colleagues place your competence about where you do (their answers run from 6 to 8)." in lines
    assert lines[-1] == WORDS["caring"]["lower"]
    agree = colleagues.gap_words(regions, WORDS, Placement(7, 3.4),
                                 answers.Spread(3, Placement(7, 3), Placement(7, 3), Placement(7, 3)))
    assert "Your colleagues place your caring about where you do (their answers run all at 3)." in agree
    assert agree[-1] == WORDS["close"]
    higher = colleagues.gap_words(regions, WORDS, Placement(2, 2),
                                  answers.Spread(3, Placement(3.5, 2), Placement(3, 2), Placement(4, 2)))
    assert "Your colleagues place your competence about 2 out of 10 higher than you do" in higher[1]
    assert higher[-1] == WORDS["competence"]["higher"]
