"""Untrusted text made safe to keep and to show: cells a spreadsheet would run as formulas are refused, long values cut.

A cell is formula-like when a spreadsheet (Excel, LibreOffice Calc, Google Sheets) opening the exported CSV or XLSX
would read it as a formula: it starts with '=', '+', '@', a tab or a carriage return; or with '-' followed by anything
but a space (a list dash, '- mô hình ...') or a plain number ('-5', '-1,5'), so '-A1' and '-2+3' are refused too.
Leading spaces are left alone: spreadsheets take ' =1' as text. The store refuses such cells at the door (it does not
quote or escape them): evidence must stay verbatim, and a report's own words never start that way.
"""

import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from indicators.domain.errors import TableError

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


class PathRefused(Exception):
    """A command-line input or output path that is refused: str() is 'PATH: reason' in one line (the path cut)."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{cut(str(path))}: {reason}")
        self.reason = reason


def read_regular_file(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most max_bytes, learnt from stat before reading (a FIFO is opened without
    waiting for a writer, a device or a 3 GB sparse file is never read); PathRefused otherwise."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise PathRefused(path, "no such file") from None
    except OSError as error:
        raise PathRefused(path, f"cannot be read ({error.strerror or type(error).__name__})") from None
    status = os.fstat(handle)
    if not stat.S_ISREG(status.st_mode):
        os.close(handle)
        kind = "a directory" if stat.S_ISDIR(status.st_mode) else "a pipe, device or socket"
        raise PathRefused(path, f"is {kind}, not a file")
    with os.fdopen(handle, "rb") as stream:
        if status.st_size > max_bytes:
            raise PathRefused(path, f"is {status.st_size / 2**20:,.1f} MB, larger than the {max_bytes / 2**20:g} MB "
                              "limit")
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while being read
        raise PathRefused(path, f"is larger than the {max_bytes / 2**20:g} MB limit")
    return data


def check_output_path(path: str | Path) -> Path:
    """The output path when a regular file may be written there: PathRefused for a symbolic link, a pipe or a folder
    in its place (renaming over it would replace the link or pipe itself) or a missing folder."""
    target = Path(path)
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise PathRefused(path, "is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        raise PathRefused(path, "is a symbolic link, pipe or device, not a regular file; refused")
    if not target.parent.is_dir():
        raise PathRefused(target.parent, "folder does not exist")
    return target


def write_file_atomically(path: str | Path, write: Callable[[BinaryIO], None]) -> None:
    """Write through a temporary file beside `path` (write(stream) fills it), then rename it over `path`: the file is
    replaced whole or left as it was. PathRefused names a refused path or a folder that cannot be written."""
    target = check_output_path(path)
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as error:
        raise PathRefused(target.parent, f"cannot write there ({error.strerror or error})") from None
    try:
        os.fchmod(handle, 0o666 & ~current_umask())  # as open() would create it, not mkstemp's private 0600
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(partial, target)
    except OSError as error:
        Path(partial).unlink(missing_ok=True)
        raise PathRefused(target, f"cannot be written ({error.strerror or error})") from None
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
