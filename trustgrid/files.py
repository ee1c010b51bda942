"""Reading a file that someone else may have put in place, without ever hanging on it.

Course files, a learner's work file and workshop responses can be anything a person (or a
careless script) leaves there: a FIFO, whose ``open()`` waits for ever for a writer; a link to
``/dev/zero``, which never ends; a file growing while we read. :func:`read_regular` opens
without blocking, checks on the open descriptor (not the name, which can be swapped between
a check and the open) that it is a regular file, and reads at most ``limit + 1`` bytes so the
caller can tell "too large" without reading it all.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


# O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer. It changes
# nothing for a regular file. (Windows has neither flag nor FIFOs.)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20


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
