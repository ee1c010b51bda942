"""The promise ledger activity: the weeks to mark kept or broken, the cost slider, the
grid, the timeline and words, saved as they change.

The story is predict first: the learner says where the manager will end up, then plays the
weeks. Until then the grid, the timeline, the words and the numbers that give the end point
away stay hidden, and the weeks cannot be changed.

The arithmetic is in :mod:`trustgrid.ledger_model`, the figures in
:mod:`trustgrid.ledger_figures`.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import traitlets

from ..grid import OTHERS, YOU
from ..ledger_figures import (
    TRAIL,
    grid_figure,
    grid_values,
    table_html,
    timeline_figure,
    timeline_values,
)
from ..ledger_model import (
    BROKEN,
    KEPT,
    LedgerData,
    Track,
    compared,
    cost_words,
    ledger_of,
    score,
    summary,
    track,
)
from ..markup import para, style_sheet
from ..model import Regions
from ..static import to_html
from .answers import Reveal, model_answer
from .controls import LiveText, Slider
from .figure import Figure
from .session import SessionLike

MODES = ("story", "own")  # the ledger's modes; build() also takes "answer"
ASYMMETRY_MIN, ASYMMETRY_MAX, ASYMMETRY_STEP = 1.0, 5.0, 0.5
ASYMMETRY_LABEL = "How much more a broken promise costs than a kept one gains"


def asymmetry_hint(ledger: LedgerData, asymmetry: float) -> str:
    """The slider's hint, in numbers for its current value, from the data's gains."""
    return (f"1 = the same; 5 = five times as much. Now a kept promise adds "
            f"{score(ledger.gain_caring)} to caring and a broken one takes away "
            f"{score(ledger.gain_caring * asymmetry)}. Trust is lost faster than it is built "
            "(Slovic, 1993).")


_STYLE = style_sheet(__file__, "ledger.css")


class PromiseLedger(w.VBox):
    """The weeks to mark kept or broken, the cost slider, the grid, the timeline and words.

    ``value`` is what the learner chose, ``{"outcomes": [...], "asymmetry": ...}``, and in
    the story also ``"prediction"`` (a region's key, or None) and ``"revealed"`` (whether
    the weeks have played): observe it to save their work. In the story, ``prediction`` is
    the question asked first and ``play`` the Reveal that waits for it; in the learner's own
    ledger both are None, as there is no story to predict."""

    value = traitlets.Dict(read_only=True)

    def __init__(self, regions: Regions, ledger: LedgerData, *, mode: str = "story",
                 outcomes: list[str | None] | None = None, asymmetry: float | None = None,
                 prediction: str | None = None, revealed: bool = False):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.regions, self.ledger, self.mode = regions, ledger, mode
        self._quiet = False
        self.prediction = self.play = None
        if mode == "story":
            self.prediction = self._prediction_choice(prediction)
            self.play = self._play(ready=prediction is not None,
                                   revealed=revealed and prediction is not None)
        start_outcomes = list(outcomes) if outcomes is not None else self.default_outcomes()
        cost = ledger.asymmetry if asymmetry is None else asymmetry
        self.asymmetry = Slider(value=cost, min=ASYMMETRY_MIN, max=ASYMMETRY_MAX,
                                step=ASYMMETRY_STEP, label=ASYMMETRY_LABEL,
                                hint=asymmetry_hint(ledger, cost))
        self.weeks = [self._week_choice(i, o) for i, o in enumerate(start_outcomes)]
        result = self.result()
        self.figure = Figure(grid_figure(regions, ledger, result))
        self.timeline = Figure(timeline_figure(regions, result))
        self.readout = LiveText(html=self._readout_html(result))
        self.table = w.HTML(table_html(regions, ledger, result))
        self.reset_button = w.Button(
            description="Back to the story" if mode == "story" else "Clear my choices",
            icon="undo", tooltip="Put every week back as it started",
            layout=w.Layout(width="fit-content", margin="6px 0"))
        self.reset_button.on_click(lambda _b: self.reset())

        for choice in self.weeks:
            choice.observe(self._changed, "value")
        self.asymmetry.observe(self._changed, "value")

        rows = [w.HBox([w.HTML(f"<div style='font-size:14px;line-height:1.35'><strong>Week {i + 1}"
                               f"</strong>: {html.escape(p)}</div>",
                               layout=w.Layout(flex="1 1 auto", width="auto")), choice],
                       layout=w.Layout(align_items="center")).add_class("tg-ledger-week")
                for i, (p, choice) in enumerate(zip(ledger.promises, self.weeks))]
        what = ("Each week, was the promise kept or broken? Change any week and watch what happens."
                if mode == "story" else
                "Decide for each week whether the promise is kept or broken.")
        left = w.VBox([w.HTML(f"<p style='font-size:15px;margin:4px 0'><strong>{html.escape(ledger.name)}"
                              f"'s promises.</strong> {what}</p>"), *rows],
                      layout=w.Layout(flex="1 1 360px", min_width="320px", margin="0 16px 0 0"))
        self.right = w.VBox([],
                       layout=w.Layout(flex="1 1 440px", min_width="340px"))
        header = w.HTML(
            f"{_STYLE}<h3 class='tg-title'>The promise ledger: {html.escape(ledger.name)}, "
            f"{html.escape(ledger.role)}</h3><p style='font-size:15px;max-width:760px'>"
            f"{html.escape(ledger.intro)}</p>")
        children = [header, self.asymmetry,
                    w.HBox([left, self.right], layout=w.Layout(flex_flow="row wrap",
                                                          align_items="flex-start")),
                    *self._question(), self.table, self.reset_button]
        super().__init__(children)
        self.add_class("tg-ledger")
        self._played = [self.asymmetry, self.table, self.reset_button]
        self._show_played()
        self.set_trait("value", self._value())
        if self.play is not None:
            self.prediction.observe(self._predicted, "value")
            self.play.observe(self._played_now, "revealed")

    # --- the story: predict, then play -----------------------------------------------------
    def _prediction_choice(self, prediction: str | None) -> w.RadioButtons:
        choice = w.RadioButtons(
            options=[(region.name, region.key) for region in self.regions],
            value=prediction, tooltip=self._question_words(),
            layout=w.Layout(width="auto"))
        choice.add_class("tg-ledger-prediction")
        return choice

    def _question_words(self) -> str:
        return f"Where will {self.ledger.name} be after week {len(self.ledger.promises)}?"

    def _play(self, *, ready: bool, revealed: bool) -> Reveal:
        story = track(self.ledger, self.ledger.outcomes, self.ledger.asymmetry)
        weeks = len(self.ledger.promises)
        return Reveal(story, label=f"Show the {weeks} weeks", shown=f"The {weeks} weeks are shown",
                      render=lambda result: para(compared(self.regions, self.ledger,
                                                          self.prediction.value, result)),
                      tooltip=f"Show where each week takes {self.ledger.name} on the grid",
                      hint=f"First choose where you think {self.ledger.name} will be.",
                      ready=ready, revealed=revealed)

    def _question(self) -> list[w.Widget]:
        if self.play is None:
            return []
        ask = w.HTML(
            f"<p style='font-size:15px;margin:10px 0 2px'><strong>Predict first. "
            f"{html.escape(self._question_words())}</strong> Read {html.escape(self.ledger.name)}'s "
            f"promises above: a broken one {html.escape(cost_words(self.ledger.asymmetry))}. "
            "Then choose a region.</p>")
        return [ask, self.prediction, self.play]

    @property
    def played(self) -> bool:
        """True once the story's weeks are on show (always, in the learner's own ledger)."""
        return self.play is None or self.play.revealed

    def _show_played(self) -> None:
        # The figures join the page only once played: a hidden figure is still a figure on
        # the page, and would be drawn at no size.
        self.right.children = [self.readout, self.figure, self.timeline] if self.played else []
        for part in self._played:
            part.layout.display = None if self.played else "none"
        for choice in self.weeks:
            choice.disabled = not self.played
        if self.prediction is not None:
            self.prediction.disabled = self.played  # the prediction stays as it was made

    def _predicted(self, change) -> None:
        self.play.ready = change["new"] is not None
        self.set_trait("value", self._value())

    def _played_now(self, _change) -> None:
        self._show_played()
        self.set_trait("value", self._value())

    def static_html(self) -> str:
        """On paper, what the page shows now: before the weeks play, not where they end."""
        return _visible_html(self)

    def _week_choice(self, index: int, outcome: str | None) -> w.RadioButtons:
        return w.RadioButtons(
            options=[("Kept", KEPT), ("Broken", BROKEN)],
            index=None if outcome is None else (0 if outcome == KEPT else 1),
            orientation="horizontal", tooltip=f"Week {index + 1}: kept or broken?",
            layout=w.Layout(width="auto", flex="0 0 auto"))

    def default_outcomes(self) -> list[str | None]:
        if self.mode == "story":
            return list(self.ledger.outcomes)
        return [None] * len(self.ledger.promises)

    @property
    def outcomes(self) -> list[str | None]:
        return [choice.value for choice in self.weeks]

    def _value(self) -> dict:
        value = {"outcomes": self.outcomes, "asymmetry": self.asymmetry.value}
        if self.play is not None:
            value.update(prediction=self.prediction.value, revealed=self.play.revealed)
        return value

    def result(self) -> Track:
        return track(self.ledger, self.outcomes, self.asymmetry.value)

    def summary(self) -> str:
        return summary(self.regions, self.ledger, self.result())

    def _readout_html(self, result: Track) -> str:
        region = self.regions.of(result.points[-1])
        return (para(summary(self.regions, self.ledger, result))
                + f"<p><strong>{html.escape(region.name)}</strong>: "
                f"{html.escape(region.meaning)}</p>")

    def _changed(self, _change=None) -> None:
        if self._quiet:
            return
        self.refresh()
        self.set_trait("value", self._value())

    def refresh(self) -> None:
        result = self.result()
        others, you, trail = grid_values(self.ledger, result)
        timeline = timeline_values(result)
        with self.figure.batch_update():
            self.figure.data[OTHERS].update(others)
            self.figure.data[YOU].update(you)
            self.figure.data[TRAIL].update(trail)
        with self.timeline.batch_update():
            self.timeline.data[0].update(timeline)
        self.readout.html = self._readout_html(result)
        self.asymmetry.hint = asymmetry_hint(self.ledger, self.asymmetry.value)
        self.table.value = table_html(self.regions, self.ledger, result)

    def reset(self) -> None:
        """Put every week back as it started, then update and save once."""
        self._quiet = True
        try:
            for choice, outcome in zip(self.weeks, self.default_outcomes()):
                choice.index = None if outcome is None else (0 if outcome == KEPT else 1)
        finally:
            self._quiet = False
        self._changed()
        # said even when nothing had changed, so pressing it always answers
        done = ("Every week is back as the story tells it." if self.mode == "story"
                else "Every week is undecided again.")
        self.readout.html = para(done) + self.readout.html


def _visible_html(widget: w.Widget) -> str:
    """Static HTML of a widget tree, leaving out the parts hidden from view."""
    layout = getattr(widget, "layout", None)  # a figure's layout is its plotly one
    if isinstance(layout, w.Layout) and layout.display == "none":
        return ""
    if isinstance(widget, w.Box) and not callable(getattr(widget, "static_html", None)) \
            or isinstance(widget, PromiseLedger):
        return "<div class='tg-box'>" + "".join(_visible_html(c) for c in widget.children) + "</div>"
    return to_html(widget)


class ModelAnswer(Reveal):
    """The exercise's model answer, hidden until the learner presses Reveal (or the note
    that there is none, when ``text`` is None)."""

    def __init__(self, text: str | None, *, revealed: bool = False):
        super().__init__(text, label="Reveal the model answer", shown="Model answer shown",
                         render=lambda answer: f"<p><strong>Model answer.</strong> "
                                               f"{html.escape(answer)}</p>",
                         tooltip="Show a worked answer", revealed=revealed)


def _saved_outcomes(saved: Any, weeks: int, mode: str) -> list[str | None] | None:
    """Saved choices if they still fit the data (same number of weeks), else None."""
    allowed = (KEPT, BROKEN) if mode == "story" else (KEPT, BROKEN, None)
    if isinstance(saved, list) and len(saved) == weeks and all(o in allowed for o in saved):
        return saved
    return None


def _saved_asymmetry(saved: Any) -> float | None:
    if isinstance(saved, (int, float)) and not isinstance(saved, bool) \
            and ASYMMETRY_MIN <= saved <= ASYMMETRY_MAX:
        return float(saved)
    return None


def _saved_prediction(saved: Any, regions: Regions) -> str | None:
    return saved if isinstance(saved, str) and saved in regions.by_key else None


def build(session: SessionLike, mode: str = "story") -> PromiseLedger | ModelAnswer:
    """The promise ledger. ``mode="story"`` starts from the data's outcomes, and asks where
    the manager will end up before it plays them; ``"own"`` starts with every week undecided; ``"answer"`` is the exercise's model answer behind a
    Reveal button (or the note that there is none), in its own cell so the learner can note
    what they found first.
    Choices, the slider, the prediction and Reveal are saved as they change, and restored."""
    if mode not in (*MODES, "answer"):
        raise ValueError(f"mode must be one of {', '.join(MODES)}, answer; not {mode!r}")
    course = session.course
    ledger = ledger_of(course)
    if mode == "answer":
        answer = ModelAnswer(model_answer(course, ledger.model_answer),
                             revealed=session.answer("ledger:answer") is True)
        answer.observe(lambda change: session.save("ledger:answer", change["new"]),
                       names="revealed")
        return answer
    key = f"ledger:{mode}"
    saved = session.answer(key)
    saved = saved if isinstance(saved, dict) else {}
    activity = PromiseLedger(
        course.regions, ledger, mode=mode,
        outcomes=_saved_outcomes(saved.get("outcomes"), len(ledger.promises), mode),
        asymmetry=_saved_asymmetry(saved.get("asymmetry")),
        prediction=_saved_prediction(saved.get("prediction"), course.regions),
        revealed=saved.get("revealed") is True)

    activity.observe(lambda change: session.save(key, change["new"]), names="value")
    return activity
