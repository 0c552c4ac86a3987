"""The place pickers' search box (components/state.place_picker) under AppTest: a district's or commune's name,
typed without diacritics, opens its province; a second province typed joins the first."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    return at


def test_a_commune_or_district_name_opens_its_province():
    at = run("province", province="04")
    at.text_input(key="search_province").input("xa si pa phin").run()  # a commune of Điện Biên
    assert at.query_params["province"] == "11" and at.title[0].value == "Tỉnh Điện Biên"
    at.text_input(key="search_province").input("huyen binh son").run()
    assert at.query_params["province"] == "51" and at.title[0].value == "Tỉnh Quảng Ngãi"
    assert [e.value for e in at.exception] == []


def test_provinces_typed_one_after_the_other_are_both_compared():
    at = run("compare", preset="custom")
    for typed in ("cao bang", "Quảng Ngãi", "tinh dien bien"):
        at.text_input(key="search_provinces").input(typed).run()
    assert at.query_params["provinces"] == "04,51,11"
    assert at.multiselect(key="view_provinces").value == ["04", "51", "11"]
