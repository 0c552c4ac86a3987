"""Moved: the interface labels now live in briefing/i18n.py (edit them there). Temporary re-export."""

from briefing.i18n import LABELS, LANGUAGES, translate  # noqa: F401
