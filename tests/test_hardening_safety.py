"""Cells a spreadsheet would run as formulas are refused at the store's door, naming file, line and column."""

import shutil
import subprocess
import sys

import pandas as pd
import pytest
from store_helpers import row_counts

from indicators.domain.schema import TableError
from indicators.paths import DATA_DIR, PROJECT_ROOT
from indicators.store.database import connect_store
from indicators.store.published import import_tables

HYPERLINK = '=HYPERLINK("http://x")'


def curated_copy(folder, table: str, column: str, value: str):
    """The curated CSVs (data/ itself, on purpose) copied to a new `folder`, with the first row's `column` of `table`
    set to `value`."""
    folder.mkdir()
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    frame.loc[0, column] = value
    frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    return folder


@pytest.mark.parametrize(("table", "column", "value"), [
    ("observations", "evidence", HYPERLINK),
    ("models", "name", "@SUM(1+1)"),
    ("sources", "title", "+cmd|' /C calc'!A0"),
])
def test_import_refuses_a_cell_that_starts_like_a_formula_and_stores_nothing(tmp_path, table, column, value):
    folder = curated_copy(tmp_path / "data", table, column, value)
    engine = connect_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    before = row_counts(engine)
    with pytest.raises(TableError) as caught:
        import_tables(engine, folder, by="curator", note="formula")
    assert str(caught.value) == (
        f"{folder / f'{table}.csv'} line 2, column '{column}': value {value!r} starts like a spreadsheet formula; "
        "refused (a spreadsheet opening the exported table would run it)"
    )
    assert row_counts(engine) == before
    engine.dispose()


def test_the_store_cli_says_so_and_stores_nothing(tmp_path):
    folder = curated_copy(tmp_path / "data", "observations", "evidence", HYPERLINK)
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    before = row_counts(connect_store(url))
    done = subprocess.run([sys.executable, "-m", "indicators.store", "import", str(folder), "--by", "curator"],
                          cwd=PROJECT_ROOT, env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"}, capture_output=True,
                          text=True, check=False, timeout=120)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "error: nothing stored or written",
        f"{folder / 'observations.csv'} line 2, column 'evidence': value {HYPERLINK!r} starts like a spreadsheet "
        "formula; refused (a spreadsheet opening the exported table would run it)",
    ]
    assert row_counts(connect_store(url)) == before


def test_formula_like_follows_what_spreadsheets_run():
    from indicators.safety import formula_like

    runs = ["=1+1", HYPERLINK, "+84 912", "@SUM(A1)", "\t=1", "\r=1", "-A1", "-2+3", "-cmd|' /C calc'!A0", "--1"]
    stays_text = ["", "-", "-5", "-1,5", "-1.000", "- mô hình học tập", " =1+1", "Hà Giang", "113 mô hình", "5-7"]
    assert [text for text in runs if not formula_like(text)] == []
    assert [text for text in stays_text if formula_like(text)] == []


def test_check_no_formulas_reads_text_cells_only_and_cuts_long_values():
    from indicators.safety import check_no_formulas

    check_no_formulas(pd.DataFrame({"value": [-5.0, 3.0], "evidence": ["- 5 hộ", "3 hộ"]}), DATA_DIR / "x.csv")
    with pytest.raises(TableError) as caught:
        check_no_formulas(pd.DataFrame({"evidence": ["ok", "=" + "A" * 100_000]}), DATA_DIR / "x.csv")
    assert len(str(caught.value)) < 500
    assert f"{DATA_DIR / 'x.csv'} line 3, column 'evidence'" in str(caught.value)
