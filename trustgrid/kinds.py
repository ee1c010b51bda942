"""Every kind of course content and activity, in one place: what each reads and how it is built.

A kind with a data file (``file``) has a YAML file of that name in a course folder and a
JSON Schema in ``data/schema/``; ``model_answers`` are the fields a learner edition leaves
out (``"*"`` is every item of a list), ``checks`` what a schema cannot say, ``loader`` what
turns its validated data into the course's objects. A kind with a ``widget`` is an activity:
``trustgrid.widgets.<widget>.build(session, **options)`` makes it, notebooks call it as
``course.<method>(...)``, and on paper (the handout) ``static`` says what is drawn.
:mod:`trustgrid.data`, :mod:`trustgrid.notebook`, :mod:`trustgrid.editions` and the handout
read this table; ``tests/test_kinds.py`` checks that every entry has all its parts.
See docs/ARCHITECTURE.md for adding an activity.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import checks, source
from .checks import Document
from .errors import Problem
from .paths import SCHEMA_DIR

Pattern = tuple[str, ...]
Check = Callable[[dict[str, Document], dict[str, Path]], list[Problem]]

# What the handout draws for an activity (trustgrid/static.py).
DRAWN = "its figures and words in their starting state"
LEFT_OUT = "a note that it needs the live course"
NOT_AN_ACTIVITY = "nothing of its own: other activities use its data"


@dataclass(frozen=True)
class Kind:
    name: str
    about: str
    file: bool = True  # has data/<name>.yaml and data/schema/<name>.schema.json
    required: bool = False  # every course must have its own or borrow the default's
    model_answers: tuple[Pattern, ...] = ()
    optional_answers: tuple[Pattern, ...] = ()  # model answers a course may go without
    checks: Check | None = None
    loader: str | None = None  # the Course field its data becomes (else Course.content)
    widget: str | None = None  # the module in trustgrid.widgets with build(session, ...)
    method: str | None = None  # what notebooks call: course.<method>(...)
    static: str = NOT_AN_ACTIVITY

    @property
    def filename(self) -> str:
        return f"{self.name}.yaml"

    @property
    def schema(self) -> Path:
        return SCHEMA_DIR / f"{self.name}.schema.json"


# In the order files are loaded: references point leftwards.
REGISTRY: tuple[Kind, ...] = (
    Kind("regions", "the four regions of the grid, their names and the threshold",
         required=True, checks=checks.regions_checks, loader="regions"),
    Kind("behaviours", "the behaviours that build or break trust, from the guide",
         required=True, loader="behaviours"),
    Kind("scenarios", "people to place on the grid, with a suggested placement",
         required=True, model_answers=(("scenarios", "*", "suggested"),
                                       ("scenarios", "*", "reasoning")),
         checks=checks.scenarios_checks, loader="scenarios", widget="placement",
         method="place", static=DRAWN),
    Kind("course", "the course map: titles, times and which scenarios each notebook uses",
         checks=checks.course_checks),
    Kind("reflections", "reflection questions with a box to write in", method="reflect",
         static=DRAWN),
    Kind("ledger", "the promise ledger: weekly promises kept or broken",
         model_answers=(("model_answer",),), optional_answers=(("model_answer",),),
         widget="ledger", method="ledger", static=DRAWN),
    Kind("listening", "listening habits to try", widget="listening", method="listening",
         static=DRAWN),
    Kind("quiz", "the recap quiz", checks=checks.quiz_checks, widget="quiz", method="quiz",
         static=DRAWN),
    # As in the quiz, feedback on every option is the practice itself: no edition leaves it out.
    Kind("recall", "two questions on the notebook before, at the top of a notebook",
         checks=checks.recall_checks, widget="recall", method="recall", static=DRAWN),
    Kind("action_plan", "the action plan, its examples, model plan and peer feedback",
         model_answers=(("model_plan",),), checks=checks.action_plan_checks,
         widget="action_plan", method="action_plan", static=DRAWN),
    Kind("dialogues", "short dialogues: which behaviour is this?",
         model_answers=(("dialogues", "*", "model_answer"),), checks=checks.dialogues_checks,
         widget="dialogues", method="activity", static=DRAWN),
    Kind("case_study", "the handover case study's stakeholders",
         model_answers=(("stakeholders", "*", "suggested"), ("stakeholders", "*", "why"),
                        ("stakeholders", "*", "action")),
         checks=checks.case_study_checks, widget="case_study", method="team_map",
         static=DRAWN),  # course.team_map(case_study=True), or course.activity("case_study")
    Kind("colleagues", "see yourself as colleagues see you: they place you anonymously",
         widget="colleagues", method="colleagues", static=LEFT_OUT),
    # Activities with no data file of their own.
    Kind("warm_up", "the welcome's warm-up: who do you trust, and why?", file=False,
         widget="warm_up", method="activity", static=DRAWN),
    Kind("scenario_set", "exercise 1: place every scenario, then compare", file=False,
         widget="scenario_set", method="activity", static=DRAWN),
    Kind("self_assessment", "rate yourself on each behaviour", file=False,
         widget="self_assessment", method="self_assessment", static=DRAWN),
    Kind("team_map", "place the people in your own team", file=False, widget="team_map",
         method="team_map", static=DRAWN),
    Kind("share", "send your placements to your facilitator", file=False, widget="share",
         method="share", static=LEFT_OUT),
    Kind("dashboard", "see where the whole group placed each scenario", file=False,
         widget="dashboard", method="dashboard", static=LEFT_OUT),
    Kind("your_work", "download and load your work", file=False, widget="your_work",
         method="activity", static=LEFT_OUT),
)
KINDS: dict[str, Kind] = {kind.name: kind for kind in REGISTRY}
FILE_KINDS: tuple[str, ...] = tuple(kind.name for kind in REGISTRY if kind.file)
CORE_KINDS: tuple[str, ...] = tuple(kind.name for kind in REGISTRY if kind.required)
ACTIVITIES: dict[str, Kind] = {kind.name: kind for kind in REGISTRY if kind.widget}


# --- model answers: one policy for every kind ------------------------------------------

def model_answer_slots(kind: str, data: Any) -> Iterator[tuple[dict, str, tuple]]:
    """Yield (parent, key, path) for every place a model answer of ``kind`` belongs."""
    for pattern in KINDS[kind].model_answers if kind in KINDS else ():
        parents = [((), data)]
        for part in pattern[:-1]:
            step = []
            for path, node in parents:
                if part == "*" and isinstance(node, list):
                    step += [(path + (i,), item) for i, item in enumerate(node)]
                elif isinstance(node, dict) and part in node:
                    step.append((path + (part,), node[part]))
            parents = step
        for path, node in parents:
            if isinstance(node, dict):
                yield node, pattern[-1], path + (pattern[-1],)


def without_model_answers(kind: str, data: Any) -> Any:
    """A copy of a file's data with its model answers taken out (for a learner edition)."""
    data = copy.deepcopy(data)
    for parent, key, _path in list(model_answer_slots(kind, data)):
        parent.pop(key, None)
    return data


def model_answer_checks(docs: dict[str, Document]) -> list[Problem]:
    """Model answers are required, except in a learner edition (which leaves them out)."""
    course = docs.get("course")
    edition = course.data.get("edition") if course and isinstance(course.data, dict) else None
    if edition == "learner":
        return []
    problems = []
    for kind, doc in docs.items():
        for parent, key, path in model_answer_slots(kind, doc.data):
            if key in parent:
                continue
            pattern = tuple("*" if isinstance(p, int) else p for p in path)
            if pattern not in KINDS[kind].optional_answers:
                problems.append(Problem(doc.label, doc.line(*path[:-1]),
                                        source.format_path(path[:-1]) or "(top level)",
                                        f"missing required field {key!r}"))
    return problems


def cross_file_checks(docs: dict[str, Document], paths: dict[str, Path]) -> list[Problem]:
    """Every kind's own checks, then the model answers."""
    problems = []
    for kind in REGISTRY:
        if kind.checks:
            problems += kind.checks(docs, paths)
    return problems + model_answer_checks(docs)
