"""The provinces' reporting form: the template's sheets, lists, checks and locks; filled forms read cell by cell,
published with their text as the source and on the map's shared scale; a bad form names each bad cell, stores none."""

import io
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from streamlit.testing.v1 import AppTest

from briefing.inputs import ViewInputs
from briefing.links import parse_view
from briefing.views import build_view_content
from components.reporting_form import build_problems_table, build_rows_table
from indicators.domain.codes import AWARD_LEVELS, PHASES, QUALIFIERS, UNITS
from indicators.domain.comparability import ComparisonClass, compare_provinces
from indicators.domain.gazetteer import load_crosswalk
from indicators.domain.queries import make_province_frame
from indicators.intake.extraction.readers import MAX_UPLOAD_BYTES
from indicators.intake.reporting_form import (
    AWARD_LEVEL_CHOICES,
    DATA_SHEET,
    FIRST_DATA_ROW,
    FORM_MARKER,
    GUIDE_SHEET,
    LETTER,
    LISTS_SHEET,
    PHASE_CHOICES,
    QUALIFIER_CHOICES,
    UNIT_WORDS,
    FormError,
    build_template,
    earlier_forms,
    publish_form,
    read_filled_form,
)
from indicators.store.published import load_document, load_published_dataset
from indicators.store.reads import StoreReader

pytest_plugins = ["store_fixtures"]

from store_helpers import row_counts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DB, LC = "form-vn63-11-", "form-vn63-12-"  # a form figure's key: structure, place, then indicator, window, award level
TODAY = date(2026, 1, 2)
EVENT = AWARD_LEVEL_CHOICES["event"]
# The rows of the form: each headline (a section row, no code) and its subtypes, from data/indicators.csv.
FORM_CODES = ["models_total", "models_collective", "models_individual", "honours_total", "honours_collective",
              "honours_individual", "money_total", "houses_total", "people_households", "works_total",
              "land_area_m2", "study_cadres_pct", "plans_people_pct", "ethics_units_pct", "dialogue_held",
              "contest_entries", "other_groups"]
ROW = {"models_total": 10, "honours_total": 14, "honours_collective": 15, "honours_individual": 16,
       "money_total": 18, "houses_total": 20, "study_cadres_pct": 28}
# Điện Biên gives a ceremony's total and its parts; Lai Châu only the two parts (the rule adds them up).
DIEN_BIEN = {
    "header": {"B3": "11 – Tỉnh Điện Biên", "B5": "Ban Tuyên giáo Tỉnh ủy Điện Biên", "B6": date(2024, 5, 20)},
    "figures": {
        "models_total": {"value": 532, "qualifier": QUALIFIER_CHOICES["at_least"], "period_start": date(2021, 5, 18),
                         "period_end": date(2024, 5, 20)},
        "honours_total": {"value": 42, "period_start": date(2021, 5, 18), "period_end": date(2024, 5, 15),
                          "award_level": EVENT, "notes": "Báo cáo số 125-BC/TU ngày 20/5/2024"},
        "honours_collective": {"value": 20, "period_start": date(2021, 5, 18), "period_end": date(2024, 5, 15),
                               "award_level": EVENT},
        "honours_individual": {"value": 22, "period_start": date(2021, 5, 18), "period_end": date(2024, 5, 15),
                               "award_level": EVENT},
        "money_total": {"value": 6200000000, "qualifier": QUALIFIER_CHOICES["approximately"],
                        "period_start": date(2021, 1, 1), "period_end": date(2023, 12, 31)},
        "study_cadres_pct": {"value": 94.5, "qualifier": QUALIFIER_CHOICES["at_least"],
                             "period_start": date(2024, 5, 20), "period_end": date(2024, 5, 20)},
    },
}
LAI_CHAU = {
    "header": {"B3": "12 – Tỉnh Lai Châu", "B5": "Ban Tuyên giáo Tỉnh ủy Lai Châu", "B6": date(2023, 1, 6)},
    "figures": {
        "honours_collective": {"value": 23, "period_start": date(2021, 5, 18), "period_end": date(2022, 12, 31),
                               "award_level": EVENT, "notes": "Hội nghị sơ kết 1 năm Kết luận 01"},
        "honours_individual": {"value": 14, "period_start": date(2021, 5, 18), "period_end": date(2022, 12, 31),
                               "award_level": EVENT},
        "houses_total": {"value": 120, "period_start": date(2021, 1, 1), "period_end": date(2022, 12, 31)},
    },
}


@pytest.fixture(scope="module")
def template(dataset) -> bytes:
    return build_template(dataset)


def fill(template: bytes, form: dict, changes: dict | None = None) -> bytes:
    """The template filled as a province would (header cells by address, figures by code and column key);
    `changes` overrides cells by address afterwards."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[DATA_SHEET]
    rows = {sheet[f"A{row}"].value: row for row in range(FIRST_DATA_ROW, sheet.max_row + 1) if sheet[f"A{row}"].value}
    for address, value in form["header"].items():
        sheet[address] = value
    for code, cells in form["figures"].items():
        for key, value in cells.items():
            sheet[f"{LETTER[key]}{rows[code]}"] = value
    for address, value in (changes or {}).items():
        sheet[address] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(name: str, data: bytes, dataset):
    return read_filled_form(name, data, dataset, accessed=TODAY, uploaded_by="editor_an")


# 1. The template.

def test_the_template_has_the_data_sheet_its_instructions_and_a_hidden_sheet_of_lists(template, dataset):
    workbook = load_workbook(io.BytesIO(template))
    assert workbook.sheetnames == [DATA_SHEET, GUIDE_SHEET, LISTS_SHEET]
    assert [workbook[name].sheet_state for name in workbook.sheetnames] == ["visible", "visible", "hidden"]
    assert [cell.value for cell in workbook[LISTS_SHEET][1][:3]] == [FORM_MARKER, "1", "vn63"]
    sheet = workbook[DATA_SHEET]
    assert [[sheet[f"A{row}"].value, sheet[f"B{row}"].value] for row in range(3, 7)] == [
        ["Tỉnh, thành phố (mã GSO)", None], ["Bản đồ hành chính", "vn63 – 63 tỉnh, thành phố (trước 1/7/2025)"],
        ["Cơ quan báo cáo", None], ["Ngày báo cáo", None]]
    assert [cell.value for cell in sheet[8]] == [
        "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị", "Số liệu", "Mức độ chính xác", "Từ ngày", "Đến ngày", "Giai đoạn",
        "Cấp khen (dòng khen thưởng)", "Nguồn số liệu, ghi chú"]
    subtypes = dataset.subtypes.set_index("subtype")
    headlines = dataset.indicators.set_index("indicator")["title_vi"]
    expected = []
    for code in FORM_CODES:
        headline = headlines[subtypes.at[code, "indicator"]]
        if [None, headline, None, None] not in expected:
            expected.append([None, headline, None, None])
        expected.append([code, subtypes.at[code, "title_vi"], UNIT_WORDS[subtypes.at[code, "unit"]], "đúng số"])
    table = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=5)]
    assert [[code, title, unit, qualifier] for code, title, unit, _, qualifier in table] == expected
    assert {row[0]: number for number, row in enumerate(table, FIRST_DATA_ROW) if row[0] in ROW} == ROW


def test_the_lists_are_the_63_provinces_the_form_codes_and_the_code_vocabularies_in_words(template):
    workbook = load_workbook(io.BytesIO(template))
    lists = {}
    for name, defined in workbook.defined_names.items():
        if name.startswith("ds_"):
            (sheet_name, cells), = defined.destinations
            lists[name] = [row[0].value for row in workbook[sheet_name][cells.replace("$", "")]]
    provinces = [f"{row['old_code']} – {row['old_name']}" for row in sorted(load_crosswalk(),
                                                                          key=lambda row: row["old_code"])]
    assert len(provinces) == 63 and "11 – Tỉnh Điện Biên" in provinces
    assert lists == {
        "ds_tinh": provinces, "ds_ma_chi_tieu": FORM_CODES, "ds_don_vi": [UNIT_WORDS[unit] for unit in UNITS],
        "ds_muc_do": ["đúng số", "hơn, trên (ít nhất)", "tối đa, dưới (nhiều nhất)", "khoảng, gần (xấp xỉ)"],
        "ds_giai_doan": ["ct06 – Cuộc vận động 2006–2011 (Chỉ thị 06)", "ct03 – Chỉ thị 03 (2011–2016)",
                         "ct05 – Chỉ thị 05 (2016–2021)", "kl01 – Kết luận 01 (từ 18/5/2021)",
                         "ct05_10y – 10 năm thực hiện Chỉ thị 05 (2016–2026)"],
        "ds_cap_khen": ["một lễ, hội nghị tuyên dương", "cấp tỉnh, cộng dồn cả thời kỳ", "các cấp dưới (huyện, xã)",
                        "mọi cấp, kể cả cơ sở", "cấp trên (Trung ương, Chính phủ)"],
    }
    # The form's words label the code lists of indicators/domain/codes.py, all of them and nothing else.
    assert (list(QUALIFIER_CHOICES), list(PHASE_CHOICES), list(AWARD_LEVEL_CHOICES), list(UNIT_WORDS)) == (
        list(QUALIFIERS), list(PHASES), list(AWARD_LEVELS), list(UNITS))


def test_the_template_validates_province_codes_units_qualifiers_phases_levels_numbers_and_dates(template):
    sheet = load_workbook(io.BytesIO(template))[DATA_SHEET]
    rules = {(rule.type, rule.operator, rule.formula1, rule.formula2, str(rule.sqref))
             for rule in sheet.data_validations.dataValidation}
    assert rules == {
        ("list", None, "ds_tinh", None, "B3"), ("list", None, "ds_ma_chi_tieu", None, "A9:A38"),
        ("list", None, "ds_don_vi", None, "C9:C38"), ("list", None, "ds_muc_do", None, "E9:E38"),
        ("list", None, "ds_giai_doan", None, "H9:H38"), ("list", None, "ds_cap_khen", None, "I14 I15 I16"),
        ("decimal", "greaterThanOrEqual", "0", None, "D9:D38"),
        ("date", "between", "DATE(2006,1,1)", "TODAY()", "B6 F9:F38 G9:G38"),
    }
    assert all(rule.showErrorMessage and rule.error for rule in sheet.data_validations.dataValidation)


def test_only_the_input_cells_are_open_and_the_sheets_are_locked_without_a_password(template):
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[DATA_SHEET]
    unlocked = {cell.coordinate for row in sheet.iter_rows() for cell in row if not cell.protection.locked}
    code_rows = [row for row in range(FIRST_DATA_ROW, 39) if sheet[f"A{row}"].value]
    assert unlocked == {"B3", "B5", "B6"} | {f"{letter}{row}" for row in code_rows for letter in "DEFGHJ"} | {
        f"I{row}" for row in (14, 15, 16)}
    assert [(workbook[name].protection.sheet, workbook[name].protection.password) for name in workbook.sheetnames] \
        == [(True, None)] * 3
    assert workbook.security.lockStructure


def test_the_instructions_say_in_vietnamese_what_each_column_means_and_how_the_form_is_published(template):
    sheet = load_workbook(io.BytesIO(template))[GUIDE_SHEET]
    cells = [cell.value for cell in sheet["A"] if cell.value]
    assert [text for text in cells if len(text) < 40] == [
        "HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO", "Mẫu báo cáo này dùng để làm gì", "Phần đầu trang «Báo cáo»",
        "Mỗi dòng một số liệu của toàn tỉnh", "Các cột", "Đăng số liệu"]
    text = "\n".join(cells)
    for words in ["Chỉ ghi số liệu của TOÀN TỈNH, không ghi số của một huyện, một xã",
                  "Tiền ghi bằng đồng: «6,2 tỷ đồng» ghi 6200000000",
                  "«hơn, trên (ít nhất)» khi viết «hơn 500», «trên 500» (500 là mức tối thiểu)",
                  "Số liệu tại một thời điểm («hiện có») ghi hai ngày bằng nhau",
                  "«một lễ, hội nghị tuyên dương» khi là số tập thể, cá nhân được tuyên dương tại một hội nghị",
                  "Biên tập viên tải tệp lên trang «Nhập báo cáo» (/ingest)", "còn một lỗi thì chưa lưu gì",
                  "mỗi dòng đã điền được giữ nguyên văn làm trích dẫn"]:
        assert words in text


# 2. Two provinces fill it in; their figures are published and stand on the map's shared scale.

def test_two_provinces_fill_in_the_form_and_stand_on_the_shared_scale_of_the_map(seeded_store, editor, template,
                                                                                 dataset, gazetteer):
    before = row_counts(seeded_store)
    readings = [read("dien-bien.xlsx", fill(template, DIEN_BIEN), dataset),
                read("lai-chau.xlsx", fill(template, LAI_CHAU), dataset)]
    counts = [publish_form(seeded_store, editor, reading, note=f"form {reading.name}") for reading in readings]
    assert [count["observations"]["added"] for count in counts] == [6, 3]
    assert row_counts(seeded_store) == before | {
        "sources": before["sources"] + 2, "observations": before["observations"] + 9,
        "changesets": before["changesets"] + 2, "documents": before["documents"] + 2}

    published = load_published_dataset(seeded_store)
    dien_bien, lai_chau = (reading.source_id for reading in readings)
    obs = published.observations[published.observations["source_id"].isin([dien_bien, lai_chau])]
    columns = ["obs_id", "province_code", "place_name", "subtype", "value", "unit", "qualifier", "period_start",
               "period_end", "phase", "award_level", "part_of", "evidence"]
    assert obs[columns].values.tolist() == [
        [DB + "models_total-20210518-20240520", "11", "Điện Biên",
         "models_total", 532.0, "count", "at_least", "2021-05-18",
         "2024-05-20", "kl01", "", "", "Số mô hình học tập và làm theo Bác: hơn 532, từ 18/05/2021 đến 20/05/2024"],
        [DB + "honours_total-20210518-20240515-event", "11", "Điện Biên",
         "honours_total", 42.0, "count", "exact", "2021-05-18", "2024-05-15",
         "kl01", "event", "",
         "Số tập thể, cá nhân điển hình được tuyên dương, khen thưởng: 42, từ 18/05/2021 đến 15/05/2024"],
        [DB + "honours_collective-20210518-20240515-event", "11", "Điện Biên",
         "honours_collective", 20.0, "count", "exact", "2021-05-18",
         "2024-05-15", "kl01", "event", DB + "honours_total-20210518-20240515-event",
         "Số tập thể được khen thưởng: 20, từ 18/05/2021 đến 15/05/2024"],
        [DB + "honours_individual-20210518-20240515-event", "11", "Điện Biên",
         "honours_individual", 22.0, "person", "exact", "2021-05-18",
         "2024-05-15", "kl01", "event", DB + "honours_total-20210518-20240515-event",
         "Số cá nhân được khen thưởng: 22 người, từ 18/05/2021 đến 15/05/2024"],
        [DB + "money_total-20210101-20231231", "11", "Điện Biên",
         "money_total", 6200000000.0, "vnd", "approximately", "2021-01-01",
         "2023-12-31", "kl01", "", "",
         "Số tiền vận động được: khoảng 6.200.000.000 đồng, từ 01/01/2021 đến 31/12/2023"],
        [DB + "study_cadres_pct-20240520-20240520", "11", "Điện Biên",
         "study_cadres_pct", 94.5, "percent", "at_least", "2024-05-20",
         "2024-05-20", "kl01", "", "", "Tỷ lệ cán bộ, đảng viên tham gia học tập: hơn 94,5%, ngày 20/05/2024"],
        [LC + "honours_collective-20210518-20221231-event", "12", "Lai Châu",
         "honours_collective", 23.0, "count", "exact", "2021-05-18",
         "2022-12-31", "kl01", "event", "", "Số tập thể được khen thưởng: 23, từ 18/05/2021 đến 31/12/2022"],
        [LC + "honours_individual-20210518-20221231-event", "12", "Lai Châu",
         "honours_individual", 14.0, "person", "exact", "2021-05-18",
         "2022-12-31", "kl01", "event", "", "Số cá nhân được khen thưởng: 14 người, từ 18/05/2021 đến 31/12/2022"],
        [LC + "houses_total-20210101-20221231", "12", "Lai Châu",
         "houses_total", 120.0, "house", "exact", "2021-01-01", "2022-12-31",
         "kl01", "", "", "Số nhà được hỗ trợ xây mới, sửa chữa: 120 căn nhà, từ 01/01/2021 đến 31/12/2022"],
    ]
    assert (obs[["district_code", "commune_code", "organisation", "org_type"]] == "").all().all()  # whole province
    assert obs["denominator"].isna().all()
    assert set(obs["period_basis"]) == {"stated"} and set(obs["period_note"]) == {"from the reporting form"}
    # Each figure's evidence is verbatim in the text kept as its source.
    for reading in readings:
        document = load_document(seeded_store, reading.source_id)
        assert (document["text"], document["file_name"], document["source_format"]) == (
            reading.text, reading.name, "xlsx")
        assert document["created_by"] == "editor_an"
        assert all(evidence in document["text"] for evidence in obs.loc[obs["source_id"] == reading.source_id,
                                                                         "evidence"])
    sources = published.sources.set_index("source_id").loc[[dien_bien, lai_chau]]
    assert sources[["title", "publisher", "date_published", "path", "language"]].values.tolist() == [
        ["Mẫu báo cáo: Tỉnh Điện Biên 20/05/2024", "Ban Tuyên giáo Tỉnh ủy Điện Biên", "2024-05-20",
         "uploads/dien-bien.xlsx.txt", "vi"],
        ["Mẫu báo cáo: Tỉnh Lai Châu 06/01/2023", "Ban Tuyên giáo Tỉnh ủy Lai Châu", "2023-01-06",
         "uploads/lai-chau.xlsx.txt", "vi"]]

    # The comparability rule puts both on the shared scale of honours (kl01, one ceremony): Điện Biên by its total,
    # Lai Châu by the sum of its two parts (newer than its earlier 2016–2021 figure).
    frame = make_province_frame(load_crosswalk(), "vn63")
    comparison = compare_provinces(published.observations, frame,
                                   ComparisonClass("exemplars_honoured", "honours_total", "kl01", "event"))
    places = comparison.places.set_index("province_code")
    shown = ["status", "value", "qualifier", "period_end", "derived", "obs_ids"]
    assert places.loc[["11", "12"], shown].values.tolist() == [
        ["shared", 42.0, "exact", "2024-05-15", False, [DB + "honours_total-20210518-20240515-event"]],
        ["shared", 37.0, "exact", "2022-12-31", True,
         [LC + "honours_collective-20210518-20221231-event", LC + "honours_individual-20210518-20221231-event"]]]
    # … and so does the dashboard's view of the headline (the map, its ranking and its exports).
    inputs = ViewInputs(StoreReader(seeded_store), load_crosswalk(), gazetteer, lambda version: {}, lambda: None)
    content = build_view_content(parse_view("/?indicator=exemplars_honoured"), inputs)
    on_map = content.places.set_index("province_code").loc[["11", "12"]]
    assert on_map[["status", "value"]].values.tolist() == [["shared", 42.0], ["shared", 37.0]]


def test_the_kept_text_has_the_header_and_one_line_per_filled_row(template, dataset):
    reading = read("lai-chau.xlsx", fill(template, LAI_CHAU), dataset)
    assert reading.source_id == f"form_{reading.sha256[:16]}"
    assert reading.text == (
        "MẪU BÁO CÁO KẾT QUẢ HỌC TẬP VÀ LÀM THEO BÁC (mẫu số 1)\n"
        "Tỉnh, thành phố: Tỉnh Lai Châu (mã 12, bản đồ vn63)\n"
        "Cơ quan báo cáo: Ban Tuyên giáo Tỉnh ủy Lai Châu\n"
        "Ngày báo cáo: 06/01/2023\n"
        "Tệp: lai-chau.xlsx\n"
        "\n"
        "[dòng 15, honours_collective] Số tập thể được khen thưởng: 23, từ 18/05/2021 đến 31/12/2022; cấp khen: một "
        "lễ, hội nghị tuyên dương; giai đoạn: kl01. Ghi chú: Hội nghị sơ kết 1 năm Kết luận 01\n"
        "[dòng 16, honours_individual] Số cá nhân được khen thưởng: 14 người, từ 18/05/2021 đến 31/12/2022; cấp "
        "khen: một lễ, hội nghị tuyên dương; giai đoạn: kl01.\n"
        "[dòng 20, houses_total] Số nhà được hỗ trợ xây mới, sửa chữa: 120 căn nhà, từ 01/01/2021 đến 31/12/2022; "
        "giai đoạn: kl01.\n")
    assert reading.publication["sources"].at[0, "licence_note"] == (
        "Filled in by Ban Tuyên giáo Tỉnh ủy Lai Châu on the project's reporting form (version 1); uploaded by editor "
        f"editor_an on 2026-01-02 from lai-chau.xlsx (xlsx, sha256 {reading.sha256[:16]}); each figure quoted from "
        "the form's text")


def test_the_same_form_uploaded_again_is_the_same_source_and_changes_nothing(seeded_store, editor, template,
                                                                            dataset):
    data = fill(template, LAI_CHAU)
    publish_form(seeded_store, editor, read("lai-chau.xlsx", data, dataset))
    before = row_counts(seeded_store)
    counts = publish_form(seeded_store, editor, read("lai-chau.xlsx", data, dataset))
    assert counts["observations"] == {"added": 0, "changed": 0, "unchanged": 3, "withdrawn": 0}
    assert row_counts(seeded_store) == before | {"changesets": before["changesets"] + 1}


def test_another_form_of_the_same_province_for_the_same_windows_names_the_form_it_replaces(seeded_store, editor,
                                                                                         template, dataset):
    first = read("lai-chau.xlsx", fill(template, LAI_CHAU), dataset)
    publish_form(seeded_store, editor, first)
    later = {**LAI_CHAU, "header": {**LAI_CHAU["header"], "B6": date(2023, 6, 1)}}
    second = read("lai-chau-2.xlsx", fill(template, later), dataset)
    published = load_published_dataset(seeded_store)
    assert (earlier_forms(published, first), earlier_forms(published, second)) == ([], [first.source_id])


def test_a_form_saved_again_by_libreoffice_reads_the_same(template, dataset, tmp_path):
    """A province may fill the form in LibreOffice Calc: the hidden lists, the marker and the dates survive."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "in" / "dien-bien.xlsx"
    source.parent.mkdir()
    source.write_bytes(fill(template, DIEN_BIEN))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=180, check=False)
    saved = tmp_path / "dien-bien.xlsx"
    if not saved.exists():
        pytest.skip("LibreOffice Calc is not installed (Debian package libreoffice-calc-nogui)")
    again = read("dien-bien.xlsx", saved.read_bytes(), dataset)
    first = read("dien-bien.xlsx", source.read_bytes(), dataset)
    assert again.text == first.text
    keep = [c for c in first.publication["observations"].columns if c not in ("obs_id", "source_id", "part_of")]
    pd.testing.assert_frame_equal(again.publication["observations"][keep], first.publication["observations"][keep])


# 3. Bad forms: every bad cell named by sheet, row and column; nothing stored.

def figure(code: str, **cells) -> dict:
    """Điện Biên's form with one row's cells replaced."""
    return {"header": DIEN_BIEN["header"], "figures": {**DIEN_BIEN["figures"], code: cells}}


BAD_CELLS = [
    ("text in a number cell", figure("models_total", value="hơn 532", period_start=date(2021, 5, 18),
                                     period_end=date(2024, 5, 20)),
     [("D", 10, "hơn 532", "«hơn 532» không phải một con số. Chỉ ghi số (ví dụ 42 hoặc 6200000000)")]),
    ("a number with separators as text", figure("money_total", value="6.200.000.000", period_start=date(2021, 1, 1),
                                               period_end=date(2023, 12, 31)),
     [("D", 18, "6.200.000.000", "«6.200.000.000» không phải một con số")]),
    ("a count with a fraction", figure("houses_total", value=2.5, period_start=date(2021, 1, 1),
                                       period_end=date(2022, 12, 31)),
     [("D", 20, "2.5", "Chỉ tiêu này đếm theo «căn nhà»: ghi số nguyên.")]),
    ("a province code and another name", {"header": {**DIEN_BIEN["header"], "B3": "11 – Tỉnh Lai Châu"},
                                          "figures": DIEN_BIEN["figures"]},
     [("B", 3, "11 – Tỉnh Lai Châu", "Mã 11 là Tỉnh Điện Biên, không phải «Tỉnh Lai Châu»")]),
    ("a negative number", figure("houses_total", value=-3, period_start=date(2021, 1, 1),
                                 period_end=date(2022, 12, 31)),
     [("D", 20, "-3", "Số liệu không được âm.")]),
    ("end before start", figure("houses_total", value=3, period_start=date(2023, 1, 1), period_end=date(2022, 1, 1)),
     [("G", 20, "01/01/2022", "«Đến ngày» (01/01/2022) trước «Từ ngày» (01/01/2023).")]),
    ("a date before 2006", figure("houses_total", value=3, period_start=date(2005, 1, 1),
                                  period_end=date(2022, 1, 1)),
     [("F", 20, "01/01/2005", "Ngày 01/01/2005 nằm ngoài khoảng từ 01/01/2006 đến hôm nay (02/01/2026).")]),
    ("a date after the report", figure("houses_total", value=3, period_start=date(2024, 1, 1),
                                       period_end=date(2024, 12, 31)),
     [("G", 20, "31/12/2024", "«Đến ngày» (31/12/2024) sau ngày báo cáo (20/05/2024).")]),
    ("text that is no date", figure("houses_total", value=3, period_start="đầu năm 2021",
                                    period_end=date(2022, 1, 1)),
     [("F", 20, "đầu năm 2021", "«đầu năm 2021» không phải một ngày: ghi ngày/tháng/năm")]),
    ("a value without a period", figure("houses_total", value=3),
     [("F", 20, "", "Có số liệu nhưng thiếu ngày"), ("G", 20, "", "Có số liệu nhưng thiếu ngày")]),
    ("a period without a value", figure("houses_total", period_start=date(2021, 1, 1), period_end=date(2022, 1, 1)),
     [("D", 20, "", "Dòng có thời kỳ, ghi chú… nhưng chưa có số liệu")]),
    ("an honours row without award level", figure("honours_total", value=42, period_start=date(2021, 5, 18),
                                                  period_end=date(2024, 5, 15)),
     [("I", 14, "", "Dòng khen thưởng cần «Cấp khen»")]),
    ("an unknown qualifier", figure("houses_total", value=3, qualifier="chừng", period_start=date(2021, 1, 1),
                                    period_end=date(2022, 1, 1)),
     [("E", 20, "chừng", "Không phải một mức độ trong danh sách")]),
    ("a phase the window is not in", figure("houses_total", value=3, phase="ct05", period_start=date(2021, 6, 1),
                                            period_end=date(2022, 1, 1)),
     [("H", 20, "ct05", "Giai đoạn ct05 không khớp thời kỳ đã ghi (thuộc kl01)")]),
    ("a formula", figure("houses_total", value="=SUM(1,2)", period_start=date(2021, 1, 1),
                         period_end=date(2022, 1, 1)),
     [("D", 20, "=SUM(1,2)", "Ô chứa công thức hoặc bắt đầu như công thức")]),
]


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("form", "expected"), [case[1:] for case in BAD_CELLS], ids=[case[0] for case in BAD_CELLS])
def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_stored(seeded_store, editor, template, dataset,
                                                                           form, expected):
    before = row_counts(seeded_store)
    with pytest.raises(FormError) as raised:
        publish_form(seeded_store, editor, read("dien-bien.xlsx", fill(template, form), dataset))
    assert raised.value.code == "invalid_form"
    problems = raised.value.detail["problems"]
    assert [(p.sheet, p.column_letter, p.row, p.value) for p in problems] == [
        (DATA_SHEET, letter, row, value) for letter, row, value, _ in expected]
    assert [p.message.startswith(message) for p, (*_, message) in zip(problems, expected, strict=True)] == [True] * len(
        expected)
    assert row_counts(seeded_store) == before


def test_every_problem_of_a_form_is_named_at_once(template, dataset):
    form = {"header": {"B3": "99 – Tỉnh Không Có", "B5": None, "B6": None},
            "figures": {"houses_total": {"value": "nhiều", "period_end": date(2030, 1, 1)},
                        "money_total": {"value": 5, "period_start": date(2021, 1, 1), "period_end": date(2021, 2, 1),
                                        "notes": "@cmd"}}}
    with pytest.raises(FormError) as raised:
        read("bad.xlsx", fill(template, form, {"C20": "hộ", "A12": "models_everything", "D12": 5}), dataset)
    problems = raised.value.detail["problems"]
    assert [(p.row, p.column_letter, p.column_title, p.value) for p in problems] == [
        (3, "B", "Tỉnh, thành phố (mã GSO)", "99 – Tỉnh Không Có"), (5, "B", "Cơ quan báo cáo", ""),
        (6, "B", "Ngày báo cáo", ""), (12, "A", "Mã chỉ tiêu", "models_everything"),
        (18, "J", "Nguồn số liệu, ghi chú", "@cmd"), (20, "C", "Đơn vị", "hộ"), (20, "D", "Số liệu", "nhiều"),
        (20, "F", "Từ ngày", ""), (20, "G", "Đến ngày", "01/01/2030")]
    assert str(raised.value).startswith("bad.xlsx: 9 problem(s), nothing stored:\nTrang «Báo cáo», dòng 3, cột B "
                                        "(Tỉnh, thành phố (mã GSO)): «99 – Tỉnh Không Có» không phải một tỉnh")
    table = build_problems_table(raised.value, "vi")
    assert list(table.columns) == ["Trang", "Dòng", "Cột", "Giá trị trong ô", "Cần sửa"]
    assert table.iloc[5, :4].tolist() == [DATA_SHEET, 20, "C · Đơn vị", "hộ"]


def test_an_empty_form_is_refused_with_where_to_write(template, dataset):
    with pytest.raises(FormError) as raised:
        read("empty.xlsx", fill(template, {"header": DIEN_BIEN["header"], "figures": {}}), dataset)
    assert [p.describe() for p in raised.value.detail["problems"]] == [
        "Trang «Báo cáo», dòng 9, cột D (Số liệu): Mẫu chưa có số liệu nào: ghi ít nhất một số liệu ở cột «Số liệu»."]


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    return buffer.getvalue()


def other_workbook() -> bytes:
    workbook = Workbook()
    workbook.active.title = DATA_SHEET
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_version(template: bytes, version: str) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    workbook[LISTS_SHEET]["B1"] = version
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BAD_FILES = [
    ("not xlsx by name", "report.xls", lambda t: t, "not_xlsx", "report.xls is not an Excel .xlsx file"),
    ("text named xlsx", "report.xlsx", lambda t: "Toàn tỉnh có 532 mô hình".encode(), "not_xlsx",
     "report.xlsx is not an Excel .xlsx file"),
    ("too large", "big.xlsx", lambda t: b"PK\x03\x04" + bytes(MAX_UPLOAD_BYTES), "too_large",
     "big.xlsx is larger than the 5 MB upload limit"),
    ("broken zip", "broken.xlsx", lambda t: b"PK\x03\x04" + bytes(100), "corrupt",
     "broken.xlsx could not be opened as an .xlsx workbook"),
    ("unpacks too large", "bomb.xlsx", lambda t: zip_bomb(), "unpacks_too_large",
     "bomb.xlsx unpacks to more than 4 MB"),
    ("another workbook", "other.xlsx", lambda t: other_workbook(), "not_our_form",
     "other.xlsx is not the project's reporting form"),
    ("an older form", "old.xlsx", lambda t: with_version(t, "0"), "not_our_form",
     "old.xlsx is version 0 of the reporting form, this is version 1: download the form again"),
]


@pytest.mark.parametrize(("name", "make", "code", "message"), [case[1:] for case in BAD_FILES],
                         ids=[case[0] for case in BAD_FILES])
def test_a_file_that_is_not_our_form_is_refused_before_any_cell_is_read(template, dataset, name, make, code,
                                                                        message):
    with pytest.raises(FormError, match=message) as raised:
        read(name, make(template), dataset)
    assert raised.value.code == code


# 4. Who may publish.

def test_a_viewer_or_an_anonymous_visitor_cannot_publish_a_form(seeded_store, viewer, template, dataset):
    reading = read("dien-bien.xlsx", fill(template, DIEN_BIEN), dataset)
    before = row_counts(seeded_store)
    with pytest.raises(PermissionError, match="user 'viewer_binh' may not publish: editors and admins only"):
        publish_form(seeded_store, viewer, reading)
    with pytest.raises(PermissionError, match="sign in as an editor to publish"):
        publish_form(seeded_store, None, reading)
    assert row_counts(seeded_store) == before


def test_the_preview_shows_each_figure_as_it_will_be_published(template, dataset):
    table = build_rows_table(read("lai-chau.xlsx", fill(template, LAI_CHAU), dataset), "vi")
    assert list(table.columns) == ["Dòng", "Chỉ tiêu", "Số liệu", "Mức độ chính xác", "Từ ngày", "Đến ngày",
                                   "Giai đoạn", "Cấp khen", "Trích dẫn (từ văn bản của mẫu)"]
    assert table.iloc[1].tolist() == [16, "Số cá nhân được khen thưởng", "14 người", "đúng số", "18/05/2021",
                                      "31/12/2022", "kl01", "một lễ, hội nghị tuyên dương",
                                      "Số cá nhân được khen thưởng: 14 người, từ 18/05/2021 đến 31/12/2022"]


# 5. The interface /ingest shows: the download, the figures read, Publish, and links to the province and source.

FORM_APP = """
import streamlit as st

from components.reporting_form import render_form_reading, render_template_download

# The dashboard's pages, registered so the links resolve (app_pages/ is linked beside this script); none is run.
st.navigation([st.Page(f"app_pages/{name}.py", default=name == "ingest") for name in ("ingest", "province", "sources")],
              position="hidden")
render_template_download("vi")
render_form_reading(st.session_state["upload"], st.session_state["engine"], st.session_state["user"], "vi")
"""


class Upload:
    """What st.file_uploader gives for one file (AppTest cannot upload one)."""

    def __init__(self, file_id: str, name: str, data: bytes) -> None:
        self.file_id, self.name, self.data = file_id, name, data

    def getvalue(self) -> bytes:
        return self.data


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_the_ingest_page_shows_the_figures_read_publishes_them_and_links_to_the_province(seeded_store, editor,
                                                                                         template, tmp_path):
    (tmp_path / "app_pages").symlink_to(ROOT / "app_pages")
    (tmp_path / "form_app.py").write_text(FORM_APP, encoding="utf-8")
    at = AppTest.from_file(str(tmp_path / "form_app.py"), default_timeout=60)
    at.session_state["upload"] = Upload("form1", "lai-chau.xlsx", fill(template, LAI_CHAU))
    at.session_state["engine"], at.session_state["user"] = seeded_store, editor
    at.run()
    assert [e.value for e in at.exception] == []
    assert [button.label for button in at.get("download_button")] == ["Tải mẫu báo cáo (XLSX)"]
    assert at.caption[1].value == ("Tỉnh Lai Châu · Ban Tuyên giáo Tỉnh ủy Lai Châu · ngày báo cáo 06/01/2023 · "
                                   "3 số liệu")
    assert at.dataframe[0].value["Số liệu"].tolist() == ["23", "14 người", "120 căn nhà"]
    at.button(key="form_publish_form1").click().run()
    assert [e.value for e in at.exception] == [] and at.error == []
    source_id = load_published_dataset(seeded_store).sources["source_id"].iloc[-1]
    assert [s.value for s in at.success] == [
        f"Đã đăng 3 số liệu của Tỉnh Lai Châu (nguồn {source_id}): 3 mới, 0 sửa, 0 không đổi."]
    links = [(link.proto.label, link.proto.page) for link in at.get("page_link")]
    assert links == [("Tỉnh Lai Châu", "province"), ("Xem nguồn", "sources")]
