"""The review screen of /ingest on real reports: subtypes under their headline, the phase / period basis / honours
columns, figures added by hand (evidence verbatim or refused in words), and a busy or read-only store said in words."""

import json
import logging
import os
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from store_helpers import PASSWORD, held_by_another_writer, row_counts, seeded_sqlite_store
from streamlit.testing.v1 import AppTest

from briefing.i18n import translate
from indicators.domain.tables import load_table
from indicators.paths import DATA_DIR
from indicators.store.database import create_store_engine
from indicators.store.published import load_published_dataset

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_7d6bc60bc6dc7dcc.txt"  # Điện Biên, huyện Nậm Pồ: 7 candidates
HAI_DUONG = SHARED / "reports" / "09_hai-duong-sach-tam-guong-2023.txt"  # dated windows, an honours figure
DIEN_BIEN_EN = SHARED / "reports" / "other-languages" / "dien-bien-2100-mo-hinh-en.txt"  # "over 2,100 models"
NOTHING_READ = SHARED / "reports" / "other-languages" / "ha-noi-liendoan-lao-dong-quan-10-nam-chi-thi-05.txt"
FILE_ID = "f1"


# The review of one uploaded file, as /ingest draws it, with the dashboard's pages registered so the links after
# publishing resolve (app_pages/ is linked beside this script; none is run). `preset` sets cells of the candidates as an
# editor would in the table ({column: {row: value}}): AppTest cannot type into a data grid, nor upload a file.
REVIEW_APP = """
from pathlib import Path
from types import SimpleNamespace

import streamlit as st

from components.review import load_review, render_report_review
from indicators.store.database import create_store_engine
from indicators.store.accounts import User

st.navigation([st.Page(f"app_pages/{name}.py", default=name == "ingest") for name in ("ingest", "province", "sources")],
              position="hidden")
path = Path(st.session_state["path"])
upload = SimpleNamespace(file_id="f1", name=path.name, getvalue=path.read_bytes)
review = load_review(upload)
for column, cells in st.session_state["preset"].items():
    for row, value in cells.items():
        review.rows.loc[row, column] = value
render_report_review(upload, create_store_engine(st.session_state["url"]), User("an", "editor"),
                     st.session_state["lang"])
"""
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path):
    """A seeded SQLite store: its file and URL."""
    path = tmp_path / "store.sqlite"
    seeded_sqlite_store(path).dispose()
    return path, f"sqlite:///{path}"


def open_review(path: Path, url: str, lang: str = "vi", preset: dict | None = None) -> AppTest:
    folder = Path(url.split("///", 1)[1].split("?")[0].removeprefix("file:")).parent
    if not (folder / "app_pages").exists():
        (folder / "app_pages").symlink_to(ROOT / "app_pages")
    (folder / "review_app.py").write_text(REVIEW_APP, encoding="utf-8")
    at = AppTest.from_file(str(folder / "review_app.py"), default_timeout=90)
    for key, value in {"path": str(path), "url": url, "lang": lang, "preset": preset or {}}.items():
        at.session_state[key] = value
    at.run()
    assert [e.value for e in at.exception] == []
    return at


def candidate_grid(at: AppTest):
    """The review's data grid: its column settings and its cells."""
    (grid,) = [node for node in walk(at._tree) if getattr(node, "type", "") == "dataframe"]
    return json.loads(grid.proto.columns), pa.ipc.open_stream(grid.proto.arrow_data.data).read_all().to_pandas()


def walk(node) -> list:
    return [node, *(child for sub in getattr(node, "children", {}).values() for child in walk(sub))]


def shown(elements) -> list[str]:
    """The text of alerts as a reader sees it: Streamlit markdown without the escapes that keep names and evidence
    from becoming links or emphasis."""
    return [re.sub(r"\\(.)", r"\1", element.value) for element in elements]


def option_labels(settings: dict, column: str) -> dict[str, str]:
    return {option["value"]: option["label"] for option in settings[column]["type_config"]["options"]}


def published_rows(url: str, source_prefix: str = "upload_"):
    engine = create_store_engine(url)
    obs = load_published_dataset(engine).observations
    engine.dispose()
    return obs[obs["source_id"].str.startswith(source_prefix)]


# 1. The table: subtypes under their headline, phase, period basis, honours columns.

def test_the_table_offers_each_subtype_under_its_headline_and_the_phase_basis_and_honours_columns(store):
    at = open_review(HAI_DUONG, store[1])
    settings, cells = candidate_grid(at)
    assert [settings[column]["label"] for column in cells.columns if column in settings] == [
        "Đăng", "Mã", "Trích dẫn", "Giá trị", "Định tính", "Chỉ tiêu › chi tiết", "Đơn vị", "Địa danh (mã)",
        "Mẫu số", "Tên như trong bài", "Tổ chức", "Loại tổ chức", "Từ ngày", "Đến ngày", "Căn cứ thời kỳ",
        "Giai đoạn", "Hình thức khen", "Cơ quan khen", "Cấp khen thưởng", "Thuộc tổng (mã)", "Nhập tay",
        "Độ tin cậy"]
    subtypes = option_labels(settings, "subtype")
    catalogue = load_table("subtypes", DATA_DIR / "subtypes.csv")  # the real catalogue the page offers, on purpose
    assert list(subtypes)[:2] == ["models_total", "models_production"]
    assert sorted(subtypes) == sorted(catalogue["subtype"])
    assert subtypes["honours_total"].startswith("Điển hình được tuyên dương, khen thưởng › ")
    assert subtypes["models_production"] == ("Mô hình học tập và làm theo Bác › Số mô hình sản xuất, kinh tế hợp "
                                             "tác")
    assert option_labels(settings, "period_basis") == {
        "": "", "stated": "bài nêu rõ", "inferred": "suy ra (ngày kỷ niệm, tên hội nghị)",
        "assumed": "giả định (khung mặc định)"}
    assert option_labels(settings, "phase")["kl01"] == "Kết luận 01 (từ 5/2021)"
    assert list(option_labels(settings, "award_type").values()) == [
        "", "Bằng khen", "Giấy khen", "Biểu dương, tuyên dương", "Danh hiệu", "Huân chương", "Nhiều hình thức"]
    assert option_labels(settings, "award_level")["all_levels"] == "mọi cấp (cả cơ sở)"
    assert settings["award_type"]["help"].startswith("Chỉ điền cho chỉ tiêu «Điển hình được tuyên dương")
    # 2020–2023 spans two phases, so none is set; 01–11/2023 is in KL 01. Both windows are stated in the text.
    assert cells[["evidence", "subtype", "phase", "period_basis", "manual"]].values.tolist() == [
        ["Hơn 70 tập thể, cá nhân", "honours_total", "", "stated", False],
        ["gần 130 m2", "land_area_m2", "", "", False],
        ["Hơn 70 tập thể, cá nhân", "honours_total", "", "", False],
        ["400 cuốn", "study_handbooks", "kl01", "stated", False],
    ]


def test_english_labels_follow_the_language(store):
    settings, _ = candidate_grid(open_review(SEED, store[1], "en"))
    assert (settings["subtype"]["label"], settings["period_basis"]["label"]) == ("Indicator › detail", "Period basis")
    assert option_labels(settings, "subtype")["models_total"].startswith("Models of studying and following Uncle Ho › ")


# 2. Manual entry: a figure the extractor missed, quoted verbatim or refused in words.

def fill_manual_entry(at: AppTest, evidence: str, value: float | None = 2100) -> AppTest:
    if value is not None:
        at.number_input(key=f"manual_value_{FILE_ID}").set_value(value)
    at.selectbox(key=f"manual_qualifier_{FILE_ID}").set_value("at_least")
    at.selectbox(key=f"manual_subtype_{FILE_ID}").set_value("models_total")
    at.selectbox(key=f"manual_place_{FILE_ID}").set_value("vn63:11::")
    at.text_input(key=f"manual_evidence_{FILE_ID}").input(evidence)
    at.button(key=f"manual_add_{FILE_ID}").click().run()
    assert [e.value for e in at.exception] == []
    return at


def test_a_figure_typed_by_hand_joins_the_table_and_publishes_with_its_verbatim_evidence(store):
    at = open_review(DIEN_BIEN_EN, store[1])
    # What the extractor reads in English (confidence 0.35, no subtype) is left unticked.
    assert candidate_grid(at)[1][["evidence", "keep"]].values.tolist() == [
        ["2,100 models", False], ["4,000 thematic", False], ["1,800 exemplary", False]]
    assert [b.label for b in at.button] == ["Thêm vào bảng", "Đăng 0 số liệu"]

    fill_manual_entry(at, "over 2.100 models")  # not how the text writes it
    assert shown(at.error) == [
        "Trích dẫn không có nguyên văn trong báo cáo: over 2.100 models. Chưa lưu gì."]
    assert len(candidate_grid(at)[1]) == 3

    fill_manual_entry(at, "over 2,100 models")
    assert [s.value for s in at.success] == ["Đã thêm c004 vào bảng (nhập tay, đã chọn đăng)."]
    assert at.error == []
    cells = candidate_grid(at)[1]
    assert cells.iloc[-1][["candidate_id", "keep", "value", "qualifier", "subtype", "unit", "place", "place_name",
                           "evidence", "manual"]].tolist() == [
        "c004", True, 2100.0, "at_least", "models_total", "count", "vn63:11::", "Tỉnh Điện Biên", "over 2,100 models",
        True]
    assert cells["keep"].tolist() == [False, False, False, True]

    at.button(key=f"publish_{FILE_ID}").click().run()
    assert at.error == [] and [e.value for e in at.exception] == []
    obs = published_rows(store[1])
    assert obs[["obs_id", "province_code", "indicator", "subtype", "value", "unit", "qualifier", "place_name",
                "evidence"]].values.tolist() == [
        [f"{obs['source_id'].iloc[0]}-004", "11", "models_built", "models_total", 2100.0, "count", "at_least",
         "Tỉnh Điện Biên", "over 2,100 models"]]


def test_evidence_typed_as_markdown_is_refused_as_plain_text(store):
    at = fill_manual_entry(open_review(DIEN_BIEN_EN, store[1]), "![a](http://198.51.100.7/px.gif) [x](http://e.vn)")
    assert [e.value for e in at.error] == [
        "Trích dẫn không có nguyên văn trong báo cáo: \\!\\[a\\]\\(http\\:\u2060//198\\.51\\.100\\.7/px\\.gif\\) "
        "\\[x\\]\\(http\\:\u2060//e\\.vn\\). Chưa lưu gì."]  # a word joiner after ':' (no bare link)


def test_a_manual_entry_without_its_value_says_so_and_adds_nothing(store):
    at = fill_manual_entry(open_review(DIEN_BIEN_EN, store[1]), "over 2,100 models", value=None)
    assert [e.value for e in at.error] == ["Nhập giá trị của số liệu (một con số, từ 0). Chưa thêm."]
    assert len(candidate_grid(at)[1]) == 3


def test_a_report_in_which_nothing_is_read_opens_manual_entry_with_a_notice(store):
    at = open_review(NOTHING_READ, store[1])
    assert shown(at.info) == [
        f"Máy không đọc được con số nào trong {NOTHING_READ.name} (bài tiếng nước ngoài hay cách viết lạ): nhập tay "
        "các số liệu ở phần «Thêm số liệu nhập tay» bên dưới."]
    (expander,) = at.expander
    assert (expander.label, expander.proto.expanded) == ("Thêm số liệu nhập tay", True)
    assert len(candidate_grid(at)[1]) == 0
    assert at.button(key=f"publish_{FILE_ID}").disabled


# 3. Publish errors: one line per row problem; a busy or read-only store in words, nothing stored, detail logged.

def test_a_row_problem_is_listed_once(store):
    at = open_review(SEED, store[1], preset={"award_type": {0: "bang_khen"}})
    at.button(key=f"publish_{FILE_ID}").click().run()
    assert shown(at.error) == [
        "Số liệu chưa hợp lệ, chưa lưu gì: upload/observations.csv candidate c001, row check — award_type, "
        "awarding_body and award_level are for exemplars_honoured rows only"]


def assert_no_sql_on_screen(at: AppTest, tmp_path) -> None:
    shown = " ".join(str(node.value) for node in walk(at._tree) if isinstance(getattr(node, "value", None), str))
    assert "SQL" not in shown and "sqlite" not in shown.lower() and str(tmp_path) not in shown


def test_publishing_while_another_writer_holds_the_store_says_busy_and_stores_nothing(store, tmp_path, caplog):
    path, url = store
    at = open_review(SEED, url)
    engine = create_store_engine(url)
    before = row_counts(engine)
    with held_by_another_writer(path), caplog.at_level(logging.WARNING, logger="indicators.store.database"):
        at.button(key=f"publish_{FILE_ID}").click().run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == [
        "Cơ sở dữ liệu đang bận (một người khác đang ghi): chưa lưu gì. Vui lòng thử lại sau ít phút."]
    assert at.success == []
    assert "database is locked" in caplog.text
    assert_no_sql_on_screen(at, tmp_path)
    assert row_counts(engine) == before
    engine.dispose()


def read_only_url(path: Path, tmp_path: Path) -> str:
    copy = tmp_path / "read-only.sqlite"
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o444)
    return f"sqlite:///file:{copy}?mode=ro&uri=true"


def test_publishing_on_a_read_only_store_says_so_and_logs_the_detail(store, tmp_path, caplog):
    at = open_review(SEED, read_only_url(store[0], tmp_path), "en")
    with caplog.at_level(logging.WARNING, logger="indicators.store.database"):
        at.button(key=f"publish_{FILE_ID}").click().run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == [translate("store_read_only", "en")]
    assert "readonly database" in caplog.text
    assert_no_sql_on_screen(at, tmp_path)


def sign_in_page(url: str) -> None:
    """The sign-in form alone, on the store at `url`."""
    from components.auth import render_sign_in
    from indicators.store.database import create_store_engine

    render_sign_in(create_store_engine(url), "vi")


def test_signing_in_while_another_writer_holds_the_store_says_busy(store, tmp_path):
    path, url = store
    at = AppTest.from_function(sign_in_page, args=(url,), default_timeout=60).run()
    at.text_input(key="sign_in_username").input("an")
    at.text_input(key="sign_in_password").input(PASSWORD)
    with held_by_another_writer(path):
        at.button(key="sign_in_submit").click().run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == [translate("store_busy", "vi")]
    assert_no_sql_on_screen(at, tmp_path)


def test_publishing_a_reporting_form_while_another_writer_holds_the_store_says_busy(store, tmp_path, dataset):
    from test_reporting_form import FORM_APP, LAI_CHAU, Upload, fill

    from indicators.intake.reporting_form import build_template
    from indicators.store.accounts import User

    path, url = store
    (tmp_path / "app_pages").symlink_to(ROOT / "app_pages")
    (tmp_path / "form_app.py").write_text(FORM_APP, encoding="utf-8")
    at = AppTest.from_file(str(tmp_path / "form_app.py"), default_timeout=60)
    at.session_state["upload"] = Upload("form1", "lai-chau.xlsx", fill(build_template(dataset), LAI_CHAU))
    at.session_state["engine"], at.session_state["user"] = create_store_engine(url), User("an", "editor")
    at.run()
    with held_by_another_writer(path):
        at.button(key="form_publish_form1").click().run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == [translate("store_busy", "vi")]
    assert at.success == []
    assert_no_sql_on_screen(at, tmp_path)
