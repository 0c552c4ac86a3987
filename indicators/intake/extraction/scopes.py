"""Decide where each number belongs: the nearest place or organisation in its sentence, else the report's own scope."""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from indicators.domain.gazetteer import to_vn34_province
from indicators.domain.names import lower_kind, without_kind
from indicators.intake.extraction.places import (
    DISTRICT_CUE,
    LEAD_CHARS,
    NATIONAL_CUE,
    PROVINCE_CUE,
    SENTENCE_BREAK,
    Mention,
    Scope,
    find_organisations,
    find_place_mentions,
    shared_gazetteer,
)
from indicators.intake.extraction.positions import (
    Occurrences,
    last_at_most,
    last_index_starting_within,
    lower_same_length,
    match_ends,
)

VN34_FROM = "2025-07-01"


@dataclass(frozen=True)
class CueWords:
    """Where the text says 'cả nước', 'toàn tỉnh' or 'toàn huyện' (lower case), to ask of any stretch of it."""

    national: Occurrences
    province: Occurrences
    district: Occurrences

    @classmethod
    def of(cls, lower: str) -> "CueWords":
        return cls(*(Occurrences.of(cue, lower) for cue in (NATIONAL_CUE, PROVINCE_CUE, DISTRICT_CUE)))

    def any_within(self, start: int, end: int) -> bool:
        return any(cue.any_within(start, end) for cue in (self.province, self.district, self.national))


@dataclass
class ReportPlaces:
    """The place and organisation mentions of one report, its main province and its default scope.

    Mentions and organisations are in text order (their starts ascend), so the ones before a number are found by
    bisection over `mention_starts` and `organisation_starts`.
    """

    admin_version: str
    mentions: list[Mention]
    organisations: list[Mention]
    province: Mention | None
    default: Scope
    sentence_starts: list[int] = field(default_factory=list)
    cues: CueWords | None = None
    mention_starts: list[int] = field(default_factory=list)
    organisation_starts: list[int] = field(default_factory=list)


def admin_version_of(report_date: str) -> str:
    """vn34 for reports dated on or after 1 July 2025, else vn63."""
    return "vn34" if report_date and report_date >= VN34_FROM else "vn63"


def build_report_places(text: str, report_date: str) -> ReportPlaces:
    """Scan the report once: main province by mention count, then places resolved within it."""
    admin_version = admin_version_of(report_date)
    mentions = find_place_mentions(text)
    main = main_province(mentions)
    if main is not None or admin_version == "vn34":
        mentions = find_place_mentions(text, main.place.province_code if main else None, admin_version)
    organisations = find_organisations(text)
    places = ReportPlaces(admin_version, mentions, organisations, main, Scope("province", ""))
    places.default = default_scope(places, text)
    places.sentence_starts = match_ends(SENTENCE_BREAK, text)
    places.cues = CueWords.of(lower_same_length(text))
    places.mention_starts = [mention.start for mention in mentions]
    places.organisation_starts = [organisation.start for organisation in organisations]
    return places


def main_province(mentions: list[Mention]) -> Mention | None:
    """The province most often named, directly or through its districts and communes."""
    counts = Counter(m.place.province_code for m in mentions if m.place)
    if not counts:
        return None
    code = counts.most_common(1)[0][0]
    province = shared_gazetteer().place("vn63", "province", code)
    return Mention(0, 0, without_kind(province.name), "province", province)


def default_scope(places: ReportPlaces, text: str) -> Scope:
    """A district or commune of the lead that dominates its level (named twice, twice as often), else the province."""
    codes = Counter((m.level, m.place.code) for m in places.mentions if m.place)
    for mention in places.mentions:
        if mention.start > LEAD_CHARS:
            break
        if mention.place and mention.level in ("district", "commune") and dominates(codes, mention):
            return scope_of_place(mention, places)
    if places.province is not None:
        return scope_of_place(places.province, places)
    return Scope("province", "", resolved=False)


def dominates(codes: Counter, mention: Mention) -> bool:
    """Named at least twice and at least twice as often as any other place of its level."""
    own = codes[(mention.level, mention.place.code)]
    others = [n for (level, code), n in codes.items() if level == mention.level and code != mention.place.code]
    return own >= 2 and own >= 2 * max(others, default=0)


def scope_of_place(mention: Mention, places: ReportPlaces) -> Scope:
    """A Scope from a resolved or unresolved place mention, with codes in the report's admin version."""
    place = mention.place
    if place is None:
        return Scope(mention.level, mention.name, resolved=False)
    name = without_kind(place.name) if place.level == "province" else lower_kind(place.name)
    if place.admin_version == "vn34":  # a commune of today's list: its province code is today's already
        return Scope(place.level, name, place.province_code, "")
    if places.admin_version == "vn34":
        code, new_name = vn34_province(place.province_code)
        return Scope(place.level, new_name if place.level == "province" else name, code, "")
    return Scope(place.level, name, place.province_code, place.district_code)


@cache
def vn34_province(vn63_code: str) -> tuple[str, str]:
    """The vn34 (code, name) of a vn63 province, read from the crosswalk once per code."""
    return to_vn34_province(vn63_code)




def scope_for(places: ReportPlaces, position: int) -> Scope:
    """The organisation or place nearest before a number in its sentence (unless a 'toàn tỉnh', 'toàn huyện' or
    'cả nước' follows the place); cues; else the report's default."""
    sentence_start = last_at_most(places.sentence_starts, position) or 0
    place = last_before(places.mentions, places.mention_starts, sentence_start, position)
    organisation = last_before(places.organisations, places.organisation_starts, sentence_start, position)
    if organisation and (place is None or place.start >= organisation.start):
        return organisation_scope(organisation, place, places)
    if place is not None and not places.cues.any_within(place.end, position):
        return scope_of_place(place, places)
    return cue_scope(places, sentence_start, position)


def last_before(mentions: list[Mention], starts: list[int], start: int, end: int) -> Mention | None:
    """The last mention that starts within [start, end); `starts` are the mentions' starts, ascending."""
    index = last_index_starting_within(starts, start, end)
    return None if index is None else mentions[index]


def cue_scope(places: ReportPlaces, start: int, end: int) -> Scope:
    """Scope from the cue words in [start, end) of the text ('cả nước', 'toàn tỉnh'), else the report's default."""
    if places.cues.national.any_within(start, end):
        return Scope("national", "Việt Nam")
    if places.cues.province.any_within(start, end) and places.province is not None:
        return scope_of_place(places.province, places)
    return places.default  # 'toàn huyện' names the report's own district when it has one: the default again


def organisation_scope(organisation: Mention, place: Mention | None, places: ReportPlaces) -> Scope:
    """An organisation's scope carries the codes of the place named inside it, else of the report's province."""
    inside = place if place is not None and place.end <= organisation.end else None
    base = scope_of_place(inside, places) if inside else places.default
    name = re.sub(r"\s+", " ", organisation.name)
    return Scope("organisation", base.name, base.province_code, base.district_code, name, base.resolved)
