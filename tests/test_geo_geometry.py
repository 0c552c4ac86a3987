"""Hand-made geometry: shared borders survive simplification, dissolves add up, holes go to the right group."""

import numpy as np
import pytest
import shapely

from geo.geometry import (
    GapHints,
    check_coverage,
    compute_area_km2,
    coverage_holes,
    dissolve_coverage,
    fill_gaps,
    round_coordinates,
    simplify_coverage,
)

# The shared edge from (1, 0) to (1, 1) bulges to (1.05, 0.5) and carries zigzags 0.0001 off its two lines.
SHARED_EDGE = [(1, 0), (1.0101, 0.1), (1.0199, 0.2), (1.0301, 0.3), (1.05, 0.5), (1.0399, 0.6), (1.0301, 0.7),
               (1.0199, 0.8), (1, 1)]


def two_squares() -> np.ndarray:
    left = shapely.Polygon([(0, 0), *SHARED_EDGE, (0, 1)])
    right = shapely.Polygon([(2, 0), (2, 1), *SHARED_EDGE[::-1]])
    return np.array([left, right])


def shared_border(geoms: np.ndarray) -> list[tuple[float, float]]:
    line = shapely.line_merge(shapely.intersection(geoms[0].boundary, geoms[1].boundary))
    return sorted(line.coords, key=lambda xy: xy[1])


def test_two_squares_keep_one_identical_border_and_lose_only_the_zigzags():
    simplified = simplify_coverage(two_squares(), tolerance=0.1, decimals=6)
    assert shared_border(simplified) == [(1, 0), (1.05, 0.5), (1, 1)]
    assert shapely.coverage_is_valid(simplified)
    assert shapely.area(simplified).tolist() == pytest.approx([1.025, 0.975])
    assert shapely.equals(shapely.union_all(simplified), shapely.box(0, 0, 2, 1))


def test_a_stronger_simplification_straightens_the_border_for_both_squares_alike():
    simplified = simplify_coverage(two_squares(), tolerance=0.3, decimals=6)
    assert [g.normalize() for g in simplified] == [shapely.box(0, 0, 1, 1).normalize(),
                                                   shapely.box(1, 0, 2, 1).normalize()]


def test_dissolving_two_squares_gives_one_polygon_with_the_summed_area():
    dissolved = dissolve_coverage(two_squares(), np.array(["a", "a"]))
    assert list(dissolved) == ["a"]
    assert dissolved["a"].geom_type == "Polygon"
    assert dissolved["a"].area == pytest.approx(2.0)
    assert shapely.equals(dissolved["a"], shapely.box(0, 0, 2, 1))


def test_rounding_snaps_to_the_grid_and_prints_short():
    rounded = round_coordinates(np.array([shapely.box(0.123449999, 1.00004, 2.3333333, 3.98765)]), 4)
    assert shapely.get_coordinates(rounded[0]).min(axis=0).tolist() == [0.1234, 1.0]
    assert shapely.get_coordinates(rounded[0]).max(axis=0).tolist() == [2.3333, 3.9877]


def ring_of_squares() -> tuple[np.ndarray, np.ndarray]:
    """Eight unit squares around an empty middle square (1..2, 1..2); the four on the right are group 'y'."""
    cells = [(0, 0), (1, 0), (2, 0), (0, 1), (2, 1), (0, 2), (1, 2), (2, 2)]
    geoms = np.array([shapely.box(x, y, x + 1, y + 1) for x, y in cells])
    return geoms, np.array(["y" if x == 2 else "x" for x, _ in cells])


def test_the_hole_of_a_ring_goes_to_the_hinted_group_with_the_longest_border():
    geoms, groups = ring_of_squares()
    holes = coverage_holes(geoms)
    assert [h.normalize() for h in holes] == [shapely.box(1, 1, 2, 2).normalize()]
    hints = GapHints(np.array([shapely.box(1.5, 0, 3, 3)]), np.array(["y"]))
    filled, records = fill_gaps(geoms, holes, {}, groups, hints)
    assert [(r.index, r.rule) for r in records] == [(4, "longest shared border")]
    assert shapely.equals(filled[4], shapely.box(1, 1, 3, 2))
    check_coverage(filled, "ring")
    assert coverage_holes(filled) == []


def test_an_assigned_gap_goes_where_it_is_told():
    geoms, groups = ring_of_squares()
    filled, records = fill_gaps(geoms, coverage_holes(geoms), {0: (1, "known merger")}, groups,
                                GapHints(np.array([]), np.array([])))
    assert [(r.index, r.rule, r.centroid) for r in records] == [(1, "known merger", (1.5, 1.5))]
    assert shapely.equals(filled[1], shapely.box(1, 0, 2, 2))


def test_check_coverage_names_the_layer_and_the_overlap():
    overlapping = np.array([shapely.box(0, 0, 1, 1), shapely.box(0.5, 0, 1.5, 1)])
    with pytest.raises(ValueError, match=r"squares: not a coverage: overlaps or unmatched edges at rows \[0, 1\]"):
        check_coverage(overlapping, "squares")


def test_area_is_measured_on_the_ellipsoid_not_in_degrees():
    one_degree_at_equator, one_degree_at_60n = compute_area_km2(
        np.array([shapely.box(0, 0, 1, 1), shapely.box(0, 60, 1, 61)]))
    assert one_degree_at_equator == pytest.approx(12_308.8, rel=1e-3)
    assert one_degree_at_60n == pytest.approx(6_124.9, rel=2e-3)
