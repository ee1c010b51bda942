"""See yourself as colleagues see you, in Voilà: the learner places themselves on exercise 5
and gets a code; three colleagues, each with their own work, place them on "Place a
colleague" and share; the learner sees nothing until the third, then self against others."""

from __future__ import annotations

import re

import pages
import pytest

pytestmark = pytest.mark.browser

EXERCISE = "exercises/05_action_plan_and_feedback.ipynb"
CODE = re.compile(r"Your invitation code is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")


def colleague_page(make_notebook, tmp_path, name: str):
    """A colleague's own session: the same part as exercise 5, with their own work folder."""
    work = tmp_path / name
    return make_notebook(f"colleague-{name}", [
        f"import os\nos.environ['TRUSTGRID_WORK_DIR'] = {str(work)!r}",
        ("from trustgrid.notebook import start\n"
        "course = start('ex05_action_plan_and_feedback')"),
        "course.colleagues(part='place')",
    ])


def learner_page(make_notebook, tmp_path):
    """Exercise 5's own part, with the learner's own work folder: the shared one the other
    browser tests check stays as they seeded it."""
    return make_notebook("colleagues-learner", [
        f"import os\nos.environ['TRUSTGRID_WORK_DIR'] = {str(tmp_path / 'learner')!r}",
        ("from trustgrid.notebook import start\n"
         "course = start('05_action_plan_and_feedback')"),
        "course.colleagues()",
    ])


def move(page, label: str, value: int) -> None:
    page.get_by_label(label, exact=True).fill(str(value))


def test_colleagues_place_a_learner_and_the_learner_sees_self_against_them(
        page, open_voila, make_notebook, tmp_path, page_log):
    learner = page
    assert "course.colleagues()" in (pages.REPO_ROOT / EXERCISE).read_text(encoding="utf-8")
    open_voila(learner, learner_page(make_notebook, tmp_path), wait_for=".tg-colleagues")
    part = learner.locator(".tg-colleagues")
    part.scroll_into_view_if_needed()
    move(learner, "Your own competence", 8)
    move(learner, "Your own caring", 7)
    learner.get_by_role("button", name="Get my invitation code").click()
    learner.get_by_text("Your invitation code is").wait_for()
    code = CODE.search(part.inner_text()).group(1)
    assert learner.get_by_role("button", name="See what my colleagues said").is_visible()
    part.screenshot(path=str(pages.ARTIFACTS / "colleagues-learner-invited.png"))

    def ask(expect: str) -> str:
        learner.get_by_role("button", name="See what my colleagues said").click()
        learner.get_by_text(expect).wait_for()
        return part.inner_text()

    said = ask("answers needed so far")
    already = int(re.search(r"(\d) of the 3 answers needed so far", said).group(1))
    assert already == 0, "a fresh invitation code has no answers"

    for n, (competence, caring) in enumerate([(7, 4), (8, 5), (6, 5)], 1):
        other = learner.context.new_page()
        try:
            open_voila(other, colleague_page(make_notebook, tmp_path, f"c{n}"),
                       wait_for=".tg-place-colleague")
            box = other.get_by_label("The code your colleague gave you")
            box.fill(code.lower().replace("-", " "))  # as someone might type it
            box.press("Tab")  # the box sends its words when it loses focus
            move(other, "Competence of your colleague", competence)
            move(other, "Caring of your colleague", caring)
            other.get_by_role("button", name="Share my answer").click()
            other.get_by_text("Shared, without your name").wait_for()
            assert other.get_by_role("link", name="Download my answer file").is_visible()
            assert pages.visible_errors(other) == []
            if n == 1:
                pages.screenshot(other, "colleagues-colleague-shared")
        finally:
            other.close()
        if n < 3:
            said = ask(f"{n} of the 3 answers needed so far")
            assert "colleagues have answered" not in said
            assert part.locator(".js-plotly-plot").count() == 1  # only the learner's own grid

    said = ask("3 colleagues have answered")
    assert "The middle of their answers is competence 7, caring 5" in said
    assert "Your colleagues place your caring about 2 out of 10 lower than you do" in said
    part.locator(".js-plotly-plot").nth(1).wait_for(state="visible")
    assert "You and your colleagues" in part.locator(".js-plotly-plot").nth(1).inner_text()
    part.locator(".js-plotly-plot").nth(1).scroll_into_view_if_needed()
    pages.screenshot(learner, "colleagues-learner-sees-self-against-others")
    part.locator(".js-plotly-plot").nth(1).screenshot(
        path=str(pages.ARTIFACTS / "colleagues-learner-figure.png"))
    assert pages.visible_errors(learner) == []
    assert page_log.page_errors == []
