"""The comparability rule: which value of each province may stand on a shared colour scale, and why every other
figure may not.

For one subtype of a headline indicator, one admin version and one campaign phase, a province's figure is on the
shared scale when it is:
- of the whole province (no district, commune or organisation), and a count of the province, not "X of Y";
- in the chosen phase (a window that spans phases by its dates, or no date, is not: Ninh Bình's 65 for 2014–2024);
- for honours, counted at the chosen award level (one ceremony vs every level are never on one scale), and honours
  of the campaign, not a programme of another body (a Fatherland Front programme);
- of the chosen window kind: one event or one year, or a multi-year window of similar length ("cửa sổ 2–3 năm");
  without a chosen kind, the kind that puts the most provinces on the scale;
- not a part beside its own total, and the latest the province reported in the phase.
A headline whose total is the sum of two parts (collectives + individuals) takes that sum when a province gives the
parts of one statement but no total; the value is marked derived. For the 34 provinces, a province made of several
old ones is on the scale only when every old province reported the same window and the subtype may be added up;
otherwise its old provinces' figures are listed with their coverage.

Every function here is pure: the pages, the exports and the deck all ask `compare_provinces`.
"""

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from indicators.domain.codes import HONOURS_INDICATOR, REVIEW_PHASES
from indicators.domain.periods import phase_of, years_between
from indicators.domain.queries import ProvinceFrame

DEFAULT_PHASE = "kl01"
# A total that is the sum of two parts the reports often give without it.
SUM_OF_PARTS = {
    "honours_total": ("honours_collective", "honours_individual"),
    "models_total": ("models_collective", "models_individual"),
}
STATUS_SHARED, STATUS_OTHER, STATUS_NONE = "shared", "other", "none"
# The kinds of reporting window that may share a scale, by the window's length in years (upper bounds): one event or
# one year (a ceremony day, "năm 2023"), then multi-year windows of similar length.
WINDOW_KINDS = {"single": 1.1, "years_2_3": 3.5, "years_4_5": 5.5, "years_6_plus": float("inf")}
# Honours of a programme of another body than the Party committee's campaign (matched in the awarding body).
OTHER_BODIES = r"Mặt trận|MTTQ|Fatherland Front"
# Why a figure is not on the shared scale, most fundamental first (a figure gets the first that applies).
WHY_NOT = ("other_scope", "a_ratio", "undated", "spans_phases", "other_phase", "unknown_award_level",
           "other_award_level", "other_body", *(f"window_{kind}" for kind in WINDOW_KINDS), "part_of_total",
           "older_report", "parts_only", "partial_coverage", "different_windows", "not_additive")


@dataclass(frozen=True)
class ComparisonClass:
    """What is compared: a subtype of a headline, in one phase, for honours at one award level."""

    indicator: str
    subtype: str
    phase: str = DEFAULT_PHASE
    award_level: str = ""
    window: str = ""  # a key of WINDOW_KINDS; '' lets the rule take the kind with the most provinces


@dataclass
class Comparison:
    """The rule's answer: one record per province of the frame, and every candidate figure with its verdict."""

    comparison_class: ComparisonClass  # with the window kind the scale holds
    places: pd.DataFrame
    rows: pd.DataFrame
    window_counts: dict[str, int]  # each window kind with figures → how many provinces it puts on the scale

    @property
    def shared(self) -> pd.DataFrame:
        return self.places[self.places["status"] == STATUS_SHARED]


def candidate_rows(obs: pd.DataFrame, cls: ComparisonClass) -> pd.DataFrame:
    """The observations the comparison looks at: the subtype's, and the parts its total may be the sum of."""
    subtypes = {cls.subtype, *SUM_OF_PARTS.get(cls.subtype, ())}
    rows = obs[(obs["indicator"] == cls.indicator) & obs["subtype"].isin(subtypes) & (obs["province_code"] != "")]
    windows = list(zip(rows["period_start"], rows["period_end"], strict=True))
    kinds = pd.Series([window_kind(start, end) for start, end in windows], index=rows.index, dtype=object)
    return rows.assign(window_kind=kinds,
                       spans_phases=spans_phases(rows["phase"], windows))


def window_kind(start: str, end: str) -> str:
    """The kind of a reporting window: 'single' (one event or one year) or a multi-year length class; '' when its
    start or end is unknown."""
    years = years_between(start, end)
    if years is None:
        return ""
    return next(kind for kind, longest in WINDOW_KINDS.items() if years <= longest)


def spans_phases(phases: pd.Series, windows: list[tuple[str, str]]) -> pd.Series:
    """A window with no phase: none recorded, or dates that run over more than one phase (a ceremony of 2024 that
    honours 2014–2024 has no single phase unless the report splits the window). A window only a review phase holds
    (Lào Cai's 2016–2025, the 10 years of Chỉ thị 05) spans CT 05 and KL 01 unless the figure is given as the
    review's own."""
    by_dates = [bool(end) and spans_by_dates(phase_of(start, end), own)
                for (start, end), own in zip(windows, phases, strict=True)]
    return (phases == "") | pd.Series(by_dates, index=phases.index, dtype=bool)


def spans_by_dates(dates_phase: str, own_phase: str) -> bool:
    return dates_phase == "" or (dates_phase in REVIEW_PHASES and dates_phase != own_phase)


def verdicts(rows: pd.DataFrame, cls: ComparisonClass) -> pd.Series:
    """The first reason each row may not stand on the shared scale ('' when it may, before the one-per-province and
    part-beside-total choices)."""
    reasons = np.full(len(rows), "", dtype=object)

    def mark(condition: pd.Series, reason: str | pd.Series) -> None:
        chosen = (reasons == "") & condition.to_numpy(dtype=bool)
        reasons[chosen] = reason.to_numpy(dtype=object)[chosen] if isinstance(reason, pd.Series) else reason

    mark((rows["district_code"] != "") | (rows["commune_code"] != "") | (rows["organisation"] != ""), "other_scope")
    mark(rows["denominator"].notna() & (rows["unit"] != "percent"), "a_ratio")
    mark(rows["period_end"] == "", "undated")
    mark(rows["spans_phases"], "spans_phases")
    mark(rows["phase"] != cls.phase, "other_phase")
    if cls.indicator == HONOURS_INDICATOR and cls.award_level:
        mark(rows["award_level"] == "", "unknown_award_level")
        mark(rows["award_level"] != cls.award_level, "other_award_level")
    if cls.indicator == HONOURS_INDICATOR:
        mark(rows["awarding_body"].str.contains(OTHER_BODIES, case=False, regex=True), "other_body")
    if cls.window:
        mark(rows["window_kind"] != cls.window, "window_" + rows["window_kind"])
    return pd.Series(reasons, index=rows.index, dtype=object)


def mark_parts_beside_totals(rows: pd.DataFrame, reason_of: dict[str, str]) -> None:
    """A part whose total the comparison also looks at is never put beside it, nor added up again."""
    looked_at = set(rows["obs_id"])
    for obs_id, total in zip(rows["obs_id"], rows["part_of"], strict=True):
        if total in looked_at and reason_of[obs_id] == "":
            reason_of[obs_id] = "part_of_total"


def window_key(row: dict) -> tuple[str, str]:
    """Latest window first: by its end, then its start (the shorter of two windows ending together)."""
    return row["period_end"], row["period_start"]


def pick_province(rows: list[dict], reasons: dict[str, str], cls: ComparisonClass) -> tuple[list[str], bool]:
    """The obs ids of the province's value on the scale and whether it is derived (a sum of parts): the latest of
    its eligible figures and of its statements that give both parts; the others become 'older_report' (or, when
    only parts split further exist, 'parts_only'). ([], False) when none qualifies."""
    eligible = [row for row in rows if reasons[row["obs_id"]] == ""]
    options = [(window_key(row), [row["obs_id"]], False) for row in eligible if row["subtype"] == cls.subtype]
    options += [(window_key(group[0]), [row["obs_id"] for row in group], True)
                for group in part_statements(eligible, SUM_OF_PARTS.get(cls.subtype))]
    if not options:
        for row in eligible:
            reasons[row["obs_id"]] = "parts_only"  # parts split further (by awarding body): no total for the scale
        return [], False
    _, ids, derived = max(options, key=lambda option: option[0])
    for row in eligible:
        if row["obs_id"] not in ids:
            reasons[row["obs_id"]] = "older_report"
    return ids, derived


def part_statements(eligible: list[dict], parts: tuple[str, str] | None) -> list[list[dict]]:
    """The statements that give both parts and nothing else of them ("23 tập thể, 14 cá nhân": one collective and
    one individual figure of the same source, window and award level, neither a part of a stated total). A source
    that splits them further (by awarding body) gives no sum: its figures stay listed."""
    if not parts:
        return []
    groups: dict[tuple, list[dict]] = {}
    for row in eligible:
        if row["subtype"] in parts and not row["part_of"]:
            key = (row["source_id"], row["period_start"], row["period_end"], row["award_level"])
            groups.setdefault(key, []).append(row)
    return [group for group in groups.values() if sorted(row["subtype"] for row in group) == sorted(parts)]


def summed_qualifier(qualifiers: list[str], complete: bool = True) -> str:
    """A sum is exact only if every part is exact (and every old province reported); else a bound or approximate."""
    if set(qualifiers) == {"exact"} and complete:
        return "exact"
    if "approximately" in qualifiers:
        return "approximately"
    if "at_most" in qualifiers and "at_least" not in qualifiers and complete:
        return "at_most"
    return "at_least"


def value_record(chosen: list[dict], derived: bool) -> dict:
    """Value, qualifier, denominator and window of the chosen row(s)."""
    first = chosen[0]
    return {
        "value": float(sum(row["value"] for row in chosen)),
        "qualifier": first["qualifier"] if len(chosen) == 1 else summed_qualifier([r["qualifier"] for r in chosen]),
        "denominator": first["denominator"] if len(chosen) == 1 and pd.notna(first["denominator"]) else None,
        "period_start": first["period_start"], "period_end": first["period_end"],
        "obs_ids": [row["obs_id"] for row in chosen], "derived": derived,
    }


def empty_record(code: str, name: str, status: str, members: int = 1, reporting: int = 0) -> dict:
    return {"province_code": code, "province_name": name, "status": status, "value": None, "qualifier": "",
            "denominator": None, "period_start": "", "period_end": "", "obs_ids": [], "other_ids": [],
            "derived": False, "why_not": "", "members": members, "reporting": reporting}


RULE_COLUMNS = ["obs_id", "source_id", "province_code", "subtype", "value", "denominator", "qualifier",
                "period_start", "period_end", "award_level", "part_of"]


def judge_version(rows: pd.DataFrame, cls: ComparisonClass) -> tuple[dict[str, dict], pd.Series]:
    """Per province code of the rows' own version: its value record (shared) or its figures (other); and each
    row's reason (by the rows' index)."""
    reason_of = dict(zip(rows["obs_id"], verdicts(rows, cls), strict=True))
    mark_parts_beside_totals(rows, reason_of)
    by_province: dict[str, list[dict]] = {}
    for row in records_of(rows, RULE_COLUMNS):
        by_province.setdefault(row["province_code"], []).append(row)
    records = {}
    for code, province_rows in by_province.items():
        ids, derived = pick_province(province_rows, reason_of, cls)
        record = empty_record(code, "", STATUS_SHARED if ids else STATUS_OTHER)
        if ids:
            record.update(value_record([row for row in province_rows if row["obs_id"] in ids], derived))
        record["other_ids"] = [row["obs_id"] for row in province_rows if row["obs_id"] not in ids]
        record["why_not"] = "" if ids else first_reason(reason_of[row["obs_id"]] for row in province_rows)
        records[code] = record
    return records, pd.Series([reason_of[i] for i in rows["obs_id"]], index=rows.index, dtype=object)


def records_of(rows: pd.DataFrame, columns: list[str]) -> list[dict]:
    """The rows as dicts of these columns (column by column: a frame's to_dict walks its text columns cell by cell)."""
    cells = [rows[column].tolist() for column in columns]
    return [dict(zip(columns, values, strict=True)) for values in zip(*cells, strict=True)]


def first_reason(reasons) -> str:
    """The most telling reason among a province's figures (the order of WHY_NOT)."""
    present = set(reasons) - {""}
    return next((reason for reason in WHY_NOT if reason in present), "")


def compare_provinces(obs: pd.DataFrame, frame: ProvinceFrame, cls: ComparisonClass,
                      aggregation: str = "sum") -> Comparison:
    """The rule for every province of the frame (vn63 as reported; vn34 directly or rolled up from vn63), on the
    chosen window kind, or (none chosen) on the kind that puts the most provinces on the scale."""
    rows = candidate_rows(obs, cls)
    eligible = rows.loc[verdicts(rows, replace(cls, window="")) == "", "window_kind"]
    kinds = [kind for kind in WINDOW_KINDS if kind in set(eligible)]  # the kinds that may put a province on it
    by_kind = {kind: compare_window(rows, frame, replace(cls, window=kind), aggregation) for kind in kinds}
    counts = {kind: len(comparison.shared) for kind, comparison in by_kind.items()}
    window = cls.window or max(kinds, key=lambda kind: counts[kind], default=next(iter(WINDOW_KINDS)))
    comparison = by_kind.get(window) or compare_window(rows, frame, replace(cls, window=window), aggregation)
    comparison.window_counts = counts
    return comparison


def compare_window(rows: pd.DataFrame, frame: ProvinceFrame, cls: ComparisonClass, aggregation: str) -> Comparison:
    """The rule on one window kind."""
    own = rows[rows["admin_version"] == frame.admin_version]
    records, reasons = judge_version(own, cls)
    verdict = reasons.copy()
    if frame.admin_version != "vn63":
        vn63 = rows[rows["admin_version"] == "vn63"]
        member_records, member_reasons = judge_version(vn63, cls)
        verdict = pd.concat([verdict, member_reasons])
    places = []
    for code, name in frame.names.items():
        if code in records or frame.admin_version == "vn63":
            record = records.get(code) or empty_record(code, name, STATUS_NONE)
        else:
            record = roll_up(code, [member_records.get(m) for m in frame.members[code]], aggregation, vn63)
        places.append({**record, "province_name": name})
    judged = rows.loc[verdict.index].assign(why_not=verdict)
    on_scale = {obs_id for record in places if record["status"] == STATUS_SHARED for obs_id in record["obs_ids"]}
    judged["on_shared_scale"] = judged["obs_id"].isin(on_scale)
    judged.loc[judged["on_shared_scale"], "why_not"] = ""
    place_reason = {obs_id: record["why_not"] for record in places for obs_id in record["other_ids"]}
    unexplained = ~judged["on_shared_scale"] & (judged["why_not"] == "")
    # a vn63 figure of a vn34 province that reported again after 1 July 2025 is an older report
    judged.loc[unexplained, "why_not"] = judged.loc[unexplained, "obs_id"].map(place_reason).fillna("older_report")
    return Comparison(cls, pd.DataFrame(places), judged, {})


def roll_up(code: str, members: list[dict | None], aggregation: str, rows: pd.DataFrame) -> dict:
    """A province of the 34 made of old provinces: their sum when every one reported the same window and the
    subtype may be added; otherwise 'other', with its old provinces' figures and coverage."""
    reported = [m for m in members if m is not None]
    shared = [m for m in reported if m["status"] == STATUS_SHARED]
    record = empty_record(code, "", STATUS_NONE if not reported else STATUS_OTHER, len(members), len(shared))
    if not reported:
        return record
    windows = {(m["period_start"], m["period_end"]) for m in shared}
    ids = [i for m in shared for i in m["obs_ids"]]
    record["other_ids"] = [i for m in reported for i in m["obs_ids"] + m["other_ids"]]
    if len(shared) == len(members) and len(windows) == 1 and (aggregation == "sum" or len(members) == 1):
        chosen = rows.set_index("obs_id").loc[ids]
        record.update(status=STATUS_SHARED, value=float(chosen["value"].sum()), obs_ids=ids,
                      qualifier=summed_qualifier(list(chosen["qualifier"])) if len(ids) > 1
                      else chosen["qualifier"].iat[0],
                      denominator=None if len(ids) > 1 else chosen["denominator"].iat[0],
                      period_start=shared[0]["period_start"], period_end=shared[0]["period_end"],
                      derived=len(ids) > 1 or any(m["derived"] for m in shared), other_ids=[])
        return record
    record["why_not"] = ("partial_coverage" if shared and len(shared) < len(members)
                         else "different_windows" if len(windows) > 1
                         else "not_additive" if shared
                         else first_reason(m["why_not"] for m in reported))
    return record
