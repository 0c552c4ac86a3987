"""The sources page's content: every source (or the one in `source=`) with its figures and models. The listing counts
each source's rows in SQL; the figures and models themselves are read for the source chosen, or, listing every
source, for the first ones up to MAX_LISTED_ROWS (every source of today's data): a national store holds hundreds of
reports of thousands of figures each, and each one opens by its `source=` link."""

from collections import defaultdict

import pandas as pd

from briefing.catalogue import subtype_titles
from briefing.content import ChoiceReader, ViewContent, used_sources
from briefing.i18n import translate
from briefing.inputs import ViewInputs
from briefing.links import View
from briefing.tables import build_model_table, build_observation_table

MAX_LISTED_ROWS = 1_000  # figures and models listed on the page of every source


def build_sources(view: View, inputs: ViewInputs) -> ViewContent:
    lang, reader, catalogue = view.lang, ChoiceReader(view), inputs.catalogue
    titles = dict(zip(catalogue.sources["source_id"], catalogue.sources["title"], strict=True))
    source = reader.one("source", ["", *titles], "", lambda s: titles.get(s) or translate("all", lang))
    counts = inputs.source_counts().set_index("source_id").reindex(list(titles), fill_value=0)
    listed = [source] if source else listed_sources(counts)
    # each listed source with all its figures (a figure two sources give is listed under both), places named by the
    # gazetteer; listing every source, one read without a filter
    chosen = {} if len(listed) == len(titles) else {"source_ids": listed}
    obs, models = inputs.observations(every_edition=True, **chosen), inputs.models(**chosen)
    shown = used_sources(obs, models, catalogue) if source else catalogue.sources
    shown = shown.assign(figures=counts.loc[shown["source_id"], "figures"].to_numpy(),
                         models=counts.loc[shown["source_id"], "models"].to_numpy())
    figures, named = int(shown["figures"].sum()), int(shown["models"].sum())
    table = source_rows(shown, [int(f + m) for f, m in zip(shown["figures"], shown["models"], strict=True)], lang)
    kpis = [{"label": translate("kpi_sources", lang), "value": str(len(table)), "detail": ""},
            {"label": translate("kpi_figures", lang), "value": str(figures), "detail": ""},
            {"label": translate("kpi_models", lang), "value": str(named), "detail": ""}]
    filters = [f"{translate('source', lang)}: {titles[source] if source else translate('all', lang)}"]
    vietnamese = int((shown["language"] == "vi").sum())
    answer = translate("answer_sources", lang, sources=len(shown), vietnamese=vietnamese,
                       other=len(shown) - vietnamese, figures=figures, models=named)
    return ViewContent(view, translate("page_sources", lang), filters, kpis, table, obs, models,
                       choices=reader.choices, places=shown, notices=reader.notices, answer=answer,
                       source_tables=per_source_tables(shown[shown["source_id"].isin(listed)]["source_id"], obs,
                                                       models, inputs, lang))


def listed_sources(counts: pd.DataFrame) -> list[str]:
    """The sources, in the listing's order, whose figures and models the page of every source lists: the first ones
    while their rows stay within MAX_LISTED_ROWS (the others open by their own link)."""
    rows = (counts["figures"] + counts["models"]).cumsum()
    return list(counts.index[rows <= MAX_LISTED_ROWS])


def per_source_tables(source_ids: pd.Series, obs: pd.DataFrame, models: pd.DataFrame, inputs: ViewInputs,
                      lang: str) -> dict[str, dict[str, pd.DataFrame]]:
    """source id → its 'figures' (with evidence) and its named 'models', as the sources page lists them: each table
    built once for every source listed, then split by source."""
    figures = by_source(build_observation_table(obs, subtype_titles(inputs.catalogue, lang), lang), obs)
    named = by_source(build_model_table(models, lang, inputs.province_names()), models)
    return {source_id: {"figures": figures[source_id], "models": named[source_id]} for source_id in source_ids}


def by_source(table: pd.DataFrame, rows: pd.DataFrame) -> defaultdict[str, pd.DataFrame]:
    """The table's rows (one per row of `rows`) per source id of `rows`; no rows for a source without any."""
    groups = defaultdict(lambda: table.iloc[0:0])
    groups.update(dict(list(table.groupby(rows["source_id"].to_numpy(), sort=False))))
    return groups


def source_table(sources: pd.DataFrame, obs: pd.DataFrame, models: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each source: title, publisher, date and how many evidence quotes of the view come from it."""
    counts = pd.concat([obs["source_id"], models["source_id"]]).value_counts()
    return source_rows(sources, [int(counts.get(s, 0)) for s in sources["source_id"]], lang)


def source_rows(sources: pd.DataFrame, quotes: list[int], lang: str) -> pd.DataFrame:
    """Each source: title, publisher, date and how many evidence quotes (figures and models) come from it."""
    return pd.DataFrame({
        translate("source", lang): sources["title"],
        translate("deck_publisher", lang): sources["publisher"].where(sources["publisher"] != "", "–"),
        translate("deck_date", lang): sources["date_published"].where(sources["date_published"] != "", "?"),
        translate("deck_evidence_count", lang): quotes,
    })
