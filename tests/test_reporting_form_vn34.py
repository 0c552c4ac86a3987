"""The reporting form in today's structure (vn34): one province's form with its communes pre-filled and locked, the
10-year phase of Chỉ thị 05, commune figures read and refused by sheet, row and column, bounded reading of a hostile
sheet, a second form for the same windows replacing the first, and the command line an office uses."""

import io
import subprocess
import sys
import time
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from briefing.inputs import ViewInputs
from briefing.links import parse_view
from briefing.views import build_view_content
from indicators.domain.gazetteer import load_crosswalk
from indicators.domain.periods import phase_of
from indicators.intake.reporting_form import (
    COMMUNE_SHEET,
    DATA_SHEET,
    FIRST_COMMUNE_ROW,
    FIRST_DATA_ROW,
    GUIDE_SHEET,
    LETTER,
    LISTS_SHEET,
    PHASE_CHOICES,
    FormError,
    build_template,
    communes_of,
    earlier_forms,
    publish_form,
    read_filled_form,
    withdrawn_figures,
)
from indicators.intake.reporting_form.layout import COMMUNE_LETTER
from indicators.store.published import load_history, load_published_dataset, open_store
from indicators.store.reads import StoreReader

pytest_plugins = ["store_fixtures"]

from store_helpers import row_counts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 2)
TEN_YEARS = PHASE_CHOICES["ct05_10y"]
CROSSWALK = load_crosswalk()
DIEN_BIEN, LAI_CHAU = "11", "12"  # vn34 codes (both provinces kept their names on 1 July 2025)
HEADER = {"B5": "Ban Tuyên giáo và Dân vận Tỉnh ủy", "B6": date(2025, 12, 1)}
WHOLE_PROVINCE = {"models_total": {"value": 1250, "period_start": date(2016, 5, 15),
                                   "period_end": date(2025, 11, 30), "phase": TEN_YEARS},
                  "houses_total": {"value": 830, "period_start": date(2021, 5, 18), "period_end": date(2025, 11, 30)}}


@pytest.fixture(scope="module")
def lai_chau_communes():
    return communes_of(LAI_CHAU, CROSSWALK)


@pytest.fixture(scope="module")
def vn34_template(dataset):
    return build_template(dataset, CROSSWALK, admin_version="vn34", province_code=LAI_CHAU)


def commune_figures(communes, values=(12, 7, 30, 4, 9)) -> dict[str, dict]:
    """Five communes' numbers of models over the 10 years of Chỉ thị 05."""
    return {place.code: {"subtype": "models_total", "value": value, "period_start": date(2016, 5, 15),
                         "period_end": date(2025, 11, 30)} for place, value in zip(communes, values, strict=False)}


def fill_vn34(template: bytes, province: dict[str, dict] | None = None, communes: dict[str, dict] | None = None,
              extra: list[dict] = ()) -> bytes:
    """A vn34 form filled: whole-province figures by subtype, commune figures on each commune's row, `extra`
    figures on the open rows after the listed communes (their code written in column A)."""
    workbook = load_workbook(io.BytesIO(template))
    sheet, commune_sheet = workbook[DATA_SHEET], workbook[COMMUNE_SHEET]
    for address, value in HEADER.items():
        sheet[address] = value
    rows = {sheet[f"A{row}"].value: row for row in range(FIRST_DATA_ROW, sheet.max_row + 1) if sheet[f"A{row}"].value}
    for code, cells in (province or {}).items():
        for key, value in cells.items():
            sheet[f"{LETTER[key]}{rows[code]}"] = value
    listed = {commune_sheet[f"A{row}"].value: row for row in range(FIRST_COMMUNE_ROW, commune_sheet.max_row + 1)
              if commune_sheet[f"A{row}"].value}
    open_row = max(listed.values()) + 1
    for code, cells in [*((code, cells) for code, cells in (communes or {}).items()), *((None, e) for e in extra)]:
        row = listed[code] if code else open_row
        open_row += code is None
        for key, value in cells.items():
            commune_sheet[f"{COMMUNE_LETTER[key]}{row}"] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(name: str, data: bytes, dataset):
    return read_filled_form(name, data, dataset, accessed=TODAY, uploaded_by="editor_an", crosswalk=CROSSWALK)


# 1. The template.

def test_a_vn34_form_lists_the_province_s_communes_locked_and_offers_them_on_the_open_rows(vn34_template,
                                                                                          lai_chau_communes):
    workbook = load_workbook(io.BytesIO(vn34_template))
    assert workbook.sheetnames == [DATA_SHEET, COMMUNE_SHEET, GUIDE_SHEET, LISTS_SHEET]
    assert [cell.value for cell in workbook[LISTS_SHEET][1][:4]] == [
        "hoc-tap-lam-theo-bac/mau-bao-cao-tinh", "1", "vn34", LAI_CHAU]
    data = workbook[DATA_SHEET]
    assert (data["B3"].value, data["B3"].protection.locked) == ("12 – Lai Châu", True)
    assert data["B4"].value == "vn34 – 34 tỉnh, thành phố (từ 1/7/2025)"
    sheet = workbook[COMMUNE_SHEET]
    assert len(lai_chau_communes) > 30 and all(place.province_code == LAI_CHAU for place in lai_chau_communes)
    listed = [(sheet[f"A{row}"].value, sheet[f"B{row}"].value)
              for row in range(FIRST_COMMUNE_ROW, FIRST_COMMUNE_ROW + len(lai_chau_communes))]
    assert listed == [(place.code, place.name) for place in lai_chau_communes]
    first, open_row = FIRST_COMMUNE_ROW, FIRST_COMMUNE_ROW + len(lai_chau_communes)
    assert [sheet[f"{c}{first}"].protection.locked for c in "ABCDEFGHIJ"] == [True, True] + [False] * 8
    assert [sheet[f"{c}{open_row}"].protection.locked for c in "AB"] == [False, True]
    assert sheet.protection.sheet and workbook[DATA_SHEET].protection.sheet
    rules = {rule.formula1: str(rule.sqref) for rule in sheet.data_validations.dataValidation}
    assert rules["ds_xa"] == f"A{open_row}:A{open_row + 99}"
    assert rules["ds_ma_chi_tieu"] == f"C{first}:C{open_row + 99}"
    (list_sheet, cells), = workbook.defined_names["ds_xa"].destinations
    offered = [row[0].value for row in workbook[list_sheet][cells.replace("$", "")]]
    assert offered == [f"{place.code} – {place.name}" for place in lai_chau_communes]
    guide = " ".join(str(cell.value) for cell in workbook[GUIDE_SHEET]["A"] if cell.value)
    assert f"Trang «{COMMUNE_SHEET}»" in guide and "34 tỉnh, thành phố" in guide and "ct05_10y" in guide
    assert "số liệu của một xã, phường, đặc khu ghi ở trang «Số liệu cấp xã»" in guide
    assert "không ghi số của một huyện" not in guide  # no district level since 1 July 2025
    assert "mẫu sau thay mẫu trước" in guide


def test_a_vn34_form_needs_a_vn34_province(dataset):
    with pytest.raises(ValueError, match="a vn34 form is one province's"):
        build_template(dataset, CROSSWALK, admin_version="vn34")
    with pytest.raises(ValueError, match="no province '13' in vn34"):  # Yên Bái joined Lào Cai
        build_template(dataset, CROSSWALK, admin_version="vn34", province_code="13")


def test_the_ten_years_of_chi_thi_05_are_a_phase_of_their_own_beside_the_others():
    assert PHASE_CHOICES["ct05_10y"] == "ct05_10y – 10 năm thực hiện Chỉ thị 05 (2016–2026)"
    assert phase_of("2016-05-15", "2026-05-14") == "ct05_10y"
    assert phase_of("2016-01-01", "2025-12-31") == "ct05_10y"
    assert [phase_of("2021-05-18", "2024-05-20"), phase_of("2016-05-15", "2021-05-17"),
            phase_of("2006-11-07", "2026-01-01"), phase_of("2020-01-01", "2023-12-31")] == ["kl01", "ct05", "", ""]


# 2. Reading commune figures.

def test_commune_figures_are_read_with_their_communes_in_vn34(vn34_template, lai_chau_communes, dataset):
    figures = commune_figures(lai_chau_communes)
    reading = read("lai-chau.xlsx", fill_vn34(vn34_template, WHOLE_PROVINCE, figures), dataset)
    obs = reading.publication["observations"]
    assert set(obs["admin_version"]) == {"vn34"} and set(obs["province_code"]) == {LAI_CHAU}
    by_place = obs.set_index("commune_code")
    assert by_place.loc["", ["subtype", "value", "phase"]].values.tolist() == [
        ["models_total", 1250.0, "ct05_10y"], ["houses_total", 830.0, "kl01"]]
    communes = by_place.drop(index="")
    names = {place.code: place.name for place in lai_chau_communes}
    assert communes[["place_name", "value", "phase"]].values.tolist() == [
        [names[code], float(cells["value"]), "ct05_10y"] for code, cells in figures.items()]
    first = next(iter(figures))
    assert communes.at[first, "evidence"] == (f"{names[first]} – Số mô hình học tập và làm theo Bác: 12, từ "
                                              "15/05/2016 đến 30/11/2025")
    assert communes.at[first, "evidence"] in reading.text


def test_a_second_figure_of_a_commune_goes_on_an_open_row(vn34_template, lai_chau_communes, dataset):
    place = lai_chau_communes[3]
    extra = {"commune_code": f"{place.code} – {place.name}", "subtype": "houses_total", "value": 5,
             "period_start": date(2025, 7, 1), "period_end": date(2025, 11, 30)}
    reading = read("lai-chau.xlsx", fill_vn34(vn34_template, communes=commune_figures(lai_chau_communes),
                                              extra=[extra]), dataset)
    rows = [(row.commune_code, row.commune_name, row.subtype, row.value) for row in reading.rows]
    assert rows[-1] == (place.code, place.name, "houses_total", 5.0)


def test_a_commune_of_another_province_is_refused_by_sheet_row_and_column_and_nothing_is_stored(
        seeded_store, editor, vn34_template, lai_chau_communes, dataset):
    elsewhere = communes_of(DIEN_BIEN, CROSSWALK)[0]
    bad = [{"commune_code": elsewhere.code, "subtype": "models_total", "value": 3, "period_start": date(2021, 1, 1),
            "period_end": date(2025, 1, 1)},
           {"commune_code": "ngã ba", "subtype": "models_total", "value": 3, "period_start": date(2021, 1, 1),
            "period_end": date(2025, 1, 1)},
           {"commune_code": lai_chau_communes[0].code, "subtype": "models_total", "value": 1,
            "period_start": date(2016, 5, 15), "period_end": date(2025, 11, 30)}]
    before = row_counts(seeded_store)
    with pytest.raises(FormError) as raised:
        publish_form(seeded_store, editor, read("bad.xlsx", fill_vn34(
            vn34_template, communes=commune_figures(lai_chau_communes), extra=bad), dataset))
    open_row = FIRST_COMMUNE_ROW + len(lai_chau_communes)
    assert [problem.describe() for problem in raised.value.detail["problems"]] == [
        f"Trang «{COMMUNE_SHEET}», dòng {open_row}, cột A (Mã xã): Mã xã {elsewhere.code} không thuộc Lai Châu: "
        "chọn trong danh sách các xã, phường, đặc khu của tỉnh.",
        f"Trang «{COMMUNE_SHEET}», dòng {open_row + 1}, cột A (Mã xã): «ngã ba» không phải một mã xã: chọn trong "
        "danh sách các xã, phường, đặc khu của Lai Châu.",
        f"Trang «{COMMUNE_SHEET}», dòng {open_row + 2}, cột C (Mã chỉ tiêu): Trùng với dòng {FIRST_COMMUNE_ROW}: "
        "cùng chỉ tiêu, nơi, thời kỳ và cấp khen; giữ một dòng."]
    assert row_counts(seeded_store) == before


def test_a_form_without_its_report_date_still_has_its_commune_sheet_checked(vn34_template, dataset):
    data = fill_vn34(vn34_template, extra=[{"commune_code": "99999", "subtype": "models_total", "value": 3,
                                            "period_start": date(2021, 1, 1), "period_end": date(2025, 1, 1)}])
    workbook = load_workbook(io.BytesIO(data))
    workbook[DATA_SHEET]["B6"] = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(FormError) as raised:
        read("no-date.xlsx", buffer.getvalue(), dataset)
    assert [(p.sheet, p.column_letter, p.message[:24]) for p in raised.value.detail["problems"]] == [
        (DATA_SHEET, "B", "Chưa ghi ngày báo cáo."), (COMMUNE_SHEET, "A", "Mã xã 99999 không thuộc ")]


# 3. Bounded work for any file (issue 22, item 1).

def with_far_cell(template: bytes | None) -> bytes:
    """A workbook (the form, or a bare one) with a value in the last cell a sheet can have, XFD1048576: its stated
    dimension is A1:XFD1048576."""
    workbook = load_workbook(io.BytesIO(template)) if template else Workbook()
    sheet = workbook[DATA_SHEET] if template else workbook.active
    sheet["A1"] = sheet["A1"].value or "x"
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("form", ["bare workbook", "filled form"])
def test_a_sheet_stating_a_million_rows_is_read_in_bounded_time_and_memory(form, vn34_template, lai_chau_communes,
                                                                          dataset):
    data = with_far_cell(None if form == "bare workbook" else fill_vn34(
        vn34_template, communes=commune_figures(lai_chau_communes)))
    assert len(data) < 40_000
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(FormError) as raised:
        read("far.xlsx", data, dataset)
    elapsed, (_, peak) = time.perf_counter() - started, tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed <= 2.0 and peak < 60 * 2**20
    if form == "bare workbook":
        assert raised.value.code == "not_our_form"
    else:
        assert [problem.describe() for problem in raised.value.detail["problems"]] == [
            "Trang «Báo cáo», dòng 1048576, cột A (Mã chỉ tiêu): Mẫu chỉ đọc đến dòng 300, cột J: xóa nội dung "
            "ngoài bảng từ dòng này trở đi."]


def with_rows_in_guide(template: bytes, rows: str) -> bytes:
    """The form with `rows` (sheet XML) at the top of the instructions sheet's data."""
    source, buffer = zipfile.ZipFile(io.BytesIO(template)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":
                part = part.replace(b"<sheetData>", b"<sheetData>" + rows.encode(), 1)
            package.writestr(item, part)
    return buffer.getvalue()


@pytest.mark.parametrize("rows", ['<row r="1">' + '<c t="n"><v>1</v></c>' * 150_000 + "</row>", "<row/>" * 500_000],
                         ids=["150,000 cells in one row", "500,000 empty rows"])
def test_a_sheet_of_many_small_elements_is_refused_in_bounded_time(rows, vn34_template, dataset):
    data = with_rows_in_guide(vn34_template, rows)
    assert len(data) < 100_000
    started = time.perf_counter()
    with pytest.raises(FormError) as raised:
        read("many.xlsx", data, dataset)
    assert raised.value.code == "too_many_cells" and time.perf_counter() - started <= 2.0


def test_a_workbook_of_too_many_cells_is_refused_before_it_is_read_through(dataset):
    workbook = Workbook()
    for _ in range(260):
        workbook.active.append(list(range(200)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(FormError) as raised:
        read("many.xlsx", buffer.getvalue(), dataset)
    assert raised.value.code == "too_many_cells"


# 4. A second form for the same windows replaces the first.

def test_a_second_form_for_the_same_windows_replaces_the_first_kept_in_the_history(seeded_store, editor,
                                                                                  vn34_template, lai_chau_communes,
                                                                                  dataset):
    figures = commune_figures(lai_chau_communes)
    first = read("lai-chau.xlsx", fill_vn34(vn34_template, WHOLE_PROVINCE, figures), dataset)
    publish_form(seeded_store, editor, first)
    corrected = {**figures, next(iter(figures)): {**next(iter(figures.values())), "value": 15}}
    del corrected[list(figures)[-1]]  # the corrected form leaves one commune out
    second = read("lai-chau-2.xlsx", fill_vn34(vn34_template, WHOLE_PROVINCE, corrected), dataset)
    published = load_published_dataset(seeded_store)
    left_out = first.publication["observations"].set_index("commune_code").at[list(figures)[-1], "obs_id"]
    assert (earlier_forms(published, second), withdrawn_figures(published, second)) == ([first.source_id],
                                                                                        [left_out])
    before = row_counts(seeded_store)
    counts = publish_form(seeded_store, editor, second)
    assert counts["observations"] == {"added": 0, "changed": 6, "unchanged": 0, "withdrawn": 1}
    published = load_published_dataset(seeded_store).observations
    mine = published[published["source_id"].isin([first.source_id, second.source_id])]
    assert set(mine["source_id"]) == {second.source_id} and len(mine) == 6
    assert mine.set_index("commune_code").at[next(iter(figures)), "value"] == 15.0
    assert row_counts(seeded_store)["observations"] == before["observations"] + 6  # new versions, none beside
    changed_id = mine.set_index("commune_code").at[next(iter(figures)), "obs_id"]
    history = load_history(seeded_store, changed_id)
    assert history[["version", "is_current", "source_id", "value"]].values.tolist() == [
        [1, False, first.source_id, 12.0], [2, True, second.source_id, 15.0]]
    assert load_history(seeded_store, left_out)["is_current"].tolist() == [False]


# 5. The command line of an office that receives the provinces' files by mail: the issue's check, end to end.

def run_cli(env: dict, module: str, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, check=False, timeout=300)


def test_an_office_writes_two_provinces_forms_and_publishes_them_from_the_command_line(tmp_path, dataset, gazetteer):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'office.sqlite'}", "PATH": "/usr/bin:/bin"}
    made = run_cli(env, "indicators.store.accounts", "create", "office", "--role", "editor", "--password-stdin",
                   stdin="a long office password\n")
    assert made.returncode == 0, made.stderr
    for code in (DIEN_BIEN, LAI_CHAU):
        written = run_cli(env, "indicators.intake.reporting_form", "template", "--province", code, "--version", "vn34",
                          "--out", tmp_path / f"{code}.xlsx")
        assert written.returncode == 0, written.stderr
    dien_bien = tmp_path / "dien-bien.xlsx"
    dien_bien.write_bytes(fill_vn34((tmp_path / "11.xlsx").read_bytes(), WHOLE_PROVINCE))
    communes = communes_of(LAI_CHAU, CROSSWALK)
    lai_chau = tmp_path / "lai-chau.xlsx"
    lai_chau.write_bytes(fill_vn34((tmp_path / "12.xlsx").read_bytes(), communes=commune_figures(communes)))
    published = run_cli(env, "indicators.intake.reporting_form", "publish", dien_bien, lai_chau, "--by", "office",
                        "--note", "báo cáo 10 năm Chỉ thị 05")
    assert published.returncode == 0, published.stderr
    assert published.stdout.splitlines()[1].startswith(f"{lai_chau}: published 5 figures of Lai Châu (vn34, source ")
    store = open_store(env["DATABASE_URL"])
    obs = load_published_dataset(store).observations
    forms = obs[obs["source_id"].str.startswith("form_")]
    assert forms[["admin_version", "province_code", "commune_code", "subtype", "value"]].values.tolist() == [
        ["vn34", DIEN_BIEN, "", "models_total", 1250.0], ["vn34", DIEN_BIEN, "", "houses_total", 830.0],
        *(["vn34", LAI_CHAU, place.code, "models_total", float(value)]
          for place, value in zip(communes, (12, 7, 30, 4, 9), strict=False))]
    # Điện Biên's whole-province figure stands on the 34-province overview's shared scale of the 10-year review.
    inputs = ViewInputs(StoreReader(store), CROSSWALK, gazetteer, lambda version: {}, lambda: None)
    content = build_view_content(parse_view("/?indicator=models_built&version=vn34&phase=ct05_10y"), inputs)
    on_map = content.places.set_index("province_code").loc[DIEN_BIEN]
    assert (on_map["status"], on_map["value"], on_map["period_end"]) == ("shared", 1250.0, "2025-11-30")

    # A second form for the same period replaces; a bad commune code is refused with its cell and stores nothing,
    # while the good file given with it is still published.
    again = tmp_path / "lai-chau-2.xlsx"
    again.write_bytes(fill_vn34((tmp_path / "12.xlsx").read_bytes(),
                                communes=commune_figures(communes, (13, 7, 30, 4, 9))))
    bad = tmp_path / "lai-chau-bad.xlsx"
    bad.write_bytes(fill_vn34((tmp_path / "12.xlsx").read_bytes(), extra=[
        {"commune_code": "99999", "subtype": "models_total", "value": 3, "period_start": date(2021, 1, 1),
         "period_end": date(2025, 1, 1)}]))
    before = row_counts(store)
    mixed = run_cli(env, "indicators.intake.reporting_form", "publish", bad, again, "--by", "office")
    assert mixed.returncode == 1
    open_row = FIRST_COMMUNE_ROW + len(communes)
    assert mixed.stderr.splitlines() == [
        f"{bad}: Trang «{COMMUNE_SHEET}», dòng {open_row}, cột A (Mã xã): Mã xã 99999 không thuộc Lai Châu: "
        "chọn trong danh sách các xã, phường, đặc khu của tỉnh. (nothing stored)"]
    assert mixed.stdout.startswith(f"{again}: published 5 figures of Lai Châu")
    assert row_counts(store)["observations"] == before["observations"] + 5  # a new version of each, none beside
    obs = load_published_dataset(store).observations
    lai_chau_rows = obs[(obs["province_code"] == LAI_CHAU) & obs["source_id"].str.startswith("form_")]
    assert lai_chau_rows["value"].tolist() == [13.0, 7.0, 30.0, 4.0, 9.0]

    refused = run_cli(env, "indicators.intake.reporting_form", "publish", again, "--by", "nobody")
    assert (refused.returncode, refused.stderr) == (1, f"{again}: 'nobody' is not an editor account (python -m "
                                                       "indicators.store.accounts create nobody --role editor) "
                                                       "(nothing "
                                                       "stored)\n")


def test_the_template_command_refuses_to_replace_a_symlink_and_writes_a_regular_file(tmp_path):
    from indicators.intake.reporting_form.cli import main

    target = tmp_path / "kept.txt"
    target.write_text("kept")
    (tmp_path / "link.xlsx").symlink_to(target)
    assert main(["template", "--province", "12", "--version", "vn34", "--out", str(tmp_path / "link.xlsx")]) == 1
    assert target.read_text() == "kept" and (tmp_path / "link.xlsx").is_symlink()
    assert main(["template", "--province", "12", "--version", "vn34", "--out", str(tmp_path / "form.xlsx")]) == 0
    assert load_workbook(tmp_path / "form.xlsx")[DATA_SHEET]["B3"].value == "12 – Lai Châu"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["form.xlsx", "kept.txt", "link.xlsx"]


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_the_ingest_page_shows_commune_figures_with_their_communes_and_publishes_them(seeded_store, editor, tmp_path,
                                                                                     vn34_template, lai_chau_communes):
    from streamlit.testing.v1 import AppTest
    from test_reporting_form import FORM_APP, Upload


    (tmp_path / "app_pages").symlink_to(ROOT / "app_pages")
    pages = '("ingest", "province", "sources")'
    assert pages in FORM_APP
    (tmp_path / "form_app.py").write_text(FORM_APP.replace(pages, '("ingest", "overview", "province", "sources")'),
                                          encoding="utf-8")
    at = AppTest.from_file(str(tmp_path / "form_app.py"), default_timeout=60)
    data = fill_vn34(vn34_template, communes=commune_figures(lai_chau_communes))
    at.session_state["upload"] = Upload("form34", "lai-chau.xlsx", data)
    at.session_state["engine"], at.session_state["user"] = seeded_store, editor
    at.run()
    assert [e.value for e in at.exception] == []
    shown = at.dataframe[0].value
    assert shown["Chỉ tiêu"].tolist() == [f"{place.name} – Số mô hình học tập và làm theo Bác"
                                          for place in lai_chau_communes[:5]]
    at.button(key="form_publish_form34").click().run()
    assert [e.value for e in at.exception] == [] and at.error == []
    assert at.success[0].value.startswith("Đã đăng 5 số liệu của Lai Châu")
    link = at.get("page_link")[0].proto
    assert (link.label, link.page) == ("Lai Châu", "province")
    assert "province=12&version=vn34" in link.query_string
