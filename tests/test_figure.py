"""The mended plotly figure widget (trustgrid/widgets/figure.py)."""

import plotly.graph_objects as go
import pytest

from trustgrid.widgets.figure import Figure, mend

PLOTLY_ESM = str(go.FigureWidget._esm)


def test_only_render_changes_in_plotlys_module():
    mended = Figure._esm
    start = PLOTLY_ESM.rfind("render({el:")
    assert mended[:start] == PLOTLY_ESM[:start]
    tail = mended[start:]
    assert tail.startswith("render({el:") and "tgLive=!1" in tail and "tgModel" in tail
    # Everything after plotly's render function is plotly's, unchanged.
    end = PLOTLY_ESM.index("()=>", start)
    rest = PLOTLY_ESM[PLOTLY_ESM.index("}", end) + 1:]
    assert mended.endswith(rest)


def test_a_figure_sends_the_mended_module():
    figure = Figure(go.Figure(go.Scatter(x=[1], y=[2])))
    assert figure._esm == Figure._esm != PLOTLY_ESM
    assert isinstance(figure, go.FigureWidget)  # the static handout still recognises it


def test_a_changed_plotly_module_is_reported_not_silently_left_unmended():
    with pytest.raises(RuntimeError, match="render function was not found"):
        mend(PLOTLY_ESM.replace("perform_render(),()=>", "perform_render(),()=>void "))
