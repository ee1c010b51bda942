"""Checks a schema cannot make: within a file (unique ids) and across a course's files.

Each kind of course file names its own cross-file check in :mod:`trustgrid.kinds`; each
check gets every document read (by kind) and the path each came from, and returns its
problems, each with its file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import source
from .errors import Problem
from .paths import DEFAULT_DATA
from .text import odd_characters

ID = re.compile(r"[a-z][a-z0-9_]{0,47}")  # as the schemas' id patterns


@dataclass
class Document:
    """One course file as read: its label (the path shown), its data and its line map."""

    label: str
    data: Any
    lines: source.Lines

    def line(self, *path: Any) -> int | None:
        return source.line_of(self.lines, path)


def unique_ids(doc: Document, kind: str) -> list[Problem]:
    """Each item of the list under ``kind`` has its own id."""
    found = doc.data.get(kind) if isinstance(doc.data, dict) else None
    if not isinstance(found, list):
        return []
    problems, seen = [], {}
    for i, item in enumerate(found):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(Problem(doc.label, doc.line(kind, i, "id"), f"{kind}[{i}].id",
                                    f"id {ident!r} is already used on line {seen[ident]}"))
        else:
            seen[ident] = doc.line(kind, i, "id")
    return problems


def items(doc: Document | None, key: str) -> list[dict]:
    """The list under ``key`` as far as it is usable, so cross-checks survive broken files."""
    found = doc.data.get(key) if doc and isinstance(doc.data, dict) else None
    return [i if isinstance(i, dict) else {} for i in found] if isinstance(found, list) else []


def ids(doc: Document | None, key: str) -> set[str]:
    """The text ids under ``key``; an id that is a list or a number is reported elsewhere."""
    return {i["id"] for i in items(doc, key) if isinstance(i.get("id"), str)}


def no_behaviour(ident: str, docs: dict[str, Document]) -> str:
    odd = odd_characters(ident)  # kеep_your_word with a Cyrillic е looks right
    return (f"no behaviour with id {ident!r} in {docs['behaviours'].label}"
            + (f" ({odd})" if odd else ""))


def unknown_behaviours(doc: Document, kind: str, named: list[tuple[tuple, Any]],
                       docs: dict[str, Document], paths: dict[str, Path], *,
                       well_formed_only: bool = True) -> list[Problem]:
    """A problem for each (path, id) in ``named`` that is not a behaviour of the course.

    Not held against a file borrowed from the default course (see :func:`borrowed`). With
    ``well_formed_only``, an id the schema already reports as malformed is left to it.
    """
    if "behaviours" not in docs or borrowed(paths, kind, "behaviours"):
        return []
    known = ids(docs["behaviours"], "behaviours")
    return [Problem(doc.label, doc.line(*path), source.format_path(path), no_behaviour(ident, docs))
            for path, ident in named
            if isinstance(ident, str) and ident not in known
            and (ID.fullmatch(ident) or not well_formed_only)]


def borrowed(paths: dict[str, Path], kind: str, target: str) -> bool:
    """True when ``kind`` is the default course's file but ``target`` is the course's own.

    A course folder may leave files out and use the default ones; references from such a
    borrowed file point at the default content, so they are not held against the course's
    own files (the notebooks then show what is missing, in words).
    """
    folder = {k: paths[k].parent.resolve() for k in (kind, target) if k in paths}
    return folder.get(kind) == DEFAULT_DATA.resolve() != folder.get(target)


def scenarios_checks(docs: dict[str, Document], paths: dict[str, Path]) -> list[Problem]:
    """Checks across files: every behaviour a scenario names must exist."""
    problems = []
    if "behaviours" not in docs or "scenarios" not in docs:
        return problems
    known = ids(docs["behaviours"], "behaviours")
    scen = docs["scenarios"]
    for i, item in enumerate(items(scen, "scenarios")):
        refs = item.get("behaviours")
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, dict) and isinstance(ref.get("id"), str) and ref["id"] not in known:
                problems.append(Problem(
                    scen.label, scen.line("scenarios", i, "behaviours", j, "id"),
                    f"scenarios[{i}].behaviours[{j}].id", no_behaviour(ref["id"], docs)))
    return problems


def regions_checks(docs: dict[str, Document], paths: dict[str, Path]) -> list[Problem]:
    """Each region its own name: tables and the grid's legend tell regions apart by name."""
    doc = docs.get("regions")
    found = doc.data.get("regions") if doc and isinstance(doc.data, dict) else None
    problems, seen = [], {}
    for key, region in found.items() if isinstance(found, dict) else ():
        name = region.get("name") if isinstance(region, dict) else None
        if not isinstance(name, str):
            continue
        if name in seen:
            problems.append(Problem(doc.label, doc.line("regions", key, "name"),
                                    f"regions.{key}.name", f"the name {name!r} is already used on "
                                    f"line {seen[name]}; each region needs its own name"))
        else:
            seen[name] = doc.line("regions", key, "name")
    return problems


def course_checks(docs: dict[str, Document], paths: dict[str, Path]) -> list[Problem]:
    """Every scenario and listening item the course map names must exist in its file."""
    course = docs.get("course")
    data = course.data if course and isinstance(course.data, dict) else {}
    pages = [(group, data[group]) for group in ("notebooks", "exercises")
             if isinstance(data.get(group), dict)]
    problems = []
    for target in ("scenarios", "listening"):
        if not pages or target not in docs or borrowed(paths, "course", target):
            continue
        known = ids(docs[target], target)
        noun = "scenario" if target == "scenarios" else "listening item"
        for group, notebook, uses in ((g, n, u) for g, entries in pages for n, u in entries.items()):
            listed = uses.get(target) if isinstance(uses, dict) else None
            for i, ident in enumerate(listed if isinstance(listed, list) else []):
                if isinstance(ident, str) and ident not in known:
                    path = (group, notebook, target, i)
                    problems.append(Problem(course.label, course.line(*path), source.format_path(path),
                                            f"no {noun} with id {ident!r} in {docs[target].label}"))
    return problems


def answer_is_an_option(doc: Document, path: tuple, question: dict) -> list[Problem]:
    """A question's answer counts from 0 and must be one of its options (quiz and recall)."""
    options, answer = question.get("options"), question.get("answer")
    if not (isinstance(options, list) and type(answer) is int and answer >= len(options)):
        return []
    return [Problem(doc.label, doc.line(*path, "answer"), source.format_path((*path, "answer")),
                    f"there is no option {answer}: the {len(options)} options count from 0, "
                    f"so use 0 to {len(options) - 1}")]


def quiz_checks(docs: dict[str, Document], paths: dict[str, Path]) -> list[Problem]:
    """Unique ids; each answer one of its question's options; each section listed; each
    behaviour a question tests exists."""
    problems: list[Problem] = []
    quiz = docs.get("quiz")
    if quiz:
        problems += unique_ids(quiz, "sections") + unique_ids(quiz, "questions")
        sections = ids(quiz, "sections")
        for i, q in enumerate(items(quiz, "questions")):
            problems += answer_is_an_option(quiz, ("questions", i), q)
            if isinstance(q.get("section"), str) and q["section"] not in sections:
                problems.append(Problem(quiz.label, quiz.line("questions", i, "section"),
                                        f"questions[{i}].section", f"no section with id "
                                        f"{q['section']!r} in this file's sections"))
        named = [(("questions", i, "behaviours", j), ident)
                 for i, q in enumerate(items(quiz, "questions"))
                 for j, ident in enumerate(q.get("behaviours") if isinstance(q.get("behaviours"),
                                                                            list) else [])]
        problems += unknown_behaviours(quiz, "quiz", named, docs, paths)
    return problems


def recall_checks(docs: dict[str, Document], paths: dict[str, Path]) -> list[Problem]:
    """Each question id used once; each answer one of its options; each behaviour named
    exists; and a look back for a notebook in the course map asks about the notebook just
    before it there (not held against a recall file borrowed from the default course)."""
    recall = docs.get("recall")
    found = recall.data.get("recall") if recall and isinstance(recall.data, dict) else None
    if not isinstance(found, dict):
        return []
    problems: list[Problem] = []
    seen: dict[str, int | None] = {}
    named = []
    for notebook, entry in found.items():
        questions = entry.get("questions") if isinstance(entry, dict) else None
        for i, q in enumerate(questions if isinstance(questions, list) else []):
            if not isinstance(q, dict):
                continue
            path = ("recall", notebook, "questions", i)
            ident = q.get("id")
            if isinstance(ident, str) and ident in seen:
                problems.append(Problem(recall.label, recall.line(*path, "id"),
                                        source.format_path((*path, "id")),
                                        f"id {ident!r} is already used on line {seen[ident]}"))
            elif isinstance(ident, str):
                seen[ident] = recall.line(*path, "id")
            problems += answer_is_an_option(recall, path, q)
            tested = q.get("behaviours")
            named += [((*path, "behaviours", j), b)
                      for j, b in enumerate(tested if isinstance(tested, list) else [])]
    problems += unknown_behaviours(recall, "recall", named, docs, paths)
    return problems + _recalls_the_notebook_before(recall, found, docs, paths)


def _recalls_the_notebook_before(recall: Document, found: dict, docs: dict[str, Document],
                                 paths: dict[str, Path]) -> list[Problem]:
    course = docs.get("course")
    pages = course.data.get("notebooks") if course and isinstance(course.data, dict) else None
    if not isinstance(pages, dict) or borrowed(paths, "recall", "course"):
        return []
    order = list(pages)
    problems = []
    for notebook, entry in found.items():
        recalls = entry.get("recalls") if isinstance(entry, dict) else None
        if notebook not in pages:  # a course map may list only the notebooks it changes
            continue
        at = order.index(notebook)
        before = order[at - 1] if at else None
        if isinstance(recalls, str) and recalls != before:
            why = (f"{notebook!r} is the first notebook in {course.label}: there is none before "
                   "it to look back on" if before is None else f"the notebook just before "
                   f"{notebook!r} in {course.label} is {before!r}: a look back asks about that one")
            problems.append(Problem(recall.label, recall.line("recall", notebook, "recalls"),
                                    f"recall.{notebook}.recalls", f"asks about {recalls!r}, but {why}"))
    return problems


def action_plan_checks(docs: dict[str, Document], paths: dict[str, Path]) -> list[Problem]:
    """Unique peer-feedback ids; each behaviour the plan names exists (see :func:`borrowed`)."""
    problems: list[Problem] = []
    plan = docs.get("action_plan")
    if plan and isinstance(plan.data, dict):
        problems += unique_ids(plan, "peer_feedback")
        examples = plan.data.get("examples")
        named = [(("examples", k), k) for k in examples] if isinstance(examples, dict) else []
        model = plan.data.get("model_plan")
        rows = model.get("rows") if isinstance(model, dict) else None
        named += [(("model_plan", "rows", i, "behaviour"), r.get("behaviour"))
                  for i, r in enumerate(rows if isinstance(rows, list) else []) if isinstance(r, dict)]
        problems += unknown_behaviours(plan, "action_plan", named, docs, paths,
                                       well_formed_only=False)
    return problems


def dialogues_checks(docs: dict[str, Document], paths: dict[str, Path]) -> list[Problem]:
    """Each behaviour a dialogue names as its answer or a near miss exists."""
    talk = docs.get("dialogues")
    if not talk:
        return []
    named = []
    for i, item in enumerate(items(talk, "dialogues")):
        misses = item.get("near_misses")
        named.append((("dialogues", i, "answer"), item.get("answer")))
        named += [(("dialogues", i, "near_misses", j, "id"), m.get("id"))
                  for j, m in enumerate(misses if isinstance(misses, list) else [])
                  if isinstance(m, dict)]
    return unknown_behaviours(talk, "dialogues", named, docs, paths)


def case_study_checks(docs: dict[str, Document], paths: dict[str, Path]) -> list[Problem]:
    """Each stakeholder id is used once."""
    return unique_ids(docs["case_study"], "stakeholders") if docs.get("case_study") else []
