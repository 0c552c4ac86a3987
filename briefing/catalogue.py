"""The indicator catalogue as a view speaks of it: titles in the view's language, for the indicators with data."""

from indicators.tables import Dataset

DEFAULT_INDICATOR = "models_built_count"


def indicator_titles(dataset: Dataset, lang: str) -> dict[str, str]:
    """Indicator id → title in the language, for the indicators that have observations."""
    used = set(dataset.observations["indicator"])
    column = "title_vi" if lang == "vi" else "title_en"
    return {row.indicator: getattr(row, column) for row in dataset.indicators.itertuples() if row.indicator in used}
