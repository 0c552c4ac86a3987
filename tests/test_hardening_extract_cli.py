"""The extractor CLI on bad input: one-line errors naming the file, status 2, no partial output; legacy encodings read
as on the upload page. Run as a subprocess; the output is read back and compared with the library's rows."""

import json
import subprocess
import sys
from pathlib import Path

from test_readers import encode_tcvn3, encode_vni

from indicators.intake.extraction import extract_report, parse_report
from indicators.intake.extraction.readers import read_report_bytes
from indicators.paths import reports_dir, seeds_dir

ROOT = Path(__file__).resolve().parent.parent
REPORT_01 = "01_ha-giang-dong-van-mo-hinh-2021.txt"  # "toàn huyện Đồng Văn có 113 mô hình học tập ..."
SEED_002 = "002_992eb0933a361483.txt"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indicators.intake.extract", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", check=False, timeout=120)


def library_rows(path: Path) -> list[dict]:
    """What the library reads from a file through the upload page's readers."""
    text = read_report_bytes(path.name, path.read_bytes())
    return [obs.as_row() for obs in extract_report(parse_report(text.text, text.name))]


def one_error_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_binary_file_gives_one_line_naming_it_and_status_2(tmp_path):
    image = tmp_path / "anh.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    done = run_cli(str(image))
    assert (done.returncode, done.stdout) == (2, "")
    assert one_error_line(done) == (
        f"error: {image}: anh.txt is not plain text: it looks like a PNG image. Upload it under its real file type, "
        "or save its text as a .txt file."
    )


def test_a_directory_a_missing_path_and_an_empty_file_are_errors(tmp_path):
    empty = tmp_path / "trong.txt"
    empty.write_bytes(b"  \n")
    missing = tmp_path / "khong-co.txt"
    expected = {
        str(tmp_path): f"error: {tmp_path}: is a directory, not a file",
        str(missing): f"error: {missing}: no such file",
        str(empty): f"error: {empty}: trong.txt is empty: the file has no text in it.",
    }
    for path, message in expected.items():
        done = run_cli(path)
        assert (done.returncode, done.stdout, one_error_line(done)) == (2, "", message)


def test_legacy_encoded_reports_are_read_as_on_the_upload_page(tmp_path):
    original = reports_dir() / REPORT_01
    rows_by_encoding = {}
    for encoding, encode in (("tcvn3", encode_tcvn3), ("vni", encode_vni)):
        legacy = tmp_path / f"{encoding}.txt"
        legacy.write_bytes(encode(original.read_text(encoding="utf-8")))
        done = run_cli(str(legacy))
        assert (done.returncode, done.stderr) == (0, "")
        rows_by_encoding[encoding] = [json.loads(line) for line in done.stdout.splitlines()]
        assert rows_by_encoding[encoding] == library_rows(legacy)
    for rows in rows_by_encoding.values():
        assert (113, "count", "113 mô hình") in [(r["value"], r["unit"], r["evidence"]) for r in rows]


def test_a_bad_file_after_good_ones_leaves_no_output_file_and_an_old_one_untouched(tmp_path):
    good = [reports_dir() / REPORT_01, seeds_dir() / SEED_002]
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "obs.csv"
    done = run_cli(*map(str, good), str(bad), "--format", "csv", "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].startswith(f"error: {bad}: hong.docx could not be opened as a Word .docx file")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temporary file left behind either
    out.write_text("kept\n", encoding="utf-8")
    assert run_cli(str(bad), "-o", str(out)).returncode == 2
    assert out.read_text(encoding="utf-8") == "kept\n"


def test_good_files_are_written_whole_to_the_output_file(tmp_path):
    files = [reports_dir() / REPORT_01, seeds_dir() / SEED_002]
    out = tmp_path / "obs.jsonl"
    done = run_cli(*map(str, files), "-o", str(out))
    assert done.returncode == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == [row for path in files for row in library_rows(path)]
    assert len(rows) > 10


def test_a_file_without_numbers_says_so_and_is_not_an_error(tmp_path):
    words = tmp_path / "chu.txt"
    words.write_text("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n", encoding="utf-8")
    done = run_cli(str(words), "--format", "csv")
    assert (done.returncode, done.stdout.splitlines()[1:]) == (0, [])
    assert one_error_line(done) == f"note: {words}: no reported numbers were found in the text"


def test_a_huge_path_is_cut_in_the_error(tmp_path):
    huge = str(tmp_path / ("x" * 100_000))
    done = run_cli(huge)
    line = one_error_line(done)
    assert done.returncode == 2
    assert len(line) < 400
    assert line.startswith(f"error: {huge[:150]}")
    assert "…" in line
