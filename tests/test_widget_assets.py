"""The widgets' front ends and the handout's template are files shipped with the package."""

import fnmatch

import tomllib
from anywidget._file_contents import FileContents

from trustgrid.widgets import controls, figure

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


def test_controls_send_their_files():
    for widget, js, css in ((controls.Slider(), "slider.js", "slider.css"),
                            (controls.LiveText(), "live_text.js", "live_text.css"),
                            (controls.TextBox(), "text_box.js", "text_box.css")):
        assert widget._esm.endswith((WIDGETS / js).read_text())
        assert "export default { render }" in widget._esm
        assert widget._css == (WIDGETS / css).read_text()
    for widget in (controls.Slider(), controls.LiveText()):
        assert widget._esm.startswith((WIDGETS / "keep_keys.js").read_text())


def test_no_file_watcher_without_anywidget_hmr(monkeypatch):
    monkeypatch.delenv("ANYWIDGET_HMR", raising=False)
    for cls in (controls.Slider, controls.LiveText, controls.TextBox, figure.Figure):
        for value in (cls._esm, cls._css) if hasattr(cls, "_css") else (cls._esm,):
            if isinstance(value, FileContents):
                assert value._background_thread is None, cls
