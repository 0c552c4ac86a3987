"""Keyword rules that map a number's noun and clause to an indicator id of data/indicators.csv."""

import re
from dataclasses import dataclass

from indicators.domain.names import COMMUNE_KINDS

COMMEND = r"khen|biểu dương|tuyên dương|vinh danh|tôn vinh|bằng khen|giấy khen|được tặng|tặng thưởng"
RAISE = r"vận động|ủng hộ|quyên góp|tiết kiệm|quỹ|đóng góp|tài trợ|huy động"
HELP = r"hỗ trợ|giúp|tặng quà|trao|cấp phát|chia cho|đỡ đầu|thăm|được hưởng|thoát nghèo"


@dataclass(frozen=True)
class IndicatorRule:
    """Indicator when the unit matches, the noun matches `noun` and the clause matches `clause` (both optional)."""

    indicator: str
    unit: str
    noun: str = ""
    clause: str = ""


# First matching rule wins; order from specific to general. Fallbacks (other_*) are in FALLBACK_INDICATORS.
INDICATOR_RULES = [
    IndicatorRule("leaders_personal_action_plan_pct", "percent", clause=r"người đứng đầu"),
    IndicatorRule("ethics_standards_units_pct", "percent", clause=r"chuẩn mực"),
    IndicatorRule("petitions_resolved_pct", "percent", clause=r"kiến nghị|yêu cầu|giải quyết"),
    IndicatorRule("units_implementing_model_pct", "percent", clause=r"mô hình"),
    IndicatorRule("units_with_followup_tasks_pct", "percent", clause=r"phần việc|việc làm theo"),
    IndicatorRule("study_participation_pct", "percent", clause=r"học tập|tham gia|quán triệt|kế hoạch"),
    IndicatorRule("projects_value_vnd", "vnd", clause=r"công trình|phần việc"),
    IndicatorRule("support_value_vnd", "vnd", clause=r"chữa bệnh|khám|cấp thuốc|học sinh nghèo|phương tiện sản xuất"),
    IndicatorRule("money_raised_vnd", "vnd", clause=RAISE),
    IndicatorRule("labour_contributed_workdays", "workday"),
    IndicatorRule("houses_built_count", "house"),
    IndicatorRule("land_donated_m2", "m2", clause=r"hiến|đất"),
    IndicatorRule("opinions_collected_count", "opinion"),
    IndicatorRule("cadres_sent_to_grassroots_person_turns", "person_turn", clause=r"cơ sở|tổ công tác|rèn luyện"),
    IndicatorRule("households_supported_count", "household", clause=HELP),
    IndicatorRule("commendations_collective_and_individual_count", "count", r"^tập thể,? (?:và )?cá nhân", COMMEND),
    IndicatorRule("commendations_collective_count", "count", r"^tập thể", COMMEND),
    IndicatorRule("commendations_individual_count", "person", r"^cá nhân", COMMEND),
    IndicatorRule("models_built_count", "count", r"^(?:mô hình|phần việc|cách làm)"),
    IndicatorRule("exemplars_count", "count", r"^(?:điển hình|gương|tấm gương|tập thể)"),
    IndicatorRule("people_personal_plan_count", "person", r"cán bộ|đảng viên|công chức|viên chức", r"kế hoạch"),
    IndicatorRule("people_given_free_health_care_count", "person", clause=r"khám|cấp thuốc"),
    IndicatorRule("citizens_in_dialogue_count", "person", r"công dân", r"đối thoại|tiếp xúc|gặp"),
    IndicatorRule("model_participants_count", "person", r"thành viên|hội viên|người", r"mô hình|tham gia"),
    IndicatorRule("action_plans_count", "count", r"^kế hoạch"),
    IndicatorRule("units_held_study_conferences_count", "count", r"^đảng bộ", r"quán triệt|học tập|hội nghị"),
    IndicatorRule("ethics_standards_units_count", "count", r"tổ chức|cơ quan|đơn vị", r"chuẩn mực"),
    IndicatorRule("communes_with_model_count", "count", rf"^(?:{'|'.join(COMMUNE_KINDS)})", r"mô hình"),
    IndicatorRule("model_branches_count", "count", r"^chi hội"),
    IndicatorRule("projects_tasks_count", "count", r"^(?:công trình|phần việc)"),
    IndicatorRule("groups_established_count", "count", r"^(?:tổ|đội)(?! dân phố)"),
    IndicatorRule("handbooks_distributed_count", "count", r"^(?:cuốn|quyển|sổ tay)", r"sổ tay|tài liệu|sách"),
    IndicatorRule("cases_resolved_count", "count", r"^(?:vụ việc|vụ)", r"giải quyết"),
    IndicatorRule("money_raised_vnd", "vnd"),
]
FALLBACK_INDICATORS = {
    "count": "other_count", "person": "other_person_count", "person_turn": "other_person_turns",
    "household": "other_household_count", "house": "other_house_count", "vnd": "other_vnd", "percent": "other_pct",
    "m2": "other_area_m2", "ha": "other_area_ha", "km": "other_length_km", "kg": "other_weight_kg",
    "workday": "other_workdays", "opinion": "other_opinion_count",
}
_COMPILED = [(rule, re.compile(rule.noun), re.compile(rule.clause)) for rule in INDICATOR_RULES]


def classify_indicator(unit: str, noun: str, clause: str) -> tuple[str, bool]:
    """(indicator id, is_fallback) for a number's unit, its noun phrase and its clause, all lower case."""
    for rule, noun_pattern, clause_pattern in _COMPILED:
        if rule.unit == unit and noun_pattern.search(noun) and clause_pattern.search(clause):
            return rule.indicator, False
    return FALLBACK_INDICATORS[unit], True


# The extractor's classes (above) as subtypes of the catalogue (data/subtypes.csv); a fallback class has none and
# the review must choose one.
SUBTYPES = {
    "models_built_count": "models_total",
    "production_models_count": "models_production",
    "model_registrations_count": "models_registered",
    "models_selected_count": "models_outstanding",
    "communes_with_model_count": "models_communes",
    "model_branches_count": "models_branches",
    "model_participants_count": "models_participants",
    "model_participation_pct": "models_participation_pct",
    "units_implementing_model_pct": "models_units_pct",
    "model_area_ha": "models_area_ha",
    "exemplars_count": "honours_total",
    "commendations_collective_and_individual_count": "honours_total",
    "commendations_collective_count": "honours_collective",
    "commendations_individual_count": "honours_individual",
    "exemplars_selected_count": "honours_selected",
    "commendation_nominations_count": "honours_nominated",
    "exemplary_cell_secretaries_count": "honours_cell_secretaries",
    "money_raised_vnd": "money_total",
    "support_value_vnd": "money_support",
    "projects_value_vnd": "money_works_value",
    "savings_boxes_count": "money_savings_boxes",
    "houses_built_count": "houses_total",
    "households_supported_count": "people_households",
    "people_supported_count": "people_persons",
    "people_given_free_health_care_count": "people_health_care",
    "items_donated_count": "people_items",
    "rice_collected_kg": "people_rice_kg",
    "projects_tasks_count": "works_total",
    "labour_contributed_workdays": "works_workdays",
    "works_length_km": "works_length_km",
    "land_donated_m2": "land_area_m2",
    "households_donating_land_count": "land_households",
    "study_participation_pct": "study_cadres_pct",
    "units_held_study_conferences_count": "study_units_held",
    "units_held_study_conferences_pct": "study_units_held_pct",
    "handbooks_distributed_count": "study_handbooks",
    "action_plans_count": "plans_count",
    "people_personal_plan_count": "plans_people",
    "people_personal_plan_pct": "plans_people_pct",
    "leaders_personal_action_plan_pct": "plans_leaders_pct",
    "units_with_implementation_plan_pct": "plans_units_pct",
    "units_with_followup_tasks_pct": "plans_followup_units_pct",
    "units_signing_commitments_pct": "plans_commitments_pct",
    "ethics_standards_units_count": "ethics_units",
    "ethics_standards_units_pct": "ethics_units_pct",
    "dialogues_held_count": "dialogue_held",
    "dialogue_participants_person_turns": "dialogue_participants",
    "dialogue_speakers_person_turns": "dialogue_speakers",
    "citizens_in_dialogue_count": "dialogue_citizens",
    "cases_resolved_count": "dialogue_cases_resolved",
    "petitions_resolved_pct": "dialogue_petitions_resolved_pct",
    "opinions_collected_count": "dialogue_opinions",
    "cadres_sent_to_grassroots_person_turns": "dialogue_cadres_sent",
    "contest_entries_count": "contest_entries",
    "contest_prizes_count": "contest_prizes",
    "crime_tips_provided_count": "other_crime_tips",
    "crime_tips_acted_on_count": "other_crime_tips_acted_on",
    "revenue_target_achievement_pct": "other_revenue_target_pct",
    "resolution_targets_met_count": "other_resolution_targets",
    "poor_households_count": "other_poor_households",
    "groups_established_count": "other_groups",
}


def subtype_of_extractor_class(extractor_class: str) -> str:
    """The catalogue subtype of a class the rules gave ('' for a fallback class)."""
    return SUBTYPES.get(extractor_class, "")
