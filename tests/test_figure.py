"""The course's figure widget (trustgrid/widgets/figure.py) and the plotly.js it is served."""

import hashlib
import json
import re
import sys
from pathlib import Path

import ipywidgets as w
import plotly
import plotly.graph_objects as go
import pytest
from ipywidgets.widgets.widget import _instances
from plotly.offline import get_plotlyjs

from trustgrid.data import load_course
from trustgrid.grid import STRENGTH, SUGGESTED, YOU
from trustgrid.widgets import figure as figure_module
from trustgrid.widgets.figure import PLOTLY_JS, Figure
from trustgrid.widgets.placement import GridPlacement

ROOT = Path(__file__).resolve().parents[1]
SERVED = Path("labextensions", "trustgrid", "static", PLOTLY_JS)  # under share/jupyter/


@pytest.fixture
def sent(monkeypatch):
    """Every message any widget sends to the front end: (widget, message, buffers)."""
    messages = []
    monkeypatch.setattr(w.Widget, "_send",
                        lambda self, msg, buffers=None: messages.append((self, msg, buffers)))
    return messages


def _updates(sent, widget):
    """For each message sent: which part of the figure ``widget`` draws it updates, and its
    size ("figure" for the widget itself)."""
    names = {trace.model_id: f"trace {i}" for i, trace in enumerate(widget._traces)}
    names[widget.model_id] = "figure"
    return [(names.get(widget.model_id, type(widget).__name__), sorted(msg.get("state", {})),
             len(str(msg))) for widget, msg, _buffers in sent]


def _placement():
    return GridPlacement(load_course(None).regions, "the ward sister")


def test_a_slider_move_sends_only_the_marker_trace(sent):
    grid = _placement()
    sent.clear()
    grid.competence.value = 8
    traces = [u for u in _updates(sent, grid) if u[0].startswith("trace")]
    assert [u[:2] for u in traces] == [(f"trace {YOU}", ["props"])]
    assert traces[0][2] < 2_000, "a slider move should be a small message"
    assert grid._traces[YOU].props["x"] == [8]
    # The placement itself sends the slider's value and the words, never the figure's layout.
    keys = set().union(*(u[1] for u in _updates(sent, grid) if u[0] == "figure"))
    assert keys == {"_competence_value", "_competence_unset", "_caring_unset", "readout"}


def test_the_strength_shading_is_sent_once_however_often_the_sliders_move(sent):
    grid = _placement()
    sent.clear()
    for value in (1, 9, 3, 7):
        grid.caring.value = value
    touched = {u[0] for u in _updates(sent, grid)}
    assert f"trace {STRENGTH}" not in touched
    assert not any({"_layout", "_traces"} & set(u[1]) for u in _updates(sent, grid))


def test_a_batch_sends_each_changed_trace_once(sent):
    grid = _placement()
    sent.clear()
    with grid.figure.batch_update():
        grid.figure.data[YOU].update(x=[1], y=[2])
        grid.figure.data[SUGGESTED].visible = True
    traces = [u[0] for u in _updates(sent, grid) if u[0].startswith("trace")]
    assert sorted(traces) == sorted([f"trace {YOU}", f"trace {SUGGESTED}"])
    assert grid._traces[SUGGESTED].props["visible"] is True


def test_the_front_end_gets_the_figure_as_built():
    built = go.Figure([go.Scatter(x=[1, 2], y=[3, 4], name="a"), go.Bar(x=[1], y=[5])],
                      layout={"height": 300})
    figure = Figure(built)
    assert [t.props["type"] for t in figure._traces] == ["scatter", "bar"]
    assert figure._traces[0].props["x"] == [1, 2] and figure._layout["height"] == 300
    assert figure.trait_metadata("_traces", "sync") and figure.trait_metadata("_layout", "sync")


def test_a_layout_change_reaches_the_front_end(sent):
    figure = Figure(go.Figure(go.Scatter(x=[1], y=[2])))
    sent.clear()
    figure.layout.height = 250
    assert figure._layout["height"] == 250
    assert [u[:2] for u in _updates(sent, figure)] == [("figure", ["_layout"])]


def test_traces_cannot_be_added_after_the_figure_is_made():
    figure = Figure(go.Figure(go.Scatter(x=[1], y=[2])))
    with pytest.raises(RuntimeError, match="build the figure with all its traces"):
        figure.figure.add_trace(go.Scatter(x=[3], y=[4]))


def test_a_static_copy_has_the_current_state():
    grid = _placement()
    grid.caring.value = 2
    copy = grid.figure.to_figure()
    assert isinstance(copy, go.Figure) and copy.data[YOU].y == (2,)


def test_the_placement_marker_follows_its_own_sliders():
    # placement.js draws the figure with its marker following the placement's own sliders.
    grid = _placement()
    assert grid._follow == YOU and grid.trait_metadata("_follow", "sync") is True
    assert 'x: "_competence_value", y: "_caring_value"' in str(grid._esm)
    assert {"_competence_value", "_caring_value"} <= set(grid.keys)


def test_a_placement_is_one_widget_with_one_view():
    before = set(_instances)
    grid = _placement()
    made = [_instances[k] for k in _instances if k not in before]
    kinds = sorted(type(m).__name__ for m in made)
    assert kinds == ["GridPlacement", "Layout", "_Trace", "_Trace", "_Trace", "_Trace"], kinds
    assert grid.figure.data[YOU].name == "your placement"


def test_a_page_that_cannot_fetch_plotly_js_gets_it_from_the_kernel(sent):
    figure = Figure(go.Figure(go.Scatter(x=[1], y=[2])))
    sent.clear()
    figure._front_end_asks(figure, {"kind": "plotly.js"}, [])
    [(widget, msg, buffers)] = sent
    assert widget is figure and msg == {"method": "custom", "content": {"kind": "plotly.js"}}
    assert bytes(buffers[0]) == get_plotlyjs().encode()
    figure._front_end_asks(figure, {"kind": "something else"}, [])
    assert len(sent) == 1


def test_the_front_end_module_is_the_js_files_beside_the_widget():
    here = Path(figure_module.__file__).parent
    module = "\n".join((here / name).read_text() for name in ("plotly_figure.js", "figure.js"))
    assert str(Figure._esm) == module
    assert len(module.encode()) < 20_000, "plotly.js itself must not travel in the module"


def test_the_served_plotly_js_is_plotlys_own_and_named_by_its_hash():
    copy = ROOT / "jupyter-share" / SERVED
    assert copy.is_file(), f"{copy} is missing"
    body = copy.read_bytes()
    expected = get_plotlyjs().encode()
    assert body == expected, (
        f"plotly {plotly.__version__} ships another plotly.js: copy plotly/package_data/"
        "plotly.min.js to jupyter-share/labextensions/trustgrid/static/ under the name "
        "plotly-VERSION.SHA256[:12].min.js, remove the old one, and set PLOTLY_JS in "
        "trustgrid/widgets/figure.py")
    version = re.search(rb"plotly\.js v([\d.]+)", body[:200]).group(1).decode()
    assert PLOTLY_JS == f"plotly-{version}.{hashlib.sha256(body).hexdigest()[:12]}.min.js"
    assert [p.name for p in copy.parent.glob("plotly-*")] == [PLOTLY_JS], "one plotly.js, no stale copy"


def test_the_environment_serves_the_plotly_js_the_figures_ask_for():
    # What `make` (scripts/install-jupyter-files) or a pip install put in Jupyter's folders.
    from jupyter_core.paths import jupyter_path

    found = [Path(p) / "trustgrid" / "static" / PLOTLY_JS for p in jupyter_path("labextensions")]
    assert any(p.is_file() for p in found), (
        f"no {PLOTLY_JS} under {sys.prefix}: run scripts/install-jupyter-files {sys.prefix}")


LABEXTENSION = ROOT / "jupyter-share" / "labextensions" / "trustgrid"


def test_everything_that_loads_plotly_js_names_the_same_file():
    """The figures, the JupyterLab extension and the Voilà template must ask for one URL."""
    named = {}
    for path in (ROOT / "jupyter-share").rglob("*"):
        if path.is_file() and path.suffix in (".js", ".j2", ".json") and path.name != PLOTLY_JS:
            for name in re.findall(r"plotly-[\w.]+?\.min\.js", path.read_text()):
                named.setdefault(name, []).append(path.relative_to(ROOT).as_posix())
    assert set(named) == {PLOTLY_JS}, named
    assert len({p for paths in named.values() for p in paths}) == 2, named  # extension, template


def test_the_jupyterlab_extension_is_named_by_its_hash_and_found_by_jupyterlab():
    package = json.loads((LABEXTENSION / "package.json").read_text())
    entry = LABEXTENSION / package["jupyterlab"]["_build"]["load"]
    digest = hashlib.sha256(entry.read_bytes()).hexdigest()[:12]
    assert entry.name == f"remoteEntry.{digest}.js", (
        "JupyterLab keeps extension files for good: after changing the extension, rename it "
        f"remoteEntry.{digest}.js and update package.json")
    assert sorted(p.name for p in entry.parent.glob("remoteEntry.*.js")) == [entry.name]
    assert package["name"] == "trustgrid" and package["jupyterlab"]["_build"]["extension"]
