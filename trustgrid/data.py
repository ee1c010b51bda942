"""Course content: find, load and validate the YAML files of a course folder.

A course is a folder of YAML files (scenarios.yaml, behaviours.yaml, ...). Each file is
checked against its JSON Schema in data/schema/, then against rules a schema cannot
express (unique ids, references between files). Every problem found is reported, each
with its file and line, in one :class:`~trustgrid.errors.DataError`.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import source, validation
from .checks import Document, unique_ids
from .errors import DataError, Problem
from .kinds import CORE_KINDS, FILE_KINDS, KINDS, cross_file_checks
from .model import Placement, Region, Regions
from .paths import COURSE_ROOT, DEFAULT_DATA

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
    if match and match.group(1) in FILE_KINDS:
        return match.group(1)
    named = [kind for kind in FILE_KINDS if kind in path.stem]
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
    # The line map of each file in ``content``, by kind: a message can name a line without
    # reading the file again. (The core files' maps are not kept: 10,000 scenarios' take ~50 MB.)
    lines: dict[str, source.Lines] = field(default_factory=dict, repr=False, compare=False)

    def line(self, kind: str, *path: Any) -> int | None:
        """The line of the value at ``path`` in the file of ``kind`` (or of its nearest
        parent), or None when that file's lines are not known."""
        lines = self.lines.get(kind)
        return None if lines is None else source.line_of(lines, path)

    @property
    def edition(self) -> str:
        return self.content.get("course", {}).get("edition", "self-paced")

    @property
    def has_model_answers(self) -> bool:
        return self.edition != "learner"

    def times(self) -> dict[str, int]:
        """Minutes for the numbered pages, the exercises and both, summed from course.yaml:
        the one place page times are kept (a page without a time counts as 0)."""
        course = self.content.get("course", {})
        sums = {group: sum((entry or {}).get("minutes", 0) for entry in (course.get(group) or {}).values())
                for group in ("notebooks", "exercises")}
        return {"pages": sums["notebooks"], "exercises": sums["exercises"],
                "total": sums["notebooks"] + sums["exercises"]}


def read_document(path: Path, kind: str, label: str | None = None) -> tuple[Document, list[Problem]]:
    """Load one file; return it with every problem found against its schema and ids.

    Raises DataError only when the file cannot be read or parsed at all.
    """
    label = label or str(path)
    data, lines, problems = source.parse(source.read_text(path, label), label)
    doc = Document(label, data, lines)
    if data is None:
        return doc, [Problem(label, 1, "", "the file is empty: it holds no course data")]
    problems += validation.check(data, KINDS[kind].schema, lines, label)
    problems += unique_ids(doc, kind)
    return doc, sorted(problems, key=lambda p: (p.line or 0, p.path))


def files_of(folder: Path) -> dict[str, Path]:
    """Each kind's file: the folder's own if it has one, else the default course's."""
    files = {}
    for kind in FILE_KINDS:
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
    names = sorted(f"{kind}.yaml" for kind in FILE_KINDS)
    entries = sorted(folder.iterdir())
    # On a disk that ignores case (macOS, Windows) Scenarios.yaml is read as scenarios.yaml.
    read = {_identity(p) for p in files_of(folder).values() if p.parent == folder} - {None}
    problems = []
    for path in entries:
        if (path.name.startswith(".") or path.suffix.lower() not in (".yaml", ".yml")
                or path.name in names or path.is_dir() or _identity(path) in read):
            continue
        near = difflib.get_close_matches(path.stem.lower(), FILE_KINDS, n=1)
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


def check_folder(folder: Path) -> dict[str, Document]:
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


def check_files(paths: dict[str, Path], labels: dict[str, str] | None = None) -> dict[str, Document]:
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
    problems.extend(cross_file_checks(docs, paths))
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


def _build(folder: Path, docs: dict[str, Document]) -> Course:
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
    lines = {kind: doc.lines for kind, doc in docs.items() if kind in content}
    return Course(folder, regions, behaviours, scenarios, content, lines)


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
