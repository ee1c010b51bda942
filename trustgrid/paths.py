"""Where the course is: the folder with data/, notebooks/ and the learner's my_work/.

Usually the package sits in the course folder (an editable install, as `make` and Binder
do). When the package is installed elsewhere (say, system-wide on a JupyterHub) and each
person has their own copy of the course, the course folder is found from where the
notebook runs: the current folder or the nearest parent that holds data/scenarios.yaml.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_PARENT = Path(__file__).resolve().parent.parent


def _is_course(folder: Path) -> bool:
    return (folder / "data" / "scenarios.yaml").is_file()


def find_course_root() -> Path:
    if _is_course(PACKAGE_PARENT):
        return PACKAGE_PARENT
    here = Path.cwd().resolve()
    return next((f for f in (here, *here.parents) if _is_course(f)), PACKAGE_PARENT)


COURSE_ROOT = find_course_root()
DEFAULT_DATA = COURSE_ROOT / "data"
SCHEMA_DIR = DEFAULT_DATA / "schema"
