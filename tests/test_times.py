"""Times come from data/course.yaml: the README, the welcome page and the facilitator guide
state the same ones, and every session plan adds up to the length it says.

A total in prose is marked for this test by an HTML comment right after it, such as
``about 2 hours (125 minutes)<!-- course-time: pages -->``: the last time before the marker
is the one checked. Readers never see the comment.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from trustgrid.data import DEFAULT_DATA, load_course

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
WELCOME = ROOT / "notebooks" / "00_welcome.ipynb"
GUIDE = ROOT / "facilitator" / "README.md"
TEXTS = [README, WELCOME, GUIDE]

MARKER = re.compile(r"<!--\s*course-time:\s*([a-z]+)\s*-->")
# "125 minutes", "20 min", "60-minute", "2½ hours", "2½-hour", "3 hours 40 minutes"
TIME = re.compile(r"(\d+)(½)?[- ](hours?|minutes?|min)\b(?: (\d+) minutes)?")
FULL_COURSE = re.compile(r"\b(full|whole|complete) course\b", re.IGNORECASE)
NEGATION = re.compile(r"\bnot\b|n't\b", re.IGNORECASE)


def minutes_of(match: re.Match) -> int:
    number, half, unit, extra = match.groups()
    if unit.startswith("hour"):
        return int(number) * 60 + (30 if half else 0) + int(extra or 0)
    return int(number)


def last_time(text: str) -> int | None:
    found = list(TIME.finditer(text))
    return minutes_of(found[-1]) if found else None


def markdown_of(path: Path) -> str:
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def start_name(path: Path) -> str:
    """The name a notebook gives ``start(...)``: its key in course.yaml."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return re.search(r"start\(\"([a-z0-9_]+)\"", code).group(1)


@pytest.fixture(scope="module")
def course_map() -> dict:
    return load_course(DEFAULT_DATA).content["course"]


@pytest.fixture(scope="module")
def times():
    return load_course(DEFAULT_DATA).times()


def page_minutes(course_map: dict) -> dict[str, int]:
    """'page 3' or 'exercise 3' -> its minutes in course.yaml."""
    out = {}
    for group, label, skip in (("notebooks", "page", 0), ("exercises", "exercise", 2)):
        for key, entry in course_map.get(group, {}).items():
            out[f"{label} {int(key[skip:skip + 2])}"] = entry["minutes"]
    return out


def which_page(cell: str) -> str | None:
    cell = re.sub(r"[*\[]", "", cell)
    if m := re.match(r"\s*Exercise (\d)\b", cell):
        return f"exercise {m.group(1)}"
    if m := re.match(r"\s*(\d)\. ", cell):
        return f"page {m.group(1)}"
    return None


def table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.lstrip().startswith("|")]


# --- course.yaml --------------------------------------------------------------------------------

def test_every_page_and_exercise_has_its_time_in_the_course_map(course_map):
    for group, folder in (("notebooks", "notebooks"), ("exercises", "exercises")):
        names = {start_name(p) for p in sorted((ROOT / folder).glob("*.ipynb"))}
        entries = course_map.get(group, {})
        assert names == set(entries), f"{group} in course.yaml: {sorted(entries)}, files: {sorted(names)}"
        for name in names:
            assert isinstance(entries[name].get("minutes"), int), f"{name} has no minutes"


def test_times_are_the_sums_of_the_course_map(course_map, times):
    pages = sum(e["minutes"] for e in course_map["notebooks"].values())
    exercises = sum(e["minutes"] for e in course_map["exercises"].values())
    assert times == {"pages": pages, "exercises": exercises, "total": pages + exercises}


def test_a_course_map_without_times_has_none(tmp_path):
    (tmp_path / "course.yaml").write_text("title: Another course\nnotebooks: {}\n", encoding="utf-8")
    assert load_course(tmp_path).times() == {"pages": 0, "exercises": 0, "total": 0}


# --- totals in prose ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_totals_stated_in_each_text_are_the_course_maps(path, times):
    text = markdown_of(path)
    plans = plan_lengths()
    expected = {**times, **plans}
    seen = set()
    for m in MARKER.finditer(text):
        name = m.group(1)
        assert name in expected, f"{path.name}: unknown marker course-time: {name}"
        before = text[max(0, m.start() - 80):m.start()].replace("\n", " ")
        stated = last_time(before)
        assert stated == expected[name], (
            f"{path.name} says {stated} minutes for {name!r} before its marker; "
            f"course.yaml and the facilitator guide give {expected[name]}")
        seen.add(name)
    assert {"pages", "exercises", "total"} <= seen, f"{path.name} marks only {sorted(seen)}"


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_text_keeps_the_old_vague_totals(path):
    assert "90 minutes to 2 hours" not in markdown_of(path)


# --- one page at a time -------------------------------------------------------------------------

@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_page_in_a_table_has_the_course_maps_time(path, course_map):
    minutes = page_minutes(course_map)
    rows = 0
    for row in table_rows(markdown_of(path)):
        if "Minutes" in row or not row:
            continue
        page = next((p for p in map(which_page, row) if p), None)
        time = next((c for c in row if re.match(r"\d+ min\b", c)), None)
        if page and time:
            rows += 1
            assert int(time.split()[0]) == minutes[page], f"{path.name}: {row}"
    pages = sum(1 for p in minutes if p.startswith("page"))
    assert rows >= (pages if path == GUIDE else len(minutes)), f"{path.name}: only {rows} pages in tables"


def test_each_page_says_the_course_maps_time():
    minutes = load_course(DEFAULT_DATA).content["course"]
    for group in ("notebooks", "exercises"):
        for path in sorted((ROOT / group).glob("*.ipynb")):
            first = markdown_of(path)[:1000]  # the page's opening, where its time is
            said = re.search(r"\*\*Time needed:\*\* about (\d+) minutes", first)
            assert said, f"{path.name} does not say its time"
            assert int(said.group(1)) == minutes[group][start_name(path)]["minutes"], path.name


def test_the_guides_notes_give_each_pages_time(course_map):
    minutes = page_minutes(course_map)
    found = re.findall(r"^### (Notebook|Exercise) (\d)\..*\((?:about )?(\d+) minutes\)$",
                       GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(found) == len(minutes)
    for kind, number, said in found:
        page = f"{'page' if kind == 'Notebook' else 'exercise'} {number}"
        assert int(said) == minutes[page], f"{kind} {number}"


# --- session plans ------------------------------------------------------------------------------

def plans() -> list[tuple[str, int, str]]:
    """Each timed plan of the guide's section 4: (heading, stated length, its text)."""
    section = GUIDE.read_text(encoding="utf-8").split("## 4. Session plans", 1)[1].split("\n## ", 1)[0]
    out = []
    for part in section.split("\n### ")[1:]:
        heading, body = part.split("\n", 1)
        if ":" in heading and "| Minutes |" in body:
            out.append((heading, minutes_of(TIME.search(heading.split(":", 1)[1])), body))
    return out


def plan_lengths() -> dict[str, int]:
    return {("taster" if "Taster" in h else "workshop" if "Workshop" in h else h): n
            for h, n, _ in plans()}


def plan_rows(body: str) -> list[dict[str, str]]:
    rows = table_rows(body)
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[2:]]


PLANS = [pytest.param(*plan, id=plan[0].split(":")[0]) for plan in plans()]


def test_the_guide_has_a_taster_and_a_workshop():
    assert set(plan_lengths()) == {"taster", "workshop"}


@pytest.mark.parametrize("heading,length,body", PLANS)
def test_each_plans_minutes_add_up_to_its_length(heading, length, body):
    rows = plan_rows(body)
    assert sum(int(r["Minutes"]) for r in rows) == length, heading
    clock = 0
    for r in rows:
        start, end = map(int, r["Time"].split("–"))
        assert (start, end - start) == (clock, int(r["Minutes"])), f"{heading}: {r['Time']}"
        clock = end
    assert clock == length


@pytest.mark.parametrize("heading,length,body", PLANS)
def test_each_plan_keeps_spare_time(heading, length, body):
    spare = [int(r["Minutes"]) for r in plan_rows(body) if r["Activity"].startswith("Spare time")]
    assert spare and sum(spare) >= 5, f"{heading}: a plan needs a row of spare time, 5 minutes or more"


@pytest.mark.parametrize("heading,length,body", PLANS)
def test_a_plan_called_the_full_course_has_every_page(heading, length, body, course_map):
    claims = [s for s in re.split(r"(?<=[.!?])\s+", body.split("\n|", 1)[0] + " " + heading)
              if FULL_COURSE.search(s) and not NEGATION.search(s)]
    if not claims:
        return
    covered = " ".join(r["Activity"] for r in plan_rows(body)).lower()
    covered = {f"{'page' if k == 'notebook' else k} {n}"
               for k, n in re.findall(r"\b(notebook|exercise)\W+(\d)\b", covered)}
    missing = sorted(set(page_minutes(course_map)) - covered)
    assert not missing, f"{heading} is called the full course ({claims[0]!r}) but leaves out {missing}"


# --- what each plan covers, leaves out and asks ------------------------------------------------

NAMED = re.compile(r"\b(notebook|exercise)s?\s+(\d(?:(?:\s*,\s*|\s+and\s+|\s+to\s+)\d)*)\b", re.IGNORECASE)


def pages_named(text: str) -> set[str]:
    """'notebooks 2 to 6', 'exercise 1', 'notebooks 2, 3 and 4' -> {'page 2', ...}."""
    found = set()
    for kind, numbers in NAMED.findall(text):
        label = "page" if kind.lower() == "notebook" else "exercise"
        for part in re.split(r"\s*,\s*|\s+and\s+", numbers):
            ends = [int(n) for n in re.split(r"\s+to\s+", part)]
            found |= {f"{label} {n}" for n in range(ends[0], ends[-1] + 1)}
    return found


def covered(body: str) -> set[str]:
    return pages_named(" ".join(r["Activity"] for r in plan_rows(body)))


def intro(body: str) -> str:
    return body.split("\n|", 1)[0].replace("\n", " ")


@pytest.mark.parametrize("heading,length,body", PLANS)
def test_each_plan_names_what_it_leaves_for_afterwards(heading, length, body, course_map):
    leaves = " ".join(s for s in re.split(r"(?<=[.!?])\s+", intro(body)) if re.search(r"\bleaves\b", s))
    left_out = set(page_minutes(course_map)) - covered(body)
    assert pages_named(leaves) == left_out, (
        f"{heading}: its table leaves out {sorted(left_out)}; its 'leaves' sentence names "
        f"{sorted(pages_named(leaves))}")


@pytest.mark.parametrize("heading,length,body", PLANS)
def test_a_plan_gives_the_action_plan_the_time_the_course_map_does(heading, length, body, course_map):
    minutes = page_minutes(course_map)
    for row in plan_rows(body):
        if "page 5" in pages_named(row["Activity"]):
            assert int(row["Minutes"]) >= minutes["page 5"], f"{heading}: {row['Activity']}"


@pytest.mark.parametrize("heading,length,body", PLANS)
def test_each_plan_starts_with_time_for_the_course_to_open(heading, length, body):
    first = plan_rows(body)[0]
    assert "open the course" in first["Activity"] and "Binder" in first["Notes"], heading
    assert int(first["Minutes"]) >= 8, f"{heading}: a launch on Binder can take several minutes"


@pytest.mark.parametrize("heading,length,body", PLANS)
def test_each_plan_ends_with_the_evaluation_form(heading, length, body):
    assert "evaluation form" in plan_rows(body)[-1]["Activity"], heading
    section = GUIDE.read_text(encoding="utf-8").split("## 4. Session plans", 1)[1]
    assert "](evaluation_form.md)" in section
    assert (GUIDE.parent / "evaluation_form.md").is_file()


@pytest.mark.parametrize("heading,length,body", PLANS)
def test_a_plan_asks_only_about_what_it_taught(heading, length, body):
    """The questions a plan puts to people name no behaviour that its pages do not teach."""
    course = load_course(DEFAULT_DATA)
    taught = covered(body)
    questions = " ".join(re.findall(r'"([^"]+)"', " ".join(
        r["Activity"] + " " + r["Notes"] for r in plan_rows(body)))).lower()
    assert questions, f"{heading} asks nothing"
    for behaviour in course.behaviours.values():
        page = f"page {int(behaviour.notebook)}"
        if page not in taught:
            assert behaviour.title.lower() not in questions, f"{heading}: {behaviour.title}"
    if not {"page 2", "page 3"} & taught:
        assert "behaviour" not in questions, f"{heading} asks about behaviours it does not teach"


def test_pages_named():
    assert pages_named("It leaves notebooks 2 to 6 and exercises 1 to 5 for later") == {
        *(f"page {n}" for n in range(2, 7)), *(f"exercise {n}" for n in range(1, 6))}
    assert pages_named("the quiz (notebook 6), notebooks 2, 3 and 4") == {
        "page 6", "page 2", "page 3", "page 4"}


# --- what a shortened plan keeps ---------------------------------------------------------------

@pytest.mark.parametrize("heading,length,body", PLANS)
def test_a_page_given_less_time_says_what_to_skip(heading, length, body, course_map):
    minutes = page_minutes(course_map)
    for row in plan_rows(body):
        if not (opens := re.match(r"\*\*(Notebook|Exercise) (\d)\*\*", row["Activity"])):
            continue  # a row about a page, not one that runs it (the group placement)
        page = f"{'page' if opens[1] == 'Notebook' else 'exercise'} {opens[2]}"
        if int(row["Minutes"]) < minutes[page]:
            assert re.search(r"\bskip\b|\bafterwards\b", row["Notes"]), (
                f"{heading}: {row['Activity']} gets {row['Minutes']} of {minutes[page]} "
                "minutes but its notes do not say what to skip")


@pytest.mark.parametrize("heading,length,body", PLANS)
def test_a_plan_keeps_the_stories_the_next_look_back_asks_about(heading, length, body):
    """Each look back asks about the stories of the page before, so a plan that runs the next
    page cannot leave a page's stories for afterwards."""
    taught = covered(body)
    for row in plan_rows(body):
        pages = pages_named(row["Activity"])
        if any(f"page {int(p.split()[1]) + 1}" in taught for p in pages if p.startswith("page")):
            assert not re.search(r"(scenarios?|stories) (is|are) for afterwards", row["Notes"]), (
                f"{heading}: {row['Activity']}: {row['Notes']}")


def test_the_workshops_variants_keep_the_spare_time():
    body = next(b for h, _, b in plans() if "Workshop" in h)
    after_table = body.rsplit("\n|", 1)[1].split("\n", 1)[1]
    assert "If your group" in after_table
    assert not re.search(r"\b(give it|from|use) the spare time", after_table), after_table


@pytest.mark.parametrize("heading,length,body", PLANS)
def test_a_plan_that_skips_notebook_5_names_its_download_button(heading, length, body):
    if "page 5" in covered(body):
        return
    notes = " ".join(r["Notes"] for r in plan_rows(body))
    if re.search(r"notebook 5", notes):
        assert "**Download my work**" in notes, f"{heading}: {notes}"


def test_the_evaluation_form_takes_the_time_the_guide_gives_it(course_map):
    words = {"two": 2, "three": 3, "four": 4, "five": 5}
    said = re.compile(r"about\s+(two|three|four|five)\s+minutes")
    form = said.search((GUIDE.parent / "evaluation_form.md").read_text(encoding="utf-8")).group(1)
    guide = said.search(GUIDE.read_text(encoding="utf-8").split("**Evaluation.**", 1)[1]).group(1)
    assert form == guide, f"the form says about {form} minutes, the guide about {guide}"
    for heading, _length, body in plans():
        close = plan_rows(body)[-1]
        assert words[form] < int(close["Minutes"]), f"{heading}: no time left to close"
