"""A real JupyterHub on 127.0.0.1, set up the way docs/DEPLOYING.md tells an admin to.

* The proxy: configurable-http-proxy, pinned with its integrity in package-lock.json beside
  this file, installed by ``npm ci`` into node_modules/ here.
* The user environment: a virtualenv where the course is installed non-editable, as
  ``pip install`` on a hub does (with JupyterHub's single-user server and nbgitpuller), built
  once per version of the course's files and kept in the temporary folder.
* The course for each person: a git repository of the course, pulled into their home by
  the nbgitpuller link the doc gives.
* The hub's settings: the doc's ``jupyterhub_config.d`` file, run as it is (its paths moved
  under this run's folder), plus what a test needs (ports, the dummy login, the spawner).

As root (CI, and containers) learners are real system users with their own homes and
JupyterHub's LocalProcessSpawner; otherwise everyone runs as the person running the tests
(SimpleLocalProcessSpawner) and what only real users can show is skipped.
"""

from __future__ import annotations

import contextlib
import fcntl
import grp
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
DEPLOYING = REPO_ROOT / "docs" / "DEPLOYING.md"
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
import pages  # (tests/browser/pages.py: servers, Chromium, network checks)

PROXY_BIN = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
# The doc's folders, moved under this run's folder in the test's copy of its settings.
DOC_ROOT = "/srv/trustgrid"
FACILITATORS = "trustgrid-facilitators"
RESPONSES_MODE = 0o3773  # the doc's chmod of the responses folder: see DEPLOYING.md
PASSWORD = secrets.token_urlsafe(12)
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# What a person's server has besides the course: the hub's own single-user server (pinned
# in pyproject.toml's test extra, as the hub must match it), and nbgitpuller (TLJH has it).
NBGITPULLER = "nbgitpuller==1.3.0"
COURSE_FILES = ("pyproject.toml", "README.md", "trustgrid", "jupyter-config",
                "jupyter-share")
COURSE_COPY = ("data", "notebooks", "exercises", "facilitator", "README.md")
START_TIMEOUT_S = 120


class ProxyMissing(RuntimeError):
    """configurable-http-proxy cannot be installed here (no Node.js or npm)."""


# --------------------------------------------------------------------------- installing


def locked_proxy_version() -> str:
    lock = json.loads((HERE / "package-lock.json").read_text())
    return lock["packages"]["node_modules/configurable-http-proxy"]["version"]


def ensure_proxy() -> list[str]:
    """The command that starts the pinned configurable-http-proxy, installing it first."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        raise ProxyMissing("configurable-http-proxy needs Node.js and npm, and "
                           f"{'node' if not node else 'npm'} is not on PATH")
    installed = HERE / "node_modules" / "configurable-http-proxy" / "package.json"
    if not (installed.exists() and PROXY_BIN.exists()
            and json.loads(installed.read_text())["version"] == locked_proxy_version()):
        # npm ci installs exactly package-lock.json, checking each package's integrity.
        done = subprocess.run([npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund",
                               "--loglevel=error"], check=False, capture_output=True,
                              text=True)
        if done.returncode:
            raise ProxyMissing(f"npm ci could not install configurable-http-proxy: "
                               f"{done.stderr.strip()[-800:]}")
    return [node, str(PROXY_BIN)]


def pinned(name: str) -> str:
    """``name==version`` as pyproject.toml's test extra pins it (one place for the pin)."""
    text = (REPO_ROOT / "pyproject.toml").read_text()
    found = re.search(rf'"({re.escape(name)}==[^"]+)"', text)
    if not found:
        raise RuntimeError(f"pyproject.toml pins no {name} in its test extra")
    return found.group(1)


def _fingerprint(paths) -> str:
    digest = hashlib.sha256()
    for top in paths:
        root = REPO_ROOT / top
        for path in sorted([root] if root.is_file() else root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(REPO_ROOT).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def user_environment() -> Path:
    """A virtualenv with the course installed from a copy of its files, non-editable.

    Its dependencies are installed once for each version of pyproject.toml and the pins,
    and the course itself again whenever its files change; it is kept in the temporary
    folder (readable by every user, as a hub's user environment is).
    """
    requirements = [pinned("jupyterhub"), NBGITPULLER]
    python = base_python()
    key = hashlib.sha256(" ".join([python, *requirements]).encode()
                         + (REPO_ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    venv = Path(tempfile.gettempdir()) / f"trustgrid-hub-env-{key}"
    with open(venv.with_name(venv.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one run builds it; another waits, then uses it
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)  # a build that was stopped half way
            subprocess.run([python, "-m", "venv", str(venv)], check=True)
            _install_course(venv, requirements)  # with its dependencies
            _admin_settings(venv)
            os.chmod(venv, 0o755)
            (venv / ".complete").touch()
        installed = venv / ".course-files"
        fingerprint = _fingerprint(COURSE_FILES)
        if not installed.exists() or installed.read_text() != fingerprint:
            _install_course(venv, ["--no-deps", "--force-reinstall"])
            installed.write_text(fingerprint)
    return venv


def _install_course(venv: Path, extra: list[str]) -> None:
    """``pip install`` of a copy of the course's package files (never the working tree, so
    no build files land in it)."""
    source = Path(tempfile.mkdtemp(prefix="trustgrid-course-source-"))
    try:
        for name in COURSE_FILES:
            origin = REPO_ROOT / name
            if origin.is_dir():
                shutil.copytree(origin, source / name,
                                ignore=shutil.ignore_patterns("__pycache__"))
            elif origin.exists():
                shutil.copy2(origin, source / name)
        done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                               "--disable-pip-version-check", str(source), *extra],
                              check=False, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"installing the course in {venv} failed:\n{done.stderr[-3000:]}")
    finally:
        shutil.rmtree(source, ignore_errors=True)


def _admin_settings(venv: Path) -> None:
    """What an admin sets for everyone (JupyterLab's overrides.json): no news toast, and no
    autosave writing outputs into the notebooks the tests run."""
    settings = venv / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(pages.LAB_USER_SETTINGS, indent=1))


def _everyone_can_run(path: Path) -> bool:
    """Can any user run ``path`` (execute it, and pass through every folder above it)?"""
    path = path.resolve()
    return all(os.stat(p).st_mode & 0o001 for p in (path, *path.parents))


def base_python() -> str:
    """A Python every user can run, to build their environment on: this one, unless it lives
    in a folder closed to others (as under /root), then the system's."""
    for candidate in (Path(sys.executable), Path("/usr/bin/python3")):
        if candidate.exists() and (not AS_ROOT or _everyone_can_run(candidate)):
            return str(candidate)
    raise RuntimeError(f"no Python that every user can run: {sys.executable} is in a folder "
                       "closed to others and /usr/bin/python3 is missing")


def course_repository(root: Path) -> Path:
    """A git repository of the course as it is in this working tree (what nbgitpuller
    pulls; on a real hub, the course's repository on the web)."""
    repo = root / "trustgrid"
    repo.mkdir(parents=True)
    for name in COURSE_COPY:
        origin = REPO_ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, repo / name, ignore=shutil.ignore_patterns(
                "__pycache__", ".ipynb_checkpoints", "my_work", "responses"))
        else:
            shutil.copy2(origin, repo / name)
    git = ["git", "-C", str(repo), "-c", "user.name=Course", "-c", "user.email=course@localhost"]
    for step in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "course"]):
        subprocess.run([*git, *step], check=True, capture_output=True)
    subprocess.run(["chmod", "-R", "a+rX", str(repo)], check=True)
    return repo


# --------------------------------------------------------------------------- people


@dataclass
class Person:
    name: str
    facilitator: bool = False


def add_users(people: list[Person]) -> list[str]:
    """Real system users with their own homes (as root); the names made, to remove later."""
    made = []
    if FACILITATORS not in {g.gr_name for g in grp.getgrall()}:
        subprocess.run(["groupadd", FACILITATORS], check=True)
        made.append("group:" + FACILITATORS)
    for person in people:
        with contextlib.suppress(KeyError):
            pwd.getpwnam(person.name)
            raise RuntimeError(f"a user {person.name} exists already: not ours to use")
        extra = ["-G", FACILITATORS] if person.facilitator else []
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", *extra, person.name],
                       check=True)
        made.append(person.name)
    return made


def remove_users(made: list[str]) -> None:
    """Remove only the users (and group) :func:`add_users` made, with their homes."""
    for name in reversed(made):
        if name.startswith("group:"):
            subprocess.run(["groupdel", name.split(":", 1)[1]], check=False)
        else:
            # Their servers were stopped with the hub (a user still running something stays).
            subprocess.run(["userdel", "-r", name], check=False, capture_output=True)


# --------------------------------------------------------------------------- the hub


def doc_config() -> str:
    """The Python block of DEPLOYING.md's ``jupyterhub_config.d`` file, as the doc shows it."""
    text = DEPLOYING.read_text(encoding="utf-8")
    found = re.search(r"jupyterhub_config\.d/trustgrid\.py`[^`]*?```python\n(.*?)```", text, re.DOTALL)
    if not found:
        raise AssertionError("docs/DEPLOYING.md shows no jupyterhub_config.d/trustgrid.py block")
    return found.group(1)


def shared_folders(root: Path) -> Path:
    """The doc's shared folders under ``root`` (for /srv/trustgrid), made as the doc says."""
    responses = root / "srv" / "trustgrid" / "responses"
    responses.mkdir(parents=True)
    for folder in (root, root / "srv", root / "srv" / "trustgrid"):
        os.chmod(folder, 0o755)
    if AS_ROOT:
        shutil.chown(responses, "root", FACILITATORS)
        os.chmod(responses, RESPONSES_MODE)
    return responses


@dataclass
class Hub:
    url: str
    token: str  # an admin service's token, for the hub's REST API
    process: subprocess.Popen
    log_path: Path
    root: Path
    responses: Path
    repo: Path
    venv: Path
    users: list[str] = field(default_factory=list)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def api(self, path: str, method: str = "GET", body: dict | None = None, timeout: float = 30):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.url}/hub/api/{path.lstrip('/')}", data=data,
                                     method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
        return json.loads(raw) if raw else None

    def server_ready(self, name: str) -> bool:
        server = (self.api(f"users/{name}").get("servers") or {}).get("")
        return bool(server and server.get("ready"))

    def start_servers(self, names: list[str], timeout_s: float = START_TIMEOUT_S) -> float:
        """Ask the hub to start everyone's server at once; seconds until all are ready."""
        began = time.monotonic()
        with ThreadPoolExecutor(len(names)) as pool:  # the hub answers each in up to 10 s
            list(pool.map(self._start, names))
        waiting = set(names)
        while waiting:
            if time.monotonic() - began > timeout_s:
                raise TimeoutError(f"servers not ready after {timeout_s:.0f} s: "
                                   f"{sorted(waiting)}\n{self.log_tail()}")
            waiting = {n for n in waiting if not self.server_ready(n)}
            time.sleep(0.3)
        return time.monotonic() - began

    def _start(self, name: str) -> None:
        with contextlib.suppress(urllib.error.HTTPError):  # 400: already running
            self.api(f"users/{name}/server", method="POST", body={}, timeout=START_TIMEOUT_S)

    def stop_servers(self) -> None:
        with ThreadPoolExecutor(len(self.users)) as pool:
            list(pool.map(self._stop, self.users))

    def _stop(self, name: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # HTTPError: not running
            self.api(f"users/{name}/server", method="DELETE", timeout=60)

    def user_token(self, name: str) -> str:
        return self.api(f"users/{name}/tokens", method="POST",
                        body={"note": "hub tests", "expires_in": 3600})["token"]


@dataclass
class UserServer:
    """One person's server behind the hub, shaped like ``pages.Server`` for its helpers
    (``open_lab_notebook``, ``open_voila``); the browser is logged in by cookie."""

    hub: Hub
    name: str
    kind: str = "lab"

    @property
    def root(self) -> Path:
        return Path(pwd.getpwnam(self.name).pw_dir) if AS_ROOT else self.hub.root / "homes" / self.name

    @property
    def prefix(self) -> str:
        return f"/user/{self.name}/"

    @property
    def base_url(self) -> str:
        return self.hub.url

    def url(self, path: str = "", **query: str) -> str:
        q = f"?{urllib.parse.urlencode(query)}" if query else ""
        return f"{self.hub.url}{self.prefix}{path.lstrip('/')}{q}"

    def log_tail(self, chars: int = 4000) -> str:
        return self.hub.log_tail(chars)


def hub_config(hub_root: Path, port: int, proxy: list[str], venv: Path, token: str,
               names: list[str], shared_root: Path) -> str:
    """The test hub's jupyterhub_config.py: the doc's file, then the test's own settings."""
    doc = doc_config().replace(DOC_ROOT, str(shared_root / "srv" / "trustgrid"))
    singleuser = [str(venv / "bin" / "jupyterhub-singleuser"),
                  # window.jupyterapp for the tests' helpers; no call out for news.
                  "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
                  "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    spawner = "jupyterhub.spawner.LocalProcessSpawner" if AS_ROOT \
        else "jupyterhub.spawner.SimpleLocalProcessSpawner"
    test = f"""
# ---- the test's own settings ----
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {pages.free_port()}
c.ConfigurableHTTPProxy.command = {proxy!r}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{pages.free_port()}"
c.ConfigurableHTTPProxy.auth_token = {secrets.token_hex(16)!r}
c.JupyterHub.db_url = "sqlite:///{hub_root}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{hub_root}/cookie_secret"
c.JupyterHub.pid_file = "{hub_root}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allowed_users = {set(names)!r}
c.JupyterHub.spawner_class = {spawner!r}
c.Spawner.cmd = {singleuser!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = {START_TIMEOUT_S}
c.Spawner.http_timeout = {START_TIMEOUT_S}
c.SimpleLocalProcessSpawner.home_dir_template = "{hub_root.parent}/homes/{{username}}"
# The course's repository is local here (on a real hub it is on the web): git asks that a
# repository owned by someone else be named safe, in a global setting, before it clones it.
c.Spawner.environment["GIT_CONFIG_GLOBAL"] = "{hub_root.parent}/gitconfig"
c.JupyterHub.services = [{{"name": "hub-tests", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "hub-tests", "services": ["hub-tests"],
                            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers",
                                       "list:users"]}}]
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.active_server_limit = 0
"""
    return doc + test


def start_hub(root: Path, names: list[str]) -> Hub:
    """Start JupyterHub (from the test venv) with the doc's settings; wait until it answers."""
    proxy = ensure_proxy()
    venv = user_environment()
    responses = shared_folders(root)
    repo = course_repository(root / "srv" / "trustgrid")
    hub_root = root / "hub"
    hub_root.mkdir(mode=0o700)
    (root / "gitconfig").write_text(f"[safe]\n\tdirectory = {repo}\n\tdirectory = {repo}/.git\n")
    os.chmod(root / "gitconfig", 0o644)
    for name in ([] if AS_ROOT else names):  # the simple spawner's homes, under this run
        (root / "homes" / name).mkdir(parents=True)
    token = secrets.token_hex(24)
    port = pages.free_port()
    config = hub_root / "jupyterhub_config.py"
    config.write_text(hub_config(hub_root, port, proxy, venv, token, names, root))
    # Nothing of the test run's own settings reaches the hub: PYTHONPATH above all, which the
    # hub passes on to every server (Spawner.env_keep), where it would put a source tree of the
    # course in front of the installed one.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TRUSTGRID_", "JUPYTER")) and k != "PYTHONPATH"}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    log_path = hub_root / "jupyterhub.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
            cwd=hub_root, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{port}", token, process, log_path, root, responses, repo, venv,
              names)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub stopped (exit code {process.returncode}):\n"
                               f"{hub.log_tail()}")
        with contextlib.suppress(OSError, ValueError):
            hub.api("")
            return hub
        time.sleep(0.3)
    stop_hub(hub)
    raise RuntimeError(f"JupyterHub did not answer in {START_TIMEOUT_S} s:\n{hub.log_tail()}")


def stop_hub(hub: Hub) -> None:
    """Stop everyone's server through the hub, then the hub and its proxy."""
    hub.stop_servers()
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)  # the hub stops its proxy as it goes
        try:
            hub.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(hub.process.pid, signal.SIGKILL)  # its own session: only what we started
            hub.process.wait(timeout=10)


# --------------------------------------------------------------------------- in the browser


def log_in(page, hub: Hub, name: str) -> None:
    """Log in on the hub's own login page, as a person would."""
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(re.compile(rf"/(user/{re.escape(name)}|hub/(home|spawn))"), timeout=60_000)


def pull_course(page, hub: Hub, urlpath: str) -> None:
    """Follow the doc's nbgitpuller link (``urlpath`` as the doc writes it)."""
    link = doc_pull_link(hub, urlpath)
    page.goto(link, wait_until="domcontentloaded")
    # nbgitpuller shows its progress, then the page it was asked for (or an error).
    page.wait_for_function("() => document.body && document.body.innerText.trim() !== '' && "
                           "(!document.body.innerText.includes('Synchronizing git') || "
                           "document.body.innerText.includes('Error'))", timeout=90_000)
    said = page.inner_text("body")
    if "Synchronizing git" in said:
        raise AssertionError(f"nbgitpuller failed: {said[:1500]}")


def doc_pull_link(hub: Hub, urlpath: str) -> str:
    """DEPLOYING.md's nbgitpuller link for this hub and repository."""
    text = DEPLOYING.read_text(encoding="utf-8")
    found = re.search(r"https://YOUR-HUB/hub/user-redirect/git-pull\?\S+", text)
    if not found:
        raise AssertionError("docs/DEPLOYING.md gives no nbgitpuller link")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(found.group(0)).query))
    query["repo"] = str(hub.repo)
    query["urlpath"] = urlpath
    return f"{hub.url}/hub/user-redirect/git-pull?{urllib.parse.urlencode(query)}"
