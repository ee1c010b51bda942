"""The workshop dashboard's projector view in Voilà: the story first in large type, then the
group's placements, then the suggestion, each only when the facilitator presses for it, with
no serious WCAG 2.x A/AA problem (axe) at the first step or the last."""

from __future__ import annotations

import axe
import pages
import pytest

pytestmark = pytest.mark.browser

RESPONSES = pages.REPO_ROOT / "facilitator" / "example_responses"


@pytest.fixture(scope="module", autouse=True)
def axe_installed():
    try:
        return axe.ensure_axe()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def dashboard_notebook(make_notebook):
    return make_notebook("projector", [
        ("markdown", "# Workshop dashboard"),
        "from trustgrid.notebook import start\ncourse = start('workshop_dashboard')",
        f"course.dashboard({str(RESPONSES)!r})",
    ])


def test_the_projector_shows_the_story_then_the_group_then_the_suggestion(
        page, page_log, open_voila, dashboard_notebook):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_voila(page, dashboard_notebook, wait_for=".js-plotly-plot")
    page.get_by_role("button", name="Projector view").click()
    page.get_by_role("button", name="Back to the dashboard").wait_for(timeout=30_000)
    projector = page.locator(".tg-projector")
    story = projector.locator(".tg-projector-story")
    story.wait_for(state="visible", timeout=30_000)
    size = float(story.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px"))
    assert size >= 28, f"the story is {size} px"
    # The story alone: no grid, no names, no suggestion.
    assert projector.locator(".js-plotly-plot").count() == 0
    assert "people placed" not in projector.inner_text()
    suggestion = projector.get_by_role("button", name="Show the suggestion")
    assert suggestion.is_disabled()
    pages.screenshot(page, "projector-1-story", full_page=False)
    bad = axe.serious(axe.run(page, include=[".tg-projector"]))
    assert bad == [], axe.describe(bad)

    projector.get_by_role("button", name="Show the group's placements").click()
    projector.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll("
                           "'.tg-projector .scatterlayer .point').length >= 12", timeout=30_000)
    assert "12 people placed" in projector.inner_text().replace("\n", " ")
    assert "The course's suggestion" not in projector.inner_text()
    pages.screenshot(page, "projector-2-group", full_page=False)

    suggestion.click()
    projector.get_by_text("The course's suggestion").wait_for(state="visible", timeout=30_000)
    assert suggestion.is_disabled()
    pages.screenshot(page, "projector-3-suggestion")
    bad = axe.serious(axe.run(page, include=[".tg-projector"]))
    assert bad == [], axe.describe(bad)

    projector.get_by_role("button", name="Next").click()
    page.wait_for_function("() => !document.querySelector('.tg-projector .js-plotly-plot')",
                           timeout=30_000)
    assert pages.visible_errors(page) == []
    assert page_log.page_errors == []
    assert page_log.unexpected_external_requests() == []
