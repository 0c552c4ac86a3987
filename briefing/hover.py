"""The provenance tooltip of every map area, bar and line: value, scope, period, sources and evidence words.

One builder for maps and charts, from named fields of a place or observation record; lists (sources, evidence)
arrive as lists and are laid out here, for the screen only.
"""

import html
import textwrap

import numpy as np
import pandas as pd

from briefing.i18n import translate

HOVER_FIELDS = ("head", "label", "scope", "period", "sources", "evidence", "note")
MAX_EVIDENCE_SHOWN = 3
# A tooltip line of at most this many characters (about 380 px at plotly's 13 px): a tooltip that narrow fits beside
# the point inside any chart, so plotly never pushes it past the chart's edge, where it was cut.
HOVER_LINE_CHARS = 52


def hover_template(lang: str) -> str:
    """The plotly hovertemplate reading `hover_customdata`'s columns by their field names."""
    index = {name: i for i, name in enumerate(HOVER_FIELDS)}
    return (
        f"<b>%{{customdata[{index['head']}]}}</b><br>%{{customdata[{index['label']}]}}<br>"
        f"{translate('scope', lang)}: %{{customdata[{index['scope']}]}}<br>"
        f"{translate('period', lang)}: %{{customdata[{index['period']}]}}<br>"
        f"{translate('source', lang)}: %{{customdata[{index['sources']}]}}<br>"
        f"%{{customdata[{index['evidence']}]}}%{{customdata[{index['note']}]}}<extra></extra>"
    )


def hover_customdata(records: pd.DataFrame, head: str) -> np.ndarray:
    """One row per mark: the fields of HOVER_FIELDS as tooltip text; `head` names the column shown in bold."""
    columns = {
        "head": records[head].map(wrapped),
        "label": records["label"].map(wrapped),
        "scope": records["scope"].map(wrapped),
        "period": records["period"].map(wrapped),
        "sources": records["sources"].map(lambda titles: wrapped("; ".join(dict.fromkeys(titles)))),
        "evidence": records["evidence"].map(evidence_lines),
        "note": records["note"].map(lambda note: f"<br><i>{wrapped(note)}</i>" if note else "")
        if "note" in records else pd.Series("", index=records.index),
    }
    return np.column_stack([columns[name].to_numpy(dtype=object) for name in HOVER_FIELDS]) if len(records) \
        else np.empty((0, len(HOVER_FIELDS)), dtype=object)


def evidence_lines(evidence: list[str]) -> str:
    """«quoted words», each quote once (the parts of one statement share it), the first few only, whole words
    wrapped onto the next line and never cut."""
    quotes = list(dict.fromkeys(words for words in evidence if words))
    shown = [wrapped(f"«{words}»") for words in quotes[:MAX_EVIDENCE_SHOWN]]
    more = len(quotes) - MAX_EVIDENCE_SHOWN
    return "<br>".join(shown + ([f"+{more}"] if more > 0 else []))


def wrapped(text) -> str:
    """Text escaped for the tooltip, wrapped between words into lines of at most HOVER_LINE_CHARS (a longer word
    stays whole)."""
    lines = textwrap.wrap(str(text), HOVER_LINE_CHARS, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(escape(line) for line in lines)


def escape(text) -> str:
    """Text from a source or a link, safe inside plotly's HTML-like tooltip."""
    return html.escape(str(text), quote=False)
