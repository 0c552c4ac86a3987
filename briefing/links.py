"""Dashboard links as views: `/province?province=11` → the page and its parameters, with notices for what was odd.

A link is what a leader copies into a mail or a chat, and those add their own parameters (`utm_source`, `fbclid`):
unknown parameters are ignored with a notice, a repeated one keeps its first value with a notice; only an unknown
page or a malformed query string is an error.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from briefing.pages import DISPLAY_PARAMS, SHARED_PARAMS, STREAMLIT_PARAMS, PageSpec, page_by_path, view_pages

LANGS = ("vi", "en")
MAX_SHOWN_VALUE = 60  # characters of a parameter value repeated in a notice


class ViewError(ValueError):
    """A dashboard link that names no page, is malformed, or (for the command line) asks for a value that is not."""


@dataclass(frozen=True)
class Notice:
    """Something odd about a link, said to the user: an unknown or repeated parameter, or a value not allowed."""

    kind: str  # "unknown_param", "duplicate_param" or "bad_value"
    name: str
    value: str = ""

    @property
    def shown_value(self) -> str:
        """The value as a notice may repeat it: cut to a readable length."""
        return self.value if len(self.value) <= MAX_SHOWN_VALUE else self.value[:MAX_SHOWN_VALUE] + "…"


@dataclass(frozen=True)
class View:
    """A page and the parameters of its link, as codes; `notices` says what the link had that the view ignores."""

    page: PageSpec
    params: dict[str, str] = field(default_factory=dict)
    notices: tuple[Notice, ...] = ()

    @property
    def lang(self) -> str:
        return self.params.get("lang") or "vi"

    def get(self, name: str, default: str = "") -> str:
        return self.params.get(name) or default

    def get_list(self, name: str) -> list[str]:
        return [item for item in self.get(name).split(",") if item]

    @property
    def link(self) -> str:
        """The canonical link of what the view shows: its parameters in registry order, display switches left out."""
        names = [*self.page.params, *(name for name in SHARED_PARAMS if name not in DISPLAY_PARAMS)]
        query = urlencode([(name, self.params[name]) for name in names if self.params.get(name)])
        return self.page.path + (f"?{query}" if query else "")


def parse_view(link: str) -> View:
    """`/province?province=11` → View; ViewError for an unknown page or a malformed query string."""
    parts = urlsplit(link.strip())
    page = page_by_path(parts.path)
    if page is None or not page.has_view:
        pages = ", ".join(p.path for p in view_pages())
        raise ViewError(f"Unknown page '{cut(parts.path)}' in view '{cut(link)}'; expected one of {pages}")
    try:
        pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError:
        raise ViewError(f"Malformed query string in view '{cut(link)}'") from None
    return view_from_pairs(page, pairs)


def view_from_pairs(page: PageSpec, pairs: Iterable[tuple[str, str]]) -> View:
    """The view of a page from its query parameters in order (repeats included), with notices."""
    known = {*page.params, *SHARED_PARAMS, *STREAMLIT_PARAMS}
    params: dict[str, str] = {}
    notices: list[Notice] = []
    for name, value in pairs:
        if name not in known:
            add_notice(notices, Notice("unknown_param", name, value))
        elif name in params:
            add_notice(notices, Notice("duplicate_param", name, value))
        else:
            params[name] = value
    if params.get("lang") and params["lang"] not in LANGS:
        add_notice(notices, Notice("bad_value", "lang", params.pop("lang")))
    return View(page, params, tuple(notices))


def add_notice(notices: list[Notice], notice: Notice) -> None:
    if notice not in notices:
        notices.append(notice)


def cut(text: str, limit: int = 200) -> str:
    """A value as an error message may repeat it: at most `limit` characters."""
    return text if len(text) <= limit else text[:limit] + "…"
