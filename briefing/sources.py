"""The sources page's content: every source (or the one in `source=`) with its figures and models."""

import pandas as pd

from briefing.catalogue import subtype_titles
from briefing.content import ChoiceReader, ViewContent, used_sources
from briefing.i18n import translate
from briefing.inputs import ViewInputs
from briefing.links import View
from briefing.tables import build_model_table, build_observation_table


def build_sources(view: View, inputs: ViewInputs) -> ViewContent:
    lang, reader, catalogue = view.lang, ChoiceReader(view), inputs.catalogue
    titles = dict(zip(catalogue.sources["source_id"], catalogue.sources["title"], strict=True))
    source = reader.one("source", ["", *titles], "", lambda s: titles.get(s) or translate("all", lang))
    # each source with all its figures (a figure two sources give is listed under both), places named by the gazetteer
    chosen = {"source_ids": [source]} if source else {}
    obs, models = inputs.observations(every_edition=True, **chosen), inputs.models(**chosen)
    shown = used_sources(obs, models, catalogue) if source else catalogue.sources
    table = source_table(shown, obs, models, lang)
    kpis = [{"label": translate("kpi_sources", lang), "value": str(len(table)), "detail": ""},
            {"label": translate("kpi_figures", lang), "value": str(len(obs)), "detail": ""},
            {"label": translate("kpi_models", lang), "value": str(len(models)), "detail": ""}]
    filters = [f"{translate('source', lang)}: {titles[source] if source else translate('all', lang)}"]
    vietnamese = int((shown["language"] == "vi").sum())
    answer = translate("answer_sources", lang, sources=len(shown), vietnamese=vietnamese,
                       other=len(shown) - vietnamese, figures=len(obs), models=len(models))
    return ViewContent(view, translate("page_sources", lang), filters, kpis, table, obs, models,
                       choices=reader.choices, places=shown, notices=reader.notices, answer=answer,
                       source_tables=per_source_tables(shown, obs, models, inputs, lang))


def per_source_tables(sources: pd.DataFrame, obs: pd.DataFrame, models: pd.DataFrame, inputs: ViewInputs,
                      lang: str) -> dict[str, dict[str, pd.DataFrame]]:
    """source id → its 'figures' (with evidence) and its named 'models', as the sources page lists them."""
    titles, names = subtype_titles(inputs.catalogue, lang), inputs.province_names()
    return {source_id: {"figures": build_observation_table(obs[obs["source_id"] == source_id], titles, lang),
                        "models": build_model_table(models[models["source_id"] == source_id], lang, names)}
            for source_id in sources["source_id"]}


def source_table(sources: pd.DataFrame, obs: pd.DataFrame, models: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each source: title, publisher, date and how many evidence quotes of the view come from it."""
    counts = pd.concat([obs["source_id"], models["source_id"]]).value_counts()
    return pd.DataFrame({
        translate("source", lang): sources["title"],
        translate("deck_publisher", lang): sources["publisher"].where(sources["publisher"] != "", "–"),
        translate("deck_date", lang): sources["date_published"].where(sources["date_published"] != "", "?"),
        translate("deck_evidence_count", lang): [int(counts.get(s, 0)) for s in sources["source_id"]],
    })
