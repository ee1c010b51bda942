"""The mended plotly figure widget (trustgrid/widgets/figure.py)."""

import plotly.graph_objects as go
import pytest

from trustgrid.widgets import figure
from trustgrid.widgets.figure import Figure, mend

PLOTLY_ESM = str(go.FigureWidget._esm)


def test_only_render_changes_in_plotlys_module():
    mended = Figure._esm
    start = PLOTLY_ESM.rfind("render({el:")
    assert mended[:start] == PLOTLY_ESM[:start]
    tail = mended[start:]
    assert tail.startswith("render({el:") and "tgLive=!1" in tail and "tgModel" in tail
    assert "tgFollow(tgProxy" in tail and "function tgFollow(" in tail
    # Everything after plotly's render function is plotly's, unchanged (then tgFollow).
    end = PLOTLY_ESM.index("()=>", start)
    rest = PLOTLY_ESM[PLOTLY_ESM.index("}", end) + 1:]
    assert mended[:-len(figure._FOLLOW_JS)].endswith(rest)


def test_a_figure_sends_the_mended_module():
    figure = Figure(go.Figure(go.Scatter(x=[1], y=[2])))
    assert figure._esm == Figure._esm != PLOTLY_ESM
    assert isinstance(figure, go.FigureWidget)  # the static handout still recognises it


def test_a_changed_plotly_module_is_reported_not_silently_left_unmended():
    with pytest.raises(RuntimeError, match="render function was not found"):
        mend(PLOTLY_ESM.replace("perform_render(),()=>", "perform_render(),()=>void "))


def test_follow_names_the_trace_and_both_sliders():
    import ipywidgets as w

    x, y = w.IntSlider(), w.IntSlider()
    fig = Figure(go.Figure([go.Scatter(x=[1], y=[2]), go.Scatter(x=[3], y=[4])]))
    fig.follow(1, x, y)
    assert fig._follow == {"trace": 1, "x": x.model_id, "y": y.model_id}
    assert fig.trait_metadata("_follow", "sync") is True


def test_the_placement_figure_follows_its_sliders():
    from trustgrid.data import load_course
    from trustgrid.grid import YOU
    from trustgrid.widgets.placement import GridPlacement

    grid = GridPlacement(load_course(None).regions, "the ward sister")
    assert grid.figure._follow == {"trace": YOU, "x": grid.competence.model_id,
                                   "y": grid.caring.model_id}
