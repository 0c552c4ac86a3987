"""Place names as written → GSO codes, for both administrative versions (vn63 until 30 June 2025, vn34 after)."""

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from indicators.domain.codes import ADMIN_VERSIONS
from indicators.domain.names import fold_diacritics, match_keys, normalise_tones, split_admin_prefix
from indicators.paths import boundaries_dir, reference_dir

FUZZY_CUTOFF = 85.0
FUZZY_CLEAR_LEAD = 4.0

# Names in common use that the GSO list spells differently (folded keys → vn63 province code).
PROVINCE_ALIASES_VN63 = {
    "thua thien hue": "46",
    "hue": "46",
    "hcm": "79",
    "tphcm": "79",
    "tp hcm": "79",
    "sai gon": "79",
    "brvt": "77",
    "vung tau": "77",
}


@dataclass(frozen=True)
class Place:
    """One administrative unit of one version; codes are GSO codes as text."""

    admin_version: str
    level: str
    code: str
    name: str
    province_code: str
    district_code: str = ""


@dataclass
class Resolution:
    """The answer to one name: a place when it is unique, otherwise the candidates to choose from."""

    query: str
    place: Place | None
    candidates: list[Place] = field(default_factory=list)
    score: float = 0.0

    @property
    def ambiguous(self) -> bool:
        return self.place is None and len(self.candidates) > 1


class Gazetteer:
    """An index of places by accented and folded name keys, per admin version."""

    def __init__(self, places: list[Place], aliases: dict[tuple[str, str], list[Place]] | None = None):
        self.places = places
        self._by_accented: dict[str, list[Place]] = defaultdict(list)
        self._by_folded: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            accented, folded = match_keys(place.name)
            self._by_accented[accented].append(place)
            self._by_folded[folded].append(place)
        for (folded, _version), alias_places in (aliases or {}).items():
            self._by_folded[folded].extend(alias_places)
        self._folded_choices = list(self._by_folded)
        self._by_code = {(p.admin_version, p.level, p.code): p for p in places}

    def place(self, admin_version: str, level: str, code: str) -> Place:
        """The place with this code; KeyError names the version, level and code when there is none."""
        try:
            return self._by_code[(admin_version, level, code)]
        except KeyError:
            raise KeyError(f"No {level} with code '{code}' in admin version {admin_version}") from None

    def resolve(
        self, name: str, level: str | None = None, admin_version: str = "vn63", within_province: str | None = None
    ) -> Resolution:
        """Resolve a name as written; an ambiguous name returns its candidates and no place, never a guess."""
        check_admin_version(admin_version)
        prefix_level, bare, _ = split_admin_prefix(normalise_tones(name))
        level = level or prefix_level

        def keep(candidates: list[Place]) -> list[Place]:
            return _filter_places(candidates, admin_version, level, within_province)

        for candidates in (self._by_accented.get(bare, []), self._by_folded.get(fold_diacritics(bare), [])):
            found = _unique(keep(candidates))
            if found:
                return _resolution(name, found, 100.0)
        return self._resolve_fuzzy(name, fold_diacritics(bare), keep)

    def _resolve_fuzzy(self, name: str, folded: str, keep) -> Resolution:
        scored: list[tuple[float, Place]] = []
        for key, score, _ in process.extract(
            folded, self._folded_choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=20
        ):
            scored.extend((score, place) for place in keep(self._by_folded[key]))
        if not scored:
            return Resolution(query=name, place=None)
        scored.sort(key=lambda item: -item[0])
        best_score = scored[0][0]
        close = _unique([place for score, place in scored if best_score - score < FUZZY_CLEAR_LEAD])
        return _resolution(name, close, best_score)

    def districts_of(self, province_code: str) -> list[Place]:
        """The vn63 districts of one province, in code order."""
        return sorted(
            (p for p in self.places if p.level == "district" and p.province_code == province_code),
            key=lambda p: p.code,
        )


def _filter_places(
    candidates: list[Place], admin_version: str, level: str | None, within_province: str | None
) -> list[Place]:
    return [
        p for p in candidates
        if p.admin_version == admin_version
        and (level is None or p.level == level)
        and (within_province is None or p.province_code == within_province)
    ]


def _unique(places: list[Place]) -> list[Place]:
    return list(dict.fromkeys(places))


def _resolution(name: str, candidates: list[Place], score: float) -> Resolution:
    place = candidates[0] if len(candidates) == 1 else None
    return Resolution(query=name, place=place, candidates=candidates, score=score)


def check_admin_version(admin_version: str) -> None:
    """Refuse an unknown admin version: a code means nothing without its version."""
    if admin_version not in ADMIN_VERSIONS:
        raise ValueError(f"Unknown admin_version '{admin_version}'; expected one of {', '.join(ADMIN_VERSIONS)}")


def gso_list_path() -> Path:
    return boundaries_dir() / "dvhcvn-2023" / "dvhcvn.json"


def load_vn63_places(path: Path | None = None) -> list[Place]:
    """Provinces, districts and communes of the GSO list (dvhcvn.json, structure before 1 July 2025)."""
    data = json.loads((path or gso_list_path()).read_text(encoding="utf-8"))["data"]
    places: list[Place] = []
    for province in data:
        pcode = province["level1_id"]
        places.append(Place("vn63", "province", pcode, province["name"], pcode))
        for district in province["level2s"]:
            dcode = district["level2_id"]
            places.append(Place("vn63", "district", dcode, district["name"], pcode, dcode))
            places.extend(
                Place("vn63", "commune", commune["level3_id"], commune["name"], pcode, dcode)
                for commune in district.get("level3s", [])
            )
    return places


def load_crosswalk(path: Path | None = None) -> list[dict[str, str]]:
    """Rows of province_crosswalk_2025.csv: old_code, old_name, new_code, new_name."""
    with (path or reference_dir() / "province_crosswalk_2025.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_vn34_places(crosswalk: list[dict[str, str]]) -> list[Place]:
    """The 34 provinces (crosswalk) and their communes (the vietnam-provinces package)."""
    from vietnam_provinces import Ward

    provinces = {row["new_code"]: row["new_name"] for row in crosswalk}
    places = [Place("vn34", "province", code, name, code) for code, name in sorted(provinces.items())]
    for ward in Ward.iter_all():
        pcode = f"{ward.province_code.value:02d}"
        places.append(Place("vn34", "commune", f"{ward.code.value:05d}", ward.name, pcode))
    return places


def build_alias_index(places: list[Place]) -> dict[tuple[str, str], list[Place]]:
    provinces = {p.code: p for p in places if p.admin_version == "vn63" and p.level == "province"}
    return {(alias, "vn63"): [provinces[code]] for alias, code in PROVINCE_ALIASES_VN63.items()}


def load_gazetteer() -> Gazetteer:
    """Both versions in one index; the caller caches it (reading takes about a second)."""
    crosswalk = load_crosswalk()
    places = load_vn63_places() + load_vn34_places(crosswalk)
    return Gazetteer(places, build_alias_index(places))


def to_vn34_province(vn63_code: str, crosswalk: list[dict[str, str]] | None = None) -> tuple[str, str]:
    """The vn34 province (code, name) that a vn63 province became on 1 July 2025."""
    for row in crosswalk or load_crosswalk():
        if row["old_code"] == vn63_code:
            return row["new_code"], row["new_name"]
    raise KeyError(f"vn63 province code '{vn63_code}' is not in the 2025 crosswalk")


def vn63_members(vn34_code: str, crosswalk: list[dict[str, str]] | None = None) -> list[str]:
    """The vn63 province codes that make up one vn34 province."""
    members = [row["old_code"] for row in crosswalk or load_crosswalk() if row["new_code"] == vn34_code]
    if not members:
        raise KeyError(f"vn34 province code '{vn34_code}' is not in the 2025 crosswalk")
    return members
