"""The action plan's 30-day check-in: a calendar file (RFC 5545) the learner downloads."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timezone
from urllib.parse import unquote

import pytest

from trustgrid import ics
from trustgrid.notebook import Session
from trustgrid.widgets import action_plan
from trustgrid.work import WorkStore

NOW = datetime(2026, 12, 2, 9, 30, 5, tzinfo=timezone.utc)


@pytest.fixture
def session(tmp_path):
    return Session("05_putting_it_to_use", store=WorkStore(tmp_path))


def fill(row, action="Write down every promise", when="After Monday's meeting",
         evidence="Nobody chases me", behaviour="keep_your_word"):
    row.behaviour.value = behaviour
    row.boxes["action"].value = action
    row.boxes["when"].value = when
    row.boxes["evidence"].value = evidence


def unfold(text: str) -> list[str]:
    """Content lines, as RFC 5545 3.1 says to read them: CRLF then a space continues a line."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text[:-2].replace("\r\n ", "").split("\r\n")


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def properties(text: str) -> dict[str, str]:
    found = {}
    for line in unfold(text):
        name, value = line.split(":", 1)
        assert name not in found or name in ("BEGIN", "END")
        found.setdefault(name, value)
    return found


def calendar_link(plan) -> str:
    value = plan.check_in.value
    href = html.unescape(value.split("href='", 1)[1].split("'", 1)[0])
    prefix = "data:text/calendar;charset=utf-8,"
    assert href.startswith(prefix)
    assert "download='action-plan-check-in.ics'" in value
    return unquote(href[len(prefix):])


# --- the file's structure ----------------------------------------------------------------

def test_one_all_day_event_in_the_exact_structure():
    text = ics.all_day_event(uid="abc@building-trust-course", day=date(2027, 1, 1),
                             summary="Check in", description="Line one", now=NOW)
    assert text == ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                    "PRODID:-//Building Trust course//Action plan check-in//EN\r\n"
                    "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n"
                    "UID:abc@building-trust-course\r\nDTSTAMP:20261202T093005Z\r\n"
                    "DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102\r\n"
                    "SUMMARY:Check in\r\nDESCRIPTION:Line one\r\nTRANSP:TRANSPARENT\r\n"
                    "END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_text_is_escaped():
    assert ics.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


@pytest.mark.parametrize("line", [
    "DESCRIPTION:" + "x" * 200,
    "DESCRIPTION:" + "é" * 100,  # two octets each: never split in the middle
    "DESCRIPTION:" + "ab😀" * 40,  # four octets
])
def test_long_lines_fold_at_75_octets_and_unfold_to_the_same(line):
    folded = ics.fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert folded.replace("\r\n ", "") == line


# --- the plan's check-in -----------------------------------------------------------------

def test_no_check_in_until_the_plan_has_an_action(session):
    plan = action_plan.build(session)
    assert "href" not in plan.check_in.value
    assert "Once your plan has an action" in plan.check_in.value
    assert session.answer(action_plan.CHECK_IN_KEY) is None


def test_the_check_in_is_thirty_days_after_the_plan_was_made(session):
    session.save(action_plan.CHECK_IN_KEY, {"made": "2026-12-02"})
    plan = action_plan.build(session)
    fill(plan.rows[0])
    assert plan.check_in_day() == date(2027, 1, 1)
    props = properties(calendar_link(plan))
    assert props["DTSTART;VALUE=DATE"] == "20270101"
    assert props["DTEND;VALUE=DATE"] == "20270102"
    assert "<strong>Friday 1 January 2027</strong>, 30 days after you made it (Wednesday 2 December 2026)" in plan.check_in.value
    assert session.answer(action_plan.CHECK_IN_KEY)["made"] == "2026-12-02"  # changing the plan keeps its day


def test_a_new_plan_is_made_today_and_the_day_is_kept(session):
    plan = action_plan.build(session)
    fill(plan.rows[0])
    today = date.today()
    assert session.answer(action_plan.CHECK_IN_KEY)["made"] == today.isoformat()
    assert (plan.check_in_day() - today).days == 30
    again = action_plan.build(session)
    assert again.made == today and again.check_in_day() == plan.check_in_day()


def test_the_plan_copied_into_the_exercise_keeps_the_day_it_was_made(tmp_path):
    store = WorkStore(tmp_path)
    first = Session("05_putting_it_to_use", store=store)
    first.save(action_plan.CHECK_IN_KEY, {"made": "2026-11-20"})
    fill(action_plan.build(first).rows[0])
    copy = action_plan.build(Session("ex05_action_plan_and_feedback", store=store),
                             copy_from="05_putting_it_to_use")
    assert copy.check_in_day() == date(2026, 12, 20)


def test_the_description_lists_the_actions_and_survives_commas_semicolons_and_line_breaks(session):
    session.save(action_plan.CHECK_IN_KEY, {"made": "2026-12-02"})
    plan = action_plan.build(session)
    tricky = "Ask, then listen; sum up\nwhat I heard \\ and check"
    fill(plan.rows[0], action=tricky, when="Tuesdays, 9am; after huddle")
    plan.show_next_row()
    fill(plan.rows[1], behaviour="tell_the_truth", action="Share bad news early")
    text = calendar_link(plan)
    raw = next(line for line in unfold(text) if line.startswith("DESCRIPTION:"))
    assert "Ask\\, then listen\\; sum up\\nwhat I heard \\\\ and check" in raw
    description = unescape(raw.split(":", 1)[1])
    assert description.startswith("You made this action plan on Wednesday 2 December 2026")
    assert ("1. Keep your promises\nWhat I will do: " + tricky
            + "\nWhen: Tuesdays, 9am; after huddle\nHow I will know: Nobody chases me") in description
    assert "2. Be truthful, even when it's hard\nWhat I will do: Share bad news early" in description
    assert all(len(p.encode("utf-8")) <= 75 for p in text.split("\r\n"))
    props = properties(text)
    assert unescape(props["SUMMARY"]) == "Check in on my Building Trust action plan"
    assert re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"])


def test_downloading_again_updates_the_same_calendar_event(session):
    plan = action_plan.build(session)
    fill(plan.rows[0])
    uid = properties(calendar_link(plan))["UID"]
    assert uid.endswith("@building-trust-course")
    plan.rows[0].boxes["action"].value = "Something else"
    assert properties(calendar_link(plan))["UID"] == uid
    assert properties(calendar_link(action_plan.build(session)))["UID"] == uid


def test_a_saved_day_that_is_not_a_date_is_made_again(session):
    session.save(action_plan.CHECK_IN_KEY, {"made": "next Tuesday"})
    plan = action_plan.build(session)
    fill(plan.rows[0])
    assert session.answer(action_plan.CHECK_IN_KEY)["made"] == date.today().isoformat()
