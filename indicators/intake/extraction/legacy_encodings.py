"""Detect and convert the legacy Vietnamese encodings still found in provincial offices' reports.

Three 8-bit encodings predate Unicode there: Windows-1258 (Microsoft's code page, tones as combining bytes), TCVN3
(TCVN 5712:1993, table VN3: the ABC keyboard's .VnTime/.VnArial fonts, one byte per toned lowercase letter) and VNI
(the VNI Windows table of VNI Software's VNI-Times fonts, a base letter followed by a mark byte). They arrive as raw
bytes, or as text already stored as Unicode but read through Windows-1252 ("Tæ chøc" mojibake). Each candidate
decoding is judged by how many of its accented words are Vietnamese syllables, and one is chosen only when it reads
as Vietnamese and clearly better than the others. Nothing here refuses an upload: callers get None, or a LegacyRepair
naming the suspected encoding, and word the refusal themselves.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# TCVN 5712:1993, table VN3 ("TCVN3", the ABC keyboard's .VnTime/.VnArial fonts): one byte per letter, lowercase
# toned vowels only (uppercase headings use the same bytes in the .VnTimeH fonts, so they come back lowercase).
# Bytes below 0xA1 and the unassigned ones keep their Windows-1252 meaning, as the fonts draw them.
TCVN3_LETTERS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}

# VNI Windows (the VNI-Times family, VNI Software's published code table), written as the Windows-1252 characters
# its bytes display as. A vowel is its base letter followed by one mark byte: a tone, or a hat (circumflex after
# a/e/o, breve after a) that may carry the tone too. ơ, ư, đ, the i-family and ỵ are single bytes.
VNI_TONE_MARKS = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
VNI_CIRCUMFLEX_MARKS = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
VNI_BREVE_MARKS = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
VNI_SINGLE_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
VNI_TONED_BASES = "aeouyôö"

# Vietnamese syllable shape, used to judge which decoding reads as Vietnamese (tones removed before matching).
ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
VOWEL_CLUSTERS = (
    "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uyê", "uya", "uyu",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo",
    "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
)
NUCLEUS = "(?:" + "|".join(VOWEL_CLUSTERS) + ")"
SYLLABLE = re.compile(ONSET + NUCLEUS + r"(?:ch|ng|nh|[cmnpt])?")
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Words are split on spaces, digits and ASCII/typographic punctuation only: legacy text hides letters behind
# Latin-1 symbols (TCVN3 'x·' is 'xã'), so those must stay inside the word to be judged.
WORD = re.compile(r"[^\s0-9!-/:-@\[-`{-~\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022]+")
SCORE_SAMPLE_CHARS = 200_000
CONFIDENT_SHARE = 0.9
CONFIDENT_MARGIN = 0.2
LEGACY_MIN_MARKED_WORDS = 5
LEGACY_MIN_MARKED_SHARE = 0.25
ALREADY_VIETNAMESE_SHARE = 0.6
SUSPECT_SHARE = 0.6
SYLLABLES_KEPT = 65_536


@dataclass(frozen=True)
class LegacyRepair:
    """What repair_legacy_text made of a text: the encoding it was converted from, or the one it is suspected of.

    `suspected` is set when the text looks typed in that encoding but could not be converted reliably (refuse it).
    """

    text: str
    converted_from: str | None = None
    suspected: str | None = None


# --- legacy bytes -------------------------------------------------------------------------------------------------


def detect_legacy_bytes(data: bytes, declared: str) -> tuple[str, str] | None:
    """(encoding, text) for the legacy encoding whose decoding reads as Vietnamese; None when none confidently does.

    A declared Windows-1258 wins when it reads well.
    """
    candidates = {encoding: decode(data) for encoding, decode in LEGACY_BYTE_DECODERS.items()}
    scored = score_candidates(candidates)
    if declared == "windows-1258" and scored.get("windows-1258", 0.0) >= CONFIDENT_SHARE:
        return "windows-1258", candidates["windows-1258"]
    best = confident_choice(scored)
    return None if best is None else (best, candidates[best])


def decode_cp1258(data: bytes) -> str | None:
    """Windows-1258 puts tones in separate combining bytes; NFC joins them into the usual precomposed letters."""
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None


def decode_tcvn3(data: bytes) -> str | None:
    try:
        return codecs.charmap_decode(data, "strict", TCVN3_DECODING_TABLE)[0]
    except UnicodeDecodeError:
        return None


def decode_vni(data: bytes) -> str | None:
    try:
        return vni_to_unicode(data.decode("cp1252"))
    except UnicodeDecodeError:
        return None


def build_tcvn3_decoding_table() -> str:
    """A 256-character charmap: TCVN3 letters where the standard puts them, else Windows-1252; \\ufffe = invalid."""
    table = []
    for byte in range(256):
        try:
            table.append(TCVN3_LETTERS.get(byte) or bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append("\ufffe")
    return "".join(table)


def build_vni_sequences() -> dict[str, str]:
    """Every VNI base+mark pair and single letter, lower and upper case, mapped to its NFC letter."""
    sequences: dict[str, str] = {}
    for single, letter in VNI_SINGLE_LETTERS.items():
        sequences[single], sequences[single.upper()] = letter, letter.upper()
    for base in VNI_TONED_BASES:
        base_letter = VNI_SINGLE_LETTERS.get(base, base)
        for mark, tone in VNI_TONE_MARKS.items():
            sequences[base + mark] = unicodedata.normalize("NFC", base_letter + tone)
    for bases, marks, hat in (("aeo", VNI_CIRCUMFLEX_MARKS, "\u0302"), ("a", VNI_BREVE_MARKS, "\u0306")):
        for base in bases:
            for mark, tone in marks.items():
                sequences[base + mark] = unicodedata.normalize("NFC", base + hat + tone)
    for sequence, letter in list(sequences.items()):
        sequences[sequence.upper()] = letter.upper()
    return {sequence: letter for sequence, letter in sequences.items() if sequence != letter}


def vni_to_unicode(text: str) -> str:
    """Replace VNI sequences (longest first, one left-to-right pass) by their letters, then NFC."""
    return unicodedata.normalize("NFC", VNI_PATTERN.sub(lambda match: VNI_SEQUENCES[match.group()], text))


TCVN3_DECODING_TABLE = build_tcvn3_decoding_table()
VNI_SEQUENCES = build_vni_sequences()
VNI_PATTERN = re.compile("|".join(map(re.escape, sorted(VNI_SEQUENCES, key=len, reverse=True))))
LEGACY_BYTE_DECODERS = {"windows-1258": decode_cp1258, "tcvn3": decode_tcvn3, "vni": decode_vni}


# --- judging which reading is Vietnamese ---------------------------------------------------------------------------


@lru_cache(maxsize=SYLLABLES_KEPT)
def is_vietnamese_syllable(word: str) -> bool:
    """A lower-cased word with at most one tone mark whose toneless letters form a Vietnamese syllable (answers kept:
    a text repeats its syllables, and the language has some thousands)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(mark) for mark in TONE_MARKS) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in TONE_MARKS))
    return SYLLABLE.fullmatch(toneless) is not None


def word_counts(text: str) -> tuple[int, int, int]:
    """(words, words with a non-ASCII character, of those the Vietnamese syllables) in the opening of the text."""
    words = WORD.findall(text[:SCORE_SAMPLE_CHARS])
    marked = [word for word in words if not word.isascii()]
    return len(words), len(marked), sum(map(is_vietnamese_syllable, marked))


def vietnamese_share(text: str) -> float:
    """Share of the non-ASCII words that are Vietnamese syllables (1.0 when there are none to judge)."""
    _, marked, valid = word_counts(text)
    return valid / marked if marked else 1.0


def score_candidates(candidates: dict[str, str | None]) -> dict[str, float]:
    return {encoding: vietnamese_share(text) for encoding, text in candidates.items() if text is not None}


def confident_choice(scored: dict[str, float]) -> str | None:
    """The best-reading encoding when it reads as Vietnamese and clearly better than the runner-up."""
    ranked = sorted(scored.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < CONFIDENT_SHARE:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < CONFIDENT_MARGIN:
        return None
    return ranked[0][0]


# --- legacy text that is already Unicode ("Tæ chøc" mojibake) --------------------------------------------------------


def repair_legacy_text(text: str) -> LegacyRepair:
    """Convert legacy Vietnamese stored as Unicode (read through Windows-1252) when sure; flag it when unsure.

    Left alone: text that already reads as Vietnamese, text with few accented words (a foreign name, '25°C', '©'),
    and text that no legacy reading makes more Vietnamese (French or German stays what it is). Flagged as suspected:
    text that a legacy reading makes partly, but not confidently, Vietnamese.
    """
    text = unicodedata.normalize("NFC", text)
    words, marked, valid = word_counts(text)
    as_is_share = valid / marked if marked else 1.0
    if as_is_share >= ALREADY_VIETNAMESE_SHARE or marked < LEGACY_MIN_MARKED_WORDS:
        return LegacyRepair(text)
    if marked / words < LEGACY_MIN_MARKED_SHARE:
        return LegacyRepair(text)
    candidates = {encoding: remap_mojibake(text, encoding) for encoding in LEGACY_BYTE_DECODERS}
    scored = score_candidates(candidates)
    best = confident_choice(scored)
    if best is not None:
        return LegacyRepair(candidates[best], converted_from=best)
    suspected = max(scored, key=scored.get, default="")
    if not suspected or scored[suspected] < SUSPECT_SHARE or scored[suspected] - as_is_share < CONFIDENT_MARGIN:
        return LegacyRepair(text)
    return LegacyRepair(text, suspected=suspected)


def remap_mojibake(text: str, encoding: str) -> str | None:
    """Turn each run of Windows-1252/Latin-1 characters back into its bytes and decode them as `encoding`."""
    pieces = []
    for run in MOJIBAKE_RUN.split(text):
        if run and MOJIBAKE_RUN.fullmatch(run) is None:
            pieces.append(run)
            continue
        decoded = LEGACY_BYTE_DECODERS[encoding](bytes(BYTE_OF_CHAR[char] for char in run))
        if decoded is None:
            return None
        pieces.append(decoded)
    return "".join(pieces)


def build_byte_of_char() -> dict[str, int]:
    """Each character a legacy byte can surface as: its Windows-1252 reading, or its Latin-1 one for C1 bytes."""
    byte_of_char = {chr(byte): byte for byte in range(256)}
    for byte in range(0x80, 0xA0):
        try:
            byte_of_char[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            continue
    return byte_of_char


BYTE_OF_CHAR = build_byte_of_char()
MOJIBAKE_RUN = re.compile("([" + re.escape("".join(sorted(BYTE_OF_CHAR))) + "]+)")
