"""The recap quiz: retrieval practice, with feedback on every option and a way back for each miss.

Questions come from data/quiz.yaml. The learner's first answer to each question counts for
the score (so the score means something); they may then try the other options to read
their feedback. Each missed question links back to the notebook that teaches it.
Answers are saved as they are given and come back when the notebook runs again.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..errors import DataError, Problem
from ..markup import Markup, bullets, escape, style_sheet
from ..text import plural
from .controls import LiveText
from .session import SessionLike

NOTEBOOKS = "../notebooks"  # where the section links point, relative to a course notebook
COURSE_MODEL = "course_model"  # a question on the course's own simplification, not the guide

_CSS = style_sheet(__file__, "quiz.css")


def _quiz(session: SessionLike) -> dict:
    quiz = session.course.content.get("quiz")
    if not isinstance(quiz, dict):
        raise DataError([Problem(str(session.course.folder / "quiz.yaml"), None, "",
                                 "this course has no quiz file")])
    return quiz


def summary(session: Any) -> str:
    """The question bank in one line, such as "16 questions across 5 notebooks, ..."."""
    if session.error:
        return str(session.error)
    quiz = _quiz(session)
    questions = quiz["questions"]
    notebooks = {q["section"] for q in questions}
    parts = {q["guide"] for q in questions} - {COURSE_MODEL}
    return (f"{plural(len(questions), 'question')} across "
            f"{plural(len(notebooks), 'notebook')}, covering "
            f"{plural(len(parts), 'part')} of the guide.")


def build(session: SessionLike) -> w.Widget:
    return Quiz(session, _quiz(session))


def notebook_link(notebook: str, text: str) -> str:
    """A link to a course notebook by its name (such as 01_what_is_trust), opening beside this one."""
    href = f"{NOTEBOOKS}/{notebook}.ipynb"
    return (f"<a href='{html.escape(href)}' target='_blank' rel='noopener'>"
            f"{html.escape(text)}</a>")


class Question(w.VBox):
    """One question: the question, its options as radio buttons, and feedback in words."""

    def __init__(self, number: int, total: int, item: dict, on_answer, *, scored: bool = True):
        self.item = item
        self.number = number
        self.scored = scored  # the recall at the top of a notebook keeps no score
        self.first: int | None = None  # the answer that counts for the score
        self._on_answer = on_answer
        self._quiet = False
        header = w.HTML(f"<h4>Question {number} of {total}</h4>"
                        f"<p class='tg-quiz-q'>{html.escape(item['question'])}</p>")
        self.choice = w.RadioButtons(options=[(o["text"], i) for i, o in enumerate(item["options"])],
                                     index=None, layout=w.Layout(width="auto", max_width="720px"))
        self.feedback = LiveText()
        self.choice.observe(self._chosen, "value")
        super().__init__([header, self.choice, self.feedback])
        self.add_class("tg-quiz-card")

    @property
    def answered(self) -> bool:
        return self.first is not None

    @property
    def correct(self) -> bool:
        return self.first == self.item["answer"]

    def restore(self, saved: Any) -> None:
        """Put back a saved answer; ignore one that no longer fits the question."""
        options = len(self.item["options"])
        if not isinstance(saved, dict):
            return
        first, chosen = saved.get("first"), saved.get("chosen")
        if not all(type(v) is int and 0 <= v < options for v in (first, chosen)):
            return
        self.first = first
        self._quiet = True
        try:
            self.choice.value = chosen
        finally:
            self._quiet = False

    def clear(self) -> None:
        self.first = None
        self._quiet = True
        try:
            self.choice.index = None
        finally:
            self._quiet = False
        self.feedback.html = ""

    def _chosen(self, change) -> None:
        if self._quiet or change["new"] is None:
            return
        if self.first is None:
            self.first = change["new"]
        self._on_answer(self)

    def show_feedback(self, score_line: str = "") -> None:
        chosen = self.choice.value
        if chosen is None:
            self.feedback.html = ""
            return
        right = chosen == self.item["answer"]
        verdict = ("<span class='tg-quiz-verdict-right'>✓ Correct.</span>" if right
                   else "<span class='tg-quiz-verdict-wrong'>✗ Not the best answer.</span>")
        parts = [f"<p>{verdict} {html.escape(self.item['options'][chosen]['feedback'])}</p>"]
        if chosen != self.first and self.scored:
            counted = "right" if self.correct else "not right"
            parts.append(f"<p>Your first answer, which was {counted}, is the one that counts "
                         "for the score. Try the other options to read their feedback.</p>")
        if score_line:
            parts.append(f"<p><strong>{html.escape(score_line)}</strong></p>")
        self.feedback.html = "".join(parts)


class Quiz(w.VBox):
    """Every question, a running score, a result with links back for each miss, and Start again."""

    def __init__(self, session: SessionLike, quiz: dict):
        self.session = session
        self.sections = {s["id"]: s["title"] for s in quiz["sections"]}
        items = quiz["questions"]
        self.questions = [Question(i + 1, len(items), item, self._answered)
                          for i, item in enumerate(items)]
        for question in self.questions:
            question.restore(session.answer(self.key(question)))
        for question in self.questions:
            question.show_feedback()
        self.result = w.HTML(self._result_html())
        self.restart = w.Button(description="Start the quiz again", icon="refresh",
                                tooltip="Clear all your answers and try every question afresh",
                                layout=w.Layout(width="fit-content", margin="8px 0"))
        self.restart.on_click(lambda _b: self.start_again())
        super().__init__([w.HTML(_CSS), *self.questions, self.result, self.restart])
        self.add_class("tg-quiz")

    @staticmethod
    def key(question: Question) -> str:
        return f"quiz:{question.item['id']}"

    @property
    def score(self) -> int:
        return sum(q.correct for q in self.questions)

    def score_line(self) -> str:
        answered = sum(q.answered for q in self.questions)
        line = f"Score: {self.score} out of {len(self.questions)}."
        if answered < len(self.questions):
            line += f" You have answered {answered} of {len(self.questions)}."
        return line

    def missed(self) -> list[Question]:
        return [q for q in self.questions if q.answered and not q.correct]

    def _answered(self, question: Question) -> None:
        self.session.save(self.key(question), {"first": question.first, "chosen": question.choice.value})
        question.show_feedback(self.score_line())
        self.result.value = self._result_html()

    def link(self, section: str) -> str:
        return notebook_link(section, self.sections.get(section, section))

    def _result_html(self) -> str:
        total = len(self.questions)
        answered = sum(q.answered for q in self.questions)
        if answered == 0:
            return ("<div class='tg-quiz-result'><p>Your score and a list of anything to revisit "
                    "will appear here as you answer.</p></div>")
        done = answered == total
        head = (f"<p><strong>Your result: {self.score} out of {total}.</strong></p>" if done else
                f"<p><strong>{html.escape(self.score_line())}</strong> Answer the other "
                f"{plural(total - answered, 'question')} to finish.</p>")
        missed = self.missed()
        if not missed:
            body = ("<p>Well done: every answer so far was right first time.</p>" if not done else
                    "<p>Well done: you got every question right first time.</p>")
        else:
            items = bullets(Markup(f"Question {q.number}: {escape(q.item['question'])}<br>"
                                   f"Revisit {self.link(q.item['section'])}") for q in missed)
            body = (f"<p>To revisit ({plural(len(missed), 'question')} missed"
                    f"{'' if done else ' so far'}):</p>{items}")
        return f"<div class='tg-quiz-result'>{head}{body}</div>"

    def start_again(self) -> None:
        """Clear every answer, in the widgets and in the saved work."""
        for question in self.questions:
            question.clear()
            self.session.save(self.key(question), None)
        self.result.value = self._result_html()
