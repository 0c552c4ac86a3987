"""The comparability rule on the real data: what may share a colour scale, why the rest may not, and rates."""

import itertools

import pandas as pd
import pytest

from briefing.catalogue import default_class, headline_counts, subtype
from indicators.domain.codes import AWARD_LEVELS, HONOURS_INDICATOR, PHASES
from indicators.domain.comparability import STATUS_OTHER, STATUS_SHARED, WHY_NOT, ComparisonClass, compare_provinces
from indicators.domain.gazetteer import load_crosswalk
from indicators.domain.population import load_denominators, rate_value
from indicators.domain.queries import make_province_frame, observations_with_titles
from indicators.store.reads import Catalogue


@pytest.fixture(scope="module")
def obs(dataset):
    return observations_with_titles(dataset)


@pytest.fixture(scope="module")
def frames():
    crosswalk = load_crosswalk()
    return {version: make_province_frame(crosswalk, version) for version in ("vn63", "vn34")}


def shared_values(comparison) -> dict[str, float]:
    return dict(zip(comparison.shared["province_name"], comparison.shared["value"], strict=True))


def compare_honours(obs, frames, phase="kl01", level="event", window="", version="vn63"):
    return compare_provinces(obs, frames[version], ComparisonClass(HONOURS_INDICATOR, "honours_total", phase, level,
                                                                   window))


def test_exemplars_honoured_in_conclusion_01_leave_seven_provinces_of_two_window_kinds(obs, frames):
    """Nine provinces stood on this scale before the rule looked at windows, award levels and phases by dates: Lai
    Châu's 5 (Government certificates, 2016–2021), Ninh Bình's 65 (2014–2024) and Lào Cai's 15 + 13 (2016–2025)
    may not; the other six, and Tuyên Quang's 86 for 2021–2023 (report 69), are of two window kinds that never share
    one scale. The 2–3-year kind holds 4 provinces, the one-event kind 3: the widest is the 2–3-year kind."""
    one_event = compare_honours(obs, frames, window="single")
    assert shared_values(one_event) == {"Tỉnh Lạng Sơn": 37, "Tỉnh Nam Định": 60, "Tỉnh Vĩnh Long": 49}
    multi_year = compare_honours(obs, frames, window="years_2_3")
    assert shared_values(multi_year) == {"Tỉnh Tuyên Quang": 86, "Tỉnh Yên Bái": 65, "Tỉnh Hà Tĩnh": 42,
                                         "Thành phố Hồ Chí Minh": 339}
    derived = one_event.shared[one_event.shared["derived"]]
    assert set(derived["province_name"]) == {"Tỉnh Lạng Sơn"}  # "23 tập thể, 14 cá nhân"
    widest = compare_honours(obs, frames)  # no kind asked: the kind with the most provinces
    assert widest.comparison_class.window == "years_2_3" and shared_values(widest) == shared_values(multi_year)
    assert {kind: n for kind, n in widest.window_counts.items() if n} == {"single": 3, "years_2_3": 4}
    why = one_event.rows.set_index("obs_id")["why_not"]
    assert why["46_ha-tinh-so-ket-3-nam-ket-luan-01-2024-001"] == "window_years_2_3"  # shown apart, with its kind
    assert multi_year.rows.set_index("obs_id").at["nam-dinh-tuyen-duong-60-dien-hinh-2023-en-001",
                                                  "why_not"] == "window_single"


def test_a_window_only_the_ten_year_review_holds_spans_ct05_and_kl01_unless_given_as_the_review_s(obs, frames):
    """The 10-year review phase (ct05_10y, 2016–2026) holds Lào Cai's 2016–2025 by its dates; given as KL 01's, that
    window still spans CT 05 and KL 01 and is not put on the KL 01 scale; given as the review's own, it is."""
    lao_cai = "51_lao-cai-tong-ket-10-nam-chi-thi-05-2025-002"
    assert obs.set_index("obs_id").at[lao_cai, "phase"] == "kl01"
    assert compare_honours(obs, frames, window="years_6_plus").rows.set_index("obs_id").at[
        lao_cai, "why_not"] == "spans_phases"
    as_review = obs.assign(phase=obs["phase"].where(~obs["obs_id"].str.startswith("51_lao-cai-tong-ket"), "ct05_10y"))
    review = compare_honours(as_review, frames, phase="ct05_10y", window="years_6_plus")
    assert shared_values(review) == {"Tỉnh Lào Cai": 15 + 13}


def test_a_window_that_spans_phases_has_no_phase_whatever_its_ceremony(dataset, obs, frames):
    rows = dataset.observations.set_index("obs_id")
    ninh_binh = "55_ninh-binh-ton-vinh-65-dien-hinh-2014-2024-001"  # "(giai đoạn 2014-2024)", held in 2024
    assert rows.loc[ninh_binh, ["phase", "period_start"]].tolist() == ["kl01", "2014-01-01"]
    for window in ("", "years_6_plus"):
        why = compare_honours(obs, frames, window=window).rows.set_index("obs_id")["why_not"]
        assert why[ninh_binh] == "spans_phases"
        assert why["51_lao-cai-tong-ket-10-nam-chi-thi-05-2025-002"] == "spans_phases"  # 2016–2025
    places = compare_honours(obs, frames).places.set_index("province_name")
    assert places.at["Tỉnh Ninh Bình", "status"] == STATUS_OTHER  # still listed, apart, with its reasons


def test_government_and_central_certificates_are_honours_of_a_higher_level(dataset, obs, frames):
    rows = dataset.observations.set_index("obs_id")
    lai_chau, tuy_phong = "lai-chau-bang-khen-thu-tuong-2016-2021-en-001", "003_a52b7484e2ca714e-004"
    assert rows.loc[lai_chau, "award_level"] == rows.loc[tuy_phong, "award_level"] == "higher_level"
    reviewed = pd.read_csv("data/reviews/figures.csv", dtype=str, keep_default_na=False)
    lai_chau_review = reviewed[reviewed["file"].str.contains("lai-chau-bang-khen-thu-tuong")]
    assert list(lai_chau_review["award_level"]) == ["higher_level"]  # the replayed review says so too
    why = compare_honours(obs, frames, phase="kl01", level="event", window="years_6_plus").rows.set_index("obs_id")
    assert why.at[lai_chau, "why_not"] == "spans_phases"  # 2016–2021 spans CT 05 and KL 01 as well


def test_honours_of_another_body_s_programme_are_not_the_campaign_s(obs, frames):
    """Lâm Đồng's 88 'gương sáng đời thường' of 2018 were honoured by the provincial Fatherland Front."""
    comparison = compare_honours(obs, frames, phase="ct05", window="single")
    lam_dong = comparison.rows.set_index("obs_id").loc["52_lam-dong-ton-vinh-88-guong-sang-doi-thuong-2018-001"]
    assert (lam_dong["awarding_body"], lam_dong["why_not"]) == ("Ủy ban MTTQ tỉnh", "other_body")
    assert "Tỉnh Lâm Đồng" not in shared_values(comparison)


def test_parts_from_several_awarders_are_summed_only_as_the_report_adds_them(obs, frames):
    """Lạng Sơn's report adds its four awarders' certificates up ('23 tập thể, 14 cá nhân'): that ceremony's total is
    37. Hà Giang's gives the Prime Minister's 1 + 2 and the chairman's 15 + 29 apart and no total: listed apart."""
    comparison = compare_honours(obs, frames, window="single")
    assert shared_values(comparison)["Tỉnh Lạng Sơn"] == 23 + 14
    ha_giang = comparison.rows[comparison.rows["obs_id"].str.startswith("ha-giang-bieu-duong-2024-en-00")]
    assert set(ha_giang["why_not"]) == {"parts_only"} and not ha_giang["on_shared_scale"].any()


def test_honours_at_every_level_never_share_a_scale_with_one_ceremony(obs, frames):
    ceremony = compare_provinces(obs, frames["vn63"], ComparisonClass(HONOURS_INDICATOR, "honours_total", "kl01",
                                                                        "event"))
    every_level = compare_provinces(obs, frames["vn63"], ComparisonClass(HONOURS_INDICATOR, "honours_total", "kl01",
                                                                           "all_levels"))
    assert shared_values(every_level) == {"Tỉnh Sóc Trăng": 691 + 1780}
    soc_trang = ceremony.rows[ceremony.rows["province_code"] == "94"]
    assert set(soc_trang["why_not"]) == {"other_award_level"} and not soc_trang["on_shared_scale"].any()


def test_a_part_never_stands_beside_or_adds_to_its_total(obs, frames):
    comparison = compare_honours(obs, frames, "ct05", "all_levels", "years_2_3")  # 3 years of Chỉ thị 05
    ha_tinh = comparison.rows[comparison.rows["obs_id"].str.startswith("17_ha-tinh")].set_index("obs_id")
    assert ha_tinh.loc["17_ha-tinh-so-ket-3-nam-2019-002", ["value", "on_shared_scale"]].tolist() == [904, True]
    assert set(ha_tinh.loc[ha_tinh["value"].isin([273, 631]), "why_not"]) == {"part_of_total"}
    assert shared_values(comparison)["Tỉnh Hà Tĩnh"] == 904  # not 904 + 273 + 631


def test_the_latest_figure_of_a_province_in_the_phase_is_the_one_compared(obs, frames):
    comparison = compare_provinces(obs, frames["vn63"], ComparisonClass(HONOURS_INDICATOR, "honours_total", "ct05",
                                                                          "event"))
    hcm = comparison.rows[comparison.rows["province_code"] == "79"]
    chosen = hcm[hcm["on_shared_scale"]]
    assert set(chosen["period_end"]) == {"2020-05-15"} and chosen["value"].sum() == 149 + 233
    assert "older_report" in set(hcm["why_not"])


def test_the_fixed_rows_stay_fixed(dataset):
    obs = dataset.observations.set_index("obs_id")
    bac_kan = "02_bac-kan-thanh-pho-xet-dien-hinh-2016-2018"
    for obs_id in (f"{bac_kan}-003", f"{bac_kan}-004"):  # "đã đề nghị tặng Giấy khen": proposals, not awards
        assert obs.loc[obs_id, ["indicator", "subtype"]].tolist() == [HONOURS_INDICATOR, "honours_nominated"]
    nominations = compare_provinces(observations_with_titles(dataset), make_province_frame(load_crosswalk(), "vn63"),
                                    ComparisonClass(HONOURS_INDICATOR, "honours_total", "ct05", "event")).rows
    assert not nominations["obs_id"].str.startswith(f"{bac_kan}-00").any()  # never counted as honours
    assert obs.loc["004_dc1a175334cc5c87-005", "qualifier"] == "approximately"  # "khoảng hơn 132 tỷ"
    works = obs.loc["004_dc1a175334cc5c87-004"]  # Bình Sơn's 231 works: one 2020 campaign
    assert (works["value"], works["period_start"][:4], works["period_end"][:4]) == (231, "2020", "2020")


def every_class(dataset):
    """Every subtype with data, in every phase, for honours at every level."""
    for code, indicator in zip(dataset.subtypes["subtype"], dataset.subtypes["indicator"], strict=True):
        if code not in set(dataset.observations["subtype"]):
            continue
        levels = AWARD_LEVELS if indicator == HONOURS_INDICATOR else ("",)
        for phase, level in itertools.product(PHASES, levels):
            yield ComparisonClass(indicator, code, phase, level)


@pytest.mark.parametrize("version", ["vn63", "vn34"])
def test_unlike_values_never_share_a_scale(dataset, obs, frames, version):
    """For every subtype, phase and level: the figures on the shared scale are whole-province counts of that
    phase (and level), at most one statement per province, and never a part beside its total."""
    checked = 0
    for cls in every_class(dataset):
        comparison = compare_provinces(obs, frames[version], cls, subtype(dataset, cls.subtype)["aggregation"])
        shared = comparison.rows[comparison.rows["on_shared_scale"]]
        assert (shared["district_code"] == "").all() and (shared["organisation"] == "").all()
        assert (shared["phase"] == cls.phase).all()
        assert shared["denominator"].isna().all() or (shared["unit"] == "percent").all()
        if cls.award_level:
            assert (shared["award_level"] == cls.award_level).all()
        assert not set(shared["part_of"]) & set(shared["obs_id"])
        per_province = shared.groupby(shared["province_code"]).agg(sources=("source_id", "nunique"),
                                                                    windows=("period_end", "nunique"))
        assert (per_province["sources"] == 1).all() and (per_province["windows"] == 1).all()
        assert set(comparison.rows.loc[~comparison.rows["on_shared_scale"], "why_not"]) <= set(WHY_NOT)
        other = comparison.places[comparison.places["status"] == STATUS_OTHER]
        assert (other["why_not"] != "").all(), other[["province_name", "why_not"]]
        checked += 1
    assert checked > 100


def test_merged_provinces_share_the_scale_only_when_every_old_province_reported_on_it(obs, frames):
    comparison = compare_honours(obs, frames, window="years_2_3", version="vn34")
    places = comparison.places.set_index("province_name")
    assert places.loc["Hà Tĩnh", ["status", "value"]].tolist() == [STATUS_SHARED, 42]  # not merged
    lao_cai = places.loc["Lào Cai"]  # old Yên Bái's 65 is on the scale, old Lào Cai's 2016–2025 figures are not
    assert (lao_cai["status"], lao_cai["why_not"], lao_cai["members"], lao_cai["reporting"]) == (
        STATUS_OTHER, "partial_coverage", 2, 1)


def test_the_picker_counts_each_headline_s_comparable_provinces_widest_first(dataset, obs, frames):
    used = dataset.observations[["indicator", "subtype"]].drop_duplicates()
    catalogue = Catalogue(dataset.sources, dataset.indicators, dataset.subtypes, used)
    counts = headline_counts(catalogue, obs, frames["vn63"], "kl01", "vi")
    assert counts[0].indicator == HONOURS_INDICATOR and counts[0].comparable == 4  # 2–3-year kind; 9 before windows
    assert [c.comparable for c in counts] == sorted((c.comparable for c in counts), reverse=True)
    assert default_class(dataset, HONOURS_INDICATOR) == ComparisonClass(HONOURS_INDICATOR, "honours_total", "kl01",
                                                                         "event")


@pytest.mark.parametrize(("code", "population"), [("11", 646_182), ("42", None), ("79", None)])
def test_rates_per_100000_people_match_gso_2023_population_by_hand(frames, code, population):
    table = pd.read_csv("../shared/reference/province_population.csv", dtype={"province_code": str})
    row = table[(table["admin_version"] == "vn63") & (table["province_code"] == code)].iloc[0]
    if population is not None:
        assert row["population"] == population
    denominator = load_denominators(frames["vn63"])[code]
    assert rate_value(532, denominator, "per100k") == pytest.approx(532 / row["population"] * 100_000)
    assert rate_value(532, denominator, "perkm2") == pytest.approx(532 / row["area_km2"] * 1_000)


def test_rates_of_a_merged_province_use_the_sum_of_its_old_provinces(frames):
    table = pd.read_csv("../shared/reference/province_population.csv", dtype={"province_code": str})
    vn63 = table[table["admin_version"] == "vn63"].set_index("province_code")
    members = frames["vn34"].members["25"]  # Phú Thọ: Phú Thọ, Vĩnh Phúc, Hòa Bình
    assert len(members) == 3
    assert load_denominators(frames["vn34"])["25"].population == vn63.loc[members, "population"].sum()


# ---------------------------------------------------------------- the words of the rule's verdicts, as views show them

@pytest.fixture(scope="module")
def view_inputs():
    from briefing.inputs import load_view_inputs

    return load_view_inputs()


def view_of(link: str, view_inputs):
    from briefing.links import parse_view
    from briefing.views import build_view_content

    return build_view_content(parse_view(link), view_inputs)


@pytest.mark.parametrize("lang, whole, coverage, old_province, named", [
    ("vi", "toàn tỉnh", "1/2 tỉnh cũ", "tỉnh Bắc Giang cũ", "Tuyên Quang 86 (tỉnh Tuyên Quang cũ, "),
    ("en", "whole province", "1/2 former provinces", "former Bắc Giang", "Tuyên Quang 86 (former Tuyên Quang, ")])
def test_a_merged_province_with_figures_of_part_of_its_old_provinces_is_never_whole_province(
        view_inputs, lang, whole, coverage, old_province, named):
    """vn34 Bắc Ninh = old Bắc Ninh + Bắc Giang; only Bắc Giang reported honours: its figures are old Bắc Giang's,
    with the coverage on the table's label. The answer sentence names a merged province's figure by its old province
    too (Tuyên Quang's 86 of report 69, old Tuyên Quang's; Hà Giang's parts are the other half of its 2/2). No vn34
    honours scale holds the 3 provinces a map needs since windows are judged, so the tooltip is not drawn."""
    content = view_of(f"/?indicator=exemplars_honoured&version=vn34&lang={lang}", view_inputs)
    bac_ninh = content.places.set_index("province_code").loc["24"]
    assert bac_ninh["status"] == STATUS_OTHER and bac_ninh["coverage"] == coverage
    assert bac_ninh["label"].startswith(f"{coverage}: 29, 31 ") and old_province in bac_ninh["label"]
    assert named in content.answer
    assert bac_ninh["brief"].endswith(f", {coverage})")
    merged = content.places[(content.places["members"] > 1) & (content.places["status"] == STATUS_OTHER)]
    assert len(merged) == 18
    for record in merged.itertuples():  # every merged province of another kind: coverage first, never 'toàn tỉnh'
        assert record.label.startswith(f"{record.coverage}: ") and record.brief.endswith(f"{record.coverage})")
        old_figures = [part for part in record.label.split("; ") if "(" in part]
        assert not any(f"({whole}" in part for part in old_figures), record.label


def test_a_merged_province_s_figures_carry_each_its_old_province_reason_and_period(view_inputs):
    content = view_of("/?indicator=exemplars_honoured&version=vn34&window=years_2_3", view_inputs)
    lao_cai = content.places.set_index("province_code").loc["15"]  # old Lào Cai off the scale, old Yên Bái on it
    assert lao_cai["why_not"] == "partial_coverage"
    assert lao_cai["label"].startswith("2/2 tỉnh cũ: hơn 19.800, 15, 13 người (tỉnh Lào Cai cũ, kỳ báo cáo trải qua "
                                       "nhiều giai đoạn, 05/2016–05/2025)")
    content = view_of("/?indicator=exemplars_honoured", view_inputs)
    bars = content.chart_figure.data[0]  # the ranking: one bar per province, each with its own period
    ranked = content.places.set_index("province_name").loc[list(bars.y)]
    assert list(bars.text) == [f"{rank} · {label} · {period}" for rank, label, period in zip(
        ranked["rank_words"], ranked["label"], ranked["period"], strict=True)]
    assert list(bars.text) == ["hạng 4 · 42 · 01/2021–05/2024", "hạng 3 · 65 · 01/2021–09/2023",
                               "hạng 2 · 86 · 2021–2023", "hạng 1 · 339 · 01/2022–05/2024"]


@pytest.mark.parametrize("lang, words", [
    ("vi", ("Cửa sổ báo cáo", "một sự kiện hoặc một năm (3 tỉnh)", "cửa sổ 2–3 năm (4 tỉnh)",
            "cửa sổ một sự kiện hoặc một năm, khác loại với thang đang so")),
    ("en", ("Reporting window", "one event or one year (3 provinces)", "2–3-year window (4 provinces)",
            "a window of one event or one year, not the kind on this scale"))])
def test_the_view_offers_the_window_kinds_and_lists_the_others_with_their_kind(view_inputs, lang, words):
    from briefing.i18n import translate

    title, single, multi_year, reason = words
    content = view_of(f"/?indicator=exemplars_honoured&lang={lang}", view_inputs)
    window = content.choices["window"]
    assert translate("window", lang) == title
    # the 2–3-year kind holds the most provinces (Tuyên Quang's 86 of report 69 joined it): the default
    assert (window.value, [window.label(kind) for kind in window.options]) == ("years_2_3", [single, multi_year])
    assert multi_year.split(" (")[0] in content.filters[2]  # the legend says which kind the scale holds
    other = content.tables["other"].set_index(content.tables["other"].columns[0])
    why = other.iloc[:, 1]
    assert reason in why[other.index.str.contains("Nam Định")].iat[0]  # 60 on one ceremony day
    one_event = view_of(f"/?indicator=exemplars_honoured&lang={lang}&window=single", view_inputs)
    assert set(one_event.places.loc[one_event.places["status"] == STATUS_SHARED, "value"]) == {37, 49, 60}


def test_a_figure_of_another_kind_is_written_with_its_own_reason(view_inputs):
    """Cao Bằng's 'hơn 430' is a whole-province figure of another phase, not 'not whole-province' as its police
    figure is: each figure says its own scope and reason."""
    content = view_of("/?indicator=exemplars_honoured", view_inputs)
    other = content.tables["other"].set_index("Tỉnh")
    assert other.at["Tỉnh Cao Bằng", "Giá trị"] == (
        "1 trong 10 (Đảng ủy Sở Nội vụ); hơn 430 (toàn tỉnh, thuộc giai đoạn khác)")
    assert other.at["Tỉnh Cao Bằng", "Vì sao không so cùng thang"] == (
        "số của một tổ chức, huyện hoặc xã, không phải toàn tỉnh; thuộc giai đoạn khác")
    assert "Cao Bằng hơn 430 (toàn tỉnh, thuộc giai đoạn khác)" in content.answer
    assert other.at["Tỉnh Sóc Trăng", "Giá trị"] == "691, 1.780 người (toàn tỉnh, khen thưởng tính ở cấp khác)"


def test_coverage_of_a_merged_province_counts_no_old_province_figure_as_whole_province(view_inputs):
    vn63 = view_of("/?indicator=coverage", view_inputs).places.set_index("province_code")
    vn34 = view_of("/?version=vn34&indicator=coverage", view_inputs).places.set_index("province_code")
    assert (vn63.at["10", "whole"], vn63.at["15", "whole"]) == (8, 6)  # old Lào Cai, old Yên Bái
    assert vn34.loc["15", ["whole", "coverage", "scope"]].tolist() == [0, "2/2 tỉnh cũ", "0 số toàn tỉnh · 2/2 tỉnh cũ"]
    assert vn34.at["12", "whole"] == vn63.at["12", "whole"] == 5 and vn34.at["12", "coverage"] == ""  # not merged
    answer = view_of("/?version=vn34&indicator=coverage", view_inputs).answer
    # Nghệ An 30 + report 70's 3; Lâm Đồng (old Lâm Đồng 4, Đắk Nông 9, Bình Thuận 12) 25, Đắk Nông's report 76
    # counted once as report 28's 2 figures (27 before); TP HCM 24, each figure once (26 counted twice)
    assert answer.endswith("Nhiều số liệu nhất: Nghệ An (33); Quảng Ngãi (29, 2/2 tỉnh cũ); Lâm Đồng (25, 3/3 tỉnh "
                           "cũ).")


def test_districts_named_in_english_by_a_source_are_shown_by_their_gazetteer_name(view_inputs):
    from briefing.places import scope_words

    obs = view_inputs.observations(every_edition=True).set_index("obs_id")  # the English edition's own rows too
    words = {obs_id: scope_words(row, "vi") for obs_id, row in zip(obs.index, obs.itertuples(), strict=True)}
    assert words["hoa-binh-lac-thuy-4-nam-chi-thi-05-001"] == "huyện Lạc Thủy"
    assert words["hoa-binh-lac-thuy-4-nam-chi-thi-05-003"] == "xã Hưng Thi"
    assert words["long-an-nhieu-mo-hinh-hoc-bac-en-001"] == "huyện Đức Huệ"
    assert obs.at["hoa-binh-lac-thuy-4-nam-chi-thi-05-001", "place_name"] == "huyện Lạc Thủy"  # not 'Lac Thuy district'
    assert words["004_dc1a175334cc5c87-001"] == "huyện Bình Sơn"
    # A district merged away before 2025 is coded to the unit it joined, and named as itself.
    assert words["hoa-binh-ky-son-so-ket-3-nam-chi-thi-05-001"] == "huyện Kỳ Sơn (nay thuộc thành phố Hòa Bình)"
