"""Link parameters and source texts shown through markdown are text, never a link or an image (issue 14, hole 3).

Streamlit renders markdown in st.markdown, captions, alerts, titles, widget and expander labels, help texts, radio
options and metric labels: `[Đăng nhập lại](http://…)` there is a real link, `![a](http://…/px.gif)` makes the
browser fetch the image. Each page runs under AppTest on a store with hostile titles, names and evidence
(tests/hostile_store.py) and with hostile link parameters; no string it sends to be rendered as markdown may hold an
unescaped `](` or `![` (escaped, they read `\\]\\(` and `\\!\\[`).
"""

import pytest
from google.protobuf.json_format import MessageToDict
from hostile_store import CAO_BANG_SOURCE, DIEN_BIEN_SOURCE, IMAGE, LINK, run_page, use_hostile_store

from components.auth import USER_KEY
from indicators.users import User

# Elements that never render markdown: raw HTML is escaped by its builders (and Streamlit sanitises it), charts and
# tables draw text as text; so do the options of a selectbox or multiselect (radio options are markdown).
NOT_MARKDOWN = {"html", "plotly_chart", "dataframe", "table", "json", "code", "text"}
PLAIN_FIELDS = {"id", "formId", "url", "deferredFileId", "pageScriptHash", "page", "icon", "key"}
OPTION_FIELDS = {"options", "default", "rawValue", "rawValues", "value", "setValue"}
PLAIN_VALUE_WIDGETS = {"selectbox", "multiselect", "text_input", "text_area", "number_input"}
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


def unescaped(text: str) -> bool:
    """A markdown link or image: `](` or `![` not broken by a backslash."""
    return "](" in text or "![" in text


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
    escaped_link = r"\[Đăng nhập lại tại đây\]\(http\://evil\.example/login\)"
    escaped_image = r"\!\[a\]\(http\://evil\.example/px\.gif\)"
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
