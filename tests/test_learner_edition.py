"""Every edition works: each notebook runs, then every button on it is pressed, with no error.

Each edition is built once, and its notebooks run in a kernel with that edition's own
package and data (``PYTHONPATH`` is the edition folder, so ``paths.COURSE_ROOT`` is too).
After the last cell, one more cell does what a learner would on the page it shows (the
widgets the cells displayed, and theirs, skipping hidden and disabled ones): moves each
slider once, picks the first option of each choice left unanswered, then presses every
button, each at most twice (for buttons that toggle), looking again after each round as a
click can show new controls. It reports what went wrong: a traceback from a handler, an
error in an Output widget, or the red "needs fixing" box in any widget.
"""

import dataclasses
import json
import os
import re
from contextlib import ExitStack
from pathlib import Path

import ipywidgets as w
import nbformat
import pytest
from nbclient import NotebookClient

from trustgrid.data import load_course
from trustgrid.editions import build
from trustgrid.notebook import Session
from trustgrid.widgets import model_answer, withheld_box
from trustgrid.widgets.answers import WITHHELD_TEXT, RevealsAnswer
from trustgrid.work import WorkStore

from .conftest import ROOT

EDITIONS = ("self-paced", "learner", "facilitator")
NOTEBOOKS = [p.relative_to(ROOT).as_posix()
             for folder in ("notebooks", "exercises", "facilitator")
             for p in sorted((ROOT / folder).glob("*.ipynb"))]
CASES = [(kind, nb) for kind in EDITIONS for nb in NOTEBOOKS
         if not (kind == "learner" and nb.startswith("facilitator/"))]
REPORT = "press-every-button:"
WIDGET = "application/vnd.jupyter.widget-view+json"

PRESS_EVERY_BUTTON = r'''
import json as _json, traceback as _traceback
import ipywidgets as _w
import trustgrid as _trustgrid
from ipywidgets.widgets.widget import _instances as _live

_problems, _pressed, _moved = [], {}, set()
_roots = [_live[i] for i in ROOTS if i in _live]


def _shown():
    """Widgets on the page: in the displayed widgets' trees, not hidden, not disabled."""
    seen, todo, found = set(), list(_roots), []
    while todo:
        x = todo.pop(0)
        if x.model_id in seen or getattr(getattr(x, "layout", None), "display", None) == "none":
            continue
        seen.add(x.model_id)
        if not getattr(x, "disabled", False):
            found.append(x)
        for name in x.keys:
            value = getattr(x, name, None)
            for y in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(y, _w.Widget):
                    todo.append(y)
    return found


_ip = get_ipython()
_showtraceback = _ip.showtraceback
_ip.showtraceback = lambda *a, **k: _problems.append(_traceback.format_exc())  # click handlers' errors
try:
    for _round in range(6):
        for _x in _shown():
            if _x.model_id in _moved:
                continue
            try:
                if all(_x.has_trait(t) for t in ("value", "min", "max")) and \
                        isinstance(_x.value, (int, float)):
                    _moved.add(_x.model_id)
                    _x.value = _x.max if _x.value != _x.max else _x.min
                elif isinstance(_x, _w.widgets.widget_selection._Selection) and _x.index is None \
                        and _x.options:
                    _moved.add(_x.model_id)
                    _x.index = 0
            except Exception:
                _problems.append(_traceback.format_exc())
        _ready = [b for b in _shown() if isinstance(b, _w.Button)
                  and _pressed.get(b.model_id, 0) < 2]
        if not _ready:
            break
        for _b in _ready:
            _pressed[_b.model_id] = _pressed.get(_b.model_id, 0) + 1
            _b.click()
finally:
    _ip.showtraceback = _showtraceback

for _x in list(_live.values()):
    for _name in ("value", "html"):
        _text = getattr(_x, _name, None) if _x.has_trait(_name) else None
        if isinstance(_text, str) and ("needs fixing" in _text or "Traceback" in _text):
            _problems.append(f"{type(_x).__name__}.{_name}: {_text[:400]}")
    if isinstance(_x, _w.Output):
        _problems += [f"Output: {o}" for o in _x.outputs if o.get("output_type") == "error"]
print("''' + REPORT + r'''", _json.dumps({"package": _trustgrid.__file__, "pressed": len(_pressed), "moved": len(_moved),
                                       "problems": _problems}))
'''


class EditionKernel:
    """One kernel with an edition's own package, in which its notebooks run in turn.

    Before each notebook the namespace is cleared, every widget closed and the notebook's
    folder made current, as a new kernel would have it (a kernel each would double the time).
    """

    def __init__(self, folder: Path, work: Path):
        self.folder = folder
        env = {k: v for k, v in os.environ.items()
               if k not in ("TRUSTGRID_DATA", "TRUSTGRID_STATIC", "PYTHONPATH")}
        env.update(PYTHONPATH=str(folder), TRUSTGRID_WORK_DIR=str(work / "work"),
                   TRUSTGRID_RESPONSES_DIR=str(work / "responses"))
        self.client = NotebookClient(nbformat.v4.new_notebook(), timeout=120,
                                     store_widget_state=False)
        self.stack = ExitStack()
        self.stack.enter_context(self.client.setup_kernel(env=env, cwd=str(folder)))

    def run(self, notebook: str) -> tuple[dict, list[str]]:
        """Run the notebook, then press every button: the in-kernel report and any errors."""
        nb = nbformat.read(self.folder / notebook, as_version=4)
        fresh = (f"%reset -f\nimport os, ipywidgets\nipywidgets.Widget.close_all()\n"
                 f"os.chdir({str((self.folder / notebook).parent)!r})")
        nb.cells.insert(0, nbformat.v4.new_code_cell(fresh))
        self.client.nb = nb
        for index, cell in enumerate(nb.cells):
            self.client.execute_cell(cell, index)
        roots = [out["data"][WIDGET]["model_id"] for cell in nb.cells
                 for out in cell.get("outputs", []) if WIDGET in out.get("data", {})]
        nb.cells.append(nbformat.v4.new_code_cell(f"ROOTS = {roots!r}\n" + PRESS_EVERY_BUTTON))
        self.client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
        errors = []
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                text = out.get("text", "")
                if out.get("output_type") == "error":
                    errors.append(f"{out['ename']}: {out['evalue']}")
                elif "Traceback" in text:
                    errors.append(text[-1000:])
        # The kernel may send one print in several stream messages: join them first.
        printed = "".join(out.get("text", "") for out in nb.cells[-1].get("outputs", [])
                          if out.get("output_type") == "stream" and out.get("name") == "stdout")
        assert REPORT in printed, errors
        report = json.loads(printed.split(REPORT, 1)[1])
        return report, errors


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """An edition's folder, built on first use."""
    root = tmp_path_factory.mktemp("editions")

    def get(kind: str) -> Path:
        if not (root / kind).exists():
            build(kind, root / kind, report=lambda _m: None)
        return root / kind

    return get


@pytest.fixture(scope="module")
def kernel(edition, tmp_path_factory):
    """The kernel of an edition, started on first use; one edition's kernel runs at a time."""
    work = tmp_path_factory.mktemp("work")
    current: dict[str, EditionKernel] = {}

    def get(kind: str) -> EditionKernel:
        if kind not in current:
            for old in current.values():
                old.stack.close()
            current.clear()
            current[kind] = EditionKernel(edition(kind), work / kind)
        return current[kind]

    yield get
    for old in current.values():
        old.stack.close()


@pytest.mark.parametrize(("kind", "notebook"), CASES, ids=[f"{k}:{n}" for k, n in CASES])
def test_every_button_of_every_notebook_works(kernel, kind, notebook):
    edition = kernel(kind)
    report, errors = edition.run(notebook)
    assert Path(report["package"]).resolve().is_relative_to(edition.folder.resolve())
    assert errors + report["problems"] == []


# --- one policy for model answers, in every activity -------------------------------------
ACTIVITIES = {  # how each notebook calls the activities that reveal a model answer
    "place": lambda course: course.place(1),
    "scenario_set": lambda course: course.activity("scenario_set"),
    "ledger_answer": lambda course: course.ledger(mode="answer"),
    "dialogues": lambda course: course.activity("dialogues"),
    "case_study": lambda course: course.team_map(case_study=True),
    "model_plan": lambda course: course.action_plan(part="model"),
}
REVEALS = ("Reveal", "Show model answer", "Compare")


def tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from tree(child)


@pytest.mark.parametrize("kind", ["self-paced", "learner"])
@pytest.mark.parametrize("activity", ACTIVITIES)
def test_every_activity_reveals_its_answer_or_says_there_is_none(edition, kind, activity, tmp_path):
    """With answers, a Reveal button and no note; without, the note and no Reveal button."""
    session = Session("01_what_is_trust", str(edition(kind) / "data"), store=WorkStore(tmp_path))
    if kind == "learner":  # work saved where the answers were shown cannot show them here
        for key in ("place:skilled_but_dismissive_sister", "scenario_set", "case_study"):
            session.save(key, {"revealed": True, "compared": True, "competence": 2, "caring": 8})
        session.save("ledger:answer", True)
        session.save("model_revealed", True)
    widgets = list(tree(ACTIVITIES[activity](session)))
    # A Reveal's button and panel are drawn by its widget's own view (answers.RevealsAnswer).
    drawn = [x for x in widgets if isinstance(x, RevealsAnswer)]
    buttons = ([x for x in widgets if isinstance(x, w.Button)]
               + [x.button for x in drawn if x.available])
    text = " ".join(str(getattr(x, name, "")) for x in widgets
                    for name in ("value", "html", "_reveal_html", "_header"))
    reveals = [x for x in buttons if x.description.startswith(REVEALS)]
    withheld = ([x for x in widgets if isinstance(x, w.HTML) and x.value == withheld_box().value]
                + [x for x in drawn if x._reveal_withheld == WITHHELD_TEXT])
    assert "needs fixing" not in text
    if kind == "learner":
        assert reveals == [] and withheld, activity
        assert "Why:" not in text and "Model answer" not in text and "Suggested" not in text
        for x in buttons:  # and pressing what is left never breaks
            if not x.disabled:
                x.click()
    else:
        assert reveals and withheld == [], activity


def test_model_answer_is_none_when_withheld_or_missing(edition):
    course = load_course(edition("self-paced") / "data")
    scenario = next(iter(course.scenarios.values()))
    assert model_answer(course, scenario.suggested) == scenario.suggested
    assert model_answer(course, None) is None and model_answer(course, "") is None
    learner = dataclasses.replace(course, content={**course.content, "course": {"edition": "learner"}})
    assert model_answer(learner, scenario.suggested) is None  # withheld, though in the data


def test_every_reflection_holds_in_every_edition():
    """Reflections are asked in the learner edition too, which has no model answer to reveal
    and no suggestions to compare with, so a prompt cannot take them for granted."""
    reflections = load_course(None).content["reflections"]["reflections"]
    for item in reflections:
        prompt = item["prompt"]
        assert not re.search(r"\b(reveal|model answer|comparison)", prompt, re.IGNORECASE), (
            f"reflections.yaml {item['id']}: {prompt}")
        if "suggestion" in prompt:
            assert "colleague" in prompt, f"reflections.yaml {item['id']}: {prompt}"
