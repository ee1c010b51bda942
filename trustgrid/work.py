"""The learner's work store: nothing a learner types is ever lost.

One JSON file per learner (``my_work/work.json``) holds every answer, keyed by notebook
and question. Each save takes a lock, re-reads the file and merges in only what changed,
then replaces the file atomically, so two notebooks open at once (two kernels, two
processes) never undo each other's work. A file that cannot be read is never overwritten
or deleted: it is kept aside under a new name and the learner is told so in plain words.

The work can be downloaded as one Markdown file with the data embedded at its end
(:func:`export_bundle`), which is readable by a person and loadable by
:func:`import_bundle` on another machine (for example a fresh Binder session).
"""

from __future__ import annotations

import copy
import errno
import json
import math
import os
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import DataError, Problem
from .files import NotRegularFile, read_regular
from .paths import COURSE_ROOT

try:  # POSIX; Windows has no fcntl and uses the lock-folder fallback below
    import fcntl
except ImportError:  # pragma: no cover - exercised on Windows only
    fcntl = None  # type: ignore[assignment]

FORMAT = "trustgrid-work"
VERSION = 1
WORK_FILE = "work.json"
MAX_WORK_BYTES = 4 * 1024 * 1024
# The download of the largest work (its readable summary, then the work itself) is at most
# about twice the work. A file loaded back reaches the kernel in one websocket message, and
# Jupyter's server closes the connection on a message over 10 MB (tornado's default).
MAX_IMPORT_BYTES = 9 * 1024 * 1024
MAX_NAME_CHARS = 200
MAX_NESTING = 32  # an answer is a few levels deep; thousands would exhaust copy.deepcopy
MAX_SKIPPED_SHOWN = 20
LOCK_TIMEOUT = 10.0
STALE_LOCK_SECONDS = 30.0



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


# ---------------------------------------------------------------------------------------
# Files: atomic writes, locks, keeping unreadable files aside
# ---------------------------------------------------------------------------------------

def atomic_write(path: Path, data: bytes) -> None:
    """Write all or nothing: a crash mid-save leaves the old file, never half a file.

    The temporary file is created with mode 0o666 (less the umask), not 0o600, so a
    facilitator in a shared folder can still read what a participant wrote.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")  # see _TEMPORARY
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{12}\.tmp")


def remove_leftover_temporaries(path: Path) -> None:
    """Delete the temporary files a killed :func:`atomic_write` of ``path`` left behind.

    Call it only while holding the lock every writer of ``path`` holds: then no temporary
    file of ``path`` belongs to a save still going on.
    """
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match and match["name"] == path.name and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def file_lock(lock_path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock shared by every process using the same work folder.

    Uses ``fcntl.flock`` where it exists (released by the OS even if a kernel dies);
    elsewhere a lock folder created atomically with ``mkdir``, broken when stale.
    """
    if fcntl is None:  # pragma: no cover - Windows
        with _folder_lock(lock_path.with_name(lock_path.name + ".d"), timeout):
            yield
        return
    try:  # never through a link: the lock is opened for writing
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise OSError(exc.errno, f"its lock file {lock_path.name} is a link to somewhere "
                                 "else; delete that link") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(str(lock_path)) from None
                time.sleep(0.002)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _folder_lock(lock_dir: Path, timeout: float) -> Iterator[None]:  # pragma: no cover
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.mkdir(lock_dir)
            break
        except FileExistsError:
            try:
                if time.time() - lock_dir.stat().st_mtime > STALE_LOCK_SECONDS:
                    os.rmdir(lock_dir)  # its owner died mid-save; saves take milliseconds
                    continue
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(str(lock_dir)) from None
            time.sleep(0.005)
    try:
        yield
    finally:
        try:
            os.rmdir(lock_dir)
        except OSError:
            pass


def keep_aside(path: Path, stem: str) -> Path:
    """Move ``path`` to ``<stem>.unreadable-YYYYmmdd-HHMMSS[-N].json`` and return the new path.

    The new name is reserved with O_EXCL before the move, so no existing file, and no
    other process's kept-aside file, can ever be overwritten.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for counter in range(1, 10_000):
        suffix = "" if counter == 1 else f"-{counter}"
        target = path.with_name(f"{stem}.unreadable-{stamp}{suffix}.json")
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        try:
            os.replace(path, target)
        except OSError:
            target.unlink(missing_ok=True)
            raise
        return target
    raise FileExistsError(f"too many kept-aside files beside {path}")


def friendly_path(path: Path) -> Path:
    """``path`` relative to the course folder when it is inside it: shorter to read."""
    try:
        return path.resolve().relative_to(COURSE_ROOT)
    except (OSError, ValueError):
        return path


# ---------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------

def plain_value(value: Any) -> Any:
    """``value`` as it will read back from JSON (tuples become lists), or ValueError.

    Checked here so a bad value fails when it is set, not later when the file is read.
    """
    try:
        text = json.dumps(value, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValueError(_why_not_json(value, exc)) from None
    if not _encodable(text):
        raise ValueError("it holds text that is not valid Unicode")
    plain = json.loads(text)
    if _too_deep(plain):
        raise ValueError(f"it is nested more than {MAX_NESTING} levels deep")
    return plain


def _why_not_json(value: Any, exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deeply to save"
    if isinstance(exc, ValueError) and "Out of range" in str(exc):
        return "it holds a number that is not finite (NaN or infinity)"
    if isinstance(exc, ValueError):
        return "it refers to itself, so it cannot be saved"
    return f"a {type(value).__name__} cannot be saved; use numbers, text, lists or dicts"


def is_usable(value: Any) -> bool:
    """True for plain JSON data with only finite numbers (what a save can write back),
    nested at most MAX_NESTING levels deep.

    Iterative, so a deeply nested value read from a file cannot exhaust the stack.
    """
    if _too_deep(value):
        return False
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return False
        if isinstance(item, str) and not _encodable(item):
            return False
        if isinstance(item, dict):
            if not all(isinstance(k, str) and _encodable(k) for k in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif not (item is None or isinstance(item, (str, int, float, bool))):
            return False
    return True


def _too_deep(value: Any) -> bool:
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth >= MAX_NESTING:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _encodable(text: str) -> bool:
    """False for text holding lone surrogates (JSON "\\ud800"), which UTF-8 cannot store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def name_ok(name: Any) -> bool:
    """A notebook or question name we can store and show: 1 to 200 characters of text."""
    return (isinstance(name, str) and bool(name.strip()) and len(name) <= MAX_NAME_CHARS
            and _encodable(name))


def _check_name(name: Any, what: str) -> str:
    if not name_ok(name):
        raise DataError([Problem(WORK_FILE, None, "", f"{what} must be text of 1 to "
                                 f"{MAX_NAME_CHARS} characters, not {_show(name)}")])
    return name


def _version(value: Any) -> str:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else _show(value)


def _show(name: Any, limit: int = 60) -> str:
    """A name fit for a one-line message: quoted, no control characters, not too long."""
    text = name if isinstance(name, str) else repr(name)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return f"‘{text[:limit]}…’" if len(text) > limit else f"‘{text}’"


# ---------------------------------------------------------------------------------------
# Reading a work file
# ---------------------------------------------------------------------------------------

class _Refused(Exception):
    """Saving must not even try: the message says why."""


class _Unreadable(Exception):
    """The file cannot be used at all; the message is a plain-English reason."""


def _read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing to read more than ``limit`` (it may grow while we read)."""
    try:
        raw = read_regular(path, limit)
    except NotRegularFile as exc:
        raise _Unreadable(str(exc)) from None
    if len(raw) > limit:
        raise _Unreadable(f"it is larger than {limit // (1024 * 1024)} MB")
    return raw


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark, as Notepad writes: harmless
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Unreadable("it is saved as UTF-16, so it is not a text file this course can "
                          "read; save it again as UTF-8")
    if b"\x00" in raw:
        raise _Unreadable("it is not a text file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _Unreadable("it is not UTF-8 text; save it again as UTF-8") from None


def _loads(text: str, repeated: list[str] | None = None) -> Any:
    """The JSON in ``text``; names that appear twice in one object are added to ``repeated``
    (json keeps only the last, which would lose the first without a word)."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found = dict(items)
        if len(found) < len(items) and repeated is not None:
            counts = Counter(key for key, _ in items)
            repeated.extend(key for key, n in counts.items() if n > 1)
        return found

    if not text.strip():
        raise _Unreadable("it is empty")
    try:
        return json.loads(text, object_pairs_hook=pairs)
    except RecursionError:
        raise _Unreadable("it is nested too deeply to read") from None
    except ValueError as exc:
        if "digits" in str(exc):  # Python refuses to read a whole number of over 4,300 digits
            raise _Unreadable("it holds a number too long to read") from None
        raise _Unreadable("it is not valid JSON, perhaps damaged or cut short") from None


def parse_work(raw: bytes) -> tuple[dict[str, dict[str, Any]], bool]:
    """The answers in a work file and whether all of them could be used.

    Raises _Unreadable when nothing can be used (not JSON, another format, a newer version).
    """
    repeated: list[str] = []
    data = _loads(_decode(raw), repeated)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Unreadable("it is not a Building Trust work file")
    if data.get("version") != VERSION:
        raise _Unreadable(f"it was written by version {_version(data.get('version'))} of the "
                          f"course, and this one reads version {VERSION}")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise _Unreadable("it holds no answers")
    clean: dict[str, dict[str, Any]] = {}
    complete = True
    for notebook, entries in answers.items():
        if not name_ok(notebook) or not isinstance(entries, dict):
            complete = False
            continue
        usable = {k: v for k, v in entries.items() if name_ok(k) and is_usable(v)}
        complete = complete and len(usable) == len(entries)
        if usable:
            clean[notebook] = usable
    return clean, complete and not repeated  # kept aside whole, so the hidden copy is kept


def work_json(answers: Mapping[str, Mapping[str, Any]]) -> str:
    """The work file's text: the format every reader of learner work agrees on."""
    body = {"format": FORMAT, "version": VERSION,
            "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "answers": answers}
    return json.dumps(body, indent=2, ensure_ascii=False, allow_nan=False)


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
                    raise DataError([Problem(WORK_FILE, None, "", f"the answer {_show(key)} in notebook "
                                             f"{_show(notebook)} cannot be saved: {exc}")]) from None
        return clean

    def _flush(self, changes: dict[str, dict[str, Any]]) -> None:
        """Write the changes (and any earlier unsaved ones) merged into what is on disk now."""
        target = self.path
        try:
            problem = self._folder_problem()
            if problem:
                raise _Refused(problem)
            self.folder.mkdir(parents=True, exist_ok=True)
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
        except _Unreadable as why:
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


# ---------------------------------------------------------------------------------------
# Export: a readable Markdown summary, and a bundle that can be loaded again
# ---------------------------------------------------------------------------------------

_BUNDLE_INTRO = (
    "## Your work as data\n\n"
    "The block below lets the course load your work again, for example in a new Binder "
    "session: see “Where your work is kept” in the Welcome notebook. Please leave it as it is."
)


def export_markdown(store: WorkStore | None = None, course_title: str = "Building Trust",
                    titles: Mapping[str, str] | None = None) -> str:
    """Everything the learner has saved, as Markdown a person can read and print.

    ``titles`` maps notebook names to friendlier headings, when the caller knows them.
    """
    store = store or default_store()
    when = datetime.now().strftime("%d %B %Y at %H:%M").lstrip("0")
    lines = [f"# {course_title}: my work", "", f"Downloaded {when}.", ""]
    answers = store.answers()
    if not answers:
        lines += ["You have not saved any answers yet.", ""]
    for notebook in sorted(answers):
        lines += [f"## {(titles or {}).get(notebook, notebook)}", ""]
        for key in sorted(answers[notebook]):
            lines += [f"**{key}**", "", *_markdown_value(answers[notebook][key]), ""]
    return "\n".join(lines)


def _markdown_value(value: Any) -> list[str]:
    if isinstance(value, str):
        return [f"> {line}".rstrip() for line in value.splitlines()] or ["_(blank)_"]
    if isinstance(value, list):
        return [f"- {_inline(item)}" for item in value] or ["_(none)_"]
    if isinstance(value, dict):
        return [f"- {k}: {_inline(v)}" for k, v in value.items()] or ["_(none)_"]
    return [_inline(value)]


def _inline(value: Any) -> str:
    if value is None:
        return "_(none)_"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (int, str)):
        return str(value).replace("\n", " ")
    return json.dumps(value, ensure_ascii=False)


def export_bundle(store: WorkStore | None = None, course_title: str = "Building Trust",
                  titles: Mapping[str, str] | None = None) -> bytes:
    """One UTF-8 file to download: the Markdown summary, then the work as a JSON block."""
    store = store or default_store()
    readable = export_markdown(store, course_title, titles)
    data = work_json(store.answers())
    return f"{readable}\n---\n\n{_BUNDLE_INTRO}\n\n```json\n{data}\n```\n".encode()


# ---------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^```json[ \t]*$", re.MULTILINE)
_FENCE_CLOSE = re.compile(r"^```[ \t]*$", re.MULTILINE)

Known = Mapping[str, Any]
"""Notebook name → the question names it has (a set), or → {question: expected type(s)}."""


def import_bundle(data: bytes | bytearray | memoryview | str, known: Known | None = None,
                  store: WorkStore | None = None, label: str = "the file") -> tuple[int, list[str]]:
    """Load answers from a downloaded bundle (or a bare work.json) into the store.

    Loaded answers replace saved answers of the same name. Whatever cannot be used is
    skipped and described in ``skipped``; only a file with nothing usable at all raises,
    and only ever a DataError with a one-line message.
    """
    work, repeated = _parse_import(data, label)
    skipped = [f"{_show(name)} appears more than once in the file; only its last entry was read"
               for name in dict.fromkeys(repeated)]
    version = work.get("version", VERSION)
    if version != VERSION:
        skipped.append(f"the file says it is version {_version(version)} and this course reads "
                       f"version {VERSION}, so some answers may not have loaded")
    accepted = _usable_answers(work["answers"], known, skipped)
    count = (store or default_store()).update(accepted) if accepted else 0
    if len(skipped) > MAX_SKIPPED_SHOWN:
        extra = len(skipped) - MAX_SKIPPED_SHOWN
        skipped = skipped[:MAX_SKIPPED_SHOWN] + [f"and {extra} more not shown"]
    return count, skipped


def _fail(label: str, message: str) -> DataError:
    return DataError([Problem(label, None, "", message)])


def _parse_import(data: Any, label: str) -> tuple[dict[str, Any], list[str]]:
    """The work object inside ``data`` and any names repeated in it, or DataError saying in
    words why there is none."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise _fail(label, "this is not a file")
    raw = bytes(data)
    if len(raw) > MAX_IMPORT_BYTES:  # rounded up: "2.0 MB; the limit is 2 MB" reads as a mistake
        raise _fail(label, f"the file is {math.ceil(len(raw) / 2**20 * 10) / 10:.1f} MB; the "
                    f"limit is {MAX_IMPORT_BYTES // 2**20} MB")
    repeated: list[str] = []
    try:
        text = _decode(raw).replace("\r\n", "\n")
        body = text.strip()
        if body and not body.startswith(("{", "[")):
            body = _json_block(text, label)
        work = _loads(body, repeated)
    except _Unreadable as why:
        raise _fail(label, f"this file cannot be loaded: {why}") from None
    if not isinstance(work, dict):
        raise _fail(label, "this file holds no saved work")
    fmt = work.get("format", FORMAT)  # very early files had no format field
    if fmt == "trustgrid-response":
        raise _fail(label, "this is a workshop response file, not saved work")
    if fmt != FORMAT:
        raise _fail(label, "this is not a saved-work file from this course")
    if not isinstance(work.get("answers"), dict):
        raise _fail(label, "this file holds no answers")
    return work, repeated


def _json_block(text: str, label: str) -> str:
    """The last ```json block: the bundle's data comes last, after anything the learner wrote."""
    opens = list(_FENCE_OPEN.finditer(text))
    if not opens:
        raise _fail(label, "this file holds no saved work (there is no ```json block in it)")
    start = opens[-1].end()
    close = _FENCE_CLOSE.search(text, start)
    return text[start:close.start() if close else len(text)]  # a lost closing fence is fine


def _usable_answers(answers: dict[str, Any], known: Known | None,
                    skipped: list[str]) -> dict[str, dict[str, Any]]:
    accepted: dict[str, dict[str, Any]] = {}
    for notebook, entries in answers.items():
        where = f"notebook {_show(notebook)}"
        if not name_ok(notebook):
            skipped.append(f"{where}: not a usable notebook name")
        elif known is not None and notebook not in known:
            skipped.append(f"{where}: not part of this course")
        elif not isinstance(entries, dict):
            skipped.append(f"{where}: does not hold a set of answers")
        else:
            expected = known.get(notebook) if known is not None else None
            for key, value in entries.items():
                reason = _why_skip(key, value, expected)
                if reason:
                    skipped.append(f"{_show(key)} in {where}: {reason}")
                else:
                    accepted.setdefault(notebook, {})[key] = value
    return accepted


_TYPE_WORDS = {str: "text", int: "a whole number", float: "a number", bool: "yes or no",
               list: "a list", dict: "a set of answers"}


def _why_skip(key: str, value: Any, expected: Any) -> str | None:
    if not name_ok(key):
        return "not a usable question name"
    if expected is not None and key not in expected:
        return "not a question in this course"
    if not is_usable(value):
        return f"{_unusable(value)}, so it is not a usable value"
    if isinstance(expected, Mapping):
        types = expected[key] if isinstance(expected[key], tuple) else (expected[key],)
        if not any(_is_type(value, t) for t in types):
            wanted = " or ".join(_TYPE_WORDS.get(t, getattr(t, "__name__", "?")) for t in types)
            return f"expected {wanted}, found {_type_word(value)}"
    return None


def _unusable(value: Any) -> str:
    """What makes a value read from a file unusable, in words (is_usable is False)."""
    if _too_deep(value):
        return f"is nested more than {MAX_NESTING} levels deep"
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return "holds a number that is not finite (NaN or infinity)"
        if isinstance(item, str) and not _encodable(item):
            return "holds text that is not valid Unicode"
        if isinstance(item, dict):
            if not all(isinstance(k, str) and _encodable(k) for k in item):
                return "holds text that is not valid Unicode"
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return "holds something that cannot be saved"


def _is_type(value: Any, wanted: Any) -> bool:
    """isinstance, but true/false is not a number, and a whole number is a number."""
    if not isinstance(wanted, type):
        return True  # an expectation we cannot check is not the learner's fault
    if isinstance(value, bool) and wanted is not bool:
        return False
    if wanted is float:
        return isinstance(value, (int, float))
    return isinstance(value, wanted)


def _type_word(value: Any) -> str:
    if value is None:
        return "nothing"
    for kind in (bool, int, float, str, list, dict):
        if isinstance(value, kind):
            return _TYPE_WORDS[kind]
    return type(value).__name__
