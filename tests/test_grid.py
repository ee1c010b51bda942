from trustgrid.grid import (
    OTHERS,
    STRENGTH,
    SUGGESTED,
    YOU,
    Point,
    build_figure,
    describe_comparison,
    describe_placement,
)
from trustgrid.model import Placement


def test_figure_has_axes_regions_thresholds_and_labels(good_course):
    fig = build_figure(good_course.regions, you=Placement(8, 3), suggested=Placement(7, 2))
    layout = fig.layout
    assert "Competence" in layout.xaxis.title.text and "Caring" in layout.yaxis.title.text
    assert list(layout.xaxis.tickvals) == list(range(11))
    rects = [s for s in layout.shapes if s.type == "rect"]
    lines = [s for s in layout.shapes if s.type == "line"]
    assert len(rects) == 4 and len({r.fillcolor for r in rects}) == 4
    assert {(ln.x0, ln.x1) for ln in lines} == {(5, 5), (0, 10)}
    # every region is named in text, not only by colour (names come from the course data)
    assert sorted(a.text for a in layout.annotations) == sorted(
        f"<b>{n}</b>" for n in ["Trusted", "Respected", "Liked", "Doubted"])


def test_points_and_markers(good_course):
    fig = build_figure(good_course.regions, you=Placement(8, 3), suggested=Placement(7, 2),
                       others=[Point(Placement(1, 2), "Ana <script>", "hover <b>")])
    assert (fig.data[YOU].x, fig.data[YOU].y) == ((8,), (3,))
    assert fig.data[SUGGESTED].visible is False
    assert fig.data[SUGGESTED].marker.symbol != fig.data[YOU].marker.symbol
    assert fig.data[OTHERS].text == ("Ana &lt;script&gt;",)
    assert fig.data[OTHERS].hovertext == ("hover &lt;b&gt;",)
    # trust strength shading: limited by the weaker dimension
    z, x, y = fig.data[STRENGTH].z, fig.data[STRENGTH].x, fig.data[STRENGTH].y
    assert z[y.index(2)][x.index(9)] == z[y.index(9)][x.index(2)] == 0.2


def test_descriptions(good_course):
    regions = good_course.regions
    assert (describe_placement(regions, "the lab lead", Placement(8, 3))
            == "You placed the lab lead at competence 8, caring 3: Respected.")
    text = describe_comparison(regions, Placement(8, 3), Placement(8, 7))
    assert text.startswith("The suggested placement is competence 8, caring 7. Yours is 4 steps from it on the grid.")
    assert "Yours is in Respected; the suggestion is in Trusted." in text
