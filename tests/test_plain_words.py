"""What a learner reads is in plain words: no menu path that restarts the kernel, no modelling
jargon ("asymmetry", "threshold", "points away") and no trust strength written as 0.40.

It reads every notebook's and exercise's Markdown, then runs each one's code cells here, as
Run All would, and reads the words its widgets show: before and after placing and revealing.
"""

import builtins
import contextlib
import io
import re
import sys

import ipywidgets as w
import nbformat
import pytest
import yaml
from IPython.core.interactiveshell import InteractiveShell

from trustgrid.widgets.answers import Reveal
from trustgrid.widgets.controls import Slider
from trustgrid.widgets.figure import Figure

from .conftest import ROOT

PAGES = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")) + sorted((ROOT / "exercises").glob("[0-9]*.ipynb"))

BANNED = [
    (re.compile(r"Kernel\s*▸\s*Restart", re.IGNORECASE), "a Kernel ▸ Restart menu path"),
    (re.compile(r"\basymmetr", re.IGNORECASE), "the word 'asymmetry'"),
    (re.compile(r"\bthreshold", re.IGNORECASE), "the word 'threshold'"),
    (re.compile(r"\bpoints away\b", re.IGNORECASE), "'points away'"),
    (re.compile(r"trust strength[^.;]{0,40}?\b0\.\d+", re.IGNORECASE), "a trust strength as 0.xx"),
    (re.compile(r"(?<![\d.])0\.\d\d\b"), "a 0.xx decimal"),
]

FIGURE_TEXT_KEYS = {"text", "hovertext", "title", "name", "ticktext", "hovertemplate"}


def problems(text: str) -> list[str]:
    return [f"{why}: …{text[max(0, m.start() - 60):m.end() + 60]}…"
            for pattern, why in BANNED for m in pattern.finditer(text)]


def _figure_strings(value, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _figure_strings(v, k)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _figure_strings(v, key)
    elif isinstance(value, str) and key in FIGURE_TEXT_KEYS:
        yield value


def widget_texts(root) -> list[str]:
    """Every string a learner can see in a widget tree: HTML, labels, options, figure text."""
    texts, seen, todo = [], set(), [root]
    while todo:
        widget = todo.pop()
        if id(widget) in seen or not isinstance(widget, w.Widget):
            continue
        seen.add(id(widget))
        if isinstance(widget, Figure):
            texts += _figure_strings(widget.to_figure().to_plotly_json())
            continue
        for name in ("value", "html", "description", "tooltip", "placeholder", "label", "hint"):
            value = getattr(widget, name, None)
            if isinstance(value, str):
                texts.append(value)
        for option in getattr(widget, "options", ()) or ():
            texts.append(option[0] if isinstance(option, tuple) else str(option))
        todo += list(getattr(widget, "children", ()) or ())
        todo += [v for v in vars(widget).values() if isinstance(v, w.Widget)]
    return texts


def _all(root, kind):
    found, seen, todo = [], set(), [root]
    while todo:
        widget = todo.pop()
        if id(widget) in seen or not isinstance(widget, w.Widget):
            continue
        seen.add(id(widget))
        if isinstance(widget, kind):
            found.append(widget)
        todo += list(getattr(widget, "children", ()) or ())
        todo += [v for v in vars(widget).values() if isinstance(v, w.Widget)]
    return found


def run_page(path) -> list[str]:
    """Run a page's code cells in an IPython shell, as Run All would; return what they print
    and the widgets they show."""
    shell = InteractiveShell.instance()
    shell.reset()
    shown, out = [], io.StringIO()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        with contextlib.redirect_stdout(out):
            result = shell.run_cell(cell.source, store_history=True, silent=False)
        result.raise_error()
        if result.result is not None:
            shown.append(result.result)
    texts = [out.getvalue()]
    for widget in shown:
        texts += widget_texts(widget)
        for slider in _all(widget, (Slider, w.FloatSlider, w.IntSlider)):
            if not slider.disabled:  # place, so Reveal can be pressed
                slider.value = slider.min if slider.value == slider.max else slider.max
        for reveal in _all(widget, Reveal):
            if reveal.available and not reveal.button.disabled:
                reveal.button.click()
        texts += widget_texts(widget)
    return texts


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path / "work"))
    monkeypatch.setenv("TRUSTGRID_RESPONSES_DIR", str(tmp_path / "responses"))
    # the IPython shell puts its own __main__ and hooks in place; later tests need the real ones
    for name in ("displayhook", "excepthook"):
        monkeypatch.setattr(sys, name, getattr(sys, name))
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    monkeypatch.setattr(builtins, "__import__", builtins.__import__)
    return tmp_path


def test_the_checks_catch_each_phrase():
    for text in ["Choose Kernel ▸ Restart Kernel and Run All Cells", "at asymmetry 3",
                 "A score equal to the threshold", "Yours is 4.0 points away.",
                 "trust strength rose from 0.40 to 0.56", "Trust strength: 0.4"]:
        assert problems(text), text
    assert not problems("Choose Run ▸ Run All Cells. Trust strength is 4 out of 10; adds 0.4.")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_pages_markdown_is_plain(path):
    cells = nbformat.read(path, as_version=4).cells
    found = [p for c in cells if c.cell_type == "markdown" for p in problems(c.source)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_what_a_pages_widgets_say_is_plain(path, work):
    texts = run_page(path)
    assert any(t.strip() for t in texts), "the page showed nothing to read"
    found = [p for t in texts for p in problems(t)]
    assert not found, "\n".join(found)


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("path", sorted((ROOT / "data").glob("*.yaml")), ids=lambda p: p.name)
def test_the_course_datas_words_are_plain(path):
    """Feedback shown only after a choice (the quiz, the dialogues) is read here, from data."""
    found = [p for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
             for p in problems(text)]
    assert not found, "\n".join(found)
