"""The one place that reads and writes the URL-bound view state and builds links that reopen a view.

The URL is the state: `?indicator=models_built_count&province=11&lang=en` holds stable codes, never display labels.
Every widget is drawn from the view's content (`briefing.content.Choice`: options, labels, value) with its session
value set from the URL before it is drawn, and writes the URL back in its on_change callback. So a map click, a
picker and a pasted link are one state, and a language switch changes only the labels.
"""

import re
from dataclasses import replace

import streamlit as st

from briefing.content import Choice, ViewContent
from briefing.i18n import LANGUAGES, translate
from briefing.links import LANGS, Notice, View, view_from_pairs
from briefing.pages import SHARED_PARAMS, PageSpec
from components import cached
from indicators.domain.names import fold_diacritics, normalise_tones, split_admin_prefix
from indicators.domain.place_search import match_names

PRESENT_KEY = "present_toggle"
_REMEMBERED_KEY = "_remembered_views"


def current_lang() -> str:
    """The interface language from `?lang=`; Vietnamese unless English is asked for."""
    value = st.query_params.get("lang", "")
    return value if value in LANGS else "vi"


def presentation_mode() -> bool:
    """`?present=true`: projector layout (no sidebar, large type)."""
    return st.query_params.get("present", "") in ("true", "1")


def current_view(page: PageSpec) -> View:
    """The view on screen: the page and its URL parameters in order (repeats included), as the link parser reads
    them, so the page and an export of its link agree."""
    pairs = [(name, value) for name in st.query_params for value in st.query_params.get_all(name)]
    return view_from_pairs(page, pairs)


def render_link_notices(view: View, content: ViewContent, lang: str) -> None:
    """Tell the user what the link had that the view ignores (unknown or repeated parameters, values not allowed),
    then leave only what the view used in the URL: a copied link must not carry them on."""
    for notice in [*view.notices, *content.notices]:
        st.warning(notice_words(notice, lang), icon="⚠️")
        clean_param(content, notice)


def notice_words(notice: Notice, lang: str) -> str:
    """The notice in words; the link's own text is escaped, since st.warning renders markdown (links, images)."""
    return translate_as_text(f"notice_{notice.kind}", lang, name=notice.name, value=notice.shown_value)


def clean_param(content: ViewContent, notice: Notice) -> None:
    """Drop an ignored parameter from the URL; a repeated one keeps the value the view used."""
    if notice.kind == "duplicate_param":
        st.query_params[notice.name] = content.view.params.get(notice.name, "")
        return
    st.query_params.pop(notice.name, None)
    kept = content.choices.get(notice.name)
    if kept is not None and kept.multiple and kept.value != kept.default:
        st.query_params[notice.name] = ",".join(kept.value)


# Streamlit's markdown links bare web and mail addresses in the text it shows (remark-gfm's autolink literals), after
# backslash escapes are resolved: escaping cannot stop it. A word joiner (U+2060, invisible, no break) after "://",
# "www" and "@" leaves the words as written on screen and no longer an address.
AUTOLINK_TRIGGERS = re.compile(r"(?i):(?=//)|www(?=\.)|@")
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Text shown through Streamlit markdown exactly as written: no links (marked up or bare addresses), images,
    emphasis or HTML."""
    specials = "\\`*_{}[]()<>#+-.!|~$:"
    text = AUTOLINK_TRIGGERS.sub(lambda match: match.group() + WORD_JOINER, text)
    return "".join(f"\\{char}" if char in specials else char for char in text)


def translate_as_text(key: str, lang: str, **values) -> str:
    """translate() with every text value escaped (a file name, a cell, a link parameter, a name from the store): the
    one way a page puts a user-supplied string into a message Streamlit renders as markdown."""
    return translate(key, lang, **{name: escape_markdown(value) if isinstance(value, str) else value
                                   for name, value in values.items()})


def write_param(name: str, value: str | list[str], default: str | list[str]) -> None:
    """Set a view parameter in the URL, or remove it when it has the default value."""
    text = ",".join(value) if isinstance(value, list) else (value or "")
    default_text = ",".join(default) if isinstance(default, list) else (default or "")
    if text == default_text:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = text


def _write_from_widget(choice: Choice, key: str) -> None:
    write_param(choice.name, st.session_state[key], choice.default)


def _prepare(choice: Choice) -> str:
    """The widget key, its session value set from the view (the URL wins over what the widget last held)."""
    key = f"view_{choice.name}"
    st.session_state[key] = list(choice.value) if choice.multiple else choice.value
    return key


def select(choice: Choice, label: str, where=st, **widget_args) -> str:
    """A selectbox of a view's choice."""
    key = _prepare(choice)
    return where.selectbox(label, choice.options, format_func=choice.label, key=key, on_change=_write_from_widget,
                           args=(choice, key), **widget_args)


def radio(choice: Choice, label: str, where=st) -> str:
    """A horizontal radio of a view's choice."""
    key = _prepare(choice)
    return where.radio(label, choice.options, format_func=choice.label, key=key, horizontal=True,
                       on_change=_write_from_widget, args=(choice, key))


def multiselect(choice: Choice, label: str, lang: str, where=st, **widget_args) -> list[str]:
    """A multiselect of a view's choice (values as `?name=a,b,c`)."""
    key = _prepare(choice)
    return where.multiselect(label, choice.options, format_func=choice.label, key=key,
                             placeholder=translate("choose_options", lang), on_change=_write_from_widget,
                             args=(choice, key), **widget_args)


def search(choice: Choice, label: str, lang: str, where=st) -> str:
    """Free text of a view's choice (`?q=`); its placeholder says, in the page's language, that Enter applies it."""
    key = _prepare(choice)
    localise_widget_words(lang)
    return where.text_input(label, key=key, on_change=_write_from_widget, args=(choice, key),
                            placeholder=translate("search_hint", lang))


def place_picker(choice: Choice, label: str, lang: str, where=st) -> None:
    """A place picker (one place or several) that finds names typed with or without diacritics.

    Streamlit 1.67's own option filter only lowers the case, so 'quang ngai' never found 'Quảng Ngãi' ("No
    results"): each option's label carries its name written without diacritics ('Tỉnh Quảng Ngãi (Quang Ngai)'), which
    that filter finds. A search box beside the picker asks the dashboard's place search
    (indicators/domain/place_search.py):
    one match is chosen at once (added, in a picker of several), several narrow the picker's list to them (and the
    value kept); a district or commune name chooses the province it lies in.
    """
    search_key = f"search_{choice.name}"
    query = st.session_state.get(search_key, "")
    matches = matching_places(choice, query)
    shown = replace(choice, labels={code: with_plain_name(choice.label(code)) for code in choice.options})
    if len(matches) > 1:
        kept = choice.value if choice.multiple else [choice.value]
        shown = replace(shown, options=[c for c in choice.options if c in matches or c in kept])
    search_column, picker_column = where.columns([2, 3], vertical_alignment="bottom")
    search_column.text_input(translate("place_search", lang), key=search_key, on_change=_pick_match,
                             args=(choice, search_key), placeholder=translate("place_search_hint", lang))
    localise_widget_words(lang)
    if shown.multiple:
        multiselect(shown, label, lang, where=picker_column)
    else:
        select(shown, label, where=picker_column)
    if query and len(matches) != 1:
        key = "place_matches" if matches else "place_no_match"
        where.caption(translate(key, lang, count=len(matches), query=escape_markdown(query)))


def with_plain_name(label: str) -> str:
    """'Tỉnh Quảng Ngãi' → 'Tỉnh Quảng Ngãi (Quang Ngai)': the picker's own filter finds it typed without diacritics
    (it lowers the case only)."""
    plain = fold_diacritics(split_admin_prefix(normalise_tones(label))[1]).title()
    return label if fold_diacritics(label) == label else f"{label} ({plain})"


def localise_widget_words(lang: str) -> None:
    """Streamlit's English words in its text boxes and pickers, in the page's language: "Press Enter to apply" is
    hidden (the box's placeholder says it), and a picker's "No results" reads "Không có kết quả"."""
    no_results = translate("picker_no_results", lang).replace('"', "")
    st.html("<style>[data-testid='InputInstructions'] {display: none;}"
            "[role='listbox'][data-empty='true'] [role='option'] span {font-size: 0;}"
            "[role='listbox'][data-empty='true'] [role='option'] span::after "
            f"{{content: \"{no_results}\"; font-size: 0.875rem;}}</style>")


def matching_places(choice: Choice, query: str) -> list[str]:
    """The options the query names (indicators/domain/place_search.match_names); when no option's name holds it, the
    provinces of the districts and communes that bear it ('binh son' → Quảng Ngãi)."""
    if not query.strip():
        return []
    return match_names(query, choice.labels) or provinces_of_places(choice, query)


def provinces_of_places(choice: Choice, query: str) -> list[str]:
    version = "vn34" if choice.name == "group" or st.query_params.get("version") == "vn34" else "vn63"
    places = cached.get_view_inputs().place_search().find(query, levels=("district", "commune"))
    return list(dict.fromkeys(place.province_code for place in places
                              if place.admin_version == version and place.province_code in choice.options))


def _pick_match(choice: Choice, search_key: str) -> None:
    """The search box's Enter: a single match becomes the picker's value (or joins its values); the box empties."""
    matches = matching_places(choice, st.session_state[search_key])
    if len(matches) != 1:
        return
    if choice.multiple:  # the values in the URL now: a quick second name joins the first even before a redraw
        in_url = st.query_params.get(choice.name)
        chosen = choice.value if in_url is None else [code for code in in_url.split(",") if code in choice.options]
        value = [*chosen, *[c for c in matches if c not in chosen]]
    else:
        value = matches[0]
    write_param(choice.name, value, choice.default)
    st.session_state[search_key] = ""


def clicked_location(key: str) -> str | None:
    """The area clicked on the map keyed `key`, from its selection state: read at the top of a page, before anything
    is drawn, a click that leads elsewhere does not redraw the page it leaves."""
    state = st.session_state.get(key)
    points = state["selection"]["points"] if state and state.get("selection") else []
    return points[0].get("location") if points else None


def follow_map_click(choice: Choice, key: str) -> None:
    """A map's on_select callback: the clicked area becomes the choice's value in the URL before the page runs, so the
    map, the picker and the link show one state in one run."""
    location = clicked_location(key)
    if location in choice.options and location != choice.value:
        write_param(choice.name, location, choice.default)


def set_params(**values: str | None) -> None:
    """Set or clear view parameters programmatically (e.g. after a map click)."""
    for name, value in values.items():
        if value in (None, ""):
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = value


def shared_params() -> dict[str, str]:
    """The parameters every page link carries (language, presentation mode)."""
    return {name: st.query_params[name] for name in SHARED_PARAMS if st.query_params.get(name)}


def remember_view(view: View) -> None:
    """Keep the view's parameters for links back to it (the province page's breadcrumb returns to the same map)."""
    st.session_state.setdefault(_REMEMBERED_KEY, {})[view.page.key] = {
        name: value for name, value in view.params.items() if name in view.page.params}


def remembered_params(page: PageSpec) -> dict[str, str]:
    """The shared parameters plus the page's own as it was last shown in this session."""
    return {**st.session_state.get(_REMEMBERED_KEY, {}).get(page.key, {}), **shared_params()}


def switch_to(page: PageSpec, **params: str) -> None:
    """Open another page with these parameters and the shared ones (language, presentation mode)."""
    st.switch_page(page.file, query_params={**shared_params(), **{k: v for k, v in params.items() if v}})


def render_language_picker(lang: str) -> None:
    """Tiếng Việt / English, kept in `?lang=`."""
    choice = Choice("lang", list(LANGUAGES), dict(LANGUAGES), lang, "vi")
    select(choice, translate("language", lang))


def render_presentation_toggle(lang: str) -> None:
    """The sidebar switch of the projector layout, kept in `?present=true`."""
    st.session_state[PRESENT_KEY] = presentation_mode()
    st.toggle(translate("present_mode", lang), key=PRESENT_KEY, on_change=_write_presentation)


def _write_presentation() -> None:
    set_params(present="true" if st.session_state[PRESENT_KEY] else None)


def leave_presentation() -> None:
    """The exit button and Esc: back to the normal layout, the same view."""
    st.query_params.pop("present", None)
