"""Property test of schema validation: any cell text either validates or raises the project's TableError."""

from functools import cache
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.domain.schema import SCHEMAS, TableError, validate_table
from indicators.domain.tables import load_dataset

PROPERTIES = settings(max_examples=40, deadline=None, database=None)
CELL_WORDS = ["", "vn63", "vn34", "11", "026", "exact", "at_least", "count", "person", "2021-05-18", "2024", "1.5",
              "-3", "nan", "inf", "1e309", "models_built", "Điện Biên", "Đie\u0302\u0323n", "=1+1", "\x00", "\n"]
cells = st.one_of(st.text(max_size=30), st.sampled_from(CELL_WORDS))


@cache
def real_row(name: str) -> dict[str, str]:
    """The first curated row of a table, as the text cells of its CSV (data/ itself, on purpose)."""
    frame = getattr(load_dataset(), name)
    return {column: "" if pd.isna(value) else str(value) for column, value in frame.iloc[0].items()}


@PROPERTIES
@given(st.sampled_from(sorted(SCHEMAS)), st.data())
def test_any_cell_text_validates_or_raises_a_table_error(name, data):
    row = dict(real_row(name))
    changed = data.draw(st.lists(st.sampled_from(list(row)), min_size=1, max_size=3, unique=True))
    rows = [row, {**row, **{column: data.draw(cells) for column in changed}}]
    try:
        validated = validate_table(name, pd.DataFrame(rows, dtype=str), Path(f"{name}.csv"))
    except TableError as error:
        assert str(error).startswith(f"{name}.csv")
    else:
        assert list(validated.columns) == list(row)
