"""Your work: download everything you have saved as one file, and load it back in later.

On Binder a session is temporary, so this is how a learner keeps their answers: the file
is readable Markdown with the data at its end, and loading it (here, in a new session)
brings the answers back. Nothing goes over the network: the download is a ``data:`` link.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..bundle import MAX_IMPORT_BYTES, export_bundle, import_bundle
from ..errors import DataError, Problem
from ..markup import bullets
from ..text import plural
from .action_plan import download_link
from .controls import LiveText
from .session import SessionLike

FILENAME = "my-building-trust-work.md"


def build(session: SessionLike) -> w.Widget:
    return YourWork(session)


class YourWork(w.VBox):
    """A "Download my work" button that makes a fresh download link, and a "Load my work" upload."""

    def __init__(self, session: SessionLike):
        self.session = session
        self.download_button = w.Button(description="Download my work", icon="download",
                                        button_style="primary",
                                        tooltip="Make a file of everything you have saved so far",
                                        layout=w.Layout(width="fit-content", margin="6px 0"))
        self.download_button.on_click(lambda _b: self.prepare_download())
        self.link = w.HTML()
        self.download_status = LiveText()
        self.upload = w.FileUpload(accept=".md,.json", multiple=False, description="Load my work",
                                   tooltip="Choose a file you downloaded before: my-building-trust-work.md",
                                   layout=w.Layout(width="fit-content", margin="6px 0"))
        self.upload.observe(self._uploaded, "value")
        self.load_status = LiveText()
        super().__init__([
            w.HTML("<h4 style='margin:8px 0 2px'>Download</h4>"),
            self.download_button, self.link, self.download_status,
            w.HTML("<h4 style='margin:14px 0 2px'>Load</h4><p style='font-size:14px;max-width:720px;"
                   "margin:0'>Choose a file you downloaded from this course before "
                   f"({FILENAME}, up to {MAX_IMPORT_BYTES // 2**20} MB). Answers in the file "
                   "replace any saved answers with the same name.</p>"),
            self.upload, self.load_status])
        self.add_class("tg-your-work")

    def prepare_download(self) -> None:
        """Make the file from the work saved now, and offer it as a link."""
        answers = self.session.store.answers()
        count = sum(len(entries) for entries in answers.values())
        text = export_bundle(self.session.store).decode("utf-8")
        self.link.value = download_link(text, FILENAME, f"Save {FILENAME}")
        if count:
            self.download_status.html = (
                f"<p>Your file is ready: {plural(count, 'answer')} from "
                f"{plural(len(answers), 'notebook')}. Select <strong>Save {FILENAME}</strong> to "
                "keep it on your computer. To include later answers, press Download my work "
                "again.</p>")
        else:
            self.download_status.html = ("<p>You have not saved any answers yet, so the file is "
                                         "nearly empty. You can still save it.</p>")

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name") or "the file")
        try:
            size = int(upload.get("size") or len(upload["content"]))
            if size > MAX_IMPORT_BYTES:
                raise DataError([_too_big(name, size)])
            loaded, skipped = import_bundle(bytes(upload["content"]), store=self.session.store,
                                            label=name)
        except DataError as exc:
            self.load_status.html = (f"<p style='color:#B00020'><strong>Nothing was loaded.</strong> "
                                     f"{html.escape(str(exc).splitlines()[0])}</p>")
        else:
            self.load_status.html = self._loaded_html(name, loaded, skipped)
        finally:
            self.upload.value = ()  # so that choosing the same file again loads it again

    @staticmethod
    def _loaded_html(name: str, loaded: int, skipped: list[str]) -> str:
        if loaded:
            parts = [(f"<p><strong>Loaded {plural(loaded, 'answer')} from {html.escape(name)}."
                     "</strong> Run each notebook again (Run ▸ Run All Cells) to see them in "
                     "place.</p>")]
        else:
            parts = [f"<p><strong>No answers were loaded from {html.escape(name)}.</strong></p>"]
        if skipped:
            parts.append("<p>These were skipped:</p>" + bullets(skipped))
        else:
            parts.append("<p>Nothing was skipped.</p>")
        return "".join(parts)


def _too_big(name: str, size: int) -> Problem:
    return Problem(name, None, "", f"the file is {size / 2**20:.1f} MB; the limit is "
                   f"{MAX_IMPORT_BYTES // 2**20} MB")
