"""One course root: installed system-wide (as on a JupyterHub), the package is not in a
course folder; each learner has their own copy of the course. The data, their work and the
workshop responses all belong to the copy the notebook runs in (trustgrid/paths.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import trustgrid
from trustgrid import paths, work, workshop

PACKAGE = Path(trustgrid.__file__).resolve().parent
ROOT = PACKAGE.parent

_WHERE = """
import json
from trustgrid import data, paths, work, workshop
print(json.dumps({"root": str(paths.COURSE_ROOT), "data": str(data.data_folder()),
                  "work": str(work.default_folder()), "responses": str(workshop.default_folder())}))
"""


def test_installed_elsewhere_everything_is_in_the_learners_copy(tmp_path):
    site = tmp_path / "site-packages"
    shutil.copytree(PACKAGE, site / "trustgrid", ignore=shutil.ignore_patterns("__pycache__"))
    copy = tmp_path / "home" / "sam" / "course"
    shutil.copytree(ROOT / "data", copy / "data")
    (copy / "notebooks").mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("TRUSTGRID_WORK_DIR", "TRUSTGRID_RESPONSES_DIR", "TRUSTGRID_DATA")}
    done = subprocess.run([sys.executable, "-c", _WHERE], cwd=copy / "notebooks", text=True,
                          capture_output=True, env={**env, "PYTHONPATH": str(site)}, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    where = json.loads(done.stdout)
    assert where == {"root": str(copy.resolve()), "data": str(copy.resolve() / "data"),
                     "work": str(copy.resolve() / "my_work"),
                     "responses": str(copy.resolve() / "responses")}


def test_in_the_repository_everything_is_in_the_repository(monkeypatch):
    monkeypatch.delenv("TRUSTGRID_WORK_DIR", raising=False)
    monkeypatch.delenv("TRUSTGRID_RESPONSES_DIR", raising=False)
    assert paths.COURSE_ROOT == ROOT
    assert work.default_folder() == ROOT / "my_work"
    assert workshop.default_folder() == ROOT / "responses"
