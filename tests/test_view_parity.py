"""What a page shows is what its view content says, value for value, and its data download lists the same places.

Each link is opened twice: as the page, run by Streamlit's AppTest on the real data, and as the view function
`build_view_content(parse_view(link), load_view_inputs())` that the exports, the deck and the CLIs render. The answer
sentence, the KPI cards, every table the page draws, the chosen places and the link notices must be equal; the view's
CSV download (`build_export`) must name the same provinces, in the page's order on /compare. Three links are the
named regressions of issue 11 (/province without a parameter, /compare?preset=custom, a vn34 figure on /trends).
"""

import html
import io
import json
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import plotly.io
import pytest
from streamlit.testing.v1 import AppTest

from briefing.content import ViewContent
from briefing.exports import build_export
from briefing.i18n import translate
from briefing.inputs import ViewInputs, load_view_inputs
from briefing.interactive import build_interactive_map
from briefing.links import parse_view
from briefing.overview import frame_codes
from briefing.views import build_view_content
from components.state import escape_markdown, notice_words

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 90
KPI_PAGES = {"overview", "province"}  # the pages that draw the view's KPI cards

LINKS = [
    "/",
    "/?lang=en",
    "/?version=vn34",
    "/?indicator=coverage",
    "/?indicator=exemplars_honoured",
    "/?indicator=exemplars_honoured&version=vn34",
    "/?indicator=exemplars_honoured&version=vn34&lang=en",
    "/?indicator=models_built",
    "/province",  # named regression: the page and its deck/export showed different provinces
    "/province?province=11",
    "/province?province=11&district=096&lang=en",
    "/compare",
    "/compare?preset=custom",  # named regression: the page and the export listed different provinces
    "/compare?preset=custom&provinces=15,04,11",
    "/compare?preset=same_vn34&lang=en",
    "/compare?preset=top10&indicators=exemplars_honoured,models_built",
    "/compare?admin_version=vn34",  # not a parameter of /compare: the page and the view give the same notice
    "/trends",
    "/trends?indicator=other_results&subtype=other_revenue_target_pct",  # named regression: a vn34 code 44
    "/trends?indicator=revenue_target_achievement_pct",  # the old link: a notice and the default view
    "/models",
    "/models?q=bien%20rac%20thai&lang=en",
    "/sources",
]


@pytest.fixture(scope="module")
def inputs() -> ViewInputs:
    return load_view_inputs()


@cache
def run_link(link: str) -> AppTest:
    """The page of a link under AppTest, with the link's parameters in its URL (run once per link: the tests only
    read it)."""
    parts = urlsplit(link)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in parse_qsl(parts.query):
        at.query_params[name] = value
    page = parse_view(link).page
    if page.key != "overview":
        at.switch_page(page.file)
    at.run()
    assert [e.value for e in at.exception] == []
    return at


def shown_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table the page draws, with a plain index (st.table is given the first column as its index)."""
    tables = [t.value.reset_index() for t in at.table] + [d.value for d in at.dataframe]
    return [table.reset_index(drop=True) for table in tables]


def content_tables(content: ViewContent) -> list[pd.DataFrame]:
    return [table.reset_index(drop=True) for table in [content.table, *content.tables.values()]
            if isinstance(table, pd.DataFrame)]


def same_table(shown: pd.DataFrame, table: pd.DataFrame) -> bool:
    """Equal cell for cell, as text (the page's table and the content's table come from two processes' frames)."""
    if list(shown.columns) != list(table.columns) or len(shown) != len(table):
        return False
    return shown.astype(str).equals(table.reset_index(drop=True).astype(str))


def figure_data(fig) -> list[dict]:
    """A figure's traces as Streamlit sends them to the browser."""
    return json.loads(plotly.io.to_json(fig, validate=False))["data"]


def place_names(content: ViewContent, inputs: ViewInputs) -> list[str]:
    """The provinces the view's CSV download names, first-seen order, in the view's admin version."""
    csv = pd.read_csv(io.BytesIO(build_export(content, "csv_view", inputs)), dtype=str, keep_default_na=False)
    if content.view.page.key == "models":
        return [name for name in dict.fromkeys(csv["province"]) if name]
    csv = csv[csv["province_code"] != ""]
    if content.view.page.key in ("overview",):
        frame = inputs.frame(content.admin_version)
        return list(dict.fromkeys(frame.names[code] for code in frame_codes(csv, frame) if code))
    names = inputs.province_names()
    return list(dict.fromkeys(names[(v, c)] for v, c in zip(csv["admin_version"], csv["province_code"],
                                                               strict=True)))


@pytest.mark.parametrize("link", LINKS)
def test_the_page_shows_what_its_view_content_says(link, inputs):
    content = build_view_content(parse_view(link), inputs)
    at = run_link(link)
    lang = content.lang
    # The answer sentence, first on the screen.
    assert escape_markdown(content.answer) in [m.value for m in at.markdown]
    # The KPI cards, label and value.
    shown_kpis = [(m.label, m.value) for m in at.metric]
    expected_kpis = [(k["label"], k["value"]) for k in content.kpis] if content.view.page.key in KPI_PAGES else []
    assert shown_kpis == expected_kpis
    # Every table the page draws is one of the view's tables, cell for cell (/sources draws one per source, below).
    tables = content_tables(content) + [table.reset_index(drop=True) for each in content.source_tables.values()
                                        for table in each.values()]  # /sources: each source's figures and models
    for shown in shown_tables(at):
        assert any(same_table(shown, table) for table in tables), f"{link}: a table the view does not hold"
    # Every chart and map the page draws is one of the view's figures, trace for trace (places, values, bar labels,
    # hovers); a view with rows shows them in a table or a figure.
    figures = [figure_data(fig) for fig in (content.map_figure, content.chart_figure) if fig is not None]
    for chart in at.get("plotly_chart"):
        assert json.loads(chart.proto.spec)["data"] in figures, f"{link}: a figure the view does not hold"
    if len(content.obs) + len(content.models) and content.view.page.key != "sources":
        assert shown_tables(at) or at.get("plotly_chart")
    if content.view.page.key == "sources":  # one expander per source, its figures in it
        assert len(at.expander) == len(content.places)
    # The controls show the view's choices (province, district, indicator, preset, provinces…).
    for name, choice in content.choices.items():
        widgets = [w for kind in ("selectbox", "radio", "multiselect", "text_input") for w in at.get(kind)
                   if w.key == f"view_{name}"]
        if widgets:
            assert widgets[0].value == choice.value, name
    # The link's notices, in words.
    notices = dict.fromkeys([*content.view.notices, *content.notices])
    assert [w.value for w in at.warning] == [notice_words(n, lang) for n in notices]


def places_on_page(at: AppTest, content: ViewContent) -> list[str]:
    """The provinces a page lists: the first column of its figures table (province column on /models)."""
    page = content.view.page.key
    if page == "province":
        return [content.choices["province"].label(at.selectbox(key="view_province").value)]
    if page == "trends":
        choice = content.choices["provinces"]
        return [choice.label(code) for code in at.multiselect(key="view_provinces").value]
    if page == "models":
        return list(dict.fromkeys(shown_tables(at)[0][translate("province", content.lang)]))
    if page == "overview" and any(is_map(chart) for chart in at.get("plotly_chart")):
        return map_places(at, content)
    table = shown_tables(at)[0]
    return list(table.iloc[:, 0])


def is_map(chart) -> bool:
    return any(trace["type"] == "choropleth" for trace in json.loads(chart.proto.spec)["data"])


def map_places(at: AppTest, content: ViewContent) -> list[str]:
    """The provinces the overview's map colours (every area class but the first, 'no data')."""
    chart = next(chart for chart in at.get("plotly_chart") if is_map(chart))
    traces = [t for t in json.loads(chart.proto.spec)["data"] if t["type"] == "choropleth"]
    names = content.places.set_index("province_code")["province_name"]
    return [names[code] for trace in traces[1:] for code in trace["locations"]]


EXPORT_LINKS = [
    "/?indicator=exemplars_honoured",
    "/?indicator=exemplars_honoured&version=vn34",
    "/?indicator=models_built",
    "/province",
    "/province?province=11",
    "/compare?preset=custom&provinces=15,04,11",
    "/compare?preset=same_vn34",
    "/trends?indicator=other_results&subtype=other_revenue_target_pct",
    "/models",
]


@pytest.mark.parametrize("link", EXPORT_LINKS)
def test_the_data_download_lists_the_places_the_page_shows(link, inputs):
    content = build_view_content(parse_view(link), inputs)
    at = run_link(link)
    on_page = places_on_page(at, content)
    in_export = place_names(content, inputs)
    if content.view.page.key == "compare":
        with_figures = set(content.places.loc[content.places["status"] != "none", "province_name"])
        assert in_export == [name for name in on_page if name in with_figures]  # the same order
    elif content.view.page.key == "overview":
        assert set(in_export) == set(on_page)
    else:
        assert set(in_export) <= set(on_page) and in_export


def test_province_without_a_parameter_shows_the_same_province_on_the_page_and_in_the_deck(inputs):
    from pptx import Presentation

    content = build_view_content(parse_view("/province"), inputs)
    at = run_link("/province")
    assert at.title[0].value == content.title == "Tỉnh An Giang"
    deck = Presentation(io.BytesIO(build_export(content, "pptx", inputs)))
    cover = " ".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert "An Giang" in cover and "Huế" not in cover


def test_custom_comparison_lists_the_same_provinces_in_the_same_order_everywhere(inputs):
    link = "/compare?preset=custom&provinces=24,83,60"
    content = build_view_content(parse_view(link), inputs)
    at = run_link(link)
    on_page = list(shown_tables(at)[0].iloc[:, 0])
    chosen = [content.choices["provinces"].labels[c].split(" · ")[0] for c in content.choices["provinces"].value]
    assert on_page == chosen == ["Tỉnh Bắc Giang", "Tỉnh Bến Tre", "Tỉnh Bình Thuận"]  # the link's 24, 83, 60
    assert place_names(content, inputs) == on_page


def test_custom_comparison_starts_empty_with_a_prompt_everywhere(inputs):
    content = build_view_content(parse_view("/compare?preset=custom"), inputs)
    at = run_link("/compare?preset=custom")
    assert content.choices["provinces"].value == [] and content.table.empty and content.chart_figure is None
    assert shown_tables(at) == [] and place_names(content, inputs) == []
    assert content.answer == translate("compare_choose_prompt", "vi")
    assert escape_markdown(content.answer) in [m.value for m in at.markdown] and not at.info


def test_a_vn34_figure_on_trends_is_named_by_its_vn34_province(inputs):
    """Code 44 is Quảng Bình among the 63 provinces and Quảng Trị among the 34: Đông Hà's figures are Quảng Trị's."""
    link = "/trends?indicator=other_results&subtype=other_revenue_target_pct"
    content = build_view_content(parse_view(link), inputs)
    at = run_link(link)
    assert at.multiselect(key="view_provinces").value == ["vn34-44"]
    assert places_on_page(at, content) == place_names(content, inputs) == ["Quảng Trị"]
    assert list(content.obs["series"]) == ["Quảng Trị – khu phố 8"] * 3
    assert not any("Quảng Bình" in words for words in [content.answer, *content.filters])


MAP_LINKS = ["/", "/?indicator=coverage", "/?indicator=exemplars_honoured&rate=per100k", "/?version=vn34",
             "/province?province=11", "/province?province=48&version=vn34"]


def legend_words(page_html: str) -> list[str]:
    """The words of each entry of the HTML map's legend (before its count)."""
    legend = page_html.split('data-testid="map-legend"', 1)[1].split("</section>", 1)[0]
    return [html.unescape(words).strip() for words in re.findall(r'(?:vn-scale-title">|<span>)([^<]*)<span', legend)]


def reworded(content: ViewContent) -> ViewContent:
    """The content with its scale's words and its ranking's labels changed: a renderer that reads them shows the
    change, one that works them out again from the figures or the places does not."""
    if content.map is not None:
        scale = content.map.scale
        classes = tuple(replace(cls, words=f"«{cls.words}»" if cls.words else "") for cls in scale.classes)
        content.map = replace(content.map, scale=replace(scale, classes=classes))
    content.rankings = [replace(ranking, rows=ranking.rows.assign(label=[f"#{text}" for text in ranking.rows["label"]]))
                        for ranking in content.rankings]
    return content


@pytest.mark.parametrize("link", MAP_LINKS)
def test_the_html_map_and_the_plotly_map_colour_and_name_as_the_view_s_scale(link, inputs):
    content = build_view_content(parse_view(link), inputs)
    scale, key = content.map.scale, content.map.key
    fig = content.map_figure
    # The plotly map: each class's areas in the scale's colour, its name the scale's words, the blues up to its top.
    traces = [trace for trace in fig.data if trace.type == "choropleth"]
    status = content.places.set_index(key)["status"]
    for trace in traces:
        assert {trace.name} >= {scale.words(status[code]) for code in trace.locations}
        if len(trace.locations) and not trace.showscale:  # a flat class in the scale's colour of its status
            assert trace.colorscale[-1][1] == scale.fill(status[trace.locations[0]], 0)
        if trace.showscale and len(trace.locations):
            assert (trace.zmax, trace.name, trace.colorbar.title.text) == (scale.top, scale.shared.words,
                                                                          scale.bar_title)
    page = build_interactive_map(reworded(content), inputs).decode("utf-8")
    # The HTML map's legend is the scale's legend, word for word (changed words included).
    assert legend_words(page) == [f"«{cls.words}»" for cls in scale.legend()]


RANKING_LINKS = ["/", "/?indicator=coverage", "/?indicator=exemplars_honoured&rate=per100k",
                 "/compare?preset=top10&indicators=exemplars_honoured,models_built"]


@pytest.mark.parametrize("link", RANKING_LINKS)
def test_the_chart_the_deck_and_the_download_rank_the_view_s_ranking_rows(link, inputs):
    from pptx import Presentation

    from briefing.deck import RANKING_TOP
    from briefing.images import map_name

    content = build_view_content(parse_view(link), inputs)
    ranking = content.rankings[0]
    if content.view.page.key == "overview":  # the page's chart: the rows' 15 largest, largest at the top
        bars = content.chart_figure.data[0]
        top = ranking.top(15)
        assert (list(bars.y), list(bars.x), list(bars.text)) == (list(top["name"]), list(top["value"]),
                                                                 list(top["label"]))
    if "rate" in content.choices:  # a headline's data download: each province's rank is its row's rank
        csv = pd.read_csv(io.BytesIO(build_export(content, "csv_view", inputs)), dtype=str, keep_default_na=False)
        shared = csv[csv["on_shared_scale"] == "true"]
        ranks = dict(zip(shared["province_code"], shared["rank"], strict=True))
        assert ranks == {code: str(rank) for code, rank in zip(ranking.rows["code"], ranking.rows["rank"],
                                                                strict=True)}
    deck = Presentation(io.BytesIO(build_export(reworded(content), "pptx", inputs)))
    (chart,) = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    rows = ranking.top(RANKING_TOP)
    assert list(chart.plots[0].categories) == [map_name(name) for name in rows["name"]]
    assert list(chart.plots[0].series[0].values) == list(rows["value"])
    labels = [point.data_label.text_frame.text for point in chart.plots[0].series[0].points]
    assert labels == [f"#{text}" for text in rows["label"]]  # the rows' labels, as given
    titles = [slide.shapes[0].text_frame.text for slide in deck.slides if any(s.has_chart for s in slide.shapes)]
    assert titles == [ranking.title]


def test_the_deck_s_map_legend_and_reasons_are_the_view_s(inputs):
    from pptx import Presentation

    content = reworded(build_view_content(parse_view("/?indicator=exemplars_honoured"), inputs))
    counts = [int(line.rsplit("(", 1)[1].split()[0]) for line in content.not_compared]  # '… (2 tỉnh)'
    assert counts and counts == sorted(counts, reverse=True)  # one line per reason, the most provinces first
    content.not_compared = ["«một lý do»"]  # the deck says the view's lines, not lines it works out again
    deck = Presentation(io.BytesIO(build_export(content, "pptx", inputs)))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    legend = next(text for text in texts if "«Phạm vi khác» (" in text)
    flat = [cls for cls in content.map.scale.legend() if not cls.shared]
    assert all(f"{cls.words} ({cls.count})" in legend for cls in flat) and content.map.notes[-1] in legend
    assert "«một lý do»" in texts
