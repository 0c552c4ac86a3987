"""Bring an uploaded report into the store: candidates to review, places to resolve, a validated publication."""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy.engine import Engine

from indicators.domain.codes import (
    AWARD_LEVELS,
    AWARD_TYPES,
    LEVELS,
    ORG_TYPES,
    PERIOD_BASES,
    PHASES,
    QUALIFIERS,
    UNITS,
)
from indicators.domain.errors import TableError
from indicators.domain.gazetteer import Gazetteer, Place, Resolution
from indicators.domain.names import match_keys
from indicators.domain.periods import phase_of
from indicators.domain.schema import OBSERVATIONS_SCHEMA, load_table, validate_table
from indicators.intake.extraction import COLUMNS as EXTRACTOR_COLUMNS
from indicators.intake.extraction import Report, extract_report, parse_report
from indicators.intake.extraction.document import split_header
from indicators.intake.extraction.indicator_rules import subtype_of_extractor_class
from indicators.intake.refusal import Refusal
from indicators.paths import DATA_DIR
from indicators.store.accounts import User
from indicators.store.published import DOCUMENT_COLUMNS, publish

if TYPE_CHECKING:
    from indicators.intake.extraction.readers import ReportText

# Kept by default from this confidence up. On the 5 seeds and 42 reports the extractor gives 0.75–0.9 when it found
# a catalogue indicator (89 % of those values are in the reviewed data, 71 % with the same indicator) and at most
# 0.6 when it fell back to an other_* indicator (54 % of values reviewed in, none with that indicator, which is not in
# the catalogue anyway): below the threshold a row needs an editor's decision rather than an untick.
KEEP_THRESHOLD = 0.7
SOURCE_PREFIX = "upload_"
REGION = "region"  # the place option "no code": a region or the whole country, named in place_name
MAX_PLACE_OPTIONS = 20
MAX_TITLE_CHARS = 160
OBSERVATION_COLUMNS = list(OBSERVATIONS_SCHEMA.columns)
# What an editor sets for each candidate besides the extractor's reading (the review table's extra columns).
REVIEW_DEFAULTS = {"phase": "", "period_basis": "", "award_type": "", "awarding_body": "", "award_level": "",
                   "part_of": ""}
# Organisation words → org_type (data/README.md vocabulary); first match wins, "other" when none does.
ORG_TYPE_PATTERNS = [
    ("police", r"công an"),
    ("military", r"quân sự|biên phòng|quân đội|lực lượng vũ trang"),
    ("womens_union", r"phụ nữ|lhpn"),
    ("farmers_union", r"nông dân"),
    ("veterans_union", r"cựu chiến binh|\bccb\b"),
    ("youth_union", r"đoàn tncs|đoàn thanh niên|thanh niên|tỉnh đoàn|huyện đoàn|thành đoàn|đoàn khối|^đoàn\b"),
    ("fatherland_front", r"mặt trận|mttq"),
    ("party_bloc", r"khối"),
    ("department", r"^sở\b|\bsở\b"),
    ("party_committee", r"tỉnh ủy|tỉnh uỷ|huyện ủy|huyện uỷ|thành ủy|thành uỷ|đảng ủy|đảng uỷ|đảng bộ"),
]


class IngestError(Refusal):
    """A report or a review that cannot be published; `code` names the problem, `detail` fills the message."""

    kind = "ingest_error"


@dataclass(frozen=True)
class PlaceOption:
    """A place a number may be given to; `key` holds its codes, 'vn63:02:026:' (version:province:district:commune)."""

    key: str
    label: str
    name: str


@dataclass
class PlaceQuestion:
    """A place as the report names it, the gazetteer's answer and the options an editor chooses from."""

    place_key: str
    name: str
    resolution: Resolution | None
    options: list[PlaceOption] = field(default_factory=list)
    default: str = ""

    @property
    def ambiguous(self) -> bool:
        return self.resolution is not None and self.resolution.ambiguous

    @property
    def needs_choice(self) -> bool:
        return self.default == ""


# 1. Candidates: one editable row per number the extractor read.

def report_body(report: "ReportText") -> Report:
    """The report as the extractor sees it: URL/DATE header split off, NFC text."""
    return parse_report(report.text, report.name)


CANDIDATE_COLUMNS = ["candidate_id", "keep", *(c for c in EXTRACTOR_COLUMNS if c not in ("file", "indicator")),
                     "extractor_class", "subtype", *REVIEW_DEFAULTS, "period_note", "manual", "evidence_start",
                     "evidence_end", "org_type", "place_key", "commune_code", "place"]


def candidates_from_report(report: "ReportText", gazetteer: Gazetteer, *, allow_none: bool = False) -> pd.DataFrame:
    """One row per candidate: stable id, the extractor's columns, `keep`, evidence offsets and the resolved place.

    A text in which the extractor reads no number (another language, an unusual form) is refused, or, with
    `allow_none`, gives no candidate: the editor then enters its figures by hand (add_manual_entry)."""
    body = report_body(report)
    observations = extract_report(body)
    if not observations and allow_none:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    if not observations:
        raise IngestError("no_numbers", f"{report.name}: no reported numbers were found in the text", name=report.name)
    rows = pd.DataFrame([obs.as_row() for obs in observations]).drop(columns="file")
    rows.insert(0, "candidate_id", [f"c{n:03d}" for n in range(1, len(rows) + 1)])
    rows["extractor_class"] = rows.pop("indicator")
    rows["subtype"] = rows["extractor_class"].map(subtype_of_extractor_class)
    rows = rows.assign(**REVIEW_DEFAULTS, period_note="", manual=False)
    rows["period_basis"] = ["stated" if end else "" for end in rows["period_end"]]
    rows["phase"] = [phase_of(start, end) for start, end in zip(rows["period_start"], rows["period_end"], strict=True)]
    rows.insert(1, "keep", rows["confidence"] >= KEEP_THRESHOLD)
    rows["manual"] = False
    rows["evidence_start"], rows["evidence_end"] = zip(*locate_evidence(body.text, rows["evidence"]), strict=True)
    rows["org_type"] = rows["organisation"].map(classify_organisation)
    rows["place_key"] = [place_key_of(row) for row in rows.itertuples()]
    rows["commune_code"] = ""
    rows["place"] = ""
    questions = resolve_places(rows, gazetteer)
    for question in questions.values():
        if question.default:
            rows = choose_place(rows, question.place_key, question.default, questions)
    return rows


def locate_evidence(text: str, evidence: pd.Series) -> list[tuple[int, int]]:
    """(start, end) of each evidence string in the text, searching on from the previous one (they come in order)."""
    spans, cursor = [], 0
    for words in evidence:
        start = text.find(words, cursor)
        start = text.find(words) if start < 0 else start
        if start < 0:
            raise IngestError("evidence_not_in_text", f"evidence '{words}' is not in the report text", evidence=words)
        spans.append((start, start + len(words)))
        cursor = start
    return spans


def classify_organisation(organisation: str) -> str:
    """The org_type of an organisation as written ('' for none): 'Công an tỉnh' → 'police'."""
    if not organisation.strip():
        return ""
    lower = organisation.lower()
    return next((kind for kind, pattern in ORG_TYPE_PATTERNS if re.search(pattern, lower)), "other")


# 2. Places: each place as written → the gazetteer's answer; several candidates must be chosen by hand.

def place_key_of(row) -> str:
    """The identity of a place as the extractor wrote it; rows naming the same place share it."""
    return "|".join([row.admin_version, row.place_level, row.place_name, row.province_code, row.district_code])


def resolve_places(rows: pd.DataFrame, gazetteer: Gazetteer) -> dict[str, PlaceQuestion]:
    """For each place the candidates name: the gazetteer's resolution, the options to choose from, the default.

    Options are the gazetteer's candidates, then the report's main province, then "no code" (a region); when the
    gazetteer finds nothing, every province of the report's admin version.
    """
    main = main_province(rows)
    questions = {}
    for key, row in rows.drop_duplicates("place_key").set_index("place_key").iterrows():
        resolution = resolve_place(gazetteer, row.place_name, row.place_level, row.admin_version,
                                   row.province_code or main, row.district_code)
        places = _option_places(gazetteer, resolution, row.admin_version, main)
        options = [place_option(gazetteer, place) for place in places] + [region_option(row.admin_version)]
        default = (place_option(gazetteer, resolution.place).key if resolution and resolution.place
                   else region_option(row.admin_version).key if resolution is None else "")
        questions[key] = PlaceQuestion(key, row.place_name, resolution, options, default)
    return questions


def _option_places(gazetteer: Gazetteer, resolution: Resolution | None, admin_version: str, main: str) -> list[Place]:
    places = list(resolution.candidates[:MAX_PLACE_OPTIONS]) if resolution else []
    if main and (province := _province(gazetteer, admin_version, main)) and province not in places:
        places.append(province)
    if resolution is not None and not resolution.candidates:
        places += sorted((p for p in gazetteer.places if p.admin_version == admin_version and p.level == "province"
                          and p not in places), key=lambda p: match_keys(p.name)[1])
    return places


def resolve_place(gazetteer: Gazetteer, name: str, level: str, admin_version: str, province_code: str = "",
                  district_code: str = "") -> Resolution | None:
    """The gazetteer's answer for one place name: within the given province first, then the whole country.

    None for a number of the whole country (no place to resolve). An organisation's place is at the level of the
    codes the extractor gave it.
    """
    if level == "national":
        return None
    if level not in LEVELS:
        level = "district" if district_code else "province" if province_code else None
    if not name.strip():
        return Resolution(query=name, place=None)
    if province_code:
        within = gazetteer.resolve(name, level, admin_version, within_province=province_code)
        if within.place is not None or within.candidates:
            return within
    return gazetteer.resolve(name, level, admin_version)


def main_province(rows: pd.DataFrame) -> str:
    """The province code the report's candidates name most often ('' when none)."""
    counts = Counter(code for code in rows["province_code"] if code)
    return counts.most_common(1)[0][0] if counts else ""


def _province(gazetteer: Gazetteer, admin_version: str, code: str) -> Place | None:
    try:
        return gazetteer.place(admin_version, "province", code)
    except KeyError:
        return None


def place_option(gazetteer: Gazetteer, place: Place) -> PlaceOption:
    """An option for one gazetteer place, labelled with its district and province so namesakes differ."""
    commune = place.code if place.level == "commune" else ""
    district = place.district_code if place.level != "province" else ""
    key = f"{place.admin_version}:{place.province_code}:{district}:{commune}"
    parts = [place.name]
    if district and place.level == "commune":
        parts.append(gazetteer.place(place.admin_version, "district", district).name)
    if place.level != "province" and (province := _province(gazetteer, place.admin_version, place.province_code)):
        parts.append(province.name)
    codes = "/".join(code for code in (place.province_code, district, commune) if code)
    return PlaceOption(key, f"{', '.join(parts)} [{codes}]", place.name)


def region_option(admin_version: str) -> PlaceOption:
    """No code: the number belongs to a region or the whole country, named in place_name."""
    return PlaceOption(f"{admin_version}:::", REGION, "")


def parse_place_key(key: str) -> dict[str, str]:
    """'vn63:02:026:' → admin version and the three codes."""
    admin_version, province_code, district_code, commune_code = key.split(":")
    return {"admin_version": admin_version, "province_code": province_code, "district_code": district_code,
            "commune_code": commune_code}


def choose_place(rows: pd.DataFrame, place_key: str, option_key: str,
                 questions: dict[str, PlaceQuestion]) -> pd.DataFrame:
    """Give every row naming `place_key` the chosen place's codes; an empty place name takes the option's name."""
    option = next(o for o in questions[place_key].options if o.key == option_key)
    rows = rows.copy()
    chosen = rows["place_key"] == place_key
    rows.loc[chosen, "place"] = option.key
    for column, value in parse_place_key(option.key).items():
        if column != "admin_version":
            rows.loc[chosen, column] = value
    unnamed = chosen & (rows["place_name"].str.strip() == "")
    rows.loc[unnamed, "place_name"] = option.name
    return rows


# 3. The publication: sources and observations rows in the CSV schema, validated before anything is written.

def source_id_of(report: "ReportText") -> str:
    """Derived from the file's SHA-256, so the same file uploaded again is the same source."""
    return f"{SOURCE_PREFIX}{report.sha256[:16]}"


def build_source_row(report: "ReportText", *, accessed: date, uploaded_by: str = "", title: str = "") -> dict[str, str]:
    """The sources row of an uploaded report: title, URL and date from the header when present."""
    body = report_body(report)
    header = split_header(unicodedata.normalize("NFC", report.text.replace("\r\n", "\n")))[0]
    if re.match(r"^\d{4}", header.get("DATE", "")):
        date_note = "from the DATE line of the uploaded file"
    elif body.date:
        date_note = "first date printed in the text of the uploaded file"
    else:
        date_note = "undated: the uploaded file gives no date"
    converted = f", converted from {report.converted_from}" if report.converted_from else ""
    who = f"editor {uploaded_by}" if uploaded_by else "an editor"
    return {
        "source_id": source_id_of(report),
        "title": " ".join(title.split()) or default_title(report),
        "publisher": "",
        "url": body.url,
        "date_published": body.date,
        "date_note": date_note,
        "date_accessed": accessed.isoformat(),
        "language": language_of(body.text),
        "path": upload_path(report.name),
        "licence_note": (f"Uploaded by {who} on {accessed.isoformat()} from {report.name} ({report.source_format}"
                         f"{converted}, sha256 {report.sha256[:16]}); figures reviewed on upload"),
    }


# Marks only Vietnamese writes (NFD): dot below, hook above, horn, breve; French has accents too, never these.
VIETNAMESE_MARKS = {"\u0323", "\u0309", "\u031b", "\u0306"}
# Háček and ring above (č, ř, ů): Czech writes them, Vietnamese and French never (a Czech edition is in the corpus).
CZECH_MARKS = {"\u030c", "\u030a"}
FRENCH_WORDS = {"le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "aux", "sur", "qui"}
ENGLISH_WORDS = {"the", "and", "of", "to", "in", "is", "was", "for", "with", "on", "that", "by"}


def language_of(text: str) -> str:
    """'vi', 'cs', 'en' or 'fr': the sources' `language` of an uploaded text. Vietnamese when at least 2 % of its
    letters carry a mark only Vietnamese uses (or are đ); Czech when 1 % carry a háček or ring; otherwise French or
    English by their commonest small words."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    letters = sum(character.isalpha() for character in decomposed)
    marked = sum(character in VIETNAMESE_MARKS or character == "đ" for character in decomposed)
    if letters and marked / letters >= 0.02:
        return "vi"
    if letters and sum(character in CZECH_MARKS for character in decomposed) / letters >= 0.01:
        return "cs"
    words = Counter(re.findall(r"[a-z]+", decomposed))
    return "fr" if sum(words[w] for w in FRENCH_WORDS) > sum(words[w] for w in ENGLISH_WORDS) else "en"


def default_title(report: "ReportText") -> str:
    """The document's own title, else a short first line of the text, else '[file name]' (a constructed title)."""
    if report.title.strip():
        return " ".join(report.title.split())
    first_line = next((line.strip() for line in report_body(report).text.split("\n") if line.strip()), "")
    return first_line if len(first_line) <= MAX_TITLE_CHARS else f"[{report.name}]"


def upload_path(name: str) -> str:
    """'uploads/<name>' for a text file, 'uploads/<name>.txt' (the text read from it) for another format: the name of
    the text kept in the store's documents table (indicators.store.published.load_document), not a
    file in the shared folder."""
    safe = re.sub(r"[\s/\\]+", "_", Path(name).name).strip("._") or "report"
    return f"uploads/{safe}" if safe.lower().endswith(".txt") else f"uploads/{safe}.txt"


def build_publication(report: "ReportText", reviewed: pd.DataFrame, *, accessed: date,
                      catalogue: pd.DataFrame | None = None, uploaded_by: str = "",
                      title: str = "", source: dict[str, str] | None = None,
                      original: bytes | None = None) -> dict[str, pd.DataFrame]:
    """The kept rows of a review as validated `sources` and `observations` tables, and the `documents` row of the text
    they were read from; IngestError names bad rows. `catalogue` is the subtypes table; `source` a sources row the
    editor completed (title, publisher, dates), else one made from the file; `original` the uploaded file's bytes,
    kept beside the text (None for a report read from the shared folder, which keeps the file itself)."""
    catalogue = catalogue if catalogue is not None else load_table("subtypes", DATA_DIR / "subtypes.csv")
    kept = reviewed[reviewed["keep"].fillna(False).astype(bool)]
    if kept.empty:
        raise IngestError("nothing_kept", "no candidate is kept: tick at least one row to publish")
    check_places(kept)
    kept = kept.assign(indicator=check_subtypes(kept, catalogue))
    check_evidence(kept, report_body(report).text)
    check_parts(kept)
    source = source or build_source_row(report, accessed=accessed, uploaded_by=uploaded_by, title=title)
    observations = pd.DataFrame([observation_row(row, source["source_id"]) for row in kept.itertuples()],
                                columns=OBSERVATION_COLUMNS)
    return {"sources": _validated("sources", pd.DataFrame([source]), kept),
            "observations": _validated("observations", observations, kept),
            "documents": pd.DataFrame([document_row(report, source["source_id"], original)], columns=DOCUMENT_COLUMNS)}


def document_row(report: "ReportText", source_id: str, original: bytes | None) -> dict[str, str | bytes | None]:
    """The text read from the upload, kept in the store beside its source (the evidence is checked against it), and
    the uploaded file's bytes when given."""
    return {"source_id": source_id, "file_name": report.name, "source_format": report.source_format,
            "encoding": report.encoding, "converted_from": report.converted_from, "sha256": report.sha256,
            "text": report.text, "original": original}


def check_places(kept: pd.DataFrame) -> None:
    """Refuse kept rows whose place is still ambiguous or unresolved, naming them."""
    open_rows = kept[kept["place"].fillna("") == ""]
    if open_rows.empty:
        return
    named = [f"{row.candidate_id} ({row.place_name or '?'})" for row in open_rows.itertuples()]
    raise IngestError("place_unresolved", "choose the place of " + ", ".join(named), rows=", ".join(named))


def check_subtypes(kept: pd.DataFrame, catalogue: pd.DataFrame) -> pd.Series:
    """Every kept row needs a catalogue subtype measured in the row's unit; returns each row's headline indicator."""
    subtypes = catalogue.set_index("subtype")
    unknown = [f"{row.candidate_id} ({row.subtype or getattr(row, 'extractor_class', '') or '?'})"
               for row in kept.itertuples() if row.subtype not in subtypes.index]
    if unknown:
        raise IngestError("indicator_unknown", "indicator not in the catalogue, choose one for " + ", ".join(unknown),
                          rows=", ".join(unknown))
    wrong = [f"{row.candidate_id} ({row.unit} ≠ {subtypes.at[row.subtype, 'unit']})" for row in kept.itertuples()
             if row.unit != subtypes.at[row.subtype, "unit"]]
    if wrong:
        raise IngestError("unit_mismatch", "unit differs from the indicator's unit for " + ", ".join(wrong),
                          rows=", ".join(wrong))
    return kept["subtype"].map(subtypes["indicator"])


def check_parts(kept: pd.DataFrame) -> None:
    """A row's `part_of` names another kept candidate of the same review (its total)."""
    ids = set(kept["candidate_id"])
    wrong = [f"{row.candidate_id} ({row.part_of})" for row in kept.itertuples()
             if row.part_of and (row.part_of not in ids or row.part_of == row.candidate_id)]
    if wrong:
        raise IngestError("part_unknown", "part_of must name another kept candidate: " + ", ".join(wrong),
                          rows=", ".join(wrong))


def check_evidence(kept: pd.DataFrame, text: str) -> None:
    missing = [row.candidate_id for row in kept.itertuples() if not row.evidence or row.evidence not in text]
    if missing:
        raise IngestError("evidence_not_in_text", "evidence is not a verbatim part of the report for "
                          + ", ".join(missing), rows=", ".join(missing))


def obs_id_of(source_id: str, candidate_id: str) -> str:
    """'c003' of source S is observation 'S-003' (manual entries continue the candidates' numbers)."""
    return f"{source_id}-{int(candidate_id.removeprefix('c')):03d}"


def observation_row(row, source_id: str) -> dict[str, str]:
    """One observations.csv row (text cells) from a reviewed candidate."""
    period_start, period_end = _iso(row.period_start), _iso(row.period_end)
    return {
        "obs_id": obs_id_of(source_id, row.candidate_id), "source_id": source_id, **parse_place_key(row.place),
        "place_name": row.place_name.strip(), "organisation": (row.organisation or "").strip(),
        "org_type": row.org_type or "", "indicator": row.indicator, "subtype": row.subtype,
        "value": _number(row.value), "denominator": _number(row.denominator), "unit": row.unit,
        "qualifier": row.qualifier, "period_start": period_start, "period_end": period_end,
        "period_basis": row.period_basis if period_end else "",
        "period_note": row.period_note or period_note(row.period_text, period_start, period_end),
        "phase": row.phase, "award_type": row.award_type, "awarding_body": (row.awarding_body or "").strip(),
        "award_level": row.award_level, "part_of": obs_id_of(source_id, row.part_of) if row.part_of else "",
        "evidence": row.evidence,
    }


def period_note(period_text: str, period_start: str, period_end: str) -> str:
    if not period_start and not period_end:
        return "not dated in the text; reviewed on upload"
    words = f"from '{period_text}'" if period_text else "set by the editor"
    return f"{words}; reviewed on upload"


def _iso(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value).strip()


def _number(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _validated(name: str, frame: pd.DataFrame, kept: pd.DataFrame) -> pd.DataFrame:
    """The pandera schema of the table; errors name the candidate ids instead of batch lines."""
    try:
        return validate_table(name, frame, Path("upload") / f"{name}.csv")
    except TableError as error:
        message = str(error)
        if name == "observations":
            ids = list(kept["candidate_id"])
            message = re.sub(r"line (\d+)", lambda m: f"candidate {ids[int(m.group(1)) - 2]}", message)
        raise IngestError("invalid_rows", message, rows=message) from None


# 4. Publish: all or nothing, editors and admins only.

def publish_report(engine: Engine, user: User | None, publication: dict[str, pd.DataFrame],
                   note: str = "") -> dict[str, dict[str, int]]:
    """Store the source and its observations in one transaction; PermissionError unless signed in as a publisher."""
    if user is None:
        raise PermissionError("sign in as an editor to publish")
    return publish(engine, user, sources=publication["sources"], observations=publication["observations"],
                   documents=publication.get("documents"),
                   note=note or f"uploaded report {publication['sources'].at[0, 'source_id']}")


def find_existing_sources(sources: pd.DataFrame, source_row: dict[str, str]) -> pd.DataFrame:
    """Published sources that are this report: the same file (source_id) or the same article (URL)."""
    same_file = sources["source_id"] == source_row["source_id"]
    same_url = (sources["url"] == source_row["url"]) & (source_row["url"] != "")
    return sources[same_file | same_url]


def choice_columns() -> dict[str, list[str]]:
    """The vocabularies an editor picks from in the review table."""
    return {"unit": list(UNITS), "qualifier": list(QUALIFIERS), "org_type": ["", *ORG_TYPES],
            "phase": ["", *PHASES], "period_basis": ["", *PERIOD_BASES], "award_type": ["", *AWARD_TYPES],
            "award_level": ["", *AWARD_LEVELS]}


# 5. Manual entry: a figure the extractor could not read (another language, a form it misses), typed by the editor.

MANUAL_FIELDS = ["value", "denominator", "unit", "qualifier", "subtype", "place", "place_name", "organisation",
                 "org_type", "period_start", "period_end", "period_basis", "period_note", "phase", "award_type",
                 "awarding_body", "award_level", "part_of", "evidence"]


def add_manual_entry(rows: pd.DataFrame, text: str, entry: dict) -> pd.DataFrame:
    """The candidates plus one typed by the editor, kept, numbered after the others.

    The evidence must be a verbatim part of the kept report text (the editor selects it there), so every figure
    can be found again in its source: anything else is refused (IngestError 'evidence_not_in_text').
    """
    evidence = entry.get("evidence") or ""
    start = text.find(evidence) if evidence.strip() else -1
    if start < 0:
        raise IngestError("evidence_not_in_text", f"evidence '{evidence[:80]}' is not a verbatim part of the report",
                          rows=evidence[:80] or "?")
    value = entry.get("value")
    if value is None or value == "" or float(value) < 0:
        raise IngestError("manual_value", "a manual entry needs its value (a number, at least 0)", rows=str(value))
    number = max([int(c.removeprefix("c")) for c in rows["candidate_id"]], default=0) + 1
    row = {column: "" for column in rows.columns} | {field: entry.get(field, "") for field in MANUAL_FIELDS}
    row |= {"candidate_id": f"c{number:03d}", "keep": True, "manual": True, "confidence": 1.0, "period_text": "",
            "evidence_start": start, "evidence_end": start + len(evidence), "value": float(value),
            "denominator": float(entry["denominator"]) if entry.get("denominator") not in (None, "") else None,
            "place_key": f"manual:{number}"}
    if not row["phase"] and row["period_end"]:
        row["phase"] = phase_of(_iso(row["period_start"]), _iso(row["period_end"]))
    return pd.concat([rows, pd.DataFrame([row], columns=rows.columns)], ignore_index=True)
