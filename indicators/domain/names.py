"""Normalise Vietnamese place names for matching: tone placement, diacritics, administrative prefixes."""

import re
import unicodedata

# Old-style tone placement ("Hoà", "Thuỷ") and new-style ("Hòa", "Thủy") must match each other.
_OLD_TO_NEW_TONE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_PATTERN = re.compile("|".join(_OLD_TO_NEW_TONE))

# The kinds of administrative unit a full name begins with ('Tỉnh Điện Biên', 'thị xã Sơn Tây'), each with the level
# it names (None: a city is a province or a district). The one list of these words: everything that strips, lowers,
# abbreviates or matches a name's prefix reads it (tests/test_one_definition.py fails on a second list).
KIND_LEVELS: dict[str, str | None] = {
    "thành phố": None,
    "tỉnh": "province",
    "thị xã": "district",
    "huyện": "district",
    "quận": "district",
    "thị trấn": "commune",
    "phường": "commune",
    "xã": "commune",
    "đặc khu": "commune",  # the island communes of the 2025 structure (Phú Quốc, Côn Đảo, Hoàng Sa, Trường Sa…)
}
KINDS = tuple(KIND_LEVELS)
PROVINCE_KIND, CITY_KIND = "tỉnh", "thành phố"
PROVINCE_KINDS = (PROVINCE_KIND, CITY_KIND)
COMMUNE_KINDS = tuple(kind for kind, level in KIND_LEVELS.items() if level == "commune")
# How a map shortens a district's kind ('Thành phố Điện Biên Phủ' → 'TP. Điện Biên Phủ').
KIND_ABBREVIATIONS = {"thành phố": "TP.", "thị xã": "TX.", "huyện": "H.", "quận": "Q."}
# Matching keys also know the abbreviations reports write, and the central city's full title. Longest first in the
# pattern, so "thành phố" wins over "thành".
ADMIN_PREFIXES: dict[str, str | None] = {
    "thành phố trung ương": "province", **KIND_LEVELS, "tp.": None, "tp": None, "tx.": "district", "tt.": "commune",
}
_PREFIX_PATTERN = re.compile(
    r"^(" + "|".join(re.escape(p) for p in sorted(ADMIN_PREFIXES, key=len, reverse=True)) + r")(?=[\s.]|$)\s*\.?\s*"
)


def normalise_tones(text: str) -> str:
    """NFC, lower case, new-style tone placement, single spaces, no hyphens or stray punctuation."""
    text = unicodedata.normalize("NFC", text).lower().strip()
    text = new_style_tones(text)
    text = re.sub(r"[\-–—,;:\"“”'’()]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def fold_diacritics(text: str) -> str:
    """ASCII fold: 'Điện Biên' → 'dien bien'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def split_admin_prefix(name: str) -> tuple[str | None, str, bool]:
    """Return (level hint, bare name, had_prefix) of a tone-normalised name; 'tp. điện biên phủ' → (None, ...)."""
    match = _PREFIX_PATTERN.match(name)
    if not match:
        return None, name, False
    prefix = match.group(1)
    bare = name[match.end():].strip()
    if not bare or bare.isdigit():  # "Quận 1", "Phường 3" keep their prefix: the number alone names nothing
        return ADMIN_PREFIXES[prefix], name, True
    return ADMIN_PREFIXES[prefix], bare, True


def match_keys(name: str) -> tuple[str, str]:
    """The accented and the folded matching key of a name, without its administrative prefix."""
    _, bare, _ = split_admin_prefix(normalise_tones(name))
    return bare, fold_diacritics(bare)


def kind_of(name: str) -> str:
    """The kind a full name begins with, in lower case: 'Thị xã Sơn Tây' → 'thị xã'; '' when it names none."""
    lowered = name.lower()
    return next((kind for kind in sorted(KINDS, key=len, reverse=True)
                 if lowered.startswith(kind) and lowered[len(kind):len(kind) + 1].isspace()), "")


def without_kind(name: str, kinds: tuple[str, ...] = KINDS) -> str:
    """'Tỉnh Điện Biên' → 'Điện Biên', 'thành phố Hồ Chí Minh' → 'Hồ Chí Minh': the name without its kind (any case),
    when the kind is one of `kinds`."""
    kind = kind_of(name)
    return name[len(kind):].lstrip() if kind and kind in kinds else name


def lower_kind(name: str) -> str:
    """'Huyện Đồng Văn' → 'huyện Đồng Văn': a unit as a sentence names it."""
    kind = kind_of(name)
    return kind + name[len(kind):]


def abbreviate_kind(name: str) -> str:
    """'Thành phố Điện Biên Phủ' → 'TP. Điện Biên Phủ', 'Huyện Mường Nhé' → 'H. Mường Nhé': a district's name short
    enough for a map; other kinds unchanged."""
    kind = kind_of(name)
    return KIND_ABBREVIATIONS[kind] + name[len(kind):] if kind in KIND_ABBREVIATIONS else name


def new_style_tones(text: str) -> str:
    """'Hoà' → 'Hòa', 'Thuỷ' → 'Thủy' (and nothing else): one spelling of a tone mark, for comparing names."""
    return _TONE_PATTERN.sub(lambda m: _OLD_TO_NEW_TONE[m.group(0)], text)
