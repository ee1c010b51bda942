"""A cohort on a real JupyterHub, in headless Chromium through the hub's proxy.

Two learners and a facilitator log in on the hub's login page and get their own copy of
the course from the doc's nbgitpuller link. Each learner places the scenarios of notebook 1
in JupyterLab and of notebook 2 in Voilà, under ``/user/NAME/``, and shares; the
facilitator's dashboard, in Voilà, shows both after Refresh. Their answers are in their
own homes and come back when they open the page again; as real users, one learner can
neither read nor replace another's work or response.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import hub as hubs
import pages
import pytest

from trustgrid.data import load_course
from trustgrid.widgets.figure import PLOTLY_JS
from trustgrid.workshop import load_responses

pytestmark = pytest.mark.browser

COURSE = "trustgrid"  # the folder nbgitpuller makes: the repository's name
NOTEBOOK_1 = f"{COURSE}/notebooks/01_what_is_trust.ipynb"
NOTEBOOK_2 = f"{COURSE}/notebooks/02_keeping_your_word.ipynb"
DASHBOARD = f"{COURSE}/facilitator/workshop_dashboard.ipynb"
DOWNLOADED = 1_000_000  # more than this over the network for plotly.js: it was downloaded
LAB = ".jp-NotebookPanel:not(.lm-mod-hidden)"
VOILA = "#rendered_cells"

_PLACEMENTS_JS = """(scope) => Array.from(document.querySelectorAll(scope + ' .tg-placement'))
  .map(box => {
    const inputs = box.querySelectorAll('.tg-slider input[type=range]');
    return {label: box.querySelector('.tg-slider-label').textContent,
            competence: Number(inputs[0].value), caring: Number(inputs[1].value),
            words: box.querySelector('.tg-live').innerText};
  })"""


@dataclass
class Learner:
    person: hubs.Person
    shown: str  # the display name they share under
    presses: int  # how far they move each slider: the two learners disagree
    placed: dict[str, tuple[float, float]] = field(default_factory=dict)
    plotly: dict[str, list[pages.Fetched]] = field(default_factory=dict)
    external: list[str] = field(default_factory=list)
    restored: dict[str, tuple[float, float]] = field(default_factory=dict)
    shared_words: list[str] = field(default_factory=list)


def _by_person() -> dict[str, str]:
    people = {}
    for sid, scenario in load_course().scenarios.items():
        people.setdefault(f"Competence of {scenario.person}", sid)
    return people


def _read_placements(page, scope: str) -> dict[str, tuple[float, float]]:
    ids = _by_person()
    return {ids[p["label"]]: (p["competence"], p["caring"])
            for p in page.evaluate(_PLACEMENTS_JS, scope)}


def _place(page, scope: str, presses: int) -> dict[str, tuple[float, float]]:
    """Move every placement's competence up and caring down with the keyboard, wait until
    the course has answered each (its words change), and return what the page shows."""
    sliders = page.locator(f"{scope} .tg-placement .tg-slider input[type=range]")
    assert sliders.count() >= 2, "no placement on the page"
    for i in range(sliders.count()):
        sliders.nth(i).focus()
        for _ in range(presses):
            page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
    page.wait_for_function(
        f"(scope) => ({_PLACEMENTS_JS})(scope).every(p => !p.words.includes('not placed yet'))",
        arg=scope, timeout=30_000)
    # The words follow the kernel: once they stop changing, it has every move.
    assert pages.wait_unchanged(lambda: page.evaluate(_PLACEMENTS_JS, scope), 1.0, 30)
    return _read_placements(page, scope)


def _share(page, scope: str, shown: str) -> str:
    box = page.locator(scope).get_by_label("Your display name for the workshop").last
    box.fill(shown)
    page.locator(scope).get_by_role("button", name="Share my placements").last.click()
    said = page.locator(scope).get_by_text(re.compile(r"^Shared \d+ placements?")).last
    said.wait_for(timeout=30_000)
    return said.inner_text()


def _plotly(net: pages.NetworkLog) -> list[pages.Fetched]:
    return [f for f in net.responses(PLOTLY_JS) if f.network_bytes > DOWNLOADED]


def _learner_visit(browser, hub: hubs.Hub, learner: Learner) -> None:
    """Log in, get the course, place and share in JupyterLab, then in Voilà."""
    server = hubs.UserServer(hub, learner.person.name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        log = pages.PageLog()
        log.attach(page)
        hubs.log_in(page, hub, learner.person.name)
        # From the link on: the link opens JupyterLab, then the test opens notebook 1 in a
        # fresh workspace; plotly.js comes over the network once in all.
        net = pages.NetworkLog().attach(page)
        hubs.pull_course(page, hub, f"lab/tree/{NOTEBOOK_1}")
        pages.open_lab_notebook(page, server, NOTEBOOK_1)
        learner.placed.update(_place(page, LAB, learner.presses))
        learner.shared_words.append(_share(page, LAB, learner.shown))
        learner.plotly["lab"] = _plotly(net)
        page.close()

        page = context.new_page()
        log.attach(page)
        net = pages.NetworkLog().attach(page)
        pages.open_voila(page, hubs.UserServer(hub, learner.person.name, "voila"), NOTEBOOK_2)
        learner.placed.update(_place(page, VOILA, learner.presses + 1))
        learner.shared_words.append(_share(page, VOILA, learner.shown))
        learner.plotly["voila"] = _plotly(net)
        page.close()

        # Back the next day: notebook 1 again, its placements as they were left.
        page = context.new_page()
        log.attach(page)
        pages.open_lab_notebook(page, server, NOTEBOOK_1)
        learner.restored = _read_placements(page, LAB)
        learner.external = list(log.external_requests)
    except Exception:
        with contextlib.suppress(Exception):
            pages.screenshot(page, f"FAILED-hub-{learner.shown}")
        raise
    finally:
        context.close()


@dataclass
class Cohort:
    hub: hubs.Hub
    learners: list[Learner]
    facilitator: hubs.Person
    before_refresh: list[str]
    after_refresh: list[str]
    dashboard_points: dict[str, list[str]]
    dashboard_plotly: list[pages.Fetched]


_DASHBOARD_JS = """() => {
  const select = document.querySelector('#rendered_cells select');
  const plot = document.querySelector('#rendered_cells .js-plotly-plot');
  const others = plot && plot._fullData ? plot._fullData.find(t => t.name === 'others') : null;
  const words = (o) => o.textContent.replace(/\u00a0/g, ' ');  // ipywidgets' spaces
  return {options: select ? Array.from(select.options).map(words) : [],
          chosen: select && select.selectedOptions.length ? words(select.selectedOptions[0]) : null,
          names: others ? others.text : []};
}"""


@pytest.fixture(scope="module")
def cohort(hub, browser, people) -> Cohort:
    learners = [Learner(p, shown, presses) for p, shown, presses in
                zip(people["learners"], ("Alice", "Bob"), (2, 4), strict=True)]
    facilitator = people["facilitator"][0]
    hub.start_servers([p.name for p in (*people["learners"], facilitator)])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        hubs.log_in(page, hub, facilitator.name)
        net = pages.NetworkLog().attach(page)
        hubs.pull_course(page, hub, f"voila/render/{DASHBOARD}")
        pages.open_voila(page, hubs.UserServer(hub, facilitator.name, "voila"), DASHBOARD)
        before = page.evaluate(_DASHBOARD_JS)["options"]
        for learner in learners:
            _learner_visit(browser, hub, learner)
        page.locator(VOILA).get_by_role("button", name="Refresh").click()
        try:
            page.wait_for_function(
                f"() => ({_DASHBOARD_JS})().options.some(o => o.includes('(2 placed'))",
                timeout=30_000)
        except Exception as exc:
            pages.screenshot(page, "FAILED-hub-dashboard")
            raise AssertionError(
                f"the dashboard after Refresh: {page.evaluate(_DASHBOARD_JS)}; "
                f"{page.locator(VOILA).inner_text()[-1500:]}; responses folder: "
                f"{sorted(p.name for p in hub.responses.iterdir())}") from exc
        after = page.evaluate(_DASHBOARD_JS)["options"]
        points = {}
        select = page.locator(f"{VOILA} select").first
        titles = {s.title: sid for sid, s in load_course().scenarios.items()}
        for index, option in enumerate(after):
            select.select_option(index=index)
            page.wait_for_function(f"(v) => ({_DASHBOARD_JS})().chosen === v", arg=option)
            assert pages.wait_unchanged(lambda: page.evaluate(_DASHBOARD_JS), 0.5, 20)
            points[titles[option.split(" (")[0]]] = list(page.evaluate(_DASHBOARD_JS)["names"])
        pages.screenshot(page, "hub-dashboard")
        return Cohort(hub, learners, facilitator, before, after, points, _plotly(net))
    finally:
        context.close()


def _home(hub: hubs.Hub, name: str) -> Path:
    return hubs.UserServer(hub, name).root


def test_the_dashboard_shows_both_learners_after_refresh(cohort):
    assert cohort.before_refresh == ["No placements yet"]
    assert set(cohort.dashboard_points) == {s for l in cohort.learners for s in l.placed}
    for sid, names in cohort.dashboard_points.items():
        placed_by = sorted(l.shown for l in cohort.learners if sid in l.placed)
        assert sorted(names) == placed_by, f"{sid}: the dashboard shows {names}"


def test_each_share_is_one_response_per_learner_with_what_the_page_showed(cohort):
    responses, skipped = load_responses(cohort.hub.responses)
    assert skipped == []
    by_name = {r.participant: r for r in responses}
    assert sorted(by_name) == ["Alice", "Bob"]
    assert len(list(cohort.hub.responses.glob("*.json"))) == 2, "a second share replaces the first"
    for learner in cohort.learners:
        got = {s: tuple(p) for s, p in by_name[learner.shown].placements.items()}
        assert got == learner.placed
        # and the course told them where it went: the folder the doc's settings name
        assert all(str(cohort.hub.responses) in words for words in learner.shared_words)


def test_each_learners_work_is_in_their_own_copy_and_comes_back(cohort):
    for learner in cohort.learners:
        work = _home(cohort.hub, learner.person.name) / COURSE / "my_work" / "work.json"
        assert work.is_file(), f"no work in {work}"
        assert learner.restored == {s: p for s, p in learner.placed.items()
                                    if s in learner.restored}
        assert learner.restored, "notebook 1 showed no placements when opened again"


def test_nothing_is_written_beside_the_installed_course(cohort):
    site = next((cohort.hub.venv / "lib").glob("python*/site-packages"))
    for beside in ("my_work", "responses"):
        assert not (site / beside).exists(), f"{site / beside} was written"


def test_plotly_js_comes_once_per_page_from_the_learners_own_server(cohort):
    for learner in cohort.learners:
        prefix = f"{cohort.hub.url}/user/{learner.person.name}/"
        for kind, downloads in learner.plotly.items():
            assert len(downloads) == 1, f"{learner.shown}, {kind}: plotly.js {downloads}"
            assert downloads[0].url.startswith(prefix), downloads[0].url
        assert learner.external == []
    assert len(cohort.dashboard_plotly) == 1


def _as(user: str, code: str) -> subprocess.CompletedProcess:
    """Run Python ``code`` as the system user ``user`` (in the course's environment)."""
    venv_python = str(hubs.user_environment() / "bin" / "python")
    return subprocess.run(["runuser", "-u", user, "--", venv_python, "-c", code],
                          capture_output=True, text=True, timeout=60, check=False,
                          env={"PATH": os.environ["PATH"], "HOME": "/"})


@pytest.mark.skipif(not hubs.AS_ROOT, reason="needs real users: run the tests as root (as CI "
                    "does) so the hub starts each person's server as their own system user")
def test_a_learner_can_neither_read_nor_replace_anothers_work_or_response(cohort):
    alice, bob = (l.person.name for l in cohort.learners)
    work = _home(cohort.hub, alice) / COURSE / "my_work" / "work.json"
    response = cohort.hub.responses / next(r.file for r in load_responses(cohort.hub.responses)[0]
                                           if r.participant == "Alice")
    for target in (work, response):
        read = _as(bob, f"open({str(target)!r}).read()")
        assert "PermissionError" in read.stderr, f"{bob} could read {target}"
        replaced = _as(bob, f"import os; open({str(target) + '.x'!r}, 'w').write('x'); "
                            f"os.replace({str(target) + '.x'!r}, {str(target)!r})")
        assert "PermissionError" in replaced.stderr, f"{bob} could replace {target}"
    listed = _as(bob, "from trustgrid.workshop import load_responses; "
                      f"print(load_responses({str(cohort.hub.responses)!r}))")
    assert "cannot read the folder" in listed.stdout, listed
    # The facilitator reads them all.
    facilitated = _as(cohort.facilitator.name, "from trustgrid.workshop import load_responses; "
                      f"print(len(load_responses({str(cohort.hub.responses)!r})[0]))")
    assert facilitated.stdout.strip() == "2", facilitated
