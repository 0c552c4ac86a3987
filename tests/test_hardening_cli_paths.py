"""Issue 22 item 7: the command-line tools refuse what is not a regular file, in one line with status ≠ 0 and no
traceback: a FIFO or /dev/zero as input, a 3 GB sparse file (never read to learn its size), a symbolic link or a FIFO
as output (renaming over them replaced them), a folder that cannot be written."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.paths import reports_dir

ROOT = Path(__file__).resolve().parent.parent
REPORT = reports_dir() / "01_ha-giang-dong-van-mo-hinh-2021.txt"
READ_ONLY_FOLDER = Path("/proc")  # the tests may run as root, for whom a chmod'ed folder is still writable


def run(module: str, *args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=timeout)


def one_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


def test_a_fifo_dev_zero_and_a_3_gb_sparse_file_are_refused_without_being_read(tmp_path, fifo):
    sparse = tmp_path / "lon.txt"
    with sparse.open("wb") as handle:
        handle.truncate(3 * 2**30)
    expected = {
        fifo: f"error: {fifo}: is a pipe, device or socket, not a file",
        Path("/dev/zero"): "error: /dev/zero: is a pipe, device or socket, not a file",
        sparse: f"error: {sparse}: is 3,072.0 MB, larger than the 5 MB limit",
    }
    for path, message in expected.items():
        done = run("indicators.intake.extract", str(path), timeout=20)
        assert (done.returncode, done.stdout, one_line(done)) == (2, "", message)


def test_output_onto_a_symbolic_link_or_a_fifo_is_refused_and_leaves_it(tmp_path, fifo):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.jsonl"
    link.symlink_to(victim)
    for out in (link, fifo):
        done = run("indicators.intake.extract", str(REPORT), "-o", str(out))
        assert done.returncode == 2
        assert one_line(done) == f"error: {out}: is a symbolic link, pipe or device, not a regular file; refused"
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "keep me"
    assert fifo.is_fifo()


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path):
    done = run("indicators.intake.extract", str(REPORT), "-o", str(READ_ONLY_FOLDER / "obs.jsonl"))
    assert done.returncode == 2 and one_line(done).startswith(f"error: {READ_ONLY_FOLDER}: cannot write there (")
    done = run("components.snapshot", "--view", "/", "--out", str(READ_ONLY_FOLDER / "tong-quan.csv"), timeout=300)
    assert done.returncode == 2 and one_line(done).startswith(f"error: {READ_ONLY_FOLDER}: cannot write there (")


def test_store_export_into_a_folder_that_cannot_be_written_says_so_in_one_message(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    done = subprocess.run([sys.executable, "-m", "indicators.store", "export", str(READ_ONLY_FOLDER)], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=300, env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == "error: nothing stored or written"
    assert done.stderr.splitlines()[1].startswith(f"{READ_ONLY_FOLDER}: cannot write there (")
