"""Streamlit pieces shared by pages: KPI cards, tables (grid, or cards on a phone), the map placeholder, the answer."""

import html
import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st

from briefing.i18n import translate
from components.state import escape_markdown

log = logging.getLogger(__name__)
CHART_CONFIG = {"displaylogo": False}


def render_kpi_cards(kpis: list[dict[str, str]]) -> None:
    """Big numbers first; columns stack into one column on a phone (a long value wraps: components/layout.py)."""
    for column, kpi in zip(st.columns(len(kpis)), kpis, strict=True):
        column.metric(kpi["label"], kpi["value"], help=kpi.get("detail") or None)
        if kpi.get("detail"):
            column.caption(kpi["detail"])


def render_table(table: pd.DataFrame, key: str) -> None:
    """A data grid on a wide screen and one card per row on a phone (components/layout.py shows one of the two):
    the grid's columns ran off a phone's screen."""
    with st.container(key=f"table_grid_{key}"):
        st.dataframe(table, hide_index=True, width="stretch", key=key)
    with st.container(key=f"table_cards_{key}"):
        st.html(table_cards_html(table))


def table_cards_html(table: pd.DataFrame) -> str:
    """Each row as a card: its first column as the heading, then 'column: value' for the others that hold text."""
    if table.empty:
        return ""
    heading, *fields = table.columns
    cards = []
    for row in table.itertuples(index=False):
        values = dict(zip(table.columns, row, strict=True))
        lines = "".join(f"<div><span style='color:#555'>{html.escape(str(name))}:</span> {html.escape(str(value))}"
                        "</div>" for name, value in values.items()
                        if name != heading and name in fields and _shown(value))
        cards.append("<div class='table-card' style='border:1px solid #dde3ea;border-radius:0.4rem;"
                     "padding:0.35rem 0.6rem;margin-bottom:0.5rem;overflow-wrap:anywhere'>"
                     f"<div style='font-weight:600'>{html.escape(str(values[heading]))}</div>{lines}</div>")
    return "".join(cards)


def _shown(value) -> bool:
    return not (value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() in ("", "–"))


def render_breadcrumb(crumbs: list[tuple[str, tuple[str, dict[str, str]] | Callable[[], None] | None]]) -> None:
    """Where the page stands, each level by its name (Cả nước › Tỉnh Điện Biên › Huyện Mường Nhé). A crumb is
    (words, what it does): a (page file, link parameters) to open another page, a callback for a level of this page
    (a link to the page on screen does not rerun it), or None for the level on screen."""
    with st.container(key="breadcrumb", horizontal=True, gap="small", vertical_alignment="center"):
        for index, (words, target) in enumerate(crumbs):
            if index:
                st.markdown("›", width="content")
            if isinstance(target, tuple):
                st.page_link(target[0], label=words, query_params=target[1], width="content")
            elif target:
                st.button(words, key=f"breadcrumb_{index}", type="tertiary", on_click=target, width="content")
            else:
                st.markdown(f"**{escape_markdown(words)}**", width="content")


def render_map_unavailable(reason: str, lang: str) -> None:
    """Say the map cannot be drawn and which setting to check; the reason, which names server paths, goes to the
    log only (issue 22 item 8: visitors saw the path of the missing layer)."""
    log.warning("Map not drawn: %s", reason)
    st.info(translate("map_unavailable_layers", lang, setting="VN_GEO_BUILD_DIR"), icon="🗺️")


def render_answer(answer: str) -> None:
    """The view's answer in one plain sentence, first on the screen (its words come from sources: escaped)."""
    if answer:
        with st.container(key="answer"):
            st.markdown(escape_markdown(answer))
