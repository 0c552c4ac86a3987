"""Upload readers on real report text: every format, every legacy Vietnamese encoding, and every refusal."""

import hashlib
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pypdf
import pytest

from indicators.intake.extraction.document import load_report, parse_report
from indicators.intake.extraction.readers import (
    MAX_UPLOAD_BYTES,
    SUPPORTED_SUFFIXES,
    TCVN3_LETTERS,
    VNI_SEQUENCES,
    ReportReadError,
    read_report_bytes,
)
from indicators.paths import DATA_DIR, reports_dir, seeds_dir

TONES = "\u0300\u0301\u0303\u0309\u0323"
SEED_000 = "000_7d6bc60bc6dc7dcc.txt"  # Điện Biên: "Trong 3 năm, toàn tỉnh đã xây dựng được hơn 532 mô hình ..."
REPORT_01 = "01_ha-giang-dong-van-mo-hinh-2021.txt"  # with a URL/DATE/TRUNCATED header; "có 113 mô hình"
CHROME = ("Báo Điện Biên Phủ", "Trang chủ", "Đăng nhập", "Bản quyền", "Tin liên quan", "var tracking", ".menu")


def real_text(name: str) -> str:
    folder = seeds_dir() if (seeds_dir() / name).exists() else reports_dir()
    return (folder / name).read_text(encoding="utf-8")


def real_lines(name: str) -> list[str]:
    """The non-empty lines of a seed or report body, trimmed, as a person would retype them into Word."""
    return [line.strip() for line in parse_report(real_text(name)).text.split("\n") if line.strip()]


def read_error(name: str, data: bytes, **kwargs) -> ReportReadError:
    with pytest.raises(ReportReadError) as caught:
        read_report_bytes(name, data, **kwargs)
    return caught.value


# --- legacy encoders, written for the tests from the module's decoding tables (golden strings anchor the tables) ----

TCVN3_BYTE = {letter: byte for byte, letter in TCVN3_LETTERS.items()}
VNI_SEQUENCE = {letter: sequence for sequence, letter in VNI_SEQUENCES.items()}


def encode_tcvn3(text: str) -> bytes:
    """TCVN3 has no uppercase toned letters: as in .VnTimeH documents, they are stored as the lowercase byte."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        byte = TCVN3_BYTE.get(char, TCVN3_BYTE.get(char.lower()))
        out += bytes([byte]) if byte else char.encode("cp1252")
    return bytes(out)


def tcvn3_expected(text: str) -> str:
    """What TCVN3 can carry of a text: uppercase toned letters come back lowercase."""
    return "".join(
        char.lower() if char not in TCVN3_BYTE and char.lower() in TCVN3_BYTE else char
        for char in unicodedata.normalize("NFC", text)
    )


def encode_vni(text: str) -> bytes:
    return "".join(VNI_SEQUENCE.get(char, char) for char in unicodedata.normalize("NFC", text)).encode("cp1252")


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: the base letter (with its hat or horn) precomposed, the tone a combining byte."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out.append(base + "".join(c for c in decomposed if c in TONES))
    return "".join(out).encode("cp1258")


# --- .txt: the real corpus, as on disk -----------------------------------------------------------------------------


def test_every_real_report_reads_and_parses_like_the_file_on_disk():
    paths = sorted(seeds_dir().glob("*.txt")) + sorted(reports_dir().glob("[0-9][0-9]_*.txt"))
    sources = pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False)  # the real data, on purpose
    numbered_sources = {Path(path).name for path in sources["path"] if re.match(r"reports/\d\d_", path)}
    assert {path.name for path in paths} >= numbered_sources
    changed_by_normalising = []
    for path in paths:
        data = path.read_bytes()
        result = read_report_bytes(path.name, data)
        assert (result.name, result.source_format, result.encoding, result.converted_from, result.title) == (
            path.name, "txt", "utf-8", None, "",
        )
        assert result.sha256 == hashlib.sha256(data).hexdigest()
        on_disk = load_report(path)
        expected_body = re.sub(r"\n(?:[ \t]*\n){3,}", "\n\n\n", on_disk.text.replace("\xa0", " "))
        assert parse_report(result.text, path.name) == on_disk.__class__(
            on_disk.name, expected_body, on_disk.url, on_disk.date, on_disk.truncated
        )
        if result.text != data.decode("utf-8"):
            changed_by_normalising.append(path.name)
    assert changed_by_normalising == [
        "002_992eb0933a361483.txt",  # three no-break spaces become spaces
        "33_dong-nai-hoi-thi-ke-chuyen-khu-vuc-iv-2008.txt",  # runs of 3+ blank lines become 2
        "35_long-an-mo-hinh-hoc-va-lam-theo-bac.txt",
        "64_vinh-long-so-ket-2-nam-ket-luan-01-49-dien-hinh-2023.txt",
    ]


def test_txt_header_block_is_kept_as_is():
    data = (reports_dir() / REPORT_01).read_bytes()
    text = read_report_bytes(REPORT_01, data).text
    assert text.split("\n")[:4] == [
        "URL: http://baohagiang.vn/hoc-tap-theo-bac/202107/nhung-dien-hinh-trong-phong-trao-hoc-tap-va-lam-theo-bac-779010/",
        "DATE: 2021-07",
        "TRUNCATED: yes",
        "",
    ]
    assert "toàn huyện Đồng Văn có 113 mô hình học tập và làm theo Bác" in text


def test_utf8_bom_utf16_crlf_and_decomposed_text_all_read_as_the_same_nfc_text():
    original = real_text(SEED_000)
    variants = [
        ("utf-8", b"\xef\xbb\xbf" + original.encode("utf-8")),
        ("utf-16", original.replace("\n", "\r\n").encode("utf-16")),
        ("utf-16", original.encode("utf-16-le")),  # saved without a byte-order mark
        ("utf-16", original.encode("utf-16-be")),
    ]
    for encoding, data in variants:
        result = read_report_bytes("bao-cao.txt", data)
        assert (result.encoding, result.converted_from, result.text) == (encoding, None, original)
    decomposed = unicodedata.normalize("NFD", original).replace("\n", "\r\n")
    assert read_report_bytes("bao-cao.txt", decomposed.encode("utf-8")).text == original
    assert "hơn 532 mô hình" in original


def test_normalising_drops_invisible_characters_and_excess_blank_lines():
    lines = real_lines(SEED_000)[:3]
    messy = f"\ufeff{lines[0]}\r\n\r\n\r\n\r\n\r\n{lines[1].replace(' ', chr(0xA0), 2)}\u200b\n\n{lines[2]}\u00ad\u200d"
    text = read_report_bytes("bao-cao.txt", messy.encode("utf-8")).text
    assert text == f"{lines[0]}\n\n\n{lines[1]}\n\n{lines[2]}"


def test_utf8_with_latin1_looking_characters_stays_utf8():
    extra = "\nẢnh: © 2024 Báo Điện Biên Phủ; trời 25°C, ½ ngày; khách mời Jean-Hélène Müller (Zürich) và Søren."
    original = real_text(SEED_000) + extra
    result = read_report_bytes("bao-cao.txt", original.encode("utf-8"))
    assert (result.encoding, result.converted_from, result.text) == ("utf-8", None, original)


def test_a_foreign_language_text_with_accents_is_not_taken_for_legacy_vietnamese():
    french = (
        "Le café crème à la façade du musée était très célèbre. Où est la bibliothèque? Noël à Zürich, un résumé "
        "naïf, l'été dernier à Genève près du théâtre. 532 modèles, 113 exemplaires."
    )
    result = read_report_bytes("note.txt", french.encode("utf-8"))
    assert (result.encoding, result.converted_from, result.text) == ("utf-8", None, french)


# --- .txt: legacy Vietnamese encodings -----------------------------------------------------------------------------


def test_golden_legacy_strings_decode_to_the_national_motto():
    motto = "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nBáo cáo kết quả học tập và làm theo Bác"
    tcvn3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nB¸o c¸o kÕt qu¶ häc tËp vµ lµm theo B¸c"
    vni = (
        "Coäng hoaø xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\n"
        "Baùo caùo keát quaû hoïc taäp vaø laøm theo Baùc"
    )
    for encoding, legacy in (("tcvn3", tcvn3), ("vni", vni)):
        result = read_report_bytes("quoc-hieu.txt", legacy.encode("cp1252"))
        assert (result.text, result.encoding, result.converted_from) == (motto, encoding, encoding)
    vni_more = "ñöôïc Ñaø Naüng, tyû leä cao; Mî Chaâu, huyeän lî, THÒ TRAÁN".encode("cp1252")
    assert read_report_bytes("q.txt", vni_more).text == "được Đà Nẵng, tỷ lệ cao; Mỵ Châu, huyện lỵ, THỊ TRẤN"
    tcvn3_more = "Thñ t\xadíng ChÝnh phñ, Th«ng t\xad, nhµ n\xadíc, Tæ chøc, lçi, qu¶n lý".encode("cp1252")
    expected = "Thủ tướng Chính phủ, Thông tư, nhà nước, Tổ chức, lỗi, quản lý"
    assert read_report_bytes("q.txt", tcvn3_more).text == expected


# Each legacy encoding, how to write a text in it, and what reading it back gives (TCVN3 has no toned capitals).
LEGACY_ENCODINGS = [
    ("windows-1258", encode_cp1258, lambda text: text),
    ("tcvn3", encode_tcvn3, tcvn3_expected),
    ("vni", encode_vni, lambda text: text),
]


@pytest.mark.parametrize(("encoding", "encode", "expected"), LEGACY_ENCODINGS)
def test_legacy_encoded_real_reports_are_converted_back(encoding, encode, expected):
    for name in (SEED_000, REPORT_01):
        original = real_text(name)
        result = read_report_bytes(name, encode(original))
        assert (result.encoding, result.converted_from) == (encoding, encoding)
        assert result.text == expected(original)
        assert parse_report(result.text, name) == parse_report(expected(original), name)
    seed = read_report_bytes(SEED_000, encode(real_text(SEED_000))).text
    assert "toàn tỉnh đã xây dựng được hơn 532 mô hình về học tập, làm theo Bác" in seed


@pytest.mark.parametrize(("encoding", "encode", "expected"), LEGACY_ENCODINGS)
def test_legacy_text_already_saved_as_utf8_is_converted_too(encoding, encode, expected):
    original = real_text(SEED_000)
    mojibake = encode(original).decode("cp1252")
    if encoding == "tcvn3":
        assert mojibake.startswith("Lan táa m« h×nh hay, s¸ng t¹o trong häc vµ lµm theo B¸c")
        assert "Tæ chøc" in encode_tcvn3("Tổ chức").decode("cp1252")
    result = read_report_bytes(SEED_000, mojibake.encode("utf-8"))
    assert (result.encoding, result.converted_from, result.text) == ("utf-8", encoding, expected(original))


def test_mixed_legacy_text_that_cannot_be_converted_reliably_is_refused_with_advice():
    lines = real_text(SEED_000).split("\n")
    half = len(lines) // 2
    mixed = encode_tcvn3("\n".join(lines[:half])) + b"\n" + encode_vni("\n".join(lines[half:]))
    error = read_error("tron-lan.txt", mixed.decode("cp1252").encode("utf-8"))
    assert (error.code, error.detail) == (
        "legacy_encoding", {"name": "tron-lan.txt", "encoding": "tcvn3", "label": "TCVN3 (ABC, .VnTime fonts)"},
    )
    assert str(error) == (
        "tron-lan.txt looks like it was typed in the legacy TCVN3 (ABC, .VnTime fonts) encoding and could not be "
        "converted reliably. Open it, convert it to Unicode (for example with Unikey's converter) and save it as "
        "UTF-8 (Unicode), then upload it again."
    )


def test_bytes_that_no_supported_encoding_reads_are_undecodable():
    russian = "Отчёт о выполнении директивы: построено 532 образцовые модели, награждено 113 человек.".encode("cp1251")
    error = read_error("otchet.txt", russian)
    assert (error.code, error.detail["tried"]) == ("undecodable", "UTF-8, UTF-16, Windows-1258, TCVN3 or VNI")
    assert str(error) == (
        "otchet.txt could not be read as text: its bytes are not valid UTF-8, UTF-16, Windows-1258, TCVN3 or VNI. "
        "Save the file as UTF-8 (Unicode) and upload it again."
    )
    bad_utf16 = read_error("x.txt", b"\xff\xfe" + "Bác".encode("utf-16-le") + b"\x00")
    assert (bad_utf16.code, bad_utf16.detail["tried"]) == ("undecodable", "utf-16 (from its byte-order mark)")


# --- .html ---------------------------------------------------------------------------------------------------------


def html_page(paragraphs: list[str], charset: str = "utf-8", title: str = "Lan tỏa mô hình hay") -> str:
    body = "\n".join(f"<p>\n  {p}\n</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}</title><style>.menu {{ color: red }}</style><script>var tracking = 1;</script></head>
<body><header><div class="logo">Báo Điện Biên Phủ</div></header><nav><ul><li>Trang chủ</li><li>Đăng nhập</li></ul></nav>
<aside>Tin liên quan</aside><form><label>Tìm kiếm</label><input name="q"></form>
<article><h1>{title}</h1>
{body}
<p>Dòng một<br>Dòng hai<br/>  Dòng ba</p>
<table><tr><td>Đơn vị</td><td>Mô hình</td></tr><tr><td>Toàn tỉnh</td><td>532</td></tr></table>
</article><noscript>Bật JavaScript</noscript><footer>Bản quyền © Báo Điện Biên Phủ</footer></body></html>"""


def html_expected(paragraphs: list[str], title: str = "Lan tỏa mô hình hay") -> str:
    table = ["Đơn vị", "Mô hình", "Toàn tỉnh", "532"]
    return "\n\n".join([title, *paragraphs, "Dòng một\nDòng hai\nDòng ba", *table])


def test_html_page_keeps_the_article_and_drops_the_chrome():
    paragraphs = real_lines(SEED_000)[:12]
    result = read_report_bytes("bai-viet.HTML", html_page(paragraphs).encode("utf-8"))
    assert (result.source_format, result.encoding, result.converted_from, result.title) == (
        "html", "utf-8", None, "Lan tỏa mô hình hay",
    )
    assert result.text == html_expected(paragraphs)
    assert "Trong 3 năm, toàn tỉnh đã xây dựng được hơn 532 mô hình" in result.text
    assert [word for word in CHROME + ("Tìm kiếm", "Bật JavaScript") if word in result.text] == []


def test_html_in_windows_1258_declared_by_meta_is_converted():
    paragraphs = real_lines(REPORT_01)
    page = encode_cp1258(html_page(paragraphs, charset="windows-1258"))
    result = read_report_bytes("ha-giang.htm", page)
    assert (result.encoding, result.converted_from, result.title) == (
        "windows-1258", "windows-1258", "Lan tỏa mô hình hay",
    )
    assert result.text == html_expected(paragraphs)


def test_html_typed_in_a_vni_font_is_converted_with_its_title():
    paragraphs = real_lines(SEED_000)[:8]
    page = html_page(paragraphs, charset="windows-1252")
    vni_page = encode_vni(page).decode("cp1252")
    as_entities = vni_page.encode("ascii", errors="xmlcharrefreplace")  # legacy editors wrote &#244; for the bytes
    for data in (encode_vni(page), as_entities):
        result = read_report_bytes("vni.html", data)
        assert (result.converted_from, result.title) == ("vni", "Lan tỏa mô hình hay")
        assert result.text == html_expected(paragraphs)


# --- .docx ---------------------------------------------------------------------------------------------------------


def make_docx(paragraphs: list[str], title: str = "", table_rows: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    document.core_properties.title = title
    for text in paragraphs[: len(paragraphs) // 2]:
        document.add_paragraph(text)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        table.cell(0, 0).merge(table.cell(0, 1))
        table.cell(0, 0).text = table_rows[0][0]
    for text in paragraphs[len(paragraphs) // 2:]:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_table_cells_come_in_document_order():
    paragraphs = real_lines(SEED_000)
    rows = [["Kết quả 3 năm", "(gộp ô)"], ["Mô hình học tập, làm theo Bác", "hơn 532"], ["Tập thể, cá nhân", "113"]]
    data = make_docx(paragraphs, title="Lan tỏa mô hình hay, sáng tạo", table_rows=rows)
    result = read_report_bytes("bao-cao.docx", data)
    half = len(paragraphs) // 2
    cells = ["Kết quả 3 năm", "Mô hình học tập, làm theo Bác", "hơn 532", "Tập thể, cá nhân", "113"]
    assert result.text == "\n".join(paragraphs[:half] + cells + paragraphs[half:])
    assert (result.source_format, result.encoding, result.converted_from, result.title) == (
        "docx", "", None, "Lan tỏa mô hình hay, sáng tạo",
    )
    assert "toàn tỉnh đã xây dựng được hơn 532 mô hình" in result.text


def test_docx_typed_in_tcvn3_font_is_converted_with_its_title():
    paragraphs = real_lines(REPORT_01)
    legacy = [encode_tcvn3(p).decode("cp1252") for p in paragraphs]
    title = encode_tcvn3("Những điển hình trong phong trào học tập và làm theo Bác").decode("cp1252")
    result = read_report_bytes("abc.docx", make_docx(legacy, title=title))
    assert (result.encoding, result.converted_from) == ("", "tcvn3")
    assert result.title == "Những điển hình trong phong trào học tập và làm theo Bác"
    assert result.text == "\n".join(tcvn3_expected(p) for p in paragraphs)


# --- .pdf ----------------------------------------------------------------------------------------------------------


def make_text_pdf(pages: list[list[str]], title: str = "") -> bytes:
    """A small honest PDF: a Type0 font with Identity-H glyph codes and a ToUnicode map, one text line per line.

    Real PDFs carry text the same way (glyph codes plus a ToUnicode CMap); the font program is not embedded, which
    changes how a viewer draws it, not what a text extractor reads.
    """
    chars = sorted({char for page in pages for line in page for char in line})
    code = {char: index + 1 for index, char in enumerate(chars)}
    cmap_entries = "\n".join(f"<{code[c]:04X}> <{c.encode('utf-16-be').hex().upper()}>" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def "
        "/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap_entries}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop "
        "end end"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [{kids}] /Count {count} >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H /DescendantFonts [4 0 R] "
        "/ToUnicode 5 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDToGIDMap /Identity /DW 500 "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R >>",
        f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream",
        "<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        "/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
        f"<< /Title <FEFF{title.encode('utf-16-be').hex()}> >>",
    ]
    kids = []
    for page in pages:
        shown = " T*\n".join("<" + "".join(f"{code[c]:04X}" for c in line) + "> Tj" for line in page)
        content = f"BT /F1 9 Tf 11 TL 30 810 Td\n{shown}\nET"
        objects.append(f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = objects[1].format(kids=" ".join(kids), count=len(kids))
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_text_layer_is_read_page_by_page():
    lines = real_lines(SEED_000)
    pages = [lines[:10], lines[10:]]
    result = read_report_bytes("bao-cao.pdf", make_text_pdf(pages, title="Lan tỏa mô hình hay"))
    assert (result.source_format, result.encoding, result.converted_from, result.title) == (
        "pdf", "", None, "Lan tỏa mô hình hay",
    )
    assert result.text == "\n".join(lines[:10]) + "\n\n" + "\n".join(lines[10:])
    assert "toàn tỉnh đã xây dựng được hơn 532 mô hình" in result.text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed on this machine")
def test_pdf_exported_by_libreoffice_from_a_real_report_reads_back(tmp_path):
    paragraphs = real_lines(SEED_000)
    (tmp_path / "bao-cao.docx").write_bytes(make_docx(paragraphs, title="Lan tỏa mô hình hay"))
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "bao-cao.docx")],
        check=True, capture_output=True, text=True, timeout=180,
    )
    if not (tmp_path / "bao-cao.pdf").exists() and "could not be loaded" in run.stderr:
        pytest.skip("soffice is installed without LibreOffice Writer (Debian: libreoffice-writer-nogui)")
    result = read_report_bytes("bao-cao.pdf", (tmp_path / "bao-cao.pdf").read_bytes())
    assert (result.source_format, result.title) == ("pdf", "Lan tỏa mô hình hay")
    assert " ".join(result.text.split()) == " ".join(" ".join(paragraphs).split())
    assert "toàn tỉnh đã xây dựng được hơn 532 mô hình" in " ".join(result.text.split())


def test_pdf_without_a_text_layer_is_refused_as_scanned():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    error = read_error("scan.pdf", buffer.getvalue())
    assert (error.code, error.detail) == ("no_text", {"name": "scan.pdf", "scanned": True})
    assert str(error) == (
        "scan.pdf has no text that can be extracted: it looks like a scanned document (pictures of pages). "
        "OCR is not supported; upload the original Word file or a text version."
    )


def test_encrypted_and_broken_pdfs_are_refused_as_corrupt():
    reader = pypdf.PdfReader(io.BytesIO(make_text_pdf([real_lines(SEED_000)[:3]])))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    error = read_error("khoa.pdf", buffer.getvalue())
    assert (error.code, error.detail["reason"]) == ("corrupt", "encrypted")
    assert str(error) == (
        "khoa.pdf is password-protected (encrypted). Remove the password, save the PDF again and upload the new file."
    )
    good = make_text_pdf([real_lines(SEED_000)[:3]])
    broken = read_error("hong.pdf", good[:200])
    assert broken.code == "corrupt"
    assert str(broken).startswith("hong.pdf could not be opened as a PDF (")
    assert str(broken).endswith("). Export the PDF again from the original document and upload the new file.")
    not_pdf = read_error("gia.pdf", real_text(SEED_000).encode("utf-8"))
    assert (not_pdf.code, str(not_pdf)) == ("corrupt", "gia.pdf is not a PDF file: it has no PDF header.")


# --- refusals before reading, in their order -----------------------------------------------------------------------


def test_empty_uploads_are_refused_first():
    for data in (b"", b" \r\n\t \n", b"\xef\xbb\xbf  \n", "  \n".encode("utf-16")):
        error = read_error("trong.txt", data)
        assert (error.code, error.detail, str(error)) == (
            "empty", {"name": "trong.txt"}, "trong.txt is empty: the file has no text in it.",
        )
    assert read_error("trong.exe", b"").code == "empty"


def test_too_large_uploads_are_refused_before_the_type_is_looked_at():
    error = read_error("lon.exe", b"%PDF-" + b"a" * MAX_UPLOAD_BYTES)
    assert (error.code, error.detail) == ("too_large", {"name": "lon.exe", "size_mb": 5.1, "limit_mb": 5})
    assert str(error) == (
        "lon.exe is 5.1 MB, larger than the 5 MB upload limit. Upload the report's text only, or split it into "
        "smaller files."
    )
    data = real_text(SEED_000).encode("utf-8")
    assert read_report_bytes("vua.txt", data, max_bytes=len(data)).text == real_text(SEED_000)
    assert read_error("vua.txt", data, max_bytes=len(data) - 1).code == "too_large"


def test_unsupported_suffixes_are_refused_and_suffixes_are_case_insensitive():
    assert SUPPORTED_SUFFIXES == (".txt", ".html", ".htm", ".docx", ".pdf")
    data = real_text(SEED_000).encode("utf-8")
    assert read_report_bytes("BAO-CAO.TXT", data).source_format == "txt"
    error = read_error("bao-cao.doc", data)
    assert (error.code, error.detail) == ("unsupported_type", {"name": "bao-cao.doc", "suffix": ".doc"})
    assert str(error) == (
        "bao-cao.doc: '.doc' files are not supported. Upload a .txt, .html, .htm, .docx or .pdf file. "
        "Open it in Word and save it as .docx."
    )
    no_suffix = read_error("bao-cao", data)
    assert str(no_suffix) == (
        "bao-cao: '(no extension)' files are not supported. Upload a .txt, .html, .htm, .docx or .pdf file."
    )


def test_files_whose_bytes_contradict_their_suffix_are_refused():
    pdf = make_text_pdf([real_lines(SEED_000)[:3]])
    docx_bytes = make_docx(real_lines(SEED_000)[:4])
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    cases = {
        ("bao-cao.txt", pdf): ("binary", "a PDF document"),
        ("bao-cao.html", docx_bytes): ("binary", "a ZIP archive (such as a .docx file)"),
        ("anh.txt", png): ("binary", "a PNG image"),
        ("bao-cao.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40): (
            "corrupt", "an old Microsoft Office file (.doc or .xls)",
        ),
        ("bao-cao.docx", pdf): ("corrupt", "a PDF document"),
    }
    for (name, data), (code, detected) in cases.items():
        error = read_error(name, data)
        assert (error.code, error.detail["detected"]) == (code, detected)
    assert str(read_error("bao-cao.txt", pdf)) == (
        "bao-cao.txt is not plain text: it looks like a PDF document. Upload it under its real file type, or save "
        "its text as a .txt file."
    )
    assert str(read_error("bao-cao.docx", pdf)) == (
        "bao-cao.docx is not a Word .docx file: it looks like a PDF document. Open it in Word and save it as .docx."
    )


def test_text_files_with_nul_bytes_or_many_control_characters_are_binary():
    text = real_text(SEED_000).encode("utf-8")
    nul = read_error("x.txt", text[:500] + b"\x00" + text[500:])
    assert (nul.code, nul.detail["reason"], str(nul)) == (
        "binary", "nul", "x.txt is not plain text: it contains NUL bytes, as binary files do.",
    )
    noisy = read_error("x.txt", bytes(range(1, 9)) * 50 + text[:1000])
    assert (noisy.code, noisy.detail["reason"]) == ("binary", "control")
    assert re.fullmatch(r"x\.txt is not plain text: \d+\.\d% of its characters are control characters\.", str(noisy))
    assert read_report_bytes("ok.txt", text[:1000] + b"\x0c" + text[1000:]).text.count("\x0c") == 1


def test_broken_or_foreign_docx_packages_are_corrupt():
    good = make_docx(real_lines(SEED_000)[:6])
    truncated = read_error("cut.docx", good[: len(good) // 2])
    assert truncated.code == "corrupt"
    assert str(truncated) == (
        "cut.docx could not be opened as a Word .docx file (File is not a zip file). Open it in Word, save it again "
        "as .docx and upload the new file."
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("bao-cao.txt", real_text(SEED_000))
    other_zip = read_error("zip.docx", buffer.getvalue())
    assert (other_zip.code, other_zip.detail["reason"]) == (
        "corrupt", "\"There is no item named '[Content_Types].xml' in the archive\"",
    )


def test_text_without_letters_is_refused_even_with_a_header():
    for data in ("532 — 113 — 12/17\n2016-2018: 60; 128\n".encode(), b"URL: http://example.vn/a\nDATE: 2021\n\n532\n"):
        error = read_error("so.txt", data)
        assert (error.code, str(error)) == ("no_text", "so.txt contains no readable text (no letters at all).")


def test_error_is_a_value_error_carrying_code_and_detail():
    error = read_error("x.xlsx", b"PK\x03\x04")
    assert isinstance(error, ValueError)
    assert (error.code, error.detail) == ("unsupported_type", {"name": "x.xlsx", "suffix": ".xlsx"})
