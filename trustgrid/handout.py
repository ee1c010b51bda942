"""Build the static handout: the course as HTML pages to read or print without a kernel.

Each notebook and exercise is run with $TRUSTGRID_STATIC=1, so every activity shows its
figures and words in their default state instead of live widgets; the pages hide code,
load plotly.js from one copy shipped in the site (no network: it works from a file), and
print cleanly. The facilitator guide becomes a page too.
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
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from .data import COURSE_ROOT, data_folder
from .outfolder import BuildFolder, course_reads
from .safe_markdown import to_html
from .static import STATIC_ENV

SECTIONS = (("notebooks", "The course"), ("exercises", "Exercises"))
PLOTLY_JS = "plotly.min.js"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

CSS = """
body { font-family: Arial, Helvetica, sans-serif; line-height: 1.5; color: #1a1a1a;
  max-width: 1000px; margin: 0 auto; padding: 0 16px 48px; }
nav.tg-nav { padding: 12px 0; border-bottom: 1px solid #ccc; margin-bottom: 16px; }
.tg-write-here { border: 1px solid #888; min-height: 5em; margin: 4px 0 12px; padding: 4px; }
.tg-box { margin: 6px 0; }
.jp-OutputArea-output pre { white-space: pre-wrap; }
@media print {
  nav.tg-nav { display: none; }
  .tg-figure, .tg-box, table { break-inside: avoid; }
  a { color: inherit; }
  body { max-width: none; }
}
"""


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


_NO_NETWORK = re.compile(r"<script[^>]*\bsrc=['\"]https?://[^'\"]*['\"][^>]*>\s*</script>", re.I)
_NOTEBOOK_LINK = re.compile(r"href=(['\"])(?:\.\./)?(?:notebooks/|exercises/)?([\w-]+)\.ipynb(#[^'\"]*)?\1")


def _offline(page: str) -> str:
    """Drop scripts loaded from the internet; link notebooks to their handout pages."""
    page = _NO_NETWORK.sub("", page)
    page = _NOTEBOOK_LINK.sub(lambda m: f"href={m[1]}{m[2]}.html{m[3] or ''}{m[1]}", page)
    return page.replace("</head>", f"<script src='{PLOTLY_JS}'></script><style>{CSS}</style></head>", 1)


def notebook_page(path: Path, exporter: HTMLExporter) -> str:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, store_widget_state=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:  # the widget's static HTML stands in for the live view
                data.pop(WIDGET_VIEW, None)
    body, _ = exporter.from_notebook_node(nb)
    return _offline(body)


def _progress(done: int, total: int, label: str) -> str:
    filled = round(24 * done / total) if total else 24
    return f"[{'#' * filled}{'.' * (24 - filled)}] {done}/{total} {label}"


def build(out: Path, data: str | None = None, root: Path = COURSE_ROOT,
          report: Callable[[str], None] = lambda line: print(line, file=sys.stderr)) -> list[Path]:
    """Write the handout site into ``out``; returns the pages written, index first."""
    folder = data_folder(data).resolve()
    with BuildFolder(out, "handout", reads=course_reads(root, folder)) as stage:
        pages, steps = _write_site(stage, folder, root, report)
    report(_progress(steps, steps, f"done: {out}"))
    return [out / page.relative_to(stage) for page in pages]


def _write_site(out: Path, data: Path, root: Path,
                report: Callable[[str], None]) -> tuple[list[Path], int]:
    """The site's pages, index first, and how many steps the progress line counts."""
    import plotly

    shutil.copyfile(Path(plotly.__file__).parent / "package_data" / PLOTLY_JS, out / PLOTLY_JS)
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
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
    if guide.exists():
        report(_progress(total - 1, total, "facilitator guide"))
        body = to_html(guide.read_text(encoding="utf-8"))  # its raw HTML shown as text
        (out / "facilitator.html").write_text(_page("Facilitator guide", _offline_md(body)),
                                              encoding="utf-8")
        written.append(out / "facilitator.html")
    index = out / "index.html"
    index.write_text(_index(contents, guide.exists()), encoding="utf-8")
    return [index, *written], total


def _offline_md(body: str) -> str:
    return _NOTEBOOK_LINK.sub(lambda m: f"href={m[1]}{m[2]}.html{m[3] or ''}{m[1]}", body)


def _first_heading(path: Path) -> str | None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if match:
                return match.group(1).strip()
    return None


def _index(contents: dict[str, list[tuple[str, str]]], with_guide: bool) -> str:
    parts = ["<h1>Building Trust: the handout</h1>",
             "<p>The course as pages to read or print. Each activity shows its starting "
             "picture; to move the sliders and save your answers, open the course in "
             "JupyterLab or Voilà.</p>"]
    for title, pages in contents.items():
        items = "".join(f"<li><a href='{html.escape(name)}'>{html.escape(heading)}</a></li>"
                        for name, heading in pages)
        parts.append(f"<h2>{html.escape(title)}</h2><ul>{items}</ul>")
    if with_guide:
        parts.append("<h2>For facilitators</h2><ul><li><a href='facilitator.html'>"
                     "Facilitator guide</a></li></ul>")
    parts.append("<p><small>Teaches <em>Building Trust</em>, NHS Institute for Innovation and "
                 "Improvement, 2008, in our own words.</small></p>")
    return _page("Building Trust: the handout", "".join(parts))
