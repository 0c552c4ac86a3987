"""Keyword rules that map a number's noun and clause to an indicator id of data/indicators.csv."""

import re
from dataclasses import dataclass

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
    IndicatorRule("communes_with_model_count", "count", r"^(?:xã|phường|thị trấn)", r"mô hình"),
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
