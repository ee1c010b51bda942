import sys
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


# --------------------------------------------------------------------------- one Chromium
# For the browser tests and the hub tests alike: Playwright's sync API allows one running
# instance per thread, so a second session fixture of its own would fail.

def _pages():
    if str(TESTS / "browser") not in sys.path:
        sys.path.insert(0, str(TESTS / "browser"))
    import pages  # tests/browser/pages.py

    return pages


@pytest.fixture(scope="session")
def chromium_path() -> str:
    pages = _pages()
    path, looked = pages.chromium_executable()
    if not path:
        pages.skip_or_fail(
            f"Chromium not found at {', '.join(looked)}; "
            "install Debian's chromium package (or set CHROMIUM_PATH)"
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    pages = _pages()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        pages.skip_or_fail("Playwright is not installed; pip install -e '.[test]'")
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=pages.CHROMIUM_ARGS,
        )
    except PlaywrightError as exc:
        pw.stop()
        pages.skip_or_fail(f"Chromium at {chromium_path} did not start: {exc}")
    yield browser
    browser.close()
    pw.stop()
