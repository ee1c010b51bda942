"""See yourself as colleagues see you: place yourself, invite colleagues, compare (exercise 05).

``course.colleagues()`` is the learner's part: they place themselves, ask for an invitation
code (nothing is shared until they do: opting in is asking), pass it on, and press "See what
my colleagues said". ``course.colleagues(part="place")`` is a colleague's part: they type the
code, place the person, and share an answer that holds no name. How answers travel and what
may be shown is trustgrid/colleague_answers.py; the words about a gap come from
data/colleagues.yaml.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import colleague_answers as answers
from ..colleague_answers import Answer, Spread
from ..errors import DataError, Problem
from ..grid import OTHERS, Point, build_figure, describe_placement
from ..markup import Markup, bullets, escape, para
from ..model import Placement, Regions, placement_or_none
from ..text import plural
from ..workshop import UnusableFile
from .controls import LiveText, TextBox
from .figure import Figure
from .placement import GridPlacement
from .session import SessionLike

SELF_KEY = "colleagues:self"  # the learner's own placement
CODE_KEY = "colleagues:code"  # their invitation code, kept with their work
RECEIVED_KEY = "colleagues:received"  # answers added from files: answer id -> placement, saved
GIVEN_CODE_KEY = "colleague:code"  # a colleague's side: the code they typed
GIVEN_KEY = "colleague:answers"  # code -> {answer id, competence, caring}: sharing again replaces
SELF_WHO = "yourself"
COLLEAGUE_WHO = "your colleague"
RANGE_COLOUR = "#5F5F5F"


def build(session: SessionLike, part: str = "invite") -> w.Widget:
    words = _content(session)
    if part == "invite":
        return Invite(session, words)
    if part == "place":
        return PlaceAColleague(session)
    raise ValueError(f"unknown part {part!r}: use 'invite' or 'place'")


def _content(session: SessionLike) -> dict:
    words = session.course.content.get("colleagues")
    if not isinstance(words, dict):
        raise DataError([Problem(str(session.course.folder / "colleagues.yaml"), None, "",
                                 "this course has no colleagues file")])
    return words


def _box(label: str, *, primary: bool = False, icon: str = "") -> w.Button:
    return w.Button(description=label, icon=icon, button_style="primary" if primary else "",
                    layout=w.Layout(width="fit-content", margin="6px 0"))


def _shown_name(name: Any) -> str:
    """A file name from the browser, tidied for showing (as the dashboard does)."""
    return re.sub(r"[^\w.\- ]", "_", Path(str(name)).name)[:80] or "unnamed"


# --- words about the gap -----------------------------------------------------------------

def _steps(gap: float) -> int:
    """A gap in whole steps: under one step is none ("about where you do"); 1.5 is about 2."""
    return 0 if abs(gap) < 1 else int(abs(gap) + 0.5)


def gap_words(regions: Regions, words: dict, you: Placement, others: Spread) -> list[str]:
    """Self against colleagues in sentences: where each falls, the gap on each scale (in
    whole steps out of 10), the range, and what a gap may mean (from colleagues.yaml)."""
    middle = others.median
    lines = [f"{others.n} colleagues have answered. "
             + describe_placement(regions, SELF_WHO, you)
             + f" The middle of their answers is competence {middle.competence:g}, caring "
               f"{middle.caring:g}: {regions.of(middle).name}."]
    if regions.of(you).key != regions.of(middle).key:
        lines.append(f"So you see yourself in {regions.of(you).name}, and your colleagues, on "
                     f"the whole, see you in {regions.of(middle).name}.")
    advice = []
    gaps = {"competence": middle.competence - you.competence, "caring": middle.caring - you.caring}
    for axis in sorted(gaps, key=lambda a: -abs(gaps[a])):  # the bigger gap first
        steps = _steps(gaps[axis])
        low, high = getattr(others.lowest, axis), getattr(others.highest, axis)
        runs = (f"all at {low:g}" if low == high else f"from {low:g} to {high:g}")
        if steps == 0:
            lines.append(f"Your colleagues place your {axis} about where you do "
                         f"(their answers run {runs}).")
            continue
        way = "lower" if gaps[axis] < 0 else "higher"
        lines.append(f"Your colleagues place your {axis} about {steps} out of 10 {way} than "
                     f"you do (their answers run {runs}).")
        advice.append(words[axis][way])
    return lines + (advice or [words["close"]])


# --- the learner's part ------------------------------------------------------------------

class Invite(w.VBox):
    """Place yourself, get an invitation code, add answer files, and see self against others."""

    def __init__(self, session: SessionLike, words: dict):
        self.session = session
        self.words = words
        self.regions = session.course.regions
        self.minimum = max(int(words["minimum"]), answers.FEWEST)
        self.you = placement_or_none(session.answer(SELF_KEY))
        self.grid = GridPlacement(self.regions, SELF_WHO, start=self.you,
                                  title="Where you place yourself",
                                  labels=("Your own competence", "Your own caring"),
                                  not_placed="You have not placed yourself yet")
        self.grid.observe(self._placed, names="placement")
        self.code_button = _box("Get my invitation code", primary=True, icon="key")
        self.code_button.on_click(lambda _b: self.make_code())
        self.invitation = LiveText(html=self._invitation_html())
        self.upload = w.FileUpload(accept=".json", multiple=True, description="Add answer files",
                                   tooltip="Answer files your colleagues sent you",
                                   layout=w.Layout(width="fit-content", margin="6px 0"))
        self.upload.observe(self._uploaded, "value")
        self.upload_status = LiveText()
        self.see_button = _box("See what my colleagues said", primary=True, icon="users")
        self.see_button.on_click(lambda _b: self.show())
        self.result = LiveText()
        self.picture = w.Box(layout=w.Layout(max_width="640px"))
        self.later = w.VBox([self.upload, self.upload_status, self.see_button, self.result,
                             self.picture])
        self._show_parts()
        super().__init__([self.grid, self.code_button, self.invitation, self.later])
        self.add_class("tg-colleagues")

    @property
    def code(self) -> str | None:
        return answers.normal_code(self.session.answer(CODE_KEY))

    def _show_parts(self) -> None:
        self.code_button.layout.display = "none" if self.code else None
        self.later.layout.display = None if self.code else "none"

    def _placed(self, change) -> None:
        placement = change["new"]
        if placement is None:
            return
        self.you = placement
        self.session.save(SELF_KEY, {"competence": placement.competence, "caring": placement.caring})
        if not self.code:
            self.invitation.html = ""  # the reminder to place first has done its job

    def make_code(self) -> None:
        """Opt in: make this learner's code (once) and say how to pass it on."""
        if self.you is None:
            self.invitation.html = ("<p role='alert'>Place yourself first: move the competence "
                                    "and caring sliders to where you see yourself. Then ask "
                                    "for your code.</p>")
            return
        if not self.code:
            self.session.save(CODE_KEY, answers.new_code())
        self.invitation.html = self._invitation_html()
        self._show_parts()

    def _invitation_html(self) -> str:
        code = self.code
        if not code:
            return ""
        return (f"<p>Your invitation code is <strong style='font-size:20px;letter-spacing:2px;"
                f"font-family:monospace'>{escape(code)}</strong>. It is kept with your work, and "
                "it is not your name: only people you give it to can answer, and only you see "
                "their answers.</p>"
                "<p>Send it to three or more colleagues you work with, with a note such as:</p>"
                f"<blockquote style='border-left:4px solid #c8d3e0;margin:4px 0;padding:4px 12px;"
                f"max-width:720px'>{escape(self.words['message'])} My code is "
                f"<strong>{escape(code)}</strong>.</blockquote>"
                "<p>If you and your colleagues use the same course folder (a workshop, or your "
                "team's JupyterHub), their answers arrive by themselves. If not (for example on "
                "Binder), each downloads their answer file. A file that comes straight from a "
                "colleague tells you whose it is, so ask them to send the files to one person "
                "(such as your facilitator) who passes them all on to you together. Add them "
                "below with <strong>Add answer files</strong>.</p>")

    # answers added from files
    def _received(self) -> dict[str, dict]:
        saved = self.session.answer(RECEIVED_KEY)
        return dict(saved) if isinstance(saved, dict) else {}

    def received_answers(self) -> list[Answer]:
        found = []
        for answer_id, value in self._received().items():
            placement = placement_or_none(value)
            if placement and answers.ANSWER_ID.fullmatch(str(answer_id)):
                saved = value.get("saved") if isinstance(value.get("saved"), str) else ""
                found.append(Answer(self.code or "", answer_id, placement, saved, "added"))
        return found

    def add_file(self, name: str, content: bytes) -> str:
        """Add one answer file a colleague sent; what happened, in one line."""
        shown = _shown_name(name)
        try:
            answer = answers.parse_answer(content, shown)
            if answer.code != self.code:
                raise UnusableFile("this answer is for another invitation code, not yours")
        except UnusableFile as why:
            return f"Not added: {shown}: {why}."
        received = self._received()
        again = answer.answer_id in received
        received[answer.answer_id] = {"competence": answer.placement.competence,
                                      "caring": answer.placement.caring, "saved": answer.saved}
        self.session.save(RECEIVED_KEY, received)
        return (f"Added {shown}: this colleague had answered before, so their new answer "
                "replaces the old one." if again else f"Added {shown}.")

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        lines = [self.add_file(item.get("name"), bytes(item["content"])) for item in files]
        self.upload_status.html = bullets(lines)
        self.upload.value = ()  # so that choosing the same file again adds it again

    # self against others
    def all_answers(self) -> tuple[list[Answer], list[tuple[str, str]]]:
        if not self.code:
            return [], []
        found, skipped = answers.read_answers(self.code)
        return answers.one_per_colleague(found + self.received_answers()), skipped

    def show(self) -> None:
        """Show self against colleagues, once enough have answered; until then, only a count."""
        found, skipped = self.all_answers()
        spread = answers.spread(found, self.minimum)
        problems = "" if not skipped else (
            f"<p>{plural(len(skipped), 'answer file')} could not be used:</p>"
            + bullets([Markup(f"<code>{escape(n)}</code>: {escape(why)}") for n, why in skipped]))
        if self.you is None:
            self.result.html = "<p role='alert'>Place yourself first, at the top of this part.</p>"
            figures = ()
        elif spread is None:
            self.result.html = (
                f"<p><strong>{len(found)} of the {self.minimum} answers needed so far.</strong> "
                f"Nothing about your colleagues' answers is shown until {self.minimum} have "
                "answered, so that no one answer can be picked out. Come back and press the "
                "button again later.</p>" + problems)
            figures = ()
        else:
            self.result.html = ("".join(para(line) for line in
                                        gap_words(self.regions, self.words, self.you, spread))
                                + para("On the grid below, the dark dot is you, the grey dot the "
                                       "middle of your colleagues' answers, and the dotted box "
                                       "the range their answers cover.") + problems)
            figures = (Figure(self._figure(spread)),)
        self.picture.children = figures

    def _figure(self, spread: Spread):
        """Built whole for each showing (see DESIGN pitfall 2 on Voilà)."""
        middle = Point(spread.median, "Colleagues' middle",
                       f"The middle of {spread.n} colleagues' answers: competence "
                       f"{spread.median.competence:g}, caring {spread.median.caring:g}")
        figure = build_figure(self.regions, you=self.you, you_label="You", others=[middle],
                              title="You and your colleagues")
        figure.data[OTHERS].marker.size = 16  # as easy to see as the learner's own marker
        low, high = spread.lowest, spread.highest
        figure.add_shape(type="rect", x0=low.competence, x1=high.competence, y0=low.caring,
                         y1=high.caring, line={"color": RANGE_COLOUR, "dash": "dot", "width": 2},
                         fillcolor="rgba(95,95,95,0.08)", layer="below")
        return figure


# --- a colleague's part ------------------------------------------------------------------

class PlaceAColleague(w.VBox):
    """Type the code a colleague gave you, place them, and share an answer with no name."""

    def __init__(self, session: SessionLike):
        self.session = session
        self.code_box = TextBox(label="The code your colleague gave you", rows=1, max_length=20,
                                hint="Twelve letters and digits, such as K7QM-4XTR-9PLA. "
                                     "Capitals or not, with or without the dashes.",
                                value=str(session.answer(GIVEN_CODE_KEY, "") or ""))
        self.code_box.observe(lambda c: session.save(GIVEN_CODE_KEY, c["new"]), "value")
        self.grid = GridPlacement(session.course.regions, COLLEAGUE_WHO,
                                  start=self._saved_placement(),
                                  title="Where you place your colleague")
        self.grid.observe(self._placed, names="placement")
        self.share_button = _box("Share my answer", primary=True, icon="share")
        self.share_button.on_click(lambda _b: self.share())
        self.feedback = LiveText()
        super().__init__([w.HTML("<p style='font-size:14px;max-width:720px'>Your name is never "
                                 "asked for or sent: your answer holds only the code and where "
                                 "you place your colleague.</p>"),
                          self.code_box, self.grid, self.share_button, self.feedback])
        self.add_class("tg-place-colleague")

    def _given(self) -> dict[str, dict]:
        saved = self.session.answer(GIVEN_KEY)
        return dict(saved) if isinstance(saved, dict) else {}

    def _saved_placement(self) -> Placement | None:
        code = answers.normal_code(self.code_box.value)
        return placement_or_none(self._given().get(code)) if code else None

    def _placed(self, change) -> None:
        code = answers.normal_code(self.code_box.value)
        placement = change["new"]
        if code is None or placement is None:
            return
        given = self._given()
        entry = dict(given.get(code) or {})
        entry.update(competence=placement.competence, caring=placement.caring)
        given[code] = entry
        self.session.save(GIVEN_KEY, given)

    def share(self) -> None:
        code = answers.normal_code(self.code_box.value)
        if code is None:
            typed = self.code_box.value.strip()
            self.feedback.html = ("<p role='alert'>Not shared: "
                                  + ("please type the code your colleague gave you."
                                     if not typed else f"{escape(typed[:20])} is not a code like "
                                     "theirs (twelve letters and digits). Please check it with "
                                     "them.") + "</p>")
            return
        if code == answers.normal_code(self.session.answer(CODE_KEY)):
            self.feedback.html = ("<p role='alert'>Not shared: that is your own invitation code. "
                                  "Give it to colleagues, so that they can place you.</p>")
            return
        placement = self.grid.placement if self.grid.placed else None
        if placement is None:
            self.feedback.html = ("<p role='alert'>Not shared: move the competence and caring "
                                  "sliders to where you place your colleague first.</p>")
            return
        given = self._given()
        entry = dict(given.get(code) or {})
        answer_id = entry.get("answer")
        if not (isinstance(answer_id, str) and answers.ANSWER_ID.fullmatch(answer_id)):
            answer_id = answers.new_answer_id()
        given[code] = {**entry, "answer": answer_id, "competence": placement.competence,
                       "caring": placement.caring}
        self.session.save(GIVEN_KEY, given)
        name = answers.filename(code, answer_id)
        try:
            path, data = answers.write_answer(code, answer_id, placement)
            where = (f"<p>Shared, without your name, in <code>{escape(str(path.parent))}</code>. "
                     "If your colleague cannot see that folder (for example on Binder), "
                     "download your answer file and send it on. Sent by you, it tells them "
                     "it is yours: to stay anonymous, send it to the person collecting the "
                     "answers for them (such as your facilitator).</p>")
        except DataError as exc:
            data = answers.answer_bytes(code, answer_id, placement)
            where = (f"<p role='alert'>Not saved in the shared folder: "
                     f"{escape(exc.problems[0].message)}. Download your answer file and send "
                     "it on instead: to stay anonymous, to the person collecting the answers "
                     "for your colleague (such as your facilitator).</p>")
        link = (f"<a download='{escape(name)}' href='data:application/json;base64,"
                f"{base64.b64encode(data).decode('ascii')}'>Download my answer file</a>")
        self.feedback.html = (where + f"<p>{link}. Changed your mind? Move the sliders and "
                              "share again: your new answer replaces this one.</p>")
