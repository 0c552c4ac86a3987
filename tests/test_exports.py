"""Exports read back with their own libraries: CSV with BOM, XLSX sheets and escaping, view links, snapshot images."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from PIL import Image, ImageStat

from briefing.content import strict
from briefing.exports import (
    build_export,
    build_figure_table,
    build_file_name,
    build_model_rows,
    export_rows,
    neutralise_formula,
    to_csv_bytes,
    to_xlsx_bytes,
)
from briefing.images import make_snapshot_figure, render_image
from briefing.inputs import load_view_inputs
from briefing.links import Notice, View, ViewError, parse_view
from briefing.pages import COMPARE, OVERVIEW
from briefing.views import build_view_content
from indicators.domain.population import load_denominators

ROOT = Path(__file__).resolve().parent.parent
PROVENANCE = ["source_id", "source_title", "evidence", "qualifier", "scope", "period_start", "period_end", "period"]


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


@pytest.fixture(scope="module")
def province_content(inputs):
    return build_view_content(parse_view("/province?province=11&district=096"), inputs)


def test_view_links_parse_into_page_and_parameters():
    assert parse_view("/") == View(OVERVIEW, {})
    assert parse_view("/?indicator=models_built&version=vn34&lang=en") == View(
        OVERVIEW, {"indicator": "models_built", "version": "vn34", "lang": "en"})
    assert parse_view("/compare?preset=custom&indicators=a,b&provinces=11,04").get_list("indicators") == ["a", "b"]
    assert parse_view("/compare?preset=custom&provinces=11,04").page == COMPARE


def test_links_from_mail_and_chat_keep_their_view_and_say_what_was_ignored():
    view = parse_view("/province?province=11&utm_source=mail&fbclid=x1&province=12")
    assert view.params == {"province": "11"}
    assert view.notices == (Notice("unknown_param", "utm_source", "mail"), Notice("unknown_param", "fbclid", "x1"),
                            Notice("duplicate_param", "province", "12"))
    assert view.link == "/province?province=11"


@pytest.mark.parametrize(("link", "message"), [
    ("/nope", "Unknown page '/nope'"),
    ("/ingest", "Unknown page '/ingest'"),
    ("/?lang=fr", "Parameter lang='fr' is not valid for /"),
    ("/province?province=zz", "Parameter province='zz' is not valid for /province"),
    ("/?indicator=bogus", "Parameter indicator='bogus' is not valid for /"),
    ("/province?province=11&district=999", "Parameter district='999' is not valid for /province"),
    ("/compare?indicators=models_built,bogus", "Parameter indicators='bogus' is not valid for /compare"),
    ("/?indicator=exemplars_honoured&phase=ct99", "Parameter phase='ct99' is not valid for /"),
])
def test_bad_views_are_refused_by_the_strict_rule_of_the_command_line(inputs, link, message):
    with pytest.raises(ViewError) as error:
        strict(build_view_content(parse_view(link), inputs))
    assert message in str(error.value)


def test_a_bad_value_on_screen_is_the_default_with_a_notice(inputs):
    content = build_view_content(parse_view("/?indicator=bogus"), inputs)
    assert content.choices["indicator"].value == "exemplars_honoured"  # the opening view: the widest comparison
    assert content.notices == [Notice("bad_value", "indicator", "bogus")]


def test_formulas_are_neutralised():
    assert [neutralise_formula(c) for c in ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx", "hơn 532", 5, "–"]] == [
        "'=1+1", "'+33", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "hơn 532", 5, "–"]


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_view_csv_says_per_figure_whether_it_is_on_the_shared_scale_and_why_not(inputs):
    content = build_view_content(parse_view("/?indicator=exemplars_honoured&window=years_2_3&utm_source=mail"),
                                 inputs)
    rows = {r["obs_id"]: r for r in read_csv(build_export(content, "csv_view", inputs))}
    assert set(PROVENANCE) <= set(next(iter(rows.values())))
    shared = {r["obs_id"] for r in rows.values() if r["on_shared_scale"] == "true"}
    assert {rows[i]["province_code"] for i in shared} == {"08", "15", "42", "79"}  # the 2–3-year windows
    assert rows["46_ha-tinh-so-ket-3-nam-ket-luan-01-2024-001"]["on_shared_scale"] == "true"
    assert rows["nam-dinh-tuyen-duong-60-dien-hinh-2023-en-001"]["why_not"] == (
        "cửa sổ một sự kiện hoặc một năm, khác loại với thang đang so")
    soc_trang = [r for r in rows.values() if r["province_code"] == "94"]
    assert {(r["on_shared_scale"], r["why_not"]) for r in soc_trang} == {("false", "khen thưởng tính ở cấp khác")}
    assert all(r["why_not"] for r in rows.values() if r["on_shared_scale"] == "false")
    assert rows["46_ha-tinh-so-ket-3-nam-ket-luan-01-2024-001"]["source_url"].startswith("https://cadn.com.vn/")


def test_a_rate_view_csv_carries_each_shared_figure_s_rate_per_100000_people(inputs):
    content = build_view_content(parse_view("/?indicator=exemplars_honoured&window=years_2_3&rate=per100k"), inputs)
    rows = read_csv(build_export(content, "csv_view", inputs))
    population = load_denominators(inputs.frame("vn63"))["42"].population  # Hà Tĩnh, GSO 2023
    ha_tinh = next(r for r in rows if r["obs_id"] == "46_ha-tinh-so-ket-3-nam-ket-luan-01-2024-001")
    assert float(ha_tinh["rate_value"]) == pytest.approx(42 / population * 100_000, abs=1e-4)
    assert ha_tinh["rate_unit"] == "trên 100.000 dân"
    assert {r["rate_value"] for r in rows if r["on_shared_scale"] == "false"} == {""}


def test_province_csv_holds_its_figures_with_provenance_and_no_float_noise(inputs, province_content):
    rows = read_csv(build_export(province_content, "csv_view", inputs))
    assert [(r["value"], r["value_text"], r["scope"]) for r in rows] == [
        ("22", "22", "Hội LHPN huyện Mường Nhé"), ("9", "9 trong 11", "Hội LHPN huyện Mường Nhé")]
    assert rows[0]["evidence"] == "thành lập được 22 mô hình"
    assert rows[0]["subtype_title"] == "Số mô hình học tập và làm theo Bác"


def test_xlsx_has_figures_models_and_key_sheets_with_vietnamese_headers_and_escaped_formulas(inputs,
                                                                                              province_content):
    figures = build_figure_table(*export_rows(province_content, inputs)[:1], inputs.catalogue)
    figures.loc[0, "evidence"] = "=HYPERLINK(\"http://x\")"
    models = build_model_rows(province_content.models, inputs)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(figures, models, inputs.catalogue)))
    assert book.sheetnames == ["Số liệu", "Mô hình", "Mô tả"]
    sheet = book["Số liệu"]
    headers, codes = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert headers[:3] == ["Mã số liệu", "Mã chỉ tiêu", "Chỉ tiêu"] and set(PROVENANCE) <= set(codes)
    assert sheet.row_dimensions[2].hidden and sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    evidence = sheet.cell(row=3, column=codes.index("evidence") + 1)
    assert evidence.value == "'=HYPERLINK(\"http://x\")" and evidence.data_type == "s"
    value = sheet.cell(row=3, column=codes.index("value") + 1)
    assert (value.value, value.number_format) == (22, "#,##0.##")
    model_codes = [c.value for c in book["Mô hình"][2]]
    assert book["Mô hình"].cell(row=3, column=model_codes.index("district") + 1).value == "Huyện Mường Nhé"
    key_text = [c.value for row in book["Mô tả"].iter_rows() for c in row if c.value]
    assert "evidence" in key_text and "Lan tỏa mô hình hay, sáng tạo trong học và làm theo Bác" in key_text


def test_all_scope_exports_every_figure_and_model(inputs, province_content):
    obs, models = export_rows(province_content, inputs, "all")
    figures = build_figure_table(obs, inputs.catalogue)
    # every figure once: the 15 reported again by another edition or outlet are named in also_sources
    assert len(figures) == len(inputs.store.observations()) - 15 and (figures["also_sources"] != "").sum() == 15
    assert len(build_model_rows(models, inputs)) == len(inputs.store.models())


def test_the_all_data_download_reads_every_figure_when_built_and_the_inputs_keep_none_of_them(province_content):
    """The export bar builds a download on click (components/export_widgets.py); once made, the rows it read are let
    go: the inputs a process keeps for its views hold no frame of every figure."""
    inputs = load_view_inputs()
    every = len(inputs.store.observations())
    data = build_export(province_content, "csv_all", inputs)
    assert len(read_csv(data)) == every - 15  # the 15 repeats counted once, as above
    kept = [value for value in inputs._memo.values() if isinstance(value, pd.DataFrame)]
    assert kept and max(len(frame) for frame in kept) < every - 15


def test_one_csv_writer_neutralises_every_table_it_is_given():
    table = pd.DataFrame({"title": ["=cmd|' /C calc'!A0", "@SUM(1)", "hơn 532"], "value": [1.0, 2.5, None]})
    data = to_csv_bytes(table)
    assert read_csv(data) == [{"title": "'=cmd|' /C calc'!A0", "value": "1"}, {"title": "'@SUM(1)", "value": "2.5"},
                              {"title": "hơn 532", "value": ""}]


@pytest.mark.parametrize(("link", "kind", "name"), [
    ("/province?province=51&district=524", "csv_view", "hoc-lam-theo-bac-province-quang-ngai-binh-son-2026-11-30.csv"),
    ("/province?province=79&lang=en", "xlsx_all", "hoc-lam-theo-bac-province-ho-chi-minh-2026-11-30-toan-bo.xlsx"),
    ("/?indicator=models_built", "png_square", "hoc-lam-theo-bac-overview-models-built-2026-11-30-vuong.png"),
    ("/?version=vn34&indicator=models_built", "pptx", "hoc-lam-theo-bac-overview-vn34-models-built-2026-11-30.pptx"),
    ("/models?province=11,04", "csv_view", "hoc-lam-theo-bac-models-dien-bien-cao-bang-2026-11-30.csv"),
    ("/trends", "svg", "hoc-lam-theo-bac-trends-exemplars-honoured-ho-chi-minh-yen-bai-2026-11-30.svg"),
    ("/compare", "csv_view", "hoc-lam-theo-bac-compare-exemplars-honoured-2026-11-30.csv"),  # 36 provinces: none named
    ("/sources?source=000_7d6bc60bc6dc7dcc", "csv_all",
     "hoc-lam-theo-bac-sources-000-7d6bc60bc6dc7dcc-2026-11-30-toan-bo.csv"),
])
def test_export_file_names_say_the_view_its_indicator_and_places_without_diacritics(inputs, link, kind, name):
    content = build_view_content(parse_view(link), inputs)
    assert build_file_name(content, kind, inputs, "2026-11-30") == name


def test_svg_snapshot_carries_title_legend_archipelagos_and_footer(inputs):
    content = build_view_content(parse_view("/?indicator=exemplars_honoured"), inputs)
    svg = render_image(make_snapshot_figure(content), "svg").decode("utf-8")
    for text in ["Nguồn:", "Điển hình được tuyên dương, khen thưởng", "Chưa có số liệu", "Phạm vi khác",
                 "Đơn vị hành chính: 63 tỉnh", "Quần đảo Hoàng Sa", "(Đà Nẵng)", "Quần đảo Trường Sa", "(Khánh Hòa)"]:
        assert text in svg


def test_snapshot_cli_writes_a_1920_by_1080_png_that_is_not_blank(tmp_path):
    out = tmp_path / "overview.png"
    result = subprocess.run([sys.executable, "-m", "components.snapshot", "--view", "/", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = Image.open(out).convert("L")
    assert image.size == (1920, 1080)
    assert ImageStat.Stat(image).stddev[0] > 20
    assert image.histogram()[255] < 0.97 * 1920 * 1080


@pytest.mark.parametrize(("args", "message"), [
    (["--view", "/nope", "--out", "x.png"], "error: Unknown page '/nope'"),
    (["--view", "/", "--out", "x.gif"], "error: Unknown file extension '.gif'"),
])
def test_snapshot_cli_refuses_bad_input_with_status_2(tmp_path, args, message):
    result = subprocess.run([sys.executable, "-m", "components.snapshot", *args], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert (result.returncode, result.stderr.strip().splitlines()[-1].startswith(message)) == (2, True)
