"""Build an edition of the course: a self-contained folder for one audience.

- ``self-paced``: the course as it is, model answers behind Reveal buttons;
- ``learner``: for workshops: model answers left out of the data (so Reveal buttons
  disappear) and no facilitator material;
- ``facilitator``: every notebook opens with the facilitator's notes for it, in a clearly
  marked cell, and the answers stay in.

The folder holds its own notebooks, exercises, data, package, README, environment.yml and
postBuild, so it opens in JupyterLab or runs on Binder from its own repository unchanged.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import yaml

from .data import data_folder, files_of, load_course
from .errors import DataError, Problem
from .kinds import without_model_answers
from .outfolder import BuildFolder, course_reads
from .paths import COURSE_ROOT, SCHEMA_DIR

EDITIONS = ("self-paced", "learner", "facilitator")
COPIED = ("trustgrid", "pyproject.toml", "environment.yml", "postBuild", "Makefile", ".gitignore",
          "jupyter-config", "jupyter-share", "scripts")
NOTE_TAG = "facilitator-note"
_NOTES_FOR = re.compile(r"^<!--\s*notes-for:\s*(\S+)\s*-->\s*$", re.MULTILINE)


def facilitator_notes(guide: Path) -> dict[str, str]:
    """Each notebook's notes from the facilitator guide.

    A section belongs to a notebook when the line under its heading is
    ``<!-- notes-for: notebooks/01_what_is_trust.ipynb -->``; it runs to the next heading
    of the same or a higher level.
    """
    text = guide.read_text(encoding="utf-8") if guide.exists() else ""
    notes = {}
    for match in _NOTES_FOR.finditer(text):
        heading_start = text.rfind("\n#", 0, match.start()) + 1
        level = len(re.match(r"#+", text[heading_start:]).group())
        following = re.compile(rf"^#{{1,{level}}}\s", re.MULTILINE).search(text, match.end())
        body = text[match.end(): following.start() if following else len(text)].strip()
        heading = text[heading_start: text.index("\n", heading_start)].lstrip("#").strip()
        notes[match.group(1)] = f"{heading}\n\n{body}"
    return notes


def _note_cell(note: str) -> nbformat.NotebookNode:
    # Voila and trusted notebooks render a cell's raw HTML: the guide's is made text first.
    from .safe_markdown import to_markdown

    quoted = "\n".join(f"> {line}" if line else ">" for line in to_markdown(note).splitlines())
    cell = nbformat.v4.new_markdown_cell(
        "> **🧑‍🏫 Facilitator notes (not for learners)**\n>\n" + quoted)
    cell.metadata["tags"] = [NOTE_TAG]
    return cell


def write_data(folder: Path, out: Path, kind: str) -> None:
    """The course's data files (own or borrowed defaults) and schemas, for this edition,
    into ``out / "data"`` (the handout's participant pages are built from it too)."""
    target = out / "data"
    shutil.copytree(SCHEMA_DIR, target / "schema")
    for file_kind, path in files_of(folder).items():
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if file_kind == "course":
            data["edition"] = kind
        elif kind != "learner":
            (target / path.name).write_text(text, encoding="utf-8")  # comments and all
            continue
        else:
            data = without_model_answers(file_kind, data)
        header = f"# yaml-language-server: $schema=schema/{file_kind}.schema.json\n"
        (target / path.name).write_text(
            header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8")


def _readme(kind: str, title: str) -> str:
    about = {
        "self-paced": "the whole course, with suggested answers behind Reveal buttons",
        "learner": "for workshops: the course without model answers or facilitator notes",
        "facilitator": "for facilitators: every notebook opens with its facilitator notes, "
                       "and the answers are in",
    }[kind]
    return (f"# {title}: {kind} edition\n\nThis folder is {about}. It is complete: open it in "
            "JupyterLab, or push it to its own repository and launch it on Binder.\n\n"
            "## Quick start\n\n```\nmake start    # installs into .venv, then opens the course\n"
            "make test     # installs, then runs every notebook\n```\n\n"
            "Teaches *Building Trust*, NHS Institute for Innovation and Improvement, 2008, "
            "in our own words.\n")


def _notebooks(out: Path, kind: str, root: Path, notes: dict[str, str]) -> list[Path]:
    folders = ("notebooks", "exercises") + (("facilitator",) if kind != "learner" else ())
    written = []
    for folder in folders:
        for path in sorted((root / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            relative = path.relative_to(root).as_posix()
            if kind == "facilitator" and relative in notes:
                nb.cells.insert(1, _note_cell(notes[relative]))
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, target)
            written.append(target)
    if kind != "learner":
        for extra in (root / "facilitator").glob("*"):
            if extra.suffix != ".ipynb":
                copy = shutil.copytree if extra.is_dir() else shutil.copyfile
                copy(extra, out / "facilitator" / extra.name)
    return written


def build(kind: str, out: Path, data: str | None = None, root: Path = COURSE_ROOT,
          report: Callable[[str], None] = print) -> list[Path]:
    """Write the edition; returns its notebooks. Raises DataError if the course is invalid."""
    if kind not in EDITIONS:
        raise DataError([Problem("edition", None, "", f"{kind!r} is not an edition: "
                                 f"use one of {', '.join(EDITIONS)}")], unreadable=True)
    folder = data_folder(data)
    course = load_course(folder)  # refuse to build from data with problems
    title = course.content.get("course", {}).get("title", "Building Trust")
    with BuildFolder(out, "edition", reads=course_reads(root, folder)) as stage:
        for name in COPIED:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, stage / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.exists():
                shutil.copy2(source, stage / name)
        write_data(folder, stage, kind)
        notes = facilitator_notes(root / "facilitator" / "README.md")
        written = [out / path.relative_to(stage) for path in _notebooks(stage, kind, root, notes)]
        (stage / "README.md").write_text(_readme(kind, title), encoding="utf-8")
    report(f"Built the {kind} edition of {title!r} in {out}: {len(written)} notebooks, "
           f"{len(list((out / 'data').glob('*.yaml')))} data files.")
    return written


__all__ = ["EDITIONS", "build", "facilitator_notes", "write_data"]
