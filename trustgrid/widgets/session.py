"""What an activity's ``build(session, ...)`` may use of the notebook's session.

:class:`trustgrid.notebook.Session` is one; a test can pass any object with these parts.
Activities are built only when the course has loaded, so ``course`` is never None here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..data import Course
    from ..work import WorkStore


class SessionLike(Protocol):
    course: Course
    notebook: str  # whose answers these are: the notebook's name
    store: WorkStore  # the learner's work, for activities that read other notebooks' answers

    def answer(self, key: str, default: Any = None) -> Any:
        """The learner's saved answer for ``key`` in this notebook."""

    def save(self, key: str, value: Any) -> None:
        """Save one answer now (a failure is shown to the learner, never raised)."""

    def uses(self, kind: str) -> list[str]:
        """The ids the course map lists for this notebook, such as its scenarios."""
