"""The facilitator's view of the room: where everyone placed each scenario.

Reads every response file in the responses folder (and any uploaded), shows one
scenario's placements on the trust grid with the group median and spread, ranks the
scenarios by disagreement, and lists files it had to skip — never failing on them.
Its **Projector view** (widgets/projector.py) shows the room one scenario at a time.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import ipywidgets as w

from ..grid import OTHERS, SUGGESTED, YOU, Point, build_figure, you_trace_values
from ..markup import Markup, bullets, escape, table
from ..model import Placement
from ..summary import ScenarioSummary, summarise
from ..workshop import default_folder, load_responses, shown_names
from .answers import model_answer
from .controls import LiveText
from .figure import Figure
from .session import SessionLike

MAX_UPLOAD_BYTES = 1024 * 1024
NAMES_UP_TO = 8  # beyond this many people, names overlap: show them on hover only


class Dashboard(w.VBox):
    def __init__(self, session: SessionLike, folder: str | Path | None = None):
        self.course = session.course
        self.folder = Path(folder) if folder else default_folder()
        self.uploads = Path(tempfile.mkdtemp(prefix="trustgrid-uploads-"))
        self.responses, self.skipped, self.summaries = [], [], []
        self.refresh_button = w.Button(description="Refresh", icon="refresh", button_style="primary",
                                       tooltip="Read the responses folder again")
        self.upload = w.FileUpload(accept=".json", multiple=True, description="Add response files")
        self.choice = w.Dropdown(description="Scenario", layout=w.Layout(width="min(100%, 560px)"),
                                 style={"description_width": "70px"})
        self.show_suggested = w.ToggleButton(description="Show suggested placement", icon="eye")
        self.projector_view = w.ToggleButton(
            description="Projector view", icon="television", layout=w.Layout(width="auto"),
            tooltip="One scenario at a time, in large type, for the shared screen")
        self.projector = None  # made the first time the projector view is turned on
        self.summary = LiveText()
        self.ranking = w.HTML()
        self.problems = w.HTML()
        self.figure = None
        self.refresh()
        # Built after the first read, in its final state (see DESIGN pitfall 2 on Voilà).
        points, median, suggested = self._state()
        figure = build_figure(self.course.regions, others=points, you=median,
                              you_label="Group median", suggested=suggested or Placement(5, 5),
                              height=460)
        figure.data[OTHERS].mode = names_mode(points)
        self.figure = Figure(figure)
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.upload.observe(self._uploaded, "value")
        self.choice.observe(lambda _c: self._draw(), "value")
        self.show_suggested.observe(lambda _c: self._draw(), "value")
        self.projector_view.observe(lambda _c: self._switch_view(), "value")
        self.board = [
            w.HTML(f"<p>Responses folder: <code>{html.escape(str(self.folder))}</code></p>"),
            w.HBox([self.refresh_button, self.upload]),
            self.choice, w.HBox([self.figure], layout=w.Layout(max_width="640px")),
            self.show_suggested, self.summary,
            w.HTML("<h3>Which scenarios to discuss first</h3>"), self.ranking, self.problems]
        self.view_switch = w.HBox([self.projector_view])
        super().__init__([self.view_switch, *self.board])

    def _switch_view(self) -> None:
        if self.projector_view.value:
            from .projector import Projector  # it reads this module: imported when first used

            if self.projector is None:
                self.projector = Projector(self)
            self.projector.show(self.choice.value)  # start where the dashboard is
            self.children = (self.view_switch, self.projector)
            self.projector_view.description = "Back to the dashboard"
        else:
            self.projector_view.description = "Projector view"
            self.children = (self.view_switch, *self.board)

    def refresh(self) -> None:
        responses, skipped = load_responses(self.folder)
        extra, extra_skipped = load_responses(self.uploads)
        self.responses, self.skipped = responses + extra, skipped + extra_skipped
        known = set(self.course.scenarios)
        self.summaries = [s for s in summarise(self.responses, self.course.regions.threshold)
                          if s.scenario in known]
        current = self.choice.value
        options = [(f"{self.course.scenarios[s.scenario].title} ({s.n} placed, spread {s.spread:.1f})",
                    s.scenario) for s in self.summaries]
        self.choice.options = options or [("No placements yet", "")]
        self.choice.value = current if current in {v for _, v in options} else self.choice.options[0][1]
        self.ranking.value = self._ranking_html()
        self.problems.value = self._problems_html()
        self._draw()

    def _uploaded(self, change) -> None:
        for item in change["new"]:
            # Never trust a name from the browser: keep a tidy, numbered copy of it.
            shown = re.sub(r"[^\w.\- ]", "_", Path(str(item["name"])).name)[:80] or "unnamed"
            if len(item["content"]) > MAX_UPLOAD_BYTES:
                self.skipped.append((shown, "larger than 1 MB"))
                continue
            number = len(list(self.uploads.iterdir())) + 1
            (self.uploads / f"upload-{number:03d}-{shown}").write_bytes(bytes(item["content"]))
        self.refresh()

    def _current(self) -> ScenarioSummary | None:
        return next((s for s in self.summaries if s.scenario == self.choice.value), None)

    def group(self, scenario: str) -> tuple[list[Point], ScenarioSummary | None]:
        """Everyone's placement of ``scenario``, by name, and the group's summary (or None)."""
        summary = next((s for s in self.summaries if s.scenario == scenario), None)
        names = shown_names(self.responses)
        points = [Point(Placement(*r.placements[scenario]), names[r.file])
                  for r in self.responses if scenario in r.placements]
        return (points, summary) if summary else ([], None)

    def _state(self) -> tuple[list[Point], Placement | None, Placement | None]:
        summary = self._current()
        if not summary:
            return [], None, None
        points, _ = self.group(summary.scenario)
        median = Placement(summary.median_competence, summary.median_caring)
        return points, median, model_answer(self.course, self.course.scenarios[summary.scenario].suggested)

    def _draw(self) -> None:
        points, median, suggested = self._state()
        self.summary.html = self._summary_html(self._current(), suggested)
        if self.figure is None:
            return
        with self.figure.batch_update():
            others = self.figure.data[OTHERS]
            others.x = [p.placement.competence for p in points]
            others.y = [p.placement.caring for p in points]
            others.text = [html.escape(p.label) for p in points]
            others.mode = names_mode(points)
            others.hovertext = [f"{html.escape(p.label)}: competence {p.placement.competence:g}, "
                                f"caring {p.placement.caring:g}" for p in points]
            self.figure.data[YOU].update(**you_trace_values(median, "Group median"))
            if suggested:
                self.figure.data[SUGGESTED].update(x=[suggested.competence], y=[suggested.caring])
            self.figure.data[SUGGESTED].visible = bool(suggested and self.show_suggested.value)

    def _summary_html(self, summary: ScenarioSummary | None, suggested: Placement | None) -> str:
        text = self.group_words(summary)
        if summary and suggested and self.show_suggested.value:
            text += (f"<p>Suggested placement: competence {suggested.competence:g}, caring "
                     f"{suggested.caring:g} ({html.escape(self.course.regions.of(suggested).name)}).</p>")
        return text

    def group_words(self, summary: ScenarioSummary | None) -> str:
        """Where the group placed one scenario, in words (the figure's text alternative)."""
        if not summary:
            return ("<p>No placements yet. Ask participants to press <strong>Share my "
                    "placements</strong>, then press Refresh.</p>")
        regions = self.course.regions
        shares = ", ".join(f"{regions.by_key[k].name} {v:.0%}" for k, v in summary.shares.items() if v)
        text = (f"<p><strong>{summary.n}</strong> people placed "
                f"{html.escape(self.course.scenarios[summary.scenario].person)}. Group median: "
                f"competence {summary.median_competence:g}, caring {summary.median_caring:g} "
                f"({html.escape(regions.of(Placement(summary.median_competence, summary.median_caring)).name)}). "
                "(The median is the middle answer: half the group scored higher, half lower.) "
                f"Spread: on average, a placement is {summary.spread:.1f} steps from that middle "
                "point (0 = everyone agrees). "
                f"By region: {html.escape(shares)}.</p>")
        return text

    def _ranking_html(self) -> str:
        if not self.summaries:
            return "<p>Nothing to rank yet.</p>"
        rows = [(i, self.course.scenarios[s.scenario].title, s.n, f"{s.spread:.1f}")
                for i, s in enumerate(self.summaries, 1)]
        return table(("#", "Scenario", "People", "Spread"), rows,
                     caption="Most disagreement first", cls="tg-table")

    def _problems_html(self) -> str:
        if not self.skipped:
            return ""
        items = [Markup(f"<code>{escape(name)}</code>: {escape(why)}") for name, why in self.skipped]
        return f"<h3>Files skipped ({len(self.skipped)})</h3>{bullets(items)}"


def names_mode(points: list[Point]) -> str:
    return "markers+text" if len(points) <= NAMES_UP_TO else "markers"


def build(session: SessionLike, folder: str | Path | None = None) -> Dashboard:
    return Dashboard(session, folder)
