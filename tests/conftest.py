from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
GOOD_COURSE = TESTS / "data" / "good" / "course"


@pytest.fixture
def good_course():
    from trustgrid.data import load_course

    return load_course(GOOD_COURSE)
