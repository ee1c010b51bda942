"""Start a new course: a copy of the course data for a designer to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from .data import files_of
from .errors import DataError, Problem
from .paths import COURSE_ROOT, DEFAULT_DATA, SCHEMA_DIR

GUIDE = COURSE_ROOT / "docs" / "ADAPTING.md"


def new_course(folder: Path) -> list[Path]:
    """Copy every data file (with its schema line) and the schemas and ADAPTING guide."""
    try:
        taken = folder.exists() and (not folder.is_dir() or any(folder.iterdir()))
        if not taken:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copytree(SCHEMA_DIR, folder / "schema")
            written = [shutil.copyfile(path, folder / path.name)
                       for path in files_of(DEFAULT_DATA).values()]
            if GUIDE.exists():
                written.append(shutil.copyfile(GUIDE, folder / "ADAPTING.md"))
    except OSError as exc:  # a file where a folder is needed, no permission, a full disk
        raise DataError([Problem(str(folder), None, "", "cannot make the course folder here: "
                                 f"{exc.strerror or exc}")], unreadable=True) from None
    if taken:
        raise DataError([Problem(str(folder), None, "", "already exists and is not an empty "
                                 "folder; choose a new folder name")], unreadable=True)
    return [Path(p) for p in written]
