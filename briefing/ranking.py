"""The ranks of a view's places and the profile of a province's shared scales, in words: computed once here (numbers
in indicators/domain/ranking.py), read by the ranking bars, the answer sentence, the data download, the deck and the
province
page's result cards."""

import pandas as pd

from briefing.answers import short_name
from briefing.formatting import format_amount
from briefing.i18n import translate
from indicators.domain.codes import HONOURS_INDICATOR
from indicators.domain.comparability import STATUS_SHARED, ComparisonClass, compare_provinces, window_kind
from indicators.domain.ranking import competition_ranks, scale_profile, third_of


def with_ranks(places: pd.DataFrame, value_column: str, lang: str) -> pd.DataFrame:
    """The places with `rank` (equal values share one: 1, 2, 2, 4), `rank_group` (top, middle or bottom third, from 9
    places on the scale) and `rank_words` ('đồng hạng 2 · nhóm đầu'); empty for a place off the shared scale."""
    shared = places[places["status"] == STATUS_SHARED]
    ranks = competition_ranks(shared[value_column].astype(float))
    tied = ranks.duplicated(keep=False)
    groups = {index: third_of(rank, len(ranks)) for index, rank in ranks.items()}
    words = {index: " · ".join(filter(None, [
        translate("rank_tied" if tied[index] else "rank", lang, rank=rank),
        translate(f"third_{groups[index]}", lang) if groups[index] else ""])) for index, rank in ranks.items()}
    rank = pd.Series([int(ranks[index]) if index in ranks.index else None for index in places.index],
                     index=places.index, dtype=object)
    return places.assign(rank=rank,
                         rank_group=[groups.get(index, "") for index in places.index],
                         rank_words=[words.get(index, "") for index in places.index])


def bar_texts(ranked: pd.DataFrame, label_column: str = "label") -> list[str]:
    """'hơn 532 · 05/2021–05/2024': the label and its one dated reporting window, after the rank on a shared scale
    ('đồng hạng 2 · …'). A record over several windows (the coverage counts) or none ('không rõ thời kỳ') keeps its
    period in the tooltip: on the bar it ran off the chart."""
    texts = [f"{label} · {period}" if one_window(period) else str(label)
             for label, period in zip(ranked[label_column], ranked["period"], strict=True)]
    if "rank_words" in ranked:  # a shared scale's ranking: 'đồng hạng 2 · 49 · 2022'
        return [f"{rank} · {text}" for rank, text in zip(ranked["rank_words"], texts, strict=True)]
    return texts


def one_window(period: str) -> bool:
    return bool(period) and ";" not in period and any(c.isdigit() for c in period)


def ranking_rows(places: pd.DataFrame, value_column: str, label_column: str = "label") -> pd.DataFrame:
    """The places on the shared scale as ranking rows, largest first: code, name, value, label (the bar's words, as
    `bar_texts`) and rank (briefing/content.py Ranking)."""
    ranked = places[places["status"] == STATUS_SHARED].sort_values(value_column, ascending=True).iloc[::-1]
    return pd.DataFrame({"code": list(ranked["province_code"]), "name": list(ranked["province_name"]),
                         "value": [float(v) for v in ranked[value_column]], "label": bar_texts(ranked, label_column),
                         "rank": list(ranked["rank"]) if "rank" in ranked else [None] * len(ranked)})


def with_scale_profiles(results: pd.DataFrame, inputs, lang: str) -> pd.DataFrame:
    """The province's results with `profile`: for a value on a shared scale of at least 5 values, the scale's median
    and highest beside it ('trung vị 49 · cao nhất 339, Thành phố Hồ Chí Minh · n = 6'); empty otherwise."""
    return results.assign(profile=[profile_words(scale_of(row, inputs), row, lang) for row in results.itertuples()])


def scale_of(row, inputs) -> pd.DataFrame:
    """The places on the shared scale a vn63 whole-province figure would stand on: its subtype, phase, award level
    and window kind (the rule's own class), computed once per class for the inputs."""
    level = row.award_level if row.indicator == HONOURS_INDICATOR else ""
    cls = ComparisonClass(row.indicator, row.subtype, row.phase, level, window_kind(row.period_start, row.period_end))
    aggregation = inputs.catalogue.subtypes.set_index("subtype").at[row.subtype, "aggregation"]
    return inputs.remember(("shared_scale", cls), lambda: compare_provinces(
        inputs.whole_province_observations(["vn63"]), inputs.frame("vn63"), cls, aggregation).shared)


def profile_words(shared: pd.DataFrame, row, lang: str) -> str:
    on_scale = shared[[row.obs_id in ids for ids in shared["obs_ids"]]]
    profile = scale_profile(shared["value"], shared["province_name"]) if len(on_scale) else None
    if profile is None:
        return ""
    highest = translate("names_and", lang).join(short_name(name) for name in profile.highest_names)
    return translate("scale_profile", lang, median=format_amount(profile.median, row.unit, lang),
                     highest=format_amount(profile.highest, row.unit, lang), names=highest, count=profile.count)
