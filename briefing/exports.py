"""Data downloads of a view or of everything, and the one writer every download goes through.

The CSV holds the figures (one row each, with provenance, and for a view the comparability rule's verdict:
`on_shared_scale`, `why_not`, and `rate_value`/`rate_unit` when the view shows a rate); a models view's CSV holds
its models. The XLSX has a sheet of figures, a sheet of named models with their place, and a key of columns and
sources; Vietnamese headers over a hidden row of column codes, autofilter, frozen header, number formats.
Every cell that a spreadsheet would run as a formula is neutralised (`neutralise_formula`).
"""

import io
import re

import pandas as pd
from openpyxl.utils import get_column_letter

from briefing.catalogue import title_column
from briefing.content import ViewContent
from briefing.deck import build_deck
from briefing.i18n import translate
from briefing.images import make_snapshot_figure, render_image
from briefing.inputs import ViewInputs
from briefing.places import period_words, scope_words, value_words
from indicators.domain.codes import DEFAULT_ADMIN_VERSION
from indicators.domain.names import match_keys
from indicators.store.published import csv_number_text
from indicators.store.reads import Catalogue

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIGURES_SHEET, MODELS_SHEET, KEY_SHEET = "Số liệu", "Mô hình", "Mô tả"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# kind → (file name ending, MIME type) of every download a view offers.
EXPORT_KINDS = {
    "png": (".png", "image/png"), "png_square": ("-vuong.png", "image/png"), "svg": (".svg", "image/svg+xml"),
    "csv_view": (".csv", "text/csv"), "csv_all": ("-toan-bo.csv", "text/csv"),
    "xlsx_view": (".xlsx", XLSX_MIME), "xlsx_all": ("-toan-bo.xlsx", XLSX_MIME), "pptx": (".pptx", PPTX_MIME),
    "pptx_appendix": ("-phu-luc.pptx", PPTX_MIME), "html_map": ("-ban-do.html", "text/html"),
}
FILE_PREFIX = "hoc-lam-theo-bac"
MAX_PLACES_IN_FILE_NAME = 3  # past that a file name lists a few of many places: it names none
NUMBER_FORMAT = "#,##0.##"
# column code → (Vietnamese header, English description) of the figures table.
FIGURE_COLUMNS = {
    "obs_id": ("Mã số liệu", "figure id (obs_id)"),
    "indicator": ("Mã chỉ tiêu", "headline indicator id"),
    "indicator_title": ("Chỉ tiêu", "headline indicator"),
    "subtype": ("Mã chi tiết", "subtype id"),
    "subtype_title": ("Chi tiết", "what exactly is counted"),
    "value": ("Giá trị", "numeric value in base units (đồng, not tỷ đồng)"),
    "denominator": ("Mẫu số", "the Y of an 'X of Y' figure"),
    "unit": ("Đơn vị", "unit"),
    "qualifier": ("Định tính", "exact, at_least (hơn), at_most (tối đa), approximately (khoảng)"),
    "value_text": ("Giá trị như báo cáo viết", "the value as a reader should read it, with qualifier and unit"),
    "admin_version": ("Bộ đơn vị hành chính", "vn63 (before 1 July 2025) or vn34: what the codes refer to"),
    "province_code": ("Mã tỉnh", "province code (in admin_version)"),
    "district_code": ("Mã huyện", "district code (vn63)"),
    "place_name": ("Địa danh", "the place by its gazetteer name (a region, a former unit as the source names it)"),
    "organisation": ("Tổ chức", "the body the figure belongs to (recipients of honours), if not the whole place"),
    "scope": ("Phạm vi", "who the figure covers, in words"),
    "period_start": ("Đầu kỳ", "period start (ISO)"),
    "period_end": ("Cuối kỳ", "period end (ISO)"),
    "period": ("Thời kỳ", "period in words"),
    "period_basis": ("Cách xác định kỳ", "stated, inferred or assumed"),
    "phase": ("Giai đoạn", "campaign phase: ct06, ct03, ct05, kl01"),
    "award_type": ("Hình thức khen", "honours: bang_khen, giay_khen, bieu_duong, danh_hieu, huan_chuong, mixed"),
    "awarding_body": ("Nơi khen", "honours: who gave them"),
    "award_level": ("Cấp khen", "honours: event, own_level, lower_levels, all_levels, higher_level"),
    "part_of": ("Thuộc tổng", "the obs_id of the total this figure is a part of"),
    "on_shared_scale": ("Cùng thang so sánh", "the view's comparability rule put it on the shared colour scale"),
    "why_not": ("Vì sao không", "why the rule did not"),
    "rank": ("Hạng", "the province's rank on the shared scale, largest first; equal values share a rank (1, 2, 2, 4)"),
    "rank_group": ("Nhóm", "top, middle or bottom third of the shared scale, where it holds 9 provinces or more"),
    "scale_profile": ("So với thang chung", "a province's value beside the median and the highest of its shared scale, "
                      "with n (scales of 5 values or more)"),
    "rate_value": ("Giá trị theo tỷ lệ", "the province's value per 100,000 people or per 1,000 km² (GSO 2023)"),
    "rate_unit": ("Đơn vị tỷ lệ", "what the rate is per"),
    "source_id": ("Mã nguồn", "source id"),
    "source_title": ("Nguồn", "source title"),
    "source_publisher": ("Cơ quan đăng", "publisher"),
    "source_date": ("Ngày đăng", "date published"),
    "source_url": ("Đường dẫn nguồn", "the source's web address"),
    "also_sources": ("Cùng số ở nguồn khác", "other sources reporting the same figure (another edition or outlet), "
                     "counted once"),
    "evidence": ("Trích dẫn nguyên văn", "verbatim evidence quoted from the source"),
}
MODEL_COLUMNS = {
    "model_id": ("Mã mô hình", "model id"),
    "name": ("Tên mô hình", "name in Vietnamese (as written in a Vietnamese source)"),
    "name_in_source": ("Tên trong nguồn", "the source's own name, when the source is in another language"),
    "admin_version": ("Bộ đơn vị hành chính", "vn63 or vn34"),
    "province_code": ("Mã tỉnh", "province code"),
    "province": ("Tỉnh", "province name (of its admin version)"),
    "district_code": ("Mã huyện", "district code (vn63)"),
    "district": ("Huyện", "district name"),
    "organisation": ("Tổ chức", "the body that runs it"),
    "field": ("Lĩnh vực", "field, in words"),
    "summary": ("Tóm tắt", "one sentence by the curator"),
    "source_id": ("Mã nguồn", "source id"),
    "source_title": ("Nguồn", "source title"),
    "source_url": ("Đường dẫn nguồn", "the source's web address"),
    "evidence": ("Trích dẫn nguyên văn", "verbatim evidence quoted from the source"),
}
VERDICT_COLUMNS = ("on_shared_scale", "why_not", "rank", "rank_group", "scale_profile", "rate_value", "rate_unit")
NUMERIC = ("value", "denominator", "rate_value")


def neutralise_formula(cell):
    """Prefix ' to text that a spreadsheet would run as a formula (= + - @, tab, CR); other cells unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def neutralise_table(table: pd.DataFrame) -> pd.DataFrame:
    return table.map(neutralise_formula).rename(columns=neutralise_formula)


def export_rows(content: ViewContent, inputs: ViewInputs, scope: str = "view") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observations and models to export: those the view shows, or all of the dataset (read when the download is
    asked for, and not kept by the inputs: no process holds every figure between downloads)."""
    if scope == "view":
        return content.obs, content.models
    if scope == "all":
        return inputs.observations_not_kept(), inputs.models()
    raise ValueError(f"Unknown export scope {scope!r}; expected 'view' or 'all'")


def build_figure_table(obs: pd.DataFrame, catalogue: Catalogue, lang: str = "vi",
                       verdicts: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per figure with its source, evidence, qualifier, scope, period, phase and award fields; for a view,
    the comparability rule's verdict on it."""
    sources = catalogue.sources.set_index("source_id")
    titles = catalogue.indicators.set_index("indicator")[title_column(lang)]
    subtypes = catalogue.subtypes.set_index("subtype")[title_column(lang)]
    table = obs.reindex(columns=[c for c in FIGURE_COLUMNS if c in obs.columns]).assign(
        indicator_title=obs["indicator"].map(titles), subtype_title=obs["subtype"].map(subtypes),
        value_text=[value_words(r, lang) for r in obs.itertuples()],
        scope=[scope_words(r, lang) for r in obs.itertuples()],
        period=[period_words(r, lang) for r in obs.itertuples()],
        source_title=obs["source_id"].map(sources["title"]),
        source_publisher=obs["source_id"].map(sources["publisher"]),
        source_date=obs["source_id"].map(sources["date_published"]), source_url=obs["source_id"].map(sources["url"]),
        also_sources=obs["also_source_titles"].map("; ".join) if "also_source_titles" in obs else "",
    )
    if verdicts is not None and len(verdicts):
        table = table.merge(verdicts, on="obs_id", how="left")
        if "on_shared_scale" in table:  # a province view's verdicts hold only its values' scale profiles
            table["on_shared_scale"] = table["on_shared_scale"].map({True: "true", False: "false"}).fillna("")
    columns = [c for c in FIGURE_COLUMNS if c in table.columns or c not in VERDICT_COLUMNS]
    table = table.reindex(columns=columns).reset_index(drop=True)
    return table.fillna({c: "" for c in columns if c not in NUMERIC})


def build_model_rows(models: pd.DataFrame, inputs: ViewInputs, lang: str = "vi") -> pd.DataFrame:
    """One row per named model with its place in words, field in words, source and evidence."""
    sources = inputs.catalogue.sources.set_index("source_id")
    names = inputs.province_names()
    districts = {d.code: d.name for d in inputs.gazetteer.places if d.level == "district"}
    table = models.assign(
        province=[names.get((v, c), "") for v, c in zip(models["admin_version"], models["province_code"],
                                                          strict=True)],
        district=models["district_code"].map(districts).fillna(""),
        field=models["field"].map(lambda f: translate(f"field_{f}", lang)),
        source_title=models["source_id"].map(sources["title"]), source_url=models["source_id"].map(sources["url"]),
    )
    return table.reindex(columns=list(MODEL_COLUMNS)).fillna("").reset_index(drop=True)


def build_key_table(figures: pd.DataFrame, models: pd.DataFrame, catalogue: Catalogue) -> tuple[pd.DataFrame,
                                                                                           pd.DataFrame]:
    """The key sheet: what every column means, and every source the rows cite."""
    key = pd.DataFrame([(code, vi, en) for columns in (FIGURE_COLUMNS, MODEL_COLUMNS)
                        for code, (vi, en) in columns.items() if code in figures or code in models],
                       columns=["Cột / column", "Tiêu đề", "Description"]).drop_duplicates("Cột / column")
    cited = set(figures.get("source_id", [])) | set(models.get("source_id", []))
    rows = catalogue.sources[catalogue.sources["source_id"].isin(cited)]
    counts = pd.concat([figures.get("source_id", pd.Series(dtype=str)),
                        models.get("source_id", pd.Series(dtype=str))]).value_counts()
    sources = pd.DataFrame({
        "source_id": rows["source_id"], "Nguồn / source": rows["title"], "Cơ quan đăng": rows["publisher"],
        "Ngày đăng": rows["date_published"], "Đường dẫn": rows["url"], "Tệp": rows["path"],
        "Số dòng trích dẫn": [int(counts.get(s, 0)) for s in rows["source_id"]],
        "Ghi chú bản quyền": rows["licence_note"],
    })
    return key, sources


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """The one CSV writer of every download: UTF-8 with a byte-order mark (Excel reads Vietnamese correctly),
    numbers as written in data/ (14, 99.7, no 1.32e+11), formula-like text neutralised. Rows end in CRLF as RFC 4180
    and Excel do: then the writer quotes a cell holding a lone CR, which would otherwise end the row there and start
    the next one with the rest of the cell (a formula the neutralising never saw)."""
    numbers = {column: table[column].map(number_text) for column in table.columns if column in NUMERIC}
    return neutralise_table(table.assign(**numbers)).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def number_text(value) -> str:
    """'14', '99.7', '132000000000'; empty for a missing value."""
    return "" if value is None or pd.isna(value) or value == "" else csv_number_text(round(float(value), 4))


def to_xlsx_bytes(figures: pd.DataFrame, models: pd.DataFrame, catalogue: Catalogue) -> bytes:
    """Sheets 'Số liệu' (figures), 'Mô hình' (named models) and 'Mô tả' (column key, sources)."""
    key, sources = build_key_table(figures, models, catalogue)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table, headers in ((FIGURES_SHEET, figures, FIGURE_COLUMNS), (MODELS_SHEET, models, MODEL_COLUMNS)):
            write_data_sheet(writer, name, neutralise_table(table), headers)
        neutralise_table(key).to_excel(writer, sheet_name=KEY_SHEET, index=False)
        neutralise_table(sources).to_excel(writer, sheet_name=KEY_SHEET, index=False, startrow=len(key) + 2)
        style_key_sheet(writer.book[KEY_SHEET])
    return buffer.getvalue()


def write_data_sheet(writer: pd.ExcelWriter, name: str, table: pd.DataFrame, headers: dict) -> None:
    """Vietnamese headers in row 1, the column codes in a hidden row 2, data below; filter, frozen header, widths,
    number formats."""
    table.to_excel(writer, sheet_name=name, index=False, startrow=1)
    sheet = writer.book[name]
    for index, code in enumerate(table.columns, start=1):
        sheet.cell(row=1, column=index, value=headers.get(code, (code,))[0])
        letter = get_column_letter(index)
        longest = max([len(str(sheet.cell(row=1, column=index).value))]
                      + [len(str(v)) for v in table[code].head(200)], default=8)
        sheet.column_dimensions[letter].width = min(max(longest + 2, 10), 60)
        if code in NUMERIC:
            for cell in sheet[letter][2:]:
                cell.number_format = NUMBER_FORMAT
    sheet.row_dimensions[2].hidden = True
    sheet.freeze_panes = "A3"
    if len(table.columns):
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{len(table) + 2}"


def style_key_sheet(sheet) -> None:
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        longest = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(longest + 2, 10), 70)


def build_export(content: ViewContent, kind: str, inputs: ViewInputs) -> bytes:
    """One download of a view's content, by kind (see EXPORT_KINDS): the buttons and the CLIs share this core."""
    if kind in ("png", "png_square", "svg"):
        figure = make_snapshot_figure(content, "square" if kind == "png_square" else "16:9")
        return render_image(figure, "svg" if kind == "svg" else "png")
    if kind in ("pptx", "pptx_appendix"):
        return build_deck(content, appendix=kind == "pptx_appendix", standing=province_standing(content, inputs))
    if kind == "html_map":
        from briefing.interactive import build_interactive_map

        return build_interactive_map(content, inputs)
    file_type, _, scope = kind.partition("_")
    if scope == "view" and content.download == "places":  # a view that counts figures (coverage): its table
        return to_csv_bytes(content.table) if file_type == "csv" else to_xlsx_bytes(
            content.table, build_model_rows(content.models, inputs, content.lang), inputs.catalogue)
    obs, models = export_rows(content, inputs, scope)
    figures = build_figure_table(obs, inputs.catalogue, content.lang, content.verdicts if scope == "view" else None)
    named = build_model_rows(models, inputs, content.lang)
    if file_type == "csv":
        return to_csv_bytes(named if content.download == "models" else figures)
    return to_xlsx_bytes(figures, named, inputs.catalogue)


def province_standing(content: ViewContent, inputs: ViewInputs) -> ViewContent | None:
    """A province's place in the widest comparison (the view its content names), for its deck's ranking."""
    if not content.standing_link:
        return None
    from briefing.links import parse_view
    from briefing.views import build_view_content

    return build_view_content(parse_view(content.standing_link), inputs)


def export_kind_of(path_suffix: str) -> str | None:
    """The export kind a file name's extension asks for (the CLI chooses by extension), or None."""
    return {".png": "png", ".svg": "svg", ".csv": "csv_view", ".xlsx": "xlsx_view", ".pptx": "pptx",
            ".html": "html_map"}.get(path_suffix)


def build_file_name(content: ViewContent, kind: str, inputs: ViewInputs, day: str) -> str:
    """'hoc-lam-theo-bac-province-quang-ngai-binh-son-2026-11-30.csv': the view's file stem and the kind's extension."""
    return build_file_stem(content, inputs, day) + EXPORT_KINDS[kind][0]


def build_file_stem(content: ViewContent, inputs: ViewInputs, day: str) -> str:
    """'hoc-lam-theo-bac-province-quang-ngai-binh-son-2026-11-30': the page, the admin version when not the default,
    the indicator, the places (up to three) or the source, and the day; ASCII without diacritics, so every mail
    client and file system keeps it, and a folder of exports sorts by view."""
    choices = {name: choice.value for name, choice in content.choices.items()}
    indicators = choices.get("indicators") or [choices.get("indicator", "")]
    parts = [FILE_PREFIX, content.view.page.key,
             content.admin_version if content.admin_version != DEFAULT_ADMIN_VERSION else "",
             indicators[0] if len(indicators) == 1 else "", *place_names_of(choices, content.admin_version, inputs),
             choices.get("source", ""), day]
    return "-".join(slug for slug in map(file_slug, parts) if slug)


def place_names_of(choices: dict, admin_version: str, inputs: ViewInputs) -> list[str]:
    """The names of the provinces, then districts, the view is about; none when it is about more than a few."""
    provinces = choices.get("provinces") or choices.get("province") or []
    districts = choices.get("district") or []
    provinces, districts = ([codes] if isinstance(codes, str) else codes for codes in (provinces, districts))
    if len(provinces) + len(districts) > MAX_PLACES_IN_FILE_NAME:
        return []
    province_names = inputs.province_names()
    district_names = inputs.remember(("district_names",), lambda: {
        place.code: place.name for place in inputs.gazetteer.places if place.level == "district"})
    return ([province_names.get((admin_version, code), code) for code in provinces]
            + [district_names.get(code, code) for code in districts])


def file_slug(text: str) -> str:
    """'Tỉnh Quảng Ngãi' → 'quang-ngai', 'models_built' → 'models-built': no diacritics, no administrative prefix."""
    return re.sub(r"[^a-z0-9]+", "-", match_keys(text)[1]).strip("-")
