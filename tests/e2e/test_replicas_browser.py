"""Two app processes on one PostgreSQL database, as replicas behind a load balancer run: a reporting form published
through one of them is on the other's pages within 5 s (each replica asks the store for its data version at most
once a second at the start of a script run, and forgets its caches when it changed: components/cached.py).

Measured by when the page that shows it was asked for: the time to draw a page is the views' own (printed)."""

import io
import time
from datetime import date

import pytest
from openpyxl import load_workbook

from indicators.domain.tables import load_dataset
from indicators.intake.reporting_form import DATA_SHEET, FIRST_DATA_ROW, LETTER, build_template, read_filled_form
from indicators.store.accounts import create_user
from indicators.store.published import open_store
from tests.e2e.helpers import TIMEOUT_MS, assert_no_exception, streamlit_server, wait_until_settled

pytestmark = pytest.mark.browser
pytest_plugins = ["store_fixtures"]

EDITOR, PASSWORD = "editor_replica", "mật khẩu đủ dài"
FRESHNESS_S = 5  # issue 21: a publish on one replica is on the other's pages within this
EXPANDER = '[data-testid="stExpander"]'


@pytest.fixture
def replicas(postgres_database):
    """Two Streamlit servers on one fresh PostgreSQL database (seeded from data/ by the first open), one editor."""
    engine = open_store(postgres_database)
    create_user(engine, EDITOR, PASSWORD, "editor")
    engine.dispose()
    env = {"DATABASE_URL": postgres_database}
    with streamlit_server(env=env) as first, streamlit_server(env=env) as second:
        yield first, second


def lai_chau_form() -> bytes:
    """The reporting form as Lai Châu would fill it: 120 houses built or repaired in 2021–2022."""
    workbook = load_workbook(io.BytesIO(build_template(load_dataset())))
    sheet = workbook[DATA_SHEET]
    rows = {sheet[f"A{row}"].value: row for row in range(FIRST_DATA_ROW, sheet.max_row + 1) if sheet[f"A{row}"].value}
    cells = {"B3": "12 – Tỉnh Lai Châu", "B5": "Ban Tuyên giáo Tỉnh ủy Lai Châu", "B6": date(2023, 1, 6),
             f"{LETTER['value']}{rows['houses_total']}": 120,
             f"{LETTER['period_start']}{rows['houses_total']}": date(2021, 1, 1),
             f"{LETTER['period_end']}{rows['houses_total']}": date(2022, 12, 31)}
    for address, value in cells.items():
        sheet[address] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def source_expander(page, title: str):
    return page.locator(EXPANDER).filter(has_text=title)


def test_a_form_published_through_one_replica_is_on_the_other_s_sources_page_within_5_s(replicas, offline,
                                                                                         tmp_path):
    first, second = replicas
    form = tmp_path / "lai-chau.xlsx"
    form.write_bytes(lai_chau_form())
    reading = read_filled_form(form.name, form.read_bytes(), load_dataset(), accessed=date.today(),
                               uploaded_by=EDITOR)
    title = reading.publication["sources"].at[0, "title"]

    # Replica 2's page of that source, open before the publish, has no such source (a notice, and every source).
    watcher = offline.new_page()
    watcher.goto(f"{second}/sources?source={reading.source_id}")
    watcher.locator(EXPANDER).first.wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(watcher)
    assert source_expander(watcher, title).count() == 0

    # An editor publishes the form through replica 1 (/ingest: sign in, upload, publish).
    editor = offline.new_page()
    editor.goto(f"{first}/ingest")
    editor.get_by_label("Tên đăng nhập").fill(EDITOR)
    editor.get_by_label("Mật khẩu").fill(PASSWORD)
    editor.get_by_role("button", name="Đăng nhập").click()
    editor.get_by_text(f"Đang đăng nhập: {EDITOR} (biên tập)").wait_for(timeout=TIMEOUT_MS)
    editor.locator('.st-key-form_files [data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(form))
    editor.get_by_role("button", name="Đăng 1 số liệu của").click()
    editor.locator('[data-testid="stAlertContentSuccess"]').filter(has_text=reading.source_id).wait_for(
        timeout=TIMEOUT_MS)
    published_at = time.monotonic()
    assert_no_exception(editor)

    # Replica 2 shows it from its next script run on: the visitor reloads until it is there (each look waits for the
    # page to be drawn, no fixed sleep). The look that shows it must have been asked for within FRESHNESS_S of the
    # publish; how long the page then takes to draw is the views' time, not freshness (printed).
    looks, requested_after = 0, 0.0
    while source_expander(watcher, title).count() == 0:
        assert looks < 10, f"replica 2 still does not show «{title}» after {looks} reloads"
        looks += 1
        requested_after = time.monotonic() - published_at
        watcher.reload()
        watcher.locator(EXPANDER).first.wait_for(timeout=TIMEOUT_MS)
        wait_until_settled(watcher)
    shown_after = time.monotonic() - published_at
    assert_no_exception(watcher)
    print(f"replica 2 showed the publish on reload {looks}, asked for {requested_after:.2f} s and drawn "
          f"{shown_after:.2f} s after the publish")
    assert looks >= 1 and requested_after <= FRESHNESS_S
