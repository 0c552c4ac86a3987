"""So sánh: chosen provinces side by side on chosen indicators, every value with its scope and period."""

import streamlit as st

from components import cached
from components.export_widgets import render_export_bar
from components.figures import make_small_multiples_figure
from components.i18n import translate
from components.state import (
    current_lang,
    current_view_link,
    multiselect_param,
    radio_param,
    render_param_notices,
    select_param,
)
from components.tables import build_comparison_long, build_comparison_table
from components.widgets import DEFAULT_INDICATOR, indicator_titles
from indicators.gazetteer import to_vn34_province
from indicators.names import fold_diacritics

PRESETS = ["reporting", "same_vn34", "top10", "custom"]

lang = current_lang()
frame63 = cached.get_province_frame("vn63")
frame34 = cached.get_province_frame("vn34")
titles = indicator_titles(lang)

# 1. Indicators and the province preset, from the URL.
chosen_indicators = multiselect_param("indicators", translate("compare_indicators", lang), list(titles),
                                      [DEFAULT_INDICATOR], titles.__getitem__)
preset = radio_param("preset", translate("preset", lang), PRESETS, "reporting",
                     lambda p: translate(f"preset_{p}", lang))
per_indicator = {i: cached.get_province_values(i, "vn63", lang) for i in chosen_indicators or [DEFAULT_INDICATOR]}
reporting = sorted({code for values in per_indicator.values()
                    for code in values.loc[values["status"] != "no_data", "province_code"]}, key=frame63.sort_key)

# 2. The provinces: by preset, or chosen by hand (search works with or without diacritics).
if preset == "same_vn34":
    default_group = to_vn34_province((reporting[:1] or ["11"])[0], cached.get_crosswalk())[0]
    group = select_param("group", translate("preset_same_vn34", lang), list(frame34.names), default_group,
                         frame34.names.__getitem__)
    provinces = frame34.members[group]
elif preset == "top10":
    first = next(iter(per_indicator.values()))
    provinces = first[first["status"] == "comparable"].nlargest(10, "value")["province_code"].tolist()
elif preset == "custom":
    provinces = multiselect_param("provinces", translate("compare_provinces", lang), list(frame63.names),
                                  reporting[:3], lambda c: f"{frame63.names[c]} · {fold_diacritics(frame63.names[c])}")
else:
    provinces = reporting
render_param_notices(lang)
render_export_bar(current_view_link("compare"), lang)

# 3. Side-by-side table, then one small chart per indicator.
long = build_comparison_long(per_indicator, provinces)
if long.empty:
    st.info(translate("no_observations", lang))
    st.stop()
st.dataframe(build_comparison_table(long, titles, lang), hide_index=True, width="stretch")
chosen_titles = {i: titles[i] for i in per_indicator}
st.plotly_chart(make_small_multiples_figure(long, indicator_titles=chosen_titles, lang=lang),
                key="compare_chart", config={"displaylogo": False})
