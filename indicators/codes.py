"""The code lists every table, query and screen uses, defined once: admin versions, qualifiers, units, org types."""

# The 63 provinces in force until 30 June 2025, and the 34 from 1 July 2025: a code means nothing without its version.
ADMIN_VERSIONS = ("vn63", "vn34")
DEFAULT_ADMIN_VERSION = "vn63"
QUALIFIERS = ("exact", "at_least", "at_most", "approximately")
UNITS = (
    "count", "person", "person_turn", "household", "house", "vnd", "percent", "m2", "ha", "km", "kg", "workday",
    "opinion",
)
ORG_TYPES = (
    "party_committee", "police", "military", "womens_union", "farmers_union", "veterans_union", "youth_union",
    "fatherland_front", "department", "party_bloc", "government", "other",
)
MODEL_FIELDS = (
    "economy", "security_order", "environment", "social_welfare", "administration", "health", "culture",
    "education", "party_building", "infrastructure", "other",
)
AGGREGATIONS = ("sum", "none")

