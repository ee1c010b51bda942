"""Spot the behaviour: short exchanges from work, and which of the ten behaviours each one is about.

For each dialogue in dialogues.yaml the learner picks a behaviour, gets feedback in words
on whatever they pick (written feedback for near misses, the behaviour's own description
for other choices), and can reveal a model answer. Choices are saved as they are made.

    course.activity("dialogues")
"""

from __future__ import annotations

import html

import ipywidgets as w
import traitlets

from ..data import Behaviour
from ..errors import DataError, Problem
from ..markup import para
from .answers import HasReveal, Reveal, model_answer
from .controls import LiveText
from .session import SessionLike

KEY = "dialogues"


def check_ids(course, items: list[dict]) -> None:
    """Every behaviour a dialogue names must exist: a schema cannot check that."""
    path = str(course.folder / "dialogues.yaml")
    problems = []
    for i, item in enumerate(items):
        refs = [("answer", item["answer"])] + [
            (f"near_misses[{j}].id", m["id"]) for j, m in enumerate(item.get("near_misses", []))]
        for where, ref in refs:
            if ref not in course.behaviours:
                problems.append(Problem(path, None, f"dialogues[{i}].{where}",
                                        f"no behaviour with id {ref!r} in behaviours.yaml"))
    if problems:
        raise DataError(problems)


def feedback_for(item: dict, choice: Behaviour, behaviours: dict[str, Behaviour],
                 can_reveal: bool = True) -> str:
    """What to say, in escaped HTML, when the learner picks ``choice`` for this dialogue."""
    answer = behaviours[item["answer"]]
    if choice.id == answer.id:
        how = "it is kept here" if item["shown"] == "kept" else "here it is broken"
        more = (" Press <strong>Show model answer</strong> to compare your thinking."
                if can_reveal else "")
        return (f"<p><strong>Yes.</strong> This one is about "
                f"<strong>{html.escape(answer.title)}</strong>, and {how}.{more}</p>")
    near = {m["id"]: m["feedback"] for m in item.get("near_misses", [])}
    if choice.id in near:
        return para(near[choice.id])
    return (f"<p><strong>Not this one.</strong> {html.escape(choice.title)} means: "
            f"{html.escape(choice.description)} Is that what this exchange is mainly about? "
            "Read it again and try another.</p>")


class Dialogue(HasReveal, w.VBox):
    """One exchange, a choice of the ten behaviours with feedback, and a Reveal button.

    ``answer`` is the model answer to reveal (see :func:`.answers.model_answer`); without
    one there is no Reveal button. Observe ``choice`` and ``revealed`` to save them."""

    choice = traitlets.Unicode(None, allow_none=True, read_only=True)

    def __init__(self, item: dict, behaviours: dict[str, Behaviour], number: int, total: int,
                 *, answer: str | None = None, choice: str | None = None, revealed: bool = False):
        self.item = item
        self.answer = answer
        self.behaviours = behaviours
        lines = "".join(
            f"<div style='margin:4px 0'><strong>{html.escape(line['speaker'])}:</strong> "
            f"{html.escape(line['says'])}</div>" for line in item["lines"])
        context = (para(item["context"], style="margin:4px 0;font-style:italic")
                   if item.get("context") else "")
        self.header = w.HTML(
            f"<h3 class='tg-title' style='margin-bottom:2px'>Dialogue {number} of {total}: "
            f"{html.escape(item['title'])}</h3>"
            f"<p class='tg-meta' style='margin:2px 0'><strong>{html.escape(item['setting'])}"
            f"</strong></p>{context}"
            "<blockquote style='border-left:4px solid #005EB8;margin:6px 0;padding:4px 12px;"
            f"font-size:15px;background:#F4F8FC'>{lines}</blockquote>"
            "<p style='font-size:15px;margin:8px 0 2px'><strong>Which behaviour is this "
            "exchange mainly about, kept or broken?</strong></p>")
        ids = list(behaviours)
        self.choices = w.RadioButtons(
            options=[(b.title, b.id) for b in behaviours.values()],
            value=choice if choice in ids else None,
            layout=w.Layout(width="max-content", max_width="100%"))
        self.set_trait("choice", self.choices.value)
        self.choices.observe(self._picked, "value")
        self.feedback = LiveText()
        self._use_reveal(Reveal(answer, label="Show model answer", shown="Model answer shown",
                                render=self._model_answer_html, style="", margin="6px 0",
                                tooltip="Show the course's answer and why", revealed=revealed))
        super().__init__([self.header, self.choices, self.feedback, self.reveal_box],
                         layout=w.Layout(border_bottom="1px solid #c8c8c8", padding="0 0 10px",
                                         margin="0 0 10px"))
        self.add_class("tg-dialogue")
        if self.choices.value is not None:
            self._show_feedback()

    @property
    def correct(self) -> bool:
        return self.choices.value == self.item["answer"]

    def _show_feedback(self) -> None:
        self.feedback.html = feedback_for(self.item, self.behaviours[self.choices.value],
                                          self.behaviours, self.can_reveal)

    def _picked(self, change) -> None:
        if change["new"] is None:
            return
        self._show_feedback()
        self.set_trait("choice", change["new"])

    def _model_answer_html(self, text: str) -> str:
        answer = self.behaviours[self.item["answer"]]
        how = "kept" if self.item["shown"] == "kept" else "broken"
        return ("<div style='border-left:6px solid #009E73;background:#EEF8F4;padding:6px 12px'>"
                f"<p style='margin:4px 0'><strong>Model answer: {html.escape(answer.title)}, "
                f"{how}</strong> (taught in notebook {html.escape(answer.notebook)})</p>"
                f"{para(text, style='margin:4px 0;')}</div>")


class Dialogues(w.VBox):
    """Every dialogue in the course, each with its own choice and Reveal, and a running score."""

    def __init__(self, session: SessionLike):
        self.session = session
        course = session.course
        data = course.content.get("dialogues")
        if not data:
            raise DataError([Problem(str(course.folder / "dialogues.yaml"), None, "",
                                     "this exercise needs this file, and it is missing: add "
                                     "dialogues.yaml to the course folder")])
        items = data["dialogues"]
        check_ids(course, items)
        saved = session.answer(KEY)
        saved = saved if isinstance(saved, dict) else {}
        self.items: list[Dialogue] = []
        for n, item in enumerate(items, start=1):
            mine = saved.get(item["id"]) if isinstance(saved.get(item["id"]), dict) else {}
            choice = mine.get("choice") if isinstance(mine.get("choice"), str) else None
            dialogue = Dialogue(item, course.behaviours, n, len(items), choice=choice,
                                answer=model_answer(course, item.get("model_answer")),
                                revealed=mine.get("revealed") is True)
            dialogue.observe(self._changed, names=["choice", "revealed"])
            self.items.append(dialogue)
        self.progress = LiveText(html=self._progress_html())
        super().__init__([*self.items, self.progress])
        self.add_class("tg-dialogues")

    def _progress_html(self) -> str:
        tried = [d for d in self.items if d.choices.value is not None]
        right = sum(d.correct for d in tried)
        total = len(self.items)
        if not tried:
            return f"<p>You have not picked an answer yet: there are {total} dialogues above.</p>"
        matches = "answer matches" if right == 1 else "answers match"
        return (f"<p><strong>So far:</strong> you have answered {len(tried)} of {total} "
                f"dialogues; {right} {matches} the model answer.</p>")

    def _changed(self, _change=None) -> None:
        self.progress.html = self._progress_html()
        self.session.save(KEY, {d.item["id"]: {"choice": d.choices.value, "revealed": d.revealed}
                                for d in self.items})


def build(session: SessionLike) -> Dialogues:
    """``course.activity("dialogues")``: the spot-the-behaviour exercise."""
    return Dialogues(session)
