"""Every course notebook as a learner gets it: JupyterLab after Run All, and Voilà.

For each notebook in notebooks/, exercises/ and facilitator/ (found with a glob, so a new
notebook is tested without editing this file), in each of JupyterLab and Voilà:

* ``test_first_render``: no error output, no "Error displaying widget", no uncaught page
  error, every widget view drawn and every figure drawn with marks; each trust grid's
  marker and each radar's shape sit where the page's sliders say, and the sliders show the
  answers saved before the page opened (the kernel's state, not the widgets' defaults).
* ``test_keyboard``: every control is used with the keyboard only, as a person without a
  mouse would: type in text boxes, choose radio options with the arrow keys, move sliders
  with ArrowRight, choose from drop-down lists with ArrowDown, and Tab to each button and
  press Enter or Space. After each, the words change (the ``.tg-live`` feedback and the
  figures' text descriptions, ``.tg-figure-text``), and for sliders and choices beside a
  figure, the figure is redrawn. Reveal buttons must make something new appear. Afterwards
  the figures still agree with the sliders, and there are still no errors.

One page per notebook and kind is opened once and shared by its tests (module-scoped), so
the suite opens 2 x N pages. The servers keep learners' work in a throw-away folder
($TRUSTGRID_WORK_DIR, see pages.server_env), which is seeded with saved answers first.
Screenshots: tests/browser/artifacts/<kind>-<notebook>.png (and ...-after.png).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pages
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(os.environ.get("TRUSTGRID_BROWSER_ROOT", pages.REPO_ROOT)).resolve()
FOLDERS = ("notebooks", "exercises", "facilitator")
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for f in FOLDERS for p in (ROOT / f).glob("*.ipynb"))
KINDS = ("lab", "voila")
SCOPE = {"lab": ".jp-NotebookPanel:not(.lm-mod-hidden)", "voila": "#rendered_cells"}
CHANGE_TIMEOUT_S = max(10.0, pages.STEP_TIMEOUT_S / 3)  # a kernel round trip on a busy machine

# Buttons that reveal something; they are pressed last and must add something new.
REVEAL = re.compile(r"^(Reveal|Show)\b")
# A text typed into each single-line text box (e.g. the team map's "Initials or role").
TYPED = "JP"


def test_every_notebook_is_found():
    assert len(NOTEBOOKS) >= 13, NOTEBOOKS
    assert any(n.startswith("facilitator/") for n in NOTEBOOKS)


# --------------------------------------------------------------------------- saved work


def _start_name(path: Path) -> str | None:
    """The notebook name passed to ``start("...")``: the key its answers are saved under."""
    match = re.search(r"start\(\\?\"([^\"\\]+)\\?\"", path.read_text(encoding="utf-8"))
    return match.group(1) if match else None


def _seeded_placement(i: int) -> dict:
    """Distinct, off-centre placements (never the widgets' default of 5 and 5)."""
    return {"competence": 1 + (3 * i) % 9, "caring": 9 - (4 * i) % 8 if i % 3 else 2 + i % 7}


def seed_answers(server: pages.Server) -> dict[str, list[tuple[float, float]]]:
    """Save answers in ``server``'s work folder, as if the learner had been here before,
    and put the example workshop responses in its responses folder. Returns each
    notebook's seeded (competence, caring) pairs."""
    from trustgrid.data import load_course
    from trustgrid.work import WorkStore

    course = load_course(None)
    folder = server.env_dirs["TRUSTGRID_WORK_DIR"]
    store = WorkStore(folder)
    seeded: dict[str, list[tuple[float, float]]] = {}
    scores = [2, 4, 1, 5, 3]
    for nb in NOTEBOOKS:
        name = _start_name(ROOT / nb)
        if not name:
            continue
        pairs = []
        for i, scenario in enumerate(course.scenarios):
            p = _seeded_placement(i)
            store.set(name, f"place:{scenario}", {**p, "revealed": False})
            pairs.append((p["competence"], p["caring"]))
        store.set(name, "warm_up", {"competence": 3, "caring": 8})
        pairs.append((3, 8))
        store.set(name, "scores", {b: scores[i % len(scores)]
                                   for i, b in enumerate(course.behaviours)})
        seeded[name] = pairs
    responses = server.env_dirs["TRUSTGRID_RESPONSES_DIR"]
    responses.mkdir(parents=True, exist_ok=True)
    for example in (ROOT / "facilitator" / "example_responses").glob("*.json"):
        shutil.copy(example, responses / example.name)
    return seeded


_SEEDED: dict[int, dict[str, list[tuple[float, float]]]] = {}


def seeded_for(server: pages.Server) -> dict[str, list[tuple[float, float]]]:
    if server.port not in _SEEDED:
        _SEEDED[server.port] = seed_answers(server)
    return _SEEDED[server.port]


def _add_response(server: pages.Server) -> None:
    """A participant shares while the facilitator watches (so Refresh has news)."""
    from trustgrid.workshop import write_response

    write_response(server.env_dirs["TRUSTGRID_RESPONSES_DIR"], "Late Lark",
                   {"skilled_but_dismissive_sister": {"competence": 2, "caring": 2}})


# Done just before a button is pressed, so the press has something to show.
BEFORE_PRESS = {"Refresh": _add_response}


# --------------------------------------------------------------------------- the page


@dataclass
class Opened:
    kind: str
    notebook: str
    server: pages.Server
    page: object
    log: pages.PageLog
    seconds: float  # from loading the page to every figure drawn
    seeded: list[tuple[float, float]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.kind}-{Path(self.notebook).parent.name}-{Path(self.notebook).stem}"

    @property
    def scope(self) -> str:
        return SCOPE[self.kind]


@pytest.fixture(scope="module", params=[(k, n) for n in NOTEBOOKS for k in KINDS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def opened(request, browser):
    kind, notebook = request.param
    server = request.getfixturevalue("lab_server" if kind == "lab" else "voila_server")
    seeded = seeded_for(server).get(_start_name(ROOT / notebook) or "", [])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    context.set_default_timeout(30_000)
    page = context.new_page()
    log = pages.PageLog()
    log.attach(page)
    start = time.monotonic()
    kernel_id = None
    try:
        if kind == "lab":
            pages.open_lab_notebook(page, server, notebook)
        else:
            try:
                pages.open_voila(page, server, notebook)
            finally:
                kernel_id = pages.voila_kernel_id(page)
        pages.wait_drawn(page, SCOPE[kind])
        yield Opened(kind, notebook, server, page, log, time.monotonic() - start, seeded)
    finally:
        with contextlib.suppress(Exception):
            context.close()
        if kind == "lab":
            pages.shutdown_kernels(server)
        elif kernel_id:
            pages.voila_shutdown_kernel(server, kernel_id)


# The conftest's failure hook screenshots the test's ``page``: make it this shared one.
@pytest.fixture
def page(opened):
    return opened.page


@pytest.fixture
def page_log(opened):
    return opened.log


# --------------------------------------------------------------------------- checks

_STATE_JS = r"""
(scope) => {
  const root = document.querySelector(scope);
  const found = {grids: [], radars: [], problems: []};
  const traceGroup = (plot, name) => Array.from(plot.querySelectorAll('.scatterlayer .trace'))
    .find(g => g.__data__ && g.__data__[0] && g.__data__[0].trace &&
               g.__data__[0].trace.name === name);
  const translate = el => {
    const m = /translate\(\s*([-\d.e]+)[ ,]\s*([-\d.e]+)\s*\)/.exec(el.getAttribute('transform') || '');
    return m ? [Number(m[1]), Number(m[2])] : null;
  };
  // Trust grids: two sliders (competence, caring) and the "your placement" marker.
  for (const box of root.querySelectorAll('.tg-placement, .tg-team-map')) {
    const sliders = Array.from(box.querySelectorAll('.tg-slider input[type=range]'));
    const plot = box.querySelector('.js-plotly-plot');
    const where = (box.querySelector('.tg-slider-label') || {}).textContent || box.className;
    if (sliders.length !== 2 || !plot || !plot._fullData) {
      found.problems.push(`${where}: expected two sliders and a drawn grid, found ` +
                          `${sliders.length} sliders and ${plot ? 'a' : 'no'} figure`);
      continue;
    }
    if (sliders[0].disabled) continue;  // nobody to place yet (an empty team map)
    const want = sliders.map(s => Number(s.value));
    const trace = plot._fullData.find(t => t.name === 'your placement');
    const g = traceGroup(plot, 'your placement');
    const point = g && g.querySelector('path.point');
    const label = g && g.querySelector('.textpoint text');
    const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
    const at = point ? translate(point) : null;
    found.grids.push({
      where, sliders: want,
      unset: box.querySelectorAll('.tg-slider-unset').length,
      readout: (box.querySelector('.tg-live') || {}).textContent || '',
      outputs: Array.from(box.querySelectorAll('.tg-slider-value')).map(o => o.textContent.trim()),
      data: trace && trace.x.length ? [Number(trace.x[0]), Number(trace.y[0])] : null,
      label: label ? label.textContent : null,
      screen: at,
      expected: [xa.c2p(want[0]), ya.c2p(want[1])],
    });
  }
  // Radars: one slider per behaviour and one closed polar trace (first point repeated).
  for (const box of root.querySelectorAll('.tg-self-assessment')) {
    const sliders = Array.from(box.querySelectorAll('.tg-slider input[type=range]'));
    const plot = box.querySelector('.js-plotly-plot');
    const trace = plot && plot._fullData && plot._fullData[0];
    const points = plot ? plot.querySelectorAll('.scatterlayer .point').length : 0;
    found.radars.push({sliders: sliders.map(s => Number(s.value)),
                       r: trace ? Array.from(trace.r) : null, points});
  }
  return found;
}
"""


def figure_state_problems(opened: Opened, *, seeded: bool) -> tuple[list[str], int]:
    """Where a figure does not show what its sliders say; and how many were checked."""
    state = opened.page.evaluate(_STATE_JS, opened.scope)
    problems = list(state["problems"])
    for g in state["grids"]:
        where = g["where"]
        if g["unset"]:  # not placed yet: no values shown, no marker, and the words say so
            if g["unset"] != 2 or g["outputs"] != ["–", "–"]:
                problems.append(f"{where}: {g['unset']} of 2 sliders not set yet, showing "
                                f"{g['outputs']}")
            if g["data"] is not None or g["screen"] is not None:
                problems.append(f"{where}: not placed yet, but a marker is drawn at {g['data']}")
            if "not placed" not in g["readout"]:
                problems.append(f"{where}: not placed yet, but the words say {g['readout']!r}")
            continue
        if g["outputs"] != [f"{v:g}" for v in g["sliders"]]:
            problems.append(f"{where}: the sliders show {g['outputs']} but are at {g['sliders']}")
        if g["data"] is None or g["data"] != [float(v) for v in g["sliders"]]:
            problems.append(f"{where}: the figure's marker data is {g['data']}, "
                            f"the sliders say {g['sliders']}")
        if g["screen"] is None:
            problems.append(f"{where}: no marker drawn for the placement")
        elif max(abs(a - b) for a, b in zip(g["screen"], g["expected"])) > 1.5:
            problems.append(f"{where}: the marker is drawn at {g['screen']}, but the sliders "
                            f"{g['sliders']} put it at {[round(v, 1) for v in g['expected']]}")
        if g["label"] is None:  # "Your placement", or the person's name on a team map
            problems.append(f"{where}: the marker has no label")
    if seeded and opened.seeded:
        for g in state["grids"]:
            if g["label"] == "Your placement" and tuple(g["sliders"]) not in {
                (float(c), float(k)) for c, k in opened.seeded
            }:
                problems.append(f"{g['where']}: the sliders start at {g['sliders']}, not at "
                                f"an answer saved before the page opened")
    for r in state["radars"]:
        want = r["sliders"] + r["sliders"][:1]
        if r["r"] is None or [float(v or 0) for v in r["r"]] != [float(v) for v in want]:
            problems.append(f"radar: the chart's values are {r['r']}, the sliders say {want}")
        if r["points"] != len(want):
            problems.append(f"radar: {r['points']} points drawn for {len(r['sliders'])} sliders")
    return problems, len(state["grids"]) + len(state["radars"])


def page_problems(opened: Opened) -> list[str]:
    """Errors a person would see, and errors the page raised."""
    page = opened.page
    problems = [f"visible error: {e}" for e in pages.visible_errors(page)]
    if page.get_by_text("Error displaying widget").count():
        problems.append('"Error displaying widget" is on the page')
    problems += [f"page error: {e}" for e in opened.log.page_errors]
    problems += [f"request to another host: {u}" for u in opened.log.unexpected_external_requests()]
    return problems


# --------------------------------------------------------------------------- first render


def screenshot(opened: Opened, suffix: str = "") -> None:
    # JupyterLab scrolls the notebook inside its panel, and Run All leaves it at the end.
    opened.page.evaluate(
        "() => document.querySelectorAll('.jp-WindowedPanel-outer').forEach(e => e.scrollTop = 0)"
    )
    pages.screenshot(opened.page, opened.name + suffix)


# What each front end showed of each notebook: the two must agree.
SHOWN: dict[str, dict[str, dict[str, int]]] = {}


def test_first_render(opened, page):
    page = opened.page
    screenshot(opened)
    state = pages.drawn(page, opened.scope)
    problems = page_problems(opened)
    problems += state["pending"]
    shown = {"figures": len(state["plots"]), "controls": page.evaluate(
        "s => document.querySelector(s).querySelectorAll('.jp-OutputArea-output input, "
        ".jp-OutputArea-output select, .jp-OutputArea-output button').length", opened.scope)}
    SHOWN.setdefault(opened.notebook, {})[opened.kind] = shown
    for kind, seen in SHOWN[opened.notebook].items():
        if seen != shown:
            problems.append(f"{opened.kind} shows {shown}, but {kind} showed {seen}")
    for i, plot in enumerate(state["plots"], 1):
        if not (plot["laidOut"] and plot["marks"]):
            problems.append(f"figure {i} of {len(state['plots'])} is not drawn: {plot}")
    figure_problems, _checked = figure_state_problems(opened, seeded=True)
    problems += figure_problems
    assert problems == [], (
        f"{opened.notebook} in {opened.kind} ({opened.seconds:.1f} s to draw):\n"
        + "\n".join(problems)
    )


# --------------------------------------------------------------------------- keyboard

_SNAPSHOT_JS = r"""
(el) => {
  const scope = el.closest('.jp-OutputArea-output') || el.closest('.jp-Cell') || document.body;
  const visibleText = (root) => {
    const parts = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const parent = walk.currentNode.parentElement;
      if (!parent || parent.closest('select, script, style, .js-plotly-plot')) continue;
      if (!parent.checkVisibility()) continue;
      const t = walk.currentNode.textContent.trim();
      if (t) parts.push(t);
    }
    return parts.join(' ');
  };
  const plots = Array.from(scope.querySelectorAll('.js-plotly-plot'));
  return {
    words: Array.from(scope.querySelectorAll('.tg-live, .tg-figure-text'))
      .map(e => e.textContent.trim()).join(' | '),
    text: visibleText(scope),
    figures: plots.map(p => Array.from(p.querySelectorAll('.scatterlayer, .barlayer'))
      .map(l => l.innerHTML).join('')),
    marks: plots.map(p => p.querySelectorAll('.scatterlayer .point, .scatterlayer .textpoint').length)
      .reduce((a, b) => a + b, 0),
    plotCount: plots.length,
  };
}
"""

# Controls in the page, in document order, each tagged so a locator can find it again.
_CONTROLS_JS = r"""
([scope, kind]) => {
  const root = document.querySelector(scope);
  const shown = el => el.checkVisibility() && el.getClientRects().length > 0;
  let n = Number(root.dataset.tgNext || 0);
  const tag = el => { if (!el.dataset.tgId) el.dataset.tgId = 't' + (n++); return el.dataset.tgId; };
  // (textContent: JupyterLab does not render cells out of view, so their innerText is empty.)
  const name = el => (el.getAttribute('aria-label') || el.textContent || el.value || '').trim();
  let found = [];
  if (kind === 'text') {
    found = Array.from(root.querySelectorAll('.jp-OutputArea-output input[type=text]'))
      .filter(el => shown(el) && !el.disabled && !el.value)
      .map(el => ({id: tag(el), name: el.placeholder || ''}));
  } else if (kind === 'radio') {
    // One radio group: ipywidgets' .widget-radio-box, or radios sharing a name.
    const groups = new Map();
    for (const el of root.querySelectorAll('.jp-OutputArea-output input[type=radio]')) {
      if (!shown(el) || el.disabled) continue;
      const key = el.name || el.closest('.widget-radio-box, [role=radiogroup], fieldset');
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(el);
    }
    found = Array.from(groups.values()).filter(g => g.length > 1).map(g => {
      const start = g.find(el => el.checked) || g[0];
      const labels = g.map(el => (el.closest('label') || el).textContent.trim());
      return {id: tag(start), ids: g.map(tag), name: labels.join(' / '),
              checked: g.findIndex(el => el.checked)};
    });
  } else if (kind === 'slider') {
    found = Array.from(root.querySelectorAll('.jp-OutputArea-output input[type=range], ' +
                                             '.jp-OutputArea-output [role=slider]'))
      .filter(el => shown(el) && !el.disabled && el.getAttribute('aria-disabled') !== 'true')
      .map(el => {
        const label = el.labels && el.labels[0] ? el.labels[0].textContent : name(el);
        return {id: tag(el), name: label.trim(), value: el.value, max: el.max, min: el.min};
      });
  } else if (kind === 'select') {
    found = Array.from(root.querySelectorAll('.jp-OutputArea-output select'))
      .filter(el => shown(el) && !el.disabled && el.options.length > 1)
      .map(el => ({id: tag(el), name: (el.labels && el.labels[0] ? el.labels[0].textContent : '')
                   .trim(), index: el.selectedIndex}));
  } else if (kind === 'button') {
    found = Array.from(root.querySelectorAll('.jp-OutputArea-output button'))
      .filter(el => shown(el) && !el.disabled && !el.closest('.modebar, .widget-upload') &&
                    !el.classList.contains('widget-upload'))
      .map(el => ({id: tag(el), name: name(el)}));
  }
  root.dataset.tgNext = String(n);
  return found;
}
"""


def controls(opened: Opened, kind: str) -> list[dict]:
    return opened.page.evaluate(_CONTROLS_JS, [opened.scope, kind])


def _locator(opened: Opened, tg_id: str):
    return opened.page.locator(f'[data-tg-id="{tg_id}"]')


def snapshot(locator) -> dict:
    return locator.evaluate(_SNAPSHOT_JS)


def wait_for_change(locator, before: dict, need: tuple[str, ...],
                    timeout_s: float = CHANGE_TIMEOUT_S) -> tuple[dict, list[str]]:
    """Poll until every part named in ``need`` differs from ``before``; the parts that
    never changed are returned (empty: all changed)."""
    deadline = time.monotonic() + timeout_s
    while True:
        after = snapshot(locator)
        missing = [part for part in need if after[part] == before[part]]
        if not missing or time.monotonic() > deadline:
            return after, missing
        time.sleep(0.05)


def reach(opened: Opened, control: dict, what: str, problems: list[str]):
    """The control's locator, reached with Tab; None (and a problem noted) if Tab cannot."""
    loc = _locator(opened, control["id"])
    if tab_to(opened, loc):
        return loc
    problems.append(f"{what}: not reachable with Tab")
    return None


def tab_to(opened: Opened, locator) -> bool:
    """Reach ``locator`` with the Tab key from the control before it; True if it has focus."""
    page = opened.page
    locator.scroll_into_view_if_needed()
    locator.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    return locator.evaluate("el => el === document.activeElement")


def _needs(snap: dict, *, figure: bool) -> tuple[str, ...]:
    parts = ("words",) if snap["words"] else ("text",)
    return parts + (("figures",) if figure and snap["plotCount"] else ())


def use_text_boxes(opened: Opened, problems: list[str]) -> None:
    for box in controls(opened, "text"):
        if reach(opened, box, f"text box {box['name']!r}", problems) is None:
            continue
        opened.page.keyboard.type(TYPED)


def use_radios(opened: Opened, problems: list[str]) -> int:
    page, used = opened.page, 0
    for group in controls(opened, "radio"):
        what = f"radio group {group['name'][:80]!r}"
        loc = reach(opened, group, what, problems)
        if loc is None:
            continue
        before = snapshot(loc)
        last = group["checked"] == len(group["ids"]) - 1
        page.keyboard.press("ArrowUp" if last else "ArrowDown")
        checked = page.evaluate(
            "ids => ids.findIndex(id => document.querySelector(`[data-tg-id=\"${id}\"]`).checked)",
            group["ids"],
        )
        if checked == group["checked"] or checked < 0:
            problems.append(f"{what}: the arrow keys did not choose another option "
                            f"(chosen: {group['checked']} before, {checked} after)")
            continue
        used += 1
        _after, missing = wait_for_change(loc, before, _needs(before, figure=True))
        if missing:
            problems.append(f"{what}: choosing with the arrow keys did not change the {missing}")
    return used


def use_sliders(opened: Opened, problems: list[str], done: set[str]) -> int:
    page, used = opened.page, 0
    for slider in controls(opened, "slider"):
        key = f"{slider['name']}#{slider['id']}"
        if key in done:
            continue
        done.add(key)
        loc = _locator(opened, slider["id"])
        what = f"slider {slider['name']!r}"
        loc.scroll_into_view_if_needed()
        loc.focus()
        before = snapshot(loc)
        at_max = slider["value"] == slider["max"]
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        value = loc.evaluate("el => el.value")
        if value == slider["value"]:
            problems.append(f"{what}: the arrow key did not move it (still {value})")
            continue
        used += 1
        _after, missing = wait_for_change(loc, before, _needs(before, figure=True))
        if missing:
            problems.append(f"{what}: moving it from {slider['value']} to {value} did not change "
                            f"the {missing}")
    return used


def use_selects(opened: Opened, problems: list[str]) -> int:
    page, used = opened.page, 0
    for select in controls(opened, "select"):
        what = f"drop-down list {select['name']!r}"
        loc = reach(opened, select, what, problems)
        if loc is None:
            continue
        before = snapshot(loc)
        page.keyboard.press("ArrowDown")
        index = loc.evaluate("el => el.selectedIndex")
        if index == select["index"]:
            page.keyboard.press("ArrowUp")
            index = loc.evaluate("el => el.selectedIndex")
        if index == select["index"]:
            problems.append(f"{what}: the arrow keys did not choose another option")
            continue
        used += 1
        # (The figure may rightly stay: a new setting can start with the same scenario.)
        _after, missing = wait_for_change(loc, before, ("text",))
        if missing:
            problems.append(f"{what}: choosing another option did not change the {missing}")
    return used


def use_buttons(opened: Opened, problems: list[str], *, reveal: bool, pressed: set[str]) -> int:
    """Tab to each button and press Enter or Space (alternately)."""
    page, used = opened.page, 0
    for _ in range(100):
        # Every Reveal button; other buttons once per label (so Next cannot run forever).
        todo = [b for b in controls(opened, "button")
                if (b["id"] if reveal else b["name"]) not in pressed
                and bool(REVEAL.match(b["name"])) == reveal]
        if not todo:
            break
        button = todo[0]
        pressed.add(button["id"] if reveal else button["name"])
        what = f"button {button['name']!r}"
        loc = reach(opened, button, what, problems)
        if loc is None:
            continue
        if button["name"] in BEFORE_PRESS:
            BEFORE_PRESS[button["name"]](opened.server)
        before = snapshot(loc)
        page.keyboard.press("Enter" if used % 2 == 0 else "Space")
        used += 1
        _after, missing = wait_for_change(loc, before, ("text",))
        if missing:
            problems.append(f"{what}: pressing it changed nothing on the page")
        elif reveal and not wait_for_something_new(loc, before):
            problems.append(f"{what}: nothing new appeared")
        # A press can change several things, one message at a time (Add: the person, then
        # the sliders enabled); look again only when the page has stopped changing, as a
        # person would.
        pages.wait_unchanged(lambda loc=loc: snapshot(loc), 0.4, CHANGE_TIMEOUT_S)
    return used




def _something_new(before: dict, after: dict) -> bool:
    return (len(after["text"]) > len(before["text"]) or after["marks"] > before["marks"]
            or after["plotCount"] > before["plotCount"])


def wait_for_something_new(locator, before: dict, timeout_s: float = CHANGE_TIMEOUT_S) -> bool:
    """Poll until more words, marks or figures are on the page than ``before`` (the kernel's
    changes arrive one by one: the button's own label may change first)."""
    deadline = time.monotonic() + timeout_s
    while not _something_new(before, snapshot(locator)):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_keyboard(opened, page):
    problems: list[str] = []
    used = {"radio": 0, "slider": 0, "select": 0, "button": 0, "reveal": 0}
    pressed: set[str] = set()
    moved: set[str] = set()
    use_text_boxes(opened, problems)
    used["radio"] += use_radios(opened, problems)
    used["slider"] += use_sliders(opened, problems, moved)
    used["select"] += use_selects(opened, problems)
    used["button"] += use_buttons(opened, problems, reveal=False, pressed=pressed)
    used["slider"] += use_sliders(opened, problems, moved)  # any a button has just enabled
    used["reveal"] += use_buttons(opened, problems, reveal=True, pressed=pressed)
    screenshot(opened, "-after")

    figure_problems, _ = figure_state_problems(opened, seeded=False)
    problems += [f"after the keyboard: {p}" for p in figure_problems]
    problems += [f"after the keyboard: {p}" for p in page_problems(opened)]
    state = pages.wait_drawn(opened.page, opened.scope, timeout_s=5)
    problems += [f"after the keyboard: {p}" for p in state["pending"]]
    assert problems == [], (
        f"{opened.notebook} in {opened.kind} (used: {json.dumps(used)}):\n" + "\n".join(problems)
    )
    assert sum(used.values()) > 0, f"no control was used on {opened.notebook}"
