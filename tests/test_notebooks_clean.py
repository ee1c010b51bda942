"""Notebooks are committed clean: no outputs, no widget state, code collapsed for learners."""

import subprocess

import nbformat
import pytest

from .conftest import ROOT


def committed_notebooks():
    listed = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True, check=False)
    paths = listed.stdout.split() if listed.returncode == 0 else []
    found = [p.relative_to(ROOT).as_posix() for d in ("notebooks", "exercises", "facilitator")
             for p in (ROOT / d).glob("*.ipynb")]
    return sorted(set(paths) | set(found))


def problems_in(nb) -> list[str]:
    problems = ["widget state is stored"] if "widgets" in nb.metadata else []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.outputs or cell.execution_count is not None:
            problems.append(f"cell {cell.id} has stored outputs")
        if not cell.metadata.get("jupyter", {}).get("source_hidden"):
            problems.append(f"cell {cell.id} is not collapsed")
        if len(cell.source.splitlines()) > 4:
            problems.append(f"cell {cell.id} is too long for a learner")
    return problems


NOTEBOOKS = committed_notebooks()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_clean(name):
    nb = nbformat.read(ROOT / name, as_version=4)
    nbformat.validate(nb)
    assert problems_in(nb) == []


def test_a_dirty_notebook_is_caught():
    nb = nbformat.read(ROOT / "notebooks/01_what_is_trust.ipynb", as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi")]
    code.execution_count = 3
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    assert problems_in(nb) == ["widget state is stored", f"cell {code.id} has stored outputs"]
