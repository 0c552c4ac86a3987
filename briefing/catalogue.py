"""The catalogue as a view speaks of it: headline and subtype titles in the view's language, the comparison class a
link asks for, and how many provinces each headline can compare (the picker shows it)."""

from dataclasses import dataclass

import pandas as pd

from indicators.domain.codes import HONOURS_INDICATOR
from indicators.domain.comparability import DEFAULT_PHASE, ComparisonClass, compare_provinces
from indicators.domain.queries import ProvinceFrame
from indicators.store.reads import Catalogue

COVERAGE = "coverage"  # the overview's default: what we know about each province
NOT_COMPARED = ("other_results",)  # a headline of unrelated subtypes: listed, never on a map scale


def title_column(lang: str) -> str:
    return "title_vi" if lang == "vi" else "title_en"


def indicator_titles(catalogue: Catalogue, lang: str) -> dict[str, str]:
    """Headline id → title, for the headlines that have observations, in catalogue order."""
    used = catalogue.used_indicators()
    return {row.indicator: getattr(row, title_column(lang)) for row in catalogue.indicators.itertuples()
            if row.indicator in used}


def subtype_titles(catalogue: Catalogue, lang: str, indicator: str | None = None) -> dict[str, str]:
    """Subtype id → title (of one headline, when given), for the subtypes that have observations."""
    rows = catalogue.subtypes[catalogue.subtypes["subtype"].isin(catalogue.used_subtypes())]
    if indicator is not None:
        rows = rows[rows["indicator"] == indicator]
    return dict(zip(rows["subtype"], rows[title_column(lang)], strict=True))


def headline(catalogue: Catalogue, indicator: str) -> pd.Series:
    return catalogue.indicators.set_index("indicator").loc[indicator]


def subtype(catalogue: Catalogue, code: str) -> pd.Series:
    return catalogue.subtypes.set_index("subtype").loc[code]


def default_class(catalogue: Catalogue, indicator: str, phase: str = DEFAULT_PHASE) -> ComparisonClass:
    """The class a headline is compared on by default: its default subtype, for honours one ceremony."""
    row = headline(catalogue, indicator)
    level = row["default_award_level"] if indicator == HONOURS_INDICATOR else ""
    return ComparisonClass(indicator, row["default_subtype"], phase, level)


@dataclass(frozen=True)
class HeadlineCount:
    """How many provinces a headline puts on its shared scale, for the picker's '(14 tỉnh)'."""

    indicator: str
    title: str
    comparable: int


def headline_counts(catalogue: Catalogue, obs: pd.DataFrame, frame: ProvinceFrame, phase: str,
                    lang: str) -> list[HeadlineCount]:
    """Every headline with data and its comparable provinces in the phase, the widest first."""
    counts = []
    for indicator, title in indicator_titles(catalogue, lang).items():
        if indicator in NOT_COMPARED:
            continue
        cls = default_class(catalogue, indicator, phase)
        aggregation = subtype(catalogue, cls.subtype)["aggregation"]
        counts.append(HeadlineCount(indicator, title, len(compare_provinces(obs, frame, cls, aggregation).shared)))
    return sorted(counts, key=lambda count: -count.comparable)
