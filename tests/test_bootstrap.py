"""The widget that gives anywidget time to load plotly comes first, and Voilà renders cell by cell.

In the browser (measured with a busy computer, see the commit message): without these,
some plotly figures in notebook 1 stop following their sliders in Voilà.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import anywidget
import ipywidgets as w
import pytest

from trustgrid import notebook
from trustgrid.widgets.bootstrap import ANYWIDGET_DEADLINE_MS, WIDENED_DEADLINE_MS, InitDeadline

from .conftest import ROOT


@pytest.fixture
def shown(tmp_path, monkeypatch):
    """What start() displays, in order; and the anywidgets whose models it opens, in order."""
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path))
    monkeypatch.delenv("TRUSTGRID_STATIC", raising=False)
    displayed, opened = [], []
    monkeypatch.setattr(notebook, "display", lambda *objs: displayed.extend(objs))
    original_open = w.Widget.open

    def open_(self):
        if isinstance(self, anywidget.AnyWidget) and self.comm is None:
            opened.append(self)
        return original_open(self)

    monkeypatch.setattr(w.Widget, "open", open_)
    return displayed, opened


def test_start_shows_the_deadline_widget_before_anything_else(shown):
    displayed, opened = shown
    course = notebook.start("01_what_is_trust")
    course.place(1)  # a figure, sliders and live text, as the next cells make
    assert isinstance(displayed[0], InitDeadline)
    # The browser creates models in the order their comms open: this one must be first.
    assert isinstance(opened[0], InitDeadline)
    assert sum(isinstance(x, InitDeadline) for x in opened) == 1
    assert len(opened) > 1


def test_the_printable_handout_has_no_deadline_widget(shown, monkeypatch):
    displayed, opened = shown
    monkeypatch.setenv("TRUSTGRID_STATIC", "1")
    notebook.start("01_what_is_trust")
    assert not any(isinstance(x, InitDeadline) for x in displayed + opened)


def test_voila_renders_cell_by_cell_from_the_repository_root(monkeypatch):
    """Voilà (app and server extension, as on Binder) reads voila.json from where it starts."""
    from voila.server_extension import load_config_file

    assert json.loads((ROOT / "voila.json").read_text())["VoilaConfiguration"] == {
        "progressive_rendering": True}
    monkeypatch.chdir(ROOT)
    assert load_config_file().VoilaConfiguration.progressive_rendering is True


def _anywidget_front_end() -> list[Path]:
    from jupyter_core.paths import jupyter_path

    return [p for d in jupyter_path("labextensions")
            for p in sorted((Path(d) / "anywidget" / "static").glob("*.js"))]


def test_anywidget_still_has_the_deadline_we_widen():
    """If anywidget changes its deadline, this workaround needs looking at again."""
    files = _anywidget_front_end()
    if not files:
        pytest.skip("anywidget's JupyterLab extension is not installed here")
    deadline = re.compile(r"AbortSignal\.timeout\((\d+)\)[^;]*?\{\s*"
                          r"[^}]*Failed to initialize model", re.DOTALL)
    found = {int(m.group(1)) for f in files for m in deadline.finditer(f.read_text())}
    assert found == {ANYWIDGET_DEADLINE_MS}, f"anywidget's model deadline(s): {found}"


_DRIVER = r"""
import vm from "node:vm";
const asked = [];
AbortSignal.timeout = (ms) => { asked.push(ms); return ms; };
await import(process.argv[2]);
await import(process.argv[2] + "?again");  // a second notebook on the same page
// Code loaded from anywidget's extension, as the browser names it in a stack trace.
const from = (url) => vm.runInThisContext("(ms) => AbortSignal.timeout(ms)", { filename: url });
const fromAnywidget = from("http://127.0.0.1:8888/lab/extensions/anywidget/static/528.d9f5934c.js");
const fromVoila = from("http://127.0.0.1:8866/voila/labextensions/anywidget/static/528.d9f5934c.js");
const results = {
  anywidget: fromAnywidget(%(asked)d),
  voila: fromVoila(%(asked)d),
  anywidgetOther: fromAnywidget(3000),
  elsewhere: AbortSignal.timeout(%(asked)d),
  asked,
};
console.log(JSON.stringify(results));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the module")
def test_only_anywidgets_own_deadline_is_widened(tmp_path):
    module = tmp_path / "init_deadline.mjs"
    module.write_text(InitDeadline._esm)
    driver = tmp_path / "driver.mjs"
    driver.write_text(_DRIVER % {"asked": ANYWIDGET_DEADLINE_MS})
    run = subprocess.run(["node", str(driver), module.as_uri()], capture_output=True,
                         text=True, timeout=30, check=False)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["anywidget"] == result["voila"] == WIDENED_DEADLINE_MS
    assert result["anywidgetOther"] == 3000
    assert result["elsewhere"] == ANYWIDGET_DEADLINE_MS
    # Wrapped once, however many notebooks load it: each call reaches the original once.
    assert result["asked"] == [WIDENED_DEADLINE_MS, WIDENED_DEADLINE_MS, 3000, ANYWIDGET_DEADLINE_MS]

