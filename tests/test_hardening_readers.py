"""Uploads that unpack to far more text than any report are refused early, with their own reason and message."""

import io
import time
import zipfile

import docx
import pypdf
import pytest
from lxml import etree
from test_readers import make_docx, make_text_pdf, read_error, real_lines, real_text

from briefing.i18n import translate
from indicators.intake.extraction import readers
from indicators.intake.extraction.readers import (
    MAX_TEXT_CHARS,
    MAX_UNPACKED_DOCX_BYTES,
    MAX_UPLOAD_BYTES,
    read_report_bytes,
)
from indicators.paths import reports_dir, seeds_dir

SEED_000 = "000_7d6bc60bc6dc7dcc.txt"
PARAGRAPH = "Toàn tỉnh đã xây dựng được hơn 532 mô hình học tập và làm theo Bác. "
TOO_LARGE = {"name": "", "limit_chars": MAX_TEXT_CHARS, "limit_thousands": MAX_TEXT_CHARS // 1000}


def repeated_to(text: str, chars: int) -> str:
    return (text * (chars // len(text) + 1))[:chars]


def docx_with_body(body_xml: str) -> bytes:
    """A real python-docx package whose word/document.xml is replaced by `body_xml` (compressed, as Word does)."""
    source = zipfile.ZipFile(io.BytesIO(make_docx(real_lines(SEED_000)[:4])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            data = body_xml.encode() if item.filename == "word/document.xml" else source.read(item.filename)
            package.writestr(item.filename, data)
    return buffer.getvalue()


def word_document(paragraph: str, repeats: int) -> str:
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = f"<w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p>" * repeats
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    return f"{declaration}\n<w:document {namespace}><w:body>{body}</w:body></w:document>"


@pytest.fixture
def python_docx_must_not_run(monkeypatch):
    """A function that, called once the test's files are made, fails the test if python-docx is then asked to open a
    package (it would unpack and parse all of it first)."""
    def refuse_to_open(*_args, **_kwargs):
        raise AssertionError("python-docx opened a package that should have been refused before")
    return lambda: monkeypatch.setattr(docx, "Document", refuse_to_open)


def test_real_reports_are_far_below_the_text_limit():
    longest = max(len(path.read_text(encoding="utf-8")) for path in [*seeds_dir().glob("*.txt"),
                                                                         *reports_dir().rglob("*.txt")])
    assert longest < MAX_TEXT_CHARS / 20


# 21.7 MB: the upload (105 KB unpacking to 21.7 MB of text), its body part larger than the package limit;
# 2 MB: a body part within the package limit, whose text is counted as it streams.
@pytest.mark.parametrize("text_chars", [21_700_000, 2_000_000])
def test_a_small_docx_that_unpacks_to_megabytes_of_text_is_refused_before_python_docx_reads_it(
        python_docx_must_not_run, text_chars):
    data = docx_with_body(word_document(PARAGRAPH, text_chars // len(PARAGRAPH)))
    assert len(data) < 200_000
    python_docx_must_not_run()
    error = read_error("bao-cao.docx", data)
    assert (error.code, error.detail) == ("text_too_large", {**TOO_LARGE, "name": "bao-cao.docx"})
    assert str(error) == (
        f"bao-cao.docx unpacks to too much text: more than {MAX_TEXT_CHARS:,} characters, far more than any "
        "report. Split it into smaller files and upload those."
    )


def test_a_docx_package_declaring_more_unpacked_bytes_than_the_limit_is_refused_as_too_large(
        python_docx_must_not_run):
    buffer = io.BytesIO(make_docx(real_lines(SEED_000)[:4]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/padding.bin", b"\x00" * (MAX_UNPACKED_DOCX_BYTES + 1))
    python_docx_must_not_run()
    error = read_error("bao-cao.docx", buffer.getvalue())
    assert (error.code, error.detail) == ("text_too_large", {**TOO_LARGE, "name": "bao-cao.docx"})


def test_a_docx_just_under_the_limit_reads_whole():
    paragraphs = [PARAGRAPH.strip()] * (MAX_TEXT_CHARS // len(PARAGRAPH))
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_report_bytes("dai.docx", buffer.getvalue()).text == "\n".join(paragraphs)


def test_a_txt_or_html_with_more_text_than_the_limit_is_refused():
    text = repeated_to(real_text(SEED_000), MAX_TEXT_CHARS + 20_000)  # a page's collapsed blanks stay above too
    assert len(text.encode("utf-8")) < MAX_UPLOAD_BYTES
    for name, data in (("dai.txt", text.encode("utf-8")), ("dai.html", f"<p>{text}</p>".encode())):
        error = read_error(name, data)
        assert (error.code, error.detail) == ("text_too_large", {**TOO_LARGE, "name": name})
    at_limit = repeated_to(real_text(SEED_000), MAX_TEXT_CHARS)
    assert read_report_bytes("vua.txt", at_limit.encode("utf-8")).text == at_limit


def test_a_pdf_stops_being_read_at_the_page_that_passes_the_limit(monkeypatch):
    monkeypatch.setattr(readers, "MAX_TEXT_CHARS", 1500)
    lines = real_lines(SEED_000)
    pages = [lines[:12], lines[12:24], lines[24:36], lines[36:]]
    read_pages = []
    original = pypdf.PageObject.extract_text
    monkeypatch.setattr(pypdf.PageObject, "extract_text",
                        lambda page, *args, **kwargs: read_pages.append(page) or original(page, *args, **kwargs))
    error = read_error("dai.pdf", make_text_pdf(pages))
    assert (error.code, error.detail["limit_chars"]) == ("text_too_large", 1500)
    assert len(read_pages) < len(pages)


def test_the_refusal_is_worded_in_both_languages():
    detail = {**TOO_LARGE, "name": "bao-cao.docx"}
    assert translate("read_error_text_too_large", "vi", **detail) == (
        f"Tệp bao-cao.docx giải nén ra quá lớn: hơn {MAX_TEXT_CHARS // 1000} nghìn ký tự, vượt giới hạn của một "
        "báo cáo. Hãy tách thành các tệp nhỏ hơn. Chưa lưu gì."
    )
    assert translate("read_error_text_too_large", "en", **detail) == (
        f"bao-cao.docx unpacks to too much text: more than {MAX_TEXT_CHARS // 1000} thousand characters, over the "
        "limit for one report. Split it into smaller files. Nothing was stored."
    )


def test_long_names_and_suffixes_echoed_in_a_refusal_are_cut():
    data = real_text(SEED_000).encode("utf-8")
    error = read_error("bao-cao." + "x" * 100_000, data)
    assert error.code == "unsupported_type"
    assert len(str(error)) < 600
    assert error.detail["suffix"] == "." + "x" * 198 + "…"
    error = read_error("b" * 100_000 + ".doc", data)
    assert error.detail["name"] == "b" * 199 + "…"
    assert len(str(error)) < 600


# Issue 22 item 2: 79 KB packages whose body is millions of empty elements passed both caps (no text, few bytes) and
# took python-docx 75 s and 1.4 GB (5 M paragraphs) or 7 s and 852 MB (3.7 M tabs).
@pytest.mark.parametrize("body", ["<w:p/>" * 5_000_000, "<w:p><w:r>" + "<w:tab/>" * 3_700_000 + "</w:r></w:p>"],
                         ids=["5M-paragraphs", "3.7M-tabs"])
def test_a_small_docx_of_millions_of_empty_elements_is_refused_within_two_seconds(python_docx_must_not_run, body):
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    data = docx_with_body(f'<?xml version="1.0" encoding="UTF-8"?><w:document {namespace}><w:body>{body}</w:body>'
                          "</w:document>")
    assert len(data) < 100_000
    python_docx_must_not_run()
    started = time.perf_counter()
    error = read_error("bao-cao.docx", data)
    assert time.perf_counter() - started < 2
    assert (error.code, error.detail) == ("text_too_large", {**TOO_LARGE, "name": "bao-cao.docx"})


def test_a_real_report_as_docx_has_far_fewer_elements_than_the_cap():
    document = docx.Document()
    for line in real_lines(SEED_000):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    counter = readers.WordTextCounter()
    parser = etree.XMLParser(target=counter)
    parser.feed(zipfile.ZipFile(buffer).read(readers.DOCX_BODY_PART))
    assert counter.elements * (MAX_TEXT_CHARS // len(real_text(SEED_000))) < readers.MAX_DOCX_ELEMENTS
