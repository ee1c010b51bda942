"""The widgets' front ends are files beside their modules, shipped with the package."""

import fnmatch

import tomllib
from anywidget._file_contents import FileContents

from trustgrid.widgets import controls, figure

from .conftest import ROOT

WIDGETS = ROOT / "trustgrid" / "widgets"


def test_every_front_end_file_is_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "trustgrid.widgets" in config["packages"]
    patterns = config["package-data"]["trustgrid.widgets"]
    assets = sorted(p.name for p in WIDGETS.iterdir() if p.suffix in (".js", ".css"))
    assert assets, "no front-end files found"
    assert [a for a in assets if not any(fnmatch.fnmatch(a, p) for p in patterns)] == []


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
