"""A learner's answers survive re-running, restarting and a damaged work file."""

import json

import nbformat
import pytest
from nbclient import NotebookClient

from trustgrid.grid import SUGGESTED, YOU
from trustgrid.notebook import Session
from trustgrid.work import WorkStore

from .conftest import ROOT


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path))
    return WorkStore(tmp_path)


def test_placement_and_reveal_are_restored(store):
    first = Session("01_what_is_trust", store=store).place("skilled_but_dismissive_sister")
    first.grid.competence.value = 9
    first.grid.caring.value = 2
    first.reveal_button.click()
    again = Session("01_what_is_trust", store=WorkStore(store.folder)).place("skilled_but_dismissive_sister")
    assert (again.grid.figure.data[YOU].x, again.grid.figure.data[YOU].y) == ((9,), (2,))
    assert again.revealed and again.grid.figure.data[SUGGESTED].visible
    assert "The suggested placement is competence" in again.feedback.html


def test_reflection_is_saved_as_typed_and_restored(store):
    box = Session("01_what_is_trust", store=store).reflect("what_is_trust")
    box.value = "My caring, I think."
    saved = json.loads((store.folder / "work.json").read_text())
    assert saved["answers"]["01_what_is_trust"]["reflect:what_is_trust"] == "My caring, I think."
    assert Session("01_what_is_trust", store=WorkStore(store.folder)).reflect("what_is_trust").value == "My caring, I think."


def test_an_unreadable_work_file_is_kept_aside_and_the_learner_told(store):
    (store.folder / "work.json").write_text("{not json")
    session = Session("01_what_is_trust", store=WorkStore(store.folder))
    status = session.status()
    words = " ".join(getattr(child, "value", "") for child in status.children[1].children)
    assert "kept aside" in words
    aside = list(store.folder.glob("work.unreadable-*.json"))
    assert len(aside) == 1 and aside[0].read_text() == "{not json"


def test_a_bad_saved_placement_starts_afresh_instead_of_failing(store):
    store.set("01_what_is_trust", "place:skilled_but_dismissive_sister", {"competence": "lots", "caring": 99})
    activity = Session("01_what_is_trust", store=WorkStore(store.folder)).place("skilled_but_dismissive_sister")
    assert activity.grid.placement is None and activity.grid.competence.unset


def test_status_says_where_work_is_kept(store):
    html = Session("01_what_is_trust", store=store).status().children[0].value
    assert "work.json" in html and "Download my work" in html


def test_answers_come_back_after_a_kernel_restart(tmp_path):
    """Run the notebook, change answers from the kernel, then run it again in a new kernel."""
    path = ROOT / "notebooks" / "01_what_is_trust.ipynb"
    env_cell = nbformat.v4.new_code_cell(
        f"import os; os.environ['TRUSTGRID_WORK_DIR'] = {str(tmp_path)!r}")
    probe = nbformat.v4.new_code_cell(
        "w = course.place('skilled_but_dismissive_sister'); w.grid.competence.value = 8\n"
        "r = course.reflect('what_is_trust'); r.value = r.value or 'typed before the restart'\n"
        "print(w.grid.placement.competence, '|', r.value)")

    def run() -> str:
        nb = nbformat.read(path, as_version=4)
        nb.cells.insert(0, env_cell)
        nb.cells.append(probe)
        NotebookClient(nb, timeout=60, store_widget_state=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        return nb.cells[-1].outputs[0]["text"]

    assert run() == "8.0 | typed before the restart\n"
    (tmp_path / "work.json").write_text(
        (tmp_path / "work.json").read_text().replace("typed before the restart", "still here"))
    assert run() == "8.0 | still here\n"



def test_place_by_position_uses_the_course_map(store):
    session = Session("01_what_is_trust", store=store)
    assert session.place(1).scenario.id == session.uses("scenarios")[0] == "skilled_but_dismissive_sister"
    assert session.place(4).scenario.id == "interim_estates_manager"
    box = session.place(5)
    assert "asks for scenario 5, but the course map lists 4 for it" in box.value
    assert "map lists 0" in Session("99_unknown", store=store).place(1).value
