"""A cell's value checked: numbers, dates, periods, phases, award levels, list choices and free text. Each check
reports through `fail(message)` (the caller names the cell) and returns the value in codes, or None."""

import re
import unicodedata
from datetime import date, datetime, time

import pandas as pd
from openpyxl.utils.datetime import from_excel

from indicators.domain.codes import HONOURS_INDICATOR, PHASES, REVIEW_PHASES, WHOLE_UNITS
from indicators.domain.periods import phase_of, within_tolerance
from indicators.domain.words import AWARD_LEVEL_CHOICES, PHASE_CHOICES
from indicators.intake.reporting_form.layout import (
    EARLIEST_DATE,
    UNIT_WORDS,
)
from indicators.safety import cut, formula_like


def checked_number(value, unit: str, fail) -> float | None:
    """A number ≥ 0, whole for counts and money: a numeric cell, or text of digits only ('1.000' could be a thousand
    or one: refused)."""
    if isinstance(value, bool | datetime | date | time):
        number = None
    elif isinstance(value, int | float):
        number = float(value) if value == value and abs(value) != float("inf") else None
    else:
        text = cell_text(value)
        number = float(text) if re.fullmatch(r"\d+", text) else None
    if number is None:
        fail(f"«{shown(value)}» không phải một con số. Chỉ ghi số (ví dụ 42 hoặc 6200000000); «hơn», «khoảng»… "
             "chọn ở cột «Mức độ chính xác».")
    elif number < 0:
        fail("Số liệu không được âm.")
        return None
    elif unit in WHOLE_UNITS and not number.is_integer():
        fail(f"Chỉ tiêu này đếm theo «{UNIT_WORDS[unit]}»: ghi số nguyên.")
        return None
    return number


def checked_date(value, today: date, fail) -> date | None:
    """A date cell, an Excel day number or text 'dd/mm/yyyy' / 'yyyy-mm-dd', from 2006 to today; None if empty."""
    if is_empty(value):
        return None
    day = date_of(value)
    if day is None:
        fail(f"«{shown(value)}» không phải một ngày: ghi ngày/tháng/năm, ví dụ 20/05/2024.")
    elif not EARLIEST_DATE <= day <= today:
        fail(f"Ngày {day:%d/%m/%Y} nằm ngoài khoảng từ {EARLIEST_DATE:%d/%m/%Y} đến hôm nay ({today:%d/%m/%Y}).")
        return None
    return day


def date_of(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return from_excel(value).date() if 0 < value < 2_958_466 else None
        except (ValueError, OverflowError):
            return None
    text = cell_text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def checked_period(cells: dict, report_date: date, today: date, fail) -> tuple[date | None, date | None]:
    """Both dates, start ≤ end ≤ the report date."""
    start = checked_date(cells["period_start"], today, lambda message: fail("period_start", message))
    end = checked_date(cells["period_end"], today, lambda message: fail("period_end", message))
    missing = "Có số liệu nhưng thiếu ngày: mỗi số liệu cần thời kỳ (số liệu tại một thời điểm: hai ngày bằng nhau)."
    for key in ("period_start", "period_end"):
        if is_empty(cells[key]):
            fail(key, missing)
    if start and end and end < start:
        fail("period_end", f"«Đến ngày» ({end:%d/%m/%Y}) trước «Từ ngày» ({start:%d/%m/%Y}).")
    elif end and end > report_date:
        fail("period_end", f"«Đến ngày» ({end:%d/%m/%Y}) sau ngày báo cáo ({report_date:%d/%m/%Y}).")
    return start, end


def checked_phase(value, start: date | None, end: date | None, entry: pd.Series, award_level, fail) -> str:
    """The phase chosen, else the one the window lies in; a choice that contradicts the window is refused, except
    for honours of one ceremony (they belong to the phase of the ceremony, whatever years the merits cover) and for
    a review phase chosen for a window inside it (figures of 2021–2025 sent for the 10-year review of Chỉ thị 05)."""
    derived = phase_of(start.isoformat(), end.isoformat()) if start and end and start <= end else ""
    if is_empty(value):
        return derived
    phase = choice_of(value, PHASE_CHOICES)
    if phase is None:
        fail("phase", f"Không phải một giai đoạn trong danh sách ({', '.join(PHASES)}): để trống để tự tính.")
        return ""
    ceremony = choice_of(award_level, AWARD_LEVEL_CHOICES) == "event"
    in_review = phase in REVIEW_PHASES and start and end and within_tolerance(phase, start, end)
    if derived and phase != derived and not ceremony and not in_review:
        fail("phase", f"Giai đoạn {phase} không khớp thời kỳ đã ghi (thuộc {derived}): để trống để tự tính.")
    return phase


def checked_award_level(value, indicator: str, fail) -> str:
    """Required on honours rows (only figures of one level share a scale), refused on the others."""
    if indicator != HONOURS_INDICATOR:
        if not is_empty(value):
            fail("award_level", "Chỉ ghi «Cấp khen» ở các dòng khen thưởng.")
        return ""
    level = choice_of(value, AWARD_LEVEL_CHOICES)
    if level is None:
        fail("award_level", "Dòng khen thưởng cần «Cấp khen»: chọn trong danh sách (một lễ, hội nghị tuyên dương…)."
             if is_empty(value) else "Không phải một cấp khen trong danh sách.")
        return ""
    return level


def checked_text(value, fail) -> str:
    """Free text, NFC and single-spaced; a text a spreadsheet would run as a formula is refused."""
    text = cell_text(value)
    if formula_like(text):
        fail("Ô bắt đầu như một công thức («=», «+», «@», «-»): ghi chữ trực tiếp.")
        return ""
    return text


def choice_of(value, choices: dict[str, str], synonyms: dict[str, str] | None = None) -> str | None:
    """The code of a list value: its label or its code (any case), or a synonym; None when none."""
    text = cell_text(value).casefold()
    by_word = {label.casefold(): code for code, label in choices.items()} | {code: code for code in choices}
    return by_word.get(text) or (synonyms or {}).get(text)


def cell_text(value) -> str:
    """A cell as one line of NFC text ('' for empty; 12.0 → '12')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def is_empty(value) -> bool:
    return cell_text(value) == ""


def shown(value) -> str:
    """A cell's value as a message may echo it."""
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return cut(cell_text(value), 80)


