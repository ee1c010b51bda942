"""Workshop mode for a participant: share your placements with the facilitator.

Only a display name or pseudonym is asked for. The placements go to the shared responses
folder (set by the facilitator as TRUSTGRID_RESPONSES_DIR) and can always be downloaded
as a file to hand in, for example from a Binder session.
"""

from __future__ import annotations

import base64
import html

import ipywidgets as w

from ..errors import DataError
from ..text import plural
from ..workshop import (
    clean_name,
    default_folder,
    learner_id,
    name_taken,
    name_warnings,
    write_response,
)
from .controls import LiveText, TextBox
from .session import SessionLike


def placements_in(answers: dict) -> dict[str, dict]:
    """Every scenario placement a learner has saved, in any notebook."""
    found = {}
    for notebook_answers in answers.values():
        for key, value in notebook_answers.items():
            if key.startswith("place:") and isinstance(value, dict):
                found[key.split(":", 1)[1]] = {"competence": value.get("competence"),
                                               "caring": value.get("caring")}
    return found


def build(session: SessionLike) -> w.Widget:
    name = TextBox(label="Your display name for the workshop", rows=1, max_length=40,
                   hint="A first name or a pseudonym is enough. No other personal details.",
                   value=str(session.answer("workshop_name", "") or ""))
    button = w.Button(description="Share my placements", icon="share", button_style="primary",
                      layout=w.Layout(width="fit-content"))
    feedback = LiveText()
    name.observe(lambda change: session.save("workshop_name", change["new"]), "value")

    def share(_button=None) -> None:
        placements = placements_in(session.store.answers())
        if not placements:
            feedback.html = "<p>You have not placed any scenarios yet: place some, then share.</p>"
            return
        learner = learner_id(session.store)
        try:
            taken = name_taken(None, name.value, learner)
            path = write_response(None, name.value, placements, learner)
        except DataError as exc:
            feedback.html = f"<p role='alert'>Not shared: {html.escape(exc.problems[0].message)}</p>"
            return
        shown = clean_name(name.value)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        notes = [(f"Someone else has already shared as <strong>{html.escape(shown)}</strong>: "
                  "both responses are kept, and your facilitator will see the name twice. To "
                  "tell them apart, add an initial and share again.")] if taken else []
        notes += [f"Please check your name: {html.escape(why)}." for why in name_warnings(shown)]
        feedback.html = (
            f"<p>Shared {plural(len(placements), 'placement')} as "
            f"<strong>{html.escape(shown)}</strong> in "
            f"<code>{html.escape(str(default_folder()))}</code>. If your facilitator cannot see "
            "that folder (for example on Binder), "
            f"<a download='{html.escape(path.name)}' "
            f"href='data:application/json;base64,{data}'>download your response file</a> and "
            "send it to them.</p>" + "".join(f"<p role='status'>{n}</p>" for n in notes))

    button.on_click(share)
    return w.VBox([name, button, feedback])
