"""The small HTML builders the widgets, figures and handout share: tables, paragraphs, lists.

Every piece of text is escaped (text from data files becomes HTML here), unless it is
:class:`Markup`: HTML that was built, and escaped, already. The builders return Markup, so
one can go inside another.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path


class Markup(str):
    """HTML already built and escaped: the builders put it in as it is."""


def escape(value: object) -> str:
    """Text as HTML; Markup stays as it is."""
    return value if isinstance(value, Markup) else html.escape(str(value))


def _attrs(**values: str | None) -> str:
    return "".join(f" {'class' if name == 'cls' else name}='{html.escape(value)}'"
                   for name, value in values.items() if value is not None)


def style_sheet(module_file: str, name: str) -> Markup:
    """A ``<style>`` element holding the CSS file ``name`` beside the module ``module_file``."""
    return Markup(f"<style>\n{Path(module_file).with_name(name).read_text(encoding='utf-8')}</style>")


def para(content: object, *, style: str | None = None, cls: str | None = None) -> Markup:
    return Markup(f"<p{_attrs(cls=cls, style=style)}>{escape(content)}</p>")


def bullets(items: Iterable[object], *, style: str | None = None, ordered: bool = False) -> Markup:
    tag = "ol" if ordered else "ul"
    return Markup(f"<{tag}{_attrs(style=style)}>"
                  + "".join(f"<li>{escape(item)}</li>" for item in items) + f"</{tag}>")


def table(headers: Sequence[object], rows: Iterable[Sequence[object]], *,
          caption: object | None = None, row_headers: bool = False, cls: str | None = None,
          style: str | None = None, caption_style: str | None = None,
          cell_style: str | None = None) -> Markup:
    """A table with a header row; with ``row_headers`` each row's first cell heads its row."""
    cell = _attrs(style=cell_style)

    def row(cells: Sequence[object]) -> str:
        first = row_headers and len(cells) > 0
        return ("<tr>" + (f"<th scope='row'{cell}>{escape(cells[0])}</th>" if first else "")
                + "".join(f"<td{cell}>{escape(c)}</td>" for c in cells[1 if first else 0:])
                + "</tr>")

    head = "".join(f"<th scope='col'{cell}>{escape(h)}</th>" for h in headers)
    return Markup(
        f"<table{_attrs(cls=cls, style=style)}>"
        + (f"<caption{_attrs(style=caption_style)}>{escape(caption)}</caption>"
           if caption is not None else "")
        + f"<thead><tr>{head}</tr></thead><tbody>{''.join(row(r) for r in rows)}</tbody></table>")
