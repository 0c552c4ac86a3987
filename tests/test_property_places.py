"""Property tests of place matching: name folding and the gazetteer's resolve take any Unicode without crashing."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.domain.gazetteer import Resolution
from indicators.domain.names import fold_diacritics, match_keys, normalise_tones, split_admin_prefix

PROPERTIES = settings(max_examples=150, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])
PLACE_WORDS = ["tỉnh", "Thành phố", "TP.", "tp", "huyện", "Huyện", "thị xã", "TX.", "xã", "Phường", "thị trấn",
               "Hà", "Giang", "Đồng", "Văn", "Điện", "Biên", "Hoà", "Bình", "Thuỷ", "Hồng", "Phong", "Quận", "1",
               "-", "–", ",", "(", ")", "'", "\u0301", "İ", "ß", "ǅ", " ", "\t"]
names = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(PLACE_WORDS), max_size=8).map(" ".join))


@PROPERTIES
@given(names)
def test_folding_leaves_no_accent_and_is_stable(name):
    folded = fold_diacritics(normalise_tones(name))
    assert not any(unicodedata.category(char) == "Mn" for char in folded)
    assert fold_diacritics(folded) == folded
    assert "đ" not in folded and "Đ" not in folded


@PROPERTIES
@given(names)
def test_match_keys_and_prefixes_take_any_name(name):
    accented, folded = match_keys(name)
    assert folded == fold_diacritics(accented)
    level, bare, had_prefix = split_admin_prefix(normalise_tones(name))
    assert level in (None, "province", "district", "commune")
    assert had_prefix or (level is None and bare == normalise_tones(name))


@PROPERTIES
@given(names, st.sampled_from([None, "province", "district", "commune"]), st.sampled_from(["vn63", "vn34"]),
       st.sampled_from([None, "02", "11", "79"]))
def test_resolve_answers_any_name_with_a_place_or_candidates(gazetteer, name, level, version, within):
    resolution = gazetteer.resolve(name, level, version, within)
    assert isinstance(resolution, Resolution)
    assert 0 <= resolution.score <= 100
    assert resolution.place is None or resolution.place in resolution.candidates
    for place in resolution.candidates:
        assert place.admin_version == version
        assert level is None or place.level == level
        assert within is None or place.province_code == within


@PROPERTIES
@given(st.data())
def test_every_province_resolves_to_itself_however_it_is_cased(gazetteer, data):
    provinces = [p for p in gazetteer.places if p.level == "province"]
    province = data.draw(st.sampled_from(provinces))
    written = data.draw(st.sampled_from([province.name, province.name.upper(), province.name.lower(),
                                         unicodedata.normalize("NFD", province.name)]))
    assert gazetteer.resolve(written, "province", province.admin_version).place == province
