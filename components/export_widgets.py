"""The export bar on every page: "Tải ảnh" (with the interactive HTML map on map views), "Tải dữ liệu" and "Tạo slide",
built on click from the view's link. Streamlit shows a spinner on a button while its file is being made.

Beside it, the view's provenance lines for the browser's print (shown only on paper, see components/layout.py).
"""

import html
from datetime import date
from functools import partial

import streamlit as st

from briefing.exports import EXPORT_KINDS, build_file_stem
from briefing.i18n import translate
from components import cached
from components.state import presentation_mode

IMAGE_KINDS = {"png": "export_png_wide", "png_square": "export_png_square", "svg": "export_svg"}
DATA_KINDS = {"csv_view": "export_csv_view", "xlsx_view": "export_xlsx_view", "csv_all": "export_csv_all",
              "xlsx_all": "export_xlsx_all"}


def render_download(view_link: str, kind: str, label: str, file_stem: str) -> None:
    """A download button whose file is built only when clicked (then cached per view and kind)."""
    st.download_button(
        label, data=partial(cached.get_export_bytes, view_link, kind), file_name=file_stem + EXPORT_KINDS[kind][0],
        mime=EXPORT_KINDS[kind][1], on_click="ignore", key=f"export_{kind}", width="stretch",
    )


def render_print_footer(view_link: str) -> None:
    """'Nguồn: …', periods, scopes, admin version and data date of the view: the exports' footer, for paper."""
    lines = cached.get_provenance_lines(view_link, date.today().isoformat())
    if lines is None:
        return
    with st.container(key="print_footer"):
        st.html("".join(f"<p>{html.escape(line)}</p>" for line in lines))


def render_export_bar(view_link: str, lang: str) -> None:
    """Image, data and deck downloads of the view on screen; hidden in presentation mode and when printing."""
    render_print_footer(view_link)
    if presentation_mode():
        return
    content = cached.get_view_content(view_link)
    # One name for every file of the view ('hoc-lam-theo-bac-province-quang-ngai-2026-11-30'), each with its extension.
    stem = build_file_stem(content, cached.get_view_inputs(), date.today().isoformat())
    with st.container(key="export_bar", horizontal=True):
        with st.popover(translate("export_image", lang), icon=":material/image:"):
            for kind, label in IMAGE_KINDS.items():
                render_download(view_link, kind, translate(label, lang), stem)
            if content.map_figure is not None:
                render_download(view_link, "html_map", translate("export_html_map", lang), stem)
        with st.popover(translate("export_data", lang), icon=":material/table:"):
            for kind, label in DATA_KINDS.items():
                render_download(view_link, kind, translate(label, lang), stem)
        render_download(view_link, "pptx", translate("export_deck", lang), stem)
        render_download(view_link, "pptx_appendix", translate("export_deck_appendix", lang), stem)
