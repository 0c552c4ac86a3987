"""Place codes checked against the gazetteer: an import names the rows whose codes are no place; the views set them
aside (with a notice) instead of failing on them.

A row's codes must name a place of its admin version: a province, a district of that province (vn63), a commune of
that province (and of that district when one is given). The schema checks only their shape (two, three, five digits).
"""

from functools import cache
from pathlib import Path

import pandas as pd

from indicators.domain.errors import TableError
from indicators.domain.gazetteer import Gazetteer
from indicators.domain.tables import Dataset

PLACED_TABLES = ("observations", "models")
MAX_LISTED = 10


@cache
def place_parents(gazetteer: Gazetteer) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(admin_version, level, code) → (province code, district code) of every place."""
    return {(p.admin_version, p.level, p.code): (p.province_code, p.district_code) for p in gazetteer.places}


def place_problem(row: dict, parents: dict[tuple[str, str, str], tuple[str, str]]) -> tuple[str, str] | None:
    """(column, what is wrong) for the first code of a row that names no place where it says, else None."""
    version, province = row["admin_version"], row.get("province_code", "")
    district, commune = row.get("district_code", ""), row.get("commune_code", "")
    if province and (version, "province", province) not in parents:
        return "province_code", f"'{province}' is no province of {version}"
    if district and parents.get((version, "district", district), ("", ""))[0] != province:
        return "district_code", f"'{district}' is no district of province '{province}' in {version}"
    if commune:
        found = parents.get((version, "commune", commune))
        if found is None or found[0] != province or (district and found[1] != district):
            return "commune_code", f"'{commune}' is no commune of province '{province}' in {version}"
    return None


def rows_with_unknown_places(frame: pd.DataFrame, gazetteer: Gazetteer) -> list[tuple[int, str, str]]:
    """(row position, column, problem) of every row whose codes name no place."""
    parents = place_parents(gazetteer)
    columns = [c for c in ("admin_version", "province_code", "district_code", "commune_code") if c in frame]
    problems, of_codes = [], {}
    for position, codes in enumerate(zip(*(frame[column].tolist() for column in columns), strict=True)):
        if codes not in of_codes:  # a few hundred places among thousands of rows: each is looked up once
            of_codes[codes] = place_problem(dict(zip(columns, codes, strict=True)), parents)
        if of_codes[codes]:
            problems.append((position, *of_codes[codes]))
    return problems


def check_place_codes(dataset: Dataset, gazetteer: Gazetteer, folder: Path) -> None:
    """TableError naming file, line and column of the rows whose codes name no place (the first MAX_LISTED)."""
    lines = [f"{folder / f'{name}.csv'} line {position + 2}, column '{column}': {problem}"
             for name in PLACED_TABLES
             for position, column, problem in rows_with_unknown_places(getattr(dataset, name), gazetteer)]
    if lines:
        more = [f"… and {len(lines) - MAX_LISTED} more rows"] if len(lines) > MAX_LISTED else []
        raise TableError("\n".join(lines[:MAX_LISTED] + more))
