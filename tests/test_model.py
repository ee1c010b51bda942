import math

import pytest

from trustgrid.model import Placement, PlacementError, region_key, strength


@pytest.mark.parametrize("competence, caring, expected", [
    (8, 8, "trust"), (8, 2, "respect"), (2, 8, "goodwill"), (2, 2, "low_trust"),
    (5, 5, "trust"),          # the threshold itself counts as high
    (5, 4.99, "respect"), (4.99, 5, "goodwill"), (4.99, 4.99, "low_trust"),
    (0, 0, "low_trust"), (10, 10, "trust"), (10, 0, "respect"), (0, 10, "goodwill"),
])
def test_regions_at_and_around_the_threshold(competence, caring, expected):
    assert region_key(Placement(competence, caring)) == expected


def test_threshold_can_move():
    assert region_key(Placement(6, 6), threshold=7) == "low_trust"
    assert region_key(Placement(7, 6), threshold=7) == "respect"


@pytest.mark.parametrize("bad", [-0.1, 10.01, float("nan"), float("inf"), -math.inf, "7", None, True, [5]])
def test_bad_scores_raise_and_are_never_clamped(bad):
    with pytest.raises(PlacementError) as info:
        Placement(bad, 5)
    assert "competence" in str(info.value)
    with pytest.raises(PlacementError) as info:
        Placement(5, bad)
    assert "caring" in str(info.value)


def test_strength_is_limited_by_the_weaker_dimension():
    assert strength(Placement(10, 2)) == pytest.approx(0.2)
    assert strength(Placement(2, 10)) == pytest.approx(0.2)
    assert strength(Placement(7, 7)) == pytest.approx(0.7)
    # raising the stronger dimension does not help; raising the weaker one does
    assert strength(Placement(10, 3)) == strength(Placement(6, 3)) < strength(Placement(6, 5))


def test_distance():
    assert Placement(1, 1).distance(Placement(4, 5)) == pytest.approx(5)
