"""A refused input (indicators.intake.refusal.Refusal) worded for the screen in the visitor's language, never a
traceback."""

from pathlib import PurePath

from components.state import translate_as_text
from indicators.intake.refusal import Refusal

MESSAGE_DEFAULTS = {"size_mb": "?", "limit_mb": 5, "label": "?", "rows": ""}


def describe_error(error: Refusal, lang: str, name: str = "") -> str:
    """The translated message of a refusal, by its kind and code; details fill the placeholders, escaped (a file name,
    evidence or a place name is shown as written, never as a link or an image)."""
    values = MESSAGE_DEFAULTS | {"name": name, "suffix": PurePath(name).suffix} | error.detail
    return translate_as_text(f"{error.kind}_{error.code}", lang, **values)
