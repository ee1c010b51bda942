"""The course's Jupyter Server extension: kernel messages without delay, plotly.js cached.

1. TCP_NODELAY on the kernel websocket.

Jupyter Server's kernel websocket leaves Nagle's algorithm on, so when the kernel answers a
slider with several small messages in a row (the slider's echo, then the figure's update,
then the words), the later ones wait for the browser's delayed acknowledgement, about 40 ms,
before they are sent. Measured with benchmarks/latency.py: a key press on a slider to the
redrawn figure took a median of 91 ms with Nagle on and 51 ms with it off.

JupyterLab (and Voilà inside it, as on Binder) uses it through this module as a server
extension, enabled by jupyter-config/jupyter_server_config.d/trustgrid.json, which
`make start`, postBuild and a (non-editable) pip install put in <prefix>/etc/jupyter/. The
Voilà app is told by jupyter-config/voila.py.

2. The browser keeps plotly.js for good. The figures fetch it from the server's extension
files (trustgrid/widgets/figure.py); its name carries its hash, so it can be marked
immutable. JupyterLab marks its extension files so without its base URL (under a hub's
/user/NAME/ they would be asked for again on every page), and Voilà never does; this extension
marks the course's folder under the server's own base URL, in JupyterLab and in Voilà there.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.utils import url_path_join

SETTING = "kernel_websocket_connection_class"
IMMUTABLE = "static_immutable_cache"
# Where JupyterLab and Voilà serve <prefix>/share/jupyter/labextensions/trustgrid/static/.
SERVED = ("lab/extensions/trustgrid/static/", "voila/labextensions/trustgrid/static/")


class NoDelayWebsocketConnection(ZMQChannelsWebsocketConnection):
    """Jupyter Server's own kernel websocket connection, with Nagle's algorithm off."""

    async def connect(self):
        self.websocket_handler.set_nodelay(True)
        return await super().connect()


def _jupyter_server_extension_points():
    return [{"module": "trustgrid.server"}]


def _load_jupyter_server_extension(serverapp) -> None:
    settings = serverapp.web_app.settings
    # Only in place of the default: a server set up with another connection (a kernel
    # gateway, say) keeps its own.
    if settings.get(SETTING) is ZMQChannelsWebsocketConnection:
        settings[SETTING] = NoDelayWebsocketConnection
        serverapp.log.info("trustgrid: kernel messages are sent without Nagle's delay")
    # Added to, never replaced: JupyterLab keeps its own list in the same setting.
    settings[IMMUTABLE] = [*settings.get(IMMUTABLE, []),
                           *(url_path_join(serverapp.base_url, path) for path in SERVED)]
