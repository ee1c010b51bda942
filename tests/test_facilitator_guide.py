"""The facilitator guide says what the course does: where Share is, what each command
builds, and how many dialogues exercise 3 has."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from trustgrid.cli import parser
from trustgrid.data import DEFAULT_DATA, load_course

from .conftest import ROOT

GUIDE = (ROOT / "facilitator" / "README.md").read_text(encoding="utf-8")
DASHBOARD = ROOT / "facilitator" / "workshop_dashboard.ipynb"
NUMBERS = {"ten": 10, "nine": 9, "eight": 8, "seven": 7, "six": 6, "five": 5, "four": 4,
           "three": 3, "two": 2}


def code_of(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def pages_with_share() -> tuple[list[str], list[str]]:
    """The numbers of the notebooks and the exercises that have a Share button."""
    def numbers(folder):
        return [p.name[:2].lstrip("0") for p in sorted((ROOT / folder).glob("*.ipynb"))
                if "course.share()" in code_of(p)]
    return numbers("notebooks"), numbers("exercises")


def test_the_guide_says_once_where_share_appears_and_it_is_true():
    pages, exercises = pages_with_share()
    assert len(pages) > 1 and len(exercises) == 1
    assert [int(p) for p in pages] == list(range(int(pages[0]), int(pages[-1]) + 1))
    where = f"after the placements in notebooks {pages[0]} to {pages[-1]} and in exercise {exercises[0]}"
    assert where in " ".join(GUIDE.split()), f"the guide should say: {where}"
    # Said once: no other passage lists the pages beside the button's name.
    assert re.findall(r"Share my placements\*\*[^.]*\((?:at the end of|in) [^)]*\)", GUIDE) == []


def test_the_dashboard_notebook_agrees_about_share():
    pages, exercises = pages_with_share()
    assert [int(p) for p in pages] == list(range(int(pages[0]), int(pages[-1]) + 1))
    cells = json.loads(DASHBOARD.read_text(encoding="utf-8"))["cells"]
    text = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    said = re.search(r"Share my placements\*\* \(at the end of ([^)]*)\)", text).group(1)
    assert said == f"notebooks {pages[0]} to {pages[-1]} and of exercise {exercises[0]}"


def test_every_command_the_guide_gives_is_one_the_tool_accepts():
    commands = re.findall(r"`(trustgrid [^`]+)`", GUIDE)
    assert len(commands) >= 4
    for command in commands:
        words = [w.replace("DIR", "out").replace("FOLDER", "responses")
                 for w in shlex.split(command)[1:]]
        try:
            parser().parse_args(words)
        except SystemExit:
            pytest.fail(f"the guide says `{command}`, which trustgrid refuses")


def test_the_guide_tells_facilitators_to_build_the_participant_handout():
    assert "trustgrid handout --edition learner --out DIR" in GUIDE
    for doc in (GUIDE, *(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))):
        assert not re.search(r"(Remove|delete) (that page|`facilitator\.html`)", doc, re.IGNORECASE)


def test_the_guide_counts_exercise_3s_dialogues_from_the_data():
    notes = GUIDE.split("### Exercise 3.", 1)[1].split("\n### ", 1)[0]
    said = re.search(r"\b(\w+) short conversations", notes).group(1).lower()
    dialogues = load_course(DEFAULT_DATA).content["dialogues"]["dialogues"]
    assert NUMBERS[said] == len(dialogues)


def test_the_guide_has_no_asymmetry_principle():
    assert "asymmetry" not in GUIDE.lower()


def test_the_guide_gives_the_course_maps_numbers_for_the_plan_and_the_colleagues_view():
    from trustgrid.widgets.action_plan import CHECK_IN_DAYS

    colleagues = load_course(DEFAULT_DATA).content["colleagues"]
    said = re.search(r"until at least (\w+) different colleagues have answered", " ".join(GUIDE.split()))
    assert said and NUMBERS[said.group(1)] == colleagues["minimum"]
    assert f"check-in {CHECK_IN_DAYS} days on" in " ".join(GUIDE.split())


def test_the_guide_lists_every_scenario_by_the_title_learners_see():
    course = load_course(DEFAULT_DATA)
    rows = re.findall(r"^\| (.+?) \(([^)]*)\) \| [\d.]+, [\d.]+ \|", GUIDE,
                      flags=re.MULTILINE)
    assert rows == [(s.title, s.setting) for s in course.scenarios.values()]


def test_the_guide_names_the_projector_buttons_as_the_tool_does():
    """Section 8 walks the projector view by its buttons' own names, every one of them."""
    names = re.findall(r'description="([^"]+)"', (ROOT / "trustgrid" / "widgets" /
                                                   "projector.py").read_text(encoding="utf-8"))
    assert {"Previous", "Next", "Refresh", "Show the suggestion"} <= set(names)
    steps = GUIDE.split("### During the session", 1)[1].split("\n## ", 1)[0]
    for name in names:
        assert f"**{name}**" in steps, f"section 8 never names the projector's {name!r} button"
    assert "second press" not in steps


def test_the_guides_caring_lines_hold_in_the_scenarios():
    """'A broken promise costs some of caring, but not all': some people who broke a promise
    are still placed high on caring; and the guide says the course's one line on warmth."""
    course = load_course(DEFAULT_DATA)
    broke = [s for s in course.scenarios.values()
             if ("keep_your_word", "broken") in s.behaviours]
    assert any(s.suggested.caring >= course.regions.threshold for s in broke)
    assert "a broken promise costs some of it, but not all" in " ".join(GUIDE.split())
    assert "lets people down is not showing care" not in " ".join(GUIDE.split())
    line = ("warmth raises how caring people think you are, but it does not on its own show you "
            "are looking after their interests")
    assert " ".join(GUIDE.split()).lower().count(line) >= 2
    assert "warmth is the same as care" not in " ".join(GUIDE.split())
