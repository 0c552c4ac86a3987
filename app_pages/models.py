"""Mô hình: the catalogue of named models, filtered by province, district, organisation type and field."""

import streamlit as st

from components import cached
from components.export_widgets import render_export_bar
from components.i18n import translate
from components.provenance import render_models
from components.state import current_lang, current_view_link, multiselect_param, render_param_notices, search_param
from indicators.queries import filter_models

lang = current_lang()
dataset = cached.get_dataset()
frame = cached.get_province_frame("vn63")
models = dataset.models

# 1. Filters from the URL: province, district, organisation type, field, and a free-text search.
columns = st.columns(4)
provinces = sorted(set(models.loc[models["admin_version"] == "vn63", "province_code"]) - {""}, key=frame.sort_key)
chosen_provinces = multiselect_param("province", translate("province", lang), provinces, [], frame.names.__getitem__,
                                     where=columns[0])
district_names = {d.code: d.name for code in (chosen_provinces or provinces)
                  for d in cached.get_gazetteer().districts_of(code)}
districts = sorted(set(models["district_code"]) & set(district_names), key=district_names.get)
chosen_districts = multiselect_param("district", translate("district", lang), districts, [],
                                     district_names.__getitem__, where=columns[1])
org_types = sorted(set(models["org_type"]) - {""})
chosen_orgs = multiselect_param("org_type", translate("organisation", lang), org_types, [], str, where=columns[2])
fields = sorted(set(models["field"]))
chosen_fields = multiselect_param("field", translate("field", lang), fields, [], str, where=columns[3])
query = search_param("q", translate("search", lang))
render_param_notices(lang)
render_export_bar(current_view_link("models"), lang)

# 2. The matching models with their source and evidence.
render_models(filter_models(models, chosen_provinces, chosen_districts, chosen_orgs, chosen_fields, query), lang)
