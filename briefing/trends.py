"""The trends' content: each value drawn over its own reporting window, one series per place and scope; a per-year
view where it is legitimate (totals over a stated or inferred window of at least a year). It opens on the figures
that have a history: a subtype some place reported for two or more windows."""

import pandas as pd

from briefing.catalogue import indicator_titles, subtype, subtype_titles
from briefing.figures import make_window_figure
from briefing.i18n import translate
from briefing.links import View
from briefing.places import period_words, scope_words, value_words
from briefing.tables import build_observation_table, period_span
from briefing.views import ChoiceReader, ViewContent, ViewInputs
from indicators.queries import annualise

MODES = ("windows", "annual")


def place_key(admin_version: str, province_code: str) -> str:
    """A province as the trends' filter names it: its vn63 code, or 'vn34-<code>' for a code of the 34 provinces
    (a code means nothing without its version: 44 is Quảng Bình in one and Quảng Trị in the other)."""
    return province_code if admin_version == "vn63" else f"{admin_version}-{province_code}"


def series_labels(obs: pd.DataFrame, names: dict[tuple[str, str], str], lang: str = "vi") -> list[str]:
    """One series per province, scope and award level: 'Điện Biên', 'Cao Bằng – Công an tỉnh', 'Bình Thuận – huyện
    Tuy Phong', 'Thành phố Hồ Chí Minh – mọi cấp (cả cơ sở)' (honours of one ceremony are the plain series)."""
    labels = []
    for row in obs.itertuples():
        province = names.get((row.admin_version, row.province_code), row.place_name)
        whole_province = row.scope_level == "province" and not row.organisation
        label = province if whole_province else f"{province} – {scope_words(row, lang)}"
        if row.award_level and row.award_level != "event":
            label += f" – {translate(f'award_level_{row.award_level}', lang)}"
        labels.append(label)
    return labels


def histories(obs: pd.DataFrame, names: dict[tuple[str, str], str], lang: str) -> pd.DataFrame:
    """Per subtype and series: how many distinct dated windows it has (a history needs two)."""
    dated = obs[(obs["period_end"] != "") & (obs["province_code"] != "")]
    dated = dated.assign(series=series_labels(dated, names, lang))
    windows = dated.drop_duplicates(["subtype", "series", "period_start", "period_end"])
    return windows.groupby(["indicator", "subtype", "series"]).size().rename("windows").reset_index()


def trends_answer(obs: pd.DataFrame, title: str, lang: str) -> str:
    """'Số …: 6 nơi có từ hai kỳ báo cáo trở lên; ví dụ Thành phố Hồ Chí Minh: 392 (2016–2019) → 339 (2022–2024).'"""
    dated = obs[obs["period_end"] != ""].sort_values(["period_end", "period_start"])
    windows = dated.drop_duplicates(["series", "period_start", "period_end"]).groupby("series").size()
    histories = windows[windows >= 2]
    example = ""
    if len(histories):
        name = histories.sort_values(ascending=False).index[0]
        steps = " → ".join(f"{value_words(r, lang)} ({period_words(r, lang)})"
                           for r in dated[dated["series"] == name].drop_duplicates(
                               ["period_start", "period_end"]).itertuples())
        example = translate("answer_trends_example", lang, name=name, steps=steps)
    return translate("answer_trends", lang, subtype=title, series=len(histories), example=example)


def opening_subtype(history: pd.DataFrame, dataset) -> tuple[str, str] | None:
    """The (headline, subtype) the page opens on: one with the most places reported for two or more windows, a
    headline's own default subtype first."""
    with_history = history[history["windows"] >= 2].groupby(["indicator", "subtype"]).size().rename("places")
    if with_history.empty:
        return None
    defaults = set(dataset.indicators["default_subtype"])
    ranked = with_history.reset_index().assign(default=lambda df: df["subtype"].isin(defaults))
    best = ranked.sort_values(["default", "places"], ascending=False).iloc[0]
    return best["indicator"], best["subtype"]


def build_trends(view: View, inputs: ViewInputs) -> ViewContent:
    """A headline (`indicator=`) and subtype (`subtype=`), its places (`provinces=`), by window or per year."""
    lang, reader, dataset = view.lang, ChoiceReader(view), inputs.dataset
    names = inputs.province_names()
    all_obs = inputs.observations()
    history = histories(all_obs, names, lang)
    titles = indicator_titles(dataset, lang)
    default_indicator, default_subtype = opening_subtype(history, dataset) or (next(iter(titles)), "")
    indicator = reader.one("indicator", titles, default_indicator, titles)
    subtypes = subtype_titles(dataset, lang, indicator)
    fallback = default_subtype if default_subtype in subtypes else next(iter(subtypes))
    code = reader.one("subtype", subtypes, fallback, subtypes)
    entry = subtype(dataset, code)
    obs = all_obs[all_obs["subtype"] == code]
    obs = obs.assign(place=[place_key(v, c) for v, c in zip(obs["admin_version"], obs["province_code"], strict=True)])
    labels = {place_key(v, c): name for (v, c), name in names.items()}
    reporting = sorted(set(obs.loc[obs["province_code"] != "", "place"]), key=lambda key: labels[key])
    series_windows = history[(history["subtype"] == code) & (history["windows"] >= 2)]
    with_windows = [key for key in reporting if any(str(s).startswith(labels[key]) for s in series_windows["series"])]
    provinces = reader.many("provinces", reporting, with_windows or reporting, labels)
    annualisable = entry["annualisable"] == "true"
    mode = reader.one("mode", MODES if annualisable else MODES[:1], "windows",
                      lambda m: translate(f"trends_{m}", lang))
    obs = obs[obs["place"].isin(provinces)].copy()
    obs["series"] = series_labels(obs, names, lang)
    obs["annual"] = annualise(obs, annualisable)
    extra = {"y_column": "annual", "y_title": translate("trends_annual", lang)} if mode == "annual" else {}
    periods = [period_words(r, lang) for r in obs.itertuples()]
    kpis = [{"label": translate("kpi_figures", lang), "value": str(len(obs)), "detail": ""},
            {"label": translate("kpi_provinces", lang), "value": str(len(provinces)), "detail": ""},
            {"label": translate("kpi_period", lang), **period_span(pd.DataFrame({"period": periods}), lang)}]
    filters = [f"{translate('indicator', lang)}: {titles[indicator]} – {subtypes[code]}",
               f"{translate('compare_provinces', lang)}: {', '.join(labels[p] for p in provinces)}",
               f"{translate('trends_mode', lang)}: {translate(f'trends_{mode}', lang)}"]
    content = ViewContent(
        view, f"{subtypes[code]} – {translate(f'trends_{mode}', lang)}", filters, kpis,
        with_province_column(build_observation_table(obs, subtypes, lang).drop(columns="obs_id"), obs, inputs, lang),
        obs, dataset.models.iloc[0:0],
        choices=reader.choices, places=obs, notices=reader.notices,
        notes=[translate("trends_annual_note", lang)] if mode == "annual" else [],
    )
    content.answer = trends_answer(obs, subtypes[code], lang)
    content.figure_builders = {"chart": lambda: make_window_figure(obs, unit=entry["unit"], title=subtypes[code],
                                                                    lang=lang, **extra)}
    return content


def with_province_column(table: pd.DataFrame, obs: pd.DataFrame, inputs: ViewInputs, lang: str) -> pd.DataFrame:
    """The table with each figure's province first: a trend mixes places, and "toàn tỉnh" alone says not which."""
    names = inputs.province_names()
    return table.assign(**{translate("province", lang): [
        names.get((version, code), code) for version, code in zip(obs["admin_version"], obs["province_code"],
                                                                  strict=True)]}).pipe(
        lambda t: t[[translate("province", lang), *table.columns]])
