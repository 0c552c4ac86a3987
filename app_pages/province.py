"""Tỉnh: one province, its district map (click to filter), its figures with evidence and its named models."""

import streamlit as st

from components import cached
from components.export_widgets import render_export_bar
from components.i18n import translate
from components.maps import make_district_map_figure
from components.provenance import render_models, render_observations
from components.state import (
    current_lang,
    current_view_link,
    render_param_notices,
    select_param,
    set_params,
    view_params,
)
from components.widgets import render_map_unavailable
from geo.layers import BoundaryLayerMissing
from indicators.gazetteer import to_vn34_province
from indicators.queries import province_models, province_observations

lang = current_lang()
dataset = cached.get_dataset()
gazetteer = cached.get_gazetteer()
frame = cached.get_province_frame("vn63")

# 1. Which province and district: from the URL (?province=11&district=096), defaulting to a reporting province.
by_name = frame.sort_key
vn63_obs = dataset.observations[dataset.observations["admin_version"] == "vn63"]
reporting = sorted(set(vn63_obs["province_code"]) - {""}, key=by_name)
options = reporting + sorted(set(frame.names) - set(reporting), key=by_name)
st.page_link("app_pages/overview.py", label=f"← {translate('breadcrumb_country', lang)}",
             query_params=view_params("indicator", "version"))
province = select_param("province", translate("choose_province", lang), options, options[0], frame.names.__getitem__)
districts = {d.code: d.name for d in gazetteer.districts_of(province)}
district = select_param("district", translate("district_filter", lang), ["", *districts], "",
                        lambda c: districts.get(c, translate("all_districts", lang)))
render_param_notices(lang)
render_export_bar(current_view_link("province"), lang)
st.title(frame.names[province])
st.caption(translate("province_now", lang, name=to_vn34_province(province, cached.get_crosswalk())[1]))

# 2. District map: districts with figures or models highlighted; a click filters the page.
try:
    geojson = cached.get_district_geojson(province)
    if geojson is None:
        st.info(translate("no_district_map", lang))
    else:
        fig = make_district_map_figure(
            geojson, cached.get_district_rows(province, lang), title=translate("district_map", lang),
            lang=lang, selected=district,
        )
        event = st.plotly_chart(fig, key="province_map", on_select="rerun", selection_mode="points",
                                config={"displaylogo": False})
        picked = [p.get("location") for p in (event.selection.points if event and event.selection else [])]
        if picked and picked[0] != district and picked[0] in districts:
            st.session_state.pop("view_district", None)
            set_params(district=picked[0])
            st.rerun()
except BoundaryLayerMissing as missing:
    render_map_unavailable(str(missing), lang)

# 3. Figures with their evidence, then the named models.
st.subheader(translate("province_indicators", lang))
render_observations(province_observations(dataset, province, district), lang)
st.subheader(translate("province_models", lang))
render_models(province_models(dataset, province, district), lang)
