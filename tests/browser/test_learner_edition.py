"""The learner edition in Voilà: exercises 1 and 2 work with the model answers left out.

The edition is built into a folder of its own and served by its own Voilà, whose kernels
import the edition's package (``PYTHONPATH``), so the page uses the edition's data. On each
page every slider is moved once, then every button is pressed (looking again after each
press, as a press can show new ones). No error box, traceback or stderr may be visible;
where a Reveal or Compare button would be, the page says there is no suggested answer.
"""

from __future__ import annotations

import contextlib

import pages
import pytest

pytestmark = pytest.mark.browser

EXERCISES = ("exercises/01_place_the_scenarios.ipynb", "exercises/02_promise_ledger_practice.ipynb")
SCOPE = "#rendered_cells"
WITHHELD = "no suggested answer in this edition"

# Visible, enabled controls in the page's outputs, each tagged so a locator finds it again.
_CONTROLS_JS = r"""
([scope, kind]) => {
  const root = document.querySelector(scope);
  const shown = el => el.checkVisibility() && el.getClientRects().length > 0 && !el.disabled;
  let n = Number(root.dataset.tgNext || 0);
  const tag = el => { if (!el.dataset.tgId) el.dataset.tgId = 't' + (n++); return el.dataset.tgId; };
  const selector = kind === 'slider' ? 'input[type=range]' : 'button';
  const found = Array.from(root.querySelectorAll('.jp-OutputArea-output ' + selector))
    .filter(el => shown(el) && !el.closest('.modebar, .widget-upload'))
    .map(el => ({id: tag(el), name: (el.textContent || el.getAttribute('aria-label') || '').trim()}));
  root.dataset.tgNext = String(n);
  return found;
}
"""

_TEXT_JS = "(scope) => document.querySelector(scope).innerText"


@pytest.fixture(scope="module")
def learner_voila(tmp_path_factory):
    """A Voilà serving a freshly built learner edition, with the edition's own package."""
    from trustgrid.editions import build

    root = tmp_path_factory.mktemp("learner-edition")
    folder = root / "learner"
    build("learner", folder, report=lambda _m: None)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYTHONPATH", str(folder))
        env.delenv("TRUSTGRID_DATA", raising=False)
        try:
            server = pages.start_server("voila", folder, root / "servers", log_dir=root)
        except RuntimeError as exc:
            pytest.fail(str(exc), pytrace=False)
    yield server
    pages.stop_server(server)


def settle(page) -> None:
    pages.wait_unchanged(lambda: page.evaluate(_TEXT_JS, SCOPE), 0.5, pages.STEP_TIMEOUT_S / 3)


def use_everything(page) -> tuple[list[str], list[str]]:
    """Move each slider once, then press each button once (new ones too); their names."""
    moved, pressed, seen = [], [], set()
    for slider in page.evaluate(_CONTROLS_JS, [SCOPE, "slider"]):
        control = page.locator(f'[data-tg-id="{slider["id"]}"]')
        control.scroll_into_view_if_needed()
        control.focus()
        page.keyboard.press("ArrowRight")
        moved.append(slider["name"])
        settle(page)
    for _ in range(40):
        todo = [b for b in page.evaluate(_CONTROLS_JS, [SCOPE, "button"]) if b["id"] not in seen]
        if not todo:
            break
        seen.add(todo[0]["id"])
        page.locator(f'[data-tg-id="{todo[0]["id"]}"]').click()
        pressed.append(todo[0]["name"])
        settle(page)
    return moved, pressed


@pytest.mark.parametrize("notebook", EXERCISES)
def test_learner_edition_exercise_has_no_error_after_every_button(browser, learner_voila, notebook):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    context.set_default_timeout(30_000)
    page = context.new_page()
    log = pages.PageLog()
    log.attach(page)
    kernel_id = None
    try:
        pages.open_voila(page, learner_voila, notebook)
        kernel_id = pages.voila_kernel_id(page)
        pages.wait_drawn(page, SCOPE)
        moved, pressed = use_everything(page)
        pages.screenshot(page, f"learner-edition-{notebook.split('/')[-1]}")
        text = page.evaluate(_TEXT_JS, SCOPE)
        problems = [f"visible error: {e}" for e in pages.visible_errors(page)]
        problems += [f"page error: {e}" for e in log.page_errors]
        if "needs fixing" in text:
            problems.append("the red 'needs fixing' box is on the page")
        problems += [f"a button that shows a model answer: {name!r}" for name in pressed
                     if name.startswith(("Reveal", "Show model answer", "Compare"))]
        assert problems == [], "\n".join(problems)
        assert WITHHELD in text
        assert moved and pressed, (moved, pressed)
    finally:
        with contextlib.suppress(Exception):
            context.close()
        if kernel_id:
            pages.voila_shutdown_kernel(learner_voila, kernel_id)
