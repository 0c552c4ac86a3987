"""Link parameters and source texts shown through markdown are text, never a link or an image (issue 14, hole 3).

Streamlit renders markdown in st.markdown, captions, alerts, titles, widget and expander labels, help texts, radio
options and metric labels: `[Đăng nhập lại](http://…)` there is a real link, `![a](http://…/px.gif)` makes the
browser fetch the image. Each page runs under AppTest on a store with hostile titles, names and evidence
(tests/hostile_store.py) and with hostile link parameters; no string it sends to be rendered as markdown may hold an
unescaped `](` or `![` (escaped, they read `\\]\\(` and `\\!\\[`).
"""

import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
from google.protobuf.json_format import MessageToDict
from hostile_store import (
    CAO_BANG_SOURCE,
    DIEN_BIEN_SOURCE,
    IMAGE,
    LINK,
    clear_streamlit_caches,
    run_again,
    run_page,
    use_hostile_store,
)

from components.auth import USER_KEY
from indicators.intake.reporting_form import DATA_SHEET, build_template
from indicators.store.accounts import User
from indicators.store.database import documents
from indicators.store.published import load_published_dataset, open_store

# Elements that never render markdown: raw HTML is escaped by its builders (and Streamlit sanitises it), charts and
# tables draw text as text; so do the options of a selectbox or multiselect (radio options are markdown).
NOT_MARKDOWN = {"html", "plotly_chart", "dataframe", "table", "json", "code", "text"}
PLAIN_FIELDS = {"id", "formId", "url", "deferredFileId", "pageScriptHash", "page", "icon", "key"}
OPTION_FIELDS = {"options", "default", "rawValue", "rawValues", "value", "setValue"}
PLAIN_VALUE_WIDGETS = {"selectbox", "multiselect", "text_input", "text_area", "number_input"}
BARE_URL = "https://login.evil.test/x"
BARE_LINK = "[x](http://evil.test/f) www.evil.test me@evil.test"
PAGES = ("overview", "compare", "province", "trends", "models", "sources")
CASES = [
    ("overview", {"indicator": LINK}),
    ("overview", {"indicator": IMAGE, "subtype": LINK, "phase": IMAGE}),
    ("overview", {"indicator": "models_built"}),
    ("compare", {"indicators": f"models_built,{LINK}", "provinces": IMAGE, "preset": "custom"}),
    ("province", {"province": "04"}),
    ("province", {"province": "11", "district": LINK}),
    ("trends", {"indicator": LINK}),
    ("trends", {"indicator": "models_built", "subtype": IMAGE, "provinces": "04,11"}),
    ("models", {"field": LINK}),
    ("models", {"province": "11", "q": IMAGE}),
    ("sources", {}),
    ("sources", {"source": CAO_BANG_SOURCE}),
    ("sources", {"source": DIEN_BIEN_SOURCE, "utm_source": LINK}),
    *((page, {"utm_source": BARE_URL}) for page in PAGES),
    *((page, {"indicator": BARE_LINK}) for page in ("overview", "trends")),
]


@pytest.fixture(scope="module", autouse=True)
def hostile_store(tmp_path_factory):
    yield from use_hostile_store(tmp_path_factory.mktemp("hostile"))


def markdown_texts(node) -> list[tuple[str, str]]:
    """(element type, text) of every string a page sends that Streamlit renders as markdown, in the whole tree."""
    kind, texts = getattr(node, "type", ""), []
    if kind not in NOT_MARKDOWN and getattr(node, "proto", None) is not None:
        skip = PLAIN_FIELDS | (OPTION_FIELDS if kind in PLAIN_VALUE_WIDGETS else set())
        texts += [(kind, text) for text in strings_of(MessageToDict(node.proto), skip)]
    for child in (getattr(node, "children", None) or {}).values():
        texts += markdown_texts(child)
    return texts


def strings_of(value, skip: set[str]) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in strings_of(item, skip)]
    if isinstance(value, dict):
        return [text for key, item in value.items() if key not in skip for text in strings_of(item, skip)]
    return []


# What Streamlit's markdown (remark-gfm) links in text as it is shown, once backslash escapes are resolved: a bare web
# address or e-mail address (issue 22 item 4, issue 21 section 3).
BARE_ADDRESS = re.compile(r"(?i)https?://|www\.|[\w.+-]@[\w-]+\.")
BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescaped(text: str) -> bool:
    """A markdown link or image (`](` or `![` not broken by a backslash), or a bare address Streamlit would link."""
    return "](" in text or "![" in text or BARE_ADDRESS.search(BACKSLASH_ESCAPE.sub(r"\1", text)) is not None


@pytest.mark.parametrize(("page", "params"), CASES, ids=[f"{page}-{'-'.join(params)}" for page, params in CASES])
def test_no_link_or_image_reaches_markdown(page, params):
    at = run_page(None if page == "overview" else f"app_pages/{page}.py", params)
    texts = markdown_texts(at._tree)
    assert texts, "nothing collected: the walk over the page's elements is broken"
    assert [(kind, text) for kind, text in texts if unescaped(text)] == []


def test_the_hostile_texts_are_on_screen_as_text():
    """The walk sees the planted strings, escaped, where they are drawn: so the test above looks in the right places."""
    at = run_page("app_pages/sources.py", {"utm_source": LINK})
    texts = markdown_texts(at._tree)
    escaped_link = "\\[Đăng nhập lại tại đây\\]\\(http\\:\u2060//evil\\.example/login\\)"
    escaped_image = "\\!\\[a\\]\\(http\\:\u2060//evil\\.example/px\\.gif\\)"
    assert ("warning", rf"Đường dẫn có tham số không dùng đến: utm\_source={escaped_link}. Đã bỏ qua.") in texts
    assert any(kind == "markdown" and text.startswith(f"**{escaped_link}**") for kind, text in texts)  # publisher
    assert any(kind == "expander" and text.startswith(f"{escaped_image} {escaped_link} — ") for kind, text in texts)


def test_ingest_shows_uploaded_names_and_published_titles_as_text():
    """An editor uploads a report named like a link that repeats the URL of a source whose title is a link and an
    image, and a damaged file named like an image: the review names them, as text."""
    at = run_page("app_pages/ingest.py", {}, {USER_KEY: User("editor_hostile", "editor")})
    uploader = next(u for u in at.get("file_uploader") if u.proto.id.endswith("ingest_files"))
    report = (f"URL: http://x.example/[a](http://evil.example/u)\n\n{IMAGE} {LINK}\n"
              "Năm 2023, huyện Mường Nhé xây dựng được 22 mô hình học tập và làm theo Bác.\n")
    uploader.upload(f"{LINK}.txt", report.encode(), "text/plain")
    uploader.upload(f"{IMAGE}.pdf", b"not a pdf", "application/pdf")
    at.run()
    assert [e.value for e in at.exception] == []
    texts = markdown_texts(at._tree)
    assert {kind for kind, _ in texts} >= {"subheader", "warning", "error"}  # both reviews drawn, with their notices
    assert [(kind, text) for kind, text in texts if unescaped(text)] == []


def test_bare_addresses_in_a_link_parameter_are_shown_as_written_without_being_links():
    at = run_page(None, {"utm_source": BARE_URL})
    notices = [text for kind, text in markdown_texts(at._tree) if kind == "warning" and "utm" in text]
    assert len(notices) == 1 and not unescaped(notices[0])
    assert BACKSLASH_ESCAPE.sub(r"\1", notices[0]).replace("\u2060", "") == (
        f"Đường dẫn có tham số không dùng đến: utm_source={BARE_URL}. Đã bỏ qua.")


def test_ingest_shows_a_reporting_forms_file_name_and_cells_as_text():
    """Issue 22 item 4: the form's file name and its reporting body (cell B5) were drawn as markdown."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(build_template(load_published_dataset(open_store()))))
    sheet = workbook[DATA_SHEET]
    sheet["B3"], sheet["B5"], sheet["B6"] = "11 – Tỉnh Điện Biên", f"{LINK} {IMAGE} {BARE_URL}", date(2024, 5, 20)
    buffer = io.BytesIO()
    workbook.save(buffer)
    at = run_page("app_pages/ingest.py", {}, {USER_KEY: User("editor_hostile", "editor")})
    uploader = next(u for u in at.get("file_uploader") if u.proto.id.endswith("form_files"))
    uploader.upload(f"{LINK}.xlsx", buffer.getvalue(), "application/octet-stream")
    at.run()
    assert [e.value for e in at.exception] == []
    texts = markdown_texts(at._tree)
    assert any(kind == "subheader" and "Đăng nhập lại" in text for kind, text in texts)  # the form's box is drawn
    assert [(kind, text) for kind, text in texts if unescaped(text)] == []


def test_sources_shows_an_uploaded_files_name_as_text(hostile_store):
    """Issue 22 item 4: on /sources ("Xem văn bản") an upload's file name was drawn as markdown, HTML and all."""
    engine = sa.create_engine(hostile_store)
    with engine.begin() as conn:
        conn.execute(documents.delete().where(documents.c.source_id == DIEN_BIEN_SOURCE))
        conn.execute(documents.insert().values(
            source_id=DIEN_BIEN_SOURCE, file_name=f'<a href="http://evil.test/f">{LINK}</a> {BARE_URL}.txt',
            source_format="txt", encoding="utf-8", converted_from=None, sha256="0" * 64, text="Báo cáo.",
            changeset_id=1, original=None))
    engine.dispose()
    clear_streamlit_caches()
    at = run_page("app_pages/sources.py", {"source": DIEN_BIEN_SOURCE})
    at.checkbox(key=f"text_{DIEN_BIEN_SOURCE}").check()
    run_again(at)
    texts = markdown_texts(at._tree)
    assert any(kind == "caption" and "evil" in text for kind, text in texts)
    assert [(kind, text) for kind, text in texts if unescaped(text) or re.search(r"(?<!\\)<a", text)] == []
