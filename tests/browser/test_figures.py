"""The trust grid's figure in the browser (trustgrid/widgets/figure.py).

* Taken off the page and shown again, it still follows its slider. plotly's own FigureWidget
  does not: the removed view's handlers stay on the model and throw, and the view shown again
  never hears of a change. Exercise 1 shows one scenario at a time, so Next then Previous
  puts a placement's figure back on the page.
* The marker follows the slider in the browser, without waiting for the kernel: it moves
  even while the kernel is busy, and the words catch up when the kernel is free; also with
  every CPU kept busy by other work.
* On a narrow screen (WCAG 1.4.10, reflow) every figure fits the width it has.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time

import pages
import pytest

pytestmark = pytest.mark.browser

CELLS = [
    """import ipywidgets as w
from trustgrid.notebook import start
course = start("figure_shown_again")
first = course.place("skilled_but_dismissive_sister")
second = course.place("kind_but_unreliable_newcomer")
stage = w.Box([first])
show_first = w.Button(description="Show the first")
show_second = w.Button(description="Show the second")
show_first.on_click(lambda _b: setattr(stage, "children", (first,)))
show_second.on_click(lambda _b: setattr(stage, "children", (second,)))
display(w.HBox([show_first, show_second]), stage)""",
]

_STATE_JS = """() => {
  const box = document.querySelector('.jp-OutputArea-output .tg-placement');
  const slider = box.querySelector('.tg-slider input[type=range]');
  const plot = box.querySelector('.js-plotly-plot');
  const you = plot && plot._fullData ? plot._fullData.find(t => t.name === 'your placement') : null;
  return {slider: Number(slider.value), marker: you && you.x.length ? Number(you.x[0]) : null};
}"""


def _moved(page, before: int) -> dict:
    page.locator(".tg-placement .tg-slider input[type=range]").first.focus()
    page.keyboard.press("ArrowRight" if before < 10 else "ArrowLeft")
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    # On a timeout the caller's assertion reports what the page shows instead.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            f"() => {{ const s = ({_STATE_JS})(); return s.slider !== {before} && "
            "s.marker === s.slider; }", timeout=15_000)
    return page.evaluate(_STATE_JS)


def test_a_placement_shown_again_follows_its_slider(page, page_log, open_lab_notebook,
                                                     make_notebook):
    notebook = make_notebook("figure_shown_again", CELLS)
    open_lab_notebook(page, notebook, wait_for=".tg-placement .js-plotly-plot")
    before = page.evaluate(_STATE_JS)
    after = _moved(page, before["slider"])
    assert after["marker"] == after["slider"] != before["slider"], "the first showing"

    label = page.locator(".tg-placement .tg-slider-label").first
    first_label = label.inner_text()
    page.get_by_role("button", name="Show the second").click()
    page.wait_for_function("t => document.querySelector('.tg-placement .tg-slider-label')"
                           ".textContent !== t", arg=first_label)
    page.get_by_role("button", name="Show the first").click()
    page.wait_for_function("t => document.querySelector('.tg-placement .tg-slider-label')"
                           ".textContent === t", arg=first_label)
    pages.wait_drawn(page, ".jp-NotebookPanel:not(.lm-mod-hidden)")

    again = _moved(page, after["slider"])
    assert again["slider"] != after["slider"], "the slider did not move"
    assert again["marker"] == again["slider"], (
        f"shown again, the figure stayed at {again['marker']} while the slider went to "
        f"{again['slider']}; console errors: {page_log.console_errors}")
    assert page_log.page_errors == []
    assert not [e for e in page_log.console_errors if "Error setting state" in e]


BUSY_CELLS = [
    """import time
import ipywidgets as w
from trustgrid.notebook import start
course = start("figure_follows")
busy = w.Button(description="Keep the kernel busy")
busy.on_click(lambda _b: time.sleep(6))
display(busy, course.place("skilled_but_dismissive_sister"))""",
]


@pytest.fixture(params=["quiet", "cpu-loaded"])
def machine(request):
    """As it is, or with every CPU kept busy by other processes (for at most two minutes)."""
    if request.param == "quiet":
        yield request.param
        return
    burn = "import time\nend = time.monotonic() + 120\nwhile time.monotonic() < end: pass"
    burners = [subprocess.Popen([sys.executable, "-c", burn]) for _ in range(os.cpu_count() or 2)]
    try:
        yield request.param
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def test_the_marker_follows_the_slider_while_the_kernel_is_busy(page, page_log, machine,
                                                                 open_lab_notebook, make_notebook):
    notebook = make_notebook("figure_follows", BUSY_CELLS)
    open_lab_notebook(page, notebook, wait_for=".tg-placement .js-plotly-plot")
    before = page.evaluate(_STATE_JS)
    words = page.locator(".tg-placement .tg-live").first
    words_before = words.inner_text()

    page.get_by_role("button", name="Keep the kernel busy").click()
    page.wait_for_timeout(500)  # the click has reached the kernel, which now sleeps
    pressed = time.monotonic()
    page.locator(".tg-placement .tg-slider input[type=range]").first.focus()
    page.keyboard.press("ArrowRight" if before["slider"] < 10 else "ArrowLeft")
    page.wait_for_function(
        f"() => {{ const s = ({_STATE_JS})(); return s.marker === s.slider && "
        f"s.slider !== {before['slider']}; }}", timeout=3_000)
    moved_after = time.monotonic() - pressed
    assert words.inner_text() == words_before, "the kernel answered: it was not busy"
    assert moved_after < 3

    # When the kernel is free, the words (made in Python) catch up, and agree.
    page.wait_for_function("t => document.querySelector('.tg-placement .tg-live').innerText !== t",
                           arg=words_before, timeout=20_000)
    after = page.evaluate(_STATE_JS)
    assert after["marker"] == after["slider"] != before["slider"]
    assert page_log.page_errors == []


UNPLACED_CELLS = [
    """import time
import ipywidgets as w
from trustgrid.notebook import start
course = start("not_placed_yet")
busy = w.Button(description="Keep the kernel busy")
busy.on_click(lambda _b: time.sleep(4))
display(busy, course.place("skilled_but_dismissive_sister"))""",
]

_UNPLACED_JS = """() => {
  const box = document.querySelector('.jp-OutputArea-output .tg-scenario');
  const reveal = Array.from(box.querySelectorAll('button')).find(b => /Reveal/.test(b.textContent));
  return {values: Array.from(box.querySelectorAll('.tg-slider-value')).map(o => o.textContent),
          revealDisabled: reveal.disabled,
          hint: Array.from(box.querySelectorAll('.tg-reveal-hint'))
            .filter(h => h.checkVisibility()).map(h => h.textContent).join(' ')};
}"""


def test_a_person_not_placed_yet_shows_no_marker_until_a_slider_moves(page, page_log,
                                                                     open_lab_notebook,
                                                                     make_notebook):
    """Predict first: no marker and no values until the learner moves a slider, and the
    Reveal waits for them; the first key press places the marker at once, even while the
    kernel is busy, and the Reveal opens when the kernel has heard."""
    notebook = make_notebook("not_placed_yet", UNPLACED_CELLS)
    open_lab_notebook(page, notebook, wait_for=".tg-placement .js-plotly-plot")
    before = page.evaluate(_STATE_JS)
    shown = page.evaluate(_UNPLACED_JS)
    assert before["marker"] is None, f"a marker is drawn at {before['marker']} before placing"
    assert shown["values"] == ["–", "–"] and shown["revealDisabled"], shown
    assert "Place Joanne with the sliders first" in shown["hint"], shown
    pages.screenshot(page, "not-placed-yet")

    page.get_by_role("button", name="Keep the kernel busy").click()
    page.wait_for_timeout(500)  # the kernel now sleeps
    page.locator(".tg-placement .tg-slider input[type=range]").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"() => {{ const s = ({_STATE_JS})(); return s.marker === s.slider && s.slider === 6; }}",
        timeout=3_000)
    page.wait_for_function(
        f"() => {{ const s = ({_UNPLACED_JS})(); return !s.revealDisabled && !s.hint; }}",
        timeout=20_000)
    assert page.evaluate(_UNPLACED_JS)["values"] == ["6", "5"]
    assert page_log.page_errors == []


_OVERFLOW_JS = """() => Array.from(document.querySelectorAll('#rendered_cells .js-plotly-plot'))
  .map(p => ({width: p.clientWidth, drawn: p._fullLayout ? p._fullLayout.width : null,
              svg: p.querySelector('svg.main-svg').getBoundingClientRect().width}))"""


@pytest.mark.parametrize("width", [400, 760])
def test_figures_fit_a_narrow_screen(browser, open_voila, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        open_voila(page, "notebooks/01_what_is_trust.ipynb")
        pages.wait_drawn(page, "#rendered_cells")
        deadline = time.monotonic() + 10
        while True:
            figures = page.evaluate(_OVERFLOW_JS)
            too_wide = [f for f in figures if f["svg"] > f["width"] + 1]
            if not too_wide or time.monotonic() > deadline:
                break
            page.wait_for_timeout(200)
        pages.screenshot(page, f"narrow-{width}")
        assert figures and not too_wide, f"at {width} px, figures wider than their place: {too_wide}"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_exercise_1_figure_shown_again_follows_python(page, page_log, open_lab_notebook):
    """Exercise 1 shows one scenario at a time: Next, then Previous, puts the first
    placement's figure back on the page, and Python's updates must still reach it."""
    open_lab_notebook(page, "exercises/01_place_the_scenarios.ipynb",
                      wait_for=".tg-placement .js-plotly-plot")
    label = page.locator(".tg-placement .tg-slider-label").first
    first = label.inner_text()
    page.get_by_role("button", name="Next").first.click()
    page.wait_for_function("t => document.querySelector('.tg-placement .tg-slider-label')"
                           ".textContent !== t", arg=first)
    page.get_by_role("button", name="Previous").first.click()
    page.wait_for_function("t => document.querySelector('.tg-placement .tg-slider-label')"
                           ".textContent === t", arg=first)
    pages.wait_drawn(page, ".jp-NotebookPanel:not(.lm-mod-hidden)")
    words = page.locator(".tg-placement .tg-live").first
    words_before = words.inner_text()
    before = page.evaluate(_STATE_JS)
    page.locator(".tg-placement .tg-slider input[type=range]").first.focus()
    page.keyboard.press("ArrowRight" if before["slider"] < 10 else "ArrowLeft")
    # Python's answer: its words change, and its copy of the marker (with the hover text it
    # writes) is what the figure shows.
    page.wait_for_function("t => document.querySelector('.tg-placement .tg-live').innerText !== t",
                           arg=words_before, timeout=20_000)
    page.wait_for_function(
        """() => { const plot = document.querySelector('.tg-placement .js-plotly-plot');
                   const you = plot._fullData.find(t => t.name === 'your placement');
                   const slider = document.querySelector('.tg-placement .tg-slider input');
                   return you.hovertext && String(you.hovertext[0]).includes(
                     'competence ' + Number(slider.value)); }""", timeout=20_000)
    assert page_log.page_errors == []
