"""Fixtures for the hub tests: one JupyterHub per test session, its people, a Chromium.

The hub is skipped, with the reason shown, only when configurable-http-proxy cannot be
installed (no Node.js or npm); with ``CI`` set that fails instead.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hub as hubs  # (the helper module beside this file)

# Chromium is the browser tests' own (``browser``, in tests/conftest.py).

RUN = secrets.token_hex(2)  # names of this run's users: never someone else's account
LEARNERS = [hubs.Person(f"tg-{who}-{RUN}") for who in ("alice", "bob")]
FACILITATOR = hubs.Person(f"tg-fac-{RUN}", facilitator=True)
LOAD = [hubs.Person(f"tg-p{i:02d}-{RUN}") for i in range(1, 21)]


@pytest.fixture(scope="session")
def people() -> dict[str, list[hubs.Person]]:
    return {"learners": LEARNERS, "facilitator": [FACILITATOR], "load": LOAD}


@pytest.fixture(scope="session")
def hub(people):
    """A running JupyterHub (``hub.Hub``) and, as root, its real users; removed after."""
    everyone = [p for group in people.values() for p in group]
    try:
        hubs.ensure_proxy()
    except hubs.ProxyMissing as exc:
        hubs.pages.skip_or_fail(f"no JupyterHub proxy: {exc}")
    root = Path(tempfile.mkdtemp(prefix="trustgrid-hub-"))
    made: list[str] = []
    running = None
    try:
        if hubs.AS_ROOT:
            made = hubs.add_users(everyone)
        running = hubs.start_hub(root, [p.name for p in everyone])
        yield running
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    finally:
        if running is not None:
            hubs.stop_hub(running)
        hubs.remove_users(made)
        if os.environ.get("TRUSTGRID_KEEP_HUB"):
            print(f"hub folder kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
