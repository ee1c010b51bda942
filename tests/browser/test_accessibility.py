"""Accessibility of every course notebook as Voilà shows it, in headless Chromium.

For each notebook in notebooks/, exercises/ and facilitator/ (found with a glob):

* axe-core (pinned in tests/browser/package.json, installed with ``npm ci`` when missing)
  with the WCAG 2.0, 2.1 and 2.2 level A and AA rules finds no serious or critical
  violation in the course's content. axe looks at ``#rendered_cells`` only: that is where
  Voilà puts the notebook's outputs; outside it is Voilà's own page chrome (the loading
  spinner and the page frame), which the course does not make. No rule is switched off.
* every ``input``, ``select``, ``textarea``, ``button`` and ``[role=slider]`` that a
  person can see has an accessible name (from Chromium's accessibility tree, as Playwright's
  ARIA snapshot reports it);
* every one of them can be reached with the Tab key, starting from the top of the page.
"""

from __future__ import annotations

import re

import axe
import pages
import pytest
from test_notebooks import NOTEBOOKS

pytestmark = pytest.mark.browser

CONTENT = "#rendered_cells"  # Voilà's notebook outputs; everything else is Voilà's chrome
CONTROLS = "input, select, textarea, button, [role=slider]"


@pytest.fixture(scope="session", autouse=True)
def axe_installed():
    try:
        return axe.ensure_axe()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


_TAG_JS = r"""
([scope, selector]) => {
  const root = document.querySelector(scope);
  let n = 0;
  return Array.from(root.querySelectorAll(selector))
    .filter(el => el.checkVisibility() && el.getClientRects().length > 0 && !el.disabled &&
                  !(el.type === 'file' && el.closest('.widget-upload')))  // a button stands for it
    .map(el => {
      el.dataset.a11yId = 'a' + (n++);
      return {id: el.dataset.a11yId, tag: el.tagName.toLowerCase(), type: el.type || '',
              name: el.name || '', html: el.outerHTML.slice(0, 160)};
    });
}
"""

_SNAPSHOT_LINE = re.compile(r'^- (?P<role>[\w-]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')


def accessible_name(locator) -> tuple[str, str]:
    """(role, name) of an element, from Chromium's accessibility tree."""
    first = locator.aria_snapshot().splitlines()[0].strip()
    match = _SNAPSHOT_LINE.match(first)
    if not match:
        return first, ""
    return match["role"], (match["name"] or "").strip()


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_accessible_in_voila(page, page_log, open_voila, notebook):
    open_voila(page, notebook)
    problems: list[str] = []

    results = axe.run(page, include=[CONTENT])
    bad = axe.serious(results)
    if bad:
        problems.append("axe (WCAG 2.x A/AA), serious or critical:\n" + axe.describe(bad))

    controls = page.evaluate(_TAG_JS, [CONTENT, CONTROLS])
    assert controls, f"no controls found on {notebook}"
    for c in controls:
        role, name = accessible_name(page.locator(f'[data-a11y-id="{c["id"]}"]'))
        if not name:
            problems.append(f"no accessible name ({role}): {c['html']}")

    # Tab from the top of the page through everything, noting what gets the focus.
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    page.locator("body").focus()
    reached: set[str] = set()
    wanted = {c["id"] for c in controls}
    groups = {c["name"]: [] for c in controls if c["type"] == "radio" and c["name"]}
    for c in controls:
        if c["type"] == "radio" and c["name"]:
            groups[c["name"]].append(c["id"])
    for _ in range(3 * len(controls) + 40):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement && document.activeElement.dataset"
                                " ? document.activeElement.dataset.a11yId || null : null")
        if focused:
            reached.add(focused)
        # A named radio group is one Tab stop: reaching one of its buttons reaches all.
        for ids in groups.values():
            if reached & set(ids):
                reached |= set(ids)
        if wanted <= reached:
            break
    missed = [c for c in controls if c["id"] not in reached]
    problems += [f"not reachable with Tab: {c['html']}" for c in missed]

    problems += [f"page error: {e}" for e in page_log.page_errors]
    problems += [f"visible error: {e}" for e in pages.visible_errors(page)]
    assert problems == [], f"{notebook} in Voilà:\n" + "\n".join(problems)
