"""plotly.js reaches a page once, over HTTP, from the server the page came from.

In JupyterLab and in Voilà, at ``/`` and under a hub-like base URL (``/user/alice/``): a
page with four figures fetches plotly.js at most once, its kernel websocket carries figure
data only (well under 2 MB), nothing is asked of any host but 127.0.0.1, and the next
notebook in the same browser does not download plotly.js again. The Voilà server under
``/user/alice/`` runs with progressive rendering turned off (the course turns it on, in
jupyter-config/voila.py): its figures must still follow their sliders.
"""

from __future__ import annotations

import contextlib

import pages
import pytest

from trustgrid.widgets.figure import PLOTLY_JS

pytestmark = pytest.mark.browser

ALICE = "/user/alice/"
FOUR_FIGURES = "notebooks/01_what_is_trust.ipynb"
ONE_FIGURE = "notebooks/00_welcome.ipynb"
WEBSOCKET_LIMIT = 2_000_000
DOWNLOADED = 1_000_000  # more than this over the network for plotly.js: it was downloaded


@pytest.fixture(scope="module")
def alice_servers(served_root, tmp_path_factory):
    """JupyterLab and Voilà under /user/alice/ (Voilà without progressive rendering)."""
    started: dict[str, pages.Server] = {}
    try:
        for kind, extra in (("lab", ()),
                            ("voila", ("--VoilaConfiguration.progressive_rendering=False",))):
            workdir = tmp_path_factory.mktemp(f"alice-{kind}")
            started[kind] = pages.start_server(kind, served_root, workdir, log_dir=workdir,
                                               prefix=ALICE, extra_args=extra)
        yield started
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    finally:
        for server in started.values():
            pages.stop_server(server)


@pytest.fixture(params=[("lab", "/"), ("voila", "/"), ("lab", ALICE), ("voila", ALICE)],
                ids=lambda p: f"{p[0]}{p[1].rstrip('/') or '-root'}".replace("/", "-"))
def server(request):
    kind, prefix = request.param
    if prefix == "/":
        return request.getfixturevalue("lab_server" if kind == "lab" else "voila_server")
    return request.getfixturevalue("alice_servers")[kind]


def _open(page, server: pages.Server, notebook: str) -> str:
    """Open ``notebook`` and wait until every figure is drawn; the page's scope selector."""
    if server.kind == "lab":
        pages.open_lab_notebook(page, server, notebook)
        scope = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    else:
        pages.open_voila(page, server, notebook)
        scope = "#rendered_cells"
    state = pages.wait_drawn(page, scope)
    assert state["plots"] and all(p["laidOut"] and p["marks"] for p in state["plots"]), state
    return scope


def _close(page, server: pages.Server) -> None:
    kernel = pages.voila_kernel_id(page) if server.kind == "voila" else None
    page.close()
    if kernel:
        pages.voila_shutdown_kernel(server, kernel)
    else:
        pages.shutdown_kernels(server)


def test_plotly_js_comes_once_from_the_pages_own_server(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        log, net = pages.PageLog(), pages.NetworkLog()
        log.attach(page)
        net.attach(page)
        scope = _open(page, server, FOUR_FIGURES)
        assert len(pages.drawn(page, scope)["plots"]) == 4

        plotly = net.responses(PLOTLY_JS)
        downloads = [f for f in plotly if f.network_bytes > DOWNLOADED]
        assert len(downloads) == 1, f"plotly.js fetched {len(downloads)} times: {plotly}"
        # Loaded before any widget, by the course's JupyterLab extension or Voilà template,
        # and asked for once: the figures found it ready.
        assert len(plotly) == 1, plotly
        assert page.evaluate("() => window.Plotly.version") == PLOTLY_JS.split("-")[1][:5]
        assert downloads[0].url.startswith(f"{server.base_url}{server.prefix}")
        assert net.websocket_bytes < WEBSOCKET_LIMIT, (
            f"{net.websocket_bytes:,} bytes came over the websocket for 4 figures")
        assert log.external_requests == []
        assert log.page_errors == []
        assert pages.visible_errors(page) == []
        _close(page, server)

        # The next notebook, in the same browser: plotly.js is kept (JupyterLab) or
        # confirmed unchanged (Voilà asks again and gets a 304), never downloaded again.
        page = context.new_page()
        net = pages.NetworkLog().attach(page)
        log = pages.PageLog()
        log.attach(page)
        _open(page, server, ONE_FIGURE)
        again = net.responses(PLOTLY_JS)
        assert again and not [f for f in again if f.network_bytes > DOWNLOADED], again
        if server.kind == "lab":
            assert all(f.from_cache for f in again), f"JupyterLab asked again: {again}"
        assert log.external_requests == []
        _close(page, server)
    finally:
        with contextlib.suppress(Exception):
            context.close()


_MARKER_JS = """(scope) => Array.from(document.querySelectorAll(scope + ' .tg-placement'))
  .map(box => {
    const slider = box.querySelector('.tg-slider input[type=range]');
    const plot = box.querySelector('.js-plotly-plot');
    const you = plot && plot._fullData ? plot._fullData.find(t => t.name === 'your placement')
                                       : null;
    return {slider: Number(slider.value), marker: you && you.x.length ? Number(you.x[0]) : null,
            words: box.querySelector('.tg-live').innerText};
  })"""


def test_voila_figures_follow_their_sliders_without_progressive_rendering(browser,
                                                                          alice_servers):
    server = alice_servers["voila"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        _open(page, server, FOUR_FIGURES)
        before = page.evaluate(_MARKER_JS, "#rendered_cells")
        assert len(before) >= 2
        sliders = page.locator("#rendered_cells .tg-placement .tg-slider input[type=range]")
        for i in range(len(before)):
            sliders.nth(2 * i).focus()  # each placement's competence slider
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            f"(b) => ({_MARKER_JS})('#rendered_cells').every((s, i) => "
            "s.slider !== b[i].slider && s.marker === s.slider && s.words !== b[i].words)",
            arg=before, timeout=30_000)
        _close(page, server)
    finally:
        context.close()


FALLBACK_CELLS = [
    """from trustgrid.notebook import start
course = start("no_page_config")
course.place("skilled_but_dismissive_sister")""",
]


def test_a_page_without_jupyter_config_gets_plotly_js_from_the_kernel(page, page_log, lab_server,
                                                                      make_notebook):
    """VS Code and Colab have no #jupyter-config-data (and no course extension to load
    plotly.js as they start): the figure asks the kernel instead."""
    notebook = make_notebook("no_page_config", FALLBACK_CELLS)
    pages.open_lab_notebook(page, lab_server, notebook, run_all=False)
    net = pages.NetworkLog().attach(page)
    page.evaluate("() => { document.getElementById('jupyter-config-data').remove(); "
                  "delete window.Plotly; }")
    try:
        pages.lab_run_all(page)
        state = pages.wait_drawn(page, ".jp-NotebookPanel:not(.lm-mod-hidden)")
        assert [p["marks"] > 0 for p in state["plots"]] == [True], state
        assert net.responses(PLOTLY_JS) == []
        assert net.websocket_bytes > 4_000_000, "plotly.js should have come from the kernel"
        assert page_log.page_errors == []
    finally:
        pages.shutdown_kernels(lab_server)
