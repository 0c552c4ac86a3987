"""The trends' content: each value drawn over its own reporting window, one series per place and scope; a per-year
view where it is legitimate (totals over a window of at least a year)."""

import pandas as pd

from briefing.catalogue import DEFAULT_INDICATOR, indicator_titles
from briefing.figures import make_window_figure
from briefing.i18n import translate
from briefing.links import View
from briefing.places import period_words
from briefing.tables import build_observation_table, period_span
from briefing.views import ChoiceReader, ViewContent, ViewInputs
from indicators.queries import annualise, indicator_row, observations_of

MODES = ("windows", "annual")


def place_key(admin_version: str, province_code: str) -> str:
    """A province as the trends' filter names it: its vn63 code, or 'vn34-<code>' for a code of the 34 provinces
    (a code means nothing without its version: 44 is Quảng Bình in one and Quảng Trị in the other)."""
    return province_code if admin_version == "vn63" else f"{admin_version}-{province_code}"


def build_trends(view: View, inputs: ViewInputs) -> ViewContent:
    """One indicator (`indicator=`), its places (`provinces=`), by window or per year (`mode=`)."""
    lang, reader, dataset = view.lang, ChoiceReader(view), inputs.dataset
    titles = indicator_titles(dataset, lang)
    indicator = reader.one("indicator", titles, DEFAULT_INDICATOR, titles)
    entry = indicator_row(dataset, indicator)
    names = inputs.province_names()
    obs = observations_of(dataset, indicator)
    obs = obs.assign(place=[place_key(v, c) for v, c in zip(obs["admin_version"], obs["province_code"], strict=True)])
    labels = {place_key(v, c): name for (v, c), name in names.items()}
    reporting = sorted(set(obs.loc[obs["province_code"] != "", "place"]), key=lambda key: labels[key])
    provinces = reader.many("provinces", reporting, reporting, labels)
    annualisable = entry["annualisable"] == "true"
    mode = reader.one("mode", MODES if annualisable else MODES[:1], "windows",
                      lambda m: translate(f"trends_{m}", lang))
    obs = obs[obs["place"].isin(provinces)].copy()
    obs["series"] = series_labels(obs, names)
    obs["annual"] = annualise(obs, annualisable)
    extra = {"y_column": "annual", "y_title": translate("trends_annual", lang)} if mode == "annual" else {}
    periods = [period_words(r, lang) for r in obs.itertuples()]
    kpis = [{"label": translate("kpi_figures", lang), "value": str(len(obs)), "detail": ""},
            {"label": translate("kpi_provinces", lang), "value": str(len(provinces)), "detail": ""},
            {"label": translate("kpi_period", lang), **period_span(pd.DataFrame({"period": periods}), lang)}]
    filters = [f"{translate('indicator', lang)}: {titles[indicator]}",
               f"{translate('compare_provinces', lang)}: {', '.join(labels[p] for p in provinces)}",
               f"{translate('trends_mode', lang)}: {translate(f'trends_{mode}', lang)}"]
    content = ViewContent(
        view, f"{titles[indicator]} – {translate(f'trends_{mode}', lang)}", filters, kpis,
        build_observation_table(obs, titles, lang).drop(columns="obs_id"), obs, dataset.models.iloc[0:0],
        choices=reader.choices, places=obs, notices=reader.notices,
        notes=[translate("trends_annual_note", lang)] if mode == "annual" else [],
    )
    content.figure_builders = {"chart": lambda: make_window_figure(obs, unit=entry["unit"], title=titles[indicator],
                                                                    lang=lang, **extra)}
    return content


def series_labels(obs: pd.DataFrame, names: dict[tuple[str, str], str]) -> list[str]:
    """One series per province and scope: 'Điện Biên', 'Cao Bằng – Công an tỉnh', 'Bình Thuận – huyện Tuy Phong'."""
    labels = []
    for row in obs.itertuples():
        province = names.get((row.admin_version, row.province_code), row.place_name)
        whole_province = row.scope_level == "province" and not row.organisation
        labels.append(province if whole_province else f"{province} – {row.organisation or row.place_name}")
    return labels
