"""What the store keeps beside each observation version, worked out once when the version is written: the scope's
level and kind (the rule of indicators.domain.queries.add_scope_columns), the reporting window's length in years
(periods.years_between) and its kind (comparability.window_kind). The views select and filter by them in SQL instead
of working them out for every row on every read. A change to one of those rules needs a migration that writes them
again (as revision 0007 first did)."""

import pandas as pd

from indicators.domain.comparability import window_kind
from indicators.domain.periods import years_between
from indicators.domain.queries import add_scope_columns

DERIVED_COLUMNS = ("scope_level", "scope_kind", "years", "window_kind")
PLACE_COLUMNS = ["province_code", "district_code", "commune_code", "org_type"]


def derived_columns(obs: pd.DataFrame) -> pd.DataFrame:
    """The DERIVED_COLUMNS of observations given as CSV text cells ('' when empty), on the same index; an undated
    window has None for years and window_kind (as the store keeps an empty cell)."""
    scoped = add_scope_columns(obs[PLACE_COLUMNS])
    windows = list(zip(obs["period_start"], obs["period_end"], strict=True))
    return pd.DataFrame({"scope_level": scoped["scope_level"], "scope_kind": scoped["scope_kind"],
                         "years": [years_between(start, end) for start, end in windows],
                         "window_kind": [window_kind(start, end) or None for start, end in windows]},
                        index=obs.index, dtype=object)
