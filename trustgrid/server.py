"""Kernel messages reach the browser without waiting: TCP_NODELAY on the kernel websocket.

Jupyter Server's kernel websocket leaves Nagle's algorithm on, so when the kernel answers a
slider with several small messages in a row (the slider's echo, then the figure's update,
then the words), the later ones wait for the browser's delayed acknowledgement, about 40 ms,
before they are sent. Measured with benchmarks/latency.py: a key press on a slider to the
redrawn figure took a median of 91 ms with Nagle on and 51 ms with it off.

JupyterLab (and Voilà inside it, as on Binder) uses it through this module as a server
extension, enabled by jupyter-config/jupyter_server_config.d/trustgrid.json, which
`make start`, postBuild and a (non-editable) pip install put in <prefix>/etc/jupyter/. The
Voilà app is told by the course's voila.json.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

SETTING = "kernel_websocket_connection_class"


class NoDelayWebsocketConnection(ZMQChannelsWebsocketConnection):
    """Jupyter Server's own kernel websocket connection, with Nagle's algorithm off."""

    async def connect(self):
        self.websocket_handler.set_nodelay(True)
        return await super().connect()


def _jupyter_server_extension_points():
    return [{"module": "trustgrid.server"}]


def _load_jupyter_server_extension(serverapp) -> None:
    # Only in place of the default: a server set up with another connection (a kernel
    # gateway, say) keeps its own.
    if serverapp.web_app.settings.get(SETTING) is ZMQChannelsWebsocketConnection:
        serverapp.web_app.settings[SETTING] = NoDelayWebsocketConnection
        serverapp.log.info("trustgrid: kernel messages are sent without Nagle's delay")
