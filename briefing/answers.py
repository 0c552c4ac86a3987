"""The one plain sentence that answers each view's question from its data, in the view's language; the page opens with
it and the exports carry it (image subtitle, the deck's cover)."""

import pandas as pd

from briefing.formatting import format_number
from briefing.i18n import has_label, translate
from indicators.domain.comparability import STATUS_OTHER, STATUS_SHARED
from indicators.domain.names import PROVINCE_KIND, without_kind

NAMED = 3  # provinces named in a sentence; the others are counted


def short_name(name: str) -> str:
    """'Tỉnh Điện Biên' → 'Điện Biên'; a city keeps its 'Thành phố'."""
    return without_kind(name, (PROVINCE_KIND,)).strip()


def noun(subtype: str, lang: str) -> str:
    """The word a count of the subtype reads with ('mô hình'); empty when the unit says it already."""
    key = f"noun_{subtype}"
    return translate(key, lang) if has_label(key) else ""


def with_noun(label: str, subtype: str, lang: str) -> str:
    return f"{label} {noun(subtype, lang)}".strip()


def headline_answer(places: pd.DataFrame, subtype: str, legend: str, lang: str) -> str:
    """'Điện Biên: hơn 532 mô hình (toàn tỉnh, 05/2021–05/2024).' (few comparable), or how many compare, the highest
    three with their windows and the lowest; then, a paragraph of its own, the provinces with other figures ('4 tỉnh
    chỉ có số của một tổ chức hoặc huyện: …', left out on a projector, where a KPI card counts them)."""
    shared = places[places["status"] == STATUS_SHARED].sort_values("value", ascending=False)
    other = places[places["status"] == STATUS_OTHER]
    if len(shared) >= 3:
        top = "; ".join(ranked_entry(row, shared, subtype, lang) for row in shared.head(NAMED).itertuples())
        last = shared.iloc[-1]
        sentence = translate("answer_shared", lang, count=len(shared), legend=legend, top=top,
                             bottom=ranked_names(shared, shared["rank"].max(), lang),
                             bottom_value=with_noun(last["label"], subtype, lang), bottom_period=last["period"])
    elif len(shared):
        sentence = " ".join(translate("answer_one", lang, name=short_name(row.province_name),
                                      value=with_noun(row.label, subtype, lang), scope=row.scope, period=row.period)
                            for row in shared.itertuples())
    else:
        sentence = translate("answer_none_shared", lang, legend=legend)
    if len(other):
        named = "; ".join(f"{short_name(row.province_name)} {row.brief}" for row in other.head(NAMED).itertuples())
        more = len(other) - NAMED
        sentence += "\n\n" + translate("answer_other", lang, count=len(other), named=named) + (
            translate("answer_more", lang, count=more) if more > 0 else "") + "."
    return sentence


def ranked_entry(row, shared: pd.DataFrame, subtype: str, lang: str) -> str:
    """'Yên Bái 65 tập thể, cá nhân (01/2021–05/2024)', with 'đồng hạng 2' when another province has the same value."""
    tied = (shared["rank"] == row.rank).sum() > 1
    extra = f", {translate('rank_tied', lang, rank=row.rank)}" if tied else ""
    return f"{short_name(row.province_name)} {with_noun(row.label, subtype, lang)} ({row.period}{extra})"


def ranked_names(shared: pd.DataFrame, rank: int, lang: str) -> str:
    """The province(s) of one rank: 'Nam Định', or tied 'Nam Định và Yên Bái (đồng hạng 1)'."""
    tied = shared[shared["rank"] == rank]
    names = translate("names_and", lang).join(short_name(name) for name in tied["province_name"])
    return names if len(tied) == 1 else f"{names} ({translate('rank_tied', lang, rank=rank)})"


def headline_standing(places: pd.DataFrame, code: str, subtype: str, lang: str) -> str:
    """Where the chosen province stands: 'Quảng Ngãi: hạng 6/9 trên thang so sánh, 39 tập thể, cá nhân
    (01/2019–05/2020).', or its figures that may not share the scale and why, or that it has none. The rank is the
    ranking's own (of the rate on a rate view; equal values share one)."""
    row = places[places["province_code"] == code].iloc[0]
    name = short_name(row["province_name"])
    if row["status"] == STATUS_SHARED:
        count = int((places["status"] == STATUS_SHARED).sum())
        return translate("standing_shared", lang, name=name, rank=int(row["rank"]), count=count,
                         value=with_noun(row["label"], subtype, lang), period=row["period"])
    if row["status"] == STATUS_OTHER:
        return translate("standing_other", lang, name=name, brief=row["brief"], why=row["why_not_words"])
    return translate("standing_none", lang, name=name)


def coverage_standing(places: pd.DataFrame, code: str, lang: str) -> str:
    """'Điện Biên: hạng 2/52 về số liệu đã có, 30 số liệu · 5 mô hình · 3 nguồn.', or that it has no report yet."""
    row = places[places["province_code"] == code].iloc[0]
    name = short_name(row["province_name"])
    if row["status"] != STATUS_SHARED:
        return translate("standing_coverage_none", lang, name=name)
    return translate("standing_coverage", lang, name=name, rank=int(row["rank"]),
                     count=int((places["status"] == STATUS_SHARED).sum()), label=row["label"])


def coverage_answer(places: pd.DataFrame, reports: int, lang: str) -> str:
    """'52/63 tỉnh đã có số liệu từ 93 báo cáo; 11 tỉnh chưa có báo cáo nào. Nhiều số liệu nhất: …'."""
    reached = places[places["status"] == STATUS_SHARED].sort_values("figures", ascending=False, kind="stable")
    named = reached[reached["rank"] <= NAMED]  # every province of a rank shared at the edge (equal values, equal rank)
    tied = named["rank"].duplicated(keep=False)
    top = "; ".join(f"{short_name(row.province_name)} (" + ", ".join(filter(None, [
        format_number(row.figures, lang), getattr(row, "coverage", ""), row.rank_words.split(" · ")[0] if tie else ""]))
        + ")" for row, tie in zip(named.itertuples(), tied, strict=True))
    return translate("answer_coverage", lang, reached=len(reached), total=len(places), reports=reports,
                     missing=len(places) - len(reached), top=top)


def province_answer(name: str, whole: pd.DataFrame, figures: int, models: int, lang: str) -> str:
    """'Điện Biên: 7 số liệu toàn tỉnh, 5 mô hình được nêu tên; nổi bật: hơn 532 mô hình (05/2021–05/2024).'"""
    if whole.empty:
        return translate("answer_province_none", lang, name=short_name(name), models=models)
    best = whole.iloc[0]
    return translate("answer_province", lang, name=short_name(name), figures=figures, models=models,
                     value=with_noun(best["label"], best["subtype"], lang), period=best["period"])
