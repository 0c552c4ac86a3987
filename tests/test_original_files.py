"""Uploads keep their original file (issue 12): a filled reporting form and a report uploaded on /ingest are stored
byte for byte beside their text, with the sha256 their source is named after, survive the upgrade of an
older store (0004 → the newest revision), and are offered on /sources as "Tải tệp gốc" under their own name."""

import functools
import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from hostile_store import download_file, run_again, run_page, use_store
from openpyxl import load_workbook
from test_ingest_review import open_review, published_rows
from test_readers import SEED_000, make_docx, real_lines
from test_reporting_form import DIEN_BIEN, fill, read

from briefing.exports import XLSX_MIME
from briefing.pages import SOURCES
from indicators.intake.extraction.readers import read_report_bytes
from indicators.intake.ingest import build_publication, candidates_from_report, publish_report
from indicators.intake.reporting_form import FormError, build_template, publish_form, read_filled_form
from indicators.paths import DATA_DIR
from indicators.store.accounts import create_user
from indicators.store.database import (
    MIGRATIONS_DIR,
    VERSIONED_TABLES,
    changesets,
    connect_store,
    create_store_engine,
    documents,
    upgrade,
)
from indicators.store.published import documented_sources, import_tables, load_document, open_store

pytest_plugins = ["store_fixtures"]

from store_helpers import row_counts  # noqa: E402

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORM_NAME, DOCX_NAME = "dien-bien.xlsx", "nam-po.docx"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_PATH = SHARED / "seeds" / SEED_000  # Điện Biên, huyện Nậm Pồ


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dien_bien_form(dataset) -> bytes:
    return fill(build_template(dataset), DIEN_BIEN)


@functools.cache
def nam_po_docx() -> bytes:
    """The Nậm Pồ seed report retyped into Word, as an editor would upload it."""
    return make_docx(real_lines(SEED_000), title="Lan tỏa mô hình hay, sáng tạo")


def publish_originals(engine, dataset, gazetteer, editor) -> dict[str, tuple[str, bytes]]:
    """A filled form for Điện Biên and a .docx report, published as /ingest publishes them; by file name, the source
    id and the file uploaded (a workbook saved again differs in its timestamps: only these bytes are the original)."""
    form = dien_bien_form(dataset)
    reading = read(FORM_NAME, form, dataset)
    publish_form(engine, editor, reading)
    report = read_report_docx()
    publication = build_publication(report, candidates_from_report(report, gazetteer), accessed=date(2026, 1, 2),
                                    uploaded_by=editor.username, original=nam_po_docx())
    publish_report(engine, editor, publication)
    return {FORM_NAME: (reading.source_id, form),
            DOCX_NAME: (publication["sources"].at[0, "source_id"], nam_po_docx())}


def read_report_docx():
    return read_report_bytes(DOCX_NAME, nam_po_docx())


# 1. The store keeps the file itself.

def test_a_published_form_keeps_its_file_byte_for_byte_with_the_sha256_its_source_is_named_after(seeded_store, editor,
                                                                                                  dataset):
    data = dien_bien_form(dataset)
    reading = read(FORM_NAME, data, dataset)
    publish_form(seeded_store, editor, reading)
    document = load_document(seeded_store, reading.source_id)
    assert document["original"] == data
    assert document["sha256"] == sha256(document["original"]) == reading.sha256
    assert reading.source_id == f"form_{sha256(data)[:16]}"
    assert (document["file_name"], document["source_format"]) == (FORM_NAME, "xlsx")
    assert document["text"] == reading.text


def test_a_docx_report_published_through_the_ingest_path_keeps_its_bytes(seeded_store, editor, dataset, gazetteer):
    source_id, data = publish_originals(seeded_store, dataset, gazetteer, editor)[DOCX_NAME]
    document = load_document(seeded_store, source_id)
    assert document["original"] == data
    assert document["sha256"] == sha256(document["original"])
    assert source_id == f"upload_{sha256(data)[:16]}"
    assert (document["file_name"], document["source_format"]) == (DOCX_NAME, "docx")


def test_a_report_read_from_the_shared_folder_keeps_its_text_and_no_copy_of_the_file(seeded_store, editor, gazetteer):
    """bring_in's path: the file stays in ../shared, named by the source's path, so the store keeps no second copy."""
    report = read_report_bytes(SEED_PATH.name, SEED_PATH.read_bytes())
    publication = build_publication(report, candidates_from_report(report, gazetteer), accessed=date(2026, 1, 2))
    publish_report(seeded_store, editor, publication)
    document = load_document(seeded_store, publication["sources"].at[0, "source_id"])
    assert (document["original"], document["sha256"]) == (None, sha256(SEED_PATH.read_bytes()))


def test_an_original_that_is_not_the_file_its_sha256_names_is_refused_and_nothing_is_stored(seeded_store, editor,
                                                                                            gazetteer):
    report = read_report_docx()
    publication = build_publication(report, candidates_from_report(report, gazetteer), accessed=date(2026, 1, 2),
                                    original=nam_po_docx() + b" ")
    before = row_counts(seeded_store)
    with pytest.raises(ValueError, match="the original file's sha256 is not the document's"):
        publish_report(seeded_store, editor, publication)
    assert row_counts(seeded_store) == before


def test_a_report_uploaded_on_the_ingest_screen_keeps_the_uploaded_bytes(tmp_path):
    """The review component passes the upload's own bytes (tests/test_ingest_review.py's screen, a .docx upload)."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = connect_store(url)
    import_tables(engine, DATA_DIR, by="curator", note="seed for tests")
    create_user(engine, "an", "mật khẩu đủ dài", "editor")
    path = tmp_path / DOCX_NAME
    path.write_bytes(nam_po_docx())
    at = open_review(path, url)
    at.button(key="publish_f1").click().run()
    assert at.error == [] and [e.value for e in at.exception] == []
    (source_id,) = set(published_rows(url)["source_id"])
    assert load_document(engine, source_id)["original"] == path.read_bytes()
    engine.dispose()


# 2. A form is published only when no cell of any sheet holds a formula: its file is offered for download as it is.

@pytest.mark.parametrize(("sheet", "cell"), [("Báo cáo", "K20"), ("Báo cáo", "A1"), ("Hướng dẫn", "A1")])
def test_a_formula_in_a_cell_the_form_does_not_read_is_refused_naming_the_cell(dataset, sheet, cell):
    book = load_workbook(io.BytesIO(dien_bien_form(dataset)))
    book[sheet][cell] = '=HYPERLINK("http://x","y")'
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FormError) as refused:
        read_filled_form(FORM_NAME, buffer.getvalue(), dataset, accessed=date(2026, 1, 2))
    (problem,) = refused.value.detail["problems"]
    assert (problem.sheet, f"{problem.column_letter}{problem.row}", problem.column_title, problem.value) == (
        sheet, cell, "ô ngoài bảng số liệu", '=HYPERLINK("http://x","y")')


# 3. An older store upgrades keeping every document; the originals it did not keep are NULL.

def alembic_config(conn) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    return config


def tables_as_in(engine) -> dict[str, sa.Table]:
    """Today's changesets, curated tables and documents cut to the columns the store at `engine` has (an older
    revision's), in today's types."""
    inspector, metadata, tables = sa.inspect(engine), sa.MetaData(), {}
    for name, table in {"changesets": changesets, **VERSIONED_TABLES, "documents": documents}.items():
        present = {column["name"] for column in inspector.get_columns(name)}
        tables[name] = sa.Table(name, metadata, *(sa.Column(c.name, c.type, primary_key=c.primary_key)
                                                  for c in table.columns if c.name in present))
    return tables


def import_as_0004_did(old, today_url: str) -> None:
    """data/ imported into the store at 0004 (`old`) in one changeset, through the columns 0004 has: today's import
    writes later columns, so it fills a store of today (`today_url`) whose rows are copied without them."""
    today = connect_store(today_url)
    import_tables(today, DATA_DIR, by="curator", note="seed")
    at_0004 = tables_as_in(old)
    with today.connect() as source, old.begin() as target:
        (imported,) = source.execute(sa.select(at_0004["changesets"])).mappings().all()
        changeset = target.execute(sa.insert(at_0004["changesets"]).values(
            {column: value for column, value in imported.items() if column != "changeset_id"})).inserted_primary_key[0]
        for name in VERSIONED_TABLES:
            table = at_0004[name]
            rows = source.execute(sa.select(table).order_by(table.c.row_id)).mappings().all()
            target.execute(sa.insert(table), [{**{c: v for c, v in row.items() if c != "row_id"},
                                               "changeset_id": changeset} for row in rows])
    today.dispose()


def rows_of(engine, tables: dict[str, sa.Table]) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {name: [tuple(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns))]
                for name, table in tables.items()}


def test_a_store_at_0004_with_documents_upgrades_to_the_newest_revision_keeping_every_row_and_downgrades_back(
        store_url, tmp_path):
    old = create_store_engine(store_url)
    upgrade(old, "0004")
    import_as_0004_did(old, f"sqlite:///{tmp_path / 'today.sqlite'}")
    text = SEED_PATH.read_text(encoding="utf-8")
    kept = [("000_7d6bc60bc6dc7dcc", SEED_PATH.name, sha256(SEED_PATH.read_bytes())),
            ("001_a2eeeaaec17ca9df", "cao-bang.txt", sha256(b"cao bang"))]
    with old.begin() as conn:
        changeset = conn.execute(sa.text("SELECT max(changeset_id) FROM changesets")).scalar_one()
        conn.execute(sa.text("INSERT INTO documents (source_id, file_name, source_format, encoding, sha256, text, "
                             "changeset_id) VALUES (:source_id, :name, 'txt', 'utf-8', :sha256, :text, :changeset)"),
                     [{"source_id": s, "name": n, "sha256": h, "text": text, "changeset": changeset}
                      for s, n, h in kept])
    at_0004 = tables_as_in(old)
    before, rows = row_counts(old), rows_of(old, at_0004)
    assert before["models"] > 0 and before["documents"] == len(kept)
    old.dispose()
    engine = connect_store(store_url)  # what the dashboard does on start
    with engine.connect() as conn:
        head = ScriptDirectory.from_config(alembic_config(conn)).get_current_head()
        assert MigrationContext.configure(conn).get_current_revision() == head
        names_in_source = conn.execute(sa.select(VERSIONED_TABLES["models"].c.name_in_source)).scalars().all()
    assert names_in_source == [None] * before["models"]
    assert (row_counts(engine), rows_of(engine, at_0004)) == (before, rows)
    assert documented_sources(engine) == {source_id for source_id, _, _ in kept}
    for source_id, name, digest in kept:
        document = load_document(engine, source_id)
        assert (document["file_name"], document["sha256"], document["text"], document["original"]) == (
            name, digest, text, None)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0004")
    assert {name: set(table.columns.keys()) for name, table in tables_as_in(engine).items()} == {
        name: set(table.columns.keys()) for name, table in at_0004.items()}
    assert {"original", "name_in_source"}.isdisjoint(
        at_0004["documents"].columns.keys() + at_0004["models"].columns.keys())
    assert (row_counts(engine), rows_of(engine, at_0004)) == (before, rows)
    engine.dispose()


# 4. /sources offers the kept file beside its text.

@pytest.fixture(scope="module")
def store_with_originals(tmp_path_factory, dataset, gazetteer):
    """A SQLite store of data/ plus the Điện Biên form and the .docx report, read by the app while the tests run."""
    url = f"sqlite:///{tmp_path_factory.mktemp('originals') / 'store.sqlite'}"
    engine = open_store(url)
    sources = publish_originals(engine, dataset, gazetteer, create_user(engine, "editor_an", "mật khẩu đủ dài",
                                                                        "editor"))
    engine.dispose()
    stores = use_store(url)
    next(stores)
    yield sources
    next(stores, None)


@pytest.mark.parametrize(("file_name", "mime"), [(FORM_NAME, XLSX_MIME), (DOCX_NAME, DOCX_MIME)])
def test_the_sources_page_offers_the_original_file_under_its_name_beside_the_kept_text(store_with_originals,
                                                                                        file_name, mime):
    source_id, data = store_with_originals[file_name]
    at = run_page(SOURCES.file, {"source": source_id})
    assert [button.key for button in at.get("download_button") if button.key.startswith("original_")] == []
    at.checkbox(key=f"text_{source_id}").check()
    run_again(at)
    (button,) = [button for button in at.get("download_button") if button.key == f"original_{source_id}"]
    assert button.proto.label == "Tải tệp gốc"
    assert download_file(button) == (file_name, mime, data)
