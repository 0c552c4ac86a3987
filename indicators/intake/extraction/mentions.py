"""Find the numbers of a text that are observations: value, unit, qualifier, denominator and evidence span."""

import re
from dataclasses import dataclass

from indicators.intake.extraction.masks import build_mask
from indicators.intake.extraction.numbers import (
    clean_value,
    is_finite_number,
    is_year_like,
    multiplier_of,
    parse_number,
)
from indicators.intake.extraction.positions import lower_same_length
from indicators.intake.extraction.vocabulary import (
    COMPOUND_NOUNS,
    DISTANT_QUALIFIER_PATTERN,
    LEFT_BLOCKERS,
    MULTIPLIER,
    NUMBER,
    QUALIFIER_OF_WORD,
    QUALIFIER_PATTERN,
    STOP_WORDS,
    TRAILING_QUALIFIERS,
    UNIT_PATTERNS,
)

NUMBER_TOKEN = re.compile(rf"(?<![\d])(?:{NUMBER})(?![\d])")
MULTIPLIER_AFTER = re.compile(rf"\s*({MULTIPLIER})(?![\w])", re.IGNORECASE)
COMPOUND_AMOUNT = re.compile(rf"\s*,?\s*({NUMBER})\s*(triệu|nghìn|ngàn)(?![\w])")
COMPOUND_WEIGHT = re.compile(rf"\s*,?\s*({NUMBER})\s*(?:kg|ki-lô-gam)(?![\w])")
RANGE_AFTER = re.compile(rf"\s*(?:-|–|—|đến|tới)\s*({NUMBER})(?:\s*({MULTIPLIER})(?![\w]))?")
RANGE_START = re.compile(r"(?<![\w])từ\s*$")
FRACTION_AFTER = re.compile(rf"\s?/\s?({NUMBER})(?![\d/])")
ONE_OF_AFTER = re.compile(rf"[ \t]+trong[ \t]+(?:số[ \t]+)?({NUMBER})(?![\d/])")  # '1 trong 10 đơn vị' → 1 of 10
TOTAL_AFTER = re.compile(
    rf"(?:[ \t][^\W\d_]+){{0,3}}?\s*,?\s*(?:trong|trên)\s+tổng\s+số\s+({NUMBER})(?![\d])(?:[ \t]+[^\W\d_]+)?"
)
WORDS_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+([^\W\d_]+)[ \t]*$")
TRAILING_AFTER = re.compile(r"\s*(trở lên|trở xuống)(?![\w])")
WORD_AFTER = re.compile(r"[ \t\xa0]*([^\W\d_]+)")
CLASSIFIERS = ("con", "cây", "cuốn", "quyển", "chiếc", "bộ", "tấm", "suất", "phần")
MONEY_MULTIPLIERS = ("triệu", "tỷ", "tỉ")


@dataclass
class Mention:
    """One number that reads as an observation, with character offsets into the text."""

    value: float
    unit: str
    qualifier: str
    denominator: float | None
    start: int
    end: int
    number_start: int
    noun: str = ""
    unit_inferred: bool = False


@dataclass
class Amount:
    """A parsed number with its multiplier: value, the span it covers and the multiplier word."""

    value: float
    start: int
    end: int
    multiplier: str | None = None


def find_mentions(text: str) -> list[Mention]:
    """Every observation-like number of the text, in order; ranges give two mentions."""
    lower, mask = lower_same_length(text), build_mask(text)
    mentions: list[Mention] = []
    consumed = 0
    for match in NUMBER_TOKEN.finditer(text):
        if match.start() < consumed or mask[match.start()] or is_glued(text, match.start(), match.end()):
            continue
        if LEFT_BLOCKERS.search(lower, max(0, match.start() - 30), match.start()) or \
                follows_proper_name(text, match.start()):
            continue
        found, consumed_to = read_mention(text, lower, match)
        consumed = max(consumed, consumed_to)
        mentions.extend(m for m in found if is_finite_number(m.value) and is_finite_number(m.denominator))
    return mentions


def follows_proper_name(text: str, start: int) -> bool:
    """A number right after two capitalised words is part of a name: 'phường Hải Châu 1', 'ấp Thạnh Phước 1'."""
    words = WORDS_BEFORE.search(text, max(0, start - 40), start)
    return bool(words) and words.group(1)[0].isupper() and words.group(2)[0].isupper()


def is_glued(text: str, start: int, end: int) -> bool:
    """A digit run stuck to a code: 'Covid-19', 'H5N1', '4B', 'truy cập121', a part of '1.2.3'."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isupper() or before in ".," or after.isupper():
        return True
    two_before = text[start - 2] if start >= 2 else " "
    if before == "/":
        return not two_before.isalpha()  # '255 đảng viên/15 tổ' keeps the 15; '1/2' and '30/9' were read already
    return before == "-" and two_before.isalpha()


def read_amount(text: str, lower: str, start: int, token: str) -> Amount:
    """A number with its multiplier and a smaller compound part ('1 tỷ 200 triệu')."""
    end = start + len(token)
    amount = Amount(parse_number(token), start, end)
    if multiplier := MULTIPLIER_AFTER.match(lower, end):
        amount.multiplier = multiplier.group(1)
        amount.end = multiplier.end()
        amount.value *= multiplier_of(amount.multiplier)
        compound = COMPOUND_AMOUNT.match(lower, amount.end)
        if compound and multiplier_of(compound.group(2)) < multiplier_of(amount.multiplier):
            amount.value += parse_number(compound.group(1)) * multiplier_of(compound.group(2))
            amount.end = compound.end()
    return amount


def read_mention(text: str, lower: str, match: re.Match) -> tuple[list[Mention], int]:
    """The mention(s) starting at a number token, and how far the text was consumed."""
    first = read_amount(text, lower, match.start(), match.group())
    if (range_match := RANGE_AFTER.match(lower, first.end)) and not first.multiplier:
        second = read_amount(text, lower, range_match.start(1), range_match.group(1))
        if is_range(first, second, match.group(), range_match.group(1)):
            return read_range(text, lower, first, second)
    fraction = FRACTION_AFTER.match(lower, first.end) or ONE_OF_AFTER.match(lower, first.end)
    if fraction and not first.multiplier:
        return read_fraction(text, lower, first, fraction)
    if is_year_like(match.group()):
        return [], first.end
    mention = read_unit(text, lower, first)
    return ([mention], mention.end) if mention else ([], first.end)


def is_range(first: Amount, second: Amount, first_token: str, second_token: str) -> bool:
    """Two numbers joined by a dash or 'đến' that grow from the first to the second, not years."""
    if is_year_like(first_token) or is_year_like(second_token):
        return False
    if second.multiplier:
        first.value *= multiplier_of(second.multiplier)
    return first.value < second.value


def read_range(text: str, lower: str, first: Amount, second: Amount) -> tuple[list[Mention], int]:
    """'từ 15 đến 20 kg' → an at_least and an at_most mention sharing evidence and unit."""
    upper = read_unit(text, lower, second)
    if upper is None:
        return [], second.end
    start = first.start
    if starter := RANGE_START.search(lower, max(0, start - 6), start):
        start = starter.start()
    factor = upper.value / second.value if second.value else 1.0
    lower_mention = Mention(clean_value(first.value * factor), upper.unit, "at_least", None, start, upper.end,
                            first.start, upper.noun, upper.unit_inferred)
    upper.qualifier, upper.start = "at_most", start
    return [lower_mention, upper], upper.end


def read_fraction(text: str, lower: str, first: Amount, fraction: re.Match) -> tuple[list[Mention], int]:
    """'1.017/1.020 tổ chức' → 1017 with denominator 1020; a day/month pair is dropped."""
    denominator = parse_number(fraction.group(1))
    after = Amount(denominator, fraction.start(1), fraction.end())
    mention = read_unit(text, lower, after)
    if mention is None or first.value > denominator or mention.unit_inferred:
        return [], fraction.end()
    mention.value, mention.denominator, mention.number_start = clean_value(first.value), denominator, first.start
    apply_qualifier(lower, mention)
    return [mention], mention.end


def read_unit(text: str, lower: str, amount: Amount) -> Mention | None:
    """Attach the unit noun after an amount; None when the number stands alone or names a time span."""
    for pattern, unit, factor in UNIT_PATTERNS:
        if found := pattern.match(lower, amount.end):
            if unit is None:
                return None
            return finish(lower, amount, unit, amount.value * factor, found.end(), found.group().strip())
    word = WORD_AFTER.match(lower, amount.end)
    if amount.multiplier in MONEY_MULTIPLIERS and (not word or word.group(1) in STOP_WORDS):
        return finish(lower, amount, "vnd", amount.value, amount.end, "", inferred=True)
    if not word or word.group(1) in STOP_WORDS or word.end() == len(lower):
        return None
    noun_end = noun_phrase_end(lower, amount.end, word)
    return finish(lower, amount, "count", amount.value, noun_end, lower[amount.end:noun_end].strip())


def noun_phrase_end(lower: str, start: int, word: re.Match) -> int:
    """End of the counted noun: a known compound ('mô hình'), a classifier and its noun ('con heo'), or one word."""
    if compound := COMPOUND_NOUNS.match(lower, start):
        return compound.end()
    if word.group(1) in CLASSIFIERS and (following := WORD_AFTER.match(lower, word.end())):
        return following.end()
    return word.end()


def finish(lower: str, amount: Amount, unit: str, value: float, end: int, noun: str, inferred=False) -> Mention:
    """Complete a mention: weight compounds, 'trở lên', 'trong tổng số Y', the qualifier before the number."""
    if unit == "kg" and value >= 1000 and (extra := COMPOUND_WEIGHT.match(lower, end)):
        value, end = value + parse_number(extra.group(1)), extra.end()
    mention = Mention(clean_value(value), unit, "exact", None, amount.start, end, amount.start, noun, inferred)
    if (total := TOTAL_AFTER.match(lower, end)) and parse_number(total.group(1)) > value:
        mention.denominator, mention.end = parse_number(total.group(1)), total.end()
    apply_qualifier(lower, mention)
    if trailing := TRAILING_AFTER.match(lower, mention.end):
        mention.qualifier, mention.end = TRAILING_QUALIFIERS[trailing.group(1)], trailing.end()
    return mention


def apply_qualifier(lower: str, mention: Mention) -> None:
    """Set the qualifier from the word right before the number ('hơn' → at_least) and widen the evidence to it."""
    window_start = max(0, mention.number_start - 40)
    found = QUALIFIER_PATTERN.search(lower, window_start, mention.number_start) or \
        DISTANT_QUALIFIER_PATTERN.search(lower, window_start, mention.number_start)
    mention.qualifier = QUALIFIER_OF_WORD[found.group(1)] if found else "exact"
    mention.start = found.start() if found else mention.number_start
