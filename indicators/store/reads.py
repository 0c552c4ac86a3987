"""What the views read from the store: the current rows a view shows, filtered in SQL, and the counts views make over
everything as SQL aggregates (SQLAlchemy Core; the same code on SQLite and PostgreSQL). No read holds every row.

The frames keep the curated CSV schema's types (indicators/domain/schema.py: text cells '' for NULL, `value` and
`denominator` floats, NaN for NULL) and the published order (position, key), as `load_published_dataset` gives them;
the whole-table cross checks are not run again on a read: the write path (published.py) ran them before it committed.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from indicators.domain.codes import LEVELS
from indicators.domain.schema import NUMERIC_COLUMNS, SCHEMAS
from indicators.store.database import KEY_COLUMNS, VERSIONED_TABLES, read_snapshot

CATALOGUE_TABLES = ("sources", "indicators", "subtypes")
OBSERVATIONS, MODELS = VERSIONED_TABLES["observations"], VERSIONED_TABLES["models"]
PLACES_PER_QUERY = 200


@dataclass(frozen=True)
class Catalogue:
    """The small tables every view reads whole, and which headlines and subtypes have any figure (`used`: one row
    per indicator and subtype with figures, the GROUP BY of the observations)."""

    sources: pd.DataFrame
    indicators: pd.DataFrame
    subtypes: pd.DataFrame
    used: pd.DataFrame

    def used_indicators(self) -> set[str]:
        return set(self.used["indicator"])

    def used_subtypes(self) -> set[str]:
        return set(self.used["subtype"])


def typed_frame(name: str, rows: Iterable, columns: list[str]) -> pd.DataFrame:
    """Rows as stored (NULL for an empty cell, floats) in the schema's types: text '' for NULL, numbers float64.
    Built column by column: a frame made from the rows asks each row for its fields, a third of a read's time."""
    cells = list(zip(*rows, strict=True)) or [()] * len(columns)
    numeric = set(NUMERIC_COLUMNS.get(name, []))
    return pd.DataFrame({column: pd.Series([np.nan if v is None else float(v) for v in values], dtype=float)
                         if column in numeric else pd.Series(["" if v is None else str(v) for v in values], dtype=str)
                         for column, values in zip(columns, cells, strict=True)}, columns=columns)


def count_frame(rows: list, by: list[str]) -> pd.DataFrame:
    """The rows of a GROUP BY (the `by` columns, then the count) as a frame: text '' for NULL, `n`; built column by
    column, as typed_frame is."""
    cells = list(zip(*rows, strict=True)) or [()] * (len(by) + 1)
    return pd.DataFrame({**{column: pd.Series(["" if v is None else str(v) for v in values], dtype=str)
                            for column, values in zip(by, cells, strict=False)},
                         "n": pd.Series(cells[-1], dtype=int)}, columns=[*by, "n"])


def current(table: sa.Table) -> sa.ColumnElement:
    """`<table>.is_current`, said twice so that SQLite's planner may use either kind of index: the partial indexes
    (the current version of a key) are taken only for a query that says their WHERE, `is_current`, as is; the
    indexes that begin with is_current only for `is_current = 1`, which SQLAlchemy writes for `== true()`."""
    return sa.and_(sa.literal_column(f"{table.name}.is_current"), table.c.is_current == sa.true())


def any_of(column: sa.ColumnElement, values: Iterable[str] | None) -> sa.ColumnElement | None:
    """`column IN values` (None when no filter is asked; an empty list matches nothing)."""
    return None if values is None else column.in_(sorted(set(values)))


def level_condition(table: sa.Table, level: str) -> sa.ColumnElement:
    """The rows of one level: 'province' (a province's own, no district or commune), 'district', 'commune'; or
    'whole_province' (the province's own, no organisation either: what a shared scale compares), 'below_province'
    (a district's or a commune's) or 'province_or_district' (a province's own or a district's: no commune's)."""
    c = table.c
    if level in ("province", "whole_province"):
        whole = [c.organisation.is_(None)] if level == "whole_province" else []
        return sa.and_(c.province_code.is_not(None), c.district_code.is_(None), c.commune_code.is_(None), *whole)
    if level == "district":
        return sa.and_(c.district_code.is_not(None), c.commune_code.is_(None))
    if level == "commune":
        return c.commune_code.is_not(None)
    if level == "below_province":
        return sa.or_(c.district_code.is_not(None), c.commune_code.is_not(None))
    if level == "province_or_district":
        return sa.and_(c.province_code.is_not(None), c.commune_code.is_(None))
    raise ValueError(f"unknown level {level!r}; expected one of "
                     f"{', '.join((*LEVELS, 'whole_province', 'below_province', 'province_or_district'))}")


def observation_filters(*, indicators: Iterable[str] | None = None, subtypes: Iterable[str] | None = None,
                        admin_versions: Iterable[str] | None = None, provinces: Iterable[str] | None = None,
                        districts: Iterable[str] | None = None, level: str | None = None, placed: bool | None = None,
                        source_ids: Iterable[str] | None = None, obs_ids: Iterable[str] | None = None) -> list:
    """The conditions on current observations that every filter given asks (None: not filtered); `placed`: of a
    province or (False) of none (a national or regional figure has no province code); `level`: see level_condition."""
    c = OBSERVATIONS.c
    where = [any_of(c.indicator, indicators), any_of(c.subtype, subtypes),
             any_of(c.admin_version, admin_versions), any_of(c.province_code, provinces),
             any_of(c.district_code, districts), any_of(c.source_id, source_ids), any_of(c.obs_id, obs_ids),
             None if placed is None else c.province_code.is_not(None) if placed else c.province_code.is_(None),
             level_condition(OBSERVATIONS, level) if level else None]
    return [w for w in where if w is not None]


def not_at_places(table: sa.Table, places: pd.DataFrame | None) -> list[sa.ColumnElement]:
    """The conditions that leave out the rows at these place codes (rows of place_codes), a few hundred per term
    (SQLite parses at most 1,000 nested terms); IS NOT DISTINCT FROM, so that a NULL code keeps its row (NOT of a
    NULL comparison would drop it)."""
    matches = [] if places is None else [
        sa.and_(*(table.c[column].is_not_distinct_from(value or None) for column, value in place.items()))
        for place in places.to_dict("records")]
    return [sa.not_(sa.or_(*matches[start:start + PLACES_PER_QUERY]))
            for start in range(0, len(matches), PLACES_PER_QUERY)]


class StoreReader:
    """Current rows of the store, read per question."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def _frame(self, name: str, where: list) -> pd.DataFrame:
        """The current rows that match, in published order. The order is by `position + 0`, not `position`: with
        the bare column, SQLite walks the position index over every row (0.17 s at national size for 163 rows)
        instead of the index that finds the few rows asked, then sorts them."""
        table, columns = VERSIONED_TABLES[name], list(SCHEMAS[name].columns)
        query = (sa.select(*(table.c[c] for c in columns)).where(current(table), *where)
                 .order_by(table.c.position + 0, table.c[KEY_COLUMNS[name]]))
        with read_snapshot(self.engine) as conn:
            return typed_frame(name, conn.execute(query).all(), columns)

    def catalogue(self) -> Catalogue:
        """Sources, headlines and subtypes whole, and the (indicator, subtype) pairs that have figures."""
        tables = {name: self._frame(name, []) for name in CATALOGUE_TABLES}
        query = (sa.select(OBSERVATIONS.c.indicator, OBSERVATIONS.c.subtype).where(current(OBSERVATIONS))
                 .group_by(OBSERVATIONS.c.indicator, OBSERVATIONS.c.subtype))
        with read_snapshot(self.engine) as conn:
            used = pd.DataFrame(conn.execute(query).all(), columns=["indicator", "subtype"], dtype=object)
        return Catalogue(**tables, used=used)

    def observations(self, **filters) -> pd.DataFrame:
        """The current observations that match every filter given (see observation_filters)."""
        return self._frame("observations", observation_filters(**filters))

    def observation_counts(self, by: list[str], **filters) -> pd.DataFrame:
        """How many current observations match the filters (see observation_filters), per value of the `by` columns
        (a GROUP BY: a view that only needs to know what there is reads no row)."""
        return self._count_by(OBSERVATIONS, by, observation_filters(**filters))

    def observation_groups(self, by: list[str], *, leave_out_ids: Iterable[str] = (),
                           leave_out_places: pd.DataFrame | None = None, **filters) -> pd.DataFrame:
        """Per value of the `by` columns, of the current observations that match the filters (observation_filters)
        but for the ids and place codes left out: how many (`n`), how many of a whole province (`whole`, see
        level_condition) and the published position of the first (`first`). A GROUP BY: what a view counts over
        every figure (the coverage of each province) without reading one."""
        c = OBSERVATIONS.c
        columns = [c[name] for name in by]
        whole = sa.func.sum(sa.case((level_condition(OBSERVATIONS, "whole_province"), 1), else_=0))
        ids = sorted(set(leave_out_ids))
        where = [current(OBSERVATIONS), *observation_filters(**filters), *([c.obs_id.not_in(ids)] if ids else []),
                 *not_at_places(OBSERVATIONS, leave_out_places)]
        query = (sa.select(*columns, sa.func.count().label("n"), whole.label("whole"),
                           sa.func.min(c.position).label("first")).where(*where).group_by(*columns))
        with read_snapshot(self.engine) as conn:
            groups = pd.DataFrame(conn.execute(query).all(), columns=[*by, "n", "whole", "first"])
        groups = groups[groups["n"] > 0].reset_index(drop=True)  # no `by`: one row, of no figure when none match
        groups[by] = groups[by].fillna("").astype(str)
        return groups.astype({"n": int, "whole": int, "first": int})

    def models(self, *, admin_versions: Iterable[str] | None = None, provinces: Iterable[str] | None = None,
               districts: Iterable[str] | None = None, source_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """The current named models that match every filter given (None: not filtered)."""
        c = MODELS.c
        where = [any_of(c.admin_version, admin_versions), any_of(c.province_code, provinces),
                 any_of(c.district_code, districts), any_of(c.source_id, source_ids)]
        return self._frame("models", [w for w in where if w is not None])

    def keys_at(self, name: str, places: pd.DataFrame) -> list[str]:
        """The keys of a table's current rows at these place codes (rows of place_codes), in published order."""
        table, key = VERSIONED_TABLES[name], KEY_COLUMNS[name]
        matches = [sa.and_(*(table.c[column].is_(None) if value == "" else table.c[column] == value
                             for column, value in place.items())) for place in places.to_dict("records")]
        found = []
        with read_snapshot(self.engine) as conn:
            for start in range(0, len(matches), PLACES_PER_QUERY):  # SQLite parses at most 1,000 nested terms
                query = sa.select(table.c[key], table.c.position).where(
                    current(table), sa.or_(*matches[start:start + PLACES_PER_QUERY]))
                found += conn.execute(query).all()
        return [row[0] for row in sorted(found, key=lambda row: (row[1], row[0]))]

    def place_codes(self, name: str) -> pd.DataFrame:
        """The distinct place codes (admin_version, province, district, commune) of a table's current rows."""
        table = VERSIONED_TABLES[name]
        columns = [c for c in ("admin_version", "province_code", "district_code", "commune_code") if c in table.c]
        query = sa.select(*(table.c[c] for c in columns)).where(current(table)).distinct()
        with read_snapshot(self.engine) as conn:
            return typed_frame(name, conn.execute(query).all(), columns)

    def counts(self, name: str, by: list[str], keys: Iterable[str] | None = None) -> pd.DataFrame:
        """How many current rows of a versioned table (observations, models) there are per value of the `by` columns,
        of the rows with these keys (None: of all): a GROUP BY, no row read."""
        table = VERSIONED_TABLES[name]
        return self._count_by(table, by, [w for w in (any_of(table.c[KEY_COLUMNS[name]], keys),) if w is not None])

    def _count_by(self, table: sa.Table, by: list[str], where: list) -> pd.DataFrame:
        """SELECT the `by` columns and count(*) AS n of the current rows that match `where`, GROUP BY the columns."""
        columns = [table.c[column] for column in by]
        query = sa.select(*columns, sa.func.count().label("n")).where(current(table), *where).group_by(*columns)
        with read_snapshot(self.engine) as conn:
            return count_frame(conn.execute(query).all(), by)
