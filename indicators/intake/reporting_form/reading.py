"""A filled form read: the file, then its cells (only the form's own), then every check; all problems collected
before refusing, nothing published on any of them."""

import hashlib
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.functions import iterparse

from indicators.domain.codes import ADMIN_VERSIONS
from indicators.domain.gazetteer import Place, load_crosswalk
from indicators.domain.names import match_keys
from indicators.domain.tables import Dataset
from indicators.domain.words import QUALIFIER_CHOICES
from indicators.intake.extraction.readers import MAX_UPLOAD_BYTES
from indicators.intake.reporting_form.cells import (
    cell_text,
    checked_award_level,
    checked_date,
    checked_number,
    checked_period,
    checked_phase,
    checked_text,
    choice_of,
    is_empty,
    shown,
)
from indicators.intake.reporting_form.layout import (
    BODY_ROW,
    COLUMN_TITLE,
    COLUMNS,
    COMMUNE_COLUMN_TITLE,
    COMMUNE_COLUMNS,
    COMMUNE_LETTER,
    COMMUNE_SHEET,
    DATA_SHEET,
    DATE_ROW,
    FIRST_COMMUNE_ROW,
    FIRST_DATA_ROW,
    FORM_MARKER,
    FORM_VERSION,
    GUIDE_SHEET,
    HEADER_LABELS,
    INPUTS,
    LETTER,
    LISTS_SHEET,
    MAX_COMMUNE_ROWS,
    MAX_FORM_CELLS,
    MAX_FORM_ROWS,
    MAX_LIST_ROWS,
    MAX_NOTE_CHARS,
    MAX_UNPACKED_FORM_BYTES,
    OUTSIDE_TABLE,
    PROVINCE_COUNT,
    PROVINCE_ROW,
    QUALIFIER_SYNONYMS,
    UNIT_WORDS,
    VERSION_ROW,
    FormError,
    FormHeader,
    FormProblem,
    FormReading,
    FormRow,
)
from indicators.intake.reporting_form.publication import build_form_publication, render_form_text
from indicators.intake.reporting_form.template import communes_of
from indicators.safety import cut, formula_like

# The area of each sheet the form has (rows, columns): cells outside it are never walked one by one, whatever size
# a sheet states (a sheet claiming A1:XFD1048576 costs what the cells it holds cost).
FORM_AREA = {DATA_SHEET: (MAX_FORM_ROWS, len(COLUMNS)), COMMUNE_SHEET: (MAX_COMMUNE_ROWS, len(COMMUNE_COLUMNS)),
             GUIDE_SHEET: (60, 1), LISTS_SHEET: (MAX_LIST_ROWS, 8)}
TABLE_SHEETS = (DATA_SHEET, COMMUNE_SHEET)  # a cell beyond these sheets' areas is refused (it is not read)


@dataclass(frozen=True)
class FormCells:
    """What is read of a workbook: its sheet names, the lists sheet's marker row, the table sheets' rows within
    their areas, the first filled cell past each table sheet's area, and formula cells no other check reads."""

    sheet_names: list[str]
    marker: tuple
    rows: list[tuple]
    rows_beyond: int  # the first row of the data sheet with a value past its area, 0 when none
    formulas: list[tuple[str, int, str, str]]
    commune_rows: list[tuple] = ()
    commune_beyond: int = 0


def read_filled_form(name: str, data: bytes, dataset: Dataset, *, accessed: date | None = None,
                     uploaded_by: str = "", crosswalk: list[dict[str, str]] | None = None) -> FormReading:
    """Check a filled form cell by cell and turn it into sources, observations and documents rows; FormError when
    the file is not our form or any cell is wrong (every problem named by sheet, row and column)."""
    accessed = accessed or date.today()
    check_form_file(name, data)
    cells = load_form_cells(name, data)
    admin_version = check_is_our_form(name, cells)
    crosswalk = crosswalk or load_crosswalk()
    provinces = province_names(crosswalk, admin_version)
    problems: list[FormProblem] = []
    header = read_header(cells.rows, provinces, admin_version, accessed, problems)
    rows = read_rows(cells, dataset, header, accessed, problems)
    if admin_version == "vn34" and (province := form_province(cells, header, provinces)):
        rows += read_commune_rows(cells, dataset, province, communes_of(province[0], crosswalk),
                                  header.report_date if header else accessed, accessed, problems)
    if not rows and not any(in_table(problem) for problem in problems):
        problems.append(FormProblem(DATA_SHEET, FIRST_DATA_ROW, LETTER["value"], COLUMN_TITLE["value"], "",
                                    "Mẫu chưa có số liệu nào: ghi ít nhất một số liệu ở cột «Số liệu»."))
    problems.extend(duplicate_problems(rows))
    problems.extend(formula_problems(cells))
    problems.sort(key=lambda problem: (problem.sheet != DATA_SHEET, problem.sheet, problem.row,
                                       problem.column_letter))
    if problems:
        raise FormError("invalid_form", f"{name}: {len(problems)} problem(s), nothing stored:\n"
                        + "\n".join(problem.describe() for problem in problems),
                        name=name, count=len(problems), problems=problems)
    sha256 = hashlib.sha256(data).hexdigest()
    text = render_form_text(name, header, rows)
    publication = build_form_publication(name, data, sha256, header, rows, text, accessed, uploaded_by)
    return FormReading(name, sha256, header, rows, text, publication)


def form_province(cells: FormCells, header: FormHeader | None,
                  provinces: dict[str, str]) -> tuple[str, str] | None:
    """(code, name) of the province whose communes a vn34 form lists: the header's, else the one the template was
    written for (so a missing report date does not hide the commune sheet's problems)."""
    code = header.province_code if header else cell_text(cells.marker[3] if len(cells.marker) > 3 else None)
    return (code, provinces[code]) if code in provinces else None


def in_table(problem: FormProblem) -> bool:
    """Whether a problem is about a row of figures (the data sheet's table or the commune sheet)."""
    return problem.sheet == COMMUNE_SHEET or (problem.sheet == DATA_SHEET and problem.row >= FIRST_DATA_ROW)


def province_names(crosswalk: list[dict[str, str]], admin_version: str) -> dict[str, str]:
    """Code → name of the provinces of one structure."""
    prefix = "old" if admin_version == "vn63" else "new"
    return {row[f"{prefix}_code"]: row[f"{prefix}_name"] for row in crosswalk}


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
                return read_cells(name, workbook)
            finally:
                workbook.close()
    except FormError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError, IndexError) as error:
        reason = cut(str(error) or type(error).__name__, 120)
        raise FormError("corrupt", f"{name} could not be opened as an .xlsx workbook ({reason})", name=name,
                        reason=reason) from None


def read_cells(name: str, workbook) -> FormCells:
    """Every sheet's cells as its XML holds them, at most MAX_FORM_CELLS in all: the table sheets' values within
    their areas, the first row below an area that holds a value (a note beside the table is left alone), and the
    formulas no check of a cell reads."""
    grids, beyond, formulas, budget = {}, {}, [], [MAX_FORM_CELLS]
    for sheet in workbook.worksheets:
        max_row, max_col = FORM_AREA.get(sheet.title, (0, 0))
        grid: dict[tuple[int, int], object] = {}
        for row, column, value in present_cells(name, workbook, sheet, budget):
            if row <= max_row and column <= max_col:
                grid[(row, column)] = value
            elif row > max_row and sheet.title in TABLE_SHEETS and not is_empty(value) and sheet.title not in beyond:
                beyond[sheet.title] = row
            if formula_like(cell_text(value)) and not read_by_checks(sheet.title, row, column):
                formulas.append((sheet.title, row, get_column_letter(column), cell_text(value)))
        grids[sheet.title] = (grid, max_col)
    marker = tuple(grids.get(LISTS_SHEET, ({}, 0))[0].get((1, column)) for column in range(1, 5))
    return FormCells(list(workbook.sheetnames), marker, as_rows(*grids.get(DATA_SHEET, ({}, 0))),
                     beyond.get(DATA_SHEET, 0), formulas, as_rows(*grids.get(COMMUNE_SHEET, ({}, 0))),
                     beyond.get(COMMUNE_SHEET, 0))


def present_cells(name: str, workbook, sheet, budget: list[int]) -> Iterator[tuple[int, int, object]]:
    """(row, column, value) of each cell the sheet's XML holds, never the empty cells of its stated dimension, read
    one XML element at a time; FormError 'too_many_cells' once the workbook's sheets pass MAX_FORM_CELLS elements.
    (openpyxl's read-only rows pad every missing row and column up to the stated dimension, A1:XFD1048576 being 17
    billion cells, and its parser builds a whole row before yielding it, a million cells in one row included.)"""
    with sheet._get_source() as source:  # the read-only sheet's own XML stream; each cell read as openpyxl reads it
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=False, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        for event, element in iterparse(source, events=("start", "end")):
            budget[0] -= event == "end"
            if budget[0] < 0:
                raise FormError("too_many_cells", f"{name} holds more than {MAX_FORM_CELLS} cells, far more than "
                                "a reporting form", name=name, limit=MAX_FORM_CELLS)
            if element.tag == ROW_TAG and event == "start":
                parser.row_counter = int(float(element.get("r") or parser.row_counter + 1))
                parser.col_counter = 0
            elif element.tag == CELL_TAG and event == "end":
                cell = parser.parse_cell(element)
                element.clear()
                if cell["value"] is not None:
                    yield cell["row"], cell["column"], formula_text(cell)
            elif element.tag == ROW_TAG:
                element.clear()


def formula_text(cell: dict):
    """A cell's value; an array or data-table formula as its text (never run, always refused)."""
    value = cell["value"]
    return getattr(value, "text", None) or "=" if cell["data_type"] == "f" and not isinstance(value, str) else value


def as_rows(grid: dict[tuple[int, int], object], width: int) -> list[tuple]:
    """A sheet's cells as rows of `width` values, up to its last row holding one."""
    last = max((row for row, _ in grid), default=0)
    return [tuple(grid.get((row, column)) for column in range(1, width + 1)) for row in range(1, last + 1)]


def read_by_checks(sheet: str, row: int, column: int) -> bool:
    """Whether read_header, read_row or read_commune_row already refuses a formula in this cell (each names it in
    its own words)."""
    if sheet == COMMUNE_SHEET:
        return FIRST_COMMUNE_ROW <= row <= MAX_COMMUNE_ROWS and column <= len(COMMUNE_COLUMNS)
    if sheet != DATA_SHEET or column > len(COLUMNS):
        return False
    return FIRST_DATA_ROW <= row <= MAX_FORM_ROWS or (column == 2 and row in HEADER_LABELS)


def formula_problems(cells: FormCells) -> list[FormProblem]:
    return [FormProblem(sheet, row, letter, OUTSIDE_TABLE, cut(text, 80),
                        "Ô chứa công thức hoặc bắt đầu như công thức («=», «+», «@», «-»): tệp mẫu được lưu nguyên "
                        "vẹn nên không được có công thức ở bất kỳ ô nào; xóa ô này hoặc ghi giá trị trực tiếp.")
            for sheet, row, letter, text in cells.formulas]


def check_is_our_form(name: str, cells: FormCells) -> str:
    """The data sheet and the lists sheet with this form's marker and version; returns the form's structure (vn63,
    vn34); otherwise not our form."""
    marker = [cell_text(value) for value in cells.marker[:3]]
    if DATA_SHEET not in cells.sheet_names or marker[:1] != [FORM_MARKER]:
        raise FormError("not_our_form", f"{name} is not the project's reporting form (no sheet '{DATA_SHEET}' with "
                        "the form's marker): download the form and fill it in", name=name)
    if marker[1:2] != [FORM_VERSION]:
        version = marker[1] if len(marker) > 1 and marker[1] else "?"
        raise FormError("not_our_form", f"{name} is version {version} of the reporting form, this is version "
                        f"{FORM_VERSION}: download the form again", name=name)
    admin_version = marker[2] if len(marker) > 2 else ""
    if admin_version not in ADMIN_VERSIONS or (admin_version == "vn34" and COMMUNE_SHEET not in cells.sheet_names):
        raise FormError("not_our_form", f"{name} names no known administrative structure ({admin_version or '?'}): "
                        "download the form again", name=name)
    return admin_version


def read_header(rows: list[tuple], provinces: dict[str, str], admin_version: str, today: date,
                problems: list) -> FormHeader | None:
    """The province, admin version, reporting body and report date; None when one of them is wrong."""
    def answer(row: int):
        return rows[row - 1][1] if len(rows) >= row else None

    def fail(row: int, message: str) -> None:
        problems.append(FormProblem(DATA_SHEET, row, "B", HEADER_LABELS[row], shown(answer(row)), message))

    before = len(problems)
    code = province_code_of(answer(PROVINCE_ROW), provinces, lambda message: fail(PROVINCE_ROW, message))
    if not cell_text(answer(VERSION_ROW)).startswith(admin_version):
        fail(VERSION_ROW, f"Mẫu này dành cho bản đồ {PROVINCE_COUNT[admin_version]} tỉnh ({admin_version}): đừng "
             "sửa ô này.")
    body = checked_text(answer(BODY_ROW), lambda message: fail(BODY_ROW, message))
    if not body and not formula_like(cell_text(answer(BODY_ROW))):
        fail(BODY_ROW, "Chưa ghi cơ quan báo cáo.")
    report_date = checked_date(answer(DATE_ROW), today, lambda message: fail(DATE_ROW, message))
    if report_date is None and is_empty(answer(DATE_ROW)):
        fail(DATE_ROW, "Chưa ghi ngày báo cáo.")
    if len(problems) > before:
        return None
    return FormHeader(code, provinces[code], body, report_date, admin_version)


def province_code_of(value, provinces: dict[str, str], fail) -> str:
    """'11 – Tỉnh Điện Biên', '11' or 11 → '11'; '' (and a problem) when empty or not one of the list."""
    count = len(provinces)
    if is_empty(value):
        fail(f"Chưa chọn tỉnh: chọn trong danh sách {count} tỉnh, thành phố.")
        return ""
    match = re.fullmatch(r"(\d{1,2})(?:(?:\s*[–-]\s*|\s+)(.+))?", cell_text(value))
    code = match.group(1).zfill(2) if match and not isinstance(value, bool) else ""
    if code not in provinces:
        fail(f"«{shown(value)}» không phải một tỉnh trong danh sách {count} tỉnh, thành phố (mã GSO, ví dụ "
             f"«{min(provinces)} – {provinces[min(provinces)]}»).")
        return ""
    if match.group(2) and match_keys(match.group(2))[1] != match_keys(provinces[code])[1]:
        fail(f"Mã {code} là {provinces[code]}, không phải «{match.group(2)}»: chọn lại trong danh sách.")
        return ""
    return code


def read_rows(cells: FormCells, dataset: Dataset, header: FormHeader | None, today: date,
              problems: list) -> list[FormRow]:
    """Every filled row of the data sheet, checked; rows left empty (and the headline rows) are skipped."""
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
                                    f"Mẫu chỉ đọc đến dòng {MAX_FORM_ROWS}, cột {LETTER['notes']}: xóa nội dung "
                                    "ngoài bảng từ dòng này trở đi."))
    return rows


def read_row(number: int, cells: dict, catalogue: pd.DataFrame, report_date: date, today: date,
             problems: list) -> FormRow | None:
    """One row of the table: None when it holds no figure (or is wrong: its problems are added)."""
    def fail(key: str, message: str) -> None:
        problems.append(FormProblem(DATA_SHEET, number, LETTER[key], COLUMN_TITLE[key], shown(cells[key]),
                                    message))

    if refuse_formulas(cells, fail):
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
    unit = entry["unit"]
    if cell_text(cells["unit"]) not in (UNIT_WORDS[unit], unit):
        fail("unit", f"Đơn vị khác đơn vị của chỉ tiêu («{UNIT_WORDS[unit]}»): đừng sửa cột đơn vị.")
    return checked_row(number, code, entry, cells, report_date, today, fail, problems)


def refuse_formulas(cells: dict, fail) -> bool:
    """Name every cell of the row that a spreadsheet would run as a formula; whether there was one."""
    found = [key for key, value in cells.items() if formula_like(cell_text(value))]
    for key in found:
        fail(key, "Ô chứa công thức hoặc bắt đầu như công thức («=», «+», «@», «-»): ghi giá trị trực tiếp.")
    return bool(found)


def checked_row(number: int, code: str, entry: pd.Series, cells: dict, report_date: date, today: date, fail,
                problems: list, sheet: str = DATA_SHEET, commune: Place | None = None) -> FormRow | None:
    """The cells of a row with a figure, each checked; the row when none is wrong."""
    before = len(problems)
    unit = entry["unit"]
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
                   award_level, notes, sheet, commune.code if commune else "", commune.name if commune else "")


def read_commune_rows(cells: FormCells, dataset: Dataset, province: tuple[str, str], communes: list[Place],
                      report_date: date, today: date, problems: list) -> list[FormRow]:
    """Every filled row of the commune sheet (vn34), checked: its commune one of the province's, its indicator one
    of the catalogue's."""
    catalogue = dataset.subtypes.set_index("subtype")
    by_code = {place.code: place for place in communes}
    rows = []
    for number, values in enumerate(cells.commune_rows[FIRST_COMMUNE_ROW - 1:], start=FIRST_COMMUNE_ROW):
        cells_of = dict(zip((key for key, _, _ in COMMUNE_COLUMNS), values, strict=True))
        row = read_commune_row(number, cells_of, catalogue, by_code, province[1], report_date, today, problems)
        if row is not None:
            rows.append(row)
    if cells.commune_beyond:
        problems.append(FormProblem(COMMUNE_SHEET, cells.commune_beyond, "A", COMMUNE_COLUMN_TITLE["commune_code"],
                                    "", f"Trang này chỉ đọc đến dòng {MAX_COMMUNE_ROWS}, cột "
                                    f"{COMMUNE_LETTER['notes']}: xóa nội dung ngoài bảng từ dòng này trở đi."))
    return rows


def read_commune_row(number: int, cells: dict, catalogue: pd.DataFrame, communes: dict[str, Place],
                     province: str, report_date: date, today: date, problems: list) -> FormRow | None:
    """One row of the commune sheet: None when it holds no figure (or is wrong: its problems are added)."""
    def fail(key: str, message: str) -> None:
        problems.append(FormProblem(COMMUNE_SHEET, number, COMMUNE_LETTER[key], COMMUNE_COLUMN_TITLE[key],
                                    shown(cells[key]), message))

    if refuse_formulas(cells, fail):
        return None
    if not [key for key in INPUTS if key != "qualifier" and not is_empty(cells[key])]:
        return None
    before = len(problems)
    commune = commune_of(cells["commune_code"], communes, province, lambda m: fail("commune_code", m))
    code = cell_text(cells["subtype"])
    if code not in catalogue.index:
        fail("subtype", f"Mã chỉ tiêu «{code}» không có trong danh mục: chọn mã trong danh sách."
             if code else "Dòng có số liệu nhưng chưa chọn mã chỉ tiêu: chọn mã trong danh sách.")
    if is_empty(cells["value"]):
        fail("value", "Dòng có thời kỳ, ghi chú… nhưng chưa có số liệu: ghi số liệu hoặc xóa các ô khác của dòng.")
    if len(problems) > before:
        return None
    return checked_row(number, code, catalogue.loc[code], cells, report_date, today, fail, problems,
                       COMMUNE_SHEET, commune)


def commune_of(value, communes: dict[str, Place], province: str, fail) -> Place | None:
    """'03151 – Xã Nậm Pồ', '03151' or 3151 → the commune, when it is one of the province's."""
    match = re.fullmatch(r"(\d{1,5})(?:\s*[–-]\s*.*)?", cell_text(value))
    if is_empty(value):
        fail("Dòng có số liệu nhưng chưa chọn xã: chọn mã xã trong danh sách.")
    elif match is None or isinstance(value, bool):
        fail(f"«{shown(value)}» không phải một mã xã: chọn trong danh sách các xã, phường, đặc khu của {province}.")
    elif match.group(1).zfill(5) not in communes:
        fail(f"Mã xã {match.group(1).zfill(5)} không thuộc {province}: chọn trong danh sách các xã, phường, đặc khu "
             "của tỉnh.")
    else:
        return communes[match.group(1).zfill(5)]
    return None


def duplicate_problems(rows: list[FormRow]) -> list[FormProblem]:
    """A second row with the same indicator, place, window and award level as an earlier one is refused: a form
    gives one figure for each."""
    seen, problems = {}, []
    for row in rows:
        key = (row.subtype, row.commune_code, row.period_start, row.period_end, row.award_level)
        if key in seen:
            letter, title = ((COMMUNE_LETTER["subtype"], COMMUNE_COLUMN_TITLE["subtype"]) if row.sheet == COMMUNE_SHEET
                             else (LETTER["subtype"], COLUMN_TITLE["subtype"]))
            problems.append(FormProblem(row.sheet, row.row, letter, title, row.subtype,
                                        f"Trùng với dòng {seen[key]}: cùng chỉ tiêu, nơi, thời kỳ và cấp khen; giữ "
                                        "một dòng."))
        seen.setdefault(key, row.row)
    return problems
