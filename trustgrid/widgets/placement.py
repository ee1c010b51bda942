"""Place a person on the trust grid with two sliders, then compare with the suggestion."""

from __future__ import annotations

import html

import anywidget
import ipywidgets as w
import traitlets

from ..data import Course, Scenario
from ..grid import (
    SUGGESTED,
    YOU,
    build_figure,
    describe_comparison,
    describe_placement,
    you_trace_values,
)
from ..markup import bullets, para
from ..model import HIGH, LOW, Placement, Regions, placement_or_none
from ..static import static_mode
from .answers import RevealsAnswer, model_answer
from .controls import check_range, slider_html
from .feedback import error_box
from .figure import DrawsFigure
from .front_end import joined
from .session import SessionLike

COMPETENCE_HINT = "0 = cannot do the job; 10 = excellent at it"
CARING_HINT = "0 = does not seem to care about people; 10 = clearly cares"
MIDDLE = Placement(5, 5)  # where the sliders of a person not placed yet sit, showing no value
# The front-end files a placement is drawn with (placement.js's drawPlacement and its parts).
PLACEMENT_JS = ("keep_keys.js", "slider.js", "live_text.js", "plotly_figure.js", "placement.js")
PLACEMENT_CSS = ("slider.css", "live_text.css", "placement.css")


class PlacementSlider(traitlets.HasTraits):
    """One of a placement's two sliders, as Python sees it: ``value``, ``label``, ``hint`` and
    ``unset`` (no value shown yet) are kept in step with the placement's own traits, which
    its front end draws. It is not a widget: the placement's one view draws both sliders."""

    value = traitlets.Float(MIDDLE.competence)
    label = traitlets.Unicode("")
    hint = traitlets.Unicode("")
    unset = traitlets.Bool(False)

    def __init__(self, owner: GridPlacement, prefix: str) -> None:
        self._owner = owner
        super().__init__(**{name: getattr(owner, prefix + name) for name in self.trait_names()})
        for name in self.trait_names():
            traitlets.link((self, name), (owner, prefix + name))

    @traitlets.validate("value")
    def _on_the_scale(self, proposal):  # checked here too, so a bad value is never held
        return check_range(self.label, proposal["value"], self._owner.min, self._owner.max)

    def static_html(self) -> str:
        return slider_html(self.label, self.value, self._owner.max, unset=self.unset)


class GridPlacement(DrawsFigure, anywidget.AnyWidget):
    """Two sliders, a live trust grid and a readout in words, for one person.

    ``labels`` (competence, caring) and ``not_placed`` replace the words made from ``who``
    where they would not read well ("yourself").

    ``placement`` follows the sliders: observe it to save the work. Without a ``start`` the
    person is not placed yet (``placement`` is None, no marker, no values shown), so the
    learner predicts from a blank grid rather than from a middle that reads as Trust; the
    first move of either slider places them. Move the sliders with :meth:`set_placement`,
    or through ``competence`` and ``caring`` (:class:`PlacementSlider`). ``figure`` is the
    grid, to change as a ``go.Figure``; ``readout`` the words, as HTML.

    One widget and one view (placement.js) draw it all: as separate widgets the sliders,
    words and figure were sixteen widget models and six views, and making them was most of
    what a placement cost the browser.
    """

    _esm = joined(*PLACEMENT_JS, "placement_widget.js")
    _css = joined(*PLACEMENT_CSS)
    # The sliders' state, as slider.js reads it (a prefix for each slider's own traits).
    _competence_value = traitlets.Float(MIDDLE.competence).tag(sync=True)
    _competence_label = traitlets.Unicode("").tag(sync=True)
    _competence_hint = traitlets.Unicode(COMPETENCE_HINT).tag(sync=True)
    _competence_unset = traitlets.Bool(False).tag(sync=True)
    _caring_value = traitlets.Float(MIDDLE.caring).tag(sync=True)
    _caring_label = traitlets.Unicode("").tag(sync=True)
    _caring_hint = traitlets.Unicode(CARING_HINT).tag(sync=True)
    _caring_unset = traitlets.Bool(False).tag(sync=True)
    min = traitlets.Float(LOW).tag(sync=True)
    max = traitlets.Float(HIGH).tag(sync=True)
    step = traitlets.Float(1).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    readout = traitlets.Unicode("").tag(sync=True)
    _follow = traitlets.Int(YOU).tag(sync=True)  # the trace whose marker follows the sliders
    placement = traitlets.Instance(Placement, allow_none=True, read_only=True)

    def __init__(self, regions: Regions, who: str, *, start: Placement | None = None,
                 suggested: Placement | None = None, show_suggested: bool = False,
                 title: str = "", labels: tuple[str, str] | None = None,
                 not_placed: str = "", **kwargs):
        self.regions = regions
        self.who = who
        self.not_placed = not_placed or f"{who[:1].upper()}{who[1:]} is not placed yet"
        at = start or MIDDLE
        unset = start is None
        competence_label, caring_label = labels or (f"Competence of {who}", f"Caring of {who}")
        super().__init__(
            figure=build_figure(regions, you=start, suggested=suggested,
                                show_suggested=show_suggested, title=title),
            _competence_value=at.competence, _competence_label=competence_label,
            _competence_unset=unset,
            _caring_value=at.caring, _caring_label=caring_label, _caring_unset=unset,
            readout=self._readout_html(start), **kwargs)
        self.set_trait("placement", start)
        self.competence = PlacementSlider(self, "_competence_")
        self.caring = PlacementSlider(self, "_caring_")
        self.observe(self._moved, ["_competence_value", "_caring_value"])

    @traitlets.validate("_competence_value", "_caring_value")
    def _on_the_scale(self, proposal):  # as a front end sends it
        label = getattr(self, proposal["trait"].name.replace("_value", "_label"))
        return check_range(label, proposal["value"], self.min, self.max)

    @property
    def placed(self) -> bool:
        return self.placement is not None

    def set_placement(self, placement: Placement) -> None:
        with self.hold_trait_notifications():  # observers hear the final placement once
            self.competence.value = placement.competence
            self.caring.value = placement.caring
        if not self.placed:  # placed even where both values were already there
            self._moved()

    def description(self) -> str:
        return self._readout_text(self.placement)

    def static_html(self) -> str:
        """On paper (the handout): the sliders' values or blanks, the words and the grid."""
        return ("<div class='tg-box'>" + self.competence.static_html()
                + self.caring.static_html() + f"<div class='tg-live'>{self.readout}</div>"
                + self.figure.static_html() + "</div>")

    def _readout_text(self, placement: Placement | None) -> str:
        if placement is None:
            how = ("write in the scores you would give" if static_mode() else
                   "move the competence and caring sliders to say where you would put them")
            return f"{self.not_placed}: {how}."
        return describe_placement(self.regions, self.who, placement)

    def _readout_html(self, placement: Placement | None) -> str:
        if placement is None:
            return para(self._readout_text(None))
        region = self.regions.of(placement)
        return (f"<p><strong>{html.escape(region.name)}</strong>: {html.escape(region.meaning)}</p>"
                + para(self._readout_text(placement)))

    def _moved(self, _change=None) -> None:
        placement = Placement(self._competence_value, self._caring_value)
        with self.hold_sync():  # one message for the words and the sliders' state
            self._competence_unset = self._caring_unset = False  # one slider moved places the person
            self.readout = self._readout_html(placement)
        with self.figure.batch_update():
            self.figure.data[YOU].update(**you_trace_values(placement, "Your placement"))
        self.set_trait("placement", placement)


class ScenarioActivity(RevealsAnswer, GridPlacement):
    """A scenario's story, the placement sliders and grid, and a Reveal button, in one view
    (scenario.js): it is the placement itself (``grid`` is the activity), with a Reveal.

    Reveal shows the suggested placement on the grid, the reasoning, the discussion
    prompts, and how far the learner's own placement is from the suggestion; with no
    suggestion in this edition, the prompts are shown straight away. Observe ``placement``
    and ``revealed`` to save the work.
    """

    _esm = joined(*PLACEMENT_JS, "reveal.js", "scenario.js")
    _header = traitlets.Unicode("").tag(sync=True)

    def __init__(self, course: Course, scenario: Scenario, *, start: Placement | None = None,
                 revealed: bool = False):
        self.course = course
        self.scenario = scenario
        self.suggested = model_answer(course, scenario.suggested)
        self.set_trait("placement", start)  # for the Reveal's first words
        reveal = self._reveal_state(
            self.suggested, label="Reveal suggested placement",
            shown="Suggested placement shown", render=self._feedback_html,
            tooltip="Show where the course places this person, and why",
            ready=start is not None, revealed=revealed,
            hint=f"Place {scenario.person} with the sliders first: then "
                 "you can compare your view with the course's.",
            instead="<p><strong>To discuss:</strong></p>" + bullets(scenario.prompts))
        # Restored already revealed: the figure is built with the suggestion showing.
        super().__init__(course.regions, scenario.person, start=start, suggested=self.suggested,
                         show_suggested=reveal["revealed"], _header=(
                             f"<h3 class='tg-title'>{html.escape(scenario.title)}</h3>"
                             f"<p class='tg-meta'><strong>{html.escape(scenario.setting)}</strong>"
                             f" · {html.escape(scenario.viewpoint)}</p>{para(scenario.story)}"),
                         **reveal)
        self._wire_reveal()
        self.feedback = self.panel
        self.add_class("tg-scenario")
        self.observe(self._placed_now, "placement")
        self.observe(self._reveal_shown, "revealed")

    @property
    def grid(self) -> ScenarioActivity:
        """The placement: this activity draws it (sliders, words and grid)."""
        return self

    def static_html(self) -> str:
        return ("<div class='tg-box'>" + self._header + super().static_html()
                + self.reveal_static_html() + "</div>")

    def _reveal_shown(self, change) -> None:
        with self.figure.batch_update():
            self.figure.data[SUGGESTED].visible = change["new"]

    def _placed_now(self, _change) -> None:
        self.ready = True
        self.refresh()

    def _feedback_html(self, suggested: Placement) -> str:
        s = self.scenario
        return (para(describe_comparison(self.course.regions, self.placement, suggested))
                + f"<p><strong>Why:</strong> {html.escape(s.reasoning)}</p>"
                + "<p><strong>To discuss:</strong></p>" + bullets(s.prompts))


def build(session: SessionLike, scenario: str | int) -> w.Widget:
    """``course.place(scenario)``: one scenario to place, saved as it moves (see Session.place)."""
    if isinstance(scenario, int):
        listed = session.uses("scenarios")
        if not 1 <= scenario <= len(listed):
            return error_box(f"{session.course.folder / 'course.yaml'}: this notebook "
                             f"({session.notebook}) asks for scenario {scenario}, but the course "
                             f"map lists {len(listed)} for it under notebooks.{session.notebook}.scenarios")
        scenario = listed[scenario - 1]
    scenario_id = scenario
    scenario = session.course.scenarios.get(scenario_id)
    if scenario is None:
        known = ", ".join(session.course.scenarios)
        return error_box(f"{session.course.folder / 'scenarios.yaml'}: there is no scenario "
                         f"with id {scenario_id!r}. Known ids: {known}")
    key = f"place:{scenario_id}"
    saved = session.answer(key)
    saved = saved if isinstance(saved, dict) else {}
    activity = ScenarioActivity(session.course, scenario, start=placement_or_none(saved),
                                revealed=saved.get("revealed") is True)

    def record(_change=None):
        if activity.placement is None:
            return
        session.save(key, {"competence": activity.placement.competence,
                           "caring": activity.placement.caring,
                           "revealed": activity.revealed})

    activity.observe(record, names=["placement", "revealed"])
    return activity
