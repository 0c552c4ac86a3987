"""Real browser: a province office, not signed in, downloads its reporting form in today's structure (vn34) from
/ingest: one province's form, its communes listed on the commune sheet."""

import io

import pytest
from openpyxl import load_workbook

from indicators.domain.gazetteer import load_crosswalk
from indicators.intake.reporting_form import COMMUNE_SHEET, DATA_SHEET, FIRST_COMMUNE_ROW, communes_of
from tests.e2e.helpers import assert_no_exception, save_screenshot, selected_radio_label, wait_until_settled

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000


def test_an_office_without_an_account_downloads_its_province_s_vn34_form(server, page):
    page.goto(f"{server}/ingest")
    download_button = page.locator('.st-key-form_template [data-testid="stDownloadButton"] button')
    download_button.wait_for(timeout=TIMEOUT_MS)
    assert page.locator('[data-testid="stForm"]').count() == 1  # the sign-in form is there: nobody is signed in
    assert selected_radio_label(page, "Bản đồ hành chính") == "34 tỉnh, thành phố (từ 1/7/2025)"
    box = page.get_by_role("combobox", name="Tỉnh, thành phố", exact=True)
    box.click()
    box.fill("Lai Châu")
    page.get_by_role("option", name="12 – Lai Châu").click()
    page.get_by_role("listbox").wait_for(state="detached", timeout=TIMEOUT_MS)
    wait_until_settled(page)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        download_button.click()
    assert download.value.suggested_filename == "mau-bao-cao-hoc-tap-lam-theo-bac-vn34-12.xlsx"
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert workbook[DATA_SHEET]["B3"].value == "12 – Lai Châu"
    sheet = workbook[COMMUNE_SHEET]
    communes = communes_of("12", load_crosswalk())
    assert [sheet[f"A{FIRST_COMMUNE_ROW + n}"].value for n in range(len(communes))] == [p.code for p in communes]
    assert_no_exception(page)
    save_screenshot(page, "reporting_form_download_anonymous")
