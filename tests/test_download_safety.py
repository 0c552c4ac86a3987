"""No download starts a spreadsheet cell with = + - @, tab or CR, even when a published row does (issue 14, hole 4).

Every page of the registry runs under AppTest on a store with hostile rows (tests/hostile_store.py); every download
button it draws is built as a click builds it and read back: CSV with the csv module, XLSX (and the chart data a deck
embeds) with openpyxl. Then every spreadsheet export kind of `build_export`, for several views.

The store also holds two uploads whose original file is kept: a filled reporting form (XLSX) and a .docx report.
/sources offers each ("Tải tệp gốc") once its text is opened; the test opens every one. An original is the editor's own
file, byte for byte, not a table this app wrote: it is checked to be exactly the file uploaded, and the form is read
like every other XLSX download. It holds no formula cell because the form reader refuses a formula in any cell of any
sheet before anything is published (tests/test_original_files.py shows the refusal for cells no other check reads).
"""

import csv
import io
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest
from hostile_store import FORMULA_VALUES, download_file, run_again, run_page, use_hostile_store
from test_original_files import DOCX_MIME, publish_originals

from briefing.exports import EXPORT_KINDS, PPTX_MIME, XLSX_MIME, build_export, to_csv_bytes
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.pages import PAGES
from briefing.views import build_view_content
from components.auth import USER_KEY
from indicators.store.accounts import User, create_user
from indicators.store.database import create_store_engine

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SPREADSHEET_MIMES = {"text/csv", XLSX_MIME, PPTX_MIME}  # a deck embeds its charts' data as XLSX
OTHER_MIMES = {"image/png", "image/svg+xml", "text/html"}
ORIGINAL_MIMES = {XLSX_MIME, DOCX_MIME}  # the uploaded files the hostile store keeps (see the module's docstring)
# Per page, a view that shows the hostile rows (Điện Biên and Cao Bằng sources) and the session it needs.
PAGE_VIEWS = {
    "overview": {"indicator": "models_built"},
    "compare": {"indicators": "models_built", "preset": "custom", "provinces": "11,04"},
    "province": {"province": "11"},
    "trends": {"indicator": "models_built", "provinces": "04,11"},
    "models": {"province": "11"},
    "sources": {},
    "ingest": {},
}
# Per page, the file names of the export bar's downloads before the day: page, indicator and places (issue 13).
EXPORT_FILE_STEMS = {
    "overview": "hoc-lam-theo-bac-overview-models-built",
    "compare": "hoc-lam-theo-bac-compare-models-built-dien-bien-cao-bang",
    "province": "hoc-lam-theo-bac-province-dien-bien",
    "trends": "hoc-lam-theo-bac-trends-models-built-cao-bang-dien-bien",
    "models": "hoc-lam-theo-bac-models-dien-bien",
    "sources": "hoc-lam-theo-bac-sources",
}
PAGE_SESSIONS = {"ingest": {USER_KEY: User("editor_hostile", "editor")}}
# Hostile values that only the full-table downloads of /sources carry (a source's date note is in no view export).
ONLY_IN_SOURCE_TABLES = {"\t=1+1"}
FIGURE_VALUES = {"=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-A1+1", '=HYPERLINK("http://x","y")',
                 "@SUM(1+1)*cmd|' /C calc'!A0"}  # place, organisation, evidence; source title and publisher
MODEL_VALUES = {'=HYPERLINK("http://x","y")', "\t=1", "-2+3"}  # name, evidence, organisation
EXPORT_VIEWS = [
    "/", "/?indicator=models_built", "/?indicator=exemplars_honoured", "/province?province=11",
    "/province?province=04", "/models?province=11", "/sources?source=001_a2eeeaaec17ca9df",
    "/trends?indicator=models_built&provinces=04,11", "/compare?indicators=models_built&preset=custom&provinces=11,04",
]
SPREADSHEET_KINDS = [kind for kind, (ending, _) in EXPORT_KINDS.items() if ending.endswith((".csv", ".xlsx", ".pptx"))]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, dataset, gazetteer):
    """The hostile store, with a reporting form and a .docx report published by an editor; by file name, the source id
    and the file uploaded."""
    stores = use_hostile_store(tmp_path_factory.mktemp("hostile"))
    engine = create_store_engine(next(stores))
    originals = publish_originals(engine, dataset, gazetteer, create_user(engine, "editor_hostile", "mật khẩu đủ dài",
                                                                          "editor"))
    engine.dispose()
    yield originals
    next(stores, None)


def csv_cells(data: bytes) -> list[str]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without the byte-order mark Excel needs for Vietnamese"
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for cell in row]


def xlsx_cells(data: bytes) -> list[str]:
    """Every text cell of every sheet; a cell stored as a formula fails at once."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula {cell.value!r} in {sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    cells.append(cell.value)
    return cells


def pptx_cells(data: bytes) -> list[str]:
    """The cells of the chart data workbooks a deck embeds (a user opens them with 'Edit data')."""
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        return [cell for name in deck.namelist() if name.startswith("ppt/embeddings/") and name.endswith(".xlsx")
                for cell in xlsx_cells(deck.read(name))]


def spreadsheet_cells(mime: str, data: bytes) -> list[str]:
    reader = {"text/csv": csv_cells, XLSX_MIME: xlsx_cells, PPTX_MIME: pptx_cells}[mime]
    return reader(data)


def formula_cells(cells: list[str]) -> list[str]:
    return [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


def neutralised_hostile_values(cells: list[str]) -> set[str]:
    """The planted formula values found in the cells, written as text ('=…)."""
    found = set(cells)
    return {value for value in FORMULA_VALUES if "'" + value in found}


def open_every_kept_text(at):
    """Tick every "show the uploaded text" box, so the page draws every download it can offer."""
    boxes = [box for box in at.checkbox if box.key.startswith("text_")]
    for box in boxes:
        box.check()
    return run_again(at) if boxes else at


@pytest.mark.parametrize("page", PAGES, ids=[page.key for page in PAGES])
def test_every_download_a_page_offers_neutralises_formula_cells(page, hostile_store):
    at = open_every_kept_text(run_page(None if page.key == "overview" else page.file, PAGE_VIEWS[page.key],
                                       PAGE_SESSIONS.get(page.key)))
    buttons = at.get("download_button")
    assert buttons, f"/{page.url_path} offers no download"
    cells_by_file, export_names, originals = {}, {}, {}
    for button in buttons:
        name, mime, data = download_file(button)
        if button.key.startswith("export_"):
            export_names[button.key.removeprefix("export_")] = name
        if button.key.startswith("original_"):
            originals[name] = (button.key.removeprefix("original_"), data)
            assert mime in ORIGINAL_MIMES, f"{name}: an original of unexpected type {mime}"
        else:
            assert mime in SPREADSHEET_MIMES | OTHER_MIMES, f"{name}: a download of unknown type {mime}"
        if mime in SPREADSHEET_MIMES:
            cells_by_file[name] = spreadsheet_cells(mime, data)
    assert originals == (hostile_store if page.key == "sources" else {})  # each exactly the file uploaded
    assert {name: formula_cells(cells) for name, cells in cells_by_file.items()} == dict.fromkeys(cells_by_file, [])
    stem = f"{EXPORT_FILE_STEMS.get(page.key)}-{date.today().isoformat()}"
    assert export_names == {kind: stem + EXPORT_KINDS[kind][0] for kind in export_names}
    found = neutralised_hostile_values([cell for cells in cells_by_file.values() for cell in cells])
    if page.key == "sources":  # its full tables carry every planted value, each written as text
        assert found == set(FORMULA_VALUES)
    elif page.has_view:  # the export bar's "all figures" files carry every figure, model and cited source
        assert found == set(FORMULA_VALUES) - ONLY_IN_SOURCE_TABLES


def test_a_carriage_return_inside_a_cell_cannot_start_a_new_row_with_a_formula():
    """Rows end in CRLF, so the writer quotes a cell holding a lone CR; unquoted, a spreadsheet would end the row at
    the CR and read the rest of the cell as the first cell of a new row."""
    data = to_csv_bytes(pd.DataFrame({"note": ["tóm tắt\r=cmd|' /C calc'!A0"], "n": ["1"]}))
    assert data.decode("utf-8-sig") == "note,n\r\n\"tóm tắt\r=cmd|' /C calc'!A0\",1\r\n"
    assert csv_cells(data) == ["note", "n", "tóm tắt\r=cmd|' /C calc'!A0", "1"]


@pytest.fixture(scope="module")
def hostile_inputs(hostile_store):
    return load_view_inputs()


@pytest.mark.parametrize("kind", SPREADSHEET_KINDS)
@pytest.mark.parametrize("link", EXPORT_VIEWS)
def test_every_spreadsheet_export_of_a_view_neutralises_formula_cells(hostile_inputs, link, kind):
    content = build_view_content(parse_view(link), hostile_inputs)
    mime = EXPORT_KINDS[kind][1]
    cells = spreadsheet_cells(mime, build_export(content, kind, hostile_inputs))
    assert formula_cells(cells) == []
    if kind == "csv_all":  # every figure, or on /models every model, each planted value written as text
        planted = MODEL_VALUES if content.view.page.key == "models" else FIGURE_VALUES
        assert neutralised_hostile_values(cells) == planted
