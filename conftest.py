"""Make ``# NBVAL_CHECK_OUTPUT`` assert something on notebooks committed without outputs.

nbval only compares a cell with the outputs stored in the notebook, and our notebooks are
committed clean. So the expected text of every checked cell lives in
tests/notebooks/golden.yaml, keyed by notebook and cell id, and is put in place here
before the cells run. A checked cell with no expected text fails, showing what it printed;
``python tests/notebooks/update_golden.py`` records what the notebooks print now.
"""

import os
import tempfile
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent
GOLDEN_FILE = ROOT / "tests" / "notebooks" / "golden.yaml"


def pytest_configure(config):
    # The notebooks run by nbval (and their kernels) save work and responses in a folder
    # of this run, never in the my_work/ and responses/ of the course being tested.
    run = Path(tempfile.mkdtemp(prefix="trustgrid-test-"))
    os.environ.setdefault("TRUSTGRID_WORK_DIR", str(run / "my_work"))
    os.environ.setdefault("TRUSTGRID_RESPONSES_DIR", str(run / "responses"))


def _golden() -> dict:
    return yaml.safe_load(GOLDEN_FILE.read_text(encoding="utf-8")) or {}


def pytest_collection_modifyitems(config, items):
    golden = None
    for item in items:
        if not (hasattr(item, "cell") and item.options.get("check")):
            continue
        golden = _golden() if golden is None else golden
        notebook = Path(str(item.fspath)).resolve().relative_to(ROOT).as_posix()
        expected = golden.get(notebook, {}).get(item.cell.get("id"))
        if expected is None:
            expected = f"(no expected output in {GOLDEN_FILE.relative_to(ROOT)})\n"
        item.cell.execution_count = 1
        item.cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=expected)]
