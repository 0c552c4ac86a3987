"""Streamlit controls shared by pages: indicator and admin-version pickers, KPI cards, map placeholders."""

import streamlit as st

from components.cached import get_dataset
from components.i18n import translate
from components.state import radio_param, select_param

DEFAULT_INDICATOR = "models_built_count"
ADMIN_VERSIONS = ["vn63", "vn34"]


def indicator_titles(lang: str) -> dict[str, str]:
    """Indicator id → title in the interface language, for the indicators that have observations."""
    dataset = get_dataset()
    used = set(dataset.observations["indicator"])
    column = "title_vi" if lang == "vi" else "title_en"
    return {row.indicator: getattr(row, column) for row in dataset.indicators.itertuples() if row.indicator in used}


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
