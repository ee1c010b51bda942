"""The action plan: up to three behaviours to work on, each with what, when, and how you will know.

``course.action_plan()`` builds the plan (notebook 05). Exercise 05 adds
``course.action_plan(part="peer_feedback")`` (questions a colleague can ask about the plan)
and ``course.action_plan(part="model")`` (a worked example behind a Reveal button).
Every field is saved the moment it changes and put back when the notebook runs again.
Labels, hints, examples and prompts come from data/action_plan.yaml. Under the plan, a
check-in 30 days after it was made can be saved to the learner's calendar (an .ics file).
"""

from __future__ import annotations

import html
import secrets
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote

import ipywidgets as w
import traitlets

from ..errors import DataError, Problem
from ..ics import all_day_event
from ..markup import Markup, bullets, escape, para, style_sheet, table
from ..text import plural
from .answers import Reveal, model_answer
from .controls import LiveText, TextBox
from .session import SessionLike

FILENAME = "my-action-plan.md"
CALENDAR_FILENAME = "action-plan-check-in.ics"
CHECK_IN_DAYS = 30  # long enough to have tried each action a few times, soon enough to recall
# {"made": the day the plan first had an action (ISO date), "event": the calendar event's id,
# so that a new download updates the same event in the learner's calendar}
CHECK_IN_KEY = "plan:check_in"
TEXT_FIELDS = ("action", "when", "evidence")
FIELDS = ("behaviour", *TEXT_FIELDS)
MAX_CHARS = {"action": 1000, "when": 200, "evidence": 1000}
NOTHING = ""  # the dropdown value of "— choose —"
SOURCE_LINE = ("From the course *Building Trust*, which teaches the NHS Institute for Innovation "
               "and Improvement's guide of the same name (2008).")

_CSS = style_sheet(__file__, "action_plan.css")


def build(session: SessionLike, part: str = "plan", copy_from: str | None = None) -> w.Widget:
    """The plan (``part="plan"``), the peer-feedback questions or the model plan."""
    plan = _content(session)
    if part == "plan":
        return ActionPlan(session, plan, copy_from=copy_from)
    if part == "peer_feedback":
        return peer_feedback(session, plan)
    if part == "model":
        return ModelPlan(session, plan)
    raise ValueError(f"unknown part {part!r}: use 'plan', 'peer_feedback' or 'model'")


def _content(session: SessionLike) -> dict:
    plan = session.course.content.get("action_plan")
    if not isinstance(plan, dict):
        raise DataError([Problem(str(session.course.folder / "action_plan.yaml"), None, "",
                                 "this course has no action plan file")])
    return plan


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _escape_lines(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.splitlines())


def data_url(text: str, mime: str = "text/markdown") -> str:
    """A ``data:`` URL holding ``text``: a download that needs no server and no network."""
    return f"data:{mime};charset=utf-8,{quote(text, safe='')}"


_LINK_STYLE = ("display:inline-block;background:#005EB8;color:#fff;padding:6px 14px;border-radius:4px;"
               "font-size:14px;font-weight:600;text-decoration:none;margin:6px 0")


def download_link(text: str, filename: str, label: str, mime: str = "text/markdown") -> str:
    """A link that saves ``text`` as ``filename``, styled as a button."""
    return (f"<a class='tg-download' download='{html.escape(filename)}' "
            f"href='{html.escape(data_url(text, mime))}' style='{_LINK_STYLE}'>"
            f"{html.escape(label)}</a>")


def _saved_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def long_date(day: date) -> str:
    """'Friday 1 January 2027', as people write a date."""
    return f"{day:%A} {day.day} {day:%B %Y}"


class PlanRow(w.VBox):
    """One action: a behaviour to choose, then what, when, and how you will know.

    ``value`` is the row as it is saved: observe it to save the work."""

    value = traitlets.Dict(read_only=True)

    def __init__(self, number: int, behaviours: dict, plan: dict, saved: dict):
        self.number = number
        self.behaviours = behaviours
        self.examples = plan.get("examples", {})
        fields = plan["fields"]
        optional = "" if number == 1 else " <span style='font-weight:normal'>(optional)</span>"
        heading = w.HTML(f"<h4>Action {number}{optional}</h4>")
        chosen = saved.get("behaviour") if saved.get("behaviour") in behaviours else NOTHING
        self.behaviour = w.Dropdown(
            options=[(plan["choose"], NOTHING)] + [(b.title, b.id) for b in behaviours.values()],
            value=chosen, description=fields["behaviour"]["label"],
            style={"description_width": "initial"},
            layout=w.Layout(flex_flow="column", align_items="stretch", width="auto", height="auto",
                            max_width="560px"))
        self.behaviour.add_class("tg-plan-choose")
        hint = w.HTML(f"<p class='tg-plan-hint'>{html.escape(fields['behaviour'].get('hint', ''))}</p>")
        self.about = LiveText(html=self._about_html())
        self.boxes = {}
        for name in TEXT_FIELDS:
            field = fields[name]
            self.boxes[name] = TextBox(label=field["label"], hint=field.get("hint", ""),
                                       placeholder=field.get("placeholder", ""),
                                       value=_text(saved.get(name)), rows=1 if name == "when" else 2,
                                       max_length=MAX_CHARS[name])
            self.boxes[name].observe(self._changed, "value")
        self.behaviour.observe(self._chose, "value")
        super().__init__([heading, self.behaviour, hint, self.about, *self.boxes.values()])
        self.add_class("tg-plan-row")
        self._changed()

    def _value(self) -> dict:
        return {"behaviour": self.behaviour.value or None,
                **{name: box.value for name, box in self.boxes.items()}}

    def is_empty(self) -> bool:
        return not self.behaviour.value and not any(b.value.strip() for b in self.boxes.values())

    def _about_html(self) -> str:
        chosen = self.behaviours.get(self.behaviour.value)
        if chosen is None:
            return ""
        parts = [f"<p><strong>{html.escape(chosen.title)}:</strong> {html.escape(chosen.description)}</p>"]
        example = self.examples.get(chosen.id)
        if example:
            parts.append(f"<p><em>For example:</em> {html.escape(example['action'])} "
                         f"<em>When:</em> {html.escape(example['when'])}. "
                         f"<em>You would know because:</em> {html.escape(example['evidence'])}</p>")
        return "".join(parts)

    def _chose(self, _change=None) -> None:
        self.about.html = self._about_html()
        self._changed()

    def _changed(self, _change=None) -> None:
        self.set_trait("value", self._value())


class ActionPlan(w.VBox):
    """The rows, a live summary of the plan, and a link to download it as Markdown."""

    def __init__(self, session: SessionLike, plan: dict, copy_from: str | None = None):
        self.session = session
        self.plan = plan
        self.behaviours = session.course.behaviours
        self.fields = plan["fields"]
        notices = []
        saved_rows = [self._saved(i + 1, copy_from, notices) for i in range(plan["rows"])]
        if copy_from and any(saved_rows) and not any(session.answer(self.key(i + 1))
                                                      for i in range(plan["rows"])):
            notices.append("Your plan starts from the one you made before. Changes here are "
                           "saved with this notebook.")
        self.rows = [PlanRow(i + 1, self.behaviours, plan, saved) for i, saved in enumerate(saved_rows)]
        for row in self.rows:
            row.observe(self._row_changed, names="value")
        self.status = LiveText(html="".join(para(n) for n in notices))
        if not notices and any(not row.is_empty() for row in self.rows):
            self.status.html = para(self.progress())
        own = self._check_in(session.answer(CHECK_IN_KEY))
        self.check_in_saved = own or self._check_in(session.store.get(copy_from, CHECK_IN_KEY)
                                                    if copy_from else None)
        self.made = _saved_date(self.check_in_saved.get("made"))
        self._note_when_made()
        self.summary = w.HTML(self._summary_html())
        self.download = w.HTML(self._download_html())
        self.check_in = w.HTML(self._check_in_html())
        intro = w.HTML(_CSS + (f"<p style='font-size:15px;max-width:720px'>{html.escape(plan['intro'])}</p>"
                               if plan.get("intro") else ""))
        self.add_button = w.Button(description="Add another action", icon="plus",
                                   tooltip="Show the next action's boxes",
                                   layout=w.Layout(width="fit-content", margin="4px 0 8px"))
        self.add_button.on_click(lambda _b: self.show_next_row())
        used = [row.number for row in self.rows if not row.is_empty()]
        self._show_rows(max(used, default=1))
        heading = w.HTML("<h4 class='tg-plan-heading'>Your plan so far</h4>")
        super().__init__([intro, *self.rows, self.add_button, heading, self.summary, self.download,
                          self.check_in, self.status])
        self.add_class("tg-action-plan")

    def visible_rows(self) -> int:
        return sum(row.layout.display != "none" for row in self.rows)

    def _show_rows(self, count: int) -> None:
        """Show the first ``count`` rows: empty optional rows stay out of the way until wanted."""
        for row in self.rows:
            row.layout.display = None if row.number <= count else "none"
        self.add_button.layout.display = None if count < len(self.rows) else "none"

    def show_next_row(self) -> None:
        count = min(self.visible_rows() + 1, len(self.rows))
        self._show_rows(count)
        self.status.html = (f"<p>Action {count} added below action {count - 1}: it joins your "
                            f"plan once you fill it in. {html.escape(self.progress())}</p>")

    @staticmethod
    def key(number: int) -> str:
        return f"plan:{number}"

    def _saved(self, number: int, copy_from: str | None, notices: list[str]) -> dict:
        saved = self.session.answer(self.key(number))
        if not saved and copy_from:
            saved = self.session.store.get(copy_from, self.key(number))
        if not isinstance(saved, dict):
            return {}
        chosen = saved.get("behaviour")
        if chosen and chosen not in self.behaviours:
            notices.append(f"Action {number}: the behaviour you chose before ({chosen}) is no "
                           "longer in the course, so please choose again. Your words are kept.")
        return saved

    def _row_changed(self, change) -> None:
        row = change["owner"]
        self.session.save(self.key(row.number), change["new"])
        self._note_when_made()
        self.summary.value = self._summary_html()
        self.download.value = self._download_html()
        self.check_in.value = self._check_in_html()
        self.status.html = para(self.progress())

    @staticmethod
    def _check_in(saved: Any) -> dict:
        return dict(saved) if isinstance(saved, dict) else {}

    def _note_when_made(self) -> None:
        """The plan is made on the day it first has an action; that day is kept with the work,
        with the id its calendar event will have."""
        if self.made is None and self.filled():
            self.made = date.today()
        if self.made is None:
            return
        event = self.check_in_saved.get("event")
        if not (isinstance(event, str) and event):
            event = f"{secrets.token_hex(8)}@building-trust-course"
        wanted = {"made": self.made.isoformat(), "event": event}
        if self.session.answer(CHECK_IN_KEY) != wanted:
            self.check_in_saved = wanted
            self.session.save(CHECK_IN_KEY, wanted)

    def check_in_day(self) -> date | None:
        return self.made + timedelta(days=CHECK_IN_DAYS) if self.made else None

    def calendar_file(self, now: datetime | None = None) -> str:
        """The check-in as an iCalendar file: an all-day event listing the plan's actions."""
        lines = [(f"You made this action plan on {long_date(self.made)}, on the course Building "
                  "Trust. How has each action gone? What did people notice? What will you keep, "
                  "change or stop?"), ""]
        for row in self.filled():
            lines.append(f"{row.number}. {self._title(row) or '(behaviour not chosen yet)'}")
            lines += [f"{self.fields[n]['heading']}: {row.boxes[n].value.strip() or '(not filled in yet)'}"
                      for n in TEXT_FIELDS]
            lines.append("")
        return all_day_event(uid=self.check_in_saved["event"], day=self.check_in_day(), now=now,
                             summary="Check in on my Building Trust action plan",
                             description="\n".join(lines).strip())

    def _check_in_html(self) -> str:
        day = self.check_in_day()
        if day is None:
            return ("<p class='tg-plan-hint'>Once your plan has an action, you can add a check-in "
                    f"to your calendar, {CHECK_IN_DAYS} days after you made the plan.</p>")
        return (f"<p style='font-size:14px;margin:10px 0 0'>Check in on your plan on "
                f"<strong>{long_date(day)}</strong>, {CHECK_IN_DAYS} days after you made it "
                f"({long_date(self.made)}).</p>"
                + download_link(self.calendar_file(), CALENDAR_FILENAME,
                                "Add the check-in to my calendar", mime="text/calendar")
                + f"<div class='tg-plan-hint'>Saves {CALENDAR_FILENAME}. Open it to add the "
                  "day to Outlook, Google Calendar or your phone's calendar, with your actions "
                  "in its notes. Download it again after changing your plan.</div>")

    def filled(self) -> list[PlanRow]:
        return [row for row in self.rows if not row.is_empty()]

    def progress(self) -> str:
        """The plan's state in words: how many actions, and what each still needs."""
        rows = self.filled()
        if not rows:
            return "Your plan is empty. Choose a behaviour to start."
        words = [f"Your plan has {plural(len(rows), 'action')}."]
        for row in rows:
            missing = [_sentence_case(self.fields[n]["heading"]) for n in FIELDS
                       if not (row.behaviour.value if n == "behaviour" else row.boxes[n].value.strip())]
            if missing:
                words.append(f"Action {row.number} still needs: {', '.join(missing)}.")
        return " ".join(words)

    def _title(self, row: PlanRow) -> str:
        chosen = self.behaviours.get(row.behaviour.value)
        return chosen.title if chosen else ""

    def _summary_html(self) -> str:
        rows = self.filled()
        if not rows:
            return "<p>Nothing yet: your actions will appear here as you fill them in.</p>"
        body = []
        for row in rows:
            cells = [self._title(row)] + [row.boxes[n].value.strip() for n in TEXT_FIELDS]
            body.append([row.number] + [Markup(_escape_lines(c)) if c else "—" for c in cells])
        return table(["#"] + [self.fields[n]["heading"] for n in FIELDS], body, row_headers=True,
                     caption=f"Your action plan, {len(rows)} of {len(self.rows)} actions",
                     cls="tg-plan-table", caption_style="text-align:left")

    def markdown(self) -> str:
        """The plan as a Markdown file a learner can keep, print or share."""
        today = date.today().strftime("%d %B %Y").lstrip("0")
        lines = ["# My action plan: Building Trust", "", f"Written on {today}.", ""]
        rows = self.filled()
        if not rows:
            lines += ["No actions yet.", ""]
        for row in rows:
            lines += [f"## {row.number}. {self._title(row) or '(behaviour not chosen yet)'}", ""]
            for name in TEXT_FIELDS:
                text = row.boxes[name].value.strip() or "(not filled in yet)"
                lines += [f"**{self.fields[name]['label']}**", "", *text.splitlines(), ""]
        lines += ["---", "", SOURCE_LINE, ""]
        return "\n".join(lines)

    def _download_html(self) -> str:
        return (download_link(self.markdown(), FILENAME, "Download my plan")
                + f"<div class='tg-plan-hint'>Saves {FILENAME}, a text file you can open in "
                  "any editor or word processor, print or share.</div>")


def peer_feedback(session: SessionLike, plan: dict) -> w.Widget:
    """The questions a colleague can ask about your plan, each with a box for your notes."""
    boxes = []
    for item in plan["peer_feedback"]:
        key = f"peer:{item['id']}"
        box = TextBox(label=item["prompt"], hint=item.get("hint", ""),
                      value=_text(session.answer(key, "")), rows=2)
        box.observe(lambda change, key=key: session.save(key, change["new"]), "value")
        boxes.append(box)
    return w.VBox(boxes)


class ModelPlan(Reveal):
    """A worked example plan, hidden until the learner asks for it (or the note that there
    is none in this edition)."""

    KEY = "model_revealed"

    def __init__(self, session: SessionLike, plan: dict):
        self.behaviours = session.course.behaviours
        self.fields = plan["fields"]
        super().__init__(model_answer(session.course, plan.get("model_plan")),
                         label="Reveal the model plan", shown="Model plan shown", render=self._html,
                         tooltip="Show a worked example plan, and why each action works",
                         revealed=session.answer(self.KEY) is True)
        self.observe(lambda change: session.save(self.KEY, change["new"]), names="revealed")

    def _html(self, model: dict) -> str:
        actions = []
        for row in model["rows"]:
            chosen = self.behaviours.get(row["behaviour"])
            title = chosen.title if chosen else row["behaviour"].replace("_", " ")
            items = [Markup(f"<em>{escape(self.fields[n]['heading'])}:</em> {escape(row[n])}")
                     for n in TEXT_FIELDS]
            items.append(Markup(f"<strong>Why it works:</strong> {escape(row['why'])}"))
            actions.append(Markup(f"<p><strong>{escape(title)}</strong></p>{bullets(items)}"))
        return (para(model["intro"]) + bullets(actions, ordered=True)
                + "<p>Compare it with your plan. Is each of your actions as clear about "
                "what, when, and how you will know?</p>")


def _sentence_case(heading: str) -> str:
    """A heading inside a sentence: "What I will do" -> "what I will do" (keeps "I")."""
    return heading[:1].lower() + heading[1:]
