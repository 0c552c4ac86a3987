"""The curated tables hold the seed reports' results with exact provenance: verbatim evidence, valid codes.

These tests check the real data (data/) on purpose, not the frozen fixture dataset the other tests read."""

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from indicators.domain.schema import TableError, load_table
from indicators.domain.tables import load_dataset
from indicators.paths import DATA_DIR, shared_dir


@pytest.fixture(scope="module")
def dataset():
    """data/ itself (the session's `dataset` is the frozen copy): every table checked as it is today."""
    return load_dataset(DATA_DIR)


def source_text(dataset, source_id: str) -> str:
    path = dataset.sources.set_index("source_id").at[source_id, "path"]
    return (shared_dir() / path).read_text(encoding="utf-8")


SEEDS = ["000_7d6bc60bc6dc7dcc", "001_a2eeeaaec17ca9df", "002_992eb0933a361483", "003_a52b7484e2ca714e",
         "004_dc1a175334cc5c87"]


def report_files() -> list[str]:
    """Every report text of the shared corpus, as a path relative to the shared folder (other languages included)."""
    reports = shared_dir() / "reports"
    return sorted(str(p.relative_to(shared_dir())) for p in reports.rglob("*.txt"))


def test_every_shared_report_is_a_source_or_listed_as_not_yet_brought_in(dataset):
    sources = list(dataset.sources["source_id"])
    assert sources[:5] == SEEDS
    pending = pd.read_csv(DATA_DIR / "pending_reports.csv", dtype=str, keep_default_na=False)
    as_sources = set(dataset.sources["path"])
    files = report_files()
    numbered = sorted(int(Path(f).name[:2]) for f in files if re.match(r"reports/\d\d_", f))
    assert numbered == list(range(1, len(numbered) + 1)) and len(numbered) > 68  # the folder, no number missing
    assert [f for f in files if f not in as_sources and f not in set(pending["path"])] == []
    assert sorted(set(pending["path"]) & as_sources) == []
    assert sorted(set(pending["path"]) - set(files)) == []
    assert (pending["reason"].str.len() > 0).all()
    assert len(dataset.observations[dataset.observations["source_id"].isin(SEEDS)]) >= 40
    assert len(dataset.models[dataset.models["source_id"].isin(SEEDS)]) >= 21
    assert set(dataset.observations["source_id"]) <= set(sources)
    assert set(SEEDS) <= set(dataset.observations["source_id"])


def test_every_evidence_occurs_verbatim_in_its_source(dataset):
    for table in (dataset.observations, dataset.models):
        missing = [r.evidence for r in table.itertuples() if r.evidence not in source_text(dataset, r.source_id)]
        assert missing == []


NUMBER_WORDS = {
    1: ("một", "one", "un", "une"), 2: ("hai", "two", "deux"), 3: ("ba", "three", "trois"), 4: ("bốn", "four"),
    5: ("năm", "five", "cinq"), 6: ("sáu", "six"), 7: ("bảy", "seven"), 8: ("tám", "eight"), 9: ("chín", "nine"),
    10: ("mười", "ten", "dix"),
}


def number_as_written(value: float, denominator: float | None) -> list[str]:
    """The ways the number may be written: 20.063, 99,7, 6,2 (tỷ), 1.017/1.020; in the English and French editions
    12,729, 28.5, 7 (trillion); in the Czech edition 14 459; small numbers as words (một, three)."""
    def forms(number: float) -> set[str]:
        out = set(NUMBER_WORDS.get(int(number), ())) if float(number).is_integer() else set()
        if float(number).is_integer() and number < 10:
            out.add(f"0{int(number)}")  # zero-padded: "03 kế hoạch"
        for scale in (1, 1e3, 1e6, 1e9, 1e12):
            scaled = number / scale
            if scaled < 1:
                continue
            whole = f"{scaled:,.0f}" if float(scaled).is_integer() else None
            decimal = f"{scaled:.3f}".rstrip("0").rstrip(".")
            for text in (whole, decimal, str(int(scaled)) if scaled.is_integer() else None):
                if text:
                    out.update({text.replace(",", "."), text.replace(".", ","), text.replace(",", " "), text})
        return out
    if denominator is None or denominator != denominator:
        return sorted(forms(value))
    return [f"{a}{sep}{b}" for a in forms(value) for b in forms(denominator) for sep in ("/", " trong ")]


def written_pattern(form: str) -> str:
    """A number form as a whole number (not the end of a bigger one), a word form as a whole word."""
    if form[0].isdigit():
        return rf"(?<![\d.,]){re.escape(form)}(?![\d])"
    return rf"(?<!\w){re.escape(form)}(?!\w)"


def test_every_evidence_contains_its_number_as_written(dataset):
    wrong = []
    for row in dataset.observations.itertuples():
        denominator = None if row.denominator != row.denominator else row.denominator
        written = number_as_written(row.value, denominator)
        if not any(re.search(written_pattern(w), row.evidence, re.IGNORECASE) for w in written):
            wrong.append((row.obs_id, row.value, row.evidence))
    assert wrong == []


QUALIFIER_WORDS = {"khoảng hơn": "approximately", "khoảng gần": "approximately", "hơn": "at_least",
                   "trên": "at_least", "gần": "approximately", "khoảng": "approximately", "more than": "at_least",
                   "over": "at_least", "nearly": "approximately", "about": "approximately"}


def test_qualifier_words_agree_with_the_recorded_qualifier(dataset):
    hedges = "|".join(QUALIFIER_WORDS)
    disagreements = []
    for row in dataset.observations.itertuples():
        before = re.findall(rf"({hedges})\s+(?:VND)?[\d.,/]+\S*$", row.evidence.split(" tỷ")[0].split(" triệu")[0])
        expected = QUALIFIER_WORDS[before[-1]] if before else None
        if expected and expected != row.qualifier:
            disagreements.append((row.obs_id, row.evidence, row.qualifier))
    assert disagreements == []


def test_brief_numbers_are_recorded_with_scope_and_qualifier(dataset):
    obs = dataset.observations.set_index("evidence")
    dien_bien = obs.loc["hơn 532 mô hình"]
    assert (dien_bien["province_code"], dien_bien["value"], dien_bien["qualifier"]) == ("11", 532, "at_least")
    assert (dien_bien["organisation"], dien_bien["indicator"], dien_bien["subtype"]) == ("", "models_built",
                                                                                        "models_total")
    cao_bang = dataset.observations[dataset.observations["evidence"].str.contains("71 mô hình")].iloc[0]
    assert (cao_bang["province_code"], cao_bang["value"], cao_bang["qualifier"]) == ("04", 71, "exact")
    assert (cao_bang["organisation"], cao_bang["org_type"]) == ("Công an tỉnh", "police")
    lai_chau = dataset.observations[dataset.observations["evidence"].str.contains("1.017/1.020")].iloc[0]
    assert (lai_chau["value"], lai_chau["denominator"]) == (1017, 1020)


def test_place_codes_exist_for_their_version_and_nest(dataset, gazetteer):
    for table in (dataset.observations, dataset.models):
        for row in table.itertuples():
            if row.province_code:
                gazetteer.place(row.admin_version, "province", row.province_code)
            if row.district_code:
                district = gazetteer.place(row.admin_version, "district", row.district_code)
                assert district.province_code == row.province_code
            if getattr(row, "commune_code", ""):
                commune = gazetteer.place(row.admin_version, "commune", row.commune_code)
                assert commune.district_code == row.district_code


def test_tables_are_nfc_utf8_without_bom():
    for path in sorted(Path("data").glob("*.csv")):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path
        text = raw.decode("utf-8")
        assert text == unicodedata.normalize("NFC", text), path


GOOD_ROW = {
    "obs_id": "x-1", "source_id": "000_7d6bc60bc6dc7dcc", "admin_version": "vn63", "province_code": "11",
    "place_name": "Điện Biên", "indicator": "models_built", "subtype": "models_total", "value": "532", "unit": "count",
    "qualifier": "at_least", "period_start": "2021-05-18", "period_end": "2024-05-18", "period_basis": "inferred",
    "period_note": "n", "phase": "kl01", "evidence": "hơn 532 mô hình",
}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"qualifier": "more"}, r"line 2, column 'qualifier': value 'more'"),
        ({"admin_version": "vn99"}, r"line 2, column 'admin_version': value 'vn99'"),
        ({"value": "nhiều"}, r"line 2, column 'value'"),
        ({"province_code": "1"}, r"line 2, column 'province_code': value '1'"),
        ({"phase": "ct07"}, r"line 2, column 'phase': value 'ct07'"),
        ({"period_basis": ""}, r"line 2, row check.*a dated window needs its period_basis"),
        ({"award_level": "event"}, r"line 2, row check.*award_type, awarding_body and award_level are for"),
    ],
)
def test_a_broken_observation_row_names_file_line_and_column(tmp_path, changes, expected):
    header = Path("data/observations.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    row = {column: "" for column in header} | GOOD_ROW | changes
    path = tmp_path / "observations.csv"
    pd.DataFrame([row], columns=header).to_csv(path, index=False)
    with pytest.raises(TableError, match=rf"observations\.csv {expected}"):
        load_table("observations", path)


def test_unknown_indicator_reference_is_refused(tmp_path):
    for name in ("sources", "indicators", "subtypes", "models"):
        (tmp_path / f"{name}.csv").write_bytes(Path(f"data/{name}.csv").read_bytes())
    lines = Path("data/observations.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",study_participation,", ",no_such_indicator,")
    (tmp_path / "observations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"line 2, column 'indicator': 'no_such_indicator' is not defined"):
        load_dataset(tmp_path)


def test_missing_file_and_non_utf8_file_get_clear_messages(tmp_path):
    with pytest.raises(TableError, match="file not found"):
        load_table("sources", tmp_path / "sources.csv")
    bad = tmp_path / "sources.csv"
    bad.write_bytes("source_id,title\nx,Đ".encode("cp1258", errors="replace") + b"\xff\xfe")
    with pytest.raises(TableError, match="cannot be read as a UTF-8 CSV"):
        load_table("sources", bad)


# Vietnamese figures the extractor cannot read, entered by hand (data/reviews/figures.csv says why): obs_id → value.
ENTERED_BY_HAND = {
    "79_dak-nong-llvt-tinh-3-nam-ct05-tuyen-duong-14-tap-the-23-ca-nhan-007": 23,  # "23 các nhân" (sic)
    "81_ha-noi-bieu-duong-858-dien-hinh-tien-tien-10-cong-dan-thu-do-uu-tu-2023-002": 10,  # 10 "Công dân …" (a title)
}


def test_values_parse_back_from_their_evidence_with_the_extractor(dataset):
    """The extractor, reading each evidence of a Vietnamese source in place, finds the recorded value and qualifier
    (numbers written as words, and the English and French editions, were entered by hand; so were the few listed)."""
    from indicators.intake.extraction.mentions import find_mentions

    unread = []
    obs = dataset.observations.set_index("obs_id")
    assert {obs_id: obs.at[obs_id, "value"] for obs_id in ENTERED_BY_HAND} == ENTERED_BY_HAND
    vietnamese = set(dataset.sources.loc[dataset.sources["language"] == "vi", "source_id"])
    for row in dataset.observations[dataset.observations["source_id"].isin(vietnamese)].itertuples():
        if not re.search(r"\d", row.evidence):
            continue
        text = source_text(dataset, row.source_id)
        start = text.index(row.evidence)
        line_end = text.find("\n", start + len(row.evidence))  # to the end of its line: a short stretch would
        context = text[start:line_end if line_end >= 0 else len(text)]  # read as a page's chrome line
        denominator = None if row.denominator != row.denominator else row.denominator
        found = {(m.value, m.qualifier, m.denominator) for m in find_mentions(context)
                 if m.number_start < len(row.evidence)}
        if (row.value, row.qualifier, denominator) not in found and row.obs_id not in ENTERED_BY_HAND:
            unread.append((row.obs_id, row.evidence, sorted(found, key=str)))
    assert unread == []



# Words of an English institution or place name ("Provincial Youth Union", "Ky Son district"): the editions in other
# languages name them in English, and the dashboard shows these columns to Vietnamese readers.
ENGLISH_NAME = re.compile(r"\b(district|province|provincial|committee|union|federation|forces|government|minister|"
                          r"city|commune|sector|agencies|organi[sz]ations|levels?)\b", re.IGNORECASE)


def test_organisations_awarding_bodies_and_former_districts_are_named_in_vietnamese(dataset):
    """place_name keeps the source's words where the gazetteer names the place (the page shows the gazetteer's
    name); a district merged away before 2025 is shown by its own place_name ('Huyện Kỳ Sơn (nay thuộc …)')."""
    from briefing.places import FORMER_UNIT_MARK

    obs = dataset.observations
    former = obs[obs["place_name"].str.contains(FORMER_UNIT_MARK, regex=False, na=False)]
    shown = {"organisation": obs["organisation"], "awarding_body": obs["awarding_body"],
             "former district": former["place_name"], "model organisation": dataset.models["organisation"]}
    english = {column: sorted({v for v in values.dropna() if ENGLISH_NAME.search(v)})
               for column, values in shown.items()}
    assert english == {column: [] for column in shown}
    assert set(former["place_name"]) == {"Huyện Kỳ Sơn (nay thuộc thành phố Hòa Bình)",
                                         "Huyện Tây Trà (nay thuộc huyện Trà Bồng)",
                                         "phường Hải Châu 1 (nay thuộc phường Hải Châu)"}
