"""Render figures and models with their provenance: value with qualifier, scope, period, source, evidence."""

import pandas as pd
import streamlit as st

from components.cached import get_province_names
from components.i18n import translate
from components.tables import build_model_table, build_observation_table
from components.widgets import indicator_titles


def render_observations(obs: pd.DataFrame, lang: str, key: str = "observations") -> None:
    """A table of figures whose every row shows qualifier, scope, period, source and the evidence words."""
    if obs.empty:
        st.info(translate("no_observations", lang))
        return
    table = build_observation_table(obs, indicator_titles(lang), lang)
    st.dataframe(table, hide_index=True, width="stretch", key=key,
                 column_config={"obs_id": st.column_config.TextColumn("ID", width="small")})


def render_models(models: pd.DataFrame, lang: str) -> None:
    """The named models as a table: name, field, organisation, summary, source and evidence."""
    if models.empty:
        st.info(translate("no_observations", lang))
        return
    st.caption(translate("models_count", lang, count=len(models)))
    st.dataframe(build_model_table(models, lang, get_province_names()), hide_index=True, width="stretch")
