"""Uploaded reports reach the store only reviewed, resolved, valid and by an editor; bad input stores nothing."""

import contextlib
import unicodedata
from datetime import date
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators.intake.extraction.readers import (
    TCVN3_DECODING_TABLE,
    VNI_SEQUENCES,
    ReportReadError,
    read_report_bytes,
)
from indicators.intake.ingest import (
    KEEP_THRESHOLD,
    IngestError,
    build_publication,
    build_source_row,
    candidates_from_report,
    choose_place,
    classify_organisation,
    find_existing_sources,
    publish_report,
    resolve_places,
    upload_path,
)
from indicators.store.accounts import create_user
from indicators.store.published import (
    documented_sources,
    load_document,
    load_history,
    load_published_dataset,
    open_store,
)

pytest_plugins = ["store_fixtures"]

from store_helpers import row_counts, run_together  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_7d6bc60bc6dc7dcc.txt"  # Điện Biên, huyện Nậm Pồ
DONG_VAN = SHARED / "reports" / "01_ha-giang-dong-van-mo-hinh-2021.txt"  # URL and DATE header
HAI_DUONG = SHARED / "reports" / "09_hai-duong-sach-tam-guong-2023.txt"  # "xã Hồng Phong": three in Hải Dương
ACCESSED = date(2026, 1, 2)
APP = str(Path(__file__).resolve().parent.parent / "app.py")



def read(path: Path):
    return read_report_bytes(path.name, path.read_bytes())


def ingest(engine, user, name: str, data: bytes, gazetteer, review=lambda rows: rows):
    """The whole flow an editor goes through on /ingest: read, extract, review, build, publish."""
    report = read_report_bytes(name, data)
    rows = review(candidates_from_report(report, gazetteer))
    publication = build_publication(report, rows, accessed=ACCESSED, uploaded_by=getattr(user, "username", ""))
    return publication, publish_report(engine, user, publication, note=f"upload {name}")


# 1. From upload to the published dataset.

def test_a_report_goes_from_upload_to_the_dashboard_dataset_with_full_provenance(seeded_store, editor, gazetteer):
    publication, counts = ingest(seeded_store, editor, DONG_VAN.name, DONG_VAN.read_bytes(), gazetteer)
    assert counts == {"sources": {"added": 1, "changed": 0, "unchanged": 0, "withdrawn": 0},
                      "observations": {"added": 4, "changed": 0, "unchanged": 0, "withdrawn": 0}}
    published = load_published_dataset(seeded_store)
    source = published.sources.set_index("source_id").loc["upload_e2e7257639b6566c"].to_dict()
    assert source == {
        "title": "[01_ha-giang-dong-van-mo-hinh-2021.txt]", "publisher": "",
        "url": "http://baohagiang.vn/hoc-tap-theo-bac/202107/nhung-dien-hinh-trong-phong-trao-hoc-tap-va-lam-theo-bac-779010/",
        "date_published": "2021-07", "date_note": "from the DATE line of the uploaded file",
        "date_accessed": "2026-01-02", "language": "vi", "path": "uploads/01_ha-giang-dong-van-mo-hinh-2021.txt",
        "licence_note": "Uploaded by editor editor_an on 2026-01-02 from 01_ha-giang-dong-van-mo-hinh-2021.txt (txt, "
                        "sha256 e2e7257639b6566c); figures reviewed on upload",
    }
    obs = published.observations[published.observations["source_id"] == "upload_e2e7257639b6566c"]
    columns = ["obs_id", "province_code", "district_code", "commune_code", "place_name", "indicator", "subtype",
               "value", "unit", "qualifier", "phase", "period_basis", "evidence"]
    assert obs[columns].values.tolist() == [
        ["upload_e2e7257639b6566c-001", "02", "026", "", "huyện Đồng Văn", "models_built", "models_total", 113.0,
         "count", "exact", "", "", "113 mô hình"],
        ["upload_e2e7257639b6566c-002", "02", "026", "", "huyện Đồng Văn", "models_built", "models_total", 12.0,
         "count", "exact", "", "", "12 mô hình"],
        ["upload_e2e7257639b6566c-003", "02", "026", "", "huyện Đồng Văn", "models_built", "models_total", 3.0,
         "count", "exact", "", "", "3 mô hình"],
        ["upload_e2e7257639b6566c-008", "02", "026", "00727", "xã Phố Là", "money_raised", "money_total",
         60000000.0, "vnd", "at_least", "", "", "trên 60 triệu đồng"],
    ]
    text = DONG_VAN.read_text(encoding="utf-8")
    assert all(evidence in text for evidence in obs["evidence"])
    history = load_history(seeded_store, "upload_e2e7257639b6566c-008")
    assert history[["version", "created_by", "change_note", "kind"]].to_dict("records") == [
        {"version": 1, "created_by": "editor_an", "change_note": f"upload {DONG_VAN.name}", "kind": "publish"}]
    pd.testing.assert_frame_equal(obs.reset_index(drop=True), publication["observations"])
    # The text the figures were read from stays in the store, so each evidence can be read in its context later.
    document = load_document(seeded_store, "upload_e2e7257639b6566c")
    assert document["text"] == text and document["file_name"] == DONG_VAN.name
    assert (document["source_format"], document["encoding"], document["converted_from"]) == ("txt", "utf-8", None)
    assert document["created_by"] == "editor_an"


def test_candidates_carry_an_id_keep_flag_evidence_offsets_and_resolved_places(gazetteer):
    report = read(SEED)
    rows = candidates_from_report(report, gazetteer)
    assert list(rows["candidate_id"]) == [f"c{n:03d}" for n in range(1, 8)]
    assert list(rows["keep"]) == list(rows["confidence"] >= KEEP_THRESHOLD)
    body = report.text
    assert [body[start:end] for start, end in zip(rows["evidence_start"], rows["evidence_end"], strict=True)] == list(
        rows["evidence"])
    assert rows[["evidence", "place", "place_name"]].values.tolist() == [
        ["14/14 đảng bộ", "vn63:11:103:", "huyện Nậm Pồ"], ["trên 94%", "vn63:11:103:", "huyện Nậm Pồ"],
        ["100%", "vn63:11:103:", "huyện Nậm Pồ"], ["hơn 532 mô hình", "vn63:11::", "Điện Biên"],
        ["22 mô hình", "vn63:11:103:", "huyện Nậm Pồ"], ["9/11 xã", "vn63:11:103:", "huyện Nậm Pồ"],
        ["500m2", "vn63:11:103:", "huyện Nậm Pồ"],
    ]


def test_the_same_file_uploaded_again_is_the_same_source_and_changes_nothing(seeded_store, editor, gazetteer):
    first, _ = ingest(seeded_store, editor, SEED.name, SEED.read_bytes(), gazetteer)
    before = row_counts(seeded_store)
    second, counts = ingest(seeded_store, editor, "renamed copy.txt", SEED.read_bytes(), gazetteer)
    assert second["sources"].at[0, "source_id"] == first["sources"].at[0, "source_id"] == "upload_4350b5cd23ab7608"
    assert counts["observations"] == {"added": 0, "changed": 0, "unchanged": 7, "withdrawn": 0}
    assert counts["sources"] == {"added": 0, "changed": 1, "unchanged": 0, "withdrawn": 0}  # new file name noted
    assert row_counts(seeded_store) == before | {"sources": before["sources"] + 1,
                                                 "changesets": before["changesets"] + 1}
    existing = find_existing_sources(load_published_dataset(seeded_store).sources, first["sources"].iloc[0].to_dict())
    assert list(existing["source_id"]) == ["upload_4350b5cd23ab7608"]
    assert documented_sources(seeded_store) == {"upload_4350b5cd23ab7608"}  # its text kept once, as first uploaded
    assert load_document(seeded_store, "upload_4350b5cd23ab7608")["file_name"] == SEED.name


def test_a_curated_article_uploaded_again_is_recognised_by_its_url(seeded_store, gazetteer):
    report = read(DONG_VAN)
    publication = build_publication(report, candidates_from_report(report, gazetteer), accessed=ACCESSED)
    existing = find_existing_sources(load_published_dataset(seeded_store).sources,
                                     publication["sources"].iloc[0].to_dict())
    assert list(existing["source_id"]) == ["01_ha-giang-dong-van-mo-hinh-2021"]


# 2. Permissions: editors and admins publish; viewers and anonymous visitors store nothing.

def test_a_viewer_gets_permission_error_and_nothing_is_stored(seeded_store, viewer, gazetteer):
    before = row_counts(seeded_store)
    with pytest.raises(PermissionError, match="user 'viewer_binh' may not publish: editors and admins only"):
        ingest(seeded_store, viewer, SEED.name, SEED.read_bytes(), gazetteer)
    assert row_counts(seeded_store) == before


def test_an_anonymous_visitor_cannot_publish(seeded_store, gazetteer):
    before = row_counts(seeded_store)
    with pytest.raises(PermissionError, match="sign in as an editor to publish"):
        ingest(seeded_store, None, SEED.name, SEED.read_bytes(), gazetteer)
    assert row_counts(seeded_store) == before


# 3. Bad input: a clear error naming the problem, and the store unchanged.

def tcvn3_bytes(text: str) -> bytes:
    """Text as a .VnTime document stores it: TCVN3 has no upper-case toned letters, so those come lower case."""
    byte_of = {char: byte for byte, char in enumerate(TCVN3_DECODING_TABLE) if char != "\ufffe"}
    return bytes(byte_of.get(char) or byte_of[char.lower()] for char in unicodedata.normalize("NFC", text))


def vni_bytes(text: str) -> bytes:
    """Text as a VNI-Times document stores it: base letters followed by mark bytes."""
    sequence_of = {letter: sequence for sequence, letter in sorted(VNI_SEQUENCES.items(), key=lambda i: -len(i[0]))}
    return "".join(sequence_of.get(char, char) for char in unicodedata.normalize("NFC", text)).encode("cp1252")


BAD_UPLOADS = [
    ("empty", "report.txt", b"", ReportReadError, "empty", "report.txt is empty"),
    ("blank", "report.txt", b" \n\t\n", ReportReadError, "empty", "report.txt is empty"),
    ("binary", "report.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), ReportReadError, "binary",
     "report.txt is not plain text: it looks like a PNG image"),
    ("oversize", "report.txt", b"Huy\xe1\xbb\x87n c\xc3\xb3 12 m\xc3\xb4 h\xc3\xacnh. " * 300_000, ReportReadError,
     "too_large", r"report.txt is 7.5 MB, larger than the 5(\.0)? MB upload limit"),
    ("unsupported", "report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ReportReadError,
     "unsupported_type", "'.doc' files are not supported"),
    ("undecodable", "report.txt", "Café crème brûlée, déjà vu 12 fois à Noël.".encode("latin-1"), ReportReadError,
     "undecodable", "not valid UTF-8, UTF-16, Windows-1258, TCVN3 or VNI"),
    ("no numbers", "report.txt", "Toàn tỉnh đẩy mạnh học tập và làm theo Bác.\n".encode(), IngestError, "no_numbers",
     "report.txt: no reported numbers were found in the text"),
]


@pytest.mark.parametrize(("name", "data", "error", "code", "message"), [case[1:] for case in BAD_UPLOADS],
                         ids=[case[0] for case in BAD_UPLOADS])
def test_a_bad_upload_gets_a_clear_error_and_stores_nothing(seeded_store, editor, gazetteer, name, data, error, code,
                                                            message):
    before = row_counts(seeded_store)
    with pytest.raises(error, match=message) as raised:
        ingest(seeded_store, editor, name, data, gazetteer)
    assert raised.value.code == code
    assert row_counts(seeded_store) == before


@pytest.mark.parametrize(("encoding", "encode"), [("tcvn3", tcvn3_bytes), ("vni", vni_bytes)])
def test_a_report_in_a_legacy_vietnamese_encoding_is_converted_and_says_so(seeded_store, editor, gazetteer, encoding,
                                                                           encode):
    text = SEED.read_text(encoding="utf-8")
    publication, counts = ingest(seeded_store, editor, "legacy.txt", encode(text), gazetteer)
    source = publication["sources"].iloc[0]
    assert source["licence_note"].startswith(f"Uploaded by editor editor_an on 2026-01-02 from legacy.txt (txt, "
                                             f"converted from {encoding}, sha256 ")
    assert counts["observations"]["added"] == 7
    assert list(publication["observations"]["evidence"]) == [
        "14/14 đảng bộ", "trên 94%", "100%", "hơn 532 mô hình", "22 mô hình", "9/11 xã", "500m2"]


def keep_all(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(keep=True)


@pytest.mark.parametrize(("path", "review", "code", "message"), [
    (HAI_DUONG, lambda rows: rows, "place_unresolved", r"^choose the place of c002 \(Hồng Phong\)$"),
    (SEED, lambda rows: rows.assign(qualifier=["exact", "roughly", *["exact"] * 5]), "invalid_rows",
     r"^upload/observations.csv candidate c002, column 'qualifier': value 'roughly' — not one of"),
    (DONG_VAN, keep_all, "indicator_unknown", r"^indicator not in the catalogue, choose one for c004 "
     r"\(other_person_count\), c005 \(other_count\), c006 \(other_area_ha\), c007 \(other_area_ha\)$"),
    (SEED, lambda rows: rows.assign(unit="person"), "unit_mismatch", r"c001 \(person ≠ count\)"),
    (SEED, lambda rows: rows.assign(evidence="hơn 9999 mô hình"), "evidence_not_in_text",
     "^evidence is not a verbatim part of the report for c001, c002"),
    (SEED, lambda rows: rows.assign(keep=False), "nothing_kept", "^no candidate is kept"),
], ids=["ambiguous place", "bad qualifier", "indicator not in catalogue", "unit mismatch", "evidence", "none kept"])
def test_a_review_that_cannot_be_published_names_the_rows_and_stores_nothing(seeded_store, editor, gazetteer, path,
                                                                             review, code, message):
    before = row_counts(seeded_store)
    with pytest.raises(IngestError, match=message) as raised:
        ingest(seeded_store, editor, path.name, path.read_bytes(), gazetteer, review)
    assert raised.value.code == code
    assert row_counts(seeded_store) == before


def test_an_ambiguous_place_is_offered_with_its_namesakes_and_publishes_once_chosen(seeded_store, editor, gazetteer):
    report = read(HAI_DUONG)
    rows = candidates_from_report(report, gazetteer)
    questions = resolve_places(rows, gazetteer)
    open_questions = [q for q in questions.values() if q.needs_choice]
    assert [(q.name, q.ambiguous) for q in open_questions] == [("Hồng Phong", True)]
    assert [(o.key, o.label) for o in open_questions[0].options] == [
        ("vn63:30:291:10654", "Xã Hồng Phong, Huyện Nam Sách, Tỉnh Hải Dương [30/291/10654]"),
        ("vn63:30:299:11224", "Xã Hồng Phong, Huyện Ninh Giang, Tỉnh Hải Dương [30/299/11224]"),
        ("vn63:30:300:11293", "Xã Hồng Phong, Huyện Thanh Miện, Tỉnh Hải Dương [30/300/11293]"),
        ("vn63:30::", "Tỉnh Hải Dương [30]"),
        ("vn63:::", "region"),
    ]
    rows = choose_place(rows, open_questions[0].place_key, "vn63:30:300:11293", questions)
    publication = build_publication(report, rows, accessed=ACCESSED, uploaded_by=editor.username)
    publish_report(seeded_store, editor, publication)
    obs = load_published_dataset(seeded_store).observations.set_index("obs_id")
    assert obs.loc["upload_5eae42a9f44834a0-002", ["province_code", "district_code", "commune_code",
                                                   "place_name"]].tolist() == ["30", "300", "11293", "Hồng Phong"]


def test_a_report_without_any_place_offers_every_province(gazetteer):
    report = read_report_bytes("unnamed.txt", "Đã xây dựng 25 mô hình học tập và làm theo Bác.\n".encode())
    rows = candidates_from_report(report, gazetteer)
    (question,) = resolve_places(rows, gazetteer).values()
    assert (question.needs_choice, question.ambiguous, len(question.options)) == (True, False, 64)
    assert question.options[0].label == "Tỉnh An Giang [89]"


def test_organisations_get_their_org_type():
    names = ["Công an tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN xã Giang Hải", "Đảng bộ Khối", "Hội Nông dân",
             "Đoàn Khối Các cơ quan và Doanh nghiệp tỉnh", "Đảng ủy Than Quảng Ninh", "Bộ Chỉ huy Quân sự tỉnh",
             "Hợp tác xã Bình Minh", ""]
    assert [classify_organisation(name) for name in names] == [
        "police", "womens_union", "womens_union", "party_bloc", "farmers_union", "youth_union", "party_committee",
        "military", "other", ""]


def test_upload_paths_are_relative_text_paths():
    assert [upload_path(name) for name in ["báo cáo.txt", "a/b/Report.DOCX", "x.pdf", "../..."]] == [
        "uploads/báo_cáo.txt", "uploads/Report.DOCX.txt", "uploads/x.pdf.txt", "uploads/report.txt"]


def test_the_source_text_is_escaped_and_each_evidence_marked_with_its_candidate_id():
    from components.review import build_highlighted_html

    text = "<b>Huyện</b> có 22 mô hình & 9/11 xã"
    reviewed = pd.DataFrame({"candidate_id": ["c001", "c002", "c003"], "keep": [True, False, True],
                             "evidence_start": [16, 29, 29], "evidence_end": [26, 36, 36]})
    html = build_highlighted_html(text, reviewed)
    body = html[html.index(">") + 1:-len("</div>")]
    assert body == (
        '&lt;b&gt;Huyện&lt;/b&gt; có <mark style="background: #ffe066; padding: 0 2px" title="c001">22 mô hình</mark>'
        '<sup>c001</sup> &amp; <mark style="background: #e9ecef; color: #6c757d" title="c002">9/11 xã</mark>'
        "<sup>c002</sup><sup>c003</sup>")


# 4. Concurrency: two editors publishing different reports at the same moment both land.

CONCURRENT_UPLOADS = {  # editor → reports published one after another, while the other editor does the same
    "editor_an": [SEED, SHARED / "reports" / "02_bac-kan-thanh-pho-xet-dien-hinh-2016-2018.txt",
                  SHARED / "reports" / "03_lang-son-ton-vinh-dien-hinh-2024.txt"],
    "editor_chi": [DONG_VAN, SHARED / "reports" / "05_yen-bai-khoi-co-quan-ket-luan-01-2023.txt",
                   SHARED / "reports" / "12_nam-dinh-vu-ban-mo-hinh-2021.txt"],
}


def test_two_editors_publishing_different_reports_concurrently_both_land(seeded_store, editor, gazetteer):
    users = {"editor_an": editor, "editor_chi": create_user(seeded_store, "editor_chi", "another long password",
                                                              "editor")}
    batches = {name: [build_publication(report, candidates_from_report(report, gazetteer), accessed=ACCESSED,
                                        uploaded_by=name) for report in map(read, paths)]
               for name, paths in CONCURRENT_UPLOADS.items()}

    def publish_all(name: str):
        for publication in batches[name]:
            publish_report(seeded_store, users[name], publication, note=f"by {name}")

    before = row_counts(seeded_store)
    run_together([partial(publish_all, name) for name in batches])
    published = load_published_dataset(seeded_store)
    per_source = published.observations.groupby("source_id").size()
    expected = {publication["sources"].at[0, "source_id"]: (name, len(publication["observations"]))
                for name, publications in batches.items() for publication in publications}
    assert sorted(count for _, count in expected.values()) == [2, 4, 6, 7, 7, 7]
    assert {source: int(per_source[source]) for source in expected} == {s: n for s, (_, n) in expected.items()}
    first_rows = published.observations.drop_duplicates("source_id").set_index("source_id")["obs_id"]
    authors = {source: load_history(seeded_store, first_rows[source]).at[0, "created_by"] for source in expected}
    assert authors == {source: name for source, (name, _) in expected.items()}
    assert row_counts(seeded_store) == before | {"sources": before["sources"] + 6,
                                                 "observations": before["observations"] + 33,
                                                 "changesets": before["changesets"] + 6,
                                                 "documents": before["documents"] + 6}


# 5. The page: anonymous visitors see only the sign-in form; editors get the uploader.

INGEST_EDITOR, INGEST_PASSWORD = "editor_trang", "a long enough password"


@pytest.fixture(scope="module")
def session_editor():
    """An editor in the session's temporary store (the one DATABASE_URL names for AppTest)."""
    with contextlib.suppress(ValueError):  # already there from an earlier run in this session
        create_user(open_store(), INGEST_EDITOR, INGEST_PASSWORD, "editor")
    return INGEST_EDITOR


def open_ingest(lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if lang != "vi":
        at.query_params["lang"] = lang
    at.switch_page("app_pages/ingest.py")
    at.run()
    assert [e.value for e in at.exception] == []
    return at


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    at.button(key="sign_in_submit").click().run()
    assert [e.value for e in at.exception] == []
    return at


def test_anonymous_visitors_see_the_sign_in_form_and_no_uploader():
    at = open_ingest()
    assert at.title[0].value == "Nhập báo cáo"
    assert [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert at.get("file_uploader") == []


def test_a_wrong_password_gets_one_message_that_does_not_say_whether_the_name_exists(session_editor):
    messages = []
    for username in (session_editor, "nobody_here"):
        at = sign_in(open_ingest("en"), username, "wrong password")
        messages.append([e.value for e in at.error])
        assert at.get("file_uploader") == []
    assert messages[0] == messages[1] == [
        "Sign-in failed: the user name or password is wrong, or the account is locked for now. 5 wrong passwords "
        "within 15 minutes lock an account from this address for 15 minutes."]


def test_an_editor_signs_in_and_gets_the_uploader_then_signs_out(session_editor):
    at = sign_in(open_ingest(), session_editor, INGEST_PASSWORD)
    assert at.error == []
    assert "Đang đăng nhập: **editor_trang** (biên tập)" in [m.value for m in at.markdown]
    uploader = next(u for u in at.get("file_uploader") if u.proto.id.endswith("ingest_files"))
    assert uploader.proto.type == [".txt", ".html", ".htm", ".docx", ".pdf"]
    assert uploader.proto.multiple_files is True
    at.button(key="sign_out").click().run()
    assert at.get("file_uploader") == [] and at.text_input(key="sign_in_username") is not None


def test_a_signed_in_viewer_is_told_they_may_not_publish():
    with contextlib.suppress(ValueError):
        create_user(open_store(), "viewer_lan", INGEST_PASSWORD, "viewer")
    at = sign_in(open_ingest(), "viewer_lan", INGEST_PASSWORD)
    assert [w.value for w in at.warning] == [
        "Tài khoản chỉ xem không được tải lên hay đăng số liệu. Đề nghị quản trị viên cấp quyền biên tập."]
    assert at.get("file_uploader") == []


def test_an_uploads_language_is_read_from_its_text_as_the_corpus_records_it(dataset):
    """Every shared report read as an upload gets the language its source row records: vi for every numbered
    Vietnamese excerpt, en, fr or cs for the editions in other languages (which share é, ê, ô with Vietnamese, never
    its dot below, hook or horn; Czech writes č, ř, ů, which Vietnamese never does)."""
    from indicators.intake.ingest import language_of
    from indicators.paths import shared_dir

    recorded = dict(zip(dataset.sources["path"], dataset.sources["language"], strict=True))
    files = sorted((shared_dir() / "reports").rglob("*.txt"))
    read = {str(f.relative_to(shared_dir())): language_of(read_report_bytes(f.name, f.read_bytes()).text)
            for f in files}
    assert {path: language for path, language in read.items() if path in recorded} == {
        path: recorded[path] for path in read if path in recorded}
    assert sorted(set(read.values())) == ["cs", "en", "fr", "vi"]
    vietnamese = sorted(path for path, language in read.items() if language == "vi")
    assert vietnamese == sorted(str(f.relative_to(shared_dir())) for f in files if f.parent.name == "reports")
    french = next(f for f in files if read[str(f.relative_to(shared_dir()))] == "fr")
    row = build_source_row(read_report_bytes(french.name, french.read_bytes()), accessed=date(2026, 12, 3))
    assert row["language"] == "fr"  # the sources row of an upload says so (it said 'vi' for every upload)
