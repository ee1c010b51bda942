"""Raw HTML in the facilitator guide never runs or fetches: handout page and facilitator edition."""

import re
import shutil
from html.parser import HTMLParser

import mistune
import nbformat
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from trustgrid import editions, handout
from trustgrid.editions import NOTE_TAG, facilitator_notes

from .conftest import ROOT, TESTS

HOSTILE_GUIDE = TESTS / "data" / "hostile_guide.md"
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "link", "style", "form", "input", "button",
               "svg", "img", "base", "meta", "frame", "frameset", "applet", "audio", "video"}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def elements(html):
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.found, "".join(parser.text)


def assert_inert(html):
    found, _ = elements(html)
    assert [t for t, _ in found if t in ACTIVE_TAGS] == []
    assert [(t, a) for t, attrs in found for a in attrs if a.lower().startswith("on")] == []
    for tag, attrs in found:
        for name in ("href", "src", "action", "data", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
        assert "src" not in attrs, (tag, attrs)  # nothing from the guide is fetched


def assert_ordinary_markdown(html):
    found, text = elements(html)
    tags = [t for t, _ in found]
    assert {"table", "td", "li", "em", "strong", "code", "pre"} <= set(tags), tags
    links = [attrs.get("href") for t, attrs in found if t == "a"]
    assert "https://www.england.nhs.uk/" in links
    assert "<script>window.__pwned = 'code block'</script>" in text  # code shows as code
    assert "<script>window.__pwned = 'script'; alert('script')</script>" in text  # HTML as text


@pytest.fixture(scope="module")
def handout_page(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    (root / "facilitator").mkdir()
    shutil.copy(HOSTILE_GUIDE, root / "facilitator" / "README.md")
    out = tmp_path_factory.mktemp("site")
    handout.build(out, root=root, report=lambda _line: None)
    page = (out / "facilitator.html").read_text(encoding="utf-8")
    return page[page.index("<main>"): page.index("</main>")]


@pytest.fixture(scope="module")
def note_cell(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    (root / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "00_welcome.ipynb", root / "notebooks")
    (root / "facilitator").mkdir()
    shutil.copy(ROOT / "facilitator" / "workshop_dashboard.ipynb", root / "facilitator")
    shutil.copy(HOSTILE_GUIDE, root / "facilitator" / "README.md")
    out = tmp_path_factory.mktemp("editions") / "facilitator"
    editions.build("facilitator", out, root=root, report=lambda _line: None)
    nb = nbformat.read(out / "notebooks" / "00_welcome.ipynb", as_version=4)
    [cell] = [c for c in nb.cells if NOTE_TAG in c.metadata.get("tags", [])]
    return cell.source


def test_the_handout_guide_page_runs_and_fetches_nothing_from_the_guide(handout_page):
    assert_inert(handout_page)
    found, text = elements(handout_page)
    assert "<iframe src=\"https://evil.example/frame\"></iframe>" in text
    assert ("a", {"href": "00_welcome.html"}) in found  # notebook links still lead to pages
    assert "https://evil.example/pixel.png" in [a.get("href") for t, a in found if t == "a"]
    assert "hidden comment" not in text and "notes-for" not in text  # comments stay hidden


def test_the_handout_guide_page_keeps_its_markdown(handout_page):
    assert_ordinary_markdown(handout_page)
    found, _ = elements(handout_page)
    assert ("h1", {}) in found and ("h2", {}) in found


def test_facilitator_note_cell_is_inert_as_voila_renders_it(note_cell):
    assert "**🧑‍🏫 Facilitator notes (not for learners)**" in note_cell
    rendered = markdown2html_mistune(note_cell)  # Voila and nbconvert: raw HTML passes through
    assert_inert(rendered)
    found, text = elements(rendered)
    assert "<script>window.__pwned = 'note code block'</script>" in text
    assert "<img src=x onerror=\"window.__pwned='img'\">" in text
    assert "hidden comment" not in text
    assert "Text after the notes" not in text
    assert "https://www.england.nhs.uk/" in [a.get("href") for t, a in found if t == "a"]
    assert {"strong", "li", "code", "pre", "blockquote"} <= {t for t, _ in found}


@pytest.mark.parametrize("notebook", sorted(facilitator_notes(ROOT / "facilitator" / "README.md")))
def test_the_real_guides_notes_render_as_they_are_written(notebook):
    note = facilitator_notes(ROOT / "facilitator" / "README.md")[notebook]
    source = editions._note_cell(note).source
    quoted = "\n".join(f"> {line}" if line else ">" for line in note.splitlines())
    assert mistune.html(source) == mistune.html(
        "> **🧑‍🏫 Facilitator notes (not for learners)**\n>\n" + quoted)


def test_the_real_guide_page_renders_as_it_is_written():
    from trustgrid.safe_markdown import to_html

    text = (ROOT / "facilitator" / "README.md").read_text(encoding="utf-8")
    plain = "\n".join(line for line in text.splitlines() if not line.startswith("<!-- notes-for:"))
    plain = re.sub(r"<!-- course-time: [a-z]+ -->", "", plain)  # tests/test_times.py's markers
    assert to_html(text) == mistune.html(plain)
