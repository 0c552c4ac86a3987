"""The code lists every table, query and screen uses, defined once: admin versions, qualifiers, units, org types."""

# The 63 provinces in force until 30 June 2025, and the 34 from 1 July 2025: a code means nothing without its version.
ADMIN_VERSIONS = ("vn63", "vn34")
DEFAULT_ADMIN_VERSION = "vn63"
LEVELS = ("province", "district", "commune")  # of a place; vn34 has no districts
QUALIFIERS = ("exact", "at_least", "at_most", "approximately")
UNITS = (
    "count", "person", "person_turn", "household", "house", "vnd", "percent", "m2", "ha", "km", "kg", "workday",
    "opinion",
)
WHOLE_UNITS = ("count", "person", "person_turn", "household", "house", "vnd", "opinion")  # counted, never split
DECIMAL_UNITS = ("percent", "ha", "km")  # figures often written with decimals (the form's number format)
RATE_UNITS = tuple(unit for unit in UNITS if unit != "percent")  # what a rate per people or area may divide
ORG_TYPES = (
    "party_committee", "police", "military", "womens_union", "farmers_union", "veterans_union", "youth_union",
    "fatherland_front", "department", "party_bloc", "government", "other",
)
MODEL_FIELDS = (
    "economy", "security_order", "environment", "social_welfare", "administration", "health", "culture",
    "education", "party_building", "infrastructure", "other",
)
AGGREGATIONS = ("sum", "none")

# The campaign's phases: the 2006–2011 Cuộc vận động (Chỉ thị 06-CT/TW), Chỉ thị 03-CT/TW (2011), Chỉ thị 05-CT/TW
# (2016) and Kết luận 01-KL/TW (18/5/2021, continuing Chỉ thị 05). Windows in indicators/domain/periods.py.
# ct05_10y is the 10-year window of Chỉ thị 05 (signed 15/5/2016) that the campaign's 10-year review covers
# (2016–2026): a review phase spanning ct05 and kl01, given to a window only when no single phase holds it.
PHASES = ("ct06", "ct03", "ct05", "kl01", "ct05_10y")
REVIEW_PHASES = ("ct05_10y",)
# How a figure's window was dated: the text gives it, it was worked out (an anniversary, the review's name, a URL
# date), or a default window was assumed (never used for a per-year rate).
PERIOD_BASES = ("stated", "inferred", "assumed")
# Honours: what was given, and at what level the honourees were counted (one ceremony or review conference; the
# row's own level over a window; the levels below it; every level, grassroots included; a level above the place).
AWARD_TYPES = ("bang_khen", "giay_khen", "bieu_duong", "danh_hieu", "huan_chuong", "mixed")
AWARD_LEVELS = ("event", "own_level", "lower_levels", "all_levels", "higher_level")
HONOURS_INDICATOR = "exemplars_honoured"
