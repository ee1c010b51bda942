"""Predict, then reveal: nothing on a page gives an activity's answer before the learner acts.

- No heading names a region or a verdict ("admired, but not trusted?").
- Between an activity and the next one, no Markdown states the region the data suggests for
  it, and no example printed there falls in that region: the answer is in its Reveal.
- The promise ledger asks where its manager will end up before it plays: the end point is
  not on show until the learner has predicted; the prediction is saved, comes back, and is
  compared in words with where the story ends.

The regions, the scenarios each page places and where the ledger's story ends are all read
from the course data, so the checks follow the data.
"""

import ast
import re

import ipywidgets as w
import nbformat
import pytest
import yaml

from trustgrid.data import DEFAULT_DATA, load_course
from trustgrid.ledger_model import ledger_of, score, track
from trustgrid.model import Placement
from trustgrid.notebook import Session
from trustgrid.widgets.figure import Figure
from trustgrid.work import WorkStore

from .conftest import ROOT

COURSE = load_course(None)
REGIONS = COURSE.regions
PAGES = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")) + sorted((ROOT / "exercises").glob("[0-9]*.ipynb"))
SCENARIOS = {s["id"]: s for s in yaml.safe_load((DEFAULT_DATA / "scenarios.yaml").read_text(
    encoding="utf-8"))["scenarios"]}
LEDGER = ledger_of(COURSE)
STORY_END = track(LEDGER, LEDGER.outcomes, LEDGER.asymmetry).points[-1]

# A verdict in a heading: "... not trusted?", "... not relied on?", "mistaken for trust".
VERDICT = re.compile(r"\b(not|mistaken for)\b[^.?!]*\b(trust\w*|relied)\b", re.IGNORECASE)


def names_region(text: str, region) -> bool:
    """True when ``text`` uses the region's name as a region's name. "Trust" is also the
    course's subject, so that name counts only where it is written as a name: capitalised,
    and not the first word of a sentence or a line (nor in the guide's title, *Building Trust*)."""
    text = text.replace("Building Trust", "")
    if region.key != "trust":
        return re.search(rf"\b{re.escape(region.name)}\b", text, re.IGNORECASE) is not None
    for found in re.finditer(rf"\b{re.escape(region.name)}\b", text):
        before = text[:found.start()]
        if before.endswith("**"):
            return True
        before = before.rstrip(" *_")
        if before and (before[-1].isalnum() or before[-1] == ","):
            return True
    return False


def test_the_region_check_reads_trust_as_a_name_only_where_it_is_one():
    trust = REGIONS.by_key["trust"]
    assert names_region("By week 3 she had reached Trust.", trust)
    assert names_region("She is in **Trust**.", trust)
    assert not names_region("Trust is slow to build. People trust what you do.", trust)
    assert not names_region("## Trust when you lead change", trust)
    assert not names_region("# 0. Welcome to Building Trust", trust)
    assert names_region("a real concern earns respect", REGIONS.by_key["respect"])


def headings(path) -> list[str]:
    cells = nbformat.read(path, as_version=4).cells
    return [line.lstrip("#").strip() for c in cells if c.cell_type == "markdown"
            for line in c.source.splitlines() if re.match(r"#{1,6}\s", line)]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_heading_names_a_region_or_a_verdict(path):
    found = [h for h in headings(path)
             if VERDICT.search(h) or any(names_region(h, r) for r in REGIONS)]
    assert not found, f"these headings give an answer away: {found}"


def _calls(source: str):
    """(method, args, keywords) for each ``course.<method>(...)`` call in a code cell."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "course":
            args = [ast.literal_eval(a) for a in node.args]
            keywords = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
            yield node.func.attr, args, keywords


def _notebook_name(path) -> str:
    return path.stem if path.parent.name == "notebooks" else f"ex{path.stem}"


def _answer_region(page: str, method: str, args, keywords):
    """The region the data gives an activity's answer, or None for one without a region."""
    if method == "place":
        (which,) = args or [keywords["scenario"]]
        if isinstance(which, int):
            entry = (COURSE.content["course"]["notebooks"].get(page)
                     or COURSE.content["course"]["exercises"].get(page))
            which = entry["scenarios"][which - 1]
        suggested = SCENARIOS[which]["suggested"]
        return REGIONS.of(Placement(suggested["competence"], suggested["caring"]))
    if method == "ledger" and keywords.get("mode", "story") == "story":
        return REGIONS.of(STORY_END)
    return None


def spans(path):
    """Each activity with a region for its answer, and the cells after it up to the next
    activity (any other ``course.`` call that shows something: ``explain`` only prints)."""
    page = _notebook_name(path)
    cells = nbformat.read(path, as_version=4).cells
    current, after = None, []
    for index, cell in enumerate(cells):
        calls = list(_calls(cell.source)) if cell.cell_type == "code" else []
        shows = [c for c in calls if c[0] not in ("explain", "reflect")]
        if shows:
            if current:
                yield current, after
            region = _answer_region(page, *shows[0])
            current, after = ((index, shows[0][0], region) if region else None), []
        elif current:
            after.append(cell)
    if current:
        yield current, after


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_text_after_an_activity_states_its_answer_before_the_next(path):
    found = []
    for (index, method, region), cells in spans(path):
        for cell in cells:
            if cell.cell_type == "markdown" and names_region(cell.source, region):
                found.append(f"cell {index} ({method}) is {region.name}, and the Markdown after "
                             f"it says so: {cell.source[:80]!r}")
            for name, args, keywords in _calls(cell.source) if cell.cell_type == "code" else ():
                placement = Placement(*(args or [keywords["competence"], keywords["caring"]]))
                if name == "explain" and REGIONS.of(placement) == region:
                    found.append(f"cell {index} ({method}) is {region.name}, and an example "
                                 f"printed after it is {region.name} too")
    assert not found, "\n".join(found)


def test_the_spans_check_would_catch_a_stated_answer(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("course.place(1)"),
                nbformat.v4.new_markdown_cell("### Respect is not trust"),
                nbformat.v4.new_code_cell("course.explain(competence=9, caring=2)"),
                nbformat.v4.new_code_cell("course.place(2)")]
    path = tmp_path / "notebooks" / "01_what_is_trust.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    ((_, method, region), cells), _second = list(spans(path))
    assert (method, region.key, len(cells)) == ("place", "respect", 2)
    with pytest.raises(AssertionError, match="says so.*\n.*printed after it"):
        test_no_text_after_an_activity_states_its_answer_before_the_next(path)
    with pytest.raises(AssertionError, match="give an answer away"):
        test_no_heading_names_a_region_or_a_verdict(path)


# --- the promise ledger -------------------------------------------------------------------

@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path))
    return WorkStore(tmp_path)


def shown(root) -> tuple[str, list[Figure]]:
    """The words and the figures a learner can see: hidden parts (display none) left out."""
    words, figures, todo = [], [], [root]
    while todo:
        widget = todo.pop()
        layout = getattr(widget, "layout", None)  # a figure's layout is its plotly one
        if not isinstance(widget, w.Widget) or isinstance(layout, w.Layout) and layout.display == "none":
            continue
        if isinstance(widget, Figure):
            figures.append(widget)
        for name in ("value", "html"):
            value = getattr(widget, name, None)
            if isinstance(value, str):
                words.append(value)
        todo += list(getattr(widget, "children", ()) or ())
    return "\n".join(words), figures


def end_words() -> str:
    return f"competence {score(STORY_END.competence)}, caring {score(STORY_END.caring)}"


def test_the_ledger_keeps_its_end_point_hidden_until_the_learner_predicts(store):
    ledger = Session("02_keeping_your_word", store=store).ledger()
    words, figures = shown(ledger)
    assert not figures, "the grid and the timeline show the end point"
    assert end_words() not in words and "After 12 weeks" not in words
    assert f"{LEDGER.name}" in words and "not predicted" not in words
    assert ledger.play.button.disabled and "First choose where you think" in ledger.play.panel.html
    ledger.play.reveal()  # pressing it anyway does nothing yet
    assert not ledger.play.revealed and shown(ledger)[1] == []
    # the question offers the four regions, by their names in the data
    assert [label for label, _ in ledger.prediction.options] == [r.name for r in REGIONS]


def test_the_ledger_saves_the_prediction_then_plays_and_compares(store):
    session = Session("02_keeping_your_word", store=store)
    ledger = session.ledger()
    wrong = next(r for r in REGIONS if r != REGIONS.of(STORY_END))
    ledger.prediction.value = wrong.key
    assert session.answer("ledger:story")["prediction"] == wrong.key
    assert not ledger.play.button.disabled and not ledger.play.revealed
    assert shown(ledger)[1] == [], "predicting is not playing: the end point waits for Show"
    ledger.play.button.click()
    words, figures = shown(ledger)
    assert len(figures) == 2 and end_words() in words
    compared = ledger.play.panel.html
    assert f"You predicted {wrong.name}" in compared and REGIONS.of(STORY_END).name in compared
    assert "you were right" not in compared
    assert ledger.prediction.disabled, "the prediction stays as it was made"
    assert session.answer("ledger:story")["revealed"] is True


def test_a_right_prediction_is_told_so(store):
    ledger = Session("02_keeping_your_word", store=store).ledger()
    ledger.prediction.value = REGIONS.of(STORY_END).key
    ledger.play.button.click()
    assert "you were right" in ledger.play.panel.html


def test_the_prediction_and_the_play_come_back(store):
    first = Session("02_keeping_your_word", store=store).ledger()
    first.prediction.value = "trust"
    again = Session("02_keeping_your_word", store=WorkStore(store.folder)).ledger()
    assert again.prediction.value == "trust" and not again.play.revealed
    assert not again.play.button.disabled and shown(again)[1] == []
    again.play.button.click()
    third = Session("02_keeping_your_word", store=WorkStore(store.folder)).ledger()
    assert third.prediction.value == "trust" and third.play.revealed
    assert len(shown(third)[1]) == 2 and third.play.panel.html == again.play.panel.html


def test_a_damaged_prediction_is_not_restored(store):
    store.set("02_keeping_your_word", "ledger:story",
              {"prediction": "somewhere", "revealed": True})
    ledger = Session("02_keeping_your_word", store=store).ledger()
    assert ledger.prediction.value is None and not ledger.play.revealed
    assert shown(ledger)[1] == []


def test_the_learners_own_ledger_has_nothing_to_predict(store):
    own = Session("ex02_promise_ledger_practice", store=store).ledger(mode="own")
    assert own.prediction is None and len(shown(own)[1]) == 2


# --- prompts that hold in every edition -----------------------------------------------------

# An instruction to see a suggestion or a model answer (a workshop's learner edition has none).
REVEAL_PROMPT = re.compile(
    r"\bpress \*\*(Reveal|Show model answer|Compare)|\breveal (the|its|their) (suggest|model)"
    r"|\b(then|and) reveal\b", re.IGNORECASE)


def test_the_reveal_prompt_check_finds_each_kind():
    for text in ["then press **Reveal suggested placement**.", "press **Show model answer**",
                 "Place them first, then reveal.", "reveal the model plan"]:
        assert REVEAL_PROMPT.search(text), text
    assert not REVEAL_PROMPT.search("press **Show the 12 weeks**")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_prompts_to_reveal_say_what_to_do_in_an_edition_without_answers(path):
    """A learner edition has no Reveal: a cell that asks for one says what then."""
    cells = nbformat.read(path, as_version=4).cells
    found = [c.source[:100] for c in cells if c.cell_type == "markdown"
             and REVEAL_PROMPT.search(c.source) and "edition" not in c.source]
    assert not found, f"these ask for a Reveal a learner edition does not have: {found}"


def test_on_paper_the_ledger_asks_and_does_not_tell(store):
    ledger = Session("02_keeping_your_word", store=store).ledger()
    paper = ledger.static_html()
    assert f"Where will {LEDGER.name} be after week 12?" in paper
    assert end_words() not in paper and "js-plotly" not in paper and "plotly" not in paper.lower()
    ledger.prediction.value = "trust"
    ledger.play.button.click()
    assert end_words() in ledger.static_html()
