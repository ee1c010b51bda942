// drawFigure draws a plotly figure whose traces are widget models of their own (see
// trustgrid/widgets/figure.py), with plotly.js fetched once per page from the Jupyter server.
// Not a module of its own: figure.js and placement.js come after it in their widgets' modules.

const CONFIG = { displaylogo: false, responsive: true };

// The page's own config says where its server serves extension files, under any base URL
// (/user/NAME/ on a hub): "{base}lab/extensions" in JupyterLab, "{base}voila/labextensions"
// in Voila. VS Code and Colab have no such config.
function plotlyUrl(file) {
  const config = document.getElementById("jupyter-config-data");
  if (!config || !file) return null;
  let base;
  try {
    base = JSON.parse(config.textContent).fullLabextensionsUrl;
  } catch {
    return null;
  }
  if (!base) return null;
  const url = new URL(`${base.replace(/\/$/, "")}/trustgrid/static/${file}`, document.baseURI);
  // JupyterLab lets the browser keep a file asked for with ?v= (Voila revalidates: a 304).
  url.searchParams.set("v", file);
  return url.href;
}

// plotly.js sent by the kernel, for pages that cannot fetch it.
function plotlyFromKernel(model) {
  return new Promise((resolve, reject) => {
    const arrived = async (content, buffers) => {
      if (!content || content.kind !== "plotly.js") return;
      model.off("msg:custom", arrived);
      const url = URL.createObjectURL(new Blob(buffers, { type: "text/javascript" }));
      try {
        await import(url);
        resolve(window.Plotly);
      } catch (error) {
        reject(error);
      } finally {
        URL.revokeObjectURL(url);
      }
    };
    model.on("msg:custom", arrived);
    model.send({ kind: "plotly.js" });
  });
}

// plotly's bundle puts itself on window.Plotly. The course's JupyterLab extension and its
// Voila template load it before any widget exists (jupyter-share/); else one module record
// per URL means every figure on the page shares one evaluation of it.
async function loadPlotly(model) {
  const file = model.get("_plotly_js");
  const version = (file.match(/^plotly-(\d+\.\d+\.\d+)\./) || [])[1];
  if (window.Plotly && window.Plotly.version === version) return window.Plotly;
  const url = plotlyUrl(file);
  if (url) {
    try {
      await import(url);
      if (window.Plotly) return window.Plotly;
    } catch (error) {
      console.warn("trustgrid: plotly.js is not served here; asking the kernel for it", error);
    }
  }
  return window.Plotly || plotlyFromKernel(model);
}

function traceModels(model) {
  const ids = model.get("_traces").map((ref) => ref.replace(/^IPY_MODEL_/, ""));
  return Promise.all(ids.map((id) => model.widget_manager.get_model(id)));
}

// The figure takes the width of its place whenever that width changes (a narrow window,
// a zoomed page, a flex layout wrapping); plotly itself only listens to the window.
function fitWidth(el, Plotly) {
  if (typeof ResizeObserver !== "function") return () => {};
  let width = -1;
  const observer = new ResizeObserver(() => {
    const now = el.clientWidth;
    if (!el._fullLayout || now === width || now === 0) return;
    width = now;
    if (Math.abs(el._fullLayout.width - now) > 1) Plotly.Plots.resize(el);
  });
  observer.observe(el);
  return () => observer.disconnect();
}

// Draw the figure of `model` (its traits _traces, _layout and _plotly_js) into el. With
// `follow` ({trace, x, y}: a trace index and two trait names of the same model), that trace's
// single point sits at (x, y) and moves as soon as they change. Returns what stops it.
async function drawFigure(model, el, follow = null) {
  el.style.width = "100%";
  el.setAttribute("aria-busy", "true"); // until drawn: screen readers (and tests) wait
  const [Plotly, traces] = await Promise.all([loadPlotly(model), traceModels(model)]);
  const data = traces.map((trace) => structuredClone(trace.get("props")));
  let layout = structuredClone(model.get("_layout"));
  let live = true;

  // The marker that follows the sliders, put where they are.
  const toSliders = (trace) => {
    trace.x = [model.get(follow.x)];
    trace.y = [model.get(follow.y)];
  };
  // A placed marker sits at the sliders, whatever Python last sent (one not placed stays out).
  const atSliders = () => {
    const trace = follow && data[follow.trace];
    if (trace && trace.x && trace.x.length === 1) toSliders(trace);
  };

  let pending = false;
  const redraw = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (live) Plotly.react(el, data, layout, CONFIG);
    });
  };

  const listeners = traces.map((trace, index) => {
    const changed = () => {
      data[index] = structuredClone(trace.get("props"));
      if (follow && index === follow.trace) atSliders();
      redraw();
    };
    trace.on("change:props", changed);
    return () => trace.off("change:props", changed);
  });
  const relayout = () => {
    layout = structuredClone(model.get("_layout"));
    redraw();
  };
  model.on("change:_layout", relayout);
  listeners.push(() => model.off("change:_layout", relayout));
  if (follow) {
    // Not sent to Python: the sliders' own values reach it, and it updates its copy.
    // A move places a marker not placed yet too (Python's words and label follow).
    const moved = () => {
      const trace = data[follow.trace];
      if (!trace) return;
      toSliders(trace);
      if (live && el._fullData) {
        Plotly.restyle(el, { x: [trace.x], y: [trace.y] }, [follow.trace]);
      }
    };
    const events = `change:${follow.x} change:${follow.y}`;
    model.on(events, moved);
    listeners.push(() => model.off(events, moved));
  }

  atSliders();
  await Plotly.newPlot(el, data, layout, CONFIG);
  el.removeAttribute("aria-busy");
  const unfit = fitWidth(el, Plotly);
  return () => {
    live = false;
    unfit();
    for (const stop of listeners) stop();
    Plotly.purge(el);
  };
}
