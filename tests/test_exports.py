"""Exports read back with their own libraries: CSV with BOM, XLSX sheets and escaping, view links, snapshot images."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from PIL import Image, ImageStat

from briefing.exports import build_export, build_export_table, export_rows, neutralise_formula, to_xlsx_bytes
from briefing.images import make_snapshot_figure, render_image
from briefing.links import Notice, View, ViewError, parse_view
from briefing.pages import COMPARE, OVERVIEW
from briefing.places import describe_values
from briefing.tables import compute_overview_kpis
from briefing.views import build_view_content, load_view_inputs, strict
from indicators.queries import compute_province_values, observations_with_titles

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
    assert parse_view("/?indicator=models_built_count&version=vn34&lang=en") == View(
        OVERVIEW, {"indicator": "models_built_count", "version": "vn34", "lang": "en"})
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
    ("/compare?indicators=models_built_count,bogus", "Parameter indicators='bogus' is not valid for /compare"),
])
def test_bad_views_are_refused_by_the_strict_rule_of_the_command_line(inputs, link, message):
    with pytest.raises(ViewError) as error:
        strict(build_view_content(parse_view(link), inputs))
    assert message in str(error.value)


def test_a_bad_value_on_screen_is_the_default_with_a_notice(inputs):
    content = build_view_content(parse_view("/?indicator=bogus"), inputs)
    assert content.choices["indicator"].value == "models_built_count"
    assert content.notices == [Notice("bad_value", "indicator", "bogus")]


def test_overview_content_matches_the_page(inputs):
    content = build_view_content(parse_view("/"), inputs)
    values = compute_province_values(inputs.dataset, "models_built_count", inputs.frame("vn63"))
    values = describe_values(values, observations_with_titles(inputs.dataset), "vi")
    assert content.title == "Số mô hình học tập và làm theo Bác"
    assert content.kpis == compute_overview_kpis(values, "vi")
    assert content.kpis[0]["value"] == "hơn 532"
    assert list(content.table["Tỉnh"])[0] == "Tỉnh Điện Biên"
    assert set(content.table["Tỉnh"]) == set(values.loc[values["status"] != "no_data", "province_name"])
    assert set(content.sources["source_id"]) == set(content.obs["source_id"])


def test_formulas_are_neutralised():
    assert [neutralise_formula(c) for c in ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx", "hơn 532", 5, "–"]] == [
        "'=1+1", "'+33", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "hơn 532", 5, "–"]


def test_csv_has_bom_long_rows_and_provenance(inputs):
    data = build_export(build_view_content(parse_view("/province?province=11&district=096"), inputs), "csv_view",
                        inputs)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert set(PROVENANCE) <= set(rows[0])
    assert [(r["record_type"], r["value_text"], r["scope"]) for r in rows] == [
        ("figure", "22", "Hội LHPN huyện Mường Nhé"), ("figure", "9/11", "Hội LHPN huyện Mường Nhé"),
        ("model", "Biến rác thải thành tiền", "Hội LHPN huyện Mường Nhé")]
    assert rows[0]["evidence"] == "thành lập được 22 mô hình"


def test_xlsx_has_data_and_key_sheets_with_escaped_formulas(inputs, province_content):
    table = build_export_table(*export_rows(province_content, inputs.dataset), inputs.dataset)
    table.loc[0, "evidence"] = "=HYPERLINK(\"http://x\")"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(table, inputs.dataset)))
    assert book.sheetnames == ["Dữ liệu", "Mô tả"]
    data = book["Dữ liệu"]
    header = [c.value for c in data[1]]
    assert set(PROVENANCE) <= set(header)
    evidence = data.cell(row=2, column=header.index("evidence") + 1)
    assert evidence.value == "'=HYPERLINK(\"http://x\")" and evidence.data_type == "s"
    key_text = [c.value for row in book["Mô tả"].iter_rows() for c in row if c.value]
    assert "evidence" in key_text and "Lan tỏa mô hình hay, sáng tạo trong học và làm theo Bác" in key_text


def test_all_scope_exports_every_figure_and_model(inputs, province_content):
    table = build_export_table(*export_rows(province_content, inputs.dataset, "all"), inputs.dataset)
    assert (table["record_type"] == "figure").sum() == len(inputs.dataset.observations)
    assert (table["record_type"] == "model").sum() == len(inputs.dataset.models)


def test_svg_snapshot_carries_title_legend_archipelagos_and_footer(inputs):
    content = build_view_content(parse_view("/"), inputs)
    svg = render_image(make_snapshot_figure(content), "svg").decode("utf-8")
    for text in ["Nguồn:", "Số mô hình học tập và làm theo Bác", "Chưa có số liệu", "Phạm vi khác",
                 "Đơn vị hành chính: 63 tỉnh"]:
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
