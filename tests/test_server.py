"""Kernel messages without Nagle's delay (trustgrid/server.py) in JupyterLab and Voilà."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

from trustgrid.server import NoDelayWebsocketConnection

from .conftest import ROOT

NAME = "trustgrid.server.NoDelayWebsocketConnection"


def test_connecting_turns_nagle_off_first(monkeypatch):
    calls = []

    class Handler:
        def set_nodelay(self, value):
            calls.append(("nodelay", value))

    async def parent_connect(self):
        calls.append(("connect", None))

    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", parent_connect)
    connection = NoDelayWebsocketConnection.__new__(NoDelayWebsocketConnection)
    connection.__dict__["_trait_values"] = {"websocket_handler": Handler()}
    # Stepped by hand: another test may have left an event loop running in this thread.
    with pytest.raises(StopIteration):
        connection.connect().send(None)
    assert calls == [("nodelay", True), ("connect", None)]


def _installed_voila_config():
    """The course's Voilà settings as installed in this environment's configuration folder,
    where Voilà reads them wherever it starts."""
    from traitlets.config.loader import PyFileConfigLoader

    installed = Path(sys.prefix, "etc", "jupyter", "voila.py")
    assert installed.is_file(), f"run scripts/install-jupyter-files {sys.prefix}"
    assert installed.read_text() == (ROOT / "jupyter-config" / "voila.py").read_text()
    return PyFileConfigLoader(installed.name, str(installed.parent)).load_config()


def test_standalone_voila_is_told_to_use_it_wherever_it_starts():
    config = _installed_voila_config()
    assert config.Voila.kernel_websocket_connection_class == NAME


def test_voila_keeps_the_hashed_plotly_js_and_loads_no_second_copy():
    config = _installed_voila_config()
    assert config.Voila.tornado_settings["static_immutable_cache"] == [
        "/voila/labextensions/trustgrid/static/"]
    assert config.VoilaConfiguration.extension_denylist == ["jupyterlab-plotly"]


def test_jupyter_server_uses_it_once_installed(tmp_path):
    """`make start` and postBuild enable the extension where Jupyter Server finds it; it
    replaces the default connection (and only the default)."""
    code = (
        "from jupyter_server.serverapp import ServerApp\n"
        "app = ServerApp()\n"
        "app.initialize(argv=['--ServerApp.port=0', '--ServerApp.open_browser=False'],"
        " find_extensions=True, new_httpserver=False)\n"
        "print(app.web_app.settings['kernel_websocket_connection_class'].__module__ + '.' +"
        " app.web_app.settings['kernel_websocket_connection_class'].__name__)\n"
    )
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}  # nothing from ~/.jupyter
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=False, env=env, cwd=tmp_path)
    assert out.stdout.strip().splitlines()[-1:] == [NAME], out.stdout + out.stderr[-2000:]


def test_another_connection_class_is_left_alone():
    from types import SimpleNamespace

    from trustgrid import server

    other = type("GatewayConnection", (), {})
    app = SimpleNamespace(web_app=SimpleNamespace(settings={server.SETTING: other}),
                          log=SimpleNamespace(info=lambda *a: None), base_url="/")
    server._load_jupyter_server_extension(app)
    assert app.web_app.settings[server.SETTING] is other
    app.web_app.settings[server.SETTING] = ZMQChannelsWebsocketConnection
    server._load_jupyter_server_extension(app)
    assert app.web_app.settings[server.SETTING] is NoDelayWebsocketConnection


def test_plotly_js_is_kept_for_good_under_the_servers_base_url():
    """The hashed plotly.js, in JupyterLab and in Voilà inside it; JupyterLab's own list
    (without the base URL) is kept."""
    from types import SimpleNamespace

    from trustgrid import server

    app = SimpleNamespace(web_app=SimpleNamespace(settings={server.IMMUTABLE: ["/static/lab"]}),
                          log=SimpleNamespace(info=lambda *a: None), base_url="/user/alice/")
    server._load_jupyter_server_extension(app)
    assert app.web_app.settings[server.IMMUTABLE] == [
        "/static/lab", "/user/alice/lab/extensions/trustgrid/static/",
        "/user/alice/voila/labextensions/trustgrid/static/"]
