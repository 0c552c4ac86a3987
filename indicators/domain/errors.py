"""The error of a data table that fails a check, apart from the schemas so that raising it loads no pandera.

indicators/safety.py (the formula check every import runs) and the readers raise it without importing
indicators/domain/schema.py, which imports safety.py back: one module each way, no import cycle.
"""


class TableError(ValueError):
    """A data table failed validation; the message names the file, the line and the column."""
