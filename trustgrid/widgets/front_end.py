"""The course's anywidget front ends, joined from the .js and .css files beside this module.

anywidget loads each model's module from a Blob URL of its own, so one module cannot import
another: the parts a widget draws with (keep_keys.js, slider.js, live_text.js,
plotly_figure.js, placement.js, reveal.js: files that define functions and export nothing)
go in front of the file that exports its ``render``.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent


def joined(*names: str) -> str:
    """The files ``names`` beside this module, in that order, as one text: a widget's module
    (the file that exports ``render`` last) or its style sheet."""
    return "\n".join((_HERE / name).read_text(encoding="utf-8") for name in names)
