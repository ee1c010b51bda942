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


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from pathlib import Path

    root = tmp_path_factory.mktemp("hostile")
    (root / "facilitator").mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "data" / "hostile_guide.md",
                root / "facilitator" / "README.md")
    out = tmp_path_factory.mktemp("hostile-site")
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


def test_a_hostile_guide_runs_nothing_and_fetches_nothing(browser, hostile_site):
    context = browser.new_context()
    requests, dialogs = [], []
    context.on("request", lambda request: requests.append(request.url))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                  else route.abort())
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((hostile_site / "facilitator.html").as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned === undefined"), page.evaluate("window.__pwned")
    assert dialogs == []
    assert [u for u in requests if not u.startswith("file://")] == []
    assert page.evaluate("document.querySelectorAll('main script, main iframe, main img, main form,"
                         " main link, main style, main object, main embed').length") == 0
    text = page.locator("main").inner_text()
    assert "<script>window.__pwned = 'script'; alert('script')</script>" in text
    assert page.locator("main table td", has_text="taster sessions").count() == 1
    page.evaluate("[...document.querySelectorAll('main a, main span')].filter("
                  "a => a.textContent === 'click me').forEach(a => a.click())")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned === undefined"), page.evaluate("window.__pwned")
    context.close()
