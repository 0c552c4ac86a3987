"""The provenance of a view ("Nguồn: …", periods, scopes, admin version, data date): in full for the deck's sources
slide, its speaker notes and the data key; in a few lines for the foot of every image, slide and printed page, the
sources of the values shown first. Computed from the view's content only (no figures)."""

from datetime import date

import pandas as pd

from briefing.content import ViewContent
from briefing.i18n import translate
from briefing.places import period_words, scope_words

FOOTER_SOURCES = 3  # sources named in a footer; the others are counted


def source_names(sources: pd.DataFrame) -> list[str]:
    """'Title (publisher, 2024)' for each source, in order."""
    return [f"{row.title} ({row.publisher or '–'}, {row.date_published or '?'})" for row in sources.itertuples()]


def shown_first(content: ViewContent) -> pd.DataFrame:
    """The view's sources, those behind the values it shows (on the shared scale) first."""
    sources = content.sources
    if not len(sources) or "obs_ids" not in content.places:
        return sources
    shown_ids = {obs_id for ids in content.places["obs_ids"] for obs_id in ids}
    first = set(content.obs.loc[content.obs["obs_id"].isin(shown_ids), "source_id"])
    return pd.concat([sources[sources["source_id"].isin(first)], sources[~sources["source_id"].isin(first)]])


def provenance_lines(content: ViewContent, today: date | None = None, short: bool = False) -> list[str]:
    """Sources, periods, scopes, admin version, data date and notes of a view, one line each; `short` names the
    first few sources and counts the rest (the footer of an image or slide)."""
    lang = content.lang
    names = source_names(shown_first(content))
    shown = names[:FOOTER_SOURCES] if short else names
    more = len(names) - len(shown)
    text = "; ".join(shown) or translate("footer_no_sources", lang)
    if more:
        text += " " + translate("footer_more_sources", lang, count=more)
    periods = list(dict.fromkeys(period_words(r, lang) for r in content.obs.itertuples()))
    scopes = list(dict.fromkeys(scope_words(r, lang) for r in content.obs.itertuples()))
    dates = [d for d in content.sources["date_published"] if d] if len(content.sources) else []
    lines = [translate("footer_sources", lang, sources=text)]
    limit = 4 if short else 6
    if periods:
        lines.append(translate("footer_periods", lang, periods=shorten_list(periods, limit)) + " · " +
                     translate("footer_scopes", lang, scopes=shorten_list(scopes, limit)))
    lines.append(translate("footer_admin", lang, version=translate(f"version_{content.admin_version}", lang)) + " · " +
                 translate("footer_date", lang, date=max(dates, default="–"),
                           today=(today or date.today()).strftime("%d/%m/%Y")))
    if content.denominator_note:
        lines.append(content.denominator_note)
    return lines + ([] if short else content.notes)


def shorten_list(items: list[str], limit: int = 6) -> str:
    """'a; b; c' or, for a long list, its first items and how many more."""
    shown = "; ".join(items[:limit])
    return shown + (f"; +{len(items) - limit}" if len(items) > limit else "")
