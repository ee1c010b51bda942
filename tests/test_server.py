"""Kernel messages without Nagle's delay (trustgrid/server.py) in JupyterLab and Voilà."""

import asyncio
import json
import subprocess
import sys

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
    asyncio.run(connection.connect())
    assert calls == [("nodelay", True), ("connect", None)]


def test_jupyterlab_and_voila_are_told_to_use_it():
    config = json.loads((ROOT / "jupyter-config/jupyter_server_config.d/trustgrid.json").read_text())
    assert config["ServerApp"]["kernel_websocket_connection_class"] == NAME
    voila = json.loads((ROOT / "voila.json").read_text())
    assert voila["Voila"]["kernel_websocket_connection_class"] == NAME


def test_the_installed_jupyter_server_picks_it_up():
    """`make start` and postBuild put the setting where Jupyter Server reads it."""
    code = ("from jupyter_core.paths import jupyter_config_path\n"
            "from traitlets.config.loader import JSONFileConfigLoader, ConfigFileNotFound\n"
            "from pathlib import Path\n"
            "found = None\n"
            "for d in jupyter_config_path():\n"
            "    for f in sorted(Path(d, 'jupyter_server_config.d').glob('*.json')):\n"
            "        c = JSONFileConfigLoader(f.name, path=str(f.parent)).load_config()\n"
            "        found = c.ServerApp.get('kernel_websocket_connection_class', found)\n"
            "print(found)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == NAME, out.stdout + out.stderr
