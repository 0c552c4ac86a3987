"""One figure, one count: the same figure reported by two editions or outlets (data/duplicates.csv, or the one in
VN_SEED_DATA_DIR) is counted and drawn once, as the figure it is the same as, which lists the other source beside
its own."""

from pathlib import Path

import pandas as pd

from indicators.paths import seed_data_dir


def load_duplicates(path: Path | None = None) -> pd.DataFrame:
    """The links: obs_id (the repeat), same_as (the figure counted), why; by default those of the curated tables the
    store was filled from (indicators.paths.seed_data_dir)."""
    return pd.read_csv(path or seed_data_dir() / "duplicates.csv", dtype=str, keep_default_na=False)


def count_once(obs: pd.DataFrame, sources: pd.DataFrame, duplicates: pd.DataFrame) -> pd.DataFrame:
    """The observations without the repeats whose figure is among them; each figure counted gets
    `also_source_ids` and `also_source_titles` (the other sources that report it, as lists)."""
    present = set(obs["obs_id"])
    links = duplicates[duplicates["obs_id"].isin(present) & duplicates["same_as"].isin(present)]
    source_of = dict(zip(obs["obs_id"], obs["source_id"], strict=True))
    return count_links_once(obs, sources, links.assign(repeat_source=links["obs_id"].map(source_of)))


def count_links_once(obs: pd.DataFrame, sources: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """count_once with the links already known: the repeats (obs_id) whose figure (same_as) is published, with the
    repeat's source (repeat_source); so a part of the observations read from the store counts each figure once as
    the whole would."""
    titles = dict(zip(sources["source_id"], sources["title"], strict=True))
    also: dict[str, list[str]] = {}
    for figure, source in zip(links["same_as"], links["repeat_source"], strict=True):
        also.setdefault(figure, []).append(source)
    kept = obs[~obs["obs_id"].isin(set(links["obs_id"]))]
    ids = [list(dict.fromkeys(also.get(obs_id, []))) for obs_id in kept["obs_id"]]
    return kept.assign(also_source_ids=pd.Series(ids, index=kept.index, dtype=object),
                       also_source_titles=pd.Series([[titles.get(i, i) for i in row] for row in ids], index=kept.index,
                                                    dtype=object))
