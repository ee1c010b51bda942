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
    assert "You placed the ward sister at competence 5, caring 5" in page
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
