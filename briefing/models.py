"""The models page's content: the named models, filtered by province, district, organisation type, field and a
search that ignores case and diacritics."""

from briefing.content import ChoiceReader, ViewContent
from briefing.i18n import translate
from briefing.inputs import ViewInputs
from briefing.links import View
from briefing.tables import build_model_table
from indicators.domain.queries import filter_models


def build_models(view: View, inputs: ViewInputs) -> ViewContent:
    lang, reader, models, frame = view.lang, ChoiceReader(view), inputs.models(), inputs.frame("vn63")
    vn63 = models[models["admin_version"] == "vn63"]
    provinces = reader.many("province", sorted(set(vn63["province_code"]) - {""}, key=frame.sort_key), [],
                            frame.names)
    district_names = {d.code: d.name for code in (provinces or set(vn63["province_code"]) - {""})
                      for d in inputs.gazetteer.districts_of(code)}
    districts = reader.many("district", sorted(set(models["district_code"]) & set(district_names),
                                               key=district_names.get), [], district_names)
    org_types = reader.many("org_type", sorted(set(models["org_type"]) - {""}), [],
                            lambda o: translate(f"org_type_{o}", lang))
    fields = reader.many("field", sorted(set(models["field"])), [], lambda f: translate(f"field_{f}", lang))
    query = reader.text("q")
    places = inputs.place_search().find(query) if query else []
    shown = filter_models(models, provinces, districts, org_types, fields, query, places)
    none = translate("filter_none", lang)
    filters = [f"{translate('province', lang)}: {', '.join(frame.names[p] for p in provinces) or none}",
               f"{translate('district', lang)}: {', '.join(district_names[d] for d in districts) or none}",
               f"{translate('organisation', lang)}: {labels_of(reader, 'org_type', org_types) or none}",
               f"{translate('field', lang)}: {labels_of(reader, 'field', fields) or none}",
               f"{translate('search', lang)}: {query or none}"]
    kpis = [{"label": translate("kpi_models", lang), "value": str(len(shown)), "detail": ""},
            {"label": translate("kpi_provinces", lang), "value": str(shown["province_code"].nunique()), "detail": ""},
            {"label": translate("kpi_fields", lang), "value": str(shown["field"].nunique()), "detail": ""}]
    table = build_model_table(shown, lang, inputs.province_names(), inputs.source_titles())
    no_figures = inputs.observations(obs_ids=[])
    fields_count = shown["field"].value_counts()
    field = translate("answer_models_field", lang, field=translate(f"field_{fields_count.index[0]}", lang),
                      count=int(fields_count.iloc[0])) if len(fields_count) else ""
    answer = translate("answer_models", lang, models=len(shown), provinces=shown["province_code"].nunique(),
                       field=field)
    return ViewContent(view, translate("page_models", lang), filters, kpis,
                       table.drop(columns=translate("evidence", lang)), no_figures, shown, choices=reader.choices,
                       places=shown, notices=reader.notices, tables={"models": table}, answer=answer,
                       download="models")


def labels_of(reader: ChoiceReader, name: str, codes: list[str]) -> str:
    return ", ".join(reader.choices[name].label(code) for code in codes)
