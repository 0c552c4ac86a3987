"""Exact rows the extractor reads from real seed and report sentences: value, unit, qualifier, denominator, evidence."""

import pytest

from indicators.intake.extraction import extract_report, extract_text, load_report
from indicators.paths import reports_dir, seeds_dir


def rows_of(path) -> list[tuple]:
    return [(o.value, o.unit, o.qualifier, o.denominator, o.evidence) for o in extract_report(load_report(path))]


def report(prefix: str):
    return next(reports_dir().glob(f"{prefix}_*.txt"))


def seed(prefix: str):
    return next(seeds_dir().glob(f"{prefix}_*.txt"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (lambda: seed("000"), (532, "count", "at_least", None, "hơn 532 mô hình")),
        (lambda: seed("000"), (9, "count", "exact", 11.0, "9/11 xã")),
        (lambda: seed("000"), (94, "percent", "at_least", None, "trên 94%")),
        (lambda: seed("002"), (1017, "count", "exact", 1020.0, "1.017/1.020 tổ chức đảng")),
        (lambda: seed("002"), (99.7, "percent", "exact", None, "99,7%")),
        (lambda: seed("002"), (20063, "person", "exact", None, "20.063 cán bộ")),
        (lambda: seed("004"), (132000000000, "vnd", "approximately", None, "khoảng hơn 132 tỷ đồng")),
        (lambda: seed("004"), (365000000, "vnd", "approximately", None, "khoảng gần 365 triệu đồng")),
        (lambda: seed("004"), (96, "person_turn", "exact", None, "96 lượt cán bộ")),
        (lambda: report("22"), (6200000000, "vnd", "approximately", None, "gần 6,2 tỷ đồng")),
        (lambda: report("16"), (54500000000, "vnd", "exact", None, "54,5 tỷ đồng")),
        (lambda: report("16"), (1828000000, "vnd", "exact", None, "1,828 tỷ đồng")),
        (lambda: report("32"), (1360, "kg", "exact", None, "1 tấn, 360kg")),
        (lambda: report("38"), (2000, "kg", "approximately", None, "gần 02 tấn")),
        (lambda: report("13"), (200000, "person", "approximately", None, "gần 200 nghìn thanh niên")),
        (lambda: report("35"), (120000, "workday", "approximately", None, "gần 120.000 ngày công")),
        (lambda: report("35"), (4000, "km", "approximately", None, "gần 4.000 km")),
        (lambda: report("12"), (562, "ha", "exact", None, "562ha")),
        (lambda: report("27"), (8, "household", "exact", 224.0, "8 hộ nghèo trong tổng số 224 hộ")),
        (lambda: report("18"), (1000, "vnd", "at_least", None, "tối thiểu tiết kiệm 1.000 đồng")),
        (lambda: report("42"), (18, "count", "exact", None, "18 tiết mục")),
    ],
)
def test_reads_number_unit_qualifier_and_evidence(path, expected):
    assert expected in rows_of(path())


def test_range_gives_an_at_least_and_an_at_most_row_with_the_same_evidence():
    rows = rows_of(report("39"))
    assert rows[2:] == [
        (15, "kg", "at_least", None, "từ 15 đến 20 kg"),
        (20, "kg", "at_most", None, "từ 15 đến 20 kg"),
        (2, "household", "at_least", None, "2-4 hộ"),
        (4, "household", "at_most", None, "2-4 hộ"),
        (5, "kg", "at_least", None, "5-7 kg"),
        (7, "kg", "at_most", None, "5-7 kg"),
    ]


def test_all_rows_of_a_short_report_in_order():
    assert rows_of(report("40")) == [
        (18, "count", "exact", 18.0, "18/18 chỉ tiêu"),
        (79, "count", "exact", None, "79 mô hình"),
        (193, "person", "exact", None, "193 cá nhân"),
        (120, "count", "exact", None, "120 mô hình"),
        (45, "count", "approximately", None, "gần 45 mô hình"),
        (15, "count", "exact", None, "15 tập thể"),
        (30, "person", "exact", None, "30 cá nhân"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quyên góp 1 tỷ 200 triệu đồng", (1200000000, "vnd", "exact", None, "1 tỷ 200 triệu đồng")),
        ("hỗ trợ 300.000 - 500.000 đồng mỗi tháng", (300000, "vnd", "at_least", None, "300.000 - 500.000 đồng")),
        ("gạo 15–20 kg", (20, "kg", "at_most", None, "15–20 kg")),
        ("hiến 500m2đất làm đường", (500, "m2", "exact", None, "500m2")),
        ("thu gom 2 tấn gạo", (2000, "kg", "exact", None, "2 tấn")),
        ("tặng không quá 5 suất quà", (5, "count", "at_most", None, "không quá 5 suất quà")),
    ],
)
def test_reads_synthetic_forms_of_the_spec(text, expected):
    assert expected in [(o.value, o.unit, o.qualifier, o.denominator, o.evidence) for o in extract_text(text)]


def test_scope_period_and_indicator_of_a_seed_row():
    obs = next(o for o in extract_report(load_report(seed("000"))) if o.value == 532)
    assert (obs.indicator, obs.place_level, obs.place_name, obs.province_code, obs.period_text) == (
        "models_built_count", "province", "Điện Biên", "11", "trong 3 năm")


def test_organisation_scope_and_dated_period():
    obs = next(o for o in extract_report(load_report(report("18"))) if o.value == 63000000)
    assert (obs.place_level, obs.organisation, obs.province_code, obs.district_code, obs.period_start,
            obs.period_end) == ("organisation", "Đảng bộ Cơ quan UBND huyện Hương Khê", "42", "444", "2023-01-01",
                                "2023-12-31")


def test_post_july_2025_report_uses_vn34():
    assert {o.admin_version for o in extract_report(load_report(report("34")))} == {"vn34"}
    assert {o.admin_version for o in extract_report(load_report(report("27")))} == {"vn63"}
