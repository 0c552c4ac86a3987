"""Territory the 2023 district polygons leave uncovered, and the district it has belonged to since a merger."""

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownGap:
    """An uncovered area, found by a point inside it, that belongs to `district_code` (a GSO 2025 code)."""

    district_code: str
    lon: float
    lat: float
    note: str


# The mergers are those listed in ../shared/reference/README.md (district_population_2019.csv notes); each
# uncovered area sits between the merged district's neighbours and has the absorbed district's former area
# (e.g. Thông Nông ≈ 357 km², uncovered 365 km²; Quận 2 + Quận 9 ≈ 164 km², uncovered 162 km²).
# Any other hole goes to the neighbour with the longest shared border, and the build reports it.
KNOWN_GAPS = (
    KnownGap("045", 105.955, 22.820, "former Huyện Thông Nông, merged into Huyện Hà Quảng"),
    KnownGap("047", 106.327, 22.799, "former Huyện Trà Lĩnh, merged into Huyện Trùng Khánh"),
    KnownGap("049", 106.513, 22.564, "former Huyện Phục Hoà, merged into Huyện Quảng Hòa"),
    KnownGap("148", 105.394, 20.919, "former Huyện Kỳ Sơn, merged into Thành phố Hòa Bình"),
    KnownGap("525", 108.367, 15.174, "former Huyện Tây Trà, merged into Huyện Trà Bồng"),
    KnownGap("769", 106.799, 10.833, "former Quận 2 and Quận 9, merged into Thành phố Thủ Đức"),
)
