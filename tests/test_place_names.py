"""Place names come from the gazetteer, never from a source's spelling: no download of any view names a place in
English ('Quang Ngai', 'HCMC', 'Lac Thuy district'), whatever the source wrote."""

import csv
import io
import re
import unicodedata

import pandas as pd
import pytest

from briefing.exports import build_export
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.pages import view_pages
from briefing.places import gazetteer_place_name, with_place_names
from briefing.views import build_view_content

# The columns of a figures download that name a place or a body.
PLACE_COLUMNS = ("place_name", "scope", "organisation", "awarding_body")
ENGLISH_WORDS = re.compile(r"\b(district|province|provincial|city|commune|ward|town|HCMC|Hanoi|Saigon)\b", re.I)


def without_marks(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


@pytest.fixture(scope="module")
def unmarked_names(inputs) -> re.Pattern:
    """Every province and district name of the gazetteer as English writes it, without its marks ('Lai Chau',
    'Quang Ngai', 'Lac Thuy'); names that carry no mark in Vietnamese ('Long An') are not English."""
    words = ("Tỉnh ", "Thành phố ", "Huyện ", "Quận ", "Thị xã ")
    bare = {next((p.name[len(w):] for w in words if p.name.startswith(w)), p.name) for p in inputs.gazetteer.places
            if p.level in ("province", "district")}
    unmarked = sorted({without_marks(name) for name in bare if without_marks(name) != name}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, unmarked)) + r")\b")


def english_place_names(rows: list[dict], unmarked: re.Pattern) -> set[str]:
    return {row[column] for row in rows for column in PLACE_COLUMNS
            if row.get(column) and (ENGLISH_WORDS.search(row[column]) or unmarked.search(row[column]))}


def read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def other_language_provinces(inputs) -> list[str]:
    sources = inputs.catalogue.sources
    other = set(sources.loc[sources["language"] != "vi", "source_id"])
    obs = inputs.store.observations()
    return sorted(set(obs.loc[obs["source_id"].isin(other) & (obs["admin_version"] == "vn63"), "province_code"]))


def test_the_detector_finds_the_english_spellings_the_editions_use(unmarked_names):
    rows = [{"place_name": name} for name in ("Quang Ngai", "HCMC", "Lac Thuy district", "Lai Chau", "Hanoi")]
    assert english_place_names(rows, unmarked_names) == {r["place_name"] for r in rows}
    vietnamese = [{"place_name": n} for n in ("Quảng Ngãi", "TP Hồ Chí Minh", "huyện Lạc Thủy", "Long An", "Hà Nội")]
    assert english_place_names(vietnamese, unmarked_names) == set()


def test_no_download_of_any_view_names_a_place_in_english(inputs, unmarked_names):
    links = [page.path for page in view_pages()]
    links += [f"/province?province={code}" for code in other_language_provinces(inputs)]
    assert "/province?province=12" in links  # Lai Châu: its Prime Minister's certificates came in English
    english = {}
    for link in links:
        content = build_view_content(parse_view(link), inputs)
        rows = read_csv(build_export(content, "csv_view", inputs))
        english[link] = english_place_names(rows, unmarked_names)
    all_rows = read_csv(build_export(build_view_content(parse_view("/"), inputs), "csv_all", inputs))
    assert len(all_rows) == len(inputs.store.observations()) - 15  # each figure once: 15 repeats in also_sources
    english["csv_all"] = english_place_names(all_rows, unmarked_names)
    assert english == {link: set() for link in english}


def test_a_coded_place_written_in_english_is_named_by_the_gazetteer(inputs):
    """The row keeps what the source wrote where it is the gazetteer's own name in Vietnamese, a former unit or a
    commune merged away; otherwise the gazetteer names it."""
    rows = pd.DataFrame({
        "admin_version": "vn63", "province_code": ["12", "79", "17", "51", "24", "66"],
        "district_code": ["", "", "159", "525", "", "646"], "commune_code": ["", "", "05404", "", "", ""],
        "place_name": ["Lai Chau", "HCMC", "Hung Thi commune", "Huyện Tây Trà (nay thuộc huyện Trà Bồng)",
                       "Bắc Giang", "xã Ia Lốp"]})
    named = with_place_names(rows, inputs.gazetteer)["place_name"].tolist()
    assert named == ["Lai Châu", "TP Hồ Chí Minh", "xã Hưng Thi", "Huyện Tây Trà (nay thuộc huyện Trà Bồng)",
                     "Bắc Giang", "xã Ia Lốp"]
    assert gazetteer_place_name({}, "vn63", "", "", "", "Khu vực phía Nam") == "Khu vực phía Nam"  # a region
