"""Build the static handout: the course as HTML pages to read or print without a kernel.

Each notebook and exercise is run with $TRUSTGRID_STATIC=1, so every activity shows its
figures and words in their default state instead of live widgets; the pages hide code,
load plotly.js from one copy shipped in the site (no network: it works from a file), and
print cleanly. The facilitator guide and the evaluation form become pages too.

The ``learner`` handout is the one to give participants: its pages are built from the
course's data without model answers (as the learner edition's are), and it has no
facilitator guide.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import nbformat
from jinja2 import pass_context
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

from .data import COURSE_ROOT, data_folder, load_course
from .editions import write_data
from .errors import DataError, Problem
from .markup import Markup, bullets, escape, para
from .outfolder import BuildFolder, course_reads
from .safe_markdown import to_html
from .static import STATIC_ENV

SECTIONS = (("notebooks", "The course"), ("exercises", "Exercises"))
HANDOUTS = ("self-paced", "learner")  # the whole handout, or the participants' (no answers)
EVALUATION_FORM = Path("facilitator") / "evaluation_form.md"
PLOTLY_JS = "plotly.min.js"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

TEMPLATES = Path(__file__).parent / "templates"
CSS = (TEMPLATES / "handout" / "handout.css").read_text(encoding="utf-8")


def _page(title: str, body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html>\n<html lang='en-GB'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{CSS}</style>{head}</head>"
            f"<body><nav class='tg-nav'><a href='index.html'>Building Trust handout: contents</a>"
            f"</nav><main>{body}</main></body></html>")


@contextmanager
def _environment(**values: str):
    """Set environment variables for the kernels we start, and put them back afterwards."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


_NOTEBOOK = re.compile(r"(?:\.\./)?(?:notebooks/|exercises/)?([\w-]+)\.ipynb(#.*)?")


def page_link(url: str) -> str:
    """A link to a course notebook, as a link to its handout page; any other link as it is."""
    match = _NOTEBOOK.fullmatch(url)
    return f"{match[1]}.html{match[2] or ''}" if match else url


class _PageLinks(IPythonRenderer):
    """nbconvert's Markdown renderer, with links to notebooks pointing at their pages."""

    def link(self, text: str, url: str, title: str | None = None) -> str:
        return super().link(text, page_link(url), title)


class HandoutExporter(HTMLExporter):
    """nbconvert's HTML export for the handout: its template (templates/handout: the lab page
    with nothing from the network, plotly.js and the handout's styles), no code or prompts,
    a widget's static HTML instead of its live view, and links to notebooks as page links."""

    def __init__(self, **kwargs):
        super().__init__(**{"template_name": "handout", "extra_template_basedirs": [str(TEMPLATES)],
                            "exclude_input": True, "exclude_input_prompt": True,
                            "exclude_output_prompt": True, **kwargs})

    @property
    def default_config(self):
        config = super().default_config
        priority = config.NbConvertBase.display_data_priority
        config.NbConvertBase.display_data_priority = [m for m in priority if m != WIDGET_VIEW]
        return config

    @pass_context
    def markdown2html(self, context, source: str) -> str:
        # HTMLExporter.markdown2html of nbconvert 7.17, with _PageLinks as the renderer
        renderer = _PageLinks(
            escape=False, attachments=context.get("cell", {}).get("attachments", {}),
            embed_images=self.embed_images,
            path=context.get("resources", {}).get("metadata", {}).get("path", ""),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links, **self.lexer_options)
        return MarkdownWithMath(renderer=renderer).render(source)


def notebook_page(path: Path, exporter: HandoutExporter) -> str:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, store_widget_state=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    body, _ = exporter.from_notebook_node(
        nb, resources={"handout": {"css": CSS, "plotly_js": PLOTLY_JS}})
    return body


def _progress(done: int, total: int, label: str) -> str:
    filled = round(24 * done / total) if total else 24
    return f"[{'#' * filled}{'.' * (24 - filled)}] {done}/{total} {label}"


def build(out: Path, data: str | None = None, root: Path = COURSE_ROOT,
          report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
          edition: str = "self-paced") -> list[Path]:
    """Write the handout site into ``out``; returns the pages written, index first."""
    if edition not in HANDOUTS:
        raise DataError([Problem("edition", None, "", f"{edition!r} is not a handout: "
                                 f"use one of {', '.join(HANDOUTS)}")], unreadable=True)
    folder = data_folder(data).resolve()
    load_course(folder)  # refuse to build from data with problems
    with BuildFolder(out, "handout", reads=course_reads(root, folder)) as stage, \
            tempfile.TemporaryDirectory(prefix="trustgrid-handout-data-") as made:
        if edition == "learner":  # the pages are built from data without model answers
            write_data(folder, Path(made), "learner")
            folder = Path(made) / "data"
        pages, steps = _write_site(stage, folder, root, report, with_guide=edition != "learner")
    report(_progress(steps, steps, f"done: {out}"))
    return [out / page.relative_to(stage) for page in pages]


def _write_site(out: Path, data: Path, root: Path, report: Callable[[str], None],
                with_guide: bool = True) -> tuple[list[Path], int]:
    """The site's pages, index first, and how many steps the progress line counts."""
    import plotly

    shutil.copyfile(Path(plotly.__file__).parent / "package_data" / PLOTLY_JS, out / PLOTLY_JS)
    exporter = HandoutExporter()
    sources = [(folder, title, p) for folder, title in SECTIONS
               for p in sorted((root / folder).glob("*.ipynb"))]
    total = len(sources) + 1
    written, contents = [], {title: [] for _, title in SECTIONS}
    with tempfile.TemporaryDirectory(prefix="trustgrid-handout-") as work, _environment(
            **{STATIC_ENV: "1", "TRUSTGRID_WORK_DIR": work, "TRUSTGRID_DATA": str(data)}):
        for done, (folder, title, path) in enumerate(sources):
            report(_progress(done, total, f"{folder}/{path.name}"))
            started = time.perf_counter()
            page = out / f"{path.stem}.html"
            page.write_text(notebook_page(path, exporter), encoding="utf-8")
            heading = _first_heading(path) or path.stem
            contents[title].append((page.name, heading))
            written.append(page)
            report(f"    {page.name} ({time.perf_counter() - started:.1f} s)")
    guide = root / "facilitator" / "README.md"
    with_guide = with_guide and guide.exists()
    if with_guide:
        report(_progress(total - 1, total, "facilitator guide"))
        written.append(_markdown_page(guide, out / "facilitator.html", "Facilitator guide"))
    form = root / EVALUATION_FORM
    if form.exists():
        written.append(_markdown_page(form, out / "evaluation.html", "Evaluation form"))
    index = out / "index.html"
    index.write_text(_index(contents, with_guide, form.exists()), encoding="utf-8")
    return [index, *written], total


def _markdown_page(source: Path, page: Path, title: str) -> Path:
    body = to_html(source.read_text(encoding="utf-8"))  # its raw HTML shown as text
    page.write_text(_page(title, _guide_links(body)), encoding="utf-8")
    return page


_HREF = re.compile(r"href=(['\"])([^'\"]*)\1")


def _guide_links(body: str) -> str:
    # The guide is rendered by safe_markdown, not nbconvert: its links are mapped afterwards,
    # in the href attributes (always quoted) of that renderer's output.
    def target(url: str) -> str:
        return "evaluation.html" if url == EVALUATION_FORM.name else page_link(url)

    return _HREF.sub(lambda m: f"href={m[1]}{target(m[2])}{m[1]}", body)


def _first_heading(path: Path) -> str | None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return None


def _index(contents: dict[str, list[tuple[str, str]]], with_guide: bool,
           with_form: bool) -> str:
    parts = ["<h1>Building Trust: the handout</h1>",
             para("The course as pages to read or print. Each activity shows its starting "
                  "picture; to move the sliders and save your answers, open the course in "
                  "JupyterLab or Voilà.")]
    for title, pages in contents.items():
        links = [Markup(f"<a href='{escape(name)}'>{escape(heading)}</a>") for name, heading in pages]
        parts.append(f"<h2>{escape(title)}</h2>{bullets(links)}")
    if with_form:
        parts.append("<h2>After the session</h2>" + bullets(
            [Markup("<a href='evaluation.html'>Evaluation form: what you thought, and what "
                    "you learned</a>")]))
    if with_guide:
        parts.append("<h2>For facilitators</h2>"
                     + bullets([Markup("<a href='facilitator.html'>Facilitator guide</a>")]))
    parts.append("<p><small>Teaches <em>Building Trust</em>, NHS Institute for Innovation and "
                 "Improvement, 2008, in our own words.</small></p>")
    return _page("Building Trust: the handout", "".join(parts))
