"""Property tests of the extractor: number parsing, qualifiers, and whole texts of arbitrary Unicode never crash it."""

import math
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from indicators.domain.codes import QUALIFIERS, UNITS
from indicators.intake.extraction import extract_text
from indicators.intake.extraction.mentions import find_mentions
from indicators.intake.extraction.numbers import clean_value, parse_number
from indicators.intake.extraction.vocabulary import NUMBER, QUALIFIER_WORDS

FAST = settings(max_examples=150, deadline=None, database=None)
SLOW = settings(max_examples=60, deadline=None, database=None)

# Words and marks of real reports, so generated texts reach the extractor's deeper paths (units, ranges, places).
REPORT_TOKENS = [
    "có", "hơn", "trên", "gần", "khoảng", "từ", "đến", "năm", "2021", "2021-2025", "giai đoạn", "mô hình", "hộ",
    "người", "tỷ", "triệu", "đồng", "%", "ha", "tấn", "lượt", "tập thể", "cá nhân", "được", "khen thưởng", "toàn tỉnh",
    "huyện", "Đồng Văn", "xã", "Hồng Phong", "tỉnh", "Điện Biên", "Hội", "Nông dân", "TP.", "HCM", "“", "”", "\"", ".",
    ",", ";", ":", "\n", "/", "-", "–", "trở lên", "trong tổng số", "1.017/1.020", "12/5/2023", "05-CT/TW", "http://x.vn",
    "İ", "ǅ", "\u0301", "\u00a0", "٣", "½",
]
report_like_text = st.lists(st.one_of(st.sampled_from(REPORT_TOKENS), st.integers(0, 10**9).map(str),
                                      st.text(max_size=6)), max_size=60).map(" ".join)
any_text = st.one_of(st.text(max_size=400), report_like_text)


def vietnamese_integer(number: int) -> str:
    """1234567 → '1.234.567' (a dot groups thousands)."""
    return f"{number:,}".replace(",", ".")


@FAST
@given(st.from_regex(NUMBER, fullmatch=True))
def test_every_number_token_parses_to_the_value_its_digits_say(token):
    whole, _, decimals = token.partition(",")
    expected = float(whole.replace(".", "") + ("." + decimals if decimals else ""))
    assert parse_number(token) == expected


@FAST
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_clean_value_never_raises_and_keeps_finite_values_to_six_decimals(value):
    cleaned = clean_value(value)
    if math.isfinite(value):
        assert cleaned == round(value, 6)
        assert isinstance(cleaned, int) == (round(value, 6) == int(round(value, 6)))
    else:
        assert cleaned is value


@FAST
@given(st.sampled_from(sorted(word for words in QUALIFIER_WORDS.values() for word in words.split("|"))),
       st.integers(1, 10**9), st.sampled_from(["mô hình", "hộ", "người", "tập thể"]))
def test_a_qualifier_word_before_a_number_gives_its_qualifier(word, number, noun):
    expected = next(q for q, words in QUALIFIER_WORDS.items() if word in words.split("|"))
    text = f"Toàn tỉnh có {word} {vietnamese_integer(number)} {noun} được khen thưởng."
    mentions = find_mentions(text)
    assert [(m.value, m.qualifier) for m in mentions] == [(number, expected)]
    assert text[mentions[0].start:].startswith(word)


@SLOW
@given(any_text)
@example("Có " + "9" * 400 + " mô hình")  # hundreds of digits parse to inf: once a crash in clean_value
@example("Tổng " + "9" * 400 + " đến " + "9" * 401 + " tấn")
def test_find_mentions_on_any_text_gives_well_formed_mentions(text):
    for mention in find_mentions(text):
        assert math.isfinite(mention.value) and mention.value >= 0
        assert mention.denominator is None or math.isfinite(mention.denominator)
        assert 0 <= mention.start <= mention.number_start < mention.end <= len(text)
        assert text[mention.number_start].isdigit()
        assert (mention.unit, mention.qualifier) in {(unit, qualifier) for unit in UNITS for qualifier in QUALIFIERS}


@SLOW
@given(any_text, st.sampled_from(["", "2019", "2021-07", "2025-08-15"]))
@example("Có " + "9" * 400 + " mô hình", "")
def test_extract_text_on_any_text_gives_rows_whose_evidence_is_in_the_text(text, report_date):
    for obs in extract_text(text, "x.txt", report_date):
        assert obs.evidence and obs.evidence in text
        assert math.isfinite(obs.value)
        assert obs.unit in UNITS and obs.qualifier in QUALIFIERS
        assert 0.1 <= obs.confidence <= 0.9
        assert obs.admin_version == ("vn34" if report_date >= "2025-07-01" else "vn63")
        assert re.fullmatch(r"(\d{4}-\d{2}-\d{2})?", obs.period_start) and re.fullmatch(
            r"(\d{4}-\d{2}-\d{2})?", obs.period_end)
