"""The course's Voilà template (jupyter-share/voila/templates/trustgrid): every Voilà page —
a course notebook, the folder listing, a 404 — asks for nothing off the machine, standalone
and inside JupyterLab, and the icons still draw (from the Font Awesome in Voilà's bundle)."""

from __future__ import annotations

import contextlib

import pages
import pytest

pytestmark = pytest.mark.browser

# A course notebook with icons on its buttons (Previous, Next, Compare all: ipywidgets'
# Font Awesome classes).
NOTEBOOK = "exercises/01_place_the_scenarios.ipynb"
TEMPLATE_STATIC = "/voila/templates/trustgrid/static/"

_ICONS_JS = """
async () => {
  await document.fonts.ready;
  const loaded = new Set(Array.from(document.fonts)
    .filter(f => f.status === 'loaded')
    .map(f => f.family.replace(/["']/g, '') + ' ' + f.weight));
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  return Array.from(document.querySelectorAll('i.fa')).filter(visible).map(i => {
    const s = getComputedStyle(i, '::before');
    const family = s.fontFamily.split(',')[0].replace(/["']/g, '').trim();
    return {icon: i.className, font: family, glyph: !['none', 'normal', '""'].includes(s.content),
            loaded: loaded.has(family + ' ' + s.fontWeight)};
  });
}
"""


@pytest.fixture
def failed_assets(page) -> list[str]:
    """Stylesheets and fonts the page asked for and did not get."""
    failed: list[str] = []
    kinds = ("stylesheet", "font")
    page.on("requestfailed", lambda r: r.resource_type in kinds and failed.append(
        f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.request.resource_type in kinds and r.status >= 400
            and failed.append(f"{r.url} (HTTP {r.status})"))
    return failed


def check_offline(page, page_log: pages.PageLog, failed_assets: list[str]) -> None:
    """Nothing off 127.0.0.1, every stylesheet and font loaded, the course's template used."""
    assert page_log.unexpected_external_requests() == []
    assert failed_assets == []
    # A blocked CDN stylesheet shows up as "Failed to load resource: net::ERR_...".
    assert [e for e in page_log.console_errors if "net::ERR" in e or ".css" in e] == []
    used = page.locator(f'link[href*="{TEMPLATE_STATIC}"], script[src*="{TEMPLATE_STATIC}"]')
    assert used.count() > 0, (
        "the page does not come from the course's Voilà template: install the course's "
        "Jupyter files (make, or scripts/install-jupyter-files PREFIX)")


def check_icons(page) -> list[dict]:
    icons = page.evaluate(_ICONS_JS)
    assert icons, "no Font Awesome icon on the page to check"
    wrong = [i for i in icons
             if not (i["font"].startswith("Font Awesome 5") and i["glyph"] and i["loaded"])]
    assert wrong == []
    return icons


@pytest.fixture
def lab_voila_kernels(lab_server):
    """Kernel ids of Voilà pages opened on the JupyterLab server; shut down afterwards."""
    kernels: list[str] = []
    yield kernels
    for kernel_id in kernels:
        pages.voila_shutdown_kernel(lab_server, kernel_id)


def test_standalone_voila_notebook(page, page_log, failed_assets, open_voila):
    open_voila(page, NOTEBOOK, wait_for=".js-plotly-plot")
    check_offline(page, page_log, failed_assets)
    check_icons(page)
    assert page_log.page_errors == []
    pages.screenshot(page, "voila-template-notebook")


def test_voila_in_jupyterlab_notebook(page, page_log, failed_assets, lab_server,
                                      lab_voila_kernels):
    """/voila/render/ on the JupyterLab server (Voilà's server extension, as on Binder)."""
    try:
        pages.open_voila(page, lab_server, NOTEBOOK, wait_for=".js-plotly-plot")
    finally:
        from playwright.sync_api import Error as PlaywrightError

        with contextlib.suppress(PlaywrightError):
            if kernel_id := pages.voila_kernel_id(page):
                lab_voila_kernels.append(kernel_id)
    check_offline(page, page_log, failed_assets)
    check_icons(page)
    assert page_log.page_errors == []


@pytest.mark.parametrize("server_fixture", ["voila_server", "lab_server"])
@pytest.mark.parametrize(
    "path, query, shows",
    [
        ("voila/tree", {}, "notebooks"),  # the listing Voilà shows by default
        ("voila/tree/notebooks", {"classic-tree": "true"}, "00_welcome.ipynb"),  # with icons
        ("voila/render/no-such-notebook.ipynb", {}, "404"),
    ],
    ids=["tree", "classic-tree", "404"],
)
def test_voila_pages_that_are_not_notebooks(request, page, page_log, failed_assets,
                                            server_fixture, path, query, shows):
    server = request.getfixturevalue(server_fixture)
    page.goto(server.url(path, **query), wait_until="networkidle")
    page.get_by_text(shows).first.wait_for(state="visible")
    check_offline(page, page_log, failed_assets)
    if "classic-tree" in query:
        check_icons(page)
    if server_fixture == "voila_server":
        pages.screenshot(page, f"voila-template-{request.node.callspec.id}")
