"""The provinces' reporting form: an XLSX template of the headline indicators; a filled form read into a publication.

A province writes one figure of the whole province per row, with its period and qualifier, instead of prose: what it
sends can be put beside what the other provinces send. The form's words (lists, instructions, the text the figures are
quoted from) are part of the form and versioned with it (FORM_VERSION), so a form filled last year still reads.
"""

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
from babel.numbers import format_decimal
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.engine import Engine

from indicators.codes import ADMIN_VERSIONS, HONOURS_INDICATOR, UNITS
from indicators.comparability import SUM_OF_PARTS
from indicators.extraction.readers import MAX_UPLOAD_BYTES
from indicators.gazetteer import load_crosswalk
from indicators.ingest import OBSERVATION_COLUMNS, upload_path
from indicators.names import match_keys
from indicators.periods import PHASE_WINDOWS, phase_of
from indicators.refusal import Refusal
from indicators.safety import cut, formula_like
from indicators.schema import TableError, validate_table
from indicators.store import DOCUMENT_COLUMNS, publish
from indicators.tables import Dataset
from indicators.users import User

FORM_MARKER = "hoc-tap-lam-theo-bac/mau-bao-cao-tinh"
FORM_VERSION = "1"
FORM_ADMIN_VERSION = ADMIN_VERSIONS[0]  # the 63 provinces: the crosswalk's old codes
SOURCE_PREFIX = "form_"
TEMPLATE_FILE_NAME = "mau-bao-cao-hoc-tap-lam-theo-bac.xlsx"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET, GUIDE_SHEET, LISTS_SHEET = "Báo cáo", "Hướng dẫn", "Danh mục"
# Like a .docx upload (indicators/extraction/readers.py), a form's parts may unpack to no more than this, declared
# sizes checked before anything is unpacked; the template itself unpacks to some 60 kB.
MAX_UNPACKED_FORM_BYTES = 32 * 1024 * 1024
MAX_FORM_ROWS = 300  # rows of the data sheet read; the template has about 40
MAX_NOTE_CHARS = 500
EARLIEST_DATE = date(PHASE_WINDOWS["ct06"][0].year, 1, 1)  # the campaign began in 2006 (Chỉ thị 06-CT/TW)
PERIOD_NOTE = "from the reporting form"
FORM_LABEL = Path("form")  # schema errors name form/<table>.csv

# The data sheet: a header block (label in A, answer in B), then the table.
PROVINCE_ROW, VERSION_ROW, BODY_ROW, DATE_ROW = 3, 4, 5, 6
HEADER_LABELS = {PROVINCE_ROW: "Tỉnh, thành phố (mã GSO)", VERSION_ROW: "Bản đồ hành chính",
                 BODY_ROW: "Cơ quan báo cáo", DATE_ROW: "Ngày báo cáo"}
VERSION_TEXT = f"{FORM_ADMIN_VERSION} – 63 tỉnh, thành phố (trước 1/7/2025)"
TABLE_HEADER_ROW = 8
FIRST_DATA_ROW = TABLE_HEADER_ROW + 1
# (key, title, width): the table's columns in order, A to J.
COLUMNS = (
    ("subtype", "Mã chỉ tiêu", 23), ("title", "Chỉ tiêu", 46), ("unit", "Đơn vị", 10), ("value", "Số liệu", 16),
    ("qualifier", "Mức độ chính xác", 22), ("period_start", "Từ ngày", 12), ("period_end", "Đến ngày", 12),
    ("phase", "Giai đoạn", 26), ("award_level", "Cấp khen (dòng khen thưởng)", 26),
    ("notes", "Nguồn số liệu, ghi chú", 36),
)
LETTER = {key: get_column_letter(index) for index, (key, _, _) in enumerate(COLUMNS, start=1)}
COLUMN_TITLE = {key: title for key, title, _ in COLUMNS}
OUTSIDE_TABLE = "ô ngoài bảng số liệu"  # the column title a problem names for a cell no check of the form reads
COLUMN_WIDTH = {key: width for key, _, width in COLUMNS}
PREFILLED = ("subtype", "title", "unit")
INPUTS = ("value", "qualifier", "period_start", "period_end", "phase", "award_level", "notes")

# The form's words for the code lists of indicators/codes.py (a test keeps them complete).
QUALIFIER_CHOICES = {"exact": "đúng số", "at_least": "hơn, trên (ít nhất)", "at_most": "tối đa, dưới (nhiều nhất)",
                     "approximately": "khoảng, gần (xấp xỉ)"}
QUALIFIER_SYNONYMS = {"hơn": "at_least", "trên": "at_least", "ít nhất": "at_least", "tối đa": "at_most",
                      "dưới": "at_most", "khoảng": "approximately", "gần": "approximately", "xấp xỉ": "approximately"}
QUALIFIER_WORDS = {"exact": "", "at_least": "hơn", "at_most": "tối đa", "approximately": "khoảng"}  # in the text
PHASE_CHOICES = {"ct06": "ct06 – Cuộc vận động 2006–2011 (Chỉ thị 06)", "ct03": "ct03 – Chỉ thị 03 (2011–2016)",
                 "ct05": "ct05 – Chỉ thị 05 (2016–2021)", "kl01": "kl01 – Kết luận 01 (từ 18/5/2021)"}
AWARD_LEVEL_CHOICES = {"event": "một lễ, hội nghị tuyên dương", "own_level": "cấp tỉnh, cộng dồn cả thời kỳ",
                       "lower_levels": "các cấp dưới (huyện, xã)", "all_levels": "mọi cấp, kể cả cơ sở",
                       "higher_level": "cấp trên (Trung ương, Chính phủ)"}
UNIT_WORDS = {"count": "số lượng", "person": "người", "person_turn": "lượt người", "household": "hộ",
              "house": "căn nhà", "vnd": "đồng", "percent": "%", "m2": "m²", "ha": "ha", "km": "km", "kg": "kg",
              "workday": "ngày công", "opinion": "ý kiến"}
WHOLE_UNITS = ("count", "person", "person_turn", "household", "house", "vnd", "opinion")  # counted, never split
# The lists sheet: the marker in row 1, one list per column from row 3, each behind a defined name.
LIST_NAMES = ("ds_tinh", "ds_ma_chi_tieu", "ds_don_vi", "ds_muc_do", "ds_giai_doan", "ds_cap_khen")
FIRST_LIST_ROW = 3

GREY, WHITE, HEAD, SECTION = "F2F2F2", "FFFFFF", "DDE7F0", "EEF3F8"
FONT, FONT_SIZE, LINE_HEIGHT = "Arial", 10, 13.5  # Arial has every Vietnamese letter on Windows and LibreOffice
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


class FormError(Refusal):
    """A reporting form that cannot be published: a file-level `code` (too_large, not_xlsx, corrupt,
    unpacks_too_large, not_our_form) or 'invalid_form', whose `detail['problems']` names every bad cell."""

    kind = "form_error"


@dataclass(frozen=True)
class FormProblem:
    """One bad cell: where (sheet, row, column letter and title), what it holds, and what to do, in Vietnamese."""

    sheet: str
    row: int
    column_letter: str
    column_title: str
    value: str
    message: str

    def describe(self) -> str:
        return (f"Trang «{self.sheet}», dòng {self.row}, cột {self.column_letter} ({self.column_title}): "
                f"{self.message}")


@dataclass(frozen=True)
class FormHeader:
    """The header block of a filled form."""

    province_code: str
    province_name: str
    reporting_body: str
    report_date: date


@dataclass(frozen=True)
class FormRow:
    """One filled row of the table, checked, in codes."""

    row: int
    subtype: str
    indicator: str
    title: str
    unit: str
    value: float
    qualifier: str
    period_start: date
    period_end: date
    phase: str
    award_level: str
    notes: str


@dataclass
class FormReading:
    """A filled form that passed every check: its header, rows, the text kept as its source and the publication."""

    name: str
    sha256: str
    header: FormHeader
    rows: list[FormRow]
    text: str
    publication: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def source_id(self) -> str:
        return self.publication["sources"].at[0, "source_id"]


# 1. The template.

def form_subtypes(dataset: Dataset) -> pd.DataFrame:
    """The rows the form asks for, headline by headline: its default subtype, then the parts that total adds up."""
    catalogue = dataset.subtypes.set_index("subtype")
    rows = [{"subtype": code, "indicator": headline.indicator, "headline": headline.title_vi,
             "title": catalogue.at[code, "title_vi"], "unit": catalogue.at[code, "unit"]}
            for headline in dataset.indicators.itertuples()
            for code in (headline.default_subtype, *SUM_OF_PARTS.get(headline.default_subtype, ()))]
    return pd.DataFrame(rows)


def province_choices(crosswalk: list[dict[str, str]]) -> dict[str, str]:
    """'11' → '11 – Tỉnh Điện Biên', the 63 provinces in code order."""
    return {row["old_code"]: f"{row['old_code']} – {row['old_name']}"
            for row in sorted(crosswalk, key=lambda row: row["old_code"])}


def build_template(dataset: Dataset, crosswalk: list[dict[str, str]] | None = None) -> bytes:
    """The empty form as XLSX bytes: the data sheet, the instructions, and a hidden sheet of lists and the marker."""
    crosswalk = crosswalk if crosswalk is not None else load_crosswalk()
    subtypes = form_subtypes(dataset)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    write_guide_sheet(workbook.create_sheet(GUIDE_SHEET))
    write_lists_sheet(workbook, workbook.create_sheet(LISTS_SHEET), province_choices(crosswalk), subtypes)
    write_header_block(sheet)
    rows_of = write_table(sheet, subtypes)
    honours = [rows_of[code] for code in subtypes.loc[subtypes["indicator"] == HONOURS_INDICATOR, "subtype"]]
    add_validations(sheet, rows_of, honours)
    protect(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_header_block(sheet) -> None:
    """Title, the province, admin version, reporting body and date; a reminder of the rules beside them."""
    sheet["A1"] = "MẪU BÁO CÁO KẾT QUẢ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH"
    sheet["A1"].font = Font(name=FONT, bold=True, size=13)
    sheet["A2"] = ("Chỉ thị 05-CT/TW, Kết luận 01-KL/TW · số liệu của TOÀN TỈNH · mỗi dòng một số liệu · "
                   f"xem trang «{GUIDE_SHEET}»")
    sheet["A2"].font = Font(name=FONT, size=FONT_SIZE, italic=True, color="555555")
    for row, label in HEADER_LABELS.items():
        style_cell(sheet[f"A{row}"], label, fill=GREY, bold=True)
        style_cell(sheet[f"B{row}"], None, fill=WHITE, unlocked=row != VERSION_ROW)
    style_cell(sheet[f"B{VERSION_ROW}"], VERSION_TEXT, fill=GREY)
    sheet[f"B{DATE_ROW}"].number_format = "DD/MM/YYYY"
    sheet.merge_cells(f"D{PROVINCE_ROW}:J{DATE_ROW}")
    note = sheet[f"D{PROVINCE_ROW}"]
    note.value = ("Chỉ điền các ô nền trắng; các ô nền xám đã khóa. Chọn tỉnh trong danh sách. Mỗi số liệu ghi số "
                  "theo đơn vị gốc (tiền: đồng), kèm thời kỳ (từ ngày, đến ngày) và mức độ chính xác. Dòng không có "
                  "số liệu thì để trống.")
    note.alignment = Alignment(wrap_text=True, vertical="top")
    note.font = Font(name=FONT, size=FONT_SIZE, color="555555")


def write_table(sheet, subtypes: pd.DataFrame) -> dict[str, int]:
    """The column titles, then per headline a section row and its subtypes' rows; returns each subtype's row."""
    for key, title, width in COLUMNS:
        style_cell(sheet[f"{LETTER[key]}{TABLE_HEADER_ROW}"], title, fill=HEAD, bold=True, wrap=True)
        sheet.column_dimensions[LETTER[key]].width = width
    sheet.row_dimensions[TABLE_HEADER_ROW].height = 2 * LINE_HEIGHT
    row, rows_of = FIRST_DATA_ROW, {}
    for headline, group in subtypes.groupby("headline", sort=False):
        for key, _, _ in COLUMNS:
            style_cell(sheet[f"{LETTER[key]}{row}"], headline if key == "title" else None, fill=SECTION,
                       bold=True)
        row += 1
        for entry in group.itertuples():
            write_subtype_row(sheet, row, entry)
            rows_of[entry.subtype] = row
            row += 1
    sheet.freeze_panes = f"C{FIRST_DATA_ROW}"
    sheet.print_title_rows = f"{TABLE_HEADER_ROW}:{TABLE_HEADER_ROW}"
    fit_to_page_width(sheet, "landscape")
    return rows_of


def write_subtype_row(sheet, row: int, entry) -> None:
    """Code, title and unit prefilled and locked; the input cells open (award level only on honours rows)."""
    prefilled = {"subtype": entry.subtype, "title": entry.title, "unit": UNIT_WORDS[entry.unit]}
    for key in PREFILLED:
        style_cell(sheet[f"{LETTER[key]}{row}"], prefilled[key], fill=GREY, wrap=key == "title")
    sheet.row_dimensions[row].height = wrapped_height(entry.title, COLUMN_WIDTH["title"])
    for key in INPUTS:
        open_cell = key != "award_level" or entry.indicator == HONOURS_INDICATOR
        value = QUALIFIER_CHOICES["exact"] if key == "qualifier" else None
        style_cell(sheet[f"{LETTER[key]}{row}"], value, fill=WHITE if open_cell else GREY, unlocked=open_cell,
                   wrap=key == "notes")
    sheet[f"{LETTER['value']}{row}"].number_format = "General" if entry.unit in ("percent", "ha", "km") else "#,##0"
    for key in ("period_start", "period_end"):
        sheet[f"{LETTER[key]}{row}"].number_format = "DD/MM/YYYY"


def style_cell(cell, value, *, fill: str, bold: bool = False, wrap: bool = False, unlocked: bool = False) -> None:
    cell.value = value
    cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
    cell.border = BOX
    cell.font = Font(name=FONT, size=FONT_SIZE, bold=bold)
    cell.alignment = Alignment(wrap_text=wrap, vertical="top")
    cell.protection = Protection(locked=not unlocked)


def wrapped_height(text: str, width: int) -> float:
    """The height of a row whose wrapped text fills a column `width` characters wide (spreadsheets reading the file
    keep the heights written in it)."""
    return LINE_HEIGHT * max(1, -(-len(text) // int(width * 1.2)))


def write_lists_sheet(workbook: Workbook, sheet, provinces: dict[str, str], subtypes: pd.DataFrame) -> None:
    """The marker (row 1) and the lists the validations offer, each column behind a defined name; hidden."""
    sheet["A1"], sheet["B1"], sheet["C1"] = FORM_MARKER, FORM_VERSION, FORM_ADMIN_VERSION
    lists = (list(provinces.values()), list(subtypes["subtype"]), [UNIT_WORDS[u] for u in UNITS],
             list(QUALIFIER_CHOICES.values()), list(PHASE_CHOICES.values()), list(AWARD_LEVEL_CHOICES.values()))
    for column, (name, values) in enumerate(zip(LIST_NAMES, lists, strict=True), start=1):
        letter = get_column_letter(column)
        sheet[f"{letter}{FIRST_LIST_ROW - 1}"] = name
        for offset, value in enumerate(values):
            sheet[f"{letter}{FIRST_LIST_ROW + offset}"] = value
        last = FIRST_LIST_ROW + len(values) - 1
        reference = f"{quote_sheetname(LISTS_SHEET)}!${letter}${FIRST_LIST_ROW}:${letter}${last}"
        workbook.defined_names[name] = DefinedName(name, attr_text=reference)
    sheet.sheet_state = "hidden"


def add_validations(sheet, rows_of: dict[str, int], honours: list[int]) -> None:
    """Lists for province, codes, units, qualifiers, phases and award levels (on the honours rows); numbers ≥ 0;
    dates from 2006 to today."""
    first, last = FIRST_DATA_ROW, max(rows_of.values())

    def column(key: str) -> str:
        return f"{LETTER[key]}{first}:{LETTER[key]}{last}"

    rules = [
        (list_rule("ds_tinh", "Tỉnh", "Chọn tỉnh, thành phố trong danh sách 63 tỉnh (mã GSO)."), f"B{PROVINCE_ROW}"),
        (list_rule("ds_ma_chi_tieu", "Mã chỉ tiêu", "Mã chỉ tiêu có sẵn trong mẫu, không sửa."), column("subtype")),
        (list_rule("ds_don_vi", "Đơn vị", "Đơn vị có sẵn trong mẫu, không sửa."), column("unit")),
        (list_rule("ds_muc_do", "Mức độ chính xác", "Đúng số; hơn, trên; tối đa, dưới; khoảng, gần."),
         column("qualifier")),
        (list_rule("ds_giai_doan", "Giai đoạn", "Để trống: tính theo thời kỳ."), column("phase")),
        (list_rule("ds_cap_khen", "Cấp khen", "Khen ở cấp nào: một lễ tuyên dương, cộng dồn cấp tỉnh…"),
         " ".join(f"{LETTER['award_level']}{row}" for row in honours)),
        (number_rule(), column("value")),
        (date_rule(), f"B{DATE_ROW} {column('period_start')} {column('period_end')}"),
    ]
    for rule, cells in rules:
        for cell_range in cells.split():
            rule.add(cell_range)
        sheet.add_data_validation(rule)


def list_rule(name: str, title: str, prompt: str) -> DataValidation:
    return DataValidation(type="list", formula1=name, allow_blank=True, showErrorMessage=True,
                          errorTitle=title, error="Chọn một giá trị trong danh sách.", showInputMessage=True,
                          promptTitle=title, prompt=prompt)


def number_rule() -> DataValidation:
    return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                          showErrorMessage=True, errorTitle="Số liệu",
                          error="Chỉ ghi một con số từ 0 trở lên, theo đơn vị gốc (tiền: đồng).",
                          showInputMessage=True, promptTitle="Số liệu",
                          prompt="Một con số, không chữ: 6,2 tỷ đồng ghi 6200000000; «hơn», «khoảng» chọn ở cột sau.")


def date_rule() -> DataValidation:
    return DataValidation(type="date", operator="between", formula1=f"DATE({EARLIEST_DATE.year},1,1)",
                          formula2="TODAY()", allow_blank=True, showErrorMessage=True, errorTitle="Ngày",
                          error="Ghi ngày/tháng/năm, từ năm 2006 đến hôm nay.", showInputMessage=True,
                          promptTitle="Ngày", prompt="Ngày/tháng/năm, ví dụ 20/05/2024.")


def protect(workbook: Workbook, sheet) -> None:
    """Locked cells cannot be changed and sheets not renamed or removed; no password (a guard, not a secret)."""
    for locked in (sheet, workbook[GUIDE_SHEET], workbook[LISTS_SHEET]):
        locked.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = False  # widths and heights may change
    workbook.security = WorkbookProtection(lockStructure=True)


GUIDE = (
    ("Mẫu báo cáo này dùng để làm gì", (
        "Các tỉnh báo cáo kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (Chỉ thị 05-CT/TW, "
        "Kết luận 01-KL/TW) bằng văn bản, mỗi nơi viết một cách, nên không so sánh được. Mẫu này hỏi cùng một "
        "số chỉ tiêu, cùng cách ghi, để số liệu các tỉnh đặt được cạnh nhau trên bản đồ.",
    )),
    ("Phần đầu trang «Báo cáo»", (
        "Tỉnh, thành phố: chọn trong danh sách 63 tỉnh, thành phố theo mã của Tổng cục Thống kê (bản đồ hành chính "
        "trước 1/7/2025). Mỗi tỉnh điền một tệp.",
        "Cơ quan báo cáo: ví dụ «Ban Tuyên giáo Tỉnh ủy». Ngày báo cáo: ngày ký báo cáo (ngày/tháng/năm).",
    )),
    ("Mỗi dòng một số liệu của toàn tỉnh", (
        "Chỉ ghi số liệu của TOÀN TỈNH, không ghi số của một huyện, một xã hay một cơ quan, đoàn thể. Mỗi dòng một "
        "con số. Chỉ tiêu nào không có số liệu thì để trống cả dòng.",
        "Không sửa các cột nền xám (mã chỉ tiêu, chỉ tiêu, đơn vị): trang đã khóa để các tỉnh ghi cùng một mã. "
        "Không thêm, đổi tên hay xóa trang.",
    )),
    ("Các cột", (
        "Số liệu: chỉ một con số, theo đơn vị gốc. Tiền ghi bằng đồng: «6,2 tỷ đồng» ghi 6200000000, «365 triệu» "
        "ghi 365000000. Tỷ lệ ghi số phần trăm: «99,7%» ghi 99,7. Không ghi chữ trong ô này.",
        "Mức độ chính xác: «đúng số» khi báo cáo có con số chính xác; «hơn, trên (ít nhất)» khi viết «hơn 500», "
        "«trên 500» (500 là mức tối thiểu); «tối đa, dưới (nhiều nhất)» khi viết «tối đa 500», «dưới 500»; "
        "«khoảng, gần (xấp xỉ)» khi viết «khoảng 500», «gần 500».",
        "Từ ngày, Đến ngày: khoảng thời gian con số bao quát, ví dụ «giai đoạn 2021–2024» ghi 01/01/2021 và "
        "31/12/2024; «từ khi có Kết luận 01 đến nay» ghi 18/05/2021 và ngày báo cáo. Số liệu tại một thời điểm "
        "(«hiện có») ghi hai ngày bằng nhau. Ngày từ năm 2006 đến hôm nay; «Đến ngày» không sau ngày báo cáo. "
        "Số liệu nào cũng cần thời kỳ.",
        "Giai đoạn: để trống thì tự tính theo thời kỳ (ct06: 2006–2011, ct03: 2011–2016, ct05: 2016–2021, kl01: từ "
        "18/5/2021). Chọn khi thời kỳ vắt qua hai giai đoạn mà số liệu thuộc về một đợt sơ kết, tổng kết.",
        "Cấp khen (chỉ ở các dòng khen thưởng): «một lễ, hội nghị tuyên dương» khi là số tập thể, cá nhân được "
        "tuyên dương tại một hội nghị, một lễ; «cấp tỉnh, cộng dồn cả thời kỳ» khi cộng các lần tỉnh khen trong "
        "thời kỳ; «các cấp dưới», «mọi cấp, kể cả cơ sở», «cấp trên (Trung ương, Chính phủ)» theo nơi khen. "
        "Chỉ số cùng cấp khen mới được so sánh với nhau.",
        "Tổng và các phần: ghi tổng số tập thể, cá nhân và, nếu có, số tập thể, số cá nhân (cùng thời kỳ, cùng cấp "
        "khen). Nếu chỉ có hai phần, hệ thống tự cộng và ghi rõ là số cộng.",
        "Nguồn số liệu, ghi chú: số, ngày của văn bản báo cáo gốc và ghi chú ngắn (tối đa 500 ký tự).",
    )),
    ("Đăng số liệu", (
        "Gửi tệp đã điền cho biên tập viên. Biên tập viên tải tệp lên trang «Nhập báo cáo» (/ingest). Hệ thống "
        "kiểm tra từng ô: ô nào sai được chỉ rõ trang, dòng, cột và cách sửa; còn một lỗi thì chưa lưu gì.",
        "Khi mẫu hợp lệ, các số liệu được đăng lên bảng số liệu, kèm nguồn là chính mẫu này: mỗi dòng đã điền được "
        "giữ nguyên văn làm trích dẫn. Số liệu toàn tỉnh cùng giai đoạn (và cùng cấp khen) hiện trên bản đồ so sánh "
        "các tỉnh.",
    )),
)


GUIDE_WIDTH = 80  # characters: one A4 page wide (LibreOffice does not scale a sheet of one wrapped column)


def write_guide_sheet(sheet) -> None:
    """The instructions in Vietnamese: one heading per part, one wrapped paragraph per line."""
    sheet.column_dimensions["A"].width = GUIDE_WIDTH
    sheet["A1"] = "HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO"
    sheet["A1"].font = Font(name=FONT, bold=True, size=13)
    row = 3
    for heading, paragraphs in GUIDE:
        sheet[f"A{row}"] = heading
        sheet[f"A{row}"].font = Font(name=FONT, bold=True, size=11)
        for paragraph in paragraphs:
            row += 1
            sheet[f"A{row}"] = paragraph
            sheet[f"A{row}"].alignment = Alignment(wrap_text=True, vertical="top")
            sheet[f"A{row}"].font = Font(name=FONT, size=FONT_SIZE)
            sheet.row_dimensions[row].height = wrapped_height(paragraph, GUIDE_WIDTH)
        row += 2
    fit_to_page_width(sheet)


def fit_to_page_width(sheet, orientation: str = "portrait") -> None:
    """Printed on A4, scaled to the page's width."""
    sheet.page_setup.paperSize, sheet.page_setup.orientation = sheet.PAPERSIZE_A4, orientation
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5


# 2. A filled form: the file, then its cells, then every check; all problems are collected before refusing.

@dataclass(frozen=True)
class FormCells:
    """What is read of a workbook: its sheet names, the lists sheet's marker row and the data sheet's rows A–J."""

    sheet_names: list[str]
    marker: tuple
    rows: list[tuple]
    rows_beyond: int  # the first non-empty row past MAX_FORM_ROWS, 0 when none
    formulas: list[tuple[str, int, str, str]]  # formula cells the checks of rows and header do not read (see below)


def read_filled_form(name: str, data: bytes, dataset: Dataset, *, accessed: date | None = None,
                     uploaded_by: str = "", crosswalk: list[dict[str, str]] | None = None) -> FormReading:
    """Check a filled form cell by cell and turn it into sources, observations and documents rows; FormError when
    the file is not our form or any cell is wrong (every problem named by sheet, row and column)."""
    accessed = accessed or date.today()
    check_form_file(name, data)
    cells = load_form_cells(name, data)
    check_is_our_form(name, cells)
    provinces = {row["old_code"]: row["old_name"] for row in (crosswalk or load_crosswalk())}
    problems: list[FormProblem] = []
    header = read_header(cells.rows, provinces, accessed, problems)
    rows = read_rows(cells, dataset, header, accessed, problems)
    problems.extend(formula_problems(cells))
    problems.sort(key=lambda problem: (problem.row, problem.column_letter))
    if problems:
        raise FormError("invalid_form", f"{name}: {len(problems)} problem(s), nothing stored:\n"
                        + "\n".join(problem.describe() for problem in problems),
                        name=name, count=len(problems), problems=problems)
    sha256 = hashlib.sha256(data).hexdigest()
    text = render_form_text(name, header, rows)
    publication = build_form_publication(name, data, sha256, header, rows, text, accessed, uploaded_by)
    return FormReading(name, sha256, header, rows, text, publication)


def check_form_file(name: str, data: bytes) -> None:
    """Refuse, before opening it: too large, not an .xlsx (name or bytes), or parts that unpack too large."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise FormError("too_large", f"{name} is larger than the {MAX_UPLOAD_BYTES // 2**20} MB upload limit",
                        name=name, size_mb=round(len(data) / 2**20, 1), limit_mb=MAX_UPLOAD_BYTES // 2**20)
    if not name.lower().endswith(".xlsx") or not data.startswith(b"PK\x03\x04"):
        raise FormError("not_xlsx", f"{name} is not an Excel .xlsx file", name=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            declared = sum(item.file_size for item in package.infolist())
    except zipfile.BadZipFile as error:
        raise FormError("corrupt", f"{name} could not be opened as an .xlsx workbook ({error})", name=name,
                        reason=str(error)) from None
    if declared > MAX_UNPACKED_FORM_BYTES:
        raise FormError("unpacks_too_large", f"{name} unpacks to more than {MAX_UNPACKED_FORM_BYTES // 2**20} MB",
                        name=name, limit_mb=MAX_UNPACKED_FORM_BYTES // 2**20)


def load_form_cells(name: str, data: bytes) -> FormCells:
    """Open the workbook read-only (formulas as their text) and read what the checks need; FormError 'corrupt'."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of Excel extensions it drops; nothing we read
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                return read_cells(workbook)
            finally:
                workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError, IndexError) as error:
        reason = cut(str(error) or type(error).__name__, 120)
        raise FormError("corrupt", f"{name} could not be opened as an .xlsx workbook ({reason})", name=name,
                        reason=reason) from None


def read_cells(workbook) -> FormCells:
    names = list(workbook.sheetnames)
    marker = next(workbook[LISTS_SHEET].iter_rows(max_row=1, max_col=3, values_only=True), ()) \
        if LISTS_SHEET in names else ()
    rows, beyond = [], 0
    if DATA_SHEET in names:
        for number, values in enumerate(workbook[DATA_SHEET].iter_rows(max_col=len(COLUMNS), values_only=True), 1):
            if number <= MAX_FORM_ROWS:
                rows.append(tuple(values) + (None,) * (len(COLUMNS) - len(values)))
            elif not beyond and any(not is_empty(value) for value in values):
                beyond = number
    return FormCells(names, tuple(marker), rows, beyond, formula_cells_elsewhere(workbook))


def formula_cells_elsewhere(workbook) -> list[tuple[str, int, str, str]]:
    """(sheet, row, column letter, text) of every cell, in any sheet, that a spreadsheet would run as a formula and
    that the checks of the header and the rows do not read (a title row, column K, the instructions sheet…). The form
    file is kept and offered for download on /sources byte for byte, so a published form holds no formula anywhere."""
    found = []
    for sheet in workbook.worksheets:
        for row, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            found += [(sheet.title, row, get_column_letter(column), cell_text(value))
                      for column, value in enumerate(values, start=1)
                      if formula_like(cell_text(value)) and not read_by_checks(sheet.title, row, column)]
    return found


def read_by_checks(sheet: str, row: int, column: int) -> bool:
    """Whether read_header or read_row already refuses a formula in this cell (each names it in its own words)."""
    if sheet != DATA_SHEET or column > len(COLUMNS):
        return False
    return FIRST_DATA_ROW <= row <= MAX_FORM_ROWS or (column == 2 and row in HEADER_LABELS)


def formula_problems(cells: FormCells) -> list[FormProblem]:
    return [FormProblem(sheet, row, letter, OUTSIDE_TABLE, cut(text, 80),
                        "Ô chứa công thức hoặc bắt đầu như công thức («=», «+», «@», «-»): tệp mẫu được lưu nguyên "
                        "vẹn nên không được có công thức ở bất kỳ ô nào; xóa ô này hoặc ghi giá trị trực tiếp.")
            for sheet, row, letter, text in cells.formulas]


def check_is_our_form(name: str, cells: FormCells) -> None:
    """The data sheet and the lists sheet with this form's marker and version; otherwise not our form."""
    marker = [cell_text(value) for value in cells.marker[:2]]
    if DATA_SHEET not in cells.sheet_names or marker[:1] != [FORM_MARKER]:
        raise FormError("not_our_form", f"{name} is not the project's reporting form (no sheet '{DATA_SHEET}' with "
                        "the form's marker): download the form and fill it in", name=name)
    if marker[1:] != [FORM_VERSION]:
        version = marker[1] if len(marker) > 1 and marker[1] else "?"
        raise FormError("not_our_form", f"{name} is version {version} of the reporting form, this is version "
                        f"{FORM_VERSION}: download the form again", name=name)


def read_header(rows: list[tuple], provinces: dict[str, str], today: date, problems: list) -> FormHeader | None:
    """The province, admin version, reporting body and report date; None when one of them is wrong."""
    def answer(row: int):
        return rows[row - 1][1] if len(rows) >= row else None

    def fail(row: int, message: str) -> None:
        problems.append(FormProblem(DATA_SHEET, row, "B", HEADER_LABELS[row], shown(answer(row)), message))

    before = len(problems)
    code = province_code_of(answer(PROVINCE_ROW), provinces, lambda message: fail(PROVINCE_ROW, message))
    if not cell_text(answer(VERSION_ROW)).startswith(FORM_ADMIN_VERSION):
        fail(VERSION_ROW, f"Mẫu này dành cho bản đồ 63 tỉnh ({FORM_ADMIN_VERSION}): đừng sửa ô này.")
    body = checked_text(answer(BODY_ROW), lambda message: fail(BODY_ROW, message))
    if not body and not formula_like(cell_text(answer(BODY_ROW))):
        fail(BODY_ROW, "Chưa ghi cơ quan báo cáo.")
    report_date = checked_date(answer(DATE_ROW), today, lambda message: fail(DATE_ROW, message))
    if report_date is None and is_empty(answer(DATE_ROW)):
        fail(DATE_ROW, "Chưa ghi ngày báo cáo.")
    if len(problems) > before:
        return None
    return FormHeader(code, provinces[code], body, report_date)


def province_code_of(value, provinces: dict[str, str], fail) -> str:
    """'11 – Tỉnh Điện Biên', '11' or 11 → '11'; '' (and a problem) when empty or not one of the 63."""
    if is_empty(value):
        fail("Chưa chọn tỉnh: chọn trong danh sách 63 tỉnh, thành phố.")
        return ""
    match = re.fullmatch(r"(\d{1,2})(?:(?:\s*[–-]\s*|\s+)(.+))?", cell_text(value))
    code = match.group(1).zfill(2) if match and not isinstance(value, bool) else ""
    if code not in provinces:
        fail(f"«{shown(value)}» không phải một tỉnh trong danh sách 63 tỉnh, thành phố (mã GSO, ví dụ "
             "«11 – Tỉnh Điện Biên»).")
        return ""
    if match.group(2) and match_keys(match.group(2))[1] != match_keys(provinces[code])[1]:
        fail(f"Mã {code} là {provinces[code]}, không phải «{match.group(2)}»: chọn lại trong danh sách.")
        return ""
    return code


def read_rows(cells: FormCells, dataset: Dataset, header: FormHeader | None, today: date,
              problems: list) -> list[FormRow]:
    """Every filled row of the table, checked; rows left empty (and the headline rows) are skipped."""
    catalogue = dataset.subtypes.set_index("subtype")
    report_date = header.report_date if header else today
    rows = []
    for number, values in enumerate(cells.rows[FIRST_DATA_ROW - 1:], start=FIRST_DATA_ROW):
        cells_of = dict(zip((key for key, _, _ in COLUMNS), values, strict=True))
        row = read_row(number, cells_of, catalogue, report_date, today, problems)
        if row is not None:
            rows.append(row)
    if cells.rows_beyond:
        problems.append(FormProblem(DATA_SHEET, cells.rows_beyond, "A", COLUMN_TITLE["subtype"], "",
                                    f"Mẫu chỉ đọc đến dòng {MAX_FORM_ROWS}: xóa nội dung từ dòng này trở đi."))
    if not rows and not any(problem.row >= FIRST_DATA_ROW for problem in problems):
        problems.append(FormProblem(DATA_SHEET, FIRST_DATA_ROW, LETTER["value"], COLUMN_TITLE["value"], "",
                                    "Mẫu chưa có số liệu nào: ghi ít nhất một số liệu ở cột «Số liệu»."))
    return rows


def read_row(number: int, cells: dict, catalogue: pd.DataFrame, report_date: date, today: date,
             problems: list) -> FormRow | None:
    """One row of the table: None when it holds no figure (or is wrong: its problems are added)."""
    def fail(key: str, message: str) -> None:
        problems.append(FormProblem(DATA_SHEET, number, LETTER[key], COLUMN_TITLE[key], shown(cells[key]),
                                    message))

    before = len(problems)
    for key, value in cells.items():
        if formula_like(cell_text(value)):
            fail(key, "Ô chứa công thức hoặc bắt đầu như công thức («=», «+», «@», «-»): ghi giá trị trực tiếp.")
    if len(problems) > before:
        return None
    filled = [key for key in INPUTS if key != "qualifier" and not is_empty(cells[key])]
    code = cell_text(cells["subtype"])
    if not filled:
        return None
    if not code:
        fail("subtype", "Dòng có số liệu nhưng không có mã chỉ tiêu: chỉ điền vào các dòng có mã của mẫu.")
        return None
    if code not in catalogue.index:
        fail("subtype", f"Mã chỉ tiêu «{code}» không có trong danh mục: đừng sửa cột mã, tải mẫu mới.")
        return None
    if is_empty(cells["value"]):
        fail("value", "Dòng có thời kỳ, ghi chú… nhưng chưa có số liệu: ghi số liệu hoặc xóa các ô khác của dòng.")
        return None
    entry = catalogue.loc[code]
    return checked_row(number, code, entry, cells, report_date, today, fail, problems, before)


def checked_row(number: int, code: str, entry: pd.Series, cells: dict, report_date: date, today: date, fail,
                problems: list, before: int) -> FormRow | None:
    """The cells of a row with a figure, each checked; the row when none is wrong."""
    unit = entry["unit"]
    if cell_text(cells["unit"]) not in (UNIT_WORDS[unit], unit):
        fail("unit", f"Đơn vị khác đơn vị của chỉ tiêu («{UNIT_WORDS[unit]}»): đừng sửa cột đơn vị.")
    value = checked_number(cells["value"], unit, lambda message: fail("value", message))
    qualifier = choice_of(cells["qualifier"], QUALIFIER_CHOICES, QUALIFIER_SYNONYMS) or (
        "exact" if is_empty(cells["qualifier"]) else None)
    if qualifier is None:
        fail("qualifier", "Không phải một mức độ trong danh sách: đúng số; hơn, trên; tối đa, dưới; khoảng, gần.")
    start, end = checked_period(cells, report_date, today, fail)
    phase = checked_phase(cells["phase"], start, end, entry, cells["award_level"], fail)
    award_level = checked_award_level(cells["award_level"], entry["indicator"], fail)
    notes = checked_text(cells["notes"], lambda message: fail("notes", message))
    if len(notes) > MAX_NOTE_CHARS:
        fail("notes", f"Ghi chú dài quá {MAX_NOTE_CHARS} ký tự: ghi ngắn lại.")
    if len(problems) > before:
        return None
    return FormRow(number, code, entry["indicator"], entry["title_vi"], unit, value, qualifier, start, end, phase,
                   award_level, notes)


def checked_number(value, unit: str, fail) -> float | None:
    """A number ≥ 0, whole for counts and money: a numeric cell, or text of digits only ('1.000' could be a thousand
    or one: refused)."""
    if isinstance(value, bool | datetime | date | time):
        number = None
    elif isinstance(value, int | float):
        number = float(value) if value == value and abs(value) != float("inf") else None
    else:
        text = cell_text(value)
        number = float(text) if re.fullmatch(r"\d+", text) else None
    if number is None:
        fail(f"«{shown(value)}» không phải một con số. Chỉ ghi số (ví dụ 42 hoặc 6200000000); «hơn», «khoảng»… "
             "chọn ở cột «Mức độ chính xác».")
    elif number < 0:
        fail("Số liệu không được âm.")
        return None
    elif unit in WHOLE_UNITS and not number.is_integer():
        fail(f"Chỉ tiêu này đếm theo «{UNIT_WORDS[unit]}»: ghi số nguyên.")
        return None
    return number


def checked_date(value, today: date, fail) -> date | None:
    """A date cell, an Excel day number or text 'dd/mm/yyyy' / 'yyyy-mm-dd', from 2006 to today; None if empty."""
    if is_empty(value):
        return None
    day = date_of(value)
    if day is None:
        fail(f"«{shown(value)}» không phải một ngày: ghi ngày/tháng/năm, ví dụ 20/05/2024.")
    elif not EARLIEST_DATE <= day <= today:
        fail(f"Ngày {day:%d/%m/%Y} nằm ngoài khoảng từ {EARLIEST_DATE:%d/%m/%Y} đến hôm nay ({today:%d/%m/%Y}).")
        return None
    return day


def date_of(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return from_excel(value).date() if 0 < value < 2_958_466 else None
        except (ValueError, OverflowError):
            return None
    text = cell_text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def checked_period(cells: dict, report_date: date, today: date, fail) -> tuple[date | None, date | None]:
    """Both dates, start ≤ end ≤ the report date."""
    start = checked_date(cells["period_start"], today, lambda message: fail("period_start", message))
    end = checked_date(cells["period_end"], today, lambda message: fail("period_end", message))
    missing = "Có số liệu nhưng thiếu ngày: mỗi số liệu cần thời kỳ (số liệu tại một thời điểm: hai ngày bằng nhau)."
    for key in ("period_start", "period_end"):
        if is_empty(cells[key]):
            fail(key, missing)
    if start and end and end < start:
        fail("period_end", f"«Đến ngày» ({end:%d/%m/%Y}) trước «Từ ngày» ({start:%d/%m/%Y}).")
    elif end and end > report_date:
        fail("period_end", f"«Đến ngày» ({end:%d/%m/%Y}) sau ngày báo cáo ({report_date:%d/%m/%Y}).")
    return start, end


def checked_phase(value, start: date | None, end: date | None, entry: pd.Series, award_level, fail) -> str:
    """The phase chosen, else the one the window lies in; a choice that contradicts the window is refused, except
    for honours of one ceremony (they belong to the phase of the ceremony, whatever years the merits cover)."""
    derived = phase_of(start.isoformat(), end.isoformat()) if start and end and start <= end else ""
    if is_empty(value):
        return derived
    phase = choice_of(value, PHASE_CHOICES)
    if phase is None:
        fail("phase", "Không phải một giai đoạn trong danh sách (ct06, ct03, ct05, kl01): để trống để tự tính.")
        return ""
    ceremony = choice_of(award_level, AWARD_LEVEL_CHOICES) == "event"
    if derived and phase != derived and not ceremony:
        fail("phase", f"Giai đoạn {phase} không khớp thời kỳ đã ghi (thuộc {derived}): để trống để tự tính.")
    return phase


def checked_award_level(value, indicator: str, fail) -> str:
    """Required on honours rows (only figures of one level share a scale), refused on the others."""
    if indicator != HONOURS_INDICATOR:
        if not is_empty(value):
            fail("award_level", "Chỉ ghi «Cấp khen» ở các dòng khen thưởng.")
        return ""
    level = choice_of(value, AWARD_LEVEL_CHOICES)
    if level is None:
        fail("award_level", "Dòng khen thưởng cần «Cấp khen»: chọn trong danh sách (một lễ, hội nghị tuyên dương…)."
             if is_empty(value) else "Không phải một cấp khen trong danh sách.")
        return ""
    return level


def checked_text(value, fail) -> str:
    """Free text, NFC and single-spaced; a text a spreadsheet would run as a formula is refused."""
    text = cell_text(value)
    if formula_like(text):
        fail("Ô bắt đầu như một công thức («=», «+», «@», «-»): ghi chữ trực tiếp.")
        return ""
    return text


def choice_of(value, choices: dict[str, str], synonyms: dict[str, str] | None = None) -> str | None:
    """The code of a list value: its label or its code (any case), or a synonym; None when none."""
    text = cell_text(value).casefold()
    by_word = {label.casefold(): code for code, label in choices.items()} | {code: code for code in choices}
    return by_word.get(text) or (synonyms or {}).get(text)


def cell_text(value) -> str:
    """A cell as one line of NFC text ('' for empty; 12.0 → '12')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def is_empty(value) -> bool:
    return cell_text(value) == ""


def shown(value) -> str:
    """A cell's value as a message may echo it."""
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return cut(cell_text(value), 80)


# 3. The text kept as the source, and the publication.

def render_form_text(name: str, header: FormHeader, rows: list[FormRow]) -> str:
    """The filled form as plain text, one line per filled row: each figure's evidence is its row's line (the part
    up to its period, at most 120 characters)."""
    lines = ["MẪU BÁO CÁO KẾT QUẢ HỌC TẬP VÀ LÀM THEO BÁC (mẫu số " + FORM_VERSION + ")",
             f"Tỉnh, thành phố: {header.province_name} (mã {header.province_code}, bản đồ {FORM_ADMIN_VERSION})",
             f"Cơ quan báo cáo: {header.reporting_body}", f"Ngày báo cáo: {header.report_date:%d/%m/%Y}",
             f"Tệp: {name}", ""]
    return "\n".join(lines + [row_line(row) for row in rows]) + "\n"


def row_line(row: FormRow) -> str:
    details = [f"cấp khen: {AWARD_LEVEL_CHOICES[row.award_level]}"] if row.award_level else []
    details += [f"giai đoạn: {row.phase}"] if row.phase else []
    line = f"[dòng {row.row}, {row.subtype}] {row_evidence(row)}" + "".join(f"; {d}" for d in details) + "."
    return f"{line} Ghi chú: {row.notes}" if row.notes else line


def row_evidence(row: FormRow) -> str:
    """'Số mô hình học tập và làm theo Bác: hơn 532, từ 18/05/2021 đến 20/05/2024' (the title dropped if too long)."""
    when = (f"ngày {row.period_end:%d/%m/%Y}" if row.period_start == row.period_end
            else f"từ {row.period_start:%d/%m/%Y} đến {row.period_end:%d/%m/%Y}")
    figure = f"{figure_text(row.value, row.unit, row.qualifier)}, {when}"
    titled = f"{row.title}: {figure}"
    return titled if len(titled) <= 120 else figure


def figure_text(value: float, unit: str, qualifier: str) -> str:
    """'hơn 6.200.000.000 đồng', '99,7%', '42': the number as a Vietnamese text writes it."""
    number = format_decimal(value, format="#,##0" if value.is_integer() else "#,##0.######", locale="vi_VN")
    word = {"count": "", "percent": "%"}.get(unit, f" {UNIT_WORDS[unit]}")
    return f"{QUALIFIER_WORDS[qualifier]} {number}{word}".strip()


def build_form_publication(name: str, data: bytes, sha256: str, header: FormHeader, rows: list[FormRow], text: str,
                           accessed: date, uploaded_by: str = "") -> dict[str, pd.DataFrame]:
    """The sources row, one observation per filled row and the documents row (the form's text and the uploaded file
    itself, `data`), validated with the tables' schemas."""
    source = form_source_row(name, sha256, header, accessed, uploaded_by)
    obs_ids = {row.row: f"{source['source_id']}-{n:03d}" for n, row in enumerate(rows, start=1)}
    totals = total_rows(rows)
    observations = [form_observation(row, source["source_id"], obs_ids, totals, header) for row in rows]
    document = {"source_id": source["source_id"], "file_name": name, "source_format": "xlsx", "encoding": "",
                "converted_from": None, "sha256": sha256, "text": text, "original": data}
    try:
        return {"sources": validate_table("sources", pd.DataFrame([source]), FORM_LABEL / "sources.csv"),
                "observations": validate_table("observations", pd.DataFrame(observations, columns=OBSERVATION_COLUMNS),
                                               FORM_LABEL / "observations.csv"),
                "documents": pd.DataFrame([document], columns=DOCUMENT_COLUMNS)}
    except TableError as error:
        raise FormError("invalid_rows", str(error), name=name, reason=str(error)) from None


def form_source_row(name: str, sha256: str, header: FormHeader, accessed: date, uploaded_by: str) -> dict[str, str]:
    who = f"editor {uploaded_by}" if uploaded_by else "an editor"
    return {
        "source_id": f"{SOURCE_PREFIX}{sha256[:16]}",
        "title": f"Mẫu báo cáo: {header.province_name} {header.report_date:%d/%m/%Y}",
        "publisher": header.reporting_body, "url": "", "date_published": header.report_date.isoformat(),
        "date_note": "the report date written on the reporting form", "date_accessed": accessed.isoformat(),
        "language": "vi", "path": upload_path(name),
        "licence_note": (f"Filled in by {header.reporting_body} on the project's reporting form (version "
                         f"{FORM_VERSION}); uploaded by {who} on {accessed.isoformat()} from {name} (xlsx, sha256 "
                         f"{sha256[:16]}); each figure quoted from the form's text"),
    }


def total_rows(rows: list[FormRow]) -> dict[tuple, int]:
    """(total subtype, window, award level) → the row of a filled total, for its parts to name."""
    return {(row.subtype, row.period_start, row.period_end, row.award_level): row.row for row in rows
            if row.subtype in SUM_OF_PARTS}


def part_of(row: FormRow, obs_ids: dict[int, str], totals: dict[tuple, int]) -> str:
    """A part (tập thể, cá nhân) names the total filled for the same window and award level."""
    total = next((code for code, parts in SUM_OF_PARTS.items() if row.subtype in parts), None)
    total_row = totals.get((total, row.period_start, row.period_end, row.award_level))
    return obs_ids[total_row] if total_row else ""


def form_observation(row: FormRow, source_id: str, obs_ids: dict[int, str], totals: dict[tuple, int],
                     header: FormHeader) -> dict[str, str]:
    """One observations row: the whole province, as stated on the form."""
    start, end = row.period_start.isoformat(), row.period_end.isoformat()
    return {
        "obs_id": obs_ids[row.row], "source_id": source_id, "admin_version": FORM_ADMIN_VERSION,
        "province_code": header.province_code, "district_code": "", "commune_code": "",
        "place_name": place_name_of(header.province_name), "organisation": "", "org_type": "",
        "indicator": row.indicator, "subtype": row.subtype, "value": number_text(row.value), "denominator": "",
        "unit": row.unit, "qualifier": row.qualifier, "period_start": start, "period_end": end,
        "period_basis": "stated", "period_note": PERIOD_NOTE, "phase": row.phase, "award_type": "",
        "awarding_body": "", "award_level": row.award_level, "part_of": part_of(row, obs_ids, totals),
        "evidence": row_evidence(row),
    }


def place_name_of(province_name: str) -> str:
    """'Tỉnh Điện Biên' → 'Điện Biên', 'Thành phố Hồ Chí Minh' → 'Hồ Chí Minh' (as the curated rows name them)."""
    return re.sub(r"^(Tỉnh|Thành phố)\s+", "", province_name)


def number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def earlier_forms(dataset: Dataset, reading: FormReading) -> list[str]:
    """The other published forms of the same province (a new form adds to them, it does not replace them)."""
    obs = dataset.observations
    mine = obs["source_id"].str.startswith(SOURCE_PREFIX) & (obs["province_code"] == reading.header.province_code)
    return sorted(set(obs.loc[mine, "source_id"]) - {reading.source_id})


def publish_form(engine: Engine, user: User | None, reading: FormReading, note: str = "") -> dict[str, dict[str, int]]:
    """Store the form's source, figures and kept text in one transaction; PermissionError unless a publisher."""
    if user is None:
        raise PermissionError("sign in as an editor to publish")
    publication = reading.publication
    return publish(engine, user, sources=publication["sources"], observations=publication["observations"],
                   documents=publication["documents"], note=note or f"reporting form {reading.source_id}")
