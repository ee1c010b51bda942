"""Listening practice: pick the reply that reflects back what a colleague said.

Each item in ``listening.yaml`` is something a colleague says and a few replies. The
learner picks one and reads, at once, why it does or does not show the colleague they
were heard. They can change their mind; the progress line counts their current picks.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import traitlets

from ..data import Course, files_of
from ..errors import DataError, Problem
from ..markup import para, style_sheet
from .controls import LiveText
from .session import SessionLike

# ipywidgets radio labels are one fixed-height line; replies are sentences, so let them wrap.
_STYLE = style_sheet(__file__, "listening.css")


@dataclass(frozen=True)
class Reply:
    text: str
    reflects: bool
    habit: str
    feedback: str


@dataclass(frozen=True)
class Item:
    id: str
    speaker: str
    role: str
    statement: str
    replies: tuple[Reply, ...]


def items_of(course: Course) -> dict[str, Item]:
    """The listening items, checked for what a schema cannot say: each needs a good reply
    and no two replies may read the same."""
    raw = course.content.get("listening")
    path = files_of(course.folder).get("listening", course.folder / "listening.yaml")
    if not isinstance(raw, dict):
        raise DataError([Problem(str(path), None, "",
                                 "listening practice needs a listening.yaml file; none was found")])
    items, problems = {}, []
    for i, entry in enumerate(raw["listening"]):
        replies = tuple(Reply(r["text"], r["reflects"], r["habit"], r["feedback"])
                        for r in entry["replies"])
        if not any(r.reflects for r in replies):
            problems.append((("listening", i, "replies"), f"listening[{i}].replies",
                             "no reply has reflects: true; mark the one that reflects back well"))
        texts = [r.text for r in replies]
        for j, text in enumerate(texts):
            if text in texts[:j]:
                problems.append((("listening", i, "replies", j, "text"),
                                 f"listening[{i}].replies[{j}].text",
                                 "this reply reads the same as an earlier one"))
        items[entry["id"]] = Item(entry["id"], entry["speaker"], entry["role"], entry["statement"],
                                  replies)
    if problems:
        raise DataError([Problem(str(path), course.line("listening", *where), field, message)
                         for where, field, message in problems])
    return items


def feedback_html(item: Item, index: int | None) -> str:
    if index is None:
        return ""
    reply = item.replies[index]
    verdict = ("Yes: this reflects back what you heard." if reply.reflects
               else "Not quite: this does not reflect back what you heard.")
    return (f"<p><strong>{verdict}</strong> <em>{html.escape(reply.habit)}.</em></p>"
            + para(reply.feedback))


class ListeningItem(w.VBox):
    """One colleague's words, the replies to choose from, and feedback on the pick."""

    def __init__(self, item: Item, number: int, total: int, chosen: int | None = None):
        self.item = item
        question = f"Which reply best reflects back what {item.speaker} said?"
        self.header = w.HTML(
            f"<h4 style='margin:14px 0 4px;font-size:16px'>{number} of {total}: {html.escape(item.speaker)}, "
            f"{html.escape(item.role)}</h4>"
            f"<blockquote class='tg-listening-statement'>“{html.escape(item.statement)}”</blockquote>"
            f"<p style='font-size:15px;margin:6px 0 2px'><strong>{html.escape(question)}</strong></p>")
        self.choice = w.RadioButtons(options=[(r.text, i) for i, r in enumerate(item.replies)],
                                     index=chosen, tooltip=question,
                                     layout=w.Layout(width="auto"))
        self.choice.add_class("tg-listening-replies")
        self.feedback = LiveText(html=feedback_html(item, chosen))
        self.choice.observe(self._picked, "value")
        super().__init__([self.header, self.choice, self.feedback])
        self.add_class("tg-listening-item")

    @property
    def chosen(self) -> int | None:
        return self.choice.value

    def _picked(self, _change=None) -> None:
        self.feedback.html = feedback_html(self.item, self.chosen)


class ListeningPractice(w.VBox):
    """All the items, with a running count of answers and good reflections.

    ``choices`` (item id: the reply picked) follows the picks: observe it to save them."""

    choices = traitlets.Dict(read_only=True)

    def __init__(self, items: list[Item], chosen: dict[str, int] | None = None):
        chosen = chosen or {}
        self.items = [ListeningItem(item, n, len(items), chosen.get(item.id))
                      for n, item in enumerate(items, start=1)]
        self.set_trait("choices", self._choices())
        self.progress = LiveText(html=self._progress_html())
        for part in self.items:
            part.choice.observe(self._changed, "value")
        super().__init__([w.HTML(_STYLE), *self.items, self.progress])
        self.add_class("tg-listening")

    def _choices(self) -> dict[str, int]:
        return {part.item.id: part.chosen for part in self.items if part.chosen is not None}

    def progress_text(self) -> str:
        answered = [part for part in self.items if part.chosen is not None]
        good = sum(part.item.replies[part.chosen].reflects for part in answered)
        return f"{len(answered)} of {len(self.items)} answered, {good} reflected back well."

    def _progress_html(self) -> str:
        return f"<p><strong>Your progress:</strong> {html.escape(self.progress_text())}</p>"

    def _changed(self, _change=None) -> None:
        self.progress.html = self._progress_html()
        self.set_trait("choices", self._choices())


def _saved_choices(saved: Any, items: list[Item]) -> dict[str, int]:
    """Saved picks that still point at a reply (the data may have changed since)."""
    if not isinstance(saved, dict):
        return {}
    sizes = {item.id: len(item.replies) for item in items}
    return {key: value for key, value in saved.items()
            if key in sizes and isinstance(value, int) and not isinstance(value, bool)
            and 0 <= value < sizes[key]}


def build(session: SessionLike, ids: list[str] | None = None) -> ListeningPractice:
    """Listening practice over ``ids``, saved as the learner picks.

    By default: the items the course map (course.yaml) lists for this notebook, or every
    item when it lists none.
    """
    course = session.course
    known = items_of(course)
    ids = ids if ids is not None else (session.uses("listening") or None)
    if ids is None:
        chosen_items = list(known.values())
    else:
        missing = [i for i in ids if i not in known]
        if missing:
            path = files_of(course.folder).get("listening", course.folder / "listening.yaml")
            raise DataError([Problem(str(path), None, "", f"there is no listening item with id "
                                     f"{i!r}. Known ids: {', '.join(known)}") for i in missing])
        chosen_items = [known[i] for i in ids]
    key = "listening"
    practice = ListeningPractice(chosen_items, _saved_choices(session.answer(key), chosen_items))

    def record(change) -> None:
        choices: dict[str, int] = change["new"]
        # keep picks for items this notebook does not show, so two calls never erase each other
        saved = session.answer(key)
        merged = dict(saved) if isinstance(saved, dict) else {}
        merged.update(choices)
        for part in practice.items:
            if part.chosen is None:
                merged.pop(part.item.id, None)
        session.save(key, merged)

    practice.observe(record, names="choices")
    return practice
