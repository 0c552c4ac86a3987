"""The empty form: the data sheet, the commune sheet (vn34), the instructions and a hidden sheet of lists."""

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.domain.codes import ADMIN_VERSIONS, DECIMAL_UNITS, HONOURS_INDICATOR, UNITS
from indicators.domain.comparability import SUM_OF_PARTS
from indicators.domain.gazetteer import Place, load_crosswalk, load_vn34_places
from indicators.domain.tables import Dataset
from indicators.domain.words import AWARD_LEVEL_CHOICES, PHASE_CHOICES, QUALIFIER_CHOICES
from indicators.intake.reporting_form.layout import (
    BOX,
    COLUMN_WIDTH,
    COLUMNS,
    COMMUNE_COLUMNS,
    COMMUNE_HEADER_ROW,
    COMMUNE_INPUTS,
    COMMUNE_LETTER,
    COMMUNE_LIST_NAME,
    COMMUNE_PROVINCE_ROW,
    COMMUNE_SHEET,
    DATA_SHEET,
    DATE_ROW,
    EARLIEST_DATE,
    EXTRA_COMMUNE_ROWS,
    FIRST_COMMUNE_ROW,
    FIRST_DATA_ROW,
    FIRST_LIST_ROW,
    FONT,
    FONT_SIZE,
    FORM_ADMIN_VERSION,
    FORM_MARKER,
    FORM_VERSION,
    GREY,
    GUIDE_SHEET,
    HEAD,
    HEADER_LABELS,
    INPUTS,
    LETTER,
    LINE_HEIGHT,
    LIST_NAMES,
    LISTS_SHEET,
    PREFILLED,
    PROVINCE_COUNT,
    PROVINCE_ROW,
    SECTION,
    TABLE_HEADER_ROW,
    UNIT_WORDS,
    VERSION_ROW,
    VERSION_TEXTS,
    WHITE,
)


def form_subtypes(dataset: Dataset) -> pd.DataFrame:
    """The rows the form asks for, headline by headline: its default subtype, then the parts that total adds up."""
    catalogue = dataset.subtypes.set_index("subtype")
    rows = [{"subtype": code, "indicator": headline.indicator, "headline": headline.title_vi,
             "title": catalogue.at[code, "title_vi"], "unit": catalogue.at[code, "unit"]}
            for headline in dataset.indicators.itertuples()
            for code in (headline.default_subtype, *SUM_OF_PARTS.get(headline.default_subtype, ()))]
    return pd.DataFrame(rows)


def province_choices(crosswalk: list[dict[str, str]], admin_version: str = FORM_ADMIN_VERSION) -> dict[str, str]:
    """'11' → '11 – Tỉnh Điện Biên': the 63 provinces (vn63) or the 34 (vn34) in code order."""
    prefix = "old" if admin_version == "vn63" else "new"
    return {row[f"{prefix}_code"]: f"{row[f'{prefix}_code']} – {row[f'{prefix}_name']}"
            for row in sorted(crosswalk, key=lambda row: row[f"{prefix}_code"])}


def communes_of(province_code: str, crosswalk: list[dict[str, str]]) -> list[Place]:
    """The vn34 communes (xã, phường, đặc khu) of one vn34 province, in code order (the vietnam-provinces package)."""
    return sorted((place for place in load_vn34_places(crosswalk)
                   if place.level == "commune" and place.province_code == province_code), key=lambda p: p.code)


def commune_choice(place: Place) -> str:
    """'03151 – Xã Nậm Pồ': a commune as its list offers it."""
    return f"{place.code} – {place.name}"


def build_template(dataset: Dataset, crosswalk: list[dict[str, str]] | None = None, *,
                   admin_version: str = FORM_ADMIN_VERSION, province_code: str = "") -> bytes:
    """The empty form as XLSX bytes: the data sheet, (vn34) the commune sheet of the province's communes, the
    instructions, and a hidden sheet of lists and the marker. A vn34 form is one province's (its communes listed);
    a vn63 form may name its province or leave the choice to the office. ValueError for an unknown version or
    province."""
    crosswalk = crosswalk if crosswalk is not None else load_crosswalk()
    provinces = province_choices(crosswalk, admin_version)
    check_form_choice(admin_version, province_code, provinces)
    communes = communes_of(province_code, crosswalk) if admin_version == "vn34" else []
    subtypes = form_subtypes(dataset)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    if admin_version == "vn34":
        write_commune_sheet(workbook.create_sheet(COMMUNE_SHEET), provinces[province_code], communes, subtypes)
    write_guide_sheet(workbook.create_sheet(GUIDE_SHEET), admin_version)
    write_lists_sheet(workbook, workbook.create_sheet(LISTS_SHEET), provinces, subtypes, admin_version,
                              province_code, communes)
    write_header_block(sheet, admin_version, provinces.get(province_code))
    rows_of = write_table(sheet, subtypes)
    honours = [rows_of[code] for code in subtypes.loc[subtypes["indicator"] == HONOURS_INDICATOR, "subtype"]]
    add_validations(sheet, rows_of, honours, admin_version)
    if admin_version == "vn34":
        add_commune_validations(workbook[COMMUNE_SHEET], len(communes))
    protect(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check_form_choice(admin_version: str, province_code: str, provinces: dict[str, str]) -> None:
    """A known structure; a province of it (required for vn34: its communes fill the commune sheet)."""
    if admin_version not in ADMIN_VERSIONS:
        raise ValueError(f"unknown structure '{admin_version}': one of {', '.join(ADMIN_VERSIONS)}")
    if province_code and province_code not in provinces:
        raise ValueError(f"no province '{province_code}' in {admin_version}: one of {', '.join(provinces)}")
    if admin_version == "vn34" and not province_code:
        raise ValueError("a vn34 form is one province's: name the province (its communes fill the commune sheet)")


def write_header_block(sheet, admin_version: str, province: str | None) -> None:
    """Title, the province (filled and locked on a vn34 form), admin version, reporting body and date; a reminder
    of the rules beside them."""
    sheet["A1"] = "MẪU BÁO CÁO KẾT QUẢ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH"
    sheet["A1"].font = Font(name=FONT, bold=True, size=13)
    sheet["A2"] = ("Chỉ thị 05-CT/TW, Kết luận 01-KL/TW · số liệu của TOÀN TỈNH · mỗi dòng một số liệu · "
                   f"xem trang «{GUIDE_SHEET}»")
    sheet["A2"].font = Font(name=FONT, size=FONT_SIZE, italic=True, color="555555")
    for row, label in HEADER_LABELS.items():
        style_cell(sheet[f"A{row}"], label, fill=GREY, bold=True)
        style_cell(sheet[f"B{row}"], None, fill=WHITE, unlocked=row != VERSION_ROW)
    style_cell(sheet[f"B{VERSION_ROW}"], VERSION_TEXTS[admin_version], fill=GREY)
    if province:
        locked = admin_version == "vn34"
        style_cell(sheet[f"B{PROVINCE_ROW}"], province, fill=GREY if locked else WHITE, unlocked=not locked)
    sheet[f"B{DATE_ROW}"].number_format = "DD/MM/YYYY"
    sheet.merge_cells(f"D{PROVINCE_ROW}:J{DATE_ROW}")
    note = sheet[f"D{PROVINCE_ROW}"]
    province_step = ("Tỉnh đã ghi sẵn; số liệu từng xã, phường, đặc khu ghi ở trang «Số liệu cấp xã»."
                     if admin_version == "vn34" else "Chọn tỉnh trong danh sách.")
    note.value = (f"Chỉ điền các ô nền trắng; các ô nền xám đã khóa. {province_step} Mỗi số liệu ghi số theo đơn vị "
                  "gốc (tiền: đồng), kèm thời kỳ (từ ngày, đến ngày) và mức độ chính xác. Dòng không có số liệu thì "
                  "để trống.")
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
    sheet[f"{LETTER['value']}{row}"].number_format = "General" if entry.unit in DECIMAL_UNITS else "#,##0"
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


def write_lists_sheet(workbook: Workbook, sheet, provinces: dict[str, str], subtypes: pd.DataFrame,
                      admin_version: str, province_code: str, communes: list[Place]) -> None:
    """The marker (row 1: marker, form version, structure, province) and the lists the validations offer, each
    column behind a defined name; hidden."""
    sheet["A1"], sheet["B1"], sheet["C1"] = FORM_MARKER, FORM_VERSION, admin_version
    if province_code:
        sheet["D1"] = province_code
    lists = (list(provinces.values()), list(subtypes["subtype"]), [UNIT_WORDS[u] for u in UNITS],
             list(QUALIFIER_CHOICES.values()), list(PHASE_CHOICES.values()), list(AWARD_LEVEL_CHOICES.values()))
    names = LIST_NAMES
    if communes:
        names, lists = (*names, COMMUNE_LIST_NAME), (*lists, [commune_choice(place) for place in communes])
    for column, (name, values) in enumerate(zip(names, lists, strict=True), start=1):
        letter = get_column_letter(column)
        sheet[f"{letter}{FIRST_LIST_ROW - 1}"] = name
        for offset, value in enumerate(values):
            sheet[f"{letter}{FIRST_LIST_ROW + offset}"] = value
        last = FIRST_LIST_ROW + len(values) - 1
        reference = f"{quote_sheetname(LISTS_SHEET)}!${letter}${FIRST_LIST_ROW}:${letter}${last}"
        workbook.defined_names[name] = DefinedName(name, attr_text=reference)
    sheet.sheet_state = "hidden"


def add_validations(sheet, rows_of: dict[str, int], honours: list[int], admin_version: str) -> None:
    """Lists for province, codes, units, qualifiers, phases and award levels (on the honours rows); numbers ≥ 0;
    dates from 2006 to today."""
    first, last = FIRST_DATA_ROW, max(rows_of.values())

    def column(key: str) -> str:
        return f"{LETTER[key]}{first}:{LETTER[key]}{last}"

    rules = [
        (list_rule("ds_tinh", "Tỉnh", f"Chọn tỉnh, thành phố trong danh sách {PROVINCE_COUNT[admin_version]} tỉnh "
                   "(mã GSO)."), f"B{PROVINCE_ROW}"),
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
    apply_rules(sheet, rules)


def apply_rules(sheet, rules: list[tuple[DataValidation, str]]) -> None:
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
    for locked in workbook.worksheets:
        locked.protection.sheet = True
    for table in (sheet, *([workbook[COMMUNE_SHEET]] if COMMUNE_SHEET in workbook.sheetnames else [])):
        table.protection.formatColumns = table.protection.formatRows = False  # widths and heights may change
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
        "18/5/2021; ct05_10y: 10 năm thực hiện Chỉ thị 05, từ 15/5/2016 đến 2026, cho thời kỳ vắt qua ct05 và kl01). "
        "Chọn khi thời kỳ vắt qua hai giai đoạn mà số liệu thuộc về một đợt sơ kết, tổng kết; số liệu gửi tổng kết "
        "10 năm Chỉ thị 05 chọn ct05_10y.",
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
        "Gửi lại mẫu của cùng tỉnh cho cùng thời kỳ (ví dụ để sửa một số liệu): mẫu sau thay mẫu trước, số liệu mẫu "
        "sau không ghi lại thì được rút; bản trước vẫn được lưu trong lịch sử.",
    )),
)


# The vn34 form: its province is written in; a sheet of commune figures besides the whole-province figures.
GUIDE_VN34_HEADER = ("Phần đầu trang «Báo cáo»", (
    "Tỉnh, thành phố: đã ghi sẵn và khóa (34 tỉnh, thành phố theo mã của Tổng cục Thống kê, bản đồ hành chính từ "
    "1/7/2025). Mẫu này chỉ dành cho tỉnh đã ghi; tỉnh khác tải mẫu của tỉnh mình.",
    "Cơ quan báo cáo: ví dụ «Ban Tuyên giáo và Dân vận Tỉnh ủy». Ngày báo cáo: ngày ký báo cáo (ngày/tháng/năm).",
))
GUIDE_VN34_ROWS = ("Mỗi dòng một số liệu", (
    "Trang «Báo cáo» chỉ ghi số liệu của TOÀN TỈNH; số liệu của một xã, phường, đặc khu ghi ở trang «Số liệu cấp xã». "
    "Không ghi số của một cơ quan, đoàn thể. Mỗi dòng một con số. Chỉ tiêu nào không có số liệu thì để trống cả dòng.",
    "Không sửa các cột nền xám (mã chỉ tiêu, chỉ tiêu, đơn vị, mã và tên xã): trang đã khóa để các tỉnh ghi cùng một "
    "mã. Không thêm, đổi tên hay xóa trang.",
))
GUIDE_COMMUNES = (f"Trang «{COMMUNE_SHEET}»", (
    "Số liệu của từng xã, phường, đặc khu ghi ở trang này; số liệu của toàn tỉnh ghi ở trang «Báo cáo». Mỗi xã, "
    "phường, đặc khu của tỉnh đã có sẵn một dòng (mã và tên đã khóa): chọn mã chỉ tiêu rồi ghi số liệu như ở trang "
    "«Báo cáo».",
    "Một xã có thêm số liệu khác: dùng các dòng trống ở cuối trang, chọn mã xã trong danh sách (chỉ các xã của "
    "tỉnh), mã chỉ tiêu và số liệu. Mỗi xã, mỗi chỉ tiêu, mỗi thời kỳ chỉ ghi một dòng.",
))


def guide_sections(admin_version: str) -> tuple:
    """The instructions of a form of this structure: a vn34 form's header part and its commune sheet."""
    if admin_version != "vn34":
        return GUIDE
    replaced = {GUIDE[1][0]: GUIDE_VN34_HEADER, GUIDE[2][0]: GUIDE_VN34_ROWS}
    sections = [replaced.get(heading, (heading, paragraphs)) for heading, paragraphs in GUIDE]
    return (*sections[:-1], GUIDE_COMMUNES, sections[-1])


GUIDE_WIDTH = 80  # characters: one A4 page wide (LibreOffice does not scale a sheet of one wrapped column)


def write_guide_sheet(sheet, admin_version: str) -> None:
    """The instructions in Vietnamese: one heading per part, one wrapped paragraph per line."""
    sheet.column_dimensions["A"].width = GUIDE_WIDTH
    sheet["A1"] = "HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO"
    sheet["A1"].font = Font(name=FONT, bold=True, size=13)
    row = 3
    for heading, paragraphs in guide_sections(admin_version):
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



def write_commune_sheet(sheet, province: str, communes: list[Place], subtypes: pd.DataFrame) -> None:
    """The province, then one row per commune (code and name locked), then open rows for more figures of a commune
    (its code chosen from the province's list)."""
    sheet["A1"] = "SỐ LIỆU CẤP XÃ (XÃ, PHƯỜNG, ĐẶC KHU)"
    sheet["A1"].font = Font(name=FONT, bold=True, size=13)
    sheet["A2"] = ("Mỗi dòng một số liệu của MỘT xã, phường, đặc khu · số liệu toàn tỉnh ghi ở trang "
                   f"«{DATA_SHEET}» · xem trang «{GUIDE_SHEET}»")
    sheet["A2"].font = Font(name=FONT, size=FONT_SIZE, italic=True, color="555555")
    style_cell(sheet[f"A{COMMUNE_PROVINCE_ROW}"], "Tỉnh, thành phố", fill=GREY, bold=True)
    style_cell(sheet[f"B{COMMUNE_PROVINCE_ROW}"], province, fill=GREY)
    for key, title, width in COMMUNE_COLUMNS:
        style_cell(sheet[f"{COMMUNE_LETTER[key]}{COMMUNE_HEADER_ROW}"], title, fill=HEAD, bold=True, wrap=True)
        sheet.column_dimensions[COMMUNE_LETTER[key]].width = width
    sheet.row_dimensions[COMMUNE_HEADER_ROW].height = 2 * LINE_HEIGHT
    for offset in range(len(communes) + EXTRA_COMMUNE_ROWS):
        place = communes[offset] if offset < len(communes) else None
        write_commune_row(sheet, FIRST_COMMUNE_ROW + offset, place)
    sheet.freeze_panes = f"C{FIRST_COMMUNE_ROW}"
    sheet.print_title_rows = f"{COMMUNE_HEADER_ROW}:{COMMUNE_HEADER_ROW}"
    fit_to_page_width(sheet, "landscape")


def write_commune_row(sheet, row: int, place: Place | None) -> None:
    """A listed commune's code and name locked; on an open row the code is chosen and the name left to the reader."""
    style_cell(sheet[f"{COMMUNE_LETTER['commune_code']}{row}"], commune_choice(place)[:5] if place else None,
               fill=GREY if place else WHITE, unlocked=place is None)
    style_cell(sheet[f"{COMMUNE_LETTER['commune_name']}{row}"], place.name if place else None, fill=GREY)
    for key in COMMUNE_INPUTS:
        value = QUALIFIER_CHOICES["exact"] if key == "qualifier" else None
        style_cell(sheet[f"{COMMUNE_LETTER[key]}{row}"], value, fill=WHITE, unlocked=True, wrap=key == "notes")
    for key in ("period_start", "period_end"):
        sheet[f"{COMMUNE_LETTER[key]}{row}"].number_format = "DD/MM/YYYY"


def add_commune_validations(sheet, communes: int) -> None:
    """The same lists and checks as the data sheet's, and the province's communes on the open rows' code cells."""
    first, last = FIRST_COMMUNE_ROW, FIRST_COMMUNE_ROW + communes + EXTRA_COMMUNE_ROWS - 1

    def column(key: str, start: int = first) -> str:
        return f"{COMMUNE_LETTER[key]}{start}:{COMMUNE_LETTER[key]}{last}"

    rules = [
        (list_rule(COMMUNE_LIST_NAME, "Mã xã", "Chọn xã, phường, đặc khu của tỉnh trong danh sách."),
         column("commune_code", first + communes)),
        (list_rule("ds_ma_chi_tieu", "Mã chỉ tiêu", "Chọn mã chỉ tiêu (xem trang «Báo cáo»)."), column("subtype")),
        (list_rule("ds_muc_do", "Mức độ chính xác", "Đúng số; hơn, trên; tối đa, dưới; khoảng, gần."),
         column("qualifier")),
        (list_rule("ds_giai_doan", "Giai đoạn", "Để trống: tính theo thời kỳ."), column("phase")),
        (list_rule("ds_cap_khen", "Cấp khen", "Chỉ ở dòng khen thưởng: khen ở cấp nào."), column("award_level")),
        (number_rule(), column("value")),
        (date_rule(), f"{column('period_start')} {column('period_end')}"),
    ]
    apply_rules(sheet, rules)
