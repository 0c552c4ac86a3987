"""The one place search: names typed with or without diacritics, prefixes or one wrong letter find the provinces,
districts and communes of both structures; /models lists the models of the places the search names."""

from urllib.parse import quote

import pytest

from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.views import build_view_content
from indicators.domain.place_search import PlaceSearch, match_names

QUANG_NGAI, BINH_SON = "51", "524"


@pytest.fixture(scope="module")
def place_search(gazetteer):
    return PlaceSearch(gazetteer)


@pytest.fixture(scope="module")
def view_inputs():
    return load_view_inputs()


def found(place_search, query):
    return {(p.admin_version, p.level, p.code) for p in place_search.find(query)}


@pytest.mark.parametrize("query", ["quang ngai", "Quang Ngai", "Quảng Ngãi", "tỉnh Quảng Ngãi", "tinh quang ngai",
                                   "QUANG NGAI", "quang ngia", "quảng ngai"])
def test_province_found_in_both_structures_with_or_without_diacritics_prefix_or_one_typo(place_search, query):
    assert {("vn63", "province", QUANG_NGAI), ("vn34", "province", QUANG_NGAI)} <= found(place_search, query)


def test_a_prefix_keeps_its_level_only(place_search):
    assert found(place_search, "huyện Bình Sơn") == {("vn63", "district", BINH_SON)}
    assert found(place_search, "huyen binh son") == {("vn63", "district", BINH_SON)}
    communes = found(place_search, "xa binh son")
    assert communes and {level for _, level, _ in communes} == {"commune"}
    assert ("vn63", "district", BINH_SON) in found(place_search, "binh son")


def test_a_name_that_starts_like_a_prefix_is_read_whole_first(place_search):
    assert ("vn63", "district", "890") in found(place_search, "tinh bien")  # Thị xã Tịnh Biên, not "biên"
    assert ("vn63", "district", "385") in found(place_search, "quan hoa")  # Huyện Quan Hóa, not a "hòa" quận


def test_vn34_communes_and_aliases_are_found(place_search):
    assert ("vn34", "commune", "00070") in found(place_search, "phuong hoan kiem")
    assert ("vn63", "province", "79") in found(place_search, "tp hcm")
    assert ("vn63", "province", "79") in found(place_search, "Thanh pho Ho Chi Minh")


def test_short_names_forgive_no_typo(place_search):
    assert found(place_search, "hue") == {("vn63", "province", "46"), ("vn34", "province", "46")}
    assert found(place_search, "hua") == set()


def test_picker_names_match_without_diacritics_prefix_or_with_one_typo():
    names = {"51": "Tỉnh Quảng Ngãi", "45": "Tỉnh Quảng Trị", "08": "Tỉnh Tuyên Quang", "79": "Thành phố Hồ Chí Minh"}
    assert match_names("quang ngai", names) == ["51"]
    assert match_names("tinh quang ngia", names) == ["51"]
    assert match_names("quang", names) == ["51", "45", "08"]
    assert match_names("Quảng", names) == ["51", "45"]
    assert match_names("ho chi minh", names) == ["79"]


@pytest.mark.parametrize(("query", "count"), [("quang ngai", 5), ("Quang Ngai", 5), ("Quảng Ngãi", 5),
                                              ("binh son", 4), ("huyện Bình Sơn", 4)])
def test_models_search_lists_the_models_of_the_place_named(view_inputs, query, count):
    content = build_view_content(parse_view(f"/models?q={quote(query)}"), view_inputs)
    assert len(content.models) == count
    assert set(content.models["province_code"]) == {QUANG_NGAI}
    if "son" in query.lower() or "Sơn" in query:
        assert set(content.models["district_code"]) == {BINH_SON}
