"""Real browser: an editor signs in, uploads a real report, chooses an ambiguous place, publishes, sees it at once."""

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from indicators.intake.extraction.readers import read_report_bytes
from indicators.store.accounts import create_user
from indicators.store.published import open_store
from tests.e2e.helpers import (
    assert_no_exception,
    save_screenshot,
    streamlit_server,
    wait_until_settled,
    wait_until_still,
)
from tests.frozen_data import FROZEN_DATA_DIR

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
REPORT = Path(__file__).resolve().parents[3] / "shared" / "reports" / "09_hai-duong-sach-tam-guong-2023.txt"
CURATED_SOURCE = REPORT.stem  # left out of this test's store, so Hải Dương has no figures until the upload
EDITOR, PASSWORD = "editor_hoa", "mật khẩu đủ dài"
HEADLINE = "Hải Dương biên soạn sách Những tấm gương tiêu biểu trong học và làm theo gương Bác"
GRID_ROW_PX, KEEP_COLUMN_X_PX = 35, 25  # Streamlit's data grid: row height, middle of the first column
KEEP_COLUMN = 0  # the 'Đăng' column's index in the grid
PROVINCE_COLUMNS = 6  # the province page's figures grid: indicator, value, scope, period, phase, source
REJECTED_MARK, KEPT_MARK = "#e9ecef", "#ffe066"  # components/review.py MARK_STYLE of an unticked / ticked candidate
ENGLISH_REPORT = REPORT.parent / "other-languages" / "dien-bien-2100-mo-hinh-en.txt"  # "over 2,100 models"
CHOSEN_PLACE = "Xã Hồng Phong, Huyện Thanh Miện, Tỉnh Hải Dương [30/300/11293]"


@pytest.fixture(scope="module")
def ingest_server(tmp_path_factory):
    """A server on a store of its own: the frozen curated tables without the Hải Dương report, and one editor."""
    folder = tmp_path_factory.mktemp("ingest_store")
    seed = folder / "seed"
    shutil.copytree(FROZEN_DATA_DIR, seed)
    for name in ("sources", "observations", "models"):
        table = pd.read_csv(seed / f"{name}.csv", dtype=str, keep_default_na=False)
        table[table["source_id"] != CURATED_SOURCE].to_csv(seed / f"{name}.csv", index=False, lineterminator="\n")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    create_user(open_store(url, seed_dir=seed), EDITOR, PASSWORD, "editor")
    with streamlit_server(env={"DATABASE_URL": url}) as base_url:
        yield base_url


def alerts(page, kind: str) -> list[str]:
    """The text of the alerts of one kind on screen ('error', 'success', 'warning', 'info')."""
    return [re.sub(r"\s+", " ", text).strip() for text in
            page.locator(f'[data-testid="stAlertContent{kind.capitalize()}"]').all_inner_texts()]


def untick_keep(page, row: int, candidate_id: str, *, kept_after: bool = False) -> None:
    """Select the 'Đăng' cell of one row of the candidate table and toggle it with the space bar (the grid draws on a
    canvas, so the cell is found by position, once the grid has stopped moving); then the text marks that candidate
    as rejected (or, with `kept_after`, as kept)."""
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.scroll_into_view_if_needed()
    box = wait_until_still(page, '[data-testid="stDataFrame"]')
    x, y = box["x"] + KEEP_COLUMN_X_PX, box["y"] + GRID_ROW_PX * (row + 1.5)
    # The grid hit-tests on pointer moves: the click selects the cell once a move has reached it. Its accessible
    # table then marks the cell selected (glide-cell-<column>-<row>).
    selected = page.locator(f'[data-testid="glide-cell-{KEEP_COLUMN}-{row}"][aria-selected="true"]')
    for _ in range(3):
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        try:
            selected.wait_for(state="attached", timeout=5_000)
            break
        except PlaywrightTimeout:
            continue
    else:
        raise AssertionError(f"the grid did not select row {row}'s 'Đăng' cell at ({x}, {y})")
    page.keyboard.press(" ")
    mark = KEPT_MARK if kept_after else REJECTED_MARK
    page.locator(f'.report-text mark[title="{candidate_id}"][style*="{mark}"]').wait_for(timeout=TIMEOUT_MS)


def sign_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/ingest")
    page.locator('[data-testid="stForm"]').wait_for(timeout=TIMEOUT_MS)
    page.get_by_label("Tên đăng nhập").fill(EDITOR)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text(f"Đang đăng nhập: {EDITOR} (biên tập)").wait_for(timeout=TIMEOUT_MS)


def test_an_editor_uploads_reviews_chooses_the_place_publishes_and_the_province_page_shows_it(ingest_server, page):
    # The province page has nothing from Hải Dương's 2023 report before the upload (its other reports are there).
    page.goto(f"{ingest_server}/province?province=30")
    page.get_by_text("Chưa có số liệu cho lựa chọn này.").first.wait_for(timeout=TIMEOUT_MS)

    # 1. Sign in; the uploader appears.
    sign_in(page, ingest_server)
    page.locator('.st-key-ingest_files [data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(REPORT))

    # 2. The review: the source text with the numbers marked, the candidates, the place to choose.
    page.get_by_text("Địa danh cần chọn").wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    save_screenshot(page, "ingest_review")
    assert_no_exception(page)
    marks = page.locator(".report-text mark").all_inner_texts()
    assert marks == ["Hơn 70 tập thể, cá nhân", "gần 130 m2", "Hơn 70 tập thể, cá nhân", "400 cuốn"]
    assert page.get_by_text("Các số đọc được: chọn đăng 4/4").count() == 1

    # 3. Publishing with the ambiguous place still open is refused, naming the row; nothing is stored.
    page.get_by_role("button", name="Đăng 4 số liệu").click()
    page.locator('[data-testid="stAlertContentError"]').wait_for(timeout=TIMEOUT_MS)
    assert alerts(page, "error") == [
        "Chưa rõ địa danh của c002 (Hồng Phong). Hãy chọn địa danh (hoặc bỏ đăng dòng đó) rồi đăng lại. Chưa lưu gì."]

    # 4. Choose which Hồng Phong (three communes in Hải Dương share the name), then publish.
    chooser = page.get_by_role("combobox", name=re.compile("Hồng Phong"))
    chooser.click()
    chooser.fill("Thanh Miện")  # the list opens on typing; three namesakes narrow to one
    page.get_by_role("option", name=CHOSEN_PLACE).click()
    wait_until_settled(page)

    # 5. c003 repeats the lead's number further down: untick it in the table; give the source its real headline.
    untick_keep(page, row=2, candidate_id="c003")
    page.get_by_text("Các số đọc được: chọn đăng 3/4").wait_for(timeout=TIMEOUT_MS)
    page.get_by_label("Tên nguồn (tiêu đề bài)").fill(HEADLINE)
    page.get_by_label("Tên nguồn (tiêu đề bài)").press("Enter")
    wait_until_settled(page)
    page.get_by_role("button", name="Đăng 3 số liệu").click()
    page.locator('[data-testid="stAlertContentSuccess"]').wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert alerts(page, "error") == []
    assert alerts(page, "success") == [
        f"Đã đăng 3 số liệu từ «{HEADLINE}» (3 mới, 0 sửa, 0 không đổi). Các trang đã cập nhật."]
    save_screenshot(page, "ingest")
    assert page.blocked_urls == []
    assert_no_exception(page)

    # 6. The province page shows the published figures at once, each with its source.
    page.get_by_role("link", name="Tỉnh Hải Dương").click()
    # The review's own table is a data grid too: wait for the province page before looking for its grid.
    page.locator("h1", has_text="Tỉnh Hải Dương").wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    figures = page.locator('[data-testid="stDataFrame"]').first
    figures.wait_for(timeout=TIMEOUT_MS)
    # The grid writes its cells only while it is on screen, and the page can still grow above it: bring it into view
    # at every look.
    page.wait_for_function("(grid) => { grid.scrollIntoView({block: 'center'}); return [...grid.querySelectorAll("
                           "'[data-testid^=glide-cell]')].some(c => c.textContent === 'khoảng 130 m²'); }",
                           arg=figures.element_handle(), timeout=TIMEOUT_MS)
    wait_until_settled(page)
    cells = page.locator('[data-testid="stDataFrame"] [data-testid^="glide-cell"]').all_text_contents()
    # One grid row per figure: indicator detail, value, scope, period, phase, source. Hải Dương's other reports
    # stay in the store; the three figures just published are those of this source.
    rows = [cells[start:start + PROVINCE_COLUMNS] for start in range(0, len(cells), PROVINCE_COLUMNS)]
    assert [row for row in rows if row[-1] == HEADLINE] == [
        ["Số tập thể, cá nhân điển hình được tuyên dương, khen thưởng", "hơn 70", "toàn tỉnh", "2020–2023", "–",
         HEADLINE],
        ["Diện tích đất hiến", "khoảng 130 m²", "xã Hồng Phong", "không rõ thời kỳ", "–", HEADLINE],
        ["Số sổ tay, tài liệu được trao tặng", "400", "toàn tỉnh", "01/2023–11/2023", "KL 01", HEADLINE],
    ]
    save_screenshot(page, "ingest_province")

    # 7. The sources page keeps the text the figures were read from, each published figure's words marked.
    source_id = f"upload_{read_report_bytes(REPORT.name, REPORT.read_bytes()).sha256[:16]}"
    page.goto(f"{ingest_server}/sources?source={source_id}")
    page.get_by_text("Xem văn bản đã tải lên (các số đã đăng được tô)").click()
    page.locator(".report-text mark").first.wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert page.locator(".report-text mark").all_inner_texts() == ["Hơn 70 tập thể, cá nhân", "gần 130 m2",
                                                                   "400 cuốn"]
    caption = page.get_by_text(re.compile(rf"^{re.escape(REPORT.name)} · txt · utf-8 · tải lên bởi {EDITOR} lúc "))
    assert caption.count() == 1
    save_screenshot(page, "ingest_source_text")


def test_anonymous_visitors_get_the_sign_in_form_and_a_wrong_password_one_message(ingest_server, page):
    page.goto(f"{ingest_server}/ingest")
    page.get_by_label("Tên đăng nhập").fill(EDITOR)
    page.get_by_label("Mật khẩu").fill("sai mật khẩu")
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator('[data-testid="stAlertContentError"]').wait_for(timeout=TIMEOUT_MS)
    assert alerts(page, "error")[0].startswith("Không đăng nhập được: tên đăng nhập hoặc mật khẩu không đúng")
    assert page.locator('[data-testid="stFileUploader"]').count() == 0


def choose(form, page, label: str, typed: str, option: str) -> None:
    """Pick an option of a select box of the form: open it, type to narrow the list, click the option."""
    box = form.get_by_role("combobox", name=label)
    for _ in range(3):  # a click that lands while the page reruns leaves the list closed
        box.click()
        try:
            page.get_by_role("listbox").wait_for(timeout=5_000)  # the list is open: typing now narrows it
            break
        except PlaywrightTimeout:
            continue
    else:
        raise AssertionError(f"the select box {label!r} did not open")
    box.fill(typed)
    page.get_by_role("option", name=option).click()
    page.get_by_role("listbox").wait_for(state="detached", timeout=TIMEOUT_MS)  # chosen: the list has closed


def add_by_hand(page, evidence: str) -> None:
    """Fill the manual-entry form with Điện Biên's '2,100 models' quoted by `evidence`, and submit it."""
    form = page.locator('[data-testid="stForm"]')
    wait_until_still(page, '[data-testid="stForm"]')  # the expander has finished opening
    form.get_by_label("Giá trị").fill("2100")
    choose(form, page, "Định tính", "ít nhất", "ít nhất (hơn, trên)")
    choose(form, page, "Chỉ tiêu › chi tiết", "Số mô hình học tập",
           "Mô hình học tập và làm theo Bác › Số mô hình học tập và làm theo Bác")
    choose(form, page, "Địa danh (mã)", "Điện Biên [11]", "Tỉnh Điện Biên [11]")
    form.get_by_label("Trích dẫn (chép nguyên văn từ văn bản)").fill(evidence)
    form.get_by_role("button", name="Thêm vào bảng").click()


def test_an_editor_adds_a_figure_the_extractor_missed_and_keeps_the_ticks_already_made(ingest_server, page):
    sign_in(page, ingest_server)
    page.locator('.st-key-ingest_files [data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(ENGLISH_REPORT))
    page.get_by_text("Các số đọc được: chọn đăng 0/3").wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    untick_keep(page, row=0, candidate_id="c001", kept_after=True)
    page.get_by_text("Các số đọc được: chọn đăng 1/3").wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)

    # Evidence that is not verbatim in the text is refused in words; nothing is added.
    page.get_by_text("Thêm số liệu nhập tay").click()
    add_by_hand(page, "over 2.100 models")
    page.locator('[data-testid="stAlertContentError"]').wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert alerts(page, "error") == ["Trích dẫn không có nguyên văn trong báo cáo: over 2.100 models. Chưa lưu gì."]
    assert page.get_by_text("Các số đọc được: chọn đăng 1/3").count() == 1

    # Quoted verbatim, the figure joins the table ticked, its words marked in the text; the tick on c001 stays.
    add_by_hand(page, "over 2,100 models")
    page.locator('[data-testid="stAlertContentSuccess"]').wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert alerts(page, "success") == ["Đã thêm c004 vào bảng (nhập tay, đã chọn đăng)."]
    assert alerts(page, "error") == []
    assert page.get_by_text("Các số đọc được: chọn đăng 2/4").count() == 1
    # c004's words contain c001's: one mark, both ids after it.
    assert page.locator(f'.report-text mark[style*="{KEPT_MARK}"]').all_inner_texts() == ["over 2,100 models"]
    assert page.locator(".report-text mark + sup + sup").all_inner_texts() == ["c001"]
    save_screenshot(page, "ingest_manual_entry")
    assert_no_exception(page)
