"""A claim from research cites a source that says it, and every page that cites ends with its list.

A citation is an author and a year in a page's markdown, either in brackets,
"(Mayer, Davis & Schoorman, 1995)", or in the sentence, "Mayer, Davis & Schoorman (1995)".
Each one must match an entry in the page's "## References" list, which sits in the page's last
markdown cell: the same year, and the first author's name among that entry's authors.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))
YEAR = r"(?:19|20)\d\d"
NAME = r"[A-Z][\w'’-]+"
# "(Author, 1995)", "(Author & Other, 1995)", "(Author and colleagues, 2006)", "(Org, 2008, section ...)"
IN_BRACKETS = re.compile(rf"\(({NAME}[^()]*?),\s*({YEAR})\b[^()]*\)")
# "Author (1995)", "Author, Other & Third (1995)", "Author et al. (1995)"
IN_SENTENCE = re.compile(rf"({NAME}(?:(?:,\s*|\s+(?:&|and)\s+){NAME})*(?:\s+et al\.)?)\s+\(({YEAR})\)")
ENTRY = re.compile(rf"^- (.+?) \(({YEAR})\)\.", re.MULTILINE)


def markdown_cells(page: Path) -> list[str]:
    cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def split_references(page: Path) -> tuple[str, list[tuple[str, str]]]:
    """The page's text before its reference list, and the list's (authors, year) entries."""
    cells = markdown_cells(page)
    text = "\n\n".join(cells)
    if "## References" not in text:
        return text, []
    body, _, tail = text.partition("## References")
    listing = re.split(r"^#", tail, maxsplit=1, flags=re.MULTILINE)[0]
    return body, ENTRY.findall(listing)


def first_author(authors: str) -> str:
    return re.split(r",|\s+&\s+|\s+and\s+|\s+et al\.", authors.strip())[0].strip()


def citations(text: str) -> list[tuple[str, str]]:
    found = [(first_author(a), y) for a, y in IN_BRACKETS.findall(text)]
    found += [(first_author(a), y) for a, y in IN_SENTENCE.findall(text)]
    return found


def test_the_patterns_find_each_kind_of_citation():
    text = ("as shown (Mayer, Davis & Schoorman, 1995); Slovic (1993) and Fiske et al. (2002) "
            "(Cepeda and colleagues, 2006) (NHS Institute for Innovation and Improvement, 2008, "
            "section \"Other useful tools\") (Author, year)")
    assert sorted(citations(text)) == sorted([
        ("Mayer", "1995"), ("Slovic", "1993"), ("Fiske", "2002"), ("Cepeda", "2006"),
        ("NHS Institute for Innovation", "2008")])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_citation_is_in_the_pages_reference_list(page):
    body, entries = split_references(page)
    cited = citations(body)
    if not cited:
        return
    assert entries, f"{page.name} cites {cited[0]} but has no '## References' list"
    missing = [(name, year) for name, year in cited
               if not any(name in authors and year == y for authors, y in entries)]
    assert not missing, f"{page.name}: not in its reference list: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_reference_list_is_at_the_pages_end(page):
    cells = markdown_cells(page)
    holding = [i for i, text in enumerate(cells) if "## References" in text]
    if not holding:
        return
    assert holding == [len(cells) - 1], f"{page.name}: the references belong in its last markdown cell"
    after = cells[-1].partition("## References")[2]
    assert not citations(re.split(r"^- .*$", after, flags=re.MULTILINE)[-1]), \
        f"{page.name}: a citation comes after the reference list"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reference_entries_share_one_style(page):
    """Author(s), (year), title, where published: each entry reads "- Names (year). Title..."."""
    _, _, tail = "\n\n".join(markdown_cells(page)).partition("## References")
    listing = re.split(r"^#", tail, maxsplit=1, flags=re.MULTILINE)[0]
    lines = [line for line in listing.splitlines() if line.startswith("- ")]
    for line in lines:
        assert ENTRY.match(line), f"{page.name}: not in the reference style: {line}"
        assert re.search(r"\)\. .+[.?] .+", line), f"{page.name}: needs a title and where published: {line}"
    assert lines == sorted(lines, key=str.casefold), f"{page.name}: references are not in A–Z order"


OWNING_UP = re.compile(r"own(?:ing|s)? up|admit|apolog|honest|shortcoming|mistake|slip", re.IGNORECASE)
TEXTS = PAGES + sorted((ROOT / "data").glob("*.yaml")) + [ROOT / "facilitator" / "README.md"]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_page_cites_the_pratfall_study_for_owning_up(path):
    """Aronson, Willerman & Floyd (1966) found a capable person's blunder made him more likeable:
    it says nothing about owning up to a mistake, or about trust."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        text = "\n\n".join(markdown_cells(path))
    for paragraph in re.split(r"\n\s*\n", text):
        if "Aronson" in paragraph:
            assert not OWNING_UP.search(paragraph), \
                f"{path.name} cites Aronson et al. for owning up: {paragraph[:200]}"
