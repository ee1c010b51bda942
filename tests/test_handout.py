"""The handout: static pages that show every figure without a kernel or a network."""

import re
import shutil

import pytest

from trustgrid.handout import build, page_link

from .conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    (root / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "01_what_is_trust.ipynb", root / "notebooks")
    (root / "facilitator").mkdir()
    (root / "facilitator" / "README.md").write_text("# Guide\n\nSee [notebook 1](../notebooks/01_what_is_trust.ipynb).\n")
    out = tmp_path_factory.mktemp("site")
    lines = []
    pages = build(out, root=root, report=lines.append)
    return out, pages, lines


def test_pages_are_written_with_progress(site):
    out, pages, lines = site
    assert [p.name for p in pages] == ["index.html", "01_what_is_trust.html", "facilitator.html"]
    assert lines[0].startswith("[") and "0/2 notebooks/01_what_is_trust.ipynb" in lines[0]
    assert lines[-1].startswith("[########################] 2/2 done")
    assert (out / "plotly.min.js").stat().st_size > 1_000_000


def test_widgets_become_static_figures_and_words(site):
    out, _, _ = site
    page = (out / "01_what_is_trust.html").read_text()
    assert "application/vnd.jupyter.widget-view+json" not in page
    assert page.count("Plotly.newPlot") == 4
    assert re.search(r"<script src=['\"]plotly\.min\.js['\"]></script>", page)
    assert "Joanne is not placed yet: write in the scores you would give" in page
    assert "Competence of Joanne:</strong> ____ out of 10" in page
    assert not re.search(r"<script[^>]+src=['\"]https?://", page), "a script would need the network"
    assert not re.search(r"https?://(cdnjs|unpkg|cdn\.)", page), "nothing is loaded from a CDN"
    assert "from trustgrid.notebook import start" not in page  # code is hidden


def test_links_between_notebooks_point_at_pages(site):
    out, _, _ = site
    assert "href=\"01_what_is_trust.html\"" in (out / "facilitator.html").read_text()
    page = (out / "01_what_is_trust.html").read_text()
    assert ".ipynb\"" not in page and 'href="02_keeping_your_word.html"' in page


@pytest.mark.parametrize(("url", "page"), [
    ("02_keeping_your_word.ipynb", "02_keeping_your_word.html"),
    ("../exercises/01_place_the_scenarios.ipynb#Reflect", "01_place_the_scenarios.html#Reflect"),
    ("notebooks/00_welcome.ipynb", "00_welcome.html"),
    ("https://example.org/a.ipynb", "https://example.org/a.ipynb"),
    ("#Key-points", "#Key-points"),
])
def test_page_link(url, page):
    assert page_link(url) == page


def test_an_activity_that_needs_the_live_course_says_so_on_paper(site):
    # notebook 1 ends with course.share() (trustgrid/kinds.py: share is left out on paper)
    out, _, _ = site
    page = (out / "01_what_is_trust.html").read_text()
    assert ("In the live course, this is where you send your placements to your facilitator. "
            "It needs the course running in JupyterLab or Voilà.") in page
    assert "Your display name for the workshop" not in page


# --- the participant handout: no answers, no facilitator page -----------------------------------

def model_answers_shown(out) -> list[str]:
    """Every model answer of the default course's data that a page of ``out`` shows: each
    sentence of a model answer (long enough not to match by chance), and each scenario's
    suggested placement as its title and scores in a row of a table."""
    import html

    from trustgrid.data import DEFAULT_DATA, load_course
    from trustgrid.kinds import model_answer_slots
    from trustgrid.source import parse

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    answers = set()
    for path in DEFAULT_DATA.glob("*.yaml"):
        data, _lines, _problems = parse(path.read_text(encoding="utf-8"), path.name)
        for parent, key, _path in model_answer_slots(path.stem, data):
            for text in strings(parent.get(key)):
                answers |= {html.escape(s.strip(), quote=False) for s in re.split(r"(?<=\.)\s", text)
                            if len(s.strip()) > 30}
    for s in load_course(DEFAULT_DATA).scenarios.values():
        answers.add(re.compile(rf"<td>{re.escape(html.escape(s.title, quote=False))}\b.*?</td>\s*"
                               rf"<td>{s.suggested.competence:g}, {s.suggested.caring:g}</td>"))
    assert len(answers) > 50
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.glob("*.html"))
    return [a if isinstance(a, str) else a.pattern for a in answers
            if (a in text if isinstance(a, str) else a.search(text))]


@pytest.fixture(scope="module")
def participant_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    for folder, name in (("notebooks", "01_what_is_trust.ipynb"),
                         ("exercises", "03_spot_the_behaviour.ipynb"),
                         ("exercises", "04_handover_case_study.ipynb")):
        (root / folder).mkdir(exist_ok=True)
        shutil.copy(ROOT / folder / name, root / folder)
    shutil.copytree(ROOT / "facilitator", root / "facilitator")
    out = tmp_path_factory.mktemp("site")
    pages = build(out, root=root, edition="learner", report=lambda _line: None)
    return out, pages


def test_the_participant_handout_has_no_model_answer_and_no_facilitator_page(participant_site):
    out, pages = participant_site
    assert [p.name for p in pages] == ["index.html", "01_what_is_trust.html",
                                       "03_spot_the_behaviour.html", "04_handover_case_study.html",
                                       "evaluation.html"]
    assert not (out / "facilitator.html").exists()
    assert model_answers_shown(out) == []
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.glob("*.html"))
    assert "Facilitator guide" not in (out / "index.html").read_text(encoding="utf-8")
    assert "There is no suggested answer in this edition" in text


def test_the_full_handout_shows_the_answers_the_participant_handout_leaves_out(tmp_path):
    """The check above can fail: the full handout's facilitator page lists the suggestions."""
    root = tmp_path / "course"
    (root / "facilitator").mkdir(parents=True)
    shutil.copy(ROOT / "facilitator" / "README.md", root / "facilitator")
    shutil.copy(ROOT / "facilitator" / "evaluation_form.md", root / "facilitator")
    build(tmp_path / "site", root=root, report=lambda _line: None)
    assert len(model_answers_shown(tmp_path / "site")) >= 15
    guide = (tmp_path / "site" / "facilitator.html").read_text(encoding="utf-8")
    assert 'href="evaluation.html"' in guide and "evaluation_form.md" not in guide


def test_a_participant_handout_built_over_a_full_one_removes_the_facilitator_page(tmp_path):
    root = tmp_path / "course"
    (root / "facilitator").mkdir(parents=True)
    (root / "facilitator" / "README.md").write_text("# Guide\n\nAnswers here.\n")
    out = tmp_path / "site"
    build(out, root=root, report=lambda _line: None)
    assert (out / "facilitator.html").exists()
    (out / "my notes.txt").write_text("mine")  # a person's own file in the folder
    build(out, root=root, edition="learner", report=lambda _line: None)
    assert not (out / "facilitator.html").exists()
    assert (out / "my notes.txt").read_text() == "mine"  # never deletes what it did not write


def test_the_evaluation_form_is_a_printable_page_linked_from_the_contents(participant_site):
    out, _ = participant_site
    form = (out / "evaluation.html").read_text(encoding="utf-8")
    assert "you will do differently" in form and form.count("☐ 1") >= 3
    assert "href='evaluation.html'" in (out / "index.html").read_text(encoding="utf-8")
