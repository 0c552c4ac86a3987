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

# Longest first so "thành phố" wins over "thành".
ADMIN_PREFIXES: dict[str, str | None] = {
    "thành phố trung ương": "province",
    "thành phố": None,
    "tp.": None,
    "tp": None,
    "tỉnh": "province",
    "thị xã": "district",
    "tx.": "district",
    "huyện": "district",
    "quận": "district",
    "thị trấn": "commune",
    "tt.": "commune",
    "phường": "commune",
    "xã": "commune",
    "đặc khu": "commune",  # the island communes of the 2025 structure (Phú Quốc, Côn Đảo, Hoàng Sa, Trường Sa…)
}
_PREFIX_PATTERN = re.compile(
    r"^(" + "|".join(re.escape(p) for p in sorted(ADMIN_PREFIXES, key=len, reverse=True)) + r")(?=[\s.]|$)\s*\.?\s*"
)


def normalise_tones(text: str) -> str:
    """NFC, lower case, new-style tone placement, single spaces, no hyphens or stray punctuation."""
    text = unicodedata.normalize("NFC", text).lower().strip()
    text = _TONE_PATTERN.sub(lambda m: _OLD_TO_NEW_TONE[m.group(0)], text)
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
