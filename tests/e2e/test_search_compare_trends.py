"""Issue 20 in a browser: the place search finds places however they are typed, custom compare starts empty and
keeps what the user removes, no empty chart, trends open on series a leader can read, tooltips stay whole and inside
their chart, the page's words in its language."""

import re

from briefing.i18n import translate
from tests.e2e.helpers import (
    TIMEOUT_MS,
    assert_no_exception,
    multiselect_values,
    open_page,
    save_screenshot,
    url_params,
    wait_for_chart,
    wait_until_settled,
)

QUANG_NGAI, CAO_BANG, DIEN_BIEN = "51", "04", "11"


def models_count(page) -> int:
    """The number of models the page says it lists ('5 mô hình'), once it says it."""
    caption = page.get_by_text(re.compile(r"^\d+ mô hình$"))
    caption.first.wait_for(timeout=TIMEOUT_MS)
    return int(caption.first.inner_text().split()[0])


def type_into(page, label: str, text: str) -> None:
    box = page.get_by_role("textbox", name=label, exact=True)
    box.fill(text)
    box.press("Enter")


# ---------------------------------------------------------------- 1. search

def test_models_search_lists_the_models_of_the_place_typed_any_way(server, page):
    open_page(page, server, "/models?q=quang%20ngai")
    assert models_count(page) == 5
    search = translate("search", "vi")
    for typed, count in [("binh son", 4), ("Quảng Ngãi", 5), ("Quang Ngai", 5), ("huyện Bình Sơn", 4)]:
        type_into(page, search, typed)
        page.wait_for_function("(q) => new URLSearchParams(location.search).get('q') === q", arg=typed,
                               timeout=TIMEOUT_MS)
        page.get_by_text(f"{count} mô hình", exact=True).wait_for(timeout=TIMEOUT_MS)
        assert models_count(page) == count, typed
    wait_until_settled(page)
    save_screenshot(page, "search_models_binh_son")
    # The box says in Vietnamese that Enter applies it; Streamlit's "Press Enter to apply" is never shown.
    page.get_by_role("textbox", name=search, exact=True).fill("quang")
    assert page.get_by_role("textbox", name=search, exact=True).get_attribute("placeholder") == translate(
        "search_hint", "vi")
    assert page.get_by_text("Press Enter to apply").filter(visible=True).count() == 0
    assert_no_exception(page)


def test_province_picker_finds_a_name_typed_without_diacritics(server, page):
    open_page(page, server, f"/province?province={DIEN_BIEN}")
    wait_until_settled(page)
    picker = page.get_by_role("combobox", name=translate("choose_province", "vi"), exact=True)
    picker.click()
    picker.fill("quang ngai")
    option = page.get_by_role("option", name="Tỉnh Quảng Ngãi (Quang Ngai)", exact=True)
    option.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text("No results").count() == 0
    save_screenshot(page, "search_province_picker_quang_ngai", full_page=False)
    option.click()
    page.locator("h1", has_text="Tỉnh Quảng Ngãi").wait_for(timeout=TIMEOUT_MS)
    assert url_params(page)["province"] == QUANG_NGAI
    # A district's name in the search box opens its province.
    type_into(page, translate("place_search", "vi"), "huyen muong nhe")
    page.locator("h1", has_text="Tỉnh Điện Biên").wait_for(timeout=TIMEOUT_MS)
    assert url_params(page)["province"] == DIEN_BIEN
    assert_no_exception(page)


# ---------------------------------------------------------------- 2. compare

def test_custom_compare_starts_empty_and_a_removed_chip_stays_removed(server, page):
    open_page(page, server, "/compare?preset=custom")
    label = translate("compare_provinces", "vi")
    page.get_by_text(translate("compare_choose_prompt", "vi"), exact=True).wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert multiselect_values(page, label) == []
    assert page.locator(".st-key-compare_chart").count() == 0
    save_screenshot(page, "compare_custom_empty", full_page=False)
    for typed, code in [("cao bang", CAO_BANG), ("quang ngai", QUANG_NGAI)]:
        type_into(page, translate("place_search", "vi"), typed)
        page.wait_for_function("(code) => (new URLSearchParams(location.search).get('provinces') || '')"
                               ".split(',').includes(code)", arg=code, timeout=TIMEOUT_MS)
        wait_until_settled(page)
    assert url_params(page)["provinces"] == f"{CAO_BANG},{QUANG_NGAI}"
    for left in (["Tỉnh Quảng Ngãi (Quang Ngai)"], []):
        box = page.locator('[data-testid="stMultiSelect"]').filter(
            has=page.get_by_role("combobox", name=label, exact=True))
        box.locator("[data-tag]").first.get_by_role("button").click()  # the chip's ×
        page.wait_for_function("(n) => (new URLSearchParams(location.search).get('provinces') || '')"
                               ".split(',').filter(Boolean).length === n", arg=len(left), timeout=TIMEOUT_MS)
        wait_until_settled(page)
        assert multiselect_values(page, label) == left
    assert "provinces" not in url_params(page)
    page.get_by_text(translate("compare_choose_prompt", "vi"), exact=True).wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page)


def test_compare_draws_no_empty_panel_and_its_axis_fits_the_bars(server, page):
    open_page(page, server, "/compare?indicators=exemplars_honoured,money_raised")
    wait_for_chart(page, "compare_chart")
    wait_until_settled(page)
    panels = page.evaluate("""() => {
      const gd = document.querySelector('.st-key-compare_chart .js-plotly-plot');
      return gd._fullData.map((t, i) => {
        const axis = gd._fullLayout[t.xaxis.replace('x', 'xaxis')];
        return {bars: t.x.length, largest: Math.max(...t.x), end: axis.range[1],
                ticks: [...gd.querySelectorAll(`.${t.xaxis}tick text`)].map(e => e.textContent)};
      });
    }""")
    # honours only (its 2–3-year scale: TP HCM, Tuyên Quang, Yên Bái, Hà Tĩnh): money has no value on a shared scale
    assert len(panels) == 1 and panels[0]["bars"] == 4
    assert panels[0]["largest"] < panels[0]["end"] <= 1.6 * panels[0]["largest"]
    assert len(set(panels[0]["ticks"])) == len(panels[0]["ticks"])  # never "0 0 0 1 1 1"
    money = translate("compare_no_shared", "vi", title="Tiền vận động, đóng góp", phase="KL 01")
    page.get_by_text(money, exact=True).wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page)
    save_screenshot(page, "compare_without_empty_panel")


# ---------------------------------------------------------------- 3. trends

def test_trends_open_on_one_line_per_province_with_labelled_panels_and_years_on_the_first_screen(server, page):
    open_page(page, server, "/trends")
    wait_for_chart(page, "trends_chart")
    wait_until_settled(page)
    chart = page.evaluate("""() => {
      const gd = document.querySelector('.st-key-trends_chart .js-plotly-plot');
      const bottom = (sel) => Math.max(...[...gd.querySelectorAll(sel)].map(e => e.getBoundingClientRect().bottom));
      return {legend: [...gd.querySelectorAll('.legendtext')].map(e => e.textContent),
              panels: [...gd.querySelectorAll('.annotation-text')].map(e => e.textContent),
              years: [...gd.querySelectorAll('.xtick text')].map(e => e.textContent),
              yearsBottom: bottom('.xtick text'), screen: innerHeight};
    }""")
    assert chart["legend"] == ["Thành phố Hồ Chí Minh", "Tỉnh Yên Bái"]  # one line per province, nothing else
    assert chart["panels"] == ["Thành phố Hồ Chí Minh", "Tỉnh Yên Bái"]
    assert "2020" in chart["years"] and chart["yearsBottom"] <= chart["screen"]
    answer = page.locator(".st-key-answer").inner_text()
    assert "392 (01/2016–05/2019) → 339 (01/2022–05/2024)" in answer and "397" not in answer
    assert_no_exception(page)
    save_screenshot(page, "trends_opening", full_page=False)


# ---------------------------------------------------------------- 4. small things

HOVER_BOX_JS = """() => {
  const chart = document.querySelector('.st-key-compare_chart .main-svg').getBoundingClientRect();
  const label = document.querySelector('.st-key-compare_chart .hoverlayer .hovertext');
  if (!label) return null;
  const box = label.getBoundingClientRect();
  return {inside: box.left >= chart.left && box.right <= chart.right && box.top >= chart.top
                  && box.bottom <= chart.bottom,
          lines: [...label.querySelectorAll('tspan.line')].map(e => e.textContent)};
}"""


def test_a_tooltip_stays_inside_its_chart_and_repeats_no_evidence(server, page):
    page.set_viewport_size({"width": 1280, "height": 720})  # a meeting room's projector
    open_page(page, server, "/compare")
    wait_for_chart(page, "compare_chart")
    wait_until_settled(page)
    names = page.evaluate("() => document.querySelector('.st-key-compare_chart .js-plotly-plot')._fullData[0].y")
    bars = page.locator(".st-key-compare_chart .barlayer .point path")
    # Hồ Chí Minh's bar is the longest, so its tooltip opens near the chart's right edge; Tuyên Quang's quote is long
    # enough to wrap. (Lạng Sơn, whose two parts' one sentence was quoted twice, is on the one-event scale now.)
    for name in ("Tỉnh Tuyên Quang", "Thành phố Hồ Chí Minh"):
        box = bars.nth(names.index(name)).bounding_box()  # the mouse on the bar's end (plotly's drag layer is on top)
        page.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
        shown = page.wait_for_function(HOVER_BOX_JS, timeout=TIMEOUT_MS).json_value()
        assert shown["inside"], shown
        text = " ".join(shown["lines"])
        quotes = re.findall(r"«[^»]*»", text)  # every quote whole (a long one wraps onto the next line), once
        assert quotes and len(quotes) == len(set(quotes)) == text.count("«"), shown["lines"]
        save_screenshot(page, f"compare_tooltip_{names.index(name)}", full_page=False)
        page.mouse.move(0, 0)
        page.wait_for_function(f"() => !({HOVER_BOX_JS})()", timeout=TIMEOUT_MS)


def test_english_page_words_are_english_and_vietnamese_page_words_vietnamese(server, page):
    open_page(page, server, "/models?lang=en")
    page.get_by_text("Download image").first.wait_for(timeout=TIMEOUT_MS)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "(image)" not in body and "Tải ảnh" not in body and "Tạo slide" not in body
    open_page(page, server, "/compare?preset=custom")
    page.get_by_text(translate("compare_choose_prompt", "vi"), exact=True).wait_for(timeout=TIMEOUT_MS)
    box = page.get_by_role("textbox", name=translate("place_search", "vi"), exact=True)
    box.fill("cao")
    assert box.get_attribute("placeholder") == translate("place_search_hint", "vi")
    assert page.get_by_text("Press Enter to apply").filter(visible=True).count() == 0
    # Emptied again, the box applies nothing when the picker takes the focus: "cao" applied then would run the page
    # again while the picker is being typed into, and close its list (a race a loaded machine lost).
    box.fill("")
    # A picker that finds nothing says so in Vietnamese (Streamlit's own words are English).
    picker = page.get_by_role("combobox", name=translate("compare_provinces", "vi"), exact=True)
    picker.click()
    picker.fill("zzzz")
    shown = page.wait_for_function("""() => {
      const e = document.querySelector("[role='listbox'][data-empty='true'] [role='option'] span");
      return e && {words: getComputedStyle(e, '::after').content, english: parseFloat(getComputedStyle(e).fontSize)};
    }""", timeout=TIMEOUT_MS).json_value()
    assert shown == {"words": f'"{translate("picker_no_results", "vi")}"', "english": 0}
    save_screenshot(page, "picker_no_results_vi", full_page=False)
    assert_no_exception(page)


def test_breadcrumb_names_country_province_and_district(server, page):
    open_page(page, server, f"/province?province={DIEN_BIEN}&district=096")
    crumbs = page.locator(".st-key-breadcrumb")
    crumbs.get_by_text("Huyện Mường Nhé", exact=True).wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert [t.strip() for t in crumbs.inner_text().split("\n") if t.strip()] == [
        "Cả nước", "›", "Tỉnh Điện Biên", "›", "Huyện Mường Nhé"]
    crumbs.get_by_role("button", name="Tỉnh Điện Biên").click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('district')", timeout=TIMEOUT_MS)
    crumbs.locator("strong", has_text="Tỉnh Điện Biên").wait_for(timeout=TIMEOUT_MS)  # the level on screen now
    wait_until_settled(page)
    assert url_params(page)["province"] == DIEN_BIEN
    assert crumbs.get_by_role("link").all_inner_texts() == ["Cả nước"] and crumbs.get_by_role("button").count() == 0
    assert_no_exception(page)
    save_screenshot(page, "province_breadcrumb", full_page=False)
