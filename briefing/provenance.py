"""The provenance lines of a view ("Nguồn: …", periods, scopes, admin version, data date): the footer of every image
and slide, the deck's sources, and the printed page's foot, from the view's content only (no figures)."""

from datetime import date

from briefing.i18n import translate
from briefing.places import period_words, scope_words
from briefing.views import ViewContent


def source_names(content: ViewContent) -> list[str]:
    """'Title (publisher, 2024)' for every source of the view, in first-seen order."""
    return [f"{row.title} ({row.publisher or '–'}, {row.date_published or '?'})"
            for row in content.sources.itertuples()]


def provenance_lines(content: ViewContent, today: date | None = None) -> list[str]:
    """Sources, periods, scopes, admin version, data date and notes of a view, one line each."""
    lang = content.lang
    periods = list(dict.fromkeys(period_words(r, lang) for r in content.obs.itertuples()))
    scopes = list(dict.fromkeys(scope_words(r, lang) for r in content.obs.itertuples()))
    dates = [d for d in content.sources["date_published"] if d] if len(content.sources) else []
    sources = "; ".join(source_names(content)) or translate("footer_no_sources", lang)
    lines = [translate("footer_sources", lang, sources=sources)]
    if periods:
        lines.append(translate("footer_periods", lang, periods=shorten_list(periods)) + " · " +
                     translate("footer_scopes", lang, scopes=shorten_list(scopes)))
    lines.append(translate("footer_admin", lang, version=translate(f"version_{content.admin_version}", lang)) + " · " +
                 translate("footer_date", lang, date=max(dates, default="–"),
                           today=(today or date.today()).strftime("%d/%m/%Y")))
    return lines + content.notes


def shorten_list(items: list[str], limit: int = 6) -> str:
    """'a; b; c' or, for a long list, its first items and how many more."""
    shown = "; ".join(items[:limit])
    return shown + (f"; +{len(items) - limit}" if len(items) > limit else "")
