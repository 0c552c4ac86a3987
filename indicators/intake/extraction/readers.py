"""Turn an uploaded report (.txt, .html/.htm, .docx, .pdf) into clean Unicode text, or refuse it with a clear reason.

Nothing here stores anything: bytes in, a ReportText (or a ReportReadError naming why not) out. Checks run in a fixed
order (empty, too large, unsupported or mislabelled type, then the format reader) so an editor always gets the most
basic reason first. Text files and web pages may be in UTF-8, UTF-16 or one of the three legacy Vietnamese encodings
still found in provincial offices (Windows-1258, TCVN3/ABC and VNI); legacy_encodings detects and converts those,
and this module refuses with a "save it as UTF-8" message when the conversion is not confidently right.
"""

import codecs
import hashlib
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from lxml import etree

from indicators.intake.extraction.document import split_header

# The legacy tables stay importable from here (tests build legacy files from them).
from indicators.intake.extraction.legacy_encodings import TCVN3_DECODING_TABLE as TCVN3_DECODING_TABLE
from indicators.intake.extraction.legacy_encodings import TCVN3_LETTERS as TCVN3_LETTERS
from indicators.intake.extraction.legacy_encodings import VNI_SEQUENCES as VNI_SEQUENCES
from indicators.intake.extraction.legacy_encodings import detect_legacy_bytes, remap_mojibake, repair_legacy_text
from indicators.intake.refusal import Refusal
from indicators.safety import cut

# The format libraries (BeautifulSoup, python-docx, pypdf: 0.4 s of imports together) are imported by the reader that
# needs them, so that reading a .txt (the extractor's command line, mostly) does not wait for them.
if TYPE_CHECKING:
    import pypdf
    from bs4 import BeautifulSoup

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
FORMAT_BY_SUFFIX = {".txt": "txt", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
# The most text one upload may give, in every format: the longest real report (shared/seeds, shared/reports) has about
# 9,000 characters, so this is some 30 times more. The extractor and the review page take time with the text's length.
MAX_TEXT_CHARS = 300_000
# A .docx is a ZIP: its parts may unpack to no more than this (declared sizes, checked before anything is unpacked).
MAX_UNPACKED_DOCX_BYTES = 32 * 1024 * 1024
# The most XML elements a .docx body may have: a report at MAX_TEXT_CHARS written by Word has some 20 elements per
# paragraph (runs, their properties, fonts), about 100,000 in all. Counted as the body streams, so a small package of
# millions of empty elements (<w:p/>, <w:tab/>) is refused in a fraction of a second, before python-docx builds them.
MAX_DOCX_ELEMENTS = 400_000
DOCX_BODY_PART = "word/document.xml"
WORD_TEXT_TAG = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
STREAM_CHUNK_BYTES = 64 * 1024

# Leading bytes of files that are plainly not text, with the words used to tell the editor what we saw.
MAGIC_KINDS = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (such as a .docx file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc or .xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.05

ENCODING_LABELS = {
    "windows-1258": "Windows-1258", "tcvn3": "TCVN3 (ABC, .VnTime fonts)", "vni": "VNI (VNI-Times fonts)",
}

HTML_DROP_TAGS = (
    "script", "style", "nav", "header", "footer", "aside", "noscript", "form", "template", "svg", "iframe",
)
HTML_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "caption",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption", "address", "hr", "body",
)
BLOCK_MARK, BREAK_MARK = "\ue000", "\ue001"
META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.IGNORECASE)

INVISIBLE_CHARS = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\ue000\ue001"))
SPACE_CHARS = dict.fromkeys(map(ord, "\u00a0\u202f\u2007"), " ")
EXCESS_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){3,}")


class ReportReadError(Refusal):
    """An upload that cannot be read: code is one of 'empty', 'too_large', 'unsupported_type', 'binary',
    'undecodable', 'legacy_encoding', 'no_text', 'corrupt', 'text_too_large'."""

    kind = "read_error"


@dataclass(frozen=True)
class ReportText:
    """The text read from one upload, with how it was read (so the review page can say so)."""

    name: str
    text: str
    source_format: str
    encoding: str
    converted_from: str | None
    sha256: str
    title: str


def read_report_bytes(name: str, data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> ReportText:
    """Read an uploaded report's bytes into NFC text, or raise ReportReadError with the first reason it cannot be."""
    suffix = PurePath(name).suffix.lower()
    check_upload(name, data, suffix, max_bytes)
    source_format = FORMAT_BY_SUFFIX[suffix]
    text, encoding, converted_from, title = FORMAT_READERS[source_format](name, data)
    check_text_size(name, text)
    text = normalise_text(text)
    check_has_letters(name, text, source_format)
    title = " ".join(normalise_text(title).split())
    return ReportText(name, text, source_format, encoding, converted_from, hashlib.sha256(data).hexdigest(), title)


def refuse(code: str, message: str, **detail: object) -> ReportReadError:
    """Build the error with its message filled in from the same values it carries (text values cut to a readable
    length: a file name or a library's complaint may be any length)."""
    detail = {key: cut(value) if isinstance(value, str) else value for key, value in detail.items()}
    return ReportReadError(code, message.format(**detail), **detail)


def refuse_text_too_large(name: str) -> ReportReadError:
    return refuse(
        "text_too_large", "{name} unpacks to too much text: more than {limit_chars:,} characters, far more than any "
        "report. Split it into smaller files and upload those.", name=name, limit_chars=MAX_TEXT_CHARS,
        limit_thousands=MAX_TEXT_CHARS // 1000,
    )


def check_text_size(name: str, text: str) -> None:
    """Refuse a text longer than MAX_TEXT_CHARS (each reader checks as early as its format allows; this is the last
    word)."""
    if len(text) > MAX_TEXT_CHARS:
        raise refuse_text_too_large(name)


# --- checks before reading ----------------------------------------------------------------------------------------


def check_upload(name: str, data: bytes, suffix: str, max_bytes: int) -> None:
    """Refuse in the fixed order: empty, too large, unsupported suffix, content that contradicts the suffix."""
    if is_blank(data):
        raise refuse("empty", "{name} is empty: the file has no text in it.", name=name)
    if len(data) > max_bytes:
        raise refuse(
            "too_large", "{name} is {size_mb:g} MB, larger than the {limit_mb:g} MB upload limit. "
            "Upload the report's text only, or split it into smaller files.",
            name=name, size_mb=math.ceil(len(data) * 10 / 2**20) / 10, limit_mb=round(max_bytes / 2**20, 2),
        )
    if suffix not in SUPPORTED_SUFFIXES:
        hint = " Open it in Word and save it as .docx." if suffix in (".doc", ".rtf", ".odt") else ""
        raise refuse(
            "unsupported_type", "{name}: '{suffix}' files are not supported. Upload a .txt, .html, .htm, .docx "
            "or .pdf file." + hint, name=name, suffix=suffix or "(no extension)",
        )
    check_content_matches_suffix(name, data, suffix)


def is_blank(data: bytes) -> bool:
    """True for 0 bytes or only whitespace (after a byte-order mark; UTF-16's zero bytes do not count as text)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            data = data[len(bom):]
            if encoding == "utf-16":
                data = data.replace(b"\x00", b"")
    return not data.strip()


def sniff_kind(data: bytes) -> str:
    """What the leading bytes say the file is ('' when they say nothing)."""
    return next((kind for magic, kind in MAGIC_KINDS if data.startswith(magic)), "")


def check_content_matches_suffix(name: str, data: bytes, suffix: str) -> None:
    """Refuse a file whose bytes plainly are another format than its name says (a PDF renamed .txt, a .doc as .docx)."""
    kind = sniff_kind(data)
    if suffix in (".txt", ".html", ".htm") and kind:
        raise refuse(
            "binary", "{name} is not plain text: it looks like {detected}. Upload it under its real file type, "
            "or save its text as a .txt file.", name=name, suffix=suffix, detected=kind,
        )
    if suffix == ".docx" and not data.startswith(b"PK\x03\x04"):
        detected = kind or "something else (not a ZIP package)"
        raise refuse(
            "corrupt", "{name} is not a Word .docx file: it looks like {detected}. Open it in Word and save it "
            "as .docx.", name=name, suffix=suffix, detected=detected,
        )
    if suffix == ".pdf" and b"%PDF-" not in data[:1024]:
        raise refuse(
            "corrupt", "{name} is not a PDF file: it has no PDF header{detected}.", name=name, suffix=suffix,
            detected=f" and looks like {kind}" if kind else "",
        )


def check_not_binary(name: str, chars: str) -> None:
    """Refuse text that holds NUL bytes or many control characters: it is a binary file whatever its name says."""
    if "\x00" in chars:
        raise refuse(
            "binary", "{name} is not plain text: it contains NUL bytes, as binary files do.", name=name, reason="nul",
        )
    share = len(CONTROL_CHARS.findall(chars)) / max(len(chars), 1)
    if share > MAX_CONTROL_SHARE:
        raise refuse(
            "binary", "{name} is not plain text: {percent}% of its characters are control characters.",
            name=name, reason="control", percent=round(100 * share, 1),
        )


def check_has_letters(name: str, text: str, source_format: str) -> None:
    """Refuse a report with no letters in its body (a scanned PDF, a page of numbers or punctuation)."""
    body = split_header(text)[1] if source_format == "txt" else text
    if any(char.isalpha() for char in body):
        return
    if source_format == "pdf":
        raise refuse(
            "no_text", "{name} has no text that can be extracted: it looks like a scanned document (pictures of "
            "pages). OCR is not supported; upload the original Word file or a text version.", name=name, scanned=True,
        )
    raise refuse("no_text", "{name} contains no readable text (no letters at all).", name=name, scanned=False)


# --- text normalisation -----------------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """NFC, \\n line ends, plain spaces for no-break spaces, no zero-width characters, at most two blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(INVISIBLE_CHARS).translate(SPACE_CHARS)
    return EXCESS_BLANK_LINES.sub("\n\n\n", unicodedata.normalize("NFC", text))


# --- byte decoding: UTF-8/UTF-16, else a legacy Vietnamese encoding -----------------------------------------------


def decode_text_bytes(name: str, data: bytes, declared: str = "") -> tuple[str, str, str | None]:
    """Bytes to text: BOM first, then strict UTF-8, then a confidently detected legacy Vietnamese encoding."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode("utf-8-sig" if encoding == "utf-8" else "utf-16")
            except UnicodeDecodeError as error:
                raise refuse_undecodable(name, f"{encoding} (from its byte-order mark)") from error
            check_not_binary(name, text)
            return text, encoding, None
    if text := decode_utf16_without_bom(data):
        check_not_binary(name, text)
        return text, "utf-16", None
    check_not_binary(name, data.decode("latin-1"))
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as error:
        detected = detect_legacy_bytes(data, declared)
        if detected is None:
            raise refuse_undecodable(name, "UTF-8, UTF-16, Windows-1258, TCVN3 or VNI") from error
        encoding, text = detected
        return text, encoding, encoding


def decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark: ASCII leaves a zero byte at every other position and none between."""
    sample = data[:4096]
    if len(data) % 2 or len(sample) < 4:
        return None
    even_zeros, odd_zeros = (sample[start::2].count(0) / (len(sample) // 2) for start in (0, 1))
    if odd_zeros > 0.3 and not even_zeros:
        codec = "utf-16-le"
    elif even_zeros > 0.3 and not odd_zeros:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def refuse_undecodable(name: str, tried: str) -> ReportReadError:
    return refuse(
        "undecodable", "{name} could not be read as text: its bytes are not valid {tried}. Save the file as UTF-8 "
        "(Unicode) and upload it again.", name=name, tried=tried,
    )


def convert_legacy_text(name: str, text: str) -> tuple[str, str | None]:
    """Text with legacy Vietnamese stored as Unicode converted when sure (and the encoding); refused when unsure."""
    repair = repair_legacy_text(text)
    if repair.suspected:
        raise refuse(
            "legacy_encoding", "{name} looks like it was typed in the legacy {label} encoding and could not be "
            "converted reliably. Open it, convert it to Unicode (for example with Unikey's converter) and save it as "
            "UTF-8 (Unicode), then upload it again.", name=name, encoding=repair.suspected,
            label=ENCODING_LABELS[repair.suspected],
        )
    return repair.text, repair.converted_from


# --- the format readers ---------------------------------------------------------------------------------------------


def read_txt(name: str, data: bytes) -> tuple[str, str, str | None, str]:
    """A text file, header block and all: decoded bytes, with legacy text stored as Unicode converted."""
    text, encoding, converted_from = decode_text_bytes(name, data)
    check_text_size(name, text)
    if converted_from is None:
        text, converted_from = convert_legacy_text(name, text)
    return text, encoding, converted_from, ""


def declared_charset(data: bytes) -> str:
    """The charset a page's <meta> declares, as a Python codec name ('' when none or unknown)."""
    match = META_CHARSET.search(data[:4096])
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name.replace("cp1258", "windows-1258") if match else ""
    except LookupError:
        return ""


def read_html(name: str, data: bytes) -> tuple[str, str, str | None, str]:
    """A web page's readable text: page chrome dropped, paragraphs and line breaks kept, title from <title>."""
    from bs4 import BeautifulSoup

    markup, encoding, converted_from = decode_text_bytes(name, data, declared_charset(data))
    soup = BeautifulSoup(markup.replace(BLOCK_MARK, "").replace(BREAK_MARK, ""), "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    text = html_text(soup)
    check_text_size(name, text)
    if converted_from is None:
        text, converted_from = convert_legacy_text(name, text)
        title = convert_title(title, converted_from)
    return text, encoding, converted_from, title


def convert_title(title: str, converted_from: str | None) -> str:
    """A title typed in the same legacy font as the text it heads, converted the same way."""
    return (remap_mojibake(title, converted_from) or title) if converted_from and title else title


def html_text(soup: "BeautifulSoup") -> str:
    """Visible text with a blank line between blocks and a newline for <br>; other whitespace collapsed as a browser."""
    for tag in soup.find_all(HTML_DROP_TAGS):
        tag.decompose()
    if soup.head:
        soup.head.decompose()
    for tag in soup.find_all("br"):
        tag.replace_with(BREAK_MARK)
    for tag in soup.find_all(HTML_BLOCK_TAGS):
        tag.insert_before(BLOCK_MARK)
        tag.append(BLOCK_MARK)
    text = re.sub(r"[ \t\n\r\f]+", " ", soup.get_text())
    text = re.sub(rf"[ {BREAK_MARK}]*{BLOCK_MARK}[ {BLOCK_MARK}{BREAK_MARK}]*", "\n\n", text)
    text = re.sub(rf" *{BREAK_MARK} *", "\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def read_docx(name: str, data: bytes) -> tuple[str, str, str | None, str]:
    """A Word file's paragraphs and table cells in document order, one paragraph per line; title from its properties."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        check_docx_package(name, data)
        document = docx.Document(io.BytesIO(data))
        lines = list(docx_lines(document.iter_inner_content()))
        title = document.core_properties.title or ""
    except ReportReadError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, EOFError, etree.XMLSyntaxError) as error:
        raise refuse(
            "corrupt", "{name} could not be opened as a Word .docx file ({reason}). Open it in Word, save it again "
            "as .docx and upload the new file.", name=name, reason=str(error) or type(error).__name__,
        ) from error
    text, converted_from = convert_legacy_text(name, "\n".join(lines).strip())
    return text, "", converted_from, convert_title(title, converted_from)


def check_docx_package(name: str, data: bytes) -> None:
    """Refuse a package that unpacks to far more than any report, before python-docx unpacks and parses all of it.

    First the parts' declared sizes (zipfile never unpacks more than a part declares), then the text of the body
    part, read as a stream and counted without building a tree, up to the first chunk past MAX_TEXT_CHARS."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if sum(item.file_size for item in package.infolist()) > MAX_UNPACKED_DOCX_BYTES:
            raise refuse_text_too_large(name)
        if DOCX_BODY_PART in package.namelist():
            with package.open(DOCX_BODY_PART) as stream:
                check_word_text_size(name, stream)


class WordTextCounter:
    """An lxml parser target that counts the elements and the characters inside <w:t> elements and builds nothing."""

    def __init__(self) -> None:
        self.inside = 0
        self.chars = 0
        self.elements = 0

    def start(self, tag: str, _attributes, _namespaces=None) -> None:
        self.elements += 1
        self.inside += tag == WORD_TEXT_TAG

    def end(self, tag: str) -> None:
        self.inside -= tag == WORD_TEXT_TAG

    def data(self, text: str) -> None:
        if self.inside:
            self.chars += len(text)

    def close(self) -> int:
        return self.chars


def check_word_text_size(name: str, stream) -> None:
    """Refuse a Word body whose <w:t> text passes MAX_TEXT_CHARS or whose elements pass MAX_DOCX_ELEMENTS, reading no
    further than the chunk that passes either."""
    counter = WordTextCounter()
    parser = etree.XMLParser(target=counter, resolve_entities=False, no_network=True, huge_tree=False)
    while chunk := stream.read(STREAM_CHUNK_BYTES):
        parser.feed(chunk)
        if counter.chars > MAX_TEXT_CHARS or counter.elements > MAX_DOCX_ELEMENTS:
            raise refuse_text_too_large(name)


def docx_lines(blocks) -> list[str]:
    """Paragraph texts, walking into tables cell by cell (a merged cell once), nested tables included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            seen = set()
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.add(cell._tc)
                        lines.extend(docx_lines(cell.iter_inner_content()))
    return lines


def read_pdf(name: str, data: bytes) -> tuple[str, str, str | None, str]:
    """A PDF's text layer page by page; encrypted or broken files are refused (a scanned one fails the letter check)."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise refuse(
                "corrupt", "{name} is password-protected (encrypted). Remove the password, save the PDF again and "
                "upload the new file.", name=name, reason="encrypted",
            )
        pages = pdf_pages_text(name, reader)
        title = str((reader.metadata or {}).get("/Title") or "")
    except ReportReadError:
        raise
    except pypdf.errors.DependencyError as error:
        raise refuse(
            "corrupt", "{name} is encrypted with a method this server cannot open. Remove the password, save the "
            "PDF again and upload the new file.", name=name, reason="encrypted",
        ) from error
    except Exception as error:  # pypdf raises many types on damaged files; every one means the same to the editor
        raise refuse(
            "corrupt", "{name} could not be opened as a PDF ({reason}). Export the PDF again from the original "
            "document and upload the new file.", name=name, reason=str(error) or type(error).__name__,
        ) from error
    text, converted_from = convert_legacy_text(name, "\n\n".join(page.strip() for page in pages).strip())
    return text, "", converted_from, convert_title(title, converted_from)


def pdf_pages_text(name: str, reader: "pypdf.PdfReader") -> list[str]:
    """Each page's text, page by page, refused at the first page that takes the whole past MAX_TEXT_CHARS."""
    pages, total = [], 0
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        total += len(pages[-1])
        if total > MAX_TEXT_CHARS:
            raise refuse_text_too_large(name)
    return pages


FORMAT_READERS = {"txt": read_txt, "html": read_html, "docx": read_docx, "pdf": read_pdf}
