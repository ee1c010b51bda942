"""Helpers for driving JupyterLab and Voilà in headless Chromium.

The servers are real: ``jupyter lab`` and ``voila`` from the same virtualenv as
pytest, on 127.0.0.1, token auth on, with throw-away settings/workspace/runtime
folders. ``conftest.py`` turns them into session fixtures; the functions here
are plain so a test (or a one-off script) can use them directly.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(message: str) -> None:
    """Skip with the reason shown; with ``CI`` set, fail: CI can never pass by running none."""
    if in_ci():
        pytest.fail(f"{message} (CI is set, so browser tests must run)", pytrace=False)
    pytest.skip(message)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Resolve no host name but 127.0.0.1: a stray CDN or telemetry request fails
    # fast (and PageLog records it) instead of waiting on a network we don't have.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

# Per step (open, run all, render). A busy machine can set TRUSTGRID_BROWSER_TIMEOUT
# (seconds) higher; a hang still fails, just later.
STEP_TIMEOUT_S = float(os.environ.get("TRUSTGRID_BROWSER_TIMEOUT", "60"))
RUN_ALL_TIMEOUT_MS = int(STEP_TIMEOUT_S * 1000)
PAGE_TIMEOUT_MS = int(STEP_TIMEOUT_S * 1000)
SERVER_START_TIMEOUT_S = max(60.0, STEP_TIMEOUT_S)

# JupyterLab user settings for the test server.
LAB_USER_SETTINGS = {
    # No "Jupyter news" toast over the page, no update check (and no request out).
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Never write outputs or widget state back into the course notebooks we run.
    "@jupyterlab/docmanager-extension/plugin": {
        "autosave": False,
    },
}


# --------------------------------------------------------------------------- servers


@dataclass
class Server:
    """A running Jupyter server (JupyterLab or Voilà) that we started."""

    kind: str  # "lab" or "voila"
    port: int
    token: str
    root: Path
    process: subprocess.Popen
    log_path: Path
    command: list[str]
    env_dirs: dict[str, Path] = field(default_factory=dict)
    prefix: str = "/"  # the server's base URL path, as a hub gives it: "/user/alice/"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "", **query: str) -> str:
        """Absolute URL for ``path`` (under the prefix), with the token in the query."""
        q = {"token": self.token, **query}
        return f"{self.base_url}{self.prefix}{path.lstrip('/')}?{urllib.parse.urlencode(q)}"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"


def chromium_executable() -> tuple[str | None, list[str]]:
    """The Chromium to launch (``$CHROMIUM_PATH`` if set), and the places looked at."""
    env = os.environ.get("CHROMIUM_PATH")
    if env:  # an explicit choice: use it or report it, never silently another one
        return (env if os.access(env, os.X_OK) else None), [env]
    looked = list(CHROMIUM_CANDIDATES)
    for cand in CHROMIUM_CANDIDATES:
        if os.access(cand, os.X_OK):
            return cand, looked
    found = shutil.which("chromium")
    return found, looked + ["chromium on PATH"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_lab_settings(settings_dir: Path) -> None:
    """User settings files, as JupyterLab's Settings Editor would save them.

    (overrides.json is only read from the app settings folder inside the venv,
    which tests must not touch; a user setting has the same effect.)
    """
    for plugin, values in LAB_USER_SETTINGS.items():
        pkg, name = plugin.rsplit("/", 1)
        target = settings_dir / pkg / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2))


def server_env(workdir: Path) -> tuple[dict[str, str], dict[str, Path]]:
    """Environment for a server: throw-away Jupyter folders under ``workdir``."""
    dirs = {
        "JUPYTERLAB_SETTINGS_DIR": workdir / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": workdir / "lab-workspaces",
        "JUPYTER_RUNTIME_DIR": workdir / "runtime",
        "JUPYTER_CONFIG_DIR": workdir / "config",  # ignore ~/.jupyter
        "IPYTHONDIR": workdir / "ipython",
        # The learner's saved answers and workshop responses: never the repo's my_work/
        # or responses/ (nor a folder set in the shell running the tests).
        "TRUSTGRID_WORK_DIR": workdir / "trustgrid-work",
        "TRUSTGRID_RESPONSES_DIR": workdir / "trustgrid-responses",
    }
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    _write_lab_settings(dirs["JUPYTERLAB_SETTINGS_DIR"])
    env = dict(os.environ)
    env.update({k: str(v) for k, v in dirs.items()})
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("JUPYTER_TOKEN", None)
    return env, dirs


def lab_command(port: int, token: str, root: Path, prefix: str = "/") -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--ServerApp.base_url={prefix}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        # window.jupyterapp, so tests can run commands (what Galata does too).
        "--LabApp.expose_app_in_browser=True",
        # Belt and braces with the settings file: never reach out for news/updates.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def voila_command(port: int, token: str, root: Path, prefix: str = "/") -> list[str]:
    return [
        sys.executable,
        "-m",
        "voila",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        f"--Voila.base_url={prefix}",
        "--Voila.port_retries=0",
        f"--Voila.token={token}",
        # Tests should be able to say *what* went wrong in a cell.
        "--VoilaConfiguration.show_tracebacks=True",
        str(root),  # a folder: notebooks at /voila/render/<path>
    ]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return 200 <= r.status < 400
    except urllib.error.HTTPError:
        return False
    except (urllib.error.URLError, OSError):
        return False


def start_server(
    kind: str, root: Path, workdir: Path, log_dir: Path, timeout_s: float = SERVER_START_TIMEOUT_S,
    prefix: str = "/", extra_args: tuple[str, ...] = (),
) -> Server:
    """Start JupyterLab (``kind="lab"``) or Voilà (``"voila"``) and wait until it answers.

    ``prefix``: the base URL path it serves under, as a hub's ``/user/NAME/``.
    ``extra_args``: more command-line settings (e.g. one turning a Voilà option off).
    """
    last_error = ""
    for attempt in range(3):  # a free port can be taken between probe and bind
        port = free_port()
        token = secrets.token_hex(24)
        env, dirs = server_env(workdir / kind)
        cmd = [*(lab_command if kind == "lab" else voila_command)(port, token, root, prefix),
               *extra_args]
        log_dir.mkdir(parents=True, exist_ok=True)
        log_path = log_dir / f"{kind}-server.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                cmd,
                cwd=root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        server = Server(kind, port, token, root, proc, log_path, cmd, dirs, prefix)
        probe = server.url("api/status") if kind == "lab" else server.url("voila/tree")
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            if _answers(probe):
                return server
            time.sleep(0.25)
        last_error = (
            f"{kind} server did not answer at {server.base_url} "
            f"(exit code {proc.poll()}); log tail:\n{server.log_tail()}"
        )
        stop_server(server)
        if proc.returncode not in (None, 0) and "already in use" not in server.log_tail():
            break
    raise RuntimeError(last_error)


def stop_server(server: Server, grace_s: float = 10) -> None:
    """Shut down cleanly (so kernels go too), then terminate, then kill."""
    proc = server.process
    if proc.poll() is None and server.kind == "lab":
        # If this fails, terminate/kill below still stop the server.
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            req = urllib.request.Request(server.url("api/shutdown"), method="POST", data=b"")
            urllib.request.urlopen(req, timeout=5).close()
            proc.wait(timeout=grace_s)
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            pass
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: only what we started
        except (ProcessLookupError, PermissionError):
            proc.kill()
        proc.wait(timeout=grace_s)


def api(server: Server, path: str, method: str = "GET") -> Any:
    """Call the server's REST API (with the token); the decoded JSON, or None."""
    req = urllib.request.Request(server.url(path), method=method)
    with urllib.request.urlopen(req, timeout=10) as r:
        body = r.read()
    return json.loads(body) if body else None


def shutdown_kernels(server: Server) -> int:
    """Shut down every session/kernel on ``server`` (between tests); how many."""
    count = 0
    with contextlib.suppress(OSError, ValueError):
        for session in api(server, "api/sessions") or []:
            api(server, f"api/sessions/{session['id']}", method="DELETE")
            count += 1
    with contextlib.suppress(OSError, ValueError):
        for kernel in api(server, "api/kernels") or []:
            api(server, f"api/kernels/{kernel['id']}", method="DELETE")
            count += 1
    return count


# --------------------------------------------------------------------------- notebooks


def write_notebook(path: Path, cells: list[str | tuple[str, str]]) -> Path:
    """Write a clean notebook; each cell is code, or ``("markdown", text)``."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for cell in cells:
        if isinstance(cell, tuple):
            kind, text = cell
            nb.cells.append(
                nbformat.v4.new_markdown_cell(text)
                if kind == "markdown"
                else nbformat.v4.new_code_cell(text)
            )
        else:
            nb.cells.append(nbformat.v4.new_code_cell(cell))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def served_path(server: Server, path: str | Path) -> str:
    """``path`` as the server sees it: relative to its root, with forward slashes."""
    p = Path(path)
    if p.is_absolute():
        p = p.resolve().relative_to(server.root.resolve())
    return p.as_posix()


def _quote(path: str) -> str:
    return urllib.parse.quote(path)


# --------------------------------------------------------------------------- JupyterLab

_LAB_STATE_JS = """
() => {
  const app = window.jupyterapp;
  if (!app) return {app: false};
  const w = app.shell.currentWidget;
  if (!w || !w.content || !w.sessionContext) return {app: true, notebook: false};
  const sc = w.sessionContext;
  const kernel = sc.session && sc.session.kernel;
  const cells = w.content.widgets.map(c => ({
    type: c.model.type,
    empty: c.model.sharedModel.getSource().trim() === '',
    count: c.model.type === 'code' ? c.model.executionCount : null,
    state: c.model.type === 'code' ? c.model.executionState : null,
    error: c.model.type === 'code' &&
           Array.from({length: c.model.outputs.length}, (_, i) => c.model.outputs.get(i))
             .some(o => o.type === 'error'),
  }));
  return {
    app: true, notebook: true, path: w.context.path,
    ready: sc.isReady, kernel: kernel ? kernel.status : null,
    busy: cells.some(c => c.state === 'running'),
    cells,
  };
}
"""


def lab_state(page) -> dict[str, Any]:
    """What JupyterLab says about the current notebook: kernel status, cells."""
    return page.evaluate(_LAB_STATE_JS)


def _wait_lab(page, predicate, what: str, timeout_ms: int) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_ms / 1000
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = lab_state(page)
        if predicate(state):
            return state
        page.wait_for_timeout(200)
    raise TimeoutError(
        f"JupyterLab: timed out after {timeout_ms} ms waiting for {what}; "
        f"last state: {json.dumps(state)[:2000]}"
    )


def wait_lab_kernel_idle(page, timeout_ms: int = PAGE_TIMEOUT_MS) -> dict[str, Any]:
    return _wait_lab(
        page,
        lambda s: (
            s.get("notebook") and s.get("ready") and s.get("kernel") == "idle" and not s.get("busy")
        ),
        "the kernel to be idle",
        timeout_ms,
    )


def _accept_kernel_dialog(page) -> None:
    """Accept "Select Kernel" (a notebook without kernelspec); leave any other dialog
    (e.g. a kernel that failed to start) on screen for the timeout message/screenshot."""
    dialog = page.locator(".jp-Dialog")
    if (
        dialog.count()
        and dialog.first.is_visible()
        and "Select Kernel" in dialog.first.inner_text()
    ):
        dialog.locator(".jp-mod-accept").first.click()


def lab_run_all(
    page, timeout_ms: int = RUN_ALL_TIMEOUT_MS, *, via: str = "command"
) -> dict[str, Any]:
    """Run all cells of the current notebook and wait until it has finished.

    Finished means: the run-all command's promise resolved, the kernel is idle, no
    cell shows ``[*]``, and every non-empty code cell has an execution count (or a
    cell raised, which stops run-all; the error is then visible to ``visible_errors``).
    ``via="menu"`` clicks Run → Run All Cells instead, as a person would.
    """
    if via == "command":
        page.evaluate(
            """async (ms) => {
                 const run = window.jupyterapp.commands.execute('notebook:run-all-cells');
                 const limit = new Promise((_, no) => setTimeout(
                     () => no(new Error('run-all did not finish in ' + ms + ' ms')), ms));
                 await Promise.race([run, limit]);
               }""",
            timeout_ms,
        )
    else:
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

    def finished(s: dict[str, Any]) -> bool:
        if not (s.get("notebook") and s.get("kernel") == "idle") or s.get("busy"):
            return False
        code = [c for c in s["cells"] if c["type"] == "code" and not c["empty"]]
        return all(c["count"] is not None for c in code) or any(c["error"] for c in code)

    state = _wait_lab(page, finished, "run-all to finish", timeout_ms)
    # And the DOM agrees: no "[*]" prompt anywhere.
    page.wait_for_function(
        """() => !Array.from(document.querySelectorAll('.jp-InputPrompt'))
                 .some(p => p.textContent.includes('[*]'))""",
        timeout=timeout_ms,
    )
    return state


def open_lab_notebook(
    page,
    server: Server,
    path: str | Path,
    *,
    run_all: bool = True,
    timeout_ms: int = RUN_ALL_TIMEOUT_MS,
    wait_for: str | None = None,
):
    """Open ``path`` in JupyterLab (a fresh workspace), wait for an idle kernel,
    optionally run all cells and wait until they are done and their widgets are
    drawn. Returns the notebook panel locator (``.jp-NotebookPanel`` of the active tab).

    ``wait_for``: an extra selector that must become visible (e.g. ``.js-plotly-plot``).
    """
    rel = served_path(server, path)
    workspace = "t" + uuid.uuid4().hex[:12]  # fresh: no tabs restored from other tests
    page.goto(
        server.url(f"lab/workspaces/{workspace}/tree/{_quote(rel)}"),
        wait_until="domcontentloaded",
        timeout=timeout_ms,
    )
    page.wait_for_function(
        "() => !!window.jupyterapp && window.jupyterapp.started !== undefined", timeout=timeout_ms
    )
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        _accept_kernel_dialog(page)
        s = lab_state(page)
        if (
            s.get("notebook")
            and s.get("path") == rel
            and s.get("ready")
            and s.get("kernel") == "idle"
        ):
            break
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"JupyterLab: {rel} did not open with an idle kernel in "
                f"{timeout_ms} ms; last state: {json.dumps(s)[:2000]}"
            )
        page.wait_for_timeout(200)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
    panel.wait_for(state="visible", timeout=timeout_ms)
    if run_all:
        lab_run_all(page, timeout_ms)
        wait_widgets_rendered(page, ".jp-NotebookPanel:not(.lm-mod-hidden)", timeout_ms)
    if wait_for:
        panel.locator(wait_for).first.wait_for(state="visible", timeout=timeout_ms)
    return panel


# --------------------------------------------------------------------------- widgets

_WIDGETS_PENDING_JS = """
(scope) => {
  const root = document.querySelector(scope);
  if (!root) return ['(no ' + scope + ' yet)'];
  // Voilà: output data still waiting in <script> tags has not been rendered yet.
  if (root.querySelector('script[type="application/vnd.voila.cell-output+json"]'))
    return ['(Voilà outputs not rendered yet)'];
  // A widget output is a Lumino Panel saying "Loading widget..." (or empty) until its
  // view is created; "Error displaying widget" is final (visible_errors reports it).
  return Array.from(root.querySelectorAll('.jp-OutputArea-output.lm-Panel'))
    .filter(el => el.children.length === 0)
    .map(el => (el.textContent || '').trim())
    .filter(text => text === '' || text.startsWith('Loading widget'))
    .map(text => text || '(empty widget output)');
}
"""


def pending_widgets(page, scope: str = "body") -> list[str]:
    """Widget outputs under ``scope`` whose view is not on the page (yet)."""
    return page.evaluate(_WIDGETS_PENDING_JS, scope)


def wait_widgets_rendered(page, scope: str = "body", timeout_ms: int = PAGE_TIMEOUT_MS) -> None:
    """Wait until every widget output under ``scope`` has its view on the page."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(
            f"(scope) => ({_WIDGETS_PENDING_JS})(scope).length === 0",
            arg=scope,
            timeout=timeout_ms,
        )
    except PlaywrightTimeoutError:
        raise TimeoutError(
            f"widgets not drawn after {timeout_ms} ms: {pending_widgets(page, scope)}"
        ) from None


_OUTPUTS_JS = """
(scope) => {
  const root = document.querySelector(scope);
  if (!root) return '';
  return Array.from(root.querySelectorAll('.jp-OutputArea-output'))
    .map(el => el.querySelectorAll('.lm-Widget, .js-plotly-plot').length).join(',');
}
"""


def wait_unchanged(read, quiet_s: float, timeout_s: float, poll_s: float = 0.05) -> bool:
    """Call ``read()`` until its result has not changed for ``quiet_s``; False on timeout."""
    deadline = time.monotonic() + timeout_s
    last, since = read(), time.monotonic()
    while time.monotonic() - since < quiet_s:
        if time.monotonic() > deadline:
            return False
        time.sleep(poll_s)
        now = read()
        if now != last:
            last, since = now, time.monotonic()
    return True


def wait_outputs_settled(page, scope: str, quiet_ms: int = 1500,
                         timeout_ms: int = PAGE_TIMEOUT_MS) -> None:
    """Wait until the outputs under ``scope`` have not changed for ``quiet_ms``."""
    if not wait_unchanged(lambda: page.evaluate(_OUTPUTS_JS, scope), quiet_ms / 1000,
                          timeout_ms / 1000, poll_s=0.1):
        raise TimeoutError(f"the outputs under {scope} were still changing after {timeout_ms} ms")


DRAWN_JS = r"""
(scope) => {
  const root = document.querySelector(scope);
  if (!root) return {pending: ['(no ' + scope + ')'], plots: []};
  // An anywidget view (the course's controls, plotly's FigureWidget) is a bare
  // <div class="lm-Widget"> until its front end has rendered into it (one that hides
  // itself on purpose, drawing nothing, is not waited for).
  // A figure drawn inside a view with other things (a placement's) says aria-busy until drawn.
  const where = (el) => {
    const out = el.closest('.jp-OutputArea-output');
    return ((out && out.textContent) || '').trim().slice(0, 120);
  };
  const pending = Array.from(root.querySelectorAll('div'))
    .filter(el => el.className === 'lm-Widget' && el.childElementCount === 0 &&
                  el.style.display !== 'none')
    .map(el => 'an empty widget view in: ' + where(el))
    .concat(Array.from(root.querySelectorAll('.jp-OutputArea-output [aria-busy="true"]'))
      .map(el => 'a figure still drawing in: ' + where(el)));
  const marks = '.scatterlayer .point, .scatterlayer path.js-line, .scatterlayer path.js-fill, ' +
                '.heatmaplayer image, .barlayer path';
  const plots = Array.from(root.querySelectorAll('.js-plotly-plot')).map(p => ({
    laidOut: !!p._fullLayout,
    marks: p.querySelectorAll(marks).length,
    traces: (p._fullData || []).length,
  }));
  return {pending, plots};
}
"""


def drawn(page, scope: str = "body") -> dict[str, Any]:
    """``{"pending": [...], "plots": [{"laidOut", "marks", "traces"}]}``: widget views not
    yet drawn under ``scope``, and for each plotly figure whether it has drawn marks."""
    return page.evaluate(DRAWN_JS, scope)


def wait_drawn(page, scope: str = "body", timeout_s: float = STEP_TIMEOUT_S) -> dict[str, Any]:
    """Wait (at most ``timeout_s``) until every widget view under ``scope`` is drawn and
    every figure has marks; returns the last ``drawn`` state either way."""
    deadline = time.monotonic() + timeout_s
    while True:
        state = drawn(page, scope)
        if not state["pending"] and all(p["laidOut"] and p["marks"] for p in state["plots"]):
            return state
        if time.monotonic() > deadline:
            return state
        page.wait_for_timeout(100)


# --------------------------------------------------------------------------- Voilà


def open_voila(
    page,
    server: Server,
    path: str | Path,
    *,
    timeout_ms: int = PAGE_TIMEOUT_MS,
    wait_for: str | None = None,
):
    """Load ``/voila/render/<path>`` and wait until Voilà has run every cell and the
    widgets are on the page. Returns the ``#rendered_cells`` locator.

    ``wait_for``: an extra selector that must become visible (e.g. ``.js-plotly-plot``).
    """
    rel = served_path(server, path)
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    # The page is streamed while the kernel runs each cell (a spinner says
    # "Executing i of n"), so wait for the first bytes only; when all cells have run
    # Voilà removes #loading and shows #rendered_cells.
    page.goto(server.url(f"voila/render/{_quote(rel)}"), wait_until="commit", timeout=timeout_ms)
    try:
        page.wait_for_selector("#loading", state="detached", timeout=timeout_ms)
    except PlaywrightTimeoutError:
        spinner = page.locator("#loading_text")
        said = spinner.inner_text() if spinner.count() else "?"
        raise TimeoutError(
            f"Voilà: {rel} still running after {timeout_ms} ms (spinner: {said!r}). "
            f"Server log tail:\n{server.log_tail(2000)}"
        ) from None
    cells = page.locator("#rendered_cells")
    cells.wait_for(state="visible", timeout=timeout_ms)
    # With progressive rendering (jupyter-config/voila.py) the page arrives before any cell has run:
    # each cell holds a grey placeholder until its outputs come over Voilà's websocket.
    try:
        page.locator("#rendered_cells .voila-skeleton-container").first.wait_for(
            state="detached", timeout=timeout_ms)
    except PlaywrightTimeoutError:
        left = page.locator("#rendered_cells .voila-skeleton-container").count()
        raise TimeoutError(
            f"Voilà: {rel}: {left} cells still waiting for their outputs after {timeout_ms} ms. "
            f"Server log tail:\n{server.log_tail(2000)}"
        ) from None
    # Then the page's app turns each output script into a renderer; widget views
    # arrive asynchronously, once the widget manager has the models.
    wait_widgets_rendered(page, "#rendered_cells", timeout_ms)
    # Progressively rendered, a widget output is only put on the page once its model has
    # loaded, and nothing on the page says how many are still to come: wait until the
    # outputs stop changing.
    wait_outputs_settled(page, "#rendered_cells", timeout_ms=timeout_ms)
    if wait_for:
        page.locator(wait_for).first.wait_for(state="visible", timeout=timeout_ms)
    return cells


def voila_kernel_id(page) -> str | None:
    """The id of the kernel behind the Voilà page now loaded (from its page config)."""
    return page.evaluate(
        """() => {
             const el = document.getElementById('jupyter-config-data');
             try { return el ? JSON.parse(el.textContent).kernelId || null : null; }
             catch (e) { return null; }
           }"""
    )


def voila_shutdown_kernel(server: Server, kernel_id: str) -> None:
    """Stop a Voilà page's kernel: leaving the page does not (seen with Voilà 0.5.13)."""
    with contextlib.suppress(OSError):
        api(server, f"voila/api/shutdown/{kernel_id}", method="POST")


# --------------------------------------------------------------------------- checks

@dataclass
class PageLog:
    """What a page said while a test ran: console errors, uncaught exceptions,
    and any request to a host other than 127.0.0.1."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("request", self._on_request)

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _on_request(self, request) -> None:
        url = request.url
        if url.startswith(("http:", "https:", "ws:", "wss:")):
            host = urllib.parse.urlsplit(url).hostname
            if host not in ("127.0.0.1", "localhost"):
                self.external_requests.append(url)

    def unexpected_external_requests(self) -> list[str]:
        # None is expected: the course's Voilà template (jupyter-share/voila/templates/
        # trustgrid) leaves out the Font Awesome links to a CDN that Voilà's own have.
        return list(self.external_requests)


_SCROLL_EXTRA_JS = """
() => {
  // JupyterLab and Voilà scroll inside a panel, not the document: find the
  // element that scrolls furthest and say how much taller the page must be.
  let extra = 0;
  for (const el of document.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (!/(auto|scroll)/.test(style.overflowY)) continue;
    extra = Math.max(extra, el.scrollHeight - el.clientHeight);
  }
  const doc = document.scrollingElement;
  return Math.max(extra, doc ? doc.scrollHeight - doc.clientHeight : 0);
}
"""


def screenshot(page, name: str, *, full_page: bool = True, max_height: int = 12_000) -> Path:
    """Save ``tests/browser/artifacts/<name>.png`` and return its path.

    ``full_page``: the whole notebook, not just the window. JupyterLab and Voilà
    scroll inside a panel, so the window is made taller for the shot (up to
    ``max_height`` pixels), then put back.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    size = page.viewport_size
    extra = page.evaluate(_SCROLL_EXTRA_JS) if full_page and size else 0
    if extra > 0:
        page.set_viewport_size(
            {"width": size["width"], "height": min(size["height"] + extra, max_height)}
        )
        page.wait_for_timeout(300)  # let plotly and the panels lay out again
    try:
        page.screenshot(path=str(path), full_page=full_page)
    finally:
        if extra > 0:
            page.set_viewport_size(size)
    return path


_ERRORS_JS = r"""
() => {
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const found = new Map();
  const add = (kind, el) => { if (visible(el) && !found.has(el)) found.set(el, kind); };
  // stderr streams and error outputs (tracebacks) render with this mime type.
  document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')
    .forEach(el => add('stderr', el));
  const pattern = /Traceback \(most recent call last\)|Error displaying widget|Javascript Error|There was an error when executing cell/;
  document.querySelectorAll('.jp-OutputArea-output, .jupyter-widgets, .widget-container')
    // textContent, not innerText: JupyterLab leaves cells out of view unrendered
    // (content-visibility), and their innerText is empty.
    .forEach(el => { if (pattern.test(el.textContent || '')) add('output', el); });
  // Report each error once: drop an element that holds another reported one.
  const els = Array.from(found.keys());
  return els
    .filter(el => !els.some(other => other !== el && el.contains(other)))
    .map(el => found.get(el) + ': ' + (el.innerText || el.textContent || '').trim().slice(0, 3000));
}
"""


def visible_errors(page) -> list[str]:
    """Error outputs a person would see: stderr, tracebacks, "Error displaying widget"."""
    return page.evaluate(_ERRORS_JS)


# --------------------------------------------------------------------------- plotly


def plotly_points(page, scope: str = ""):
    """Locator for the scatter markers of the plotly figures (under ``scope``)."""
    return page.locator(f"{scope} .js-plotly-plot .scatterlayer .point".strip())


def point_centre(locator) -> tuple[float, float]:
    """On-screen centre of a marker (from its bounding box)."""
    box = locator.bounding_box()
    if box is None:
        raise AssertionError("plotly point has no bounding box (not visible)")
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


# --------------------------------------------------------------------------- network


@dataclass
class Fetched:
    """One HTTP response the page received: how, and how many bytes came over the network."""

    url: str
    status: int = 0
    from_cache: bool = False  # the browser's memory or disk cache, no request sent
    network_bytes: int = 0  # what crossed the network, headers included (0 from the cache)


@dataclass
class NetworkLog:
    """What a page fetched over HTTP, and what its websockets brought it (Chromium's
    DevTools protocol: it says what came from the cache and how many bytes came in)."""

    fetched: dict[str, Fetched] = field(default_factory=dict)
    websocket_bytes: int = 0

    def attach(self, page) -> NetworkLog:
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.send("Network.enable")
        return self

    def _sent(self, event) -> None:
        self.fetched[event["requestId"]] = Fetched(event["request"]["url"])

    def _from_cache(self, event) -> None:
        if event["requestId"] in self.fetched:
            self.fetched[event["requestId"]].from_cache = True

    def _received(self, event) -> None:
        got = self.fetched.get(event["requestId"])
        if got is not None:
            got.status = event["response"]["status"]
            got.from_cache |= bool(event["response"].get("fromDiskCache"))

    def _finished(self, event) -> None:
        if event["requestId"] in self.fetched:
            self.fetched[event["requestId"]].network_bytes = int(event["encodedDataLength"])

    def _frame(self, event) -> None:
        payload = event["response"]["payloadData"]
        # Binary frames (opcode 2) arrive base64-encoded.
        self.websocket_bytes += len(payload) * 3 // 4 if event["response"]["opcode"] == 2 \
            else len(payload.encode())

    def responses(self, name: str) -> list[Fetched]:
        """Responses whose URL path ends with ``name``."""
        return [f for f in self.fetched.values()
                if urllib.parse.urlsplit(f.url).path.endswith(name)]
