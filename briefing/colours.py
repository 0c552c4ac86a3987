"""The maps' colours, defined once: the plotly maps (briefing/maps.py), the offline HTML map (folium,
briefing/interactive.py), the deck's legend and the PNG/SVG read the colour of a class or value here.

Colour-blind-safe: a single-hue blue scale for values (starting well above white, so its lowest class cannot be
mistaken for "no data"), Okabe–Ito orange for another scope, pale grey for no data.
"""

from dataclasses import dataclass

import pandas as pd
from plotly.colors import sample_colorscale

from indicators.domain.comparability import STATUS_NONE, STATUS_OTHER

VALUE_SCALE = [[0.0, "#9ecae1"], [0.5, "#3182bd"], [1.0, "#08306b"]]
OTHER_SCOPE_COLOUR = "#E69F00"
NO_DATA_COLOUR = "#f4f4f4"
BORDER_COLOUR = "#8c8c8c"
LABEL_COLOUR = "#333333"
REPORTED_COLOUR = "#6baed6"  # a district with figures
MODELS_ONLY_COLOUR = "#c7e9c0"  # a district named only for a model
SELECTED_COLOUR = "#b3261e"
# The colour of each flat (one-colour) class of a map, by its status: the country and commune maps' classes off the
# shared scale, and the district map's three classes.
FLAT_COLOURS = {STATUS_OTHER: OTHER_SCOPE_COLOUR, STATUS_NONE: NO_DATA_COLOUR, "no_data": NO_DATA_COLOUR,
                "models_only": MODELS_ONLY_COLOUR, "figures": REPORTED_COLOUR}


def scale_top(values) -> float:
    """The top of a shared scale: its largest value, at least 1 (a scale of zeros still has a length)."""
    values = [float(value) for value in values]
    return max(max(values), 1.0) if values else 1.0


def value_colour(value: float, top: float) -> str:
    """The colour of a value on a shared scale from 0 to `top` ('rgb(8, 48, 107)' at the top)."""
    return sample_colorscale(VALUE_SCALE, [min(max(float(value) / top, 0.0), 1.0)])[0]


def css_gradient() -> str:
    """The value scale as a CSS background, left (0) to right (top)."""
    return "linear-gradient(to right, " + ", ".join(f"{c} {p * 100:.0f}%" for p, c in VALUE_SCALE) + ")"


def middle_colour() -> str:
    """The middle of the value scale: the one swatch that stands for the whole scale (the deck's legend)."""
    return VALUE_SCALE[1][1]


@dataclass(frozen=True)
class ScaleClass:
    """One class of a map's areas: its status (shared, other, none; figures, models_only, no_data on a district
    map), its colour (the shared scale's middle colour for the shared class), its legend words and its areas."""

    status: str
    colour: str
    words: str
    count: int
    shared: bool = False


@dataclass(frozen=True)
class ColourScale:
    """How a map colours its areas: the shared scale (blues from 0 to `top` over `column`; `low` is its smallest
    value, `high` its largest) and the flat classes beside it. `bar_title` is the colour bar's title, `decimals`
    its ticks' decimals."""

    column: str
    classes: tuple[ScaleClass, ...]
    top: float = 1.0
    low: float = 0.0
    high: float = 0.0
    bar_title: str = ""
    decimals: int = 0

    @property
    def shared(self) -> ScaleClass | None:
        return next((cls for cls in self.classes if cls.shared), None)

    @property
    def tickformat(self) -> str:
        return ",d" if self.decimals == 0 else f",.{self.decimals}f"

    def words(self, status: str) -> str:
        return next((cls.words for cls in self.classes if cls.status == status), "")

    def fill(self, status: str, value) -> str:
        """The colour of an area of that status and value."""
        shared = self.shared
        if shared is not None and status == shared.status:
            return value_colour(value, self.top)
        return FLAT_COLOURS.get(status, NO_DATA_COLOUR)

    def fills(self, places: pd.DataFrame, key: str) -> dict[str, str]:
        """area code → its colour."""
        values = places[self.column] if self.column else [None] * len(places)
        return {code: self.fill(status, value)
                for code, status, value in zip(places[key], places["status"], values, strict=True)}

    def legend(self) -> list[ScaleClass]:
        """The classes a legend lists: those with areas and words."""
        return [cls for cls in self.classes if cls.count and cls.words]


def make_scale(places: pd.DataFrame, column: str, words: dict[str, str], shared: str = "", bar_title: str = "",
               decimals: int = 0) -> ColourScale:
    """The scale of the places: `words` gives each class's legend words (status → words, in the legend's order),
    `shared` the status the blues colour over `column` ('' on a map of flat classes only)."""
    counts = places["status"].value_counts() if "status" in places else pd.Series(dtype=int)
    values = places.loc[places["status"] == shared, column].astype(float) if shared else pd.Series(dtype=float)
    classes = tuple(ScaleClass(status, middle_colour() if status == shared else FLAT_COLOURS[status], text,
                               int(counts.get(status, 0)), shared=status == shared) for status, text in words.items())
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 0.0)
    return ColourScale(column if shared else "", classes, scale_top(values), low, high, bar_title, decimals)
