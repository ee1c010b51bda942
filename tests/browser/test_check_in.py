"""The action plan's 30-day check-in in Voilà: once the plan has an action, a link saves a
calendar file holding the day and the plan's actions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pages
import pytest

pytestmark = pytest.mark.browser


def test_the_check_in_downloads_as_a_calendar_file(page, open_voila, make_notebook, tmp_path):
    notebook = make_notebook("check-in", [
        f"import os\nos.environ['TRUSTGRID_WORK_DIR'] = {str(tmp_path / 'work')!r}",
        "from trustgrid.notebook import start\ncourse = start('05_putting_it_to_use')",
        "course.action_plan()",
    ])
    open_voila(page, notebook, wait_for=".tg-action-plan")
    assert page.get_by_text("Once your plan has an action").is_visible()
    page.get_by_label("Which behaviour will you work on?").first.select_option(label="Keep your promises")
    action = page.get_by_label("What will you do?").first
    action.fill("Write down each promise, then do it; or say when")
    action.press("Tab")  # the box sends its words when it loses focus
    link = page.get_by_role("link", name="Add the check-in to my calendar")
    # The link is drawn anew with each change to the plan: once for the behaviour, again when
    # the action's words arrive. Wait for the one that holds them, or it may be replaced under us.
    page.wait_for_function(
        """words => [...document.querySelectorAll('.tg-action-plan a.tg-download[download$=".ics"]')]
            .some(a => decodeURIComponent(a.href).replace(/\\r\\n /g, '').includes(words))""",
        arg="Write down each promise\\, then do it\\; or say when")
    day = date.today() + timedelta(days=30)
    assert f"{day:%A} {day.day} {day:%B %Y}" in page.locator(".tg-action-plan").inner_text()
    link.scroll_into_view_if_needed()
    page.locator(".tg-action-plan").screenshot(path=str(pages.ARTIFACTS / "check-in-plan.png"))
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "action-plan-check-in.ics"
    text = Path(download.path()).read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}\r\n" in text
    unfolded = text.replace("\r\n ", "")
    assert "What I will do: Write down each promise\\, then do it\\; or say when" in unfolded
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert pages.visible_errors(page) == []
