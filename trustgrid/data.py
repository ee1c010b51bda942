"""Course content: find, load and validate the YAML files of a course folder.

A course is a folder of YAML files (scenarios.yaml, behaviours.yaml, ...). Each file is
checked against its JSON Schema in data/schema/, then against rules a schema cannot
express (unique ids, references between files). Every problem found is reported, each
with its file and line, in one :class:`~trustgrid.errors.DataError`.
"""

from __future__ import annotations

import copy
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import source, validation
from .errors import DataError, Problem
from .model import Placement, Region, Regions
from .paths import COURSE_ROOT

DEFAULT_DATA = COURSE_ROOT / "data"
SCHEMA_DIR = DEFAULT_DATA / "schema"

# Every kind of content file, in the order they are loaded (references point leftwards).
# The first three are the heart of the course and must exist; the activities' files are
# loaded when present and kept, validated, in Course.content.
CORE_KINDS = ("regions", "behaviours", "scenarios")
KINDS = CORE_KINDS + ("course", "reflections", "ledger", "listening", "quiz", "action_plan",
                       "dialogues", "case_study")

# The fields that hold model answers, by kind ("*" is every item of a list). A learner
# edition leaves them out; every other course must have them.
MODEL_ANSWERS = {
    "scenarios": [("scenarios", "*", "suggested"), ("scenarios", "*", "reasoning")],
    "dialogues": [("dialogues", "*", "model_answer")],
    "case_study": [("stakeholders", "*", "suggested"), ("stakeholders", "*", "why"),
                   ("stakeholders", "*", "action")],
    "action_plan": [("model_plan",)],
    "ledger": [("model_answer",)],
}
OPTIONAL_MODEL_ANSWERS = {("ledger", ("model_answer",))}

_ID = re.compile(r"[a-z][a-z0-9_]{0,47}")  # as the schemas' id patterns
_SCHEMA_LINE = re.compile(r"\$schema=\S*?([a-z_]+)\.schema\.json")


def data_folder(folder: str | os.PathLike | None = None) -> Path:
    """The course folder in use: the argument, else $TRUSTGRID_DATA, else the default."""
    chosen = Path(folder or os.environ.get("TRUSTGRID_DATA") or DEFAULT_DATA).expanduser()
    # Notebooks run inside notebooks/, so a relative path given when starting the course
    # (TRUSTGRID_DATA=my-course make start) is found from the course's top folder too.
    # (os.path.exists never raises, even for a name too long)
    if (not chosen.is_absolute() and not os.path.exists(chosen)
            and os.path.exists(COURSE_ROOT / chosen)):
        return COURSE_ROOT / chosen
    return chosen


def kind_of(path: Path, text: str) -> str | None:
    """A file's kind, from the schema named on its first line or else from its name."""
    first = text.split("\n", 1)[0]
    match = _SCHEMA_LINE.search(first)
    if match and match.group(1) in KINDS:
        return match.group(1)
    named = [kind for kind in KINDS if kind in path.stem]
    return named[0] if len(named) == 1 else None


@dataclass(frozen=True)
class Behaviour:
    id: str
    group: str
    title: str
    description: str
    notebook: str


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    setting: str
    viewpoint: str
    person: str
    story: str
    suggested: Placement | None  # None in a learner edition, which has no model answers
    reasoning: str | None
    behaviours: tuple[tuple[str, str], ...]  # (behaviour id, "kept" or "broken")
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class Course:
    folder: Path
    regions: Regions
    behaviours: dict[str, Behaviour]
    scenarios: dict[str, Scenario]
    content: dict[str, Any]  # each activity file's validated data, by kind

    @property
    def edition(self) -> str:
        return self.content.get("course", {}).get("edition", "self-paced")

    @property
    def has_model_answers(self) -> bool:
        return self.edition != "learner"


@dataclass
class _Document:
    label: str
    data: Any
    lines: source.Lines

    def line(self, *path: Any) -> int | None:
        return source.line_of(self.lines, path)


def read_document(path: Path, kind: str, label: str | None = None) -> tuple[_Document, list[Problem]]:
    """Load one file; return it with every problem found against its schema and ids.

    Raises DataError only when the file cannot be read or parsed at all.
    """
    label = label or str(path)
    data, lines, problems = source.parse(source.read_text(path, label), label)
    doc = _Document(label, data, lines)
    if data is None:
        return doc, [Problem(label, 1, "", "the file is empty: it holds no course data")]
    problems += validation.check(data, SCHEMA_DIR / f"{kind}.schema.json", lines, label)
    problems += _unique_ids(doc, kind)
    return doc, sorted(problems, key=lambda p: (p.line or 0, p.path))


def _unique_ids(doc: _Document, kind: str) -> list[Problem]:
    items = doc.data.get(kind) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return []
    problems, seen = [], {}
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(Problem(doc.label, doc.line(kind, i, "id"), f"{kind}[{i}].id",
                                    f"id {ident!r} is already used on line {seen[ident]}"))
        else:
            seen[ident] = doc.line(kind, i, "id")
    return problems


def _items(doc: _Document | None, key: str) -> list[dict]:
    """The list under ``key`` as far as it is usable, so cross-checks survive broken files."""
    found = doc.data.get(key) if doc and isinstance(doc.data, dict) else None
    return [i if isinstance(i, dict) else {} for i in found] if isinstance(found, list) else []


def _ids(doc: _Document | None, key: str) -> set[str]:
    """The text ids under ``key``; an id that is a list or a number is reported elsewhere."""
    return {i["id"] for i in _items(doc, key) if isinstance(i.get("id"), str)}


def _no_behaviour(ident: str, docs: dict[str, _Document]) -> str:
    odd = source.odd_characters(ident)  # kеep_your_word with a Cyrillic е looks right
    return (f"no behaviour with id {ident!r} in {docs['behaviours'].label}"
            + (f" ({odd})" if odd else ""))


def _references(docs: dict[str, _Document]) -> list[Problem]:
    """Checks across files: every behaviour a scenario names must exist."""
    problems = []
    if "behaviours" not in docs or "scenarios" not in docs:
        return problems
    known = _ids(docs["behaviours"], "behaviours")
    scen = docs["scenarios"]
    for i, item in enumerate(_items(scen, "scenarios")):
        refs = item.get("behaviours")
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, dict) and isinstance(ref.get("id"), str) and ref["id"] not in known:
                problems.append(Problem(
                    scen.label, scen.line("scenarios", i, "behaviours", j, "id"),
                    f"scenarios[{i}].behaviours[{j}].id", _no_behaviour(ref["id"], docs)))
    return problems


def _region_names(docs: dict[str, _Document]) -> list[Problem]:
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


def model_answer_slots(kind: str, data: Any):
    """Yield (parent, key, path) for every place a model answer of ``kind`` belongs."""
    for pattern in MODEL_ANSWERS.get(kind, []):
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


def _model_answer_checks(docs: dict[str, _Document]) -> list[Problem]:
    """Model answers are required, except in a learner edition (which leaves them out)."""
    course = docs.get("course")
    edition = course.data.get("edition") if course and isinstance(course.data, dict) else None
    if edition == "learner":
        return []
    problems = []
    for kind, doc in docs.items():
        for parent, key, path in model_answer_slots(kind, doc.data):
            pattern = tuple("*" if isinstance(p, int) else p for p in path)
            if key not in parent and (kind, pattern) not in OPTIONAL_MODEL_ANSWERS:
                problems.append(Problem(doc.label, doc.line(*path[:-1]),
                                        source.format_path(path[:-1]) or "(top level)",
                                        f"missing required field {key!r}"))
    return problems


def _borrowed(paths: dict[str, Path], kind: str, target: str) -> bool:
    """True when ``kind`` is the default course's file but ``target`` is the course's own.

    A course folder may leave files out and use the default ones; references from such a
    borrowed file point at the default content, so they are not held against the course's
    own files (the notebooks then show what is missing, in words).
    """
    folder = {k: paths[k].parent.resolve() for k in (kind, target) if k in paths}
    return folder.get(kind) == DEFAULT_DATA.resolve() != folder.get(target)


def _course_map_checks(docs: dict[str, _Document], paths: dict[str, Path]) -> list[Problem]:
    """Every scenario and listening item the course map names must exist in its file."""
    course = docs.get("course")
    notebooks = course.data.get("notebooks") if course and isinstance(course.data, dict) else None
    if not isinstance(notebooks, dict):
        return []
    problems = []
    for target in ("scenarios", "listening"):
        if target not in docs or _borrowed(paths, "course", target):
            continue
        known = _ids(docs[target], target)
        noun = "scenario" if target == "scenarios" else "listening item"
        for notebook, uses in notebooks.items():
            ids = uses.get(target) if isinstance(uses, dict) else None
            for i, ident in enumerate(ids if isinstance(ids, list) else []):
                if isinstance(ident, str) and ident not in known:
                    path = ("notebooks", notebook, target, i)
                    problems.append(Problem(course.label, course.line(*path), source.format_path(path),
                                            f"no {noun} with id {ident!r} in {docs[target].label}"))
    return problems


def _activity_checks(docs: dict[str, _Document], paths: dict[str, Path]) -> list[Problem]:
    """What the activity schemas cannot say: unique ids, each quiz answer one of its
    question's options, each section listed, each behaviour an action plan or a dialogue
    names one that exists.

    A course with its own behaviours that borrows the default action plan or dialogues is not
    held to the default's behaviour ids (see :func:`_borrowed`): it goes without what does not match.
    """
    problems = []
    quiz = docs.get("quiz")
    if quiz:
        problems += _unique_ids(quiz, "sections") + _unique_ids(quiz, "questions")
        sections = _ids(quiz, "sections")
        for i, q in enumerate(_items(quiz, "questions")):
            options, answer = q.get("options"), q.get("answer")
            if isinstance(options, list) and type(answer) is int and answer >= len(options):
                problems.append(Problem(quiz.label, quiz.line("questions", i, "answer"),
                                        f"questions[{i}].answer", f"there is no option {answer}: the "
                                        f"{len(options)} options count from 0, so use 0 to {len(options) - 1}"))
            if isinstance(q.get("section"), str) and q["section"] not in sections:
                problems.append(Problem(quiz.label, quiz.line("questions", i, "section"),
                                        f"questions[{i}].section", f"no section with id "
                                        f"{q['section']!r} in this file's sections"))
    plan = docs.get("action_plan")
    if plan and isinstance(plan.data, dict):
        problems += _unique_ids(plan, "peer_feedback")
        known = _ids(docs.get("behaviours"), "behaviours")
        examples = plan.data.get("examples")
        named = [(("examples", k), k) for k in examples] if isinstance(examples, dict) else []
        model = plan.data.get("model_plan")
        rows = model.get("rows") if isinstance(model, dict) else None
        named += [(("model_plan", "rows", i, "behaviour"), r.get("behaviour"))
                  for i, r in enumerate(rows if isinstance(rows, list) else []) if isinstance(r, dict)]
        borrowed = _borrowed(paths, "action_plan", "behaviours")
        for path, ident in named:
            if "behaviours" in docs and not borrowed and isinstance(ident, str) and ident not in known:
                problems.append(Problem(plan.label, plan.line(*path), source.format_path(path),
                                        _no_behaviour(ident, docs)))
    talk = docs.get("dialogues")
    if talk and "behaviours" in docs and not _borrowed(paths, "dialogues", "behaviours"):
        known = _ids(docs["behaviours"], "behaviours")
        for i, item in enumerate(_items(talk, "dialogues")):
            misses = item.get("near_misses")
            named = [(("dialogues", i, "answer"), item.get("answer"))]
            named += [(("dialogues", i, "near_misses", j, "id"), m.get("id"))
                      for j, m in enumerate(misses if isinstance(misses, list) else [])
                      if isinstance(m, dict)]
            problems += [Problem(talk.label, talk.line(*path), source.format_path(path),
                                 _no_behaviour(ident, docs))  # (the schema reports a malformed id)
                         for path, ident in named if isinstance(ident, str) and ident not in known
                         and _ID.fullmatch(ident)]
    if docs.get("case_study"):
        problems += _unique_ids(docs["case_study"], "stakeholders")
    return problems


def files_of(folder: Path) -> dict[str, Path]:
    """Each kind's file: the folder's own if it has one, else the default course's."""
    files = {}
    for kind in KINDS:
        own, default = folder / f"{kind}.yaml", DEFAULT_DATA / f"{kind}.yaml"
        if own.exists() or kind in CORE_KINDS or default.exists():
            files[kind] = own if own.exists() else default
    return files


def misnamed_files(folder: Path) -> list[Problem]:
    """A problem for each top-level .yaml or .yml file of ``folder`` that is not a course file.

    Such a file is never read: the default course's file would be used in its place, and
    nothing would say so. Hidden files and subfolders (schema/) are not course files.
    Raises OSError when the folder cannot be listed.
    """
    names = sorted(f"{kind}.yaml" for kind in KINDS)
    entries = sorted(folder.iterdir())
    # On a disk that ignores case (macOS, Windows) Scenarios.yaml is read as scenarios.yaml.
    read = {_identity(p) for p in files_of(folder).values() if p.parent == folder} - {None}
    problems = []
    for path in entries:
        if (path.name.startswith(".") or path.suffix.lower() not in (".yaml", ".yml")
                or path.name in names or path.is_dir() or _identity(path) in read):
            continue
        near = difflib.get_close_matches(path.stem.lower(), KINDS, n=1)
        hint = f"; did you mean {near[0]}.yaml?" if near else ""
        problems.append(Problem(str(path), None, "", f"not a course file{hint} "
                                f"(course files: {', '.join(names)})"))
    return problems


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def check_folder(folder: Path) -> dict[str, _Document]:
    """Load and cross-check a course folder's files, reporting any misnamed file first."""
    try:
        misnamed, paths = misnamed_files(folder), files_of(folder)
    except OSError as exc:
        raise _unreadable_folder(folder, exc) from None
    try:
        docs = check_files(paths)
    except DataError as exc:
        raise DataError(misnamed + exc.problems, exc.unreadable) from None
    if misnamed:
        raise DataError(misnamed)
    return docs


def _unreadable_folder(folder: Path, exc: OSError) -> DataError:
    return DataError([Problem(str(folder), None, "", f"cannot read the folder: "
                              f"{exc.strerror or exc}")], unreadable=True)


def check_files(paths: dict[str, Path], labels: dict[str, str] | None = None) -> dict[str, _Document]:
    """Load and cross-check one file of every kind, collecting every problem."""
    labels = labels or {}
    docs, problems, unreadable = {}, [], False
    for kind, path in paths.items():
        try:
            docs[kind], found = read_document(path, kind, labels.get(kind))
            problems.extend(found)
        except DataError as exc:
            problems.extend(exc.problems)
            unreadable = unreadable or exc.unreadable
    problems.extend(_references(docs))
    problems.extend(_region_names(docs))
    problems.extend(_activity_checks(docs, paths))
    problems.extend(_course_map_checks(docs, paths))
    problems.extend(_model_answer_checks(docs))
    problems.sort(key=lambda p: (p.file, p.line or 0))
    if problems:
        raise DataError(problems, unreadable)
    return docs


_cache: dict[tuple, Course] = {}


def load_course(folder: str | os.PathLike | None = None) -> Course:
    """The course in ``folder`` (see :func:`data_folder`), validated. Cached until a file changes."""
    root = data_folder(folder)
    try:
        if not root.is_dir():
            why = "is a file, not a course data folder" if root.exists() else \
                "course data folder does not exist"
            raise DataError([Problem(str(root), None, "", why)], unreadable=True)
        paths, misnamed = files_of(root), misnamed_files(root)
    except OSError as exc:  # no permission, a name too long
        raise _unreadable_folder(root, exc) from None
    key = tuple((str(p), *_stamp(p)) for p in paths.values())
    if key not in _cache or misnamed:  # a file renamed since is not in the key
        _cache[key] = _build(root, check_folder(root))
    return _cache[key]


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
        return st.st_mtime_ns, st.st_size
    except OSError:
        return 0, 0


def _build(folder: Path, docs: dict[str, _Document]) -> Course:
    reg = docs["regions"].data
    regions = Regions(float(reg["threshold"]), {
        key: Region(key, r["name"], r["meaning"], tuple(r["advice"]))
        for key, r in reg["regions"].items()})
    behaviours = {b["id"]: Behaviour(**b) for b in docs["behaviours"].data["behaviours"]}
    scenarios = {}
    for s in docs["scenarios"].data["scenarios"]:
        scenarios[s["id"]] = Scenario(
            id=s["id"], title=s["title"], setting=s["setting"], viewpoint=s["viewpoint"],
            person=s["person"], story=s["story"],
            suggested=Placement(s["suggested"]["competence"], s["suggested"]["caring"])
            if "suggested" in s else None,
            reasoning=s.get("reasoning"),
            behaviours=tuple((b["id"], b["shown"]) for b in s["behaviours"]),
            prompts=tuple(s["prompts"]))
    content = {kind: doc.data for kind, doc in docs.items() if kind not in CORE_KINDS}
    return Course(folder, regions, behaviours, scenarios, content)


def validate_paths(paths: list[Path]) -> list[Problem]:
    """Validate files or course folders as the command line asks; return every problem.

    A single file is checked with its sibling files of the other kinds (or the default
    course's), so references between files are checked too. Raises DataError only when
    a file cannot be read at all.
    """
    problems: list[Problem] = []
    seen: set[Problem] = set()
    unreadable = False
    for path in paths:
        try:
            if os.path.isdir(path):  # (never raises: an unreadable path is reported on reading)
                check_folder(path)
                continue
            text = source.read_text(path, str(path))
            kind = kind_of(path, text)
            if kind is None:
                problems.append(Problem(str(path), 1, "", "cannot tell what kind of course file "
                                        "this is: name it after its kind (such as scenarios.yaml) "
                                        "or start it with its schema line"))
                continue
            siblings = files_of(path.parent)
            siblings[kind] = path
            try:
                check_files(siblings)
            except DataError as exc:  # report this file's problems, not its siblings'
                exc.problems = [p for p in exc.problems if p.file == str(path)]
                raise
        except DataError as exc:
            problems.extend(p for p in dict.fromkeys(exc.problems) if p not in seen)
            seen.update(exc.problems)  # a set: thousands of problems must not take minutes
            unreadable = unreadable or exc.unreadable
    if unreadable:
        raise DataError(problems, unreadable=True)
    return problems
