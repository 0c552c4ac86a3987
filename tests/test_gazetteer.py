"""The gazetteer resolves the places the five seed reports name, and refuses to guess ambiguous ones."""

import pytest

from indicators.domain.gazetteer import load_crosswalk, to_vn34_province, vn63_members


@pytest.mark.parametrize(
    ("written", "level", "within", "expected"),
    [
        ("tỉnh Điện Biên", None, None, ("province", "11")),
        ("Dien Bien", "province", None, ("province", "11")),
        ("huyện Nậm Pồ", None, None, ("district", "103")),
        ("Mường Nhé", "district", None, ("district", "096")),
        ("huyện Mường Chà", None, None, ("district", "097")),
        ("Tuần Giáo", "district", None, ("district", "099")),
        ("Điện Biên Đông", "district", None, ("district", "101")),
        ("TP. Điện Biên Phủ", None, None, ("district", "094")),
        ("xã Si Pa Phìn", None, None, ("commune", "03199")),
        ("Cao Bằng", "province", None, ("province", "04")),
        ("Nguyên Bình", "district", "04", ("district", "052")),
        ("Trùng Khánh", "district", "04", ("district", "047")),
        ("Hà Quảng", "district", "04", ("district", "045")),
        ("Bảo Lạc", "district", "04", ("district", "043")),
        ("Bảo Lâm", "district", "04", ("district", "042")),
        ("Hạ Lang", "district", "04", ("district", "048")),
        ("Thạch An", "district", "04", ("district", "053")),
        ("tỉnh Lai Châu", None, None, ("province", "12")),
        ("huyện Tuy Phong", None, None, ("district", "595")),
        ("Bình Thuận", "province", None, ("province", "60")),
        ("huyện Bình Sơn", None, None, ("district", "524")),
        ("Quảng Ngãi", "province", None, ("province", "51")),
        ("Khánh Hoà", "province", None, ("province", "56")),
        ("Thừa Thiên Huế", "province", None, ("province", "46")),
        ("TP.HCM", None, None, ("province", "79")),
    ],
)
def test_resolves_places_named_in_the_seed_reports(gazetteer, written, level, within, expected):
    resolution = gazetteer.resolve(written, level=level, within_province=within)
    assert resolution.place is not None, resolution.candidates
    assert (resolution.place.level, resolution.place.code) == expected
    assert resolution.place.admin_version == "vn63"


def test_district_name_shared_by_provinces_returns_candidates_not_a_guess(gazetteer):
    resolution = gazetteer.resolve("huyện Châu Thành")
    assert resolution.place is None
    assert resolution.ambiguous
    provinces = {p.province_code for p in resolution.candidates}
    assert provinces == {"72", "80", "82", "83", "84", "87", "89", "91", "93", "94"}
    narrowed = gazetteer.resolve("huyện Châu Thành", within_province="83")
    assert (narrowed.place.code, narrowed.place.province_code) == ("831", "83")


def test_bare_name_of_province_and_district_is_ambiguous_across_levels(gazetteer):
    resolution = gazetteer.resolve("Điện Biên")
    assert resolution.place is None
    assert {(p.level, p.code) for p in resolution.candidates} >= {("province", "11"), ("district", "100")}


def test_near_miss_resolves_with_its_score(gazetteer):
    resolution = gazetteer.resolve("Muong Nhee", level="district")
    assert resolution.place.code == "096"
    assert 85 <= resolution.score < 100


def test_unknown_name_resolves_to_nothing(gazetteer):
    resolution = gazetteer.resolve("Atlantis", level="province")
    assert resolution.place is None and resolution.candidates == [] and not resolution.ambiguous


def test_vn34_province_names_resolve_to_new_codes(gazetteer):
    assert gazetteer.resolve("Phú Thọ", level="province", admin_version="vn34").place.code == "25"
    assert gazetteer.resolve("Gia Lai", level="province", admin_version="vn34").place.code == "52"
    assert gazetteer.resolve("Gia Lai", level="province", admin_version="vn63").place.code == "64"


def test_unknown_admin_version_is_refused(gazetteer):
    with pytest.raises(ValueError, match="vn63, vn34"):
        gazetteer.resolve("Điện Biên", admin_version="vn2030")


def test_vn63_province_maps_to_its_vn34_province():
    crosswalk = load_crosswalk()
    assert len({row["new_code"] for row in crosswalk}) == 34 and len(crosswalk) == 63
    assert to_vn34_province("11", crosswalk) == ("11", "Điện Biên")
    assert to_vn34_province("52", crosswalk) == ("52", "Gia Lai")
    assert to_vn34_province("60", crosswalk) == ("68", "Lâm Đồng")
    assert vn63_members("25", crosswalk) == ["17", "25", "26"]
    with pytest.raises(KeyError, match="'99'"):
        to_vn34_province("99", crosswalk)
