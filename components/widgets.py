"""Streamlit controls shared by pages: indicator and admin-version pickers, KPI cards, map placeholders."""

import streamlit as st

from components.cached import get_dataset
from components.i18n import translate
from components.state import radio_param, read_param, select_param
from components.views import DEFAULT_INDICATOR
from components.views import indicator_titles as titles_of_reported_indicators

ADMIN_VERSIONS = ["vn63", "vn34"]


def indicator_titles(lang: str) -> dict[str, str]:
    """Indicator id → title in the interface language, for the indicators that have observations."""
    return titles_of_reported_indicators(get_dataset(), lang)


def current_indicator(name: str = "indicator") -> str:
    """The indicator of the view, before its picker is drawn (the URL holds it; the picker writes it back there)."""
    return read_param(name, list(indicator_titles("vi")), DEFAULT_INDICATOR)


def current_version() -> str:
    return read_param("version", ADMIN_VERSIONS, "vn63")


def render_indicator_picker(lang: str, where=st, name: str = "indicator") -> str:
    titles = indicator_titles(lang)
    return select_param(name, translate("indicator", lang), list(titles), DEFAULT_INDICATOR, titles.__getitem__,
                        where=where)


def render_version_picker(lang: str, where=st) -> str:
    return radio_param("version", translate("admin_version", lang), ADMIN_VERSIONS, "vn63",
                       lambda v: translate(f"version_{v}", lang), where=where)


def render_kpi_cards(kpis: list[dict[str, str]]) -> None:
    """Big numbers first; columns stack into one column on a phone."""
    for column, kpi in zip(st.columns(len(kpis)), kpis, strict=True):
        column.metric(kpi["label"], kpi["value"], help=kpi.get("detail") or None)
        if kpi.get("detail"):
            column.caption(kpi["detail"])


def render_map_unavailable(reason: str, lang: str) -> None:
    st.info(translate("map_unavailable", lang, reason=reason), icon="🗺️")
