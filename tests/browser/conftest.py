"""Fixtures for real-browser tests: JupyterLab and Voilà in headless Chromium.

One JupyterLab and one Voilà server per test session (started on first use), one
Chromium per session, and a fresh browser context + page per test.

    def test_x(page, open_lab_notebook, open_voila, make_notebook): ...

Chromium missing → the tests are skipped with the reason shown; with ``CI`` set
they fail instead, so CI can never pass by running none of them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # the helper module beside this file


def pytest_ignore_collect(collection_path, config):
    # Notebooks written by a running (or crashed) session are not tests: keep nbval off them.
    if pages.ARTIFACTS in (collection_path, *collection_path.parents):
        return True
    return None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None:
        # Now, before fixtures tidy up (kernels shut down, page closed).
        from playwright.sync_api import Error as PlaywrightError

        with contextlib.suppress(PlaywrightError):
            shot = pages.screenshot(page, f"FAILED-{item.name}")
            report.sections.append(("browser", f"screenshot: {shot}"))
    return report


# --------------------------------------------------------------------------- servers


@pytest.fixture(scope="session")
def served_root() -> Path:
    """The folder both servers serve: the repo root, or $TRUSTGRID_BROWSER_ROOT."""
    return Path(os.environ.get("TRUSTGRID_BROWSER_ROOT", pages.REPO_ROOT)).resolve()


@pytest.fixture(scope="session")
def scratch_dir(served_root: Path):
    """A folder inside the served root for notebooks written by tests (removed after)."""
    name = f"session-{uuid.uuid4().hex[:8]}"
    if pages.ARTIFACTS.resolve().is_relative_to(served_root):
        path = pages.ARTIFACTS / "nb" / name  # tests/browser/artifacts/ is gitignored
    else:
        path = served_root / f".browser-scratch-{name}"
    path.mkdir(parents=True, exist_ok=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)
    try:
        path.parent.rmdir()  # artifacts/nb, if no other session is using it
    except OSError:
        pass


@pytest.fixture(scope="session")
def server_workdir(tmp_path_factory) -> Path:
    """Throw-away Jupyter settings, workspaces and runtime folders."""
    return tmp_path_factory.mktemp("jupyter-servers")


def _serve(kind: str, root: Path, workdir: Path):
    try:
        server = pages.start_server(kind, root, workdir, log_dir=workdir)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        pages.stop_server(server)


@pytest.fixture(scope="session")
def lab_server(served_root: Path, server_workdir: Path):
    """A running JupyterLab (``pages.Server``: ``.url(path)``, ``.token``, ``.log_tail()``)."""
    yield from _serve("lab", served_root, server_workdir)


@pytest.fixture(scope="session")
def voila_server(served_root: Path, server_workdir: Path):
    """A running Voilà serving ``served_root``: notebooks at /voila/render/<path>."""
    yield from _serve("voila", served_root, server_workdir)


# --------------------------------------------------------------------------- browser


# (chromium_path and browser, one Chromium per session, are in tests/conftest.py: the hub
# tests use the same one, as Playwright's sync API runs one instance per thread.)


@pytest.fixture
def page_log() -> pages.PageLog:
    """Console errors, uncaught page errors and non-local requests of ``page``."""
    return pages.PageLog()


@pytest.fixture
def page(browser, page_log: pages.PageLog):
    """A new page in a new browser context (no shared cookies or storage)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page_log.attach(page)
    yield page
    context.close()


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def open_lab_notebook(lab_server):
    """``open_lab_notebook(page, path, *, run_all=True, timeout_ms=60000, wait_for=None)``
    → the notebook panel locator. ``path``: relative to the served root
    (e.g. "notebooks/00_welcome.ipynb") or absolute. Kernels are shut down afterwards.
    """

    def _open(page, path, **kwargs):
        return pages.open_lab_notebook(page, lab_server, path, **kwargs)

    yield _open
    pages.shutdown_kernels(lab_server)


@pytest.fixture
def open_voila(voila_server):
    """``open_voila(page, path, *, timeout_ms=60000, wait_for=None)`` → ``#rendered_cells``.
    The page's kernel is shut down afterwards.
    """
    kernels: list[str] = []

    def _open(page, path, **kwargs):
        try:
            return pages.open_voila(page, voila_server, path, **kwargs)
        finally:
            from playwright.sync_api import Error as PlaywrightError

            with contextlib.suppress(PlaywrightError):
                kernel_id = pages.voila_kernel_id(page)
                if kernel_id:
                    kernels.append(kernel_id)

    yield _open
    for kernel_id in kernels:
        pages.voila_shutdown_kernel(voila_server, kernel_id)


@pytest.fixture
def make_notebook(scratch_dir: Path):
    """``make_notebook(name, cells) -> Path``: a clean notebook in the scratch folder.

    ``cells``: code strings, or ``("markdown", text)`` tuples. Removed after the test.
    """
    made: list[Path] = []

    def _make(name: str, cells) -> Path:
        path = scratch_dir / (name if name.endswith(".ipynb") else f"{name}.ipynb")
        made.append(pages.write_notebook(path, cells))
        return path

    yield _make
    for path in made:
        path.unlink(missing_ok=True)
