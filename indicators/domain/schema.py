"""Pandera schemas of the tidy tables in data/, and loaders whose errors name the file, line and column."""

import unicodedata
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from indicators.domain.codes import (
    ADMIN_VERSIONS,
    AGGREGATIONS,
    AWARD_LEVELS,
    AWARD_TYPES,
    HONOURS_INDICATOR,
    MODEL_FIELDS,
    ORG_TYPES,
    PERIOD_BASES,
    PHASES,
    QUALIFIERS,
    UNITS,
)
from indicators.domain.errors import TableError
from indicators.safety import cut

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
ISO_PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
SNAKE_CASE = r"^[a-z][a-z0-9_]*$"


def _text(pattern: str | None = None, *, required: bool = True, isin: list[str] | None = None, unique=False):
    """A text column: empty allowed unless required; optionally a regex or a vocabulary."""
    checks = []
    if isin is not None:
        allowed = list(isin) if required else [*isin, ""]
        checks.append(pa.Check.isin(allowed, error=f"not one of {', '.join(isin)}"))
    if pattern is not None:
        full = pattern if required else f"(?:{pattern})|^$"
        checks.append(pa.Check.str_matches(full, error=f"does not match {pattern}"))
    if required:
        checks.append(pa.Check.str_length(min_value=1, error="is empty"))
    return pa.Column(str, checks=checks, unique=unique, nullable=False)


SOURCES_SCHEMA = pa.DataFrameSchema(
    {
        "source_id": _text(r"^[A-Za-z0-9_\-]+$", unique=True),
        "title": _text(),
        "publisher": _text(required=False),
        "url": _text(r"^https?://\S+$", required=False),
        "date_published": _text(ISO_PARTIAL_DATE, required=False),
        "date_note": _text(),
        "date_accessed": _text(ISO_DATE),
        "language": _text(r"^[a-z]{2}$"),
        "path": _text(r"^[^/].*\.txt$"),
        "licence_note": _text(),
    },
    strict=True,
    ordered=True,
    name="sources",
)

OBSERVATIONS_SCHEMA = pa.DataFrameSchema(
    {
        "obs_id": _text(r"^[A-Za-z0-9_\-]+$", unique=True),
        "source_id": _text(),
        "admin_version": _text(isin=ADMIN_VERSIONS),
        "province_code": _text(r"^\d{2}$", required=False),
        "district_code": _text(r"^\d{3}$", required=False),
        "commune_code": _text(r"^\d{5}$", required=False),
        "place_name": _text(),
        "organisation": _text(required=False),
        "org_type": _text(isin=ORG_TYPES, required=False),
        "indicator": _text(SNAKE_CASE),
        "subtype": _text(SNAKE_CASE),
        "value": pa.Column(float, pa.Check.ge(0), coerce=True, nullable=False),
        "denominator": pa.Column(float, pa.Check.gt(0), coerce=True, nullable=True),
        "unit": _text(isin=UNITS),
        "qualifier": _text(isin=QUALIFIERS),
        "period_start": _text(ISO_DATE, required=False),
        "period_end": _text(ISO_DATE, required=False),
        "period_basis": _text(isin=PERIOD_BASES, required=False),
        "period_note": _text(),
        "phase": _text(isin=PHASES, required=False),
        "award_type": _text(isin=AWARD_TYPES, required=False),
        "awarding_body": _text(required=False),
        "award_level": _text(isin=AWARD_LEVELS, required=False),
        "part_of": _text(r"^[A-Za-z0-9_\-]+$", required=False),
        "evidence": _text(r"^.{1,120}$"),
    },
    checks=[
        pa.Check(lambda df: (df["organisation"] == "") == (df["org_type"] == ""),
                 error="organisation and org_type must be both set or both empty"),
        pa.Check(lambda df: (df["period_start"] <= df["period_end"]) | (df["period_start"] == ""),
                 error="period_start is after period_end"),
        pa.Check(lambda df: (df["district_code"] == "") | (df["province_code"] != ""),
                 error="a district code needs its province code"),
        pa.Check(lambda df: (df["period_basis"] != "") == (df["period_end"] != ""),
                 error="a dated window needs its period_basis (stated, inferred, assumed), an undated one none"),
        pa.Check(lambda df: (df["indicator"] == HONOURS_INDICATOR)
                 | ((df["award_type"] == "") & (df["awarding_body"] == "") & (df["award_level"] == "")),
                 error=f"award_type, awarding_body and award_level are for {HONOURS_INDICATOR} rows only"),
        pa.Check(lambda df: df["part_of"] != df["obs_id"], error="a row cannot be part of itself"),
    ],
    strict=True,
    ordered=True,
    name="observations",
)

MODELS_SCHEMA = pa.DataFrameSchema(
    {
        "model_id": _text(r"^[A-Za-z0-9_\-]+$", unique=True),
        "name": _text(),
        "name_in_source": _text(required=False),
        "source_id": _text(),
        "admin_version": _text(isin=ADMIN_VERSIONS),
        "province_code": _text(r"^\d{2}$", required=False),
        "district_code": _text(r"^\d{3}$", required=False),
        "organisation": _text(required=False),
        "org_type": _text(isin=ORG_TYPES, required=False),
        "field": _text(isin=MODEL_FIELDS),
        "summary": _text(),
        "evidence": _text(r"^.{1,120}$"),
    },
    strict=True,
    ordered=True,
    name="models",
)

INDICATORS_SCHEMA = pa.DataFrameSchema(
    {
        "indicator": _text(SNAKE_CASE, unique=True),
        "title_vi": _text(),
        "title_en": _text(),
        "default_subtype": _text(SNAKE_CASE),
        "default_award_level": _text(isin=AWARD_LEVELS, required=False),
        "description": _text(),
    },
    strict=True,
    ordered=True,
    name="indicators",
)

SUBTYPES_SCHEMA = pa.DataFrameSchema(
    {
        "subtype": _text(SNAKE_CASE, unique=True),
        "indicator": _text(SNAKE_CASE),
        "title_vi": _text(),
        "title_en": _text(),
        "unit": _text(isin=UNITS),
        "aggregation": _text(isin=AGGREGATIONS),
        "annualisable": _text(isin=["true", "false"]),
        "description": _text(),
    },
    strict=True,
    ordered=True,
    name="subtypes",
)

SCHEMAS = {
    "sources": SOURCES_SCHEMA,
    "observations": OBSERVATIONS_SCHEMA,
    "models": MODELS_SCHEMA,
    "indicators": INDICATORS_SCHEMA,
    "subtypes": SUBTYPES_SCHEMA,
}
NUMERIC_COLUMNS = {"observations": ["value", "denominator"]}
# Up to this many rows a table is checked with every check on every row (all its problems named at once, ~2 ms a row
# when every row is bad); a larger one stops at the first check that fails and names the problems of the first rows
# that fail it, so a file of a million junk rows is answered in seconds.
MAX_LAZY_ROWS = 2000
DESCRIBED_ROWS = 100
MAX_TABLE_BYTES = 512 * 2**20  # a national round of the form at full size (671,000 rows) is about 170 MB


def read_text_table(path: Path, rows: int | None = None) -> pd.DataFrame:
    """Read a CSV as text cells (no NaN guessing), failing clearly on a missing or unreadable file."""
    if not path.is_file():
        raise TableError(f"{path}: file not found")
    if path.stat().st_size > MAX_TABLE_BYTES:
        raise TableError(f"{path}: {path.stat().st_size / 2**20:,.0f} MB, larger than the {MAX_TABLE_BYTES // 2**20} "
                         "MB a table may have")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", nrows=rows)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise TableError(f"{path}: cannot be read as a UTF-8 CSV table ({error})") from error


def load_table(name: str, path: Path) -> pd.DataFrame:
    """Read and validate one table; numeric columns become floats, empty text stays ''. A long table's first
    MAX_LAZY_ROWS rows are checked before the rest is read: a file of junk is answered without reading it all."""
    head = read_text_table(path, MAX_LAZY_ROWS)
    if len(head) == MAX_LAZY_ROWS:
        validate_table(name, head, path)
    return validate_table(name, read_text_table(path), path)


def validate_table(name: str, df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Validate a table of text cells as read from a CSV; errors name `path`, the line and the column."""
    df = df.copy()
    check_nfc(df, path)
    for column in NUMERIC_COLUMNS.get(name, []):
        if column in df:
            df[column] = df[column].replace("", None)
    if len(df) <= MAX_LAZY_ROWS:
        return validate_all_problems(name, df, path)
    not_numbers = [df[column].notna() & pd.to_numeric(df[column], errors="coerce").isna()
                   for column in NUMERIC_COLUMNS.get(name, []) if column in df]
    if not_numbers and (bad := pd.concat(not_numbers, axis=1).any(axis=1)).any():  # pandera coerces cell by cell
        validate_all_problems(name, df[bad].iloc[:DESCRIBED_ROWS], path)
    try:
        return SCHEMAS[name].validate(df)  # stops at the first check that fails
    except (SchemaError, SchemaErrors) as error:  # a column that cannot be coerced raises SchemaErrors
        cases = error.failure_cases if isinstance(error.failure_cases, pd.DataFrame) else pd.DataFrame()
        failing = cases.get("index", pd.Series(dtype=object)).dropna().unique()[:DESCRIBED_ROWS]
        validate_all_problems(name, df.loc[failing] if len(failing) else df.iloc[:DESCRIBED_ROWS], path)
        raise TableError(describe_schema_errors(path, cases)) from None


def validate_all_problems(name: str, df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Validate every row with every check; TableError lists the problems found."""
    try:
        return SCHEMAS[name].validate(df, lazy=True)
    except SchemaErrors as errors:
        raise TableError(describe_schema_errors(path, errors.failure_cases)) from None


def describe_schema_errors(path: Path, failure_cases: pd.DataFrame, limit: int = 10) -> str:
    """One line per problem: 'data/x.csv line 14, column 'unit': value 'cái' not one of ...'; a row check (several
    columns at once) is one line per row, however many columns pandera lists it under."""
    lines: dict[str, None] = {}  # in order, each once (a dict: a junk file has hundreds of thousands of cases)
    for case in failure_cases.itertuples():
        where = f"line {int(case.index) + 2}" if pd.notna(case.index) else "whole table"
        if getattr(case, "schema_context", "") == "DataFrameSchema":
            line = f"{path} {where}, row check — {case.check}"
        else:
            column = f"column '{case.column}'" if isinstance(case.column, str) and case.column else "row check"
            value = "" if pd.isna(case.failure_case) else f": value {cut(repr(case.failure_case))}"
            line = f"{path} {where}, {column}{value} — {case.check}"
        lines[line] = None
    more = len(lines) - limit
    return "\n".join([*lines][:limit] + ([f"… and {more} more problems"] if more > 0 else []))


def check_nfc(df: pd.DataFrame, path: Path) -> None:
    """Every cell must be Unicode NFC, or the same name would compare unequal to itself."""
    for column in df.columns:
        cells = df[column]
        for index, cell in cells[~cells.str.isascii()].items():  # ASCII is always NFC: most cells, skipped fast
            if not unicodedata.is_normalized("NFC", cell):
                raise TableError(f"{path} line {index + 2}, column '{column}': text is not Unicode NFC")
