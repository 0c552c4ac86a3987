"""Streamlit pieces shared by pages: KPI cards, the map placeholder, a chart with the house's plotly settings."""

import streamlit as st

from briefing.i18n import translate
from components.state import escape_markdown

CHART_CONFIG = {"displaylogo": False}


def render_kpi_cards(kpis: list[dict[str, str]]) -> None:
    """Big numbers first; columns stack into one column on a phone."""
    for column, kpi in zip(st.columns(len(kpis)), kpis, strict=True):
        column.metric(kpi["label"], kpi["value"], help=kpi.get("detail") or None)
        if kpi.get("detail"):
            column.caption(kpi["detail"])


def render_map_unavailable(reason: str, lang: str) -> None:
    st.info(translate("map_unavailable", lang, reason=reason), icon="🗺️")


def render_answer(answer: str) -> None:
    """The view's answer in one plain sentence, first on the screen (its words come from sources: escaped)."""
    if answer:
        with st.container(key="answer"):
            st.markdown(escape_markdown(answer))
