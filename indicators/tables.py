"""Load the curated tables of data/ as one validated dataset, with the cross-table checks."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators.paths import DATA_DIR
from indicators.schema import TableError, load_table

TABLE_NAMES = ("sources", "indicators", "observations", "models")


@dataclass(frozen=True)
class Dataset:
    """The four curated tables, validated against their schemas and each other."""

    sources: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame
    models: pd.DataFrame


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Read sources, catalogue, observations and models from data_dir and check their references."""
    tables = {name: load_table(name, data_dir / f"{name}.csv") for name in TABLE_NAMES}
    dataset = Dataset(**tables)
    check_references(dataset, data_dir)
    return dataset


def check_references(dataset: Dataset, data_dir: Path) -> None:
    """Every source_id and indicator used must exist, and an observation's unit must be its indicator's."""
    known_sources = set(dataset.sources["source_id"])
    for name in ("observations", "models"):
        table = getattr(dataset, name)
        refuse_unknown(table, "source_id", known_sources, data_dir / f"{name}.csv")
    obs = dataset.observations
    refuse_unknown(obs, "indicator", set(dataset.indicators["indicator"]), data_dir / "observations.csv")
    catalogue_unit = obs["indicator"].map(dataset.indicators.set_index("indicator")["unit"])
    wrong_unit = obs.index[obs["unit"] != catalogue_unit]
    if len(wrong_unit):
        row = wrong_unit[0]
        raise TableError(
            f"{data_dir / 'observations.csv'} line {row + 2}, column 'unit': '{obs.at[row, 'unit']}' but indicator "
            f"'{obs.at[row, 'indicator']}' is measured in '{catalogue_unit[row]}'"
        )


def refuse_unknown(table: pd.DataFrame, column: str, known: set[str], path: Path) -> None:
    """TableError naming the first row whose `column` is not among the known keys (line numbers as in the file)."""
    unknown = table.index[~table[column].isin(known)]
    if len(unknown):
        row = unknown[0]
        raise TableError(f"{path} line {row + 2}, column '{column}': '{table.at[row, column]}' is not defined")
