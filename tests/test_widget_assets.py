"""The widgets' front ends and the handout's template are files shipped with the package."""

import fnmatch

import tomllib
from anywidget._file_contents import FileContents

from trustgrid.data import load_course
from trustgrid.widgets import controls, figure
from trustgrid.widgets.answers import Reveal
from trustgrid.widgets.placement import GridPlacement, ScenarioActivity

from .conftest import ROOT

WIDGETS = ROOT / "trustgrid" / "widgets"


def test_every_file_the_package_reads_is_package_data():
    # the front ends beside the widgets and the handout's template; a wheel leaves out the rest
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "trustgrid.widgets" in config["packages"]
    package = ROOT / "trustgrid"
    files = [p for p in package.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert {p.name for p in files} >= {"slider.js", "figure.js", "index.html.j2", "handout.css"}
    missed = []
    for path in files:
        owner = path.parent
        while not (owner / "__init__.py").exists():
            owner = owner.parent
        name = ".".join(owner.relative_to(ROOT).parts)
        patterns = config["package-data"].get(name, [])
        if not any(fnmatch.fnmatch(path.relative_to(owner).as_posix(), p) for p in patterns):
            missed.append(path.relative_to(ROOT).as_posix())
    assert missed == []


def _read(*names):
    return "\n".join((WIDGETS / name).read_text() for name in names)


def test_widgets_send_their_files():
    # Each module is its parts (functions) and then the file that exports render.
    course = load_course(None)
    grid = GridPlacement(course.regions, "the ward sister")
    scenario = ScenarioActivity(course, next(iter(course.scenarios.values())))
    placement = ("keep_keys.js", "slider.js", "live_text.js", "plotly_figure.js", "placement.js")
    placement_css = ("slider.css", "live_text.css", "placement.css")
    for widget, js, css in (
            (controls.Slider(), ("keep_keys.js", "slider.js", "slider_widget.js"), ("slider.css",)),
            (controls.LiveText(), ("keep_keys.js", "live_text.js", "live_text_widget.js"),
             ("live_text.css",)),
            (controls.TextBox(), ("text_box.js",), ("text_box.css",)),
            (Reveal("x", label="R", shown="S", render=str),
             ("keep_keys.js", "live_text.js", "reveal.js", "reveal_widget.js"), ("live_text.css",)),
            (grid, (*placement, "placement_widget.js"), placement_css),
            (scenario, (*placement, "reveal.js", "scenario.js"), placement_css)):
        assert str(widget._esm) == _read(*js)
        assert str(widget._css) == _read(*css)


def test_only_the_last_file_of_a_module_exports():
    # Two files that both export default would be a module that does not load.
    for path in WIDGETS.glob("*.js"):
        text = path.read_text()
        exports = text.count("export default")
        parts = ("keep_keys.js", "slider.js", "live_text.js", "plotly_figure.js", "placement.js",
                 "reveal.js")
        assert exports == (0 if path.name in parts else 1), path.name


def test_no_file_watcher_without_anywidget_hmr(monkeypatch):
    monkeypatch.delenv("ANYWIDGET_HMR", raising=False)
    for cls in (controls.Slider, controls.LiveText, controls.TextBox, figure.Figure,
                GridPlacement):
        for value in (cls._esm, cls._css) if hasattr(cls, "_css") else (cls._esm,):
            if isinstance(value, FileContents):
                assert value._background_thread is None, cls
