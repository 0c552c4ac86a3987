"""Communes named in reports of today's structure (from 1 July 2025) found and coded in vn34: 'xã Mường Nhé',
'phường Đông Hà', 'đặc khu Phú Quốc'; a name several communes share is left for the reviewer to choose."""

from pathlib import Path

import pytest

from indicators.intake.extraction.readers import read_report_bytes
from indicators.intake.extraction.scopes import build_report_places, scope_of_place
from indicators.intake.ingest import candidates_from_report, resolve_places

REPORT = """URL: https://example.test/quang-tri-10-nam-chi-thi-05
DATE: {date}

Quảng Trị tổng kết 10 năm thực hiện Chỉ thị 05-CT/TW

Sau 10 năm, toàn tỉnh Quảng Trị có hơn 1.200 mô hình học tập và làm theo Bác. Phường Đông Hà có 45 mô hình tiêu biểu \
được biểu dương. Đặc khu Phú Quốc đã xây dựng 18 mô hình. Xã Tân Phú có 7 mô hình học tập và làm theo Bác. Tỉnh \
Quảng Trị đã khen thưởng 320 tập thể, cá nhân.
"""


def scopes_of(text: str, report_date: str) -> dict[str, tuple]:
    places = build_report_places(text, report_date)
    return {mention.name: (mention.place.admin_version if mention.place else None,
                           mention.place.code if mention.place else None, mention.ambiguous,
                           scope_of_place(mention, places)) for mention in places.mentions}


def test_communes_of_a_post_2025_report_are_coded_in_today_s_list():
    found = scopes_of("Xã Mường Nhé, tỉnh Điện Biên có 12 mô hình; xã Mường Nhé làm tốt. Phường Đông Hà có 30 mô "
                      "hình, đặc khu Phú Quốc 8 mô hình, xã Tân Phú 5 mô hình.", "2025-09-01")
    assert {name: found[name][:3] for name in ("Mường Nhé", "Đông Hà", "Phú Quốc", "Tân Phú")} == {
        "Mường Nhé": ("vn34", "03160", False), "Đông Hà": ("vn34", "19333", False),
        "Phú Quốc": ("vn34", "31078", False), "Tân Phú": (None, None, True)}
    scope = found["Phú Quốc"][3]
    assert (scope.level, scope.name, scope.province_code, scope.resolved) == ("commune", "đặc khu Phú Quốc", "91",
                                                                            True)
    assert found["Tân Phú"][3].resolved is False  # several communes are called Tân Phú: the reviewer chooses


def test_a_report_before_july_2025_keeps_the_communes_of_its_own_time():
    found = scopes_of("Xã Mường Nhé, tỉnh Điện Biên có 12 mô hình; xã Mường Nhé làm tốt.", "2024-09-01")
    assert found["Mường Nhé"][:2] == ("vn63", "03160")
    assert found["Mường Nhé"][3].district_code == "096"  # huyện Mường Nhé, abolished in 2025


def test_xa_nam_po_is_not_in_today_s_list_and_is_not_coded():
    """Nậm Pồ was a district (huyện Nậm Pồ); the 2025 list has no commune of that name: nothing is guessed."""
    assert "Nậm Pồ" not in scopes_of("Tỉnh Điện Biên: xã Nậm Pồ có 4 mô hình.", "2025-09-01")


@pytest.mark.parametrize(("report_date", "expected"), [("2025-10-20", {
    "phường Đông Hà": "vn34:44::19333", "đặc khu Phú Quốc": "vn34:91::31078", "Tân Phú": ""})])
def test_the_review_offers_the_coded_communes_and_asks_for_the_shared_name(report_date, expected, gazetteer):
    report = read_report_bytes("quang-tri.txt", REPORT.format(date=report_date).encode())
    rows = candidates_from_report(report, gazetteer)
    communes = rows[rows["place_level"] == "commune"]
    assert communes[["value", "place"]].values.tolist() == [[45.0, expected["phường Đông Hà"]],
                                                             [18.0, expected["đặc khu Phú Quốc"]], [7.0, ""]]
    assert communes["commune_code"].tolist() == ["19333", "31078", ""]
    questions = {question.name: question for question in resolve_places(rows, gazetteer).values()}
    shared = questions["Tân Phú"]
    assert shared.needs_choice and shared.ambiguous and len(shared.resolution.candidates) > 3
    assert all(option.key.startswith("vn34:") for option in shared.options)


def test_a_real_2025_report_from_quang_tri_codes_phuong_dong_ha_in_vn34(gazetteer):
    """'Chi bộ khu phố 8, phường Đông Hà có 255 đảng viên' (dantri.com.vn, 1/11/2025): the commune of today's list."""
    path = Path(__file__).resolve().parents[2] / "shared" / "reports" / "20_quang-tri-moi-dong-ha-khu-pho-8-2025.txt"
    rows = candidates_from_report(read_report_bytes(path.name, path.read_bytes()), gazetteer)
    first = rows.iloc[0]
    assert (first["value"], first["place_level"], first["place_name"], first["admin_version"], first["place"]) == (
        255.0, "commune", "phường Đông Hà", "vn34", "vn34:44::19333")
