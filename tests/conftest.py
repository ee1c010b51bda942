from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
GOOD_COURSE = TESTS / "data" / "good" / "course"


@pytest.fixture(autouse=True)
def own_work_and_responses(tmp_path_factory, monkeypatch):
    """Every test has its own work and responses folders, never the course's my_work/ or
    responses/ (a test may point them elsewhere itself)."""
    folder = tmp_path_factory.mktemp("learner")
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(folder / "my_work"))
    monkeypatch.setenv("TRUSTGRID_RESPONSES_DIR", str(folder / "responses"))
    return folder


@pytest.fixture
def good_course():
    from trustgrid.data import load_course

    return load_course(GOOD_COURSE)
