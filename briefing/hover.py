"""The provenance tooltip of every map area, bar and line: value, scope, period, sources and evidence words.

One builder for maps and charts, from named fields of a place or observation record; lists (sources, evidence)
arrive as lists and are laid out here, for the screen only.
"""

import html

import numpy as np
import pandas as pd

from briefing.i18n import translate

HOVER_FIELDS = ("head", "label", "scope", "period", "sources", "evidence", "note")
MAX_EVIDENCE_SHOWN = 3


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
        "head": records[head].map(escape),
        "label": records["label"].map(escape),
        "scope": records["scope"].map(escape),
        "period": records["period"].map(escape),
        "sources": records["sources"].map(lambda titles: "; ".join(escape(t) for t in titles)),
        "evidence": records["evidence"].map(evidence_lines),
        "note": records["note"].map(lambda note: f"<br><i>{escape(note)}</i>" if note else "")
        if "note" in records else pd.Series("", index=records.index),
    }
    return np.column_stack([columns[name].to_numpy(dtype=object) for name in HOVER_FIELDS]) if len(records) \
        else np.empty((0, len(HOVER_FIELDS)), dtype=object)


def evidence_lines(evidence: list[str]) -> str:
    """«quoted words», one per line, the first few only."""
    shown = [f"«{escape(words)}»" for words in evidence[:MAX_EVIDENCE_SHOWN]]
    more = len(evidence) - MAX_EVIDENCE_SHOWN
    return "<br>".join(shown + ([f"+{more}"] if more > 0 else []))


def escape(text) -> str:
    """Text from a source or a link, safe inside plotly's HTML-like tooltip."""
    return html.escape(str(text), quote=False)
