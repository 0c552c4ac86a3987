"""Xu hướng: values over time, each drawn over its own reporting window; a per-year view where legitimate."""

import streamlit as st

from components import cached
from components.export_widgets import render_export_bar
from components.figures import make_window_figure
from components.i18n import translate
from components.provenance import render_observations
from components.state import current_lang, current_view_link, multiselect_param, radio_param, render_param_notices
from components.widgets import indicator_titles, render_indicator_picker
from indicators.queries import annualise, indicator_row, observations_of, series_labels

lang = current_lang()
dataset = cached.get_dataset()
frame = cached.get_province_frame("vn63")

# 1. Indicator, provinces and display mode from the URL.
indicator = render_indicator_picker(lang)
entry = indicator_row(dataset, indicator)
obs = observations_of(dataset, indicator)
obs = obs[obs["admin_version"] == "vn63"]  # province codes below are vn63 codes
reporting = sorted(set(obs["province_code"]) - {""}, key=frame.sort_key)
provinces = multiselect_param("provinces", translate("compare_provinces", lang), reporting, reporting,
                              frame.names.__getitem__)
annualisable = entry["annualisable"] == "true"
modes = ["windows", "annual"] if annualisable else ["windows"]
mode = radio_param("mode", translate("trends_mode", lang), modes, "windows", lambda m: translate(f"trends_{m}", lang))
render_param_notices(lang)
render_export_bar(current_view_link("trends"), lang)

# 2. Series: one per province and scope, so a police total never joins a whole-province line.
obs = obs[obs["province_code"].isin(provinces)].copy()
obs["series"] = series_labels(obs, frame.names)
obs["annual"] = annualise(obs, annualisable)
title = indicator_titles(lang)[indicator]
if mode == "annual":
    st.caption(translate("trends_annual_note", lang))
    fig = make_window_figure(obs, unit=entry["unit"], title=title, lang=lang, y_column="annual",
                             y_title=translate("trends_annual", lang))
else:
    fig = make_window_figure(obs, unit=entry["unit"], title=title, lang=lang)
st.plotly_chart(fig, key="trends_chart", config={"displaylogo": False})

# 3. The figures behind the chart.
render_observations(obs, lang, key="trends_table")
