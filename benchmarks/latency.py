"""What a learner waits for, and what their browser receives, in JupyterLab and Voilà in
headless Chromium: a slider key to a redrawn figure, Run All to every figure on screen, and
the bytes (plotly.js above all) that reach the page on the way.

1. Keypress -> figure redrawn (JupyterLab), 50 presses each (ArrowRight, back with ArrowLeft
   at the end):
   - ours: the course's placement widget (``course.place(1)`` after ``start``): its
     accessible slider moves the marker in the browser, and the kernel's GridPlacement
     confirms it (one anywidget drawing sliders, words and figure) -> plotly;
   - floor: a bare ipywidgets IntSlider driving a one-point ``go.FigureWidget``, the least
     the same stack (kernel round trip + plotly redraw) can do;
   - the floor's IntSlider driving the course's own grid figure (``grid.build_figure``), to
     tell the figure's share of the time from the rest of the widget's.
   Each press is timed in the page from the keydown event to the first animation frame
   after the marker's position (its SVG transform) changed. Median, p95 and ours/floor.
2. Per notebook (every notebook in notebooks/, exercises/ and facilitator/ unless
   ``--notebooks`` says otherwise), in JupyterLab and in Voilà (``/voila/render/<path>``),
   each in a fresh browser context (an empty cache, as a learner's first visit):
   - Run All -> every figure drawn: in JupyterLab from the run-all command (the notebook
     open, its kernel idle) to the first animation frame at which the command has finished
     and every widget view is drawn and every plotly figure drawn with marks (timed in the
     page); in Voilà, which starts a kernel and runs every cell for each page request, from
     the request to the same state (every cell's outputs in, as many widget views as widget
     outputs; the time it was first reached);
   - bytes received over the kernel websocket(s), and over the page's other websockets
     (payload lengths, text frames as UTF-8, binary frames too);
   - plotly.js over the websocket: a received frame over 1 MB that contains "plotly.js" or
     plotly's copyright banner counts as one copy (anywidget sends each FigureWidget's
     ``_esm`` in its model's state);
   - plotly.js over HTTP, from the browser's own network log (CDP): a response whose file is
     named plotly*.js, or a file over 1 MB under a path naming plotly (JupyterLab's
     jupyterlab-plotly chunk), is counted as a download (200 with a body), a 304, or a cache
     hit (memory or disk cache, service worker) — the course's own copy (a path under
     ``/trustgrid/``) apart from any other.
3. The next notebook: 00_welcome then 01_what_is_trust opened one after the other in the same
   browser context (a new page each, as a learner moving on): does the second download
   plotly.js again? And the ratio of the second notebook's Run All -> drawn to the first's,
   as the next notebook and each in a fresh context: the pair is measured REPEATS times and
   the ratio of the medians is reported (one run varies by a fifth on this machine).

Targets (slider): median <= 50 ms, p95 <= 120 ms, ratio of medians <= 1.3. The load average
is printed at the start and end (and each row's 1-minute load): on a busy machine the
numbers grow and are not comparable.

Run: .venv/bin/python benchmarks/latency.py [--presses 50] [--skip-run-all] [--skip-slider]
         [--front-end lab|voila|both] [--notebooks notebooks/00_welcome.ipynb ...]
Progress goes to stderr, the results (Markdown, then the raw numbers as JSON) to stdout.
Exit status 0 whatever the numbers: this measures, the browser tests judge.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import pages  # tests/browser/pages.py: servers and page helpers

FOLDERS = ("notebooks", "exercises", "facilitator")
TARGET_MEDIAN_MS, TARGET_P95_MS, TARGET_RATIO = 50, 120, 1.3
# The pair for "does the next notebook download plotly.js again?"
FIRST, SECOND = "notebooks/00_welcome.ipynb", "notebooks/01_what_is_trust.ipynb"
FRONT_ENDS = ("lab", "voila")
BIG = 1_000_000  # bytes: a websocket frame or a file this big naming plotly.js is plotly.js
# In plotly.js's own banner ("* plotly.js v4.1.1 / * Copyright 2012-2026, Plotly, Inc.") and
# in the minified bundles (their error messages name "plotly.js").
PLOTLY_MARKS = ("plotly.js", "Copyright 2012-")
VOILA_QUIET_S = 1.5  # Voilà without progressive rendering: drawn and unchanged this long
VOILA_CONFIRM_S = 0.5  # with it: every widget output drawn, and still so this much later

OURS_CELLS = [
    'from trustgrid.notebook import start\ncourse = start("01_what_is_trust")',
    "course.place(1)",
]
FLOOR_CELLS = [
    """import ipywidgets as w, plotly.graph_objects as go
s = w.IntSlider(value=5, min=0, max=10, description='competence')
f = go.FigureWidget(go.Figure(
    go.Scatter(x=[5], y=[5], mode='markers', name='your placement'),
    layout=dict(xaxis=dict(range=[-0.6, 10.6]), yaxis=dict(range=[-0.6, 10.6]), height=480),
))
def moved(change):
    with f.batch_update():
        f.data[0].x = [change['new']]
s.observe(moved, 'value')
display(w.VBox([s, f]))"""
]

# The floor's slider driving the course's own trust grid figure (heatmap, regions, labels):
# separates the cost of the figure from the cost of the rest of the placement widget.
GRID_CELLS = [
    """import ipywidgets as w, plotly.graph_objects as go
from trustgrid.data import load_course
from trustgrid.grid import YOU, build_figure, you_trace_values
from trustgrid.model import Placement
regions = load_course(None).regions
s = w.IntSlider(value=5, min=0, max=10, description='competence')
f = go.FigureWidget(build_figure(regions, you=Placement(5, 5)))
def moved(change):
    with f.batch_update():
        f.data[YOU].update(**you_trace_values(Placement(change['new'], 5), 'Your placement'))
s.observe(moved, 'value')
display(w.VBox([s, f]))"""
]

# The figure layer on its own: the same page with one placement, then with four (notebook
# 1's), and nothing else, so the ratio is the figures' share and not the prose's or the
# other cells' (notebook 1 has 24 cells to notebook 0's 12).
START_CELL = 'from trustgrid.notebook import start\ncourse = start("01_what_is_trust")'
PLACEMENTS = {"one": [START_CELL, "course.place(1)"],
              "four": [START_CELL] + [f"course.place({i})" for i in range(1, 5)]}
REPEATS = 3  # runs of each page whose median is reported (the pair, the figure layer)

# Arm a watcher on the marker of the trace named "your placement": resolves with the time
# from the next keydown to the first animation frame after the marker moved.
_ARM_JS = r"""
([plotSel]) => {
  const plot = document.querySelector(plotSel);
  const marker = () => {
    const g = Array.from(plot.querySelectorAll('.scatterlayer .trace')).find(g =>
      g.__data__ && g.__data__[0] && g.__data__[0].trace &&
      g.__data__[0].trace.name === 'your placement');
    const p = g && g.querySelector('path.point');
    return p ? p.getAttribute('transform') : null;
  };
  const before = marker();
  const state = {keydown: null, moved: null, frame: null, before};
  window.__tgLatency = state;
  const onKey = (e) => { if (state.keydown === null) state.keydown = performance.now(); };
  window.addEventListener('keydown', onKey, true);
  const observer = new MutationObserver(() => {
    if (state.moved !== null || state.keydown === null) return;
    if (marker() !== before) {
      state.moved = performance.now();
      observer.disconnect();
      window.removeEventListener('keydown', onKey, true);
      requestAnimationFrame(() => { state.frame = performance.now(); });
    }
  });
  observer.observe(plot, {subtree: true, childList: true, attributes: true});
  return before;
}
"""


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load() -> str:
    """As benchmarks/run.py prints it."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} CPUs"


def load_1min() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def press_and_time(page, server, notebook: Path, slider_sel: str, presses: int,
                   label: str) -> list[float]:
    pages.open_lab_notebook(page, server, notebook)
    pages.wait_drawn(page, ".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    # The plot beside the slider: the first figure in the same output.
    page.evaluate(
        """([panel, sel]) => {
             const s = document.querySelector(panel + ' ' + sel);
             const out = s.closest('.jp-OutputArea-output');
             out.querySelector('.js-plotly-plot').dataset.bench = 'plot';
             s.dataset.bench = 'slider';
           }""",
        [panel, slider_sel],
    )
    slider = page.locator('[data-bench="slider"]')
    slider.scroll_into_view_if_needed()
    page.locator('[data-bench="plot"]').scroll_into_view_if_needed()
    slider.focus()
    times: list[float] = []
    direction = "ArrowRight"
    for i in range(presses + 3):  # the first 3 warm up (first redraw, JIT)
        value = slider.evaluate(
            "el => el.getAttribute('aria-valuenow') || el.value || el.textContent"
        )
        page.evaluate(_ARM_JS, ['[data-bench="plot"]'])
        slider.focus()
        page.keyboard.press(direction)
        page.wait_for_function("() => window.__tgLatency.frame !== null", timeout=30_000)
        state = page.evaluate("() => window.__tgLatency")
        if i >= 3:
            times.append(state["frame"] - state["keydown"])
        after = slider.evaluate(
            "el => el.getAttribute('aria-valuenow') || el.value || el.textContent"
        )
        if after == value:
            raise RuntimeError(f"{label}: {direction} did not move the slider from {value}")
        # Bounce between the ends; let the kernel finish (saving, words) before the next.
        if str(after).strip() in ("10", "10.0"):
            direction = "ArrowLeft"
        elif str(after).strip() in ("0", "0.0"):
            direction = "ArrowRight"
        page.wait_for_timeout(60)
        if i >= 3 and (i - 2) % 10 == 0:
            progress(f"  {label}: {i - 2}/{presses}, median so far "
                     f"{statistics.median(times):.1f} ms")
    pages.shutdown_kernels(server)
    return times



# --------------------------------------------------------------------------- what arrives


def _ws_kind(url: str) -> str:
    """A websocket's path with its ids left out: ``/api/kernels/<id>/channels`` is a kernel's."""
    path = urllib.parse.urlsplit(url).path
    return re.sub(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "/<id>", path)


def _is_kernel_ws(kind: str) -> bool:
    return "/api/kernels/" in kind and kind.endswith("/channels")


@dataclass
class NetLog:
    """What one page received: websocket frames (Playwright) and HTTP responses (CDP)."""

    known_plotly: set[str]  # paths seen to be plotly.js (shared by the pages of one server)
    ws: dict[str, dict] = field(default_factory=dict)  # kind -> totals
    requests: dict[str, dict] = field(default_factory=dict)  # CDP requestId -> what happened
    # Voilà's progressive rendering: the cell outputs, sent over /voila/execution/<kernel>.
    voila: dict = field(default_factory=lambda: {"results": 0, "total": None, "widgets": 0})

    def attach(self, context, page) -> None:
        page.on("websocket", self._on_websocket)
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._on_request)
        cdp.on("Network.responseReceived", self._on_response)
        cdp.on("Network.responseReceivedExtraInfo", self._on_response_extra)
        cdp.on("Network.requestServedFromCache", self._on_served_from_cache)
        cdp.on("Network.dataReceived", self._on_data)
        cdp.on("Network.loadingFinished", self._on_finished)
        cdp.on("Network.loadingFailed", self._on_failed)
        cdp.send("Network.enable")
        self._cdp = cdp  # keep the session (and its handlers) alive with the page

    # websockets
    def _on_websocket(self, ws) -> None:
        kind = _ws_kind(ws.url)
        totals = self.ws.setdefault(kind, {"sockets": 0, "frames": 0, "received": 0,
                                           "sent": 0, "largest": 0, "plotly": 0})
        totals["sockets"] += 1

        def received(payload) -> None:
            data = payload if isinstance(payload, bytes) else payload.encode("utf-8", "replace")
            size = len(data)
            totals["frames"] += 1
            totals["received"] += size
            totals["largest"] = max(totals["largest"], size)
            if size > BIG and any(m.encode() in data for m in PLOTLY_MARKS):
                totals["plotly"] += 1
            if kind.startswith("/voila/execution/"):
                self._on_voila_execution(data)

        def sent(payload) -> None:
            totals["sent"] += len(payload if isinstance(payload, bytes)
                                  else payload.encode("utf-8", "replace"))

        ws.on("framereceived", received)
        ws.on("framesent", sent)

    def _on_voila_execution(self, data: bytes) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            return
        if message.get("action") != "execution_result":
            return
        payload = message.get("payload") or {}
        self.voila["results"] += 1
        self.voila["total"] = payload.get("total_cell")
        outputs = (payload.get("output_cell") or {}).get("outputs") or []
        self.voila["widgets"] += sum(
            "application/vnd.jupyter.widget-view+json" in (o.get("data") or {}) for o in outputs)

    # HTTP (CDP Network events)
    def _entry(self, request_id: str) -> dict:
        return self.requests.setdefault(request_id, {
            "url": "", "status": None, "wire_status": None, "disk": False, "memory": False,
            "sw": False, "decoded": 0, "encoded": 0, "finished": False, "failed": False})

    def _on_request(self, params: dict) -> None:
        self._entry(params["requestId"])["url"] = params["request"]["url"]

    def _on_response(self, params: dict) -> None:
        e, r = self._entry(params["requestId"]), params["response"]
        e["url"] = e["url"] or r.get("url", "")
        e["status"] = r.get("status")
        e["disk"] = bool(r.get("fromDiskCache") or r.get("fromPrefetchCache"))
        e["memory"] = e["memory"] or bool(r.get("fromMemoryCache"))
        e["sw"] = bool(r.get("fromServiceWorker"))

    def _on_response_extra(self, params: dict) -> None:
        # The status as it came over the wire: a revalidated response (304) is given to
        # the page, and to responseReceived, as the cached 200.
        self._entry(params["requestId"])["wire_status"] = params.get("statusCode")

    def _on_served_from_cache(self, params: dict) -> None:
        self._entry(params["requestId"])["memory"] = True

    def _on_data(self, params: dict) -> None:
        self._entry(params["requestId"])["decoded"] += params.get("dataLength", 0)

    def _on_finished(self, params: dict) -> None:
        e = self._entry(params["requestId"])
        e["finished"] = True
        e["encoded"] = params.get("encodedDataLength", 0)

    def _on_failed(self, params: dict) -> None:
        self._entry(params["requestId"])["failed"] = True

    # the page's totals
    def _plotly_copy(self, e: dict) -> str | None:
        """"course" or "other" if this response is a copy of plotly.js, else None."""
        path = urllib.parse.urlsplit(e["url"]).path
        name = path.rsplit("/", 1)[-1].lower()
        if not name.endswith(".js"):
            return None
        if ("plotly" in name or path in self.known_plotly
                or ("plotly" in path.lower() and e["decoded"] > BIG)):
            self.known_plotly.add(path)
            return "course" if "/trustgrid/" in path else "other"
        return None

    def summary(self) -> dict:
        http = {c: {"200": 0, "304": 0, "cache": 0, "urls": []} for c in ("course", "other")}
        http_bytes = 0
        for e in self.requests.values():
            http_bytes += e["encoded"]
            copy = self._plotly_copy(e)
            if copy is None:
                continue
            if e["memory"] or e["disk"] or e["sw"]:
                how = "cache"
            elif 304 in (e["status"], e["wire_status"]):
                how = "304"
            elif e["status"] == 200 and e["decoded"] > 0:
                how = "200"
            else:
                continue  # failed or empty: not a copy on the page
            http[copy][how] += 1
            path = urllib.parse.urlsplit(e["url"]).path
            http[copy]["urls"].append(f"{how} {path} ({e['decoded']} bytes decoded, "
                                      f"{e['encoded']} transferred)")
        kernel = {k: v for k, v in self.ws.items() if _is_kernel_ws(k)}
        other = {k: v for k, v in self.ws.items() if not _is_kernel_ws(k)}
        return {
            "kernel_ws_bytes": sum(v["received"] for v in kernel.values()),
            "other_ws_bytes": sum(v["received"] for v in other.values()),
            "ws_plotly": sum(v["plotly"] for v in self.ws.values()),
            "ws": self.ws,
            "http_bytes": http_bytes,
            "http_plotly": http,
        }


# --------------------------------------------------------------------------- per notebook


def _problems(state: dict) -> list[str]:
    return state["pending"] + [f"figure {i} not drawn" for i, p in enumerate(state["plots"], 1)
                               if not (p["laidOut"] and p["marks"])]


# Timed in the page, to the animation frame: from the run-all command to the first frame at
# which it has finished and every widget view and figure is drawn (pages.DRAWN_JS, about
# 0.2 ms a check). Polled from Python instead, the time was rounded up to the next 100 ms poll.
_RUN_ALL_DRAWN_JS = r"""
async ([scope, drawnJs, ms]) => {
  const drawn = eval(drawnJs);
  const limit = (what) => new Promise((_, no) =>
    setTimeout(() => no(new Error(what + ' in ' + ms + ' ms')), ms));
  const started = performance.now();
  await Promise.race([window.jupyterapp.commands.execute('notebook:run-all-cells'),
                      limit('run-all did not finish')]);
  const done = new Promise((resolve) => {
    const check = () => {
      const s = drawn(scope);
      if (!s.pending.length && s.plots.every((p) => p.laidOut && p.marks)) {
        resolve(performance.now() - started);
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  });
  return await Promise.race([done, limit('not drawn')]);
}
"""


def lab_notebook(page, server, notebook: str) -> dict:
    """Open ``notebook`` in JupyterLab, Run All, wait until every figure is drawn."""
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    started = time.monotonic()
    pages.open_lab_notebook(page, server, notebook, run_all=False)
    opened = time.monotonic()
    run_all_ms = page.evaluate(_RUN_ALL_DRAWN_JS,
                               [panel, pages.DRAWN_JS, pages.RUN_ALL_TIMEOUT_MS])
    pages.wait_lab_kernel_idle(page)
    state = pages.wait_drawn(page, panel)
    problems = _problems(state) + pages.visible_errors(page)
    pages.shutdown_kernels(server)
    return {"open_s": opened - started, "run_all_s": run_all_ms / 1000,
            "figures": len(state["plots"]), "problems": problems}


_VOILA_STATE_JS = r"""
() => {
  const cells = document.querySelector('#rendered_cells');
  return {
    cells: !!cells,
    loading: !!document.querySelector('#loading'),
    waiting: cells ? cells.querySelectorAll('.voila-skeleton-container, ' +
      'script[type="application/vnd.voila.cell-output+json"]').length : 0,
    outputs: cells ? cells.querySelectorAll('.jp-OutputArea-output').length : 0,
    // A widget output (a Lumino panel) with its view in it.
    views: cells ? Array.from(cells.querySelectorAll('.jp-OutputArea-output.lm-Panel'))
      .filter(el => el.children.length > 0).length : 0,
  };
}
"""


def voila_notebook(page, server, notebook: str, log: NetLog) -> dict:
    """Load ``notebook`` in Voilà; the time from the request until every cell has its
    output and every widget and figure is drawn.

    With progressive rendering (the course's voila.json) the cells' outputs come over
    /voila/execution/<kernel> and a widget output is put on the page only once its model
    has loaded (seconds apart when each figure brings plotly.js): the page is drawn when
    every cell's result has come and there are as many widget views as widget outputs in
    them. Without it, when the page has stayed drawn and unchanged for VOILA_QUIET_S. The
    time is the first moment of that state (confirmed for VOILA_CONFIRM_S).
    """
    from playwright.sync_api import Error as PlaywrightError

    started = time.monotonic()
    page.goto(server.url(f"voila/render/{urllib.parse.quote(notebook)}"),
              wait_until="commit", timeout=pages.PAGE_TIMEOUT_MS)
    deadline = started + 2 * pages.STEP_TIMEOUT_S
    ready_at, ready_sig, state = None, None, {"pending": ["(nothing yet)"], "plots": []}
    sig = None
    while True:
        now = time.monotonic()
        progressive = any(k.startswith("/voila/execution/") for k in log.ws)
        try:
            page_state = page.evaluate(_VOILA_STATE_JS)
            ready = (page_state["cells"] and not page_state["loading"]
                     and not page_state["waiting"])
            if ready and progressive:
                v = log.voila
                ready = (v["total"] is not None and v["results"] >= v["total"]
                         and page_state["views"] >= v["widgets"])
            if ready:
                state = pages.drawn(page, "#rendered_cells")
                pending = pages.pending_widgets(page, "#rendered_cells")
                ready = not pending and not _problems(state)
                sig = (page_state["outputs"], page_state["views"], len(state["plots"]))
        except PlaywrightError:  # the page is still being replaced (navigation)
            ready = False
        if not ready:
            ready_at = None
        elif ready_at is None or sig != ready_sig:
            ready_at, ready_sig = now, sig
        hold = VOILA_CONFIRM_S if progressive else VOILA_QUIET_S
        if ready_at is not None and now - ready_at >= hold:
            break
        if now > deadline:
            break
        page.wait_for_timeout(50)
    late = (f"not drawn in {deadline - started:.0f} s "
            f"(widget views expected {log.voila['widgets']})")
    problems = [] if ready_at is not None else (_problems(state) or [late])
    problems += pages.visible_errors(page)
    kernel_id = pages.voila_kernel_id(page)
    if kernel_id:
        pages.voila_shutdown_kernel(server, kernel_id)
    end = ready_at if ready_at is not None else time.monotonic()
    return {"open_s": None, "run_all_s": end - started, "figures": len(state["plots"]),
            "problems": problems}


def measure(context, server, front_end: str, notebook: str, known: set[str]) -> dict:
    """One notebook on a new page of ``context``: its times and what it received."""
    page = context.new_page()
    log = NetLog(known)
    log.attach(context, page)
    row = {"front_end": front_end, "notebook": notebook, "load": load_1min()}
    try:
        if front_end == "lab":
            row.update(lab_notebook(page, server, notebook))
        else:
            row.update(voila_notebook(page, server, notebook, log))
    except Exception as exc:  # noqa: BLE001 - a benchmark reports a failure and goes on
        row.update({"open_s": None, "run_all_s": None, "figures": 0,
                    "problems": [f"{type(exc).__name__}: {str(exc)[:300]}"]})
        if front_end == "lab":
            pages.shutdown_kernels(server)
    page.wait_for_timeout(200)  # the last frames and responses of the page
    row.update(log.summary())
    page.close()
    return row


def new_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    return context


def notebooks_run(browser, server, front_end: str, notebooks: list[str]) -> dict:
    """Every notebook in a fresh context; FIRST then SECOND in one context as well. The pair
    (FIRST then SECOND in one context, and SECOND in a fresh one) is measured REPEATS times,
    for medians: one Run All of a notebook varies by a fifth from run to run here."""
    known: set[str] = set()
    cold: dict[str, dict] = {}
    pairs: dict[str, list[float]] = {"first": [], "next": [], "second": []}
    for repeat in range(REPEATS):
        progress(f"{front_end}: {FIRST} then {SECOND} in one browser context, then {SECOND} "
                 f"in a fresh one (run {repeat + 1} of {REPEATS}) ...")
        context = new_context(browser)
        first = measure(context, server, front_end, FIRST, known)
        progress(f"  {_brief(first)}")
        after = measure(context, server, front_end, SECOND, known)
        progress(f"  next: {_brief(after)}")
        context.close()
        context = new_context(browser)
        second = measure(context, server, front_end, SECOND, known)
        progress(f"  fresh: {_brief(second)}")
        context.close()
        if repeat == 0:  # the tables show the first run; the ratios use the medians
            cold[FIRST], cold[SECOND], nxt = first, second, after
        for key, row in (("first", first), ("next", after), ("second", second)):
            if row["run_all_s"] is not None:
                pairs[key].append(row["run_all_s"])
    for nb in notebooks:
        if nb in cold:
            continue
        progress(f"{front_end}: {nb} (fresh context) ...")
        context = new_context(browser)
        cold[nb] = measure(context, server, front_end, nb, known)
        context.close()
        progress(f"  {_brief(cold[nb])}")
    return {"cold": cold, "next": nxt, "pairs": pairs}


def figures_run(browser, server, front_end: str, scratch: Path) -> dict:
    """Run All -> drawn of the one- and four-placement pages, alternately, each in a fresh
    context, REPEATS times: the medians and their ratio."""
    paths = {name: pages.write_notebook(scratch / f"figures-{name}.ipynb", cells)
             for name, cells in PLACEMENTS.items()}
    times: dict[str, list[float]] = {name: [] for name in PLACEMENTS}
    known: set[str] = set()
    for repeat in range(REPEATS):
        for name, path in paths.items():
            context = new_context(browser)
            row = measure(context, server, front_end, path.relative_to(ROOT).as_posix(), known)
            context.close()
            if row["run_all_s"] is not None:
                times[name].append(row["run_all_s"])
            progress(f"{front_end}: {name} placement(s), run {repeat + 1}: {_brief(row)}")
    medians = {name: statistics.median(v) if v else None for name, v in times.items()}
    return {"times": times, "medians": medians,
            "ratio": (medians["four"] / medians["one"]
                      if medians["four"] and medians["one"] else None)}


def report_figures(results: dict) -> None:
    print("\n## The figure layer on its own: four placements against one\n")
    print(f"The same page with `course.place(1)`, then with `course.place(1)` to `(4)` in four "
          f"cells, and nothing else; each opened {REPEATS} times in a fresh browser "
          "context, alternately. Run All -> drawn, median.\n")
    print("| front end | one placement s | four placements s | four / one |")
    print("| --- | ---: | ---: | ---: |")
    for fe, r in results.items():
        m = r["medians"]
        print(f"| {NAMES[fe]} | {_s(m['one'])} | {_s(m['four'])} | {_ratio(m['four'], m['one'])} |")


def _brief(row: dict) -> str:
    h = row["http_plotly"]
    s = (f"{row['notebook']}: run all -> drawn {_s(row['run_all_s'])} s, {row['figures']} "
         f"figures, kernel ws {_mb(row['kernel_ws_bytes'])} MB, plotly.js ws {row['ws_plotly']}, "
         f"HTTP course {_counts(h['course'])}, other {_counts(h['other'])}")
    return s + (f"; PROBLEMS: {row['problems']}" if row["problems"] else "")


def _s(value) -> str:
    return "-" if value is None else f"{value:.2f}"


def _list(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values) or "-"


def _mb(value: int) -> str:
    return f"{value / 1e6:.2f}"


def _counts(h: dict) -> str:
    return f"{h['200']}/{h['304']}/{h['cache']}"


def _ratio(a, b) -> str:
    return f"{a / b:.2f}" if a is not None and b else "-"


NAMES = {"lab": "JupyterLab", "voila": "Voilà"}


def print_rows(rows: list[tuple[str, dict]]) -> None:
    print("| front end | notebook | open s | run all -> drawn s | figures | kernel ws MB | "
          "other ws MB | plotly.js via ws | course plotly.js HTTP 200/304/cache | "
          "other plotly.js HTTP 200/304/cache | HTTP MB | load (1 min) | problems |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
          "| --- |")
    for label, r in rows:
        h = r["http_plotly"]
        load_s = "-" if r["load"] is None else f"{r['load']:.2f}"
        problems = "; ".join(p.replace("|", "/").replace("\n", " ")[:160] for p in r["problems"])
        print(f"| {NAMES[r['front_end']]} | {label} | {_s(r['open_s'])} | {_s(r['run_all_s'])} | "
              f"{r['figures']} | {_mb(r['kernel_ws_bytes'])} | {_mb(r['other_ws_bytes'])} | "
              f"{r['ws_plotly']} | {_counts(h['course'])} | {_counts(h['other'])} | "
              f"{_mb(r['http_bytes'])} | {load_s} | {problems or '-'} |")


def report_notebooks(results: dict) -> None:
    print("\n## Run All to every figure drawn, and what the page received "
          "(headless Chromium, a fresh browser context per notebook)\n")
    print("JupyterLab: *open* is the page request to the notebook's kernel idle; *run all -> "
          "drawn* is the run-all command to every widget view and figure drawn. Voilà runs "
          "every cell for each page request: *run all -> drawn* is the request to every "
          "figure drawn. plotly.js via ws: received websocket frames over 1 MB holding "
          "plotly.js. HTTP 200/304/cache: downloads with a body / not modified / from the "
          "browser's cache; *course* is the course's own copy (a path under /trustgrid/), "
          "*other* any other copy (JupyterLab's jupyterlab-plotly chunk). HTTP MB: every "
          "response, as transferred.\n")
    rows = [(nb, r) for fe in results for nb, r in results[fe]["cold"].items()]
    print_rows(rows)
    print(f"\n## The next notebook in the same browser context ({FIRST} then {SECOND}, "
          "a new page each)\n")
    rows = []
    for fe in results:
        rows.append((f"{FIRST} (first)", results[fe]["cold"][FIRST]))
        rows.append((f"{SECOND} (next)", results[fe]["next"]))
    print_rows(rows)
    print()
    for fe, res in results.items():
        first, nxt = res["cold"][FIRST], res["next"]
        cold2 = res["cold"].get(SECOND)
        again = nxt["ws_plotly"] + nxt["http_plotly"]["course"]["200"]
        print(f"- {NAMES[fe]}: the next notebook received plotly.js **{again}** time(s) again "
              f"({nxt['ws_plotly']} over the websocket, "
              f"{nxt['http_plotly']['course']['200']} course download(s) over HTTP; "
              f"course 304/cache {nxt['http_plotly']['course']['304']}/"
              f"{nxt['http_plotly']['course']['cache']}; other copies 200/304/cache "
              f"{_counts(nxt['http_plotly']['other'])}). Run All -> drawn, "
              f"{SECOND} / {FIRST}: {_ratio(nxt['run_all_s'], first['run_all_s'])} "
              f"as the next notebook"
              + (f", {_ratio(cold2['run_all_s'], first['run_all_s'])} each in a fresh context"
                 if cold2 else "") + " (the first run).")
        p = res["pairs"]
        m = {key: statistics.median(v) if v else None for key, v in p.items()}
        print(f"- {NAMES[fe]}, medians of {REPEATS} runs: Run All -> drawn, {SECOND} / "
              f"{FIRST}: **{_ratio(m['next'], m['first'])}** as the next notebook, "
              f"**{_ratio(m['second'], m['first'])}** each in a fresh context (s: {FIRST} "
              f"{_list(p['first'])}; {SECOND} next {_list(p['next'])}, fresh "
              f"{_list(p['second'])}).")


def _json_row(r: dict) -> dict:
    out = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
    return out


def slider_run(browser, server, scratch: Path, presses: int) -> dict:
    ours = pages.write_notebook(scratch / "ours.ipynb", OURS_CELLS)
    floor = pages.write_notebook(scratch / "floor.ipynb", FLOOR_CELLS)
    grid = pages.write_notebook(scratch / "grid.ipynb", GRID_CELLS)
    context = new_context(browser)
    page = context.new_page()
    progress(f"keypress -> redraw, {presses} presses each")
    results = {
        "ours": press_and_time(page, server, ours, ".tg-slider input[type=range]", presses,
                               "placement widget"),
        "floor": press_and_time(page, server, floor, ".widget-slider .noUi-handle", presses,
                                "bare FigureWidget"),
        "grid": press_and_time(page, server, grid, ".widget-slider .noUi-handle", presses,
                               "IntSlider + course grid figure"),
    }
    context.close()
    return results


def report_slider(results: dict) -> dict:
    ours_ms, floor_ms = results["ours"], results["floor"]
    med_o, med_f = statistics.median(ours_ms), statistics.median(floor_ms)
    p95_o, p95_f = percentile(ours_ms, 0.95), percentile(floor_ms, 0.95)
    ratio = med_o / med_f if med_f else float("inf")

    def ok(good: bool) -> str:
        return "yes" if good else "NO"

    print("\n## Slider key to redrawn figure (JupyterLab, headless Chromium)\n")
    print(f"{len(ours_ms)} presses each.\n")
    print("| widget | median ms | p95 ms | min ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    rows = (("placement widget (ours)", ours_ms), ("bare FigureWidget (floor)", floor_ms),
            ("IntSlider + the course's grid figure", results["grid"]))
    for name, values in rows:
        print(f"| {name} | {statistics.median(values):.1f} | {percentile(values, 0.95):.1f} | "
              f"{min(values):.1f} | {max(values):.1f} |")
    print(f"\nRatio of medians (ours / floor): **{ratio:.2f}**.")
    print(f"Targets: median <= {TARGET_MEDIAN_MS} ms ({ok(med_o <= TARGET_MEDIAN_MS)}), "
          f"p95 <= {TARGET_P95_MS} ms ({ok(p95_o <= TARGET_P95_MS)}), "
          f"ratio <= {TARGET_RATIO} ({ok(ratio <= TARGET_RATIO)}).")
    return {"ours_ms": [round(v, 2) for v in ours_ms],
            "floor_ms": [round(v, 2) for v in floor_ms],
            "grid_ms": [round(v, 2) for v in results["grid"]],
            "p95": {"ours": round(p95_o, 2), "floor": round(p95_f, 2)}}


def notebook_list(given: list[str] | None) -> list[str]:
    if not given or given == ["all"]:
        return sorted(p.relative_to(ROOT).as_posix()
                      for f in FOLDERS for p in (ROOT / f).glob("*.ipynb"))
    found = []
    for name in given:
        path = Path(name)
        path = path if path.is_absolute() else (ROOT / path)
        if not path.is_file():
            raise SystemExit(f"no such notebook: {name}")
        found.append(path.resolve().relative_to(ROOT).as_posix())
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=50)
    parser.add_argument("--skip-run-all", action="store_true",
                        help="leave out the per-notebook section (Run All, bytes, plotly.js)")
    parser.add_argument("--skip-slider", action="store_true",
                        help="leave out the slider key -> redraw section")
    parser.add_argument("--front-end", choices=("lab", "voila", "both"), default="both",
                        help="where to open each notebook (the slider section is JupyterLab's)")
    parser.add_argument("--notebooks", nargs="+", metavar="PATH",
                        help="notebooks to open, relative to the repository (default: every "
                             f"notebook in {', '.join(FOLDERS)}); {FIRST} and {SECOND} are "
                             "always opened, for the next-notebook check")
    args = parser.parse_args()
    notebooks = notebook_list(args.notebooks)
    front_ends = FRONT_ENDS if args.front_end == "both" else (args.front_end,)

    from playwright.sync_api import sync_playwright

    chromium, looked = pages.chromium_executable()
    if not chromium:
        progress(f"Chromium not found ({', '.join(looked)})")
        return 2
    load_start = load()
    started = time.monotonic()
    progress(f"load average at start: {load_start}")
    workdir = Path(tempfile.mkdtemp(prefix="trustgrid-latency-"))
    scratch = pages.ARTIFACTS / "nb" / f"bench-{uuid.uuid4().hex[:8]}"  # gitignored
    slider: dict = {}
    per_notebook: dict = {}
    figures: dict = {}
    server = None
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                         args=pages.CHROMIUM_ARGS)
            # One server at a time: on a small machine the other would only add load.
            for fe in ("lab", "voila"):
                want_slider = fe == "lab" and not args.skip_slider
                want_notebooks = fe in front_ends and not args.skip_run_all
                if not (want_slider or want_notebooks):
                    continue
                progress(f"starting {NAMES[fe]} ...")
                server = pages.start_server(fe, ROOT, workdir, log_dir=workdir)
                try:
                    if want_slider:
                        slider = slider_run(browser, server, scratch, args.presses)
                    if want_notebooks:
                        per_notebook[fe] = notebooks_run(browser, server, fe, notebooks)
                        figures[fe] = figures_run(browser, server, fe, scratch)
                finally:
                    pages.stop_server(server)
                    server = None
            browser.close()
    finally:
        if server is not None:
            pages.stop_server(server)
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(workdir, ignore_errors=True)

    load_end = load()
    progress(f"load average at end: {load_end}")
    print("# What a learner waits for (benchmarks/latency.py)\n")
    print(f"Load average at start: {load_start}; at the end: {load_end}. "
          f"The run took {time.monotonic() - started:.0f} s.")
    raw: dict = {"load_start": load_start, "load_end": load_end}
    if per_notebook:
        report_notebooks(per_notebook)
        for fe, res in per_notebook.items():
            times = {nb: r["run_all_s"] for nb, r in res["cold"].items()
                     if r["run_all_s"] is not None}
            if times:
                slowest = max(times, key=times.get)
                print(f"\nSlowest in {NAMES[fe]}: {slowest}, {times[slowest]:.2f} s.")
        raw["notebooks"] = {fe: {"cold": {nb: _json_row(r) for nb, r in res["cold"].items()},
                                 "next": _json_row(res["next"]),
                                 "pairs": {k: [round(t, 3) for t in v]
                                           for k, v in res["pairs"].items()}}
                            for fe, res in per_notebook.items()}
        if "lab" in per_notebook:  # as before: JupyterLab's Run All -> drawn per notebook
            raw["run_all_s"] = {nb: (None if r["run_all_s"] is None else round(r["run_all_s"], 2))
                                for nb, r in per_notebook["lab"]["cold"].items()}
    if figures:
        report_figures(figures)
        raw["figures"] = {fe: {"times": {k: [round(t, 3) for t in v] for k, v in r["times"].items()},
                               "ratio": None if r["ratio"] is None else round(r["ratio"], 3)}
                          for fe, r in figures.items()}
    if slider:
        raw.update(report_slider(slider))
    print("\n```json")
    print(json.dumps(raw))
    print("```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
