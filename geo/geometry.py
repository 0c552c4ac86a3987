"""Pure polygon-coverage operations: repair, clean, fill gaps, simplify with shared borders, dissolve, measure."""

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer

# World-wide equal-area projection (Lambert cylindrical equal area on WGS 84): areas in m², never in degrees.
EQUAL_AREA_CRS = "EPSG:6933"
_TO_EQUAL_AREA = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)


@dataclass(frozen=True)
class FilledGap:
    """An uncovered area merged into the polygon at `index`, and the rule that chose that polygon."""

    index: int
    area_km2: float
    centroid: tuple[float, float]
    rule: str


def keep_polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """The polygons of a geometry (drops the lines and points `make_valid` may leave), as one MultiPolygon."""
    parts = shapely.get_parts(shapely.get_parts(geometry))
    return shapely.multipolygons(parts[shapely.get_type_id(parts) == 3])


def repair_invalid(geoms: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """Make every geometry valid and polygonal; return the repaired array and {index: GEOS reason} of the repairs."""
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    reasons = {int(i): shapely.is_valid_reason(geoms[i]) for i in invalid}
    repaired = geoms.copy()
    for i in invalid:
        repaired[i] = keep_polygonal(shapely.make_valid(geoms[i]))
    return repaired, reasons


def clean_coverage(geoms: np.ndarray) -> np.ndarray:
    """Remove overlaps and make shared edges identical; an overlap goes to the polygon listed first."""
    cleaned = shapely.coverage_clean(geoms, gap_width=0.0, merge_strategy="min_index")
    return np.array([keep_polygonal(g) for g in cleaned], dtype=object)


def coverage_holes(geoms: np.ndarray) -> list[shapely.Polygon]:
    """The holes of the coverage's union: places enclosed by the coverage that no polygon covers."""
    union = shapely.coverage_union_all(geoms)
    return [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]


@dataclass(frozen=True)
class GapHints:
    """Reference outlines (e.g. generalized provinces) telling which group a hole belongs to."""

    outlines: np.ndarray
    groups: np.ndarray

    def group_of(self, hole: shapely.Polygon) -> str | None:
        """The group whose outlines cover most of the hole; None when no outline touches it."""
        touching = shapely.STRtree(self.outlines).query(hole, predicate="intersects")
        overlaps = shapely.area(shapely.intersection(self.outlines[touching], hole))
        if not len(touching) or overlaps.max() <= 0:
            return None
        totals = {group: overlaps[self.groups[touching] == group].sum() for group in set(self.groups[touching])}
        return max(totals, key=totals.get)


def pick_gap_owner(hole: shapely.Polygon, geoms: np.ndarray, groups: np.ndarray, hints: GapHints) -> int:
    """The neighbour that takes a hole: the longest shared border among the neighbours of the hinted group.

    Preferring the group whose reference outline covers the hole keeps a gap inside one province from being
    handed to a district across the provincial border.
    """
    neighbours = shapely.STRtree(geoms).query(hole, predicate="intersects")
    preferred = neighbours[groups[neighbours] == hints.group_of(hole)]
    candidates = preferred if len(preferred) else neighbours
    borders = shapely.length(shapely.intersection(hole.boundary, shapely.boundary(geoms[candidates])))
    return int(candidates[np.argmax(borders)])


def uncovered_pieces(geoms: np.ndarray, outline: shapely.Geometry) -> list[shapely.Polygon]:
    """Parts of a reference outline no polygon covers; unlike holes, they may be open to the outside."""
    return list(shapely.get_parts(shapely.difference(outline, shapely.coverage_union_all(geoms))))


def fill_gaps(
    geoms: np.ndarray, gaps: list[shapely.Polygon], assigned: dict[int, tuple[int, str]], groups: np.ndarray,
    hints: GapHints,
) -> tuple[np.ndarray, list[FilledGap]]:
    """Merge each gap into a polygon: `assigned[gap position] = (index, reason)`, else `pick_gap_owner`.

    The result is cleaned again so the borders the gaps bring in match their neighbours vertex for vertex.
    """
    filled = geoms.copy()
    records = []
    for position, gap in enumerate(gaps):
        owner, rule = assigned.get(position) or (pick_gap_owner(gap, geoms, groups, hints), "longest shared border")
        filled[owner] = keep_polygonal(shapely.union(filled[owner], gap))
        area_km2 = float(compute_area_km2(np.array([gap]))[0])
        records.append(FilledGap(owner, area_km2, (gap.centroid.x, gap.centroid.y), rule))
    return clean_coverage(filled), records


def round_coordinates(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """Snap to a 10^-decimals grid keeping polygons valid, then drop the float noise so JSON prints short."""
    snapped = shapely.set_precision(geoms, 10.0**-decimals)
    return shapely.transform(snapped, lambda coords: np.round(coords, decimals))


def simplify_coverage(geoms: np.ndarray, tolerance: float, decimals: int) -> np.ndarray:
    """Simplify a coverage so neighbours keep one shared border, then round the coordinates."""
    return round_coordinates(shapely.coverage_simplify(geoms, tolerance), decimals)


def dissolve_coverage(geoms: np.ndarray, keys: np.ndarray) -> dict[str, shapely.Geometry]:
    """Union the polygons of each key (a coverage: no overlaps), in first-seen key order."""
    return {key: shapely.coverage_union_all(geoms[keys == key]) for key in dict.fromkeys(keys)}


def compute_area_km2(geoms: np.ndarray) -> np.ndarray:
    """Area of each lon/lat geometry in km², measured in an equal-area projection."""
    projected = shapely.transform(geoms, lambda coords: np.column_stack(_TO_EQUAL_AREA.transform(*coords.T)))
    return shapely.area(projected) / 1e6


def check_coverage(geoms: np.ndarray, what: str) -> None:
    """Raise ValueError naming the layer when a geometry is invalid, empty or the set is not a coverage."""
    problems = []
    invalid = np.flatnonzero(~shapely.is_valid(geoms) | shapely.is_empty(geoms))
    if len(invalid):
        problems.append(f"{len(invalid)} invalid or empty geometries at rows {invalid[:10].tolist()}")
    if not shapely.coverage_is_valid(geoms):
        bad = np.flatnonzero(~shapely.is_empty(shapely.coverage_invalid_edges(geoms)))
        problems.append(f"not a coverage: overlaps or unmatched edges at rows {bad[:10].tolist()}")
    if problems:
        raise ValueError(f"{what}: " + "; ".join(problems))
