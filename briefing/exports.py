"""Data downloads of a view or of everything: one long table with provenance, as CSV (BOM) or XLSX with a key."""

import io

import pandas as pd

from briefing.deck import build_deck
from briefing.images import make_snapshot_figure, render_image
from briefing.places import period_words, scope_words, value_words
from briefing.views import ViewContent, ViewInputs
from indicators.queries import observations_with_titles
from indicators.tables import Dataset

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATA_SHEET, KEY_SHEET = "Dữ liệu", "Mô tả"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# kind → (file name ending, MIME type) of every download a view offers.
EXPORT_KINDS = {
    "png": (".png", "image/png"), "png_square": ("-vuong.png", "image/png"), "svg": (".svg", "image/svg+xml"),
    "csv_view": (".csv", "text/csv"), "csv_all": ("-toan-bo.csv", "text/csv"),
    "xlsx_view": (".xlsx", XLSX_MIME), "xlsx_all": ("-toan-bo.xlsx", XLSX_MIME), "pptx": (".pptx", PPTX_MIME),
}
COLUMNS = {
    "record_type": ("Loại dòng: số liệu (figure) hoặc mô hình (model)", "figure or named model"),
    "record_id": ("Mã số liệu (obs_id) hoặc mã mô hình (model_id)", "obs_id or model_id"),
    "indicator": ("Mã chỉ tiêu", "indicator id"),
    "indicator_title": ("Tên chỉ tiêu; với mô hình: tên mô hình", "indicator title; for a model, its name"),
    "value": ("Giá trị số (trống với mô hình)", "numeric value (empty for models)"),
    "denominator": ("Mẫu số khi số liệu là a/b", "denominator when the figure is a/b"),
    "unit": ("Đơn vị", "unit"),
    "qualifier": ("Định tính: exact, at_least (hơn), at_most (tối đa), approximately (khoảng)", "qualifier"),
    "value_text": ("Giá trị như báo cáo viết, kèm định tính và đơn vị", "value as a reader should read it"),
    "province_code": ("Mã tỉnh (theo admin_version)", "province code (in admin_version)"),
    "district_code": ("Mã huyện (vn63)", "district code (vn63)"),
    "place_name": ("Địa danh trong nguồn", "place named in the source"),
    "organisation": ("Tổ chức báo cáo (nếu không phải toàn địa bàn)", "reporting organisation, if not the whole area"),
    "scope": ("Phạm vi: ai được tính trong con số", "scope: who the number covers"),
    "period_start": ("Đầu kỳ (ISO)", "period start (ISO)"),
    "period_end": ("Cuối kỳ (ISO)", "period end (ISO)"),
    "period": ("Thời kỳ, viết gọn", "period in words"),
    "admin_version": ("Bộ đơn vị hành chính của mã: vn63 (trước 1/7/2025) hoặc vn34", "vn63 or vn34 codes"),
    "source_id": ("Mã nguồn", "source id"),
    "source_title": ("Tên bài/nguồn", "source title"),
    "source_publisher": ("Cơ quan đăng", "publisher"),
    "source_date": ("Ngày đăng nguồn", "date published"),
    "evidence": ("Trích dẫn nguyên văn từ nguồn", "verbatim evidence quoted from the source"),
}


def neutralise_formula(cell):
    """Prefix ' to text that a spreadsheet would run as a formula (= + - @, tab, CR); other cells unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def neutralise_table(table: pd.DataFrame) -> pd.DataFrame:
    return table.map(neutralise_formula).rename(columns=neutralise_formula)


def export_rows(content: ViewContent, dataset: Dataset, scope: str = "view") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observations and models to export: those the view shows, or all of the dataset."""
    if scope == "view":
        return content.obs, content.models
    if scope == "all":
        return observations_with_titles(dataset), dataset.models
    raise ValueError(f"Unknown export scope {scope!r}; expected 'view' or 'all'")


def build_export_table(obs: pd.DataFrame, models: pd.DataFrame, dataset: Dataset, lang: str = "vi") -> pd.DataFrame:
    """One row per figure, then per named model, each with its source, evidence, qualifier, scope and period."""
    sources = dataset.sources.set_index("source_id")
    catalogue = dataset.indicators.set_index("indicator")
    titles = catalogue["title_vi" if lang == "vi" else "title_en"]
    figures = pd.DataFrame({
        "record_type": "figure", "record_id": obs["obs_id"], "indicator": obs["indicator"],
        "indicator_title": obs["indicator"].map(titles), "value": obs["value"], "denominator": obs["denominator"],
        "unit": obs["unit"], "qualifier": obs["qualifier"],
        "value_text": [value_words(r, lang) for r in obs.itertuples()],
        "province_code": obs["province_code"], "district_code": obs["district_code"], "place_name": obs["place_name"],
        "organisation": obs["organisation"], "scope": [scope_words(r, lang) for r in obs.itertuples()],
        "period_start": obs["period_start"], "period_end": obs["period_end"],
        "period": [period_words(r, lang) for r in obs.itertuples()],
        "admin_version": obs["admin_version"], "source_id": obs["source_id"], "evidence": obs["evidence"],
    })
    named = pd.DataFrame({
        "record_type": "model", "record_id": models["model_id"], "indicator_title": models["name"],
        "value_text": models["name"], "province_code": models["province_code"],
        "district_code": models["district_code"], "organisation": models["organisation"],
        "scope": models["organisation"],
        "admin_version": models["admin_version"], "source_id": models["source_id"], "evidence": models["evidence"],
    })
    table = pd.concat([figures, named], ignore_index=True).reindex(columns=list(COLUMNS))
    table["source_title"] = table["source_id"].map(sources["title"])
    table["source_publisher"] = table["source_id"].map(sources["publisher"])
    table["source_date"] = table["source_id"].map(sources["date_published"])
    return table.fillna({c: "" for c in COLUMNS if c not in ("value", "denominator")})


def build_key_table(table: pd.DataFrame, dataset: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The second sheet: what every column means, and every source the rows cite."""
    key = pd.DataFrame([(column, vi, en) for column, (vi, en) in COLUMNS.items()],
                       columns=["Cột / column", "Mô tả", "Description"])
    cited = dataset.sources[dataset.sources["source_id"].isin(set(table["source_id"]))]
    counts = table["source_id"].value_counts()
    sources = pd.DataFrame({
        "source_id": cited["source_id"], "Nguồn / source": cited["title"], "Cơ quan đăng": cited["publisher"],
        "Ngày đăng": cited["date_published"], "Đường dẫn": cited["url"], "Tệp": cited["path"],
        "Số dòng trích dẫn": [int(counts.get(s, 0)) for s in cited["source_id"]],
        "Ghi chú bản quyền": cited["licence_note"],
    })
    return key, sources


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Vietnamese correctly; formula-like text neutralised."""
    return neutralise_table(table).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(table: pd.DataFrame, dataset: Dataset) -> bytes:
    """Sheet 'Dữ liệu' with the rows, sheet 'Mô tả' with the column key and the sources."""
    key, sources = build_key_table(table, dataset)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise_table(table).to_excel(writer, sheet_name=DATA_SHEET, index=False)
        neutralise_table(key).to_excel(writer, sheet_name=KEY_SHEET, index=False)
        neutralise_table(sources).to_excel(writer, sheet_name=KEY_SHEET, index=False, startrow=len(key) + 2)
        style_sheets(writer.book)
    return buffer.getvalue()


def style_sheets(book) -> None:
    """Frozen header row and readable column widths on every sheet."""
    for sheet in book.worksheets:
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            longest = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(longest + 2, 10), 60)


def build_export(content: ViewContent, kind: str, inputs: ViewInputs) -> bytes:
    """One download of a view's content, by kind (see EXPORT_KINDS): the buttons and the CLIs share this core."""
    if kind in ("png", "png_square", "svg"):
        figure = make_snapshot_figure(content, "square" if kind == "png_square" else "16:9")
        return render_image(figure, "svg" if kind == "svg" else "png")
    if kind == "pptx":
        return build_deck(content)
    file_type, _, scope = kind.partition("_")
    table = build_export_table(*export_rows(content, inputs.dataset, scope), inputs.dataset, content.lang)
    return to_csv_bytes(table) if file_type == "csv" else to_xlsx_bytes(table, inputs.dataset)


def export_kind_of(path_suffix: str) -> str | None:
    """The export kind a file name's extension asks for (the CLI chooses by extension), or None."""
    return {".png": "png", ".svg": "svg", ".csv": "csv_view", ".xlsx": "xlsx_view", ".pptx": "pptx"}.get(path_suffix)
