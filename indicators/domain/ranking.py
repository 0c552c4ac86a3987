"""Ranks on a shared scale and the scale's profile, computed once for every renderer.

Equal values share a rank and the next rank counts them ("1, 2, 2, 4"); where the scale holds at least
MIN_FOR_THIRDS provinces each also gets its third (top, middle, bottom). A scale's profile (its median and its
highest value, with n) is given only where it holds at least MIN_FOR_PROFILE values.
"""

from dataclasses import dataclass

import pandas as pd

MIN_FOR_THIRDS = 9
MIN_FOR_PROFILE = 5


def competition_ranks(values: pd.Series) -> pd.Series:
    """The rank of each value, largest first; equal values share the best of their ranks (1, 2, 2, 4)."""
    return values.rank(method="min", ascending=False).astype(int)


def third_of(rank: int, count: int) -> str:
    """'top', 'middle' or 'bottom' third of a scale of `count` values; '' where the scale is too short for thirds."""
    if count < MIN_FOR_THIRDS:
        return ""
    if rank <= count / 3:
        return "top"
    return "middle" if rank <= 2 * count / 3 else "bottom"


@dataclass(frozen=True)
class ScaleProfile:
    """The median and the highest value of a shared scale, the provinces holding the highest, and n."""

    median: float
    highest: float
    highest_names: tuple[str, ...]
    count: int


def scale_profile(values: pd.Series, names: pd.Series) -> ScaleProfile | None:
    """The profile of the values of one scale (names by the same index); None below MIN_FOR_PROFILE values."""
    values = values.dropna()
    if len(values) < MIN_FOR_PROFILE:
        return None
    highest = values.max()
    return ScaleProfile(float(values.median()), float(highest), tuple(names[values.index[values == highest]]),
                        len(values))
