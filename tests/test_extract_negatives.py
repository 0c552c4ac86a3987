"""Numbers that are not observations: dates, document numbers, counters, quoted names, anniversaries, vague words."""

import pytest

from indicators.intake.extraction import extract_report, extract_text, load_report
from indicators.paths import reports_dir, seeds_dir


@pytest.mark.parametrize(
    "text",
    [
        "Sáng ngày 29/8/2019, tỉnh Hà Tĩnh tổ chức hội nghị",
        "Thực hiện Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW của Bộ Chính trị",
        "UBND tỉnh ban hành Quyết định số 1436/QĐ-UBND tặng bằng khen",
        "lượt xem: 3557 | lượt tải:1222",
        "mô hình “Phụ nữ 2 tốt” được nhân rộng",
        "Kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh",
        "hàng ngàn cá nhân được khen thưởng",
        "Đại hội thi đua yêu nước lần thứ V (2020-2025)",
        "giai đoạn 2021-2025 và kế hoạch năm 2022",
        "trong 3 năm thực hiện Chỉ thị",
        "ông 54 năm tuổi Đảng, năm nay 70 tuổi",
        "Liên hệ: 0912 345 678",
        "Đang truy cập121",
    ],
)
def test_no_observation_in(text):
    assert extract_text(text) == []


def test_seed_page_chrome_gives_no_rows():
    path = next(seeds_dir().glob("002_*.txt"))
    assert [o.evidence for o in extract_report(load_report(path))] == [
        "2.594 kế hoạch", "1.017/1.020 tổ chức đảng", "99,7%", "20.063 cán bộ"]


def test_date_prefix_anniversary_and_vague_amounts_of_a_report_are_skipped():
    path = next(reports_dir().glob("37_*.txt"))
    evidence = [o.evidence for o in extract_report(load_report(path))]
    assert evidence == ["2 cá nhân", "120 tập thể, cá nhân", "10 cá nhân"]
