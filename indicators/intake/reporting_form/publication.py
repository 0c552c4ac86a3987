"""A read form as rows of the store: its text kept as the source, one observation per figure, published; a
second form of the same province for the same windows replaces the first's figures (kept in the history)."""

from datetime import date

import pandas as pd
from babel.numbers import format_decimal
from sqlalchemy.engine import Engine

from indicators.domain.comparability import SUM_OF_PARTS
from indicators.domain.errors import TableError
from indicators.domain.names import PROVINCE_KINDS, without_kind
from indicators.domain.schema import validate_table
from indicators.domain.tables import Dataset
from indicators.domain.words import AWARD_LEVEL_CHOICES
from indicators.intake.ingest import OBSERVATION_COLUMNS, upload_path
from indicators.intake.reporting_form.layout import (
    COMMUNE_SHEET,
    FORM_LABEL,
    FORM_VERSION,
    PERIOD_NOTE,
    QUALIFIER_WORDS,
    SOURCE_PREFIX,
    UNIT_WORDS,
    FormError,
    FormHeader,
    FormReading,
    FormRow,
)
from indicators.store.accounts import User
from indicators.store.published import DOCUMENT_COLUMNS, load_current_rows, publish


def render_form_text(name: str, header: FormHeader, rows: list[FormRow]) -> str:
    """The filled form as plain text, one line per filled row: each figure's evidence is its row's line (the part
    up to its period, at most 120 characters)."""
    lines = ["MẪU BÁO CÁO KẾT QUẢ HỌC TẬP VÀ LÀM THEO BÁC (mẫu số " + FORM_VERSION + ")",
             f"Tỉnh, thành phố: {header.province_name} (mã {header.province_code}, bản đồ {header.admin_version})",
             f"Cơ quan báo cáo: {header.reporting_body}", f"Ngày báo cáo: {header.report_date:%d/%m/%Y}",
             f"Tệp: {name}", ""]
    return "\n".join(lines + [row_line(row) for row in rows]) + "\n"


def row_line(row: FormRow) -> str:
    details = [f"cấp khen: {AWARD_LEVEL_CHOICES[row.award_level]}"] if row.award_level else []
    details += [f"giai đoạn: {row.phase}"] if row.phase else []
    where = f"trang {COMMUNE_SHEET}, dòng {row.row}, {row.commune_code}" if row.commune_code else f"dòng {row.row}"
    line = f"[{where}, {row.subtype}] {row_evidence(row)}" + "".join(f"; {d}" for d in details) + "."
    return f"{line} Ghi chú: {row.notes}" if row.notes else line


def row_evidence(row: FormRow) -> str:
    """'Số mô hình học tập và làm theo Bác: hơn 532, từ 18/05/2021 đến 20/05/2024' (the title dropped if too long);
    a commune's figure begins with its commune ('Xã Nậm Pồ – Số mô hình…')."""
    when = (f"ngày {row.period_end:%d/%m/%Y}" if row.period_start == row.period_end
            else f"từ {row.period_start:%d/%m/%Y} đến {row.period_end:%d/%m/%Y}")
    figure = f"{figure_text(row.value, row.unit, row.qualifier)}, {when}"
    place = f"{row.commune_name} – " if row.commune_name else ""
    titled = f"{place}{row.title}: {figure}"
    return titled if len(titled) <= 120 else f"{place}{figure}"


def figure_text(value: float, unit: str, qualifier: str) -> str:
    """'hơn 6.200.000.000 đồng', '99,7%', '42': the number as a Vietnamese text writes it."""
    number = format_decimal(value, format="#,##0" if value.is_integer() else "#,##0.######", locale="vi_VN")
    word = {"count": "", "percent": "%"}.get(unit, f" {UNIT_WORDS[unit]}")
    return f"{QUALIFIER_WORDS[qualifier]} {number}{word}".strip()


def build_form_publication(name: str, data: bytes, sha256: str, header: FormHeader, rows: list[FormRow], text: str,
                           accessed: date, uploaded_by: str = "") -> dict[str, pd.DataFrame]:
    """The sources row, one observation per filled row and the documents row (the form's text and the uploaded file
    itself, `data`), validated with the tables' schemas."""
    source = form_source_row(name, sha256, header, accessed, uploaded_by)
    obs_ids = {(row.sheet, row.row): figure_id(header, row) for row in rows}
    totals = total_rows(rows)
    observations = [form_observation(row, source["source_id"], obs_ids, totals, header) for row in rows]
    document = {"source_id": source["source_id"], "file_name": name, "source_format": "xlsx", "encoding": "",
                "converted_from": None, "sha256": sha256, "text": text, "original": data}
    try:
        return {"sources": validate_table("sources", pd.DataFrame([source]), FORM_LABEL / "sources.csv"),
                "observations": validate_table("observations", pd.DataFrame(observations, columns=OBSERVATION_COLUMNS),
                                               FORM_LABEL / "observations.csv"),
                "documents": pd.DataFrame([document], columns=DOCUMENT_COLUMNS)}
    except TableError as error:
        raise FormError("invalid_rows", str(error), name=name, reason=str(error)) from None


def form_source_row(name: str, sha256: str, header: FormHeader, accessed: date, uploaded_by: str) -> dict[str, str]:
    who = f"editor {uploaded_by}" if uploaded_by else "an editor"
    return {
        "source_id": f"{SOURCE_PREFIX}{sha256[:16]}",
        "title": f"Mẫu báo cáo: {header.province_name} {header.report_date:%d/%m/%Y}",
        "publisher": header.reporting_body, "url": "", "date_published": header.report_date.isoformat(),
        "date_note": "the report date written on the reporting form", "date_accessed": accessed.isoformat(),
        "language": "vi", "path": upload_path(name),
        "licence_note": (f"Filled in by {header.reporting_body} on the project's reporting form (version "
                         f"{FORM_VERSION}); uploaded by {who} on {accessed.isoformat()} from {name} (xlsx, sha256 "
                         f"{sha256[:16]}); each figure quoted from the form's text"),
    }


def figure_id(header: FormHeader, row: FormRow) -> str:
    """A form figure's key: its structure, place, indicator, window and award level, never its file. A later form's
    figure with the same key is a new version of the same row (the earlier one kept in its history)."""
    parts = ["form", header.admin_version, row.commune_code or header.province_code, row.subtype,
             f"{row.period_start:%Y%m%d}", f"{row.period_end:%Y%m%d}", row.award_level]
    return "-".join(filter(None, parts))


def total_rows(rows: list[FormRow]) -> dict[tuple, tuple[str, int]]:
    """(total subtype, place, window, award level) → the row of a filled total, for its parts to name."""
    return {(row.subtype, row.commune_code, row.period_start, row.period_end, row.award_level): (row.sheet, row.row)
            for row in rows if row.subtype in SUM_OF_PARTS}


def part_of(row: FormRow, obs_ids: dict[tuple[str, int], str], totals: dict[tuple, tuple[str, int]]) -> str:
    """A part (tập thể, cá nhân) names the total filled for the same place, window and award level."""
    total = next((code for code, parts in SUM_OF_PARTS.items() if row.subtype in parts), None)
    total_row = totals.get((total, row.commune_code, row.period_start, row.period_end, row.award_level))
    return obs_ids[total_row] if total_row else ""


def form_observation(row: FormRow, source_id: str, obs_ids: dict[tuple[str, int], str],
                     totals: dict[tuple, tuple[str, int]], header: FormHeader) -> dict[str, str]:
    """One observations row: the whole province, or (vn34 commune sheet) one commune, as stated on the form."""
    start, end = row.period_start.isoformat(), row.period_end.isoformat()
    return {
        "obs_id": obs_ids[(row.sheet, row.row)], "source_id": source_id, "admin_version": header.admin_version,
        "province_code": header.province_code, "district_code": "", "commune_code": row.commune_code,
        "place_name": row.commune_name or without_kind(header.province_name, PROVINCE_KINDS),  # as curated rows do
        "organisation": "", "org_type": "",
        "indicator": row.indicator, "subtype": row.subtype, "value": number_text(row.value), "denominator": "",
        "unit": row.unit, "qualifier": row.qualifier, "period_start": start, "period_end": end,
        "period_basis": "stated", "period_note": PERIOD_NOTE, "phase": row.phase, "award_type": "",
        "awarding_body": "", "award_level": row.award_level, "part_of": part_of(row, obs_ids, totals),
        "evidence": row_evidence(row),
    }


def number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def same_windows(obs: pd.DataFrame, reading: FormReading) -> pd.DataFrame:
    """The current figures (of obs) of other forms of the same province and structure whose window is one of this
    form's: the figures this form replaces."""
    new = reading.publication["observations"]
    windows = set(zip(new["period_start"], new["period_end"], strict=True))
    mine = (obs["source_id"].str.startswith(SOURCE_PREFIX) & (obs["source_id"] != reading.source_id)
            & (obs["province_code"] == reading.header.province_code)
            & (obs["admin_version"] == reading.header.admin_version))
    same = [window in windows for window in zip(obs["period_start"], obs["period_end"], strict=True)]
    return obs[mine & pd.Series(same, index=obs.index, dtype=bool)]


def earlier_forms(dataset: Dataset, reading: FormReading) -> list[str]:
    """The other published forms of the same province whose figures this form replaces (same windows)."""
    return sorted(set(same_windows(dataset.observations, reading)["source_id"]))


def withdrawn_figures(dataset: Dataset, reading: FormReading) -> list[str]:
    """The replaced figures this form does not give again: no longer current once it is published (the figures it
    gives again get a new version)."""
    return replaced_figures(dataset.observations, reading)


def replaced_figures(obs: pd.DataFrame, reading: FormReading) -> list[str]:
    return sorted(set(same_windows(obs, reading)["obs_id"]) - set(reading.publication["observations"]["obs_id"]))


def publish_form(engine: Engine, user: User | None, reading: FormReading, note: str = "") -> dict[str, dict[str, int]]:
    """Store the form's source, figures and kept text in one transaction, replacing the figures of earlier forms of
    the same province for the same windows (kept in the history); PermissionError unless a publisher."""
    if user is None:
        raise PermissionError("sign in as an editor to publish")
    publication = reading.publication
    header = reading.header  # only the province's current figures are read, not the whole store
    province_obs = load_current_rows(engine, "observations", province_code=header.province_code,
                                     admin_version=header.admin_version)
    withdraw = replaced_figures(province_obs, reading)
    return publish(engine, user, sources=publication["sources"], observations=publication["observations"],
                   documents=publication["documents"], withdraw={"observations": withdraw},
                   note=note or f"reporting form {reading.source_id}")
