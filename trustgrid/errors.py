"""The one error type for bad course data, so every caller reports problems the same way."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located as precisely as we can."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(Exception):
    """Course data that cannot be used. Holds every problem found, not just the first.

    ``unreadable`` is true when a file could not be read at all (missing, a folder, no
    permission), which the command line reports with a different exit status.
    """

    def __init__(self, problems: list[Problem], unreadable: bool = False):
        self.problems = list(problems)
        self.unreadable = unreadable
        super().__init__("\n".join(str(p) for p in self.problems))
