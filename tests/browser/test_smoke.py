"""Smoke test of the stack the course stands on: an ipywidgets slider driving a
plotly FigureWidget renders and responds, in JupyterLab and in Voilà."""

from __future__ import annotations

import time

import pages
import pytest

pytestmark = pytest.mark.browser

# The axes are fixed (as on the trust grid): with autorange a lone point stays in
# the middle of the plot wherever it moves, and the test could not see it move.
SMOKE_CODE = """\
import ipywidgets as w, plotly.graph_objects as go
s = w.IntSlider(value=3, min=0, max=10, description='competence')
f = go.FigureWidget(go.Figure(
    go.Scatter(x=[3], y=[5], mode='markers'),
    layout=dict(xaxis=dict(range=[0, 10]), yaxis=dict(range=[0, 10])),
))
s.observe(lambda ch: f.data[0].update(x=[ch['new']]), 'value')
display(w.VBox([s, f]))"""


@pytest.fixture
def smoke_notebook(make_notebook):
    return make_notebook("smoke", [("markdown", "# Smoke test"), SMOKE_CODE])


def _wait_until_moved_right(point, x_before: float, why: str, timeout_s: float = 20) -> float:
    deadline = time.monotonic() + timeout_s
    x = x_before
    while time.monotonic() < deadline:
        x, _ = pages.point_centre(point)
        if x > x_before + 1:
            return x
        time.sleep(0.1)
    raise AssertionError(
        f"the slider moved but the point did not: x stayed {x:.1f} (was {x_before:.1f}) "
        f"for {timeout_s:.0f} s. {why}"
    )


def _check_slider_moves_point(page, page_log, name: str) -> None:
    point = pages.plotly_points(page).first
    point.wait_for(state="visible", timeout=30_000)
    assert pages.visible_errors(page) == []
    assert page_log.page_errors == []
    pages.screenshot(page, f"{name}-before")

    x_before, y_before = pages.point_centre(point)
    readout = page.locator(".widget-readout").first
    assert readout.inner_text().strip() == "3"
    page.locator(".widget-slider .noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    # The slider itself (browser only) ...
    page.wait_for_function(
        "(el) => el.textContent.trim() === '4'", arg=readout.element_handle(), timeout=10_000
    )
    # ... then the round trip: kernel observer -> figure update -> plotly redraw.
    x_after = _wait_until_moved_right(
        point,
        x_before,
        why=f"Page errors: {page_log.page_errors}. (Seen with Voilà 0.5.13: the kernel "
        "updates the FigureWidget but the page never redraws it.)",
    )
    _, y_after = pages.point_centre(point)
    assert abs(y_after - y_before) < 1, "only x was changed"
    assert pages.visible_errors(page) == []
    pages.screenshot(page, f"{name}-after")
    assert x_after > x_before


def test_lab_slider_moves_plotly_point(page, page_log, open_lab_notebook, smoke_notebook):
    open_lab_notebook(page, smoke_notebook)
    _check_slider_moves_point(page, page_log, "smoke-lab")
    assert page_log.page_errors == []
    assert page_log.unexpected_external_requests() == []


def test_voila_slider_moves_plotly_point(page, page_log, open_voila, smoke_notebook):
    open_voila(page, smoke_notebook, wait_for=".js-plotly-plot")
    assert page.get_by_text("import ipywidgets").count() == 0, "Voilà shows no code"
    _check_slider_moves_point(page, page_log, "smoke-voila")
    assert page_log.page_errors == []
    assert page_log.unexpected_external_requests() == []


@pytest.mark.parametrize(
    "server_fixture, path",
    [
        ("lab_server", "api/contents"),
        ("voila_server", "voila/render/{nb}"),
    ],
)
def test_servers_need_the_token(request, smoke_notebook, server_fixture, path):
    """Token auth stays on: without it there is nothing to see."""
    import urllib.error
    import urllib.request

    server = request.getfixturevalue(server_fixture)
    target = path.format(nb=pages.served_path(server, smoke_notebook))

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as denied:
        opener.open(f"{server.base_url}/{target}", timeout=10)
    assert denied.value.code in (302, 401, 403), denied.value.code
    with opener.open(server.url(target), timeout=60) as allowed:
        assert allowed.status == 200
