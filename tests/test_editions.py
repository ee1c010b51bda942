"""Editions: a course folder of its own data, for learners (no answers) or facilitators."""

import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from trustgrid.data import DEFAULT_DATA, load_course
from trustgrid.editions import NOTE_TAG, build, facilitator_notes
from trustgrid.errors import DataError
from trustgrid.kinds import model_answer_slots
from trustgrid.source import parse

from .conftest import ROOT

SOFTWARE = ROOT / "tests" / "data" / "courses" / "software_team"


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def model_answer_texts(folder):
    """Every model answer sentence of a course (long enough not to match by chance)."""
    texts = set()
    for path in folder.glob("*.yaml"):
        data, _lines, _problems = parse(path.read_text(encoding="utf-8"), path.name)
        for parent, key, _path in model_answer_slots(path.stem, data):
            texts |= {t.strip() for t in strings_in(parent.get(key)) if len(t.strip()) > 25}
    return texts


def edition_text(out):
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
                     if p.is_file() and p.suffix in {".yaml", ".ipynb", ".md", ".json", ".py", ".txt"})


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions") / "learner"
    build("learner", out, str(SOFTWARE), report=lambda _line: None)
    return out


def run_in_edition(out, notebook, tmp_path):
    """Run a notebook of an edition with that edition's own package, statically rendered."""
    nb = nbformat.read(out / notebook, as_version=4)
    env = {"PYTHONPATH": str(out), "TRUSTGRID_WORK_DIR": str(tmp_path), "TRUSTGRID_STATIC": "1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=120, store_widget_state=False,
                       resources={"metadata": {"path": str((out / notebook).parent)}}).execute()
    finally:
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
    return "\n".join(str(o.get("data", {}).get("text/html", "")) + str(o.get("text", ""))
                     for c in nb.cells for o in c.get("outputs", []))


def test_learner_edition_holds_no_model_answer_and_no_facilitator_note(learner):
    text = edition_text(learner)
    leaks = [t for t in model_answer_texts(SOFTWARE) | model_answer_texts(DEFAULT_DATA) if t in text]
    assert leaks == []
    notes = facilitator_notes(ROOT / "facilitator" / "README.md")
    assert len(notes) >= 12
    course_text = edition_text(ROOT / "notebooks") + edition_text(ROOT / "exercises")
    note_lines = {line.strip() for note in notes.values() for line in note.splitlines()
                  if len(line.strip()) > 40 and line.strip() not in course_text}
    assert [line for line in note_lines if line in text] == []
    assert not (learner / "facilitator").exists()
    assert load_course(learner / "data").edition == "learner"


def test_learner_edition_is_self_contained(learner):
    for name in ("README.md", "environment.yml", "postBuild", "pyproject.toml", "Makefile",
                 "trustgrid/__init__.py", "data/schema/scenarios.schema.json",
                 # the Voila template and the setting that turns it on go together
                 "jupyter-config/voila.py", "jupyter-share/voila/templates/trustgrid/page.html",
                 "scripts/install-jupyter-files",
                 "notebooks/01_what_is_trust.ipynb", "exercises/01_place_the_scenarios.ipynb"):
        assert (learner / name).exists(), name
    check = subprocess.run([sys.executable, "-m", "trustgrid", "validate", "data"], cwd=learner,
                           env={**os.environ, "PYTHONPATH": str(learner)}, capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr


def test_learner_edition_runs_with_its_own_scenarios_and_nothing_to_reveal(learner, tmp_path):
    shown = run_in_edition(learner, "notebooks/01_what_is_trust.ipynb", tmp_path)
    assert "The release captain who fixes everything" in shown and "The absent contractor" in shown
    assert "ward sister" not in shown and "Something in the course data needs fixing" not in shown
    assert "Admired" in shown  # the course's own region names
    assert "Which of Amara" in shown  # discussion prompts shown straight away


def test_learner_edition_passes_nbval(learner):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
         "--nbval-current-env", "notebooks/01_what_is_trust.ipynb"],
        cwd=learner, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(learner), "TRUSTGRID_WORK_DIR": str(learner / "my_work")}, check=False)
    assert result.returncode == 0, result.stdout[-2000:]


def test_facilitator_edition_puts_notes_inline_and_keeps_answers(tmp_path):
    out = tmp_path / "facilitator"
    build("facilitator", out, report=lambda _line: None)
    nb = nbformat.read(out / "notebooks" / "01_what_is_trust.ipynb", as_version=4)
    notes = [c for c in nb.cells if NOTE_TAG in c.metadata.get("tags", [])]
    assert len(notes) == 1 and "Facilitator notes" in notes[0].source
    assert nb.cells[1] is notes[0]
    assert "Notebook 1. What is trust?" in notes[0].source
    assert load_course(out / "data").scenarios["skilled_but_dismissive_sister"].reasoning
    assert (out / "facilitator" / "workshop_dashboard.ipynb").exists()


def test_an_edition_never_overwrites_other_work(tmp_path):
    (tmp_path / "mine.txt").write_text("precious")
    with pytest.raises(DataError, match="folder is not empty and is not an edition"):
        build("learner", tmp_path, report=lambda _line: None)
    assert (tmp_path / "mine.txt").read_text() == "precious"


def test_new_course_copies_data_that_validates(tmp_path):
    made = subprocess.run([sys.executable, "-m", "trustgrid", "new-course", str(tmp_path / "c")],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert made.returncode == 0, made.stderr
    first = (tmp_path / "c" / "scenarios.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/scenarios.schema.json"
    assert (tmp_path / "c" / "schema" / "scenarios.schema.json").exists()
    assert (tmp_path / "c" / "ADAPTING.md").exists()
    again = subprocess.run([sys.executable, "-m", "trustgrid", "new-course", str(tmp_path / "c")],
                           capture_output=True, text=True, cwd=ROOT, check=False)
    assert again.returncode == 2 and "already exists" in again.stderr
