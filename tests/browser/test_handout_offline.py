"""The static handout, opened from file:// with the network blocked, shows every figure."""

import shutil

import pytest

from trustgrid.handout import build



pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    root = tmp_path_factory.mktemp("course")
    for folder, name in (("notebooks", "01_what_is_trust.ipynb"), ("notebooks", "03_good_working_relationships.ipynb"),
                         ("exercises", "04_handover_case_study.ipynb")):
        (root / folder).mkdir(exist_ok=True)
        shutil.copy(repo / folder / name, root / folder / name)
    out = tmp_path_factory.mktemp("site")
    build(out, root=root, report=lambda _line: None)
    return out


@pytest.mark.parametrize("name", ["01_what_is_trust", "03_good_working_relationships", "04_handover_case_study"])
def test_every_figure_draws_offline(browser, site, name):
    context = browser.new_context(offline=True)
    requests = []
    context.route("**/*", lambda route: (requests.append(route.request.url), route.continue_()
                                          if route.request.url.startswith("file://") else route.abort()))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((site / f"{name}.html").as_uri())
    page.wait_for_load_state("load")
    source = (site / f"{name}.html").read_text()
    expected = source.count("Plotly.newPlot(")
    assert expected > 0
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {expected}",
                           timeout=30_000)
    drawn = page.evaluate("[...document.querySelectorAll('.js-plotly-plot')].filter("
                          "d => d.querySelector('.main-svg') && d._fullLayout).length")
    assert drawn == expected
    assert errors == []
    assert [u for u in requests if not u.startswith("file://")] == []
    context.close()
