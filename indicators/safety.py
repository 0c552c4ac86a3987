"""Untrusted text made safe to keep and to show: cells a spreadsheet would run as formulas are refused, long values cut.

A cell is formula-like when a spreadsheet (Excel, LibreOffice Calc, Google Sheets) opening the exported CSV or XLSX
would read it as a formula: it starts with '=', '+', '@', a tab or a carriage return; or with '-' followed by anything
but a space (a list dash, '- mô hình ...') or a plain number ('-5', '-1,5'), so '-A1' and '-2+3' are refused too.
Leading spaces are left alone: spreadsheets take ' =1' as text. The store refuses such cells at the door (it does not
quote or escape them): evidence must stay verbatim, and a report's own words never start that way.
"""

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

FORMULA_STARTS = ("=", "+", "@", "\t", "\r")
PLAIN_NEGATIVE_NUMBER = re.compile(r"-\d+(?:[.,]\d+)*")
MAX_ECHO_CHARS = 200
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not tab, line feed, carriage return


def cut(text: str, limit: int = MAX_ECHO_CHARS) -> str:
    """The text as it is when short, else its first limit - 1 characters and '…': what a message may echo."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would run this cell as a formula (see the module's docstring for the rule)."""
    if text.startswith(FORMULA_STARTS):
        return True
    if not text.startswith("-") or len(text) == 1:
        return False
    return text[1] != " " and PLAIN_NEGATIVE_NUMBER.fullmatch(text) is None


def check_no_formulas(frame: "pd.DataFrame", path: Path) -> None:
    """Raise TableError naming the file, line and column of the first text cell that starts like a formula."""
    from indicators.schema import TableError  # here, so that the readers' cut() does not load pandera (0.8 s)

    for column in frame.columns:
        for index, cell in frame[column].items():
            if isinstance(cell, str) and CONTROL_CHARS.search(cell):
                raise TableError(
                    f"{path} line {index + 2}, column '{column}': value {cut(repr(cell))} holds a control character "
                    "(such as NUL); refused (it is no report's text and breaks the files made from it)"
                )
            if isinstance(cell, str) and formula_like(cell):
                raise TableError(
                    f"{path} line {index + 2}, column '{column}': value {cut(cell)!r} starts like a spreadsheet "
                    "formula; refused (a spreadsheet opening the exported table would run it)"
                )


def check_tables_have_no_formulas(tables: dict[str, "pd.DataFrame"], folder: Path) -> None:
    """check_no_formulas on every table, each named <folder>/<table>.csv."""
    for name, frame in tables.items():
        check_no_formulas(frame, folder / f"{name}.csv")
