"""`make start` works as root, as in most containers: JupyterLab refuses root without
--allow-root, so the Makefile adds it then (and says so), and only then."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _start_commands(tmp_path: Path, uid: int) -> str:
    """What `make start` would run for a user whose `id -u` is ``uid`` (make -n runs nothing)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (fake / "id").chmod(0o755)
    done = subprocess.run([shutil.which("make"), "-n", "-C", str(ROOT), "start"],
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": f"{fake}:/usr/local/bin:/usr/bin:/bin"}, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("uid, as_root", [(0, True), (1000, False)])
def test_allow_root_only_for_root(tmp_path, uid, as_root):
    commands = _start_commands(tmp_path, uid)
    lab = next(line for line in commands.splitlines() if "jupyter lab" in line)
    assert ("--allow-root" in lab) is as_root
    assert ("Running as root" in commands) is as_root
