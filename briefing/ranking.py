"""The ranks of a view's places in words: computed once here (indicators/ranking.py), read by the ranking bars, the
answer sentence, the data download and the deck."""

import pandas as pd

from briefing.i18n import translate
from indicators.comparability import STATUS_SHARED
from indicators.ranking import competition_ranks, third_of


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
