"""A course whose texts hold HTML and script shows them as plain text: no script runs."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "courses" / "hostile"


@pytest.mark.parametrize("where", ["voila", "lab"])
def test_hostile_course_text_never_runs(where, page, make_notebook, open_voila, open_lab_notebook, tmp_path):
    notebook = make_notebook(f"hostile_{where}", [
        f"import os; os.environ['TRUSTGRID_WORK_DIR'] = {str(tmp_path)!r}",
        "from trustgrid.notebook import start",
        f"course = start('01_what_is_trust', {str(HOSTILE)!r})",
        "course.place(1)",
        "course.team_map()",
    ])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    if where == "voila":
        open_voila(page, notebook)
    else:
        open_lab_notebook(page, notebook)
    page.locator(".tg-placement .tg-slider input[type=range]").first.focus()
    page.keyboard.press("ArrowRight")  # placed: the Reveal opens (click waits for it)
    page.get_by_role("button", name="Reveal suggested placement").first.click()
    page.wait_for_timeout(1500)
    for link in page.locator("a", has_text="click me").all():
        link.click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned === undefined"), page.evaluate("window.__pwned")
    assert dialogs == []
    text = page.locator("body").inner_text()
    assert "<img src=x onerror=" in text  # shown as text, not as an element
    assert "<script>window.__pwned='setting'</script>" in text
