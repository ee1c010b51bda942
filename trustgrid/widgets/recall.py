"""A look back at the top of a notebook: two questions on the notebook before it.

Retrieval practice before new material: the learner brings back what they learned last
time, then builds on it. Questions come from data/recall.yaml, by the notebook they open;
each is drawn and answered as a recap quiz question (:class:`quiz.Question`), with feedback
on every option, but keeps no score. Answers are saved as they are given and come back when
the notebook runs again. Once every question is answered, the last words say how it went
and link back to the notebook the questions are about. On paper (the handout) the questions
and their options are drawn to answer with a pen.
"""

from __future__ import annotations

import ipywidgets as w

from ..errors import DataError, Problem
from .controls import LiveText
from .quiz import _CSS, Question, notebook_link
from .session import SessionLike


def questions_for(session: SessionLike) -> dict:
    """This notebook's look back: what it recalls and its questions."""
    found = (session.course.content.get("recall") or {}).get("recall") or {}
    if session.notebook not in found:
        listed = ", ".join(found) or "none"
        raise DataError([Problem(str(session.course.folder / "recall.yaml"), None, "",
                                 f"there are no look-back questions for {session.notebook!r} "
                                 f"(the notebooks that have them: {listed})")])
    return found[session.notebook]


def build(session: SessionLike) -> w.Widget:
    return Recall(session, questions_for(session))


def notebook_number(notebook: str) -> str:
    """How the pages speak of a notebook: 01_what_is_trust is "notebook 1"."""
    return f"notebook {int(notebook[:2])}"


class Recall(w.VBox):
    """The questions, each with its feedback, and a closing line once all are answered."""

    def __init__(self, session: SessionLike, entry: dict):
        self.session = session
        self.recalls = entry["recalls"]
        items = entry["questions"]
        self.questions = [Question(i + 1, len(items), item, self._answered, scored=False)
                          for i, item in enumerate(items)]
        for question in self.questions:
            question.restore(session.answer(self.key(question)))
            question.show_feedback()
        self.closing = LiveText(html=self._closing_html())
        super().__init__([w.HTML(_CSS), *self.questions, self.closing])
        self.add_class("tg-quiz")
        self.add_class("tg-recall")

    @staticmethod
    def key(question: Question) -> str:
        return f"recall:{question.item['id']}"

    def _answered(self, question: Question) -> None:
        self.session.save(self.key(question), {"first": question.first,
                                               "chosen": question.choice.value})
        question.show_feedback()
        self.closing.html = self._closing_html()

    def _closing_html(self) -> str:
        if not all(q.answered for q in self.questions):
            return ""
        link = notebook_link(self.recalls, notebook_number(self.recalls))
        if all(q.correct for q in self.questions):
            words = (f"Every answer right first time: {notebook_number(self.recalls)} has "
                     "stayed with you. Read on.")
        else:
            words = ("Not every first answer was right, and that is what a look back is for. "
                     f"If an answer surprised you, have another look at {link}, then read on.")
        return f"<div class='tg-quiz-result'><p>{words}</p></div>"
