"""The page registry: every screen's path, file, title, icon, link parameters and kind, defined once.

`app.py`'s navigation, the server's chart-page routes, the view-link parser and the parameters every link carries
all derive from PAGES.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One screen of the dashboard."""

    key: str
    url_path: str  # "" for the overview at "/"
    file: str
    title_key: str  # a label of the i18n catalogue
    icon: str
    params: tuple[str, ...]  # the link parameters the page reads, besides the shared ones
    chart_page: bool = False  # its first screen is a plotly map or chart (the server preloads the chart code)
    has_view: bool = True  # its content can be exported (image, data, deck)

    @property
    def path(self) -> str:
        """The URL path: '/', '/province'."""
        return f"/{self.url_path}"


OVERVIEW = PageSpec("overview", "", "app_pages/overview.py", "page_overview", ":material/map:",
                    ("indicator", "subtype", "phase", "level", "window", "rate", "version", "province"),
                    chart_page=True)
COMPARE = PageSpec("compare", "compare", "app_pages/compare.py", "page_compare", ":material/compare_arrows:",
                   ("indicators", "phase", "preset", "group", "provinces"), chart_page=True)
PROVINCE = PageSpec("province", "province", "app_pages/province.py", "page_province", ":material/location_city:",
                    ("province", "district", "version", "commune", "indicator", "subtype", "phase", "level", "rate"),
                    chart_page=True)
TRENDS = PageSpec("trends", "trends", "app_pages/trends.py", "page_trends", ":material/timeline:",
                  ("indicator", "subtype", "provinces", "mode"), chart_page=True)
MODELS = PageSpec("models", "models", "app_pages/models.py", "page_models", ":material/lightbulb:",
                  ("province", "district", "org_type", "field", "q"))
SOURCES = PageSpec("sources", "sources", "app_pages/sources.py", "page_sources", ":material/menu_book:", ("source",))
INGEST = PageSpec("ingest", "ingest", "app_pages/ingest.py", "page_ingest", ":material/upload_file:", (),
                  has_view=False)
PAGES = (OVERVIEW, COMPARE, PROVINCE, TRENDS, MODELS, SOURCES, INGEST)

# Carried from page to page by every link (language, presentation mode).
SHARED_PARAMS = ("lang", "present")
# Streamlit's own parameters: accepted on any page, never part of a view.
STREAMLIT_PARAMS = ("embed", "embed_options")
# Parameters that change how a view is shown, not what it shows: left out of the link an export is made from.
DISPLAY_PARAMS = ("present", *STREAMLIT_PARAMS)


def page_by_path(path: str) -> PageSpec | None:
    """The page served at a URL path ('/province', 'province', '/'), or None."""
    wanted = path.strip("/")
    return next((page for page in PAGES if page.url_path == wanted), None)


def chart_paths() -> list[str]:
    """The URL paths of the chart pages."""
    return [page.path for page in PAGES if page.chart_page]


def view_pages() -> list[PageSpec]:
    """The pages whose content can be exported."""
    return [page for page in PAGES if page.has_view]
