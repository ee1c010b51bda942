"""Files that other people can touch: read without hanging, write without losing anything.

Course files, a learner's work file and workshop responses can be anything a person (or a
careless script) leaves there: a FIFO, whose ``open()`` waits for ever for a writer; a link to
``/dev/zero``, which never ends; a file growing while we read. :func:`read_regular` opens
without blocking, checks on the open descriptor (not the name, which can be swapped between
a check and the open) that it is a regular file, and reads at most ``limit + 1`` bytes so the
caller can tell "too large" without reading it all.

Writing is all or nothing (:func:`atomic_write`), under a lock every writer shares
(:func:`file_lock`), and a file that cannot be read is moved aside, never overwritten
(:func:`keep_aside`).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

try:  # POSIX; Windows has no fcntl and uses the lock-folder fallback below
    import fcntl
except ImportError:  # pragma: no cover - exercised on Windows only
    fcntl = None  # type: ignore[assignment]


# O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer. It changes
# nothing for a regular file. (Windows has neither flag nor FIFOs.)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20
LOCK_TIMEOUT = 10.0
STALE_LOCK_SECONDS = 30.0


class NotRegularFile(OSError):
    """The path is a FIFO, a device or a socket: nothing a course could read."""

    def __init__(self, path: Path, mode: int) -> None:
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else "not a file")
        super().__init__(f"not a regular file: it is {kind}")
        self.strerror = str(self)
        self.filename = str(path)


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path``.

    Raises FileNotFoundError, IsADirectoryError, :class:`NotRegularFile` or another OSError.
    """
    fd = os.open(path, _FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(f"{path} is a folder")
        if not stat.S_ISREG(mode):
            raise NotRegularFile(Path(path), mode)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, mode: int = 0o666) -> None:
    """Write all or nothing: a crash mid-save leaves the old file, never half a file.

    The temporary file, and so the file, is created with ``mode`` (less the umask) from
    the start: there is no moment when it is open to more people than that.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")  # see _TEMPORARY
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, mode)
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
    """Hold an exclusive lock shared by every process that locks ``lock_path``.

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
