"""Why a view's figures may not be set side by side, one line per reason: computed once by the page builders
(ViewContent.not_compared), said by the deck's "what may not be compared" slide."""

import pandas as pd

from briefing.answers import short_name
from briefing.i18n import translate
from indicators.domain.comparability import STATUS_OTHER

PLACEHOLDERS = ("–", "-", "?", "—", "nan", "None")


def deck_words(text: str, lang: str) -> str:
    """The text with every empty or placeholder part ('–', '?') said in words ('không rõ')."""
    unknown = translate("deck_unknown", lang)
    parts = [unknown if part.strip() in PLACEHOLDERS or not part.strip() else part for part in str(text).split(" · ")]
    return " · ".join(parts) if str(text).strip() else unknown


def other_scope_lines(places: pd.DataFrame, lang: str) -> list[str]:
    """One line per reason a province's figure may not share the scale, with the provinces it keeps off ('khen thưởng
    tính ở cấp khác: Sóc Trăng, Cao Bằng (2 tỉnh)'), the most provinces first."""
    if not {"status", "why_not_words", "province_name"} <= set(places.columns):
        return []
    other = places[places["status"] == STATUS_OTHER]
    lines = []
    for reason, rows in other.groupby(other["why_not_words"].map(first_reason), sort=False):
        names = list(dict.fromkeys(short_name(name) for name in rows["province_name"]))
        lines.append((len(names), translate("deck_reason_line", lang, reason=deck_words(reason, lang),
                                            names=", ".join(names), count=len(names))))
    return [line for _, line in sorted(lines, key=lambda item: -item[0])]


def first_reason(words: str) -> str:
    """A province's first reason ('thuộc giai đoạn khác; …' → 'thuộc giai đoạn khác'): one line per reason."""
    return str(words).split("; ")[0]


def province_part_lines(obs: pd.DataFrame, lang: str) -> list[str]:
    """Why a province's own figures are not set beside other provinces': how many are of a district, commune or
    organisation, and how many are ratios of the whole province."""
    lines = []
    part = (obs["scope_level"] != "province") | (obs["organisation"] != "")
    if part.any():
        lines.append(translate("deck_province_parts", lang, count=int(part.sum())))
    ratios = obs["denominator"].notna() & ~part
    if ratios.any():
        lines.append(translate("deck_province_ratios", lang, count=int(ratios.sum())))
    return lines
