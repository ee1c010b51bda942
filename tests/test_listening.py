"""Listening practice: every pick gets feedback in words at once, and picks are kept."""

from pathlib import Path

import pytest

from trustgrid.data import DEFAULT_DATA, load_course
from trustgrid.errors import DataError
from trustgrid.notebook import Session
from trustgrid.widgets.listening import Item, ListeningPractice, Reply, items_of
from trustgrid.work import WorkStore

NOTEBOOK = "02_promise_ledger_practice"  # not in the course map: every item


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path))
    return WorkStore(tmp_path)


@pytest.fixture
def session(store):
    return Session(NOTEBOOK, store=store)


def test_the_course_has_enough_items_each_with_a_good_reply(session):
    items = items_of(session.course)
    assert len(items) >= 5
    for item in items.values():
        assert 3 <= len(item.replies) <= 4
        assert any(r.reflects for r in item.replies)
        assert not all(r.reflects for r in item.replies)


def test_picking_a_reply_gives_its_feedback_at_once(session):
    practice = session.listening()
    first = practice.items[0]
    assert first.feedback.html == ""
    assert "Which reply best reflects back what Chloe said?" in first.header.value
    good = next(i for i, r in enumerate(first.item.replies) if r.reflects)
    poor = next(i for i, r in enumerate(first.item.replies) if not r.reflects)

    first.choice.value = poor
    reply = first.item.replies[poor]
    assert "Not quite: this does not reflect back what you heard." in first.feedback.html
    assert reply.habit in first.feedback.html
    assert reply.feedback.replace("'", "&#x27;") in first.feedback.html

    first.choice.value = good  # changing your mind changes the feedback
    assert "Yes: this reflects back what you heard." in first.feedback.html
    assert "Says back the facts and the feeling" in first.feedback.html


def test_progress_counts_answers_and_good_reflections(session):
    practice = session.listening()
    total = len(practice.items)
    assert practice.progress_text() == f"0 of {total} answered, 0 reflected back well."
    for part in practice.items[:3]:
        part.choice.value = next(i for i, r in enumerate(part.item.replies) if r.reflects)
    wrong = practice.items[3]
    wrong.choice.value = next(i for i, r in enumerate(wrong.item.replies) if not r.reflects)
    assert practice.progress_text() == f"4 of {total} answered, 3 reflected back well."
    assert f"4 of {total} answered, 3 reflected back well." in practice.progress.html


def test_choices_are_saved_and_restored(store):
    practice = Session(NOTEBOOK, store=store).listening()
    practice.items[0].choice.value = 2
    practice.items[4].choice.value = 1
    ids = [practice.items[0].item.id, practice.items[4].item.id]
    assert Session(NOTEBOOK, store=store).answer("listening") == {ids[0]: 2, ids[1]: 1}

    again = Session(NOTEBOOK, store=WorkStore(store.folder)).listening()
    assert again.items[0].chosen == 2 and again.items[4].chosen == 1 and again.items[1].chosen is None
    assert again.items[0].feedback.html == practice.items[0].feedback.html != ""
    assert again.progress_text() == practice.progress_text()


def test_a_subset_keeps_picks_made_elsewhere(store):
    everything = Session(NOTEBOOK, store=store).listening()
    everything.items[0].choice.value = 1
    last = everything.items[-1].item.id
    subset = Session(NOTEBOOK, store=WorkStore(store.folder)).listening(ids=[last])
    assert len(subset.items) == 1 and subset.items[0].item.id == last
    subset.items[0].choice.value = 0
    saved = Session(NOTEBOOK, store=WorkStore(store.folder)).answer("listening")
    assert saved == {everything.items[0].item.id: 1, last: 0}


def test_damaged_saved_picks_are_ignored(store):
    store.set(NOTEBOOK, "listening", {"mattresses_for_the_ward": 9, "porter_blamed_for_delays": True,
                                      "reception_at_eight": 1, "gone": 0})
    practice = Session(NOTEBOOK, store=store).listening()
    assert [p.chosen for p in practice.items[:3]] == [None, None, 1]


def test_an_unknown_id_shows_an_error_box(session):
    box = session.listening(ids=["no_such_item"])
    assert "role='alert'" in box.value
    assert "there is no listening item with id &#x27;no_such_item&#x27;. Known ids:" in box.value


def test_text_from_data_is_escaped():
    item = Item("x", "Jo <b>", "a <i>nurse</i>", "It's <script>bad</script>",
                (Reply("Yes <u>", True, "Good & kind", "Fine <em>"), Reply("No", False, "Poor", "Meh")))
    practice = ListeningPractice([item])
    part = practice.items[0]
    part.choice.value = 0
    shown = part.header.value + part.feedback.html
    assert "Jo &lt;b&gt;" in shown and "&lt;script&gt;" in shown and "Good &amp; kind" in shown
    assert "Fine &lt;em&gt;" in shown and "<script>" not in shown and "<i>nurse" not in shown
    # radio labels are set as plain text by ipywidgets, so they are shown as written
    assert part.choice.options[0] == ("Yes <u>", 0)


def _bad_copy(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = (DEFAULT_DATA / "listening.yaml").read_text(encoding="utf-8")
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    path = tmp_path / "listening.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, line


def test_a_schema_error_names_the_line(tmp_path):
    path, line = _bad_copy(tmp_path, "        reflects: true", "        reflects: yes please")
    with pytest.raises(DataError) as caught:
        load_course(tmp_path)
    assert str(caught.value) == (f"{path}:{line}: listening[0].replies[1].reflects: "
                                 "expected true or false, found the text 'yes please'")


def test_an_item_with_no_good_reply_names_the_line(tmp_path):
    path, _ = _bad_copy(tmp_path, "        reflects: true", "        reflects: false")
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("    replies:")].count("\n") + 1
    box = Session(NOTEBOOK, str(tmp_path)).listening()
    assert "role='alert'" in box.value
    assert (f"{path}:{line}: listening[0].replies: no reply has reflects: true; "
            "mark the one that reflects back well") in box.value


def test_two_replies_that_read_the_same_are_refused(tmp_path):
    old = '"Everyone is short of equipment at the moment. It\'s not just us."'
    _path, line = _bad_copy(tmp_path, old, '"I\'ll email the equipment library about it now."')
    with pytest.raises(DataError, match=f"listening.yaml:{line}: listening\\[0\\].replies\\[2\\].text: "
                       "this reply reads the same as an earlier one"):
        items_of(load_course(tmp_path))


def test_notebook_two_takes_its_items_from_the_course_map(store):
    practice = Session("02_keeping_your_word", store=store).listening()
    assert [p.item.id for p in practice.items] == Session("02_keeping_your_word", store=store).uses("listening")
    assert len(practice.items) == 3
