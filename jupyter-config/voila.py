# Voila reads this file from the environment's Jupyter configuration folder
# (PREFIX/etc/jupyter/voila.py), wherever it is started: standalone (`voila notebooks/...`,
# `voila .`) and inside JupyterLab (/voila/render/..., /voila/tree), so these settings hold
# on Binder, on a hub and on a laptop alike. Installed with the template (pyproject.toml's
# data-files; scripts/install-jupyter-files).
c = get_config()  # noqa: F821 (given by Jupyter's config loader)

# The course's template, jupyter-share/voila/templates/trustgrid/: Voila's "lab" template
# without its requests to CDNs (Font Awesome; MathJax inside JupyterLab), so no page asks
# for anything off the machine. Set here, not in notebook metadata, because the folder
# listing and the error pages are not notebooks.
c.VoilaConfiguration.template = "trustgrid"

# Each cell shows as soon as it has run. (The figures work with it off too.)
c.VoilaConfiguration.progressive_rendering = True

# The course draws its figures with its own widget; plotly's JupyterLab renderer, unused,
# would have every page fetch its own 4.8 MB copy of plotly.js.
c.VoilaConfiguration.extension_denylist = ["jupyterlab-plotly"]

# Standalone Voila only (inside JupyterLab, trustgrid.server does both): kernel messages
# without Nagle's delay, and the course's hashed plotly.js kept by the browser for good
# (at another --base_url it is only revalidated: a 304 on each page).
c.Voila.kernel_websocket_connection_class = "trustgrid.server.NoDelayWebsocketConnection"
c.Voila.tornado_settings = {"static_immutable_cache": ["/voila/labextensions/trustgrid/static/"]}
