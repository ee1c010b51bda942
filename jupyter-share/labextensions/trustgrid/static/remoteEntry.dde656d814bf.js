// The course's JupyterLab extension: a module federation container written by hand (its
// one plugin needs nothing from JupyterLab, so there is nothing to build). It loads
// plotly.js while JupyterLab starts, before any notebook can make a widget: plotly.js runs
// as one long task (about 1.5 s on a 2-CPU machine, 3 s when it is busy), and anywidget gives
// each widget model only 2 s to load, so plotly.js must not run while models are loading.
// The figures (trustgrid/widgets/figure.js) then find it ready. Voila's notebook pages load
// it with a <script> in the course's template (jupyter-share/voila/templates/trustgrid/).
var _JUPYTERLAB;
(function () {
  "use strict";
  const PLOTLY_JS = "plotly-4.1.1.3b6e15d45dbb.min.js";
  const VERSION = PLOTLY_JS.split("-")[1].split(".").slice(0, 3).join(".");
  const WAIT_MS = 10000;  // never hold JupyterLab's start up for long

  function plotlyUrl() {
    const element = document.getElementById("jupyter-config-data");
    const config = element ? JSON.parse(element.textContent) : {};
    // Only JupyterLab: Voila's notebook pages load it from the course's template, and
    // holding up the start of its other pages (the folder listing) breaks them.
    if (config.appName !== "JupyterLab" || !config.fullLabextensionsUrl) return null;
    const base = config.fullLabextensionsUrl;
    const url = new URL(`${base.replace(/\/$/, "")}/trustgrid/static/${PLOTLY_JS}`,
                        document.baseURI);
    url.searchParams.set("v", PLOTLY_JS);
    return url.href;
  }

  const plugin = {
    id: "trustgrid:plotly",
    description: "Loads plotly.js for the Building Trust course's figures as JupyterLab starts.",
    autoStart: true,
    activate() {
      const url = plotlyUrl();
      if (!url || (window.Plotly && window.Plotly.version === VERSION)) return undefined;
      const loaded = import(url).catch((error) => console.warn("trustgrid: plotly.js", error));
      return Promise.race([loaded, new Promise((done) => setTimeout(done, WAIT_MS))]);
    },
  };

  _JUPYTERLAB = typeof _JUPYTERLAB === "undefined" ? {} : _JUPYTERLAB;
  _JUPYTERLAB.trustgrid = {
    init: () => Promise.resolve(),
    // JupyterLab takes "default" only from a module marked as an ES module.
    get: () => Promise.resolve(() => ({ __esModule: true, default: plugin })),
  };
})();
