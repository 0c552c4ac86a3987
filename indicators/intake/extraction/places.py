"""Place and organisation mentions of a report, resolved with the gazetteer, and the scope each number belongs to."""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from indicators.domain.gazetteer import Gazetteer, Place, load_gazetteer, to_vn34_province
from indicators.domain.names import KIND_LEVELS, KINDS, without_kind

# A kind of unit (in lower case or capitalised, or TP.), then up to four words of its name.
PLACE_PREFIX = re.compile(
    r"(?<![\w])(" + "|".join(f"{kind}|{kind.capitalize()}" for kind in KINDS) + r"|TP\.?|Tp\.?)"
    r"(?:\s?(?:ủy|Ủy|uỷ|Uỷ|đoàn|Đoàn))?[ \t]*((?:[^\W\d_]+[ \t\-]?){1,4})"
)
# The words of the kinds, one by one: an organisation's tail ('Đảng ủy thị xã Sơn Tây') may hold them in lower case.
KIND_WORDS = frozenset(word for kind in KINDS for word in kind.split())
HCMC = re.compile(r"TP\.?\s?HCM|TPHCM|TP\.?\s?Hồ Chí Minh|Thành phố Hồ Chí Minh|Sài Gòn")
# Every alternative starts with a literal word (no optional group first), so the regex engine jumps to the places where
# one of their first letters stands instead of trying every character.
ORGANISATION = re.compile(
    r"Công an (?:" + "|".join(KINDS) + r"|TP\.?)|"
    r"Hội (?:Liên hiệp [Pp]hụ nữ|LHPN|Phụ nữ|Nông dân|HND|Cựu chiến binh|CCB|Chữ thập đỏ|Khuyến học|Người cao tuổi)|"
    r"(?:Tỉnh|Huyện|Thành|Quận) đoàn|Đoàn Khối|Đảng bộ Khối|Đảng ủy Khối|Đảng bộ Cơ quan|Đảng ủy Than|"
    r"Ủy ban MTTQ|UBMTTQ|MTTQ|Ủy ban Mặt trận|Mặt trận Tổ quốc|Sở [A-ZĐ][^\W\d_]*(?: [A-ZĐ][^\W\d_]*)?|"
    r"Bộ Chỉ huy Quân sự|Ban Chỉ huy Quân sự|Liên đoàn Lao động|Đồn Biên phòng|Ban [Cc]hỉ đạo"
)
ORGANISATION_TAIL = re.compile(r"[^,.;:\n()“”\"]{0,40}")
BLOC_TAIL = re.compile(r"[^,.;:\n()“”\"]{0,50}?(?:tỉnh|huyện|thành phố|Trung ương)")
NATIONAL_CUE = re.compile(r"cả nước|toàn quốc")
PROVINCE_CUE = re.compile(r"toàn tỉnh|trong tỉnh|toàn thành phố|toàn đảng bộ tỉnh")
DISTRICT_CUE = re.compile(r"toàn huyện|trong huyện|toàn quận|toàn thị xã")
SENTENCE_BREAK = re.compile(r"(?<!TP)(?<!Tp)(?<!TX)[.!?;](?=\s)|\n")
LEAD_CHARS = 600
RESOLVED_NAMES_KEPT = 16_384


@dataclass
class Mention:
    """A place or organisation named in the text; place is None when the gazetteer finds no unique match."""

    start: int
    end: int
    name: str
    level: str
    place: Place | None = None
    ambiguous: bool = False


@dataclass(frozen=True)
class Scope:
    """Where a number belongs."""

    level: str
    name: str
    province_code: str = ""
    district_code: str = ""
    organisation: str = ""
    resolved: bool = True


@cache
def shared_gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return load_gazetteer()


@lru_cache(maxsize=RESOLVED_NAMES_KEPT)
def resolve_name(name: str, level: str | None, within: str | None = None,
                 admin_version: str = "vn63") -> tuple[Place | None, bool]:
    """Exact (score 100) resolution of a bare name in one structure; (place, ambiguous). The answers are kept for the
    process's life, up to RESOLVED_NAMES_KEPT of them (uploads full of invented names must not grow the memory for
    ever)."""
    resolution = shared_gazetteer().resolve(name, level, admin_version, within)
    if resolution.place is not None and resolution.score >= 100:
        return resolution.place, False
    return None, resolution.ambiguous


def province_names() -> re.Pattern:
    """A pattern of the 63 province names as written without prefix, Hồ Chí Minh left to HCMC."""
    return _province_names_pattern()


@cache
def _province_names_pattern() -> re.Pattern:
    places = shared_gazetteer().places
    names = {without_kind(p.name) for p in places if p.admin_version == "vn63" and p.level == "province"}
    names.discard("Hồ Chí Minh")
    return re.compile("(" + "|".join(map(whole_word_start, sorted(names, key=len, reverse=True))) + r")(?![\w])")


def whole_word_start(name: str) -> str:
    """'Điện Biên' → 'Đ(?<!\\wĐ)iện Biên': the name not preceded by a letter or digit, with the check after the first
    letter so that the regex engine can jump to the names' first letters (a leading lookbehind makes it try every
    character)."""
    first, rest = re.escape(name[0]), re.escape(name[1:])
    return rf"{first}(?<!\w{first}){rest}"


def capitalised_words(words: str) -> list[str]:
    """The leading capitalised words of a name candidate ('Đồng Văn có' → ['Đồng', 'Văn'])."""
    taken = []
    for word in re.split(r"[ \t]+", words.strip()):
        if not word or not word[0].isupper():
            break
        taken.append(word.strip("-"))
    return taken


def resolve_longest(words: list[str], level: str | None, within: str | None,
                    admin_version: str = "vn63") -> tuple[Place | None, str, bool]:
    """Try the longest run of words first: 'Yên Bái Phạm Thị' → 'Yên Bái'."""
    ambiguous = False
    for size in range(len(words), 0, -1):
        name = " ".join(words[:size])
        place, is_ambiguous = resolve_name(name, level, within, admin_version)
        if place is not None:
            return place, name, False
        ambiguous = ambiguous or (is_ambiguous and size == len(words))
    return None, " ".join(words), ambiguous


def resolve_city_or_place(words: list[str], level: str | None, within: str | None) -> tuple[Place | None, str, bool]:
    """'thành phố Bắc Kạn' is the provincial city (a district) before it is the province."""
    if level is None:
        place, name, ambiguous = resolve_longest(words, "district", within)
        return (place, name, ambiguous) if place else resolve_longest(words, "province", None)
    return resolve_longest(words, level, within if level != "province" else None)


def find_place_mentions(text: str, within: str | None = None, admin_version: str = "vn63") -> list[Mention]:
    """Prefixed mentions ('huyện Đồng Văn', 'Tỉnh ủy Hà Tĩnh', 'TP. Điện Biên Phủ'), bare provinces and TP.HCM.

    `within` is the report's (vn63) province. In a report of the 2025 structure (`admin_version` vn34) the communes
    ('xã Mường Nhé', 'phường Đông Hà', 'đặc khu Phú Quốc') are those of today's list, read within the province's
    vn34 successor, or anywhere when the province is not known (a name several communes share is left to choose)."""
    mentions = []
    for match in PLACE_PREFIX.finditer(text):
        words = capitalised_words(match.group(2))
        if not words:
            continue
        level = KIND_LEVELS.get(match.group(1).lower())
        if level == "commune" and admin_version == "vn34":
            place, name, ambiguous = resolve_vn34_commune(words, vn34_within(within))
        elif level == "commune" and within is None:
            continue  # commune names repeat across provinces: only read them once the province is known
        else:
            place, name, ambiguous = resolve_city_or_place(words, level, within)
        if place is None and not ambiguous:
            continue  # a person's name after 'Tỉnh ủy', a hamlet, a street
        end = match.start(2) + len(" ".join(words))
        mentions.append(Mention(match.start(), end, name, (place.level if place else level) or "district", place,
                                ambiguous))
    mentions += [Mention(m.start(), m.end(), m.group(), "province", resolve_name(m.group(), "province")[0])
                 for m in province_names().finditer(text)]
    mentions += [Mention(m.start(), m.end(), m.group(), "province", resolve_name("Hồ Chí Minh", "province")[0])
                 for m in HCMC.finditer(text)]
    return drop_overlaps(mentions)


def resolve_vn34_commune(words: list[str], within: str | None) -> tuple[Place | None, str, bool]:
    """A commune of today's list, in the report's province first, then anywhere (a report names a commune of
    another province too)."""
    found = resolve_longest(words, "commune", within, "vn34") if within else (None, "", False)
    return found if found[0] or found[2] else resolve_longest(words, "commune", None, "vn34")


def vn34_within(vn63_province: str | None) -> str | None:
    """The vn34 province a vn63 province became (None stays None)."""
    return to_vn34_province(vn63_province)[0] if vn63_province else None


def drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the earliest, longest mention where two overlap ('tỉnh Điện Biên' over 'Điện Biên')."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def find_organisations(text: str) -> list[Mention]:
    """Organisation mentions with the words that follow up to the next punctuation ('Hội LHPN huyện Mường Nhé')."""
    found = []
    for match in ORGANISATION.finditer(text):
        if re.search(r"(?:,|\svà)\s*$", text[max(0, match.start() - 5):match.start()]):
            continue  # one item of a list of bodies ('cấp ủy, chính quyền, MTTQ và ...'): not the subject
        bloc = BLOC_TAIL.match(text, match.end()) if re.search(r"Khối|Cơ quan", match.group()) else None
        tail = ORGANISATION_TAIL.match(text, bloc.end() if bloc else match.end()).group()
        words = (bloc.group() if bloc else "") + capitalised_or_admin_words(tail)
        found.append(Mention(match.start(), match.end() + len(words), (match.group() + words).strip(), "organisation"))
    return found


def capitalised_or_admin_words(tail: str) -> str:
    """The part of an organisation's tail made of capitalised words and admin prefixes ('tỉnh Yên Bái')."""
    taken = ""
    for word in re.findall(r"\s*\S+", tail):
        bare = word.strip()
        if not (bare[:1].isupper() or bare in KIND_WORDS or bare in ("và", "–", "-", "&")):
            break
        taken += word
    return re.sub(r"(?:\s+(?:và|–|-|&))+\s*$", "", taken)
