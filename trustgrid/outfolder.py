"""Writing a build (an edition, the handout) into a folder that may hold a person's own files.

A build is written into a staging folder beside ``--out`` first, so a build that fails (bad
data, Ctrl-C) leaves ``--out`` untouched. Then it is moved in, file by file: a file the last
build wrote (listed in ``.trustgrid-build.json``) is replaced, one it wrote and no longer
writes is removed, and everything else (``.git``, ``my_work/``, ``responses/``, a person's
own notes) is left alone. A file in the way that the last build did not write, a folder that
is not empty and was never built, a link, or an ``--out`` overlapping the course being read
is refused in one line before anything is written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .errors import DataError, Problem
from .files import read_regular

MANIFEST = ".trustgrid-build.json"
LEGACY_EDITION_MARKER = ".trustgrid-edition"  # what editions built before the manifest left
IGNORED = {".git"}  # an empty folder made into a repository is still empty
_MANIFEST_LIMIT = 1 << 20


def _refuse(path: Path, why: str) -> DataError:
    return DataError([Problem(str(path), None, "", why)], unreadable=True)


def check_out_folder(out: Path) -> None:
    """Refuse, in one line, an output folder that names a link or a file (nothing is touched)."""
    if out.is_symlink():
        raise _refuse(out, "is a symbolic link; choose a real folder, so nothing is written "
                           "somewhere else")
    if out.exists() and not out.is_dir():
        raise _refuse(out, "is a file, not a folder; choose a new or empty folder")


def course_reads(root: Path, data: Path) -> list[Path]:
    """What a build of the course at ``root`` with data ``data`` reads, so must not write
    into: the data, and the notebook folders (an edition there would run as a second course
    in the tests)."""
    return [data, *(root / name for name in ("notebooks", "exercises", "facilitator"))]


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _overlap(out: Path, read: Path) -> bool:
    return out == read or out.is_relative_to(read) or read.is_relative_to(out)


def _manifest_files(out: Path) -> tuple[str | None, set[str]]:
    """The family (edition, handout) and the files of the build last written into ``out``."""
    path = out / MANIFEST
    try:
        manifest = json.loads(read_regular(path, _MANIFEST_LIMIT))
        family, files = manifest["family"], manifest["files"]
        if not isinstance(family, str) or not isinstance(files, list):
            raise TypeError
    except FileNotFoundError:
        return None, set()
    except (OSError, ValueError, KeyError, TypeError):
        raise _refuse(path, "is not a build list trustgrid wrote; choose a new or empty "
                            "folder") from None
    for name in files:
        parts = PurePosixPath(name).parts if isinstance(name, str) else ()
        if not parts or name.startswith("/") or any(p in ("..", ".") for p in parts) \
                or parts[0] in IGNORED or name == MANIFEST:
            raise _refuse(path, f"lists {name!r}, which no build writes; choose a new or empty "
                                "folder")
    return family, set(files)


class BuildFolder:
    """``with BuildFolder(out, "edition", reads=[...]) as stage:`` write the build into
    ``stage``; on leaving, it replaces the previous build in ``out`` (see above)."""

    def __init__(self, out: Path, family: str, reads: list[Path]) -> None:
        check_out_folder(out)
        resolved = out.resolve()
        for read in reads:
            if _overlap(resolved, read.resolve()):
                raise _refuse(out, f"overlaps {read}, which this build reads; choose a folder "
                                   "outside it (and it outside the folder)")
        self.out, self.family = out, family
        self.legacy = (out / LEGACY_EDITION_MARKER).is_file() and family == "edition"
        previous, self.previous = _manifest_files(out) if out.is_dir() else (None, set())
        if previous is not None and previous != family:
            raise _refuse(out, f"holds {_a(previous)} built by trustgrid; choose another folder "
                               f"for the {family}")
        if previous is None and not self.legacy and out.is_dir() \
                and any(entry.name not in IGNORED for entry in out.iterdir()):
            raise _refuse(out, f"folder is not empty and is not {_a(family)} built before; "
                               "choose a new or empty folder")
        self.stage: Path | None = None

    def __enter__(self) -> Path:
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.stage = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.building-",
                                               dir=self.out.parent))
        except OSError as exc:
            raise _refuse(self.out, f"cannot be written here ({exc.strerror or exc}); choose "
                                    "another folder") from None
        return self.stage

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._install()
        except OSError as failed:  # a full disk, a folder made read-only meanwhile
            why = failed.strerror or str(failed)
            raise _refuse(self.out, f"the build could not be moved in ({why}); build again "
                                    "once the problem is fixed") from None
        finally:
            shutil.rmtree(self.stage, ignore_errors=True)

    def _ours(self, name: str) -> bool:
        return name in self.previous or self.legacy

    def _check(self, names: list[str]) -> None:
        """Everything in the way, before anything moves."""
        for name in names:
            parts = PurePosixPath(name).parts
            for depth in range(1, len(parts)):
                folder = self.out.joinpath(*parts[:depth])
                if folder.is_symlink():
                    raise _refuse(folder, "is a symbolic link where the build writes a folder; "
                                          "move it away, then build again")
                if folder.exists() and not folder.is_dir() \
                        and not self._ours("/".join(parts[:depth])):
                    raise _refuse(folder, "is in the way of a folder the build writes; move "
                                          "it away, then build again")
            target = self.out / name
            if target.is_dir() and not target.is_symlink():
                raise _refuse(target, "is a folder where the build writes a file; move it "
                                      "away, then build again")
            if os.path.lexists(target) and not self._ours(name):
                raise _refuse(target, "was not written by an earlier build, and this build "
                                      "writes it; move it away, then build again")

    def _install(self) -> None:
        names = sorted(p.relative_to(self.stage).as_posix()
                       for p in self.stage.rglob("*") if not p.is_dir() or p.is_symlink())
        self._check(names)
        # Listed first, so a build stopped half-way can still be replaced by the next one.
        self._write_manifest(sorted(set(names) | self.previous))
        for name in names:
            target = self.out / name
            for folder in reversed(target.relative_to(self.out).parents[:-1]):
                if (self.out / folder).is_file():  # the last build's file, where a folder goes
                    (self.out / folder).unlink()
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.stage / name, target)  # replaces a link itself, never its target
        for name in sorted(self.previous - set(names)):
            self._remove(name)
        if self.legacy:
            (self.out / LEGACY_EDITION_MARKER).unlink(missing_ok=True)
        self._write_manifest(names)

    def _remove(self, name: str) -> None:
        """A file the last build wrote and this one does not, and folders it leaves empty."""
        target = self.out / name
        if os.path.lexists(target) and (target.is_symlink() or not target.is_dir()):
            target.unlink()
        for folder in target.parents:
            if folder == self.out or not folder.is_relative_to(self.out):
                break
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break

    def _write_manifest(self, names: list[str]) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        temp = self.out / f"{MANIFEST}.tmp"
        temp.write_text(json.dumps({"family": self.family, "files": names}, indent=1) + "\n",
                        encoding="utf-8")
        os.replace(temp, self.out / MANIFEST)
