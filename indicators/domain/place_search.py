"""The one place search of the dashboard: a name typed with or without diacritics, with or without its 'tỉnh',
'huyện', 'xã', 'phường', 'thành phố' prefix, with one letter wrong, finds the provinces, districts and communes of
both structures (vn63 and vn34) that bear it. /models, /province, /compare and /trends ask it; no Streamlit here.
"""

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from indicators.domain.codes import LEVELS
from indicators.domain.gazetteer import Gazetteer, Place, build_alias_index
from indicators.domain.names import ADMIN_PREFIXES, fold_diacritics, normalise_tones, split_admin_prefix

# A one-letter typo (a letter missing, extra, wrong, or two letters swapped) is forgiven in names this long: in a
# shorter one ("hue", "ba vi") one letter changes the name.
MIN_TYPO_LENGTH = 5
MAX_TYPOS = 1


# The prefixes typed without diacritics ('tinh', 'huyen', 'xa'); tried only when the whole text names nothing, since
# 'tinh bien' is Tịnh Biên and 'quan hoa' Quan Hóa.
_FOLDED_PREFIXES = {fold_diacritics(prefix): level for prefix, level in ADMIN_PREFIXES.items()}
_FOLDED_PREFIX = re.compile(
    r"^(" + "|".join(re.escape(p) for p in sorted(_FOLDED_PREFIXES, key=len, reverse=True)) + r")(?=[\s.])[\s.]*")


def search_keys(text: str) -> list[tuple[str | None, str]]:
    """The readings of a name as (level its prefix names or None, bare name folded), the likeliest first:
    'Tỉnh Quảng Ngãi' → [('province', 'quang ngai')]; 'tinh quang ngai' → [(None, 'tinh quang ngai'),
    ('province', 'quang ngai')]."""
    level, bare, had_prefix = split_admin_prefix(normalise_tones(text))
    bare = _folded_key(bare)
    if had_prefix or not bare:
        return [(level, bare)]
    match = _FOLDED_PREFIX.match(bare)
    rest = bare[match.end():] if match else ""
    return [(None, bare), (_FOLDED_PREFIXES[match.group(1)], rest)] if rest else [(None, bare)]


def _folded_key(text: str) -> str:
    return re.sub(r"[\s.]+", " ", fold_diacritics(text)).strip()


def close_keys(key: str, keys: Collection[str]) -> list[str]:
    """The keys that are `key`, else those one typo away from it (for names of MIN_TYPO_LENGTH letters or more)."""
    if key in keys:
        return [key]
    if len(key) < MIN_TYPO_LENGTH:
        return []
    return [found for found, _, _ in process.extract(key, list(keys), scorer=OSA.distance, score_cutoff=MAX_TYPOS,
                                                     limit=None) if len(found) >= MIN_TYPO_LENGTH]


def match_names(query: str, names: Mapping[str, str]) -> list[str]:
    """The codes of `names` (code → name as shown) that the query finds. A name that is the query (one typo allowed,
    with or without prefix and diacritics) wins when it is the only one; otherwise every name holding the query (in
    its bare name, or the whole name from its start). Without diacritics in the query diacritics are ignored ('quang'
    finds Quảng Ngãi and Tuyên Quang); with them they count ('quảng' finds only the Quảng provinces)."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for code, name in names.items():
        if code:
            by_key[search_keys(name)[0][1]].append(code)
    exact = next((found for found in ([code for key in close_keys(bare, by_key) for code in by_key[key]]
                                      for _, bare in search_keys(query)) if found), [])
    if len(exact) == 1:
        return exact
    typed = normalise_tones(query)
    fold = fold_diacritics(typed) == typed
    shown = {code: _name_forms(name, fold) for code, name in names.items() if code}
    return [code for code, (whole, bare) in shown.items() if typed in bare or whole.startswith(typed)] or exact


def _name_forms(name: str, fold: bool) -> tuple[str, str]:
    """(the whole name, its bare name) as the search compares them: folded or not."""
    whole = normalise_tones(name)
    bare = split_admin_prefix(whole)[1]
    return (fold_diacritics(whole), fold_diacritics(bare)) if fold else (whole, bare)


class PlaceSearch:
    """Every place of the gazetteer (and the common province aliases: 'hcm', 'huế') by its folded bare name."""

    def __init__(self, gazetteer: Gazetteer):
        self._by_key: dict[str, list[Place]] = defaultdict(list)
        for place in gazetteer.places:
            self._by_key[search_keys(place.name)[0][1]].append(place)
        for (alias, _version), places in build_alias_index(gazetteer.places).items():
            self._by_key[alias].extend(places)

    def find(self, query: str, levels: Iterable[str] = LEVELS) -> list[Place]:
        """The places named by the query, in both structures; a prefix ('huyện', 'xã') keeps its level only."""
        for hint, key in search_keys(query):
            wanted = {hint} if hint else set(levels)
            found = [place for match in close_keys(key, self._by_key) for place in self._by_key[match]
                     if place.level in wanted]
            if found:
                return list(dict.fromkeys(found))
        return []
