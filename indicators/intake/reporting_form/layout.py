"""The form's layout and words, and the records a reading produces: shared by the template, the reader and the
publication.

A province writes one figure per row, with its period and qualifier, instead of prose: what it sends can be put
beside what the other provinces send. The form's words (lists, instructions, the text the figures are quoted from)
are part of the form and versioned with it (FORM_VERSION), so a form filled last year still reads. The form comes in
the two administrative structures: vn63 (the 63 provinces, for the years before July 2025) and vn34 (the 34
provinces, with a second sheet of commune figures, its communes pre-filled).
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter

from indicators.domain import words
from indicators.domain.codes import ADMIN_VERSIONS
from indicators.domain.periods import PHASE_WINDOWS
from indicators.intake.refusal import Refusal

FORM_MARKER = "hoc-tap-lam-theo-bac/mau-bao-cao-tinh"
FORM_VERSION = "1"
FORM_ADMIN_VERSION = ADMIN_VERSIONS[0]  # the default form: the 63 provinces, the crosswalk's old codes
SOURCE_PREFIX = "form_"
TEMPLATE_FILE_NAME = "mau-bao-cao-hoc-tap-lam-theo-bac.xlsx"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET, COMMUNE_SHEET, GUIDE_SHEET, LISTS_SHEET = "Báo cáo", "Số liệu cấp xã", "Hướng dẫn", "Danh mục"
# Like a .docx upload (indicators/intake/extraction/readers.py), a form's parts may unpack to no more than this,
# declared
# sizes checked before anything is unpacked; the template itself unpacks to some 60 kB (vn34: up to 200 kB), and
# openpyxl reads a workbook's shared strings and styles whole when it opens it.
MAX_UNPACKED_FORM_BYTES = 4 * 1024 * 1024
# The XML elements (rows, cells and their values, anything else) the sheets may hold; the largest vn34 template
# (Hồ Chí Minh City) has about 6,000: reading stops there, so no file makes the reader work longer than that.
MAX_FORM_CELLS = 50_000
MAX_FORM_ROWS = 300  # rows of the data sheet read; the template has about 40
MAX_NOTE_CHARS = 500
EARLIEST_DATE = date(PHASE_WINDOWS["ct06"][0].year, 1, 1)  # the campaign began in 2006 (Chỉ thị 06-CT/TW)
PERIOD_NOTE = "from the reporting form"
FORM_LABEL = Path("form")  # schema errors name form/<table>.csv

# The data sheet: a header block (label in A, answer in B), then the table.
PROVINCE_ROW, VERSION_ROW, BODY_ROW, DATE_ROW = 3, 4, 5, 6
HEADER_LABELS = {PROVINCE_ROW: "Tỉnh, thành phố (mã GSO)", VERSION_ROW: "Bản đồ hành chính",
                 BODY_ROW: "Cơ quan báo cáo", DATE_ROW: "Ngày báo cáo"}
VERSION_TEXTS = {"vn63": "vn63 – 63 tỉnh, thành phố (trước 1/7/2025)",
                 "vn34": "vn34 – 34 tỉnh, thành phố (từ 1/7/2025)"}
PROVINCE_COUNT = {"vn63": 63, "vn34": 34}
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

# The commune sheet (vn34): the province in B3, then one row per commune (code and name locked), then open rows
# where a commune's code is chosen, for a second figure of the same commune.
COMMUNE_PROVINCE_ROW, COMMUNE_HEADER_ROW = 3, 5
FIRST_COMMUNE_ROW = COMMUNE_HEADER_ROW + 1
EXTRA_COMMUNE_ROWS = 100
MAX_COMMUNE_ROWS = 400  # rows of the commune sheet read; the largest province (HCMC, 168 communes) fills 273
COMMUNE_COLUMNS = (
    ("commune_code", "Mã xã", 20), ("commune_name", "Tên xã, phường, đặc khu", 28),
    ("subtype", "Mã chỉ tiêu", 23), ("value", "Số liệu", 16), ("qualifier", "Mức độ chính xác", 22),
    ("period_start", "Từ ngày", 12), ("period_end", "Đến ngày", 12), ("phase", "Giai đoạn", 26),
    ("award_level", "Cấp khen (dòng khen thưởng)", 26), ("notes", "Nguồn số liệu, ghi chú", 36),
)
COMMUNE_LETTER = {key: get_column_letter(index) for index, (key, _, _) in enumerate(COMMUNE_COLUMNS, start=1)}
COMMUNE_COLUMN_TITLE = {key: title for key, title, _ in COMMUNE_COLUMNS}
COMMUNE_INPUTS = ("subtype", *INPUTS)

# The form's words for the code lists are in indicators/domain/words.py; these are the form's own.
QUALIFIER_SYNONYMS = {"hơn": "at_least", "trên": "at_least", "ít nhất": "at_least", "tối đa": "at_most",
                      "dưới": "at_most", "khoảng": "approximately", "gần": "approximately", "xấp xỉ": "approximately"}
QUALIFIER_WORDS = words.QUALIFIER_WORDS["vi"]  # in the text a form's publication quotes
UNIT_WORDS = words.FORM_UNIT_WORDS
# The lists sheet: the marker in row 1 (marker, form version, admin version, province), one list per column from
# row 3, each behind a defined name; the communes' list only in a vn34 form.
LIST_NAMES = ("ds_tinh", "ds_ma_chi_tieu", "ds_don_vi", "ds_muc_do", "ds_giai_doan", "ds_cap_khen")
COMMUNE_LIST_NAME = "ds_xa"
FIRST_LIST_ROW = 3
MAX_LIST_ROWS = 400

GREY, WHITE, HEAD, SECTION = "F2F2F2", "FFFFFF", "DDE7F0", "EEF3F8"
FONT, FONT_SIZE, LINE_HEIGHT = "Arial", 10, 13.5  # Arial has every Vietnamese letter on Windows and LibreOffice
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

def template_file_name(admin_version: str = FORM_ADMIN_VERSION, province_code: str = "") -> str:
    """'mau-bao-cao-hoc-tap-lam-theo-bac.xlsx' for the blank vn63 form; '…-vn34-11.xlsx' for one province's."""
    if admin_version == FORM_ADMIN_VERSION and not province_code:
        return TEMPLATE_FILE_NAME
    return TEMPLATE_FILE_NAME.replace(".xlsx", "-" + "-".join(filter(None, (admin_version, province_code))) + ".xlsx")


class FormError(Refusal):
    """A reporting form that cannot be published: a file-level `code` (too_large, not_xlsx, corrupt,
    unpacks_too_large, too_many_cells, not_our_form) or 'invalid_form', whose `detail['problems']` names every bad
    cell."""

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
    """The header block of a filled form, with the structure its codes belong to."""

    province_code: str
    province_name: str
    reporting_body: str
    report_date: date
    admin_version: str = FORM_ADMIN_VERSION


@dataclass(frozen=True)
class FormRow:
    """One filled row of a table, checked, in codes; a commune's figure names its commune (vn34 commune sheet)."""

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
    sheet: str = DATA_SHEET
    commune_code: str = ""
    commune_name: str = ""


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
