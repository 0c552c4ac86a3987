"""Load the curated tables of data/ as one validated dataset, with the cross-table checks."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators.domain.errors import TableError
from indicators.domain.schema import load_table
from indicators.paths import DATA_DIR

TABLE_NAMES = ("sources", "indicators", "subtypes", "observations", "models")


@dataclass(frozen=True)
class Dataset:
    """The curated tables, validated against their schemas and each other."""

    sources: pd.DataFrame
    indicators: pd.DataFrame
    subtypes: pd.DataFrame
    observations: pd.DataFrame
    models: pd.DataFrame


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Read sources, catalogue, observations and models from data_dir and check their references."""
    tables = {name: load_table(name, data_dir / f"{name}.csv") for name in TABLE_NAMES}
    dataset = Dataset(**tables)
    check_references(dataset, data_dir)
    return dataset


def check_references(dataset: Dataset, data_dir: Path, totals: pd.DataFrame | None = None) -> None:
    """Every source, indicator and subtype used must exist; an observation's subtype belongs to its indicator and
    gives its unit; a part names a total of the same source (among `totals` when given, see check_parts)."""
    known_sources = set(dataset.sources["source_id"])
    for name in ("observations", "models"):
        refuse_unknown(getattr(dataset, name), "source_id", known_sources, data_dir / f"{name}.csv")
    headlines = set(dataset.indicators["indicator"])
    refuse_unknown(dataset.subtypes, "indicator", headlines, data_dir / "subtypes.csv")
    subtypes = dataset.subtypes.set_index("subtype")
    refuse_unknown(dataset.indicators, "default_subtype", set(subtypes.index), data_dir / "indicators.csv")
    obs, path = dataset.observations, data_dir / "observations.csv"
    refuse_unknown(obs, "indicator", headlines, path)
    refuse_unknown(obs, "subtype", set(subtypes.index), path)
    refuse_mismatch(obs, "indicator", obs["subtype"].map(subtypes["indicator"]), "the headline of subtype", path)
    refuse_mismatch(obs, "unit", obs["subtype"].map(subtypes["unit"]), "the unit of subtype", path)
    check_parts(obs, path, totals)


def refuse_unknown(table: pd.DataFrame, column: str, known: set[str], path: Path) -> None:
    """TableError naming the first row whose `column` is not among the known keys (line numbers as in the file)."""
    unknown = table.index[~table[column].isin(known)]
    if len(unknown):
        row = unknown[0]
        raise TableError(f"{path} line {row + 2}, column '{column}': '{table.at[row, column]}' is not defined")


def refuse_mismatch(obs: pd.DataFrame, column: str, expected: pd.Series, what: str, path: Path) -> None:
    """TableError naming the first row whose `column` differs from what its subtype says."""
    wrong = obs.index[obs[column] != expected]
    if len(wrong):
        row = wrong[0]
        raise TableError(f"{path} line {row + 2}, column '{column}': '{obs.at[row, column]}' but {what} "
                         f"'{obs.at[row, 'subtype']}' is '{expected[row]}'")


def check_parts(obs: pd.DataFrame, path: Path, totals: pd.DataFrame | None = None) -> None:
    """`part_of` names an observation of the same source (a part of a part is allowed, a loop not). The totals and
    the totals above them are looked up in `totals` (obs_id, source_id, part_of) when given (the store's current rows
    a published batch names), else among obs."""
    by_id = (obs if totals is None else totals).set_index("obs_id")
    for row in obs.index[obs["part_of"] != ""]:
        total = obs.at[row, "part_of"]
        problem = ("is not defined" if total not in by_id.index
                   else "is of another source" if by_id.at[total, "source_id"] != obs.at[row, "source_id"]
                   else "leads back to this row" if obs.at[row, "obs_id"] in totals_above(by_id, total) else "")
        if problem:
            raise TableError(f"{path} line {row + 2}, column 'part_of': '{total}' {problem}")


def totals_above(by_id: pd.DataFrame, obs_id: str) -> list[str]:
    """The totals an observation is part of, nearest first (stops at a loop)."""
    chain: list[str] = []
    current = by_id.at[obs_id, "part_of"] if obs_id in by_id.index else ""
    while current and current in by_id.index and current not in chain:
        chain.append(current)
        current = by_id.at[current, "part_of"]
    return chain
