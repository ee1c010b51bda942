"""The learner's work store: nothing a learner types is ever lost.

One JSON file per learner (``my_work/work.json``) holds every answer, keyed by notebook
and question. Each save takes a lock, re-reads the file and merges in only what changed,
then replaces the file atomically, so two notebooks open at once (two kernels, two
processes) never undo each other's work. A file that cannot be read is never overwritten
or deleted: it is kept aside under a new name and the learner is told so in plain words.

What a work file holds is :mod:`trustgrid.work_format`; downloading the work and loading it
back is :mod:`trustgrid.bundle`.
"""

from __future__ import annotations

import copy
import errno
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import DataError, Problem
from .files import (
    NotRegularFile,
    atomic_write,
    file_lock,
    keep_aside,
    read_regular,
    remove_leftover_temporaries,
)
from .paths import COURSE_ROOT
from .text import brief
from .work_format import MAX_NAME_CHARS, Unreadable, name_ok, parse_work, plain_value, work_json

WORK_FILE = "work.json"
MAX_WORK_BYTES = 4 * 1024 * 1024

KEEP_BY_DOWNLOADING = ("your answers are kept only until this notebook closes; use Download "
                       "my work (in notebook 5) to keep them")


def default_folder() -> Path:
    """Where work is kept: ``$TRUSTGRID_WORK_DIR``, else ``my_work/`` in the course root.

    Read on every call, so a notebook or test can point it elsewhere at any time.
    """
    override = os.environ.get("TRUSTGRID_WORK_DIR", "").strip()
    return Path(override).expanduser() if override else COURSE_ROOT / "my_work"


def _blank_setting_notice() -> str | None:
    if os.environ.get("TRUSTGRID_WORK_DIR", "x").strip():
        return None
    return (f"TRUSTGRID_WORK_DIR is set but blank, so your work is kept in "
            f"{friendly_path(default_folder())}.")


def friendly_path(path: Path) -> Path:
    """``path`` relative to the course folder when it is inside it: shorter to read."""
    try:
        return path.resolve().relative_to(COURSE_ROOT)
    except (OSError, ValueError):
        return path


def _check_name(name: Any, what: str) -> str:
    if not name_ok(name):
        raise DataError([Problem(WORK_FILE, None, "", f"{what} must be text of 1 to "
                                 f"{MAX_NAME_CHARS} characters, not {brief(name)}")])
    return name


class _Refused(Exception):
    """Saving must not even try: the message says why."""


def _read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing to read more than ``limit`` (it may grow while we read)."""
    try:
        raw = read_regular(path, limit)
    except NotRegularFile as exc:
        raise Unreadable(str(exc)) from None
    if len(raw) > limit:
        raise Unreadable(f"it is larger than {limit // (1024 * 1024)} MB")
    return raw


# ---------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------

class WorkStore:
    """A learner's answers, saved to disk the moment they are set.

    ``notices`` collects plain-English messages for the learner (for example that an
    unreadable file was kept aside); show them and clear the list. Reads notice changes
    saved by other notebooks (the file's size and time are checked on each read).
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None):
        self.folder = Path(folder).expanduser() if folder is not None else default_folder()
        self.path = self.folder / WORK_FILE
        self.lock_path = self.folder / (WORK_FILE + ".lock")
        self.notices: list[str] = []
        self._answers: dict[str, dict[str, Any]] = {}
        self._pending: dict[str, dict[str, Any]] = {}
        self._stamp: tuple | None = None
        self._blocked: str | None = None  # why saving must not touch the file
        self._mutex = threading.RLock()
        with self._mutex:
            problem = self._folder_problem()
            if problem:
                self._block(problem)
            else:
                self._load(locked=False)

    def __repr__(self) -> str:
        return f"WorkStore({str(self.folder)!r})"

    # -- reading ------------------------------------------------------------------------

    def get(self, notebook: str, key: str, default: Any = None) -> Any:
        """A copy of the saved answer, so changing it does not change the store unseen."""
        with self._mutex:
            self._refresh()
            entries = self._answers.get(notebook, {})
            return copy.deepcopy(entries[key]) if key in entries else default

    def answers(self, notebook: str | None = None) -> dict[str, Any]:
        """A copy of one notebook's answers, or of all of them keyed by notebook."""
        with self._mutex:
            self._refresh()
            if notebook is None:
                return copy.deepcopy(self._answers)
            return copy.deepcopy(self._answers.get(notebook, {}))

    # -- writing ------------------------------------------------------------------------

    def set(self, notebook: str, key: str, value: Any) -> None:
        """Save one answer now. Raises DataError (one line) if it cannot be saved."""
        self.update({notebook: {key: value}})

    def update(self, changes: Mapping[str, Mapping[str, Any]]) -> int:
        """Save several answers in one go (one lock, one write); returns how many.

        A value that cannot be saved is refused before anything is written. If the disk
        cannot be written, the answers are kept in memory (``get`` still returns them) and
        written with the next save that succeeds; a DataError says what went wrong.
        """
        clean = self._clean_changes(changes)
        with self._mutex:
            self._flush(clean)
        return sum(len(entries) for entries in clean.values())

    @staticmethod
    def _clean_changes(changes: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
        clean: dict[str, dict[str, Any]] = {}
        for notebook, entries in changes.items():
            _check_name(notebook, "A notebook name")
            for key, value in entries.items():
                _check_name(key, "A question name")
                try:
                    clean.setdefault(notebook, {})[key] = plain_value(value)
                except ValueError as exc:
                    raise DataError([Problem(WORK_FILE, None, "", f"the answer {brief(key)} in notebook "
                                             f"{brief(notebook)} cannot be saved: {exc}")]) from None
        return clean

    def _flush(self, changes: dict[str, dict[str, Any]]) -> None:
        """Write the changes (and any earlier unsaved ones) merged into what is on disk now."""
        target = self.path
        try:
            problem = self._folder_problem()
            if problem:
                raise _Refused(problem)
            # Open to the learner only: on a hub, other people may be able to enter the
            # home folder it is in. A folder that is there already is left as it is.
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with file_lock(self.lock_path):
                self._load(locked=True)
                if not self._blocked:
                    merged = _overlay(self._answers, changes)
                    text = work_json(merged).encode("utf-8")
                    if len(text) > MAX_WORK_BYTES:
                        raise self._error(f"your work is too large to save (over "
                                          f"{MAX_WORK_BYTES // 2**20} MB); shorten the answer")
                    # A link (to a synced folder, say) is written through, not replaced.
                    target = Path(os.path.realpath(self.path))
                    remove_leftover_temporaries(target)
                    atomic_write(target, text)
                    self._answers, self._pending = merged, {}
                    self._stamp = _stamp(self.path)
                    return
            problem = self._blocked
        except _Refused as why:
            problem = str(why)
        except TimeoutError:
            problem = "your work was not saved: another notebook kept the file busy; try again"
        except OSError as exc:
            problem = self._why_not_written(exc, target)
        self._pending = _overlay(self._pending, changes)
        self._answers = _overlay(self._answers, changes)
        raise self._error(problem or "your work was not saved")

    def _error(self, message: str) -> DataError:
        return DataError([Problem(str(self.path), None, "", message)])

    def _folder_problem(self) -> str | None:
        if not self.folder.exists() or self.folder.is_dir():
            return None
        named = ("TRUSTGRID_WORK_DIR names " if self.folder == default_folder() else "") + str(
            self.folder)
        return f"{named}, which is a file, not a folder: {KEEP_BY_DOWNLOADING}"

    def _why_not_written(self, exc: OSError, target: Path) -> str:
        reason = exc.strerror or str(exc)
        if target != self.path:
            return (f"your work file is a link to {target}, which cannot be written "
                    f"({reason}): {KEEP_BY_DOWNLOADING}")
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return (f"your work cannot be written in {friendly_path(self.folder)} ({reason}): "
                    f"{KEEP_BY_DOWNLOADING}")
        return f"your work was not saved: {reason}"

    # -- loading ------------------------------------------------------------------------

    def _refresh(self) -> None:
        if _stamp(self.path) != self._stamp:
            self._load(locked=False)

    def _load(self, locked: bool) -> None:
        """Read the file into memory, keeping pending (unsaved) answers on top.

        An unreadable file is moved aside only while holding the lock, after reading it
        again: another process may have just replaced it with a good one.
        """
        reason = "part of it is damaged"
        try:
            answers, complete = parse_work(_read_limited(self.path, MAX_WORK_BYTES))
        except FileNotFoundError:
            answers, complete = {}, True
        except Unreadable as why:
            answers, complete = {}, False
            reason = str(why)
        except OSError as exc:
            self._block(f"your saved work could not be opened ({exc.strerror or exc}), "
                        "so nothing was changed")
            return
        if complete:
            self._blocked = None
            self._stamp = _stamp(self.path)
            self._answers = _overlay(answers, self._pending)
        elif locked:
            self._set_aside(reason, answers)
        else:
            self._load_locked_or_block(reason)

    def _load_locked_or_block(self, why: str) -> None:
        try:
            with file_lock(self.lock_path):
                self._load(locked=True)
        except (OSError, TimeoutError) as exc:
            reason = getattr(exc, "strerror", None) or "the folder is busy or read-only"
            self._block(f"your saved work could not be read ({why}) and could not be kept "
                        f"aside ({reason}), so nothing was changed")

    def _set_aside(self, why: str, salvaged: dict[str, dict[str, Any]]) -> None:
        """Keep the unreadable file under a new name; start afresh with all we still have.

        "All we still have" is what this session last read or saved, then anything usable
        in the damaged file, then answers not yet saved; it is written at once.
        """
        try:
            aside = friendly_path(keep_aside(self.path, Path(WORK_FILE).stem))
        except OSError as exc:
            self._block(f"your saved work could not be read ({why}) and could not be kept "
                        f"aside ({exc.strerror or exc}), so nothing was changed")
            return
        self._blocked = None
        self._answers = _overlay(_overlay(self._answers, salvaged), self._pending)
        if salvaged:
            self._note(f"Part of your saved work could not be read ({why}), so the whole file "
                       f"was kept aside as {aside}; we kept every answer we could read.")
        else:
            kept = " with the answers from this session" if self._answers else ""
            self._note(f"Your saved work could not be read ({why}), so it was kept aside as "
                       f"{aside}; we started a fresh file{kept}.")
        if self._answers:
            try:
                atomic_write(self.path, work_json(self._answers).encode("utf-8"))
                self._pending = {}
            except OSError:
                self._pending = copy.deepcopy(self._answers)  # the next save writes them
        self._stamp = _stamp(self.path)

    def _block(self, why: str) -> None:
        self._blocked = why
        self._note(why[0].upper() + why[1:] + ".")

    def _note(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)


def _overlay(base: dict[str, dict[str, Any]],
             top: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    merged = {notebook: dict(entries) for notebook, entries in base.items()}
    for notebook, entries in top.items():
        merged.setdefault(notebook, {}).update(copy.deepcopy(dict(entries)))
    return merged


def _stamp(path: Path) -> tuple | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


_STORES: dict[Path, WorkStore] = {}
_STORES_LOCK = threading.Lock()


def default_store() -> WorkStore:
    """The shared store for the current work folder, so every widget sees the same answers."""
    folder = default_folder().resolve()
    with _STORES_LOCK:
        if folder not in _STORES:
            _STORES[folder] = WorkStore(folder)
            notice = _blank_setting_notice()
            if notice:
                _STORES[folder]._note(notice)
        return _STORES[folder]
