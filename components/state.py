"""The one place that reads and writes the URL-bound view state and builds links that reopen a view.

Choice widgets here keep stable codes in the URL (`?indicator=models_built_count&province=11&lang=en`). Streamlit's
`bind="query-params"` stores a choice widget's *display label* in the URL, which changes with the language switch and
cannot give `/province?province=11`; so choice widgets sync the URL through `st.query_params` in their on_change
callback, while free-text and on/off widgets, whose URL value is their own value, use `bind="query-params"`.
"""

from collections.abc import Callable, Sequence
from urllib.parse import urlencode

import streamlit as st

from components.i18n import LANGUAGES, translate

SHARED_PARAMS = ("lang", "present")
_NOTICES_KEY = "_view_state_notices"


def current_lang() -> str:
    """The interface language from `?lang=`; Vietnamese unless English is asked for."""
    return read_param("lang", list(LANGUAGES), "vi")


def presentation_mode() -> bool:
    """`?present=true`: projector layout (no sidebar, large type)."""
    return st.query_params.get("present", "") in ("true", "1")


def read_param(name: str, allowed: Sequence[str], default: str) -> str:
    """A query parameter if it is one of the allowed values; else the default, with a notice for the user."""
    value = st.query_params.get(name)
    if value is None or value == "":
        return default
    if value in allowed:
        return value
    _note_bad_param(name, value)
    st.query_params.pop(name, None)  # a copied link must not carry the bad value on
    return default


def read_list_param(name: str, allowed: Sequence[str], default: Sequence[str]) -> list[str]:
    """A comma-separated query parameter; unknown items are dropped with a notice."""
    raw = st.query_params.get(name)
    if raw is None or raw == "":
        return list(default)
    items = [item for item in raw.split(",") if item]
    bad = [item for item in items if item not in allowed]
    kept = [item for item in items if item in allowed]
    if bad:
        _note_bad_param(name, ",".join(bad))
        _write_param(name, kept or list(default), default)
    return kept or list(default)


def _note_bad_param(name: str, value: str) -> None:
    notices = st.session_state.setdefault(_NOTICES_KEY, [])
    message = (name, value[:60])
    if message not in notices:
        notices.append(message)


def render_param_notices(lang: str) -> None:
    """Tell the user, once per run, which link parameters were not understood."""
    for name, value in st.session_state.pop(_NOTICES_KEY, []):
        st.warning(translate("bad_param", lang, name=name, value=value), icon="⚠️")


def _write_param(name: str, value: str | list[str], default: str | Sequence[str]) -> None:
    text = ",".join(value) if isinstance(value, list) else value
    default_text = ",".join(default) if isinstance(default, (list, tuple)) else default
    if text == default_text or text is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = text


def _sync_from_widget(name: str, key: str, default) -> None:
    _write_param(name, st.session_state[key], default)


def _choice_param(widget, name: str, label: str, options: Sequence[str], default: str,
                  format_func: Callable[[str], str], **widget_args) -> str:
    """A single-choice widget whose value lives in `?name=`; the URL value wins on load, the widget writes it back."""
    options = list(options)
    current = read_param(name, options, default)
    key = f"view_{name}"
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    return widget(label, options, index=options.index(current), format_func=format_func, key=key,
                  on_change=_sync_from_widget, args=(name, key, default), **widget_args)


def select_param(
    name: str, label: str, options: Sequence[str], default: str, format_func: Callable[[str], str],
    where=st, **widget_args,
) -> str:
    """A selectbox whose value lives in `?name=`."""
    return _choice_param(where.selectbox, name, label, options, default, format_func, **widget_args)


def radio_param(
    name: str, label: str, options: Sequence[str], default: str, format_func: Callable[[str], str], where=st,
) -> str:
    """A horizontal radio whose value lives in `?name=`."""
    return _choice_param(where.radio, name, label, options, default, format_func, horizontal=True)


def multiselect_param(
    name: str, label: str, options: Sequence[str], default: Sequence[str], format_func: Callable[[str], str],
    where=st, **widget_args,
) -> list[str]:
    """A multiselect whose values live in `?name=a,b,c`."""
    options = list(options)
    current = read_list_param(name, options, default)
    key = f"view_{name}"
    if key in st.session_state and any(v not in options for v in st.session_state[key]):
        st.session_state.pop(key)
    if key not in st.session_state:
        st.session_state[key] = current
    return where.multiselect(
        label, options, format_func=format_func, key=key,
        on_change=_sync_from_widget, args=(name, key, list(default)), **widget_args,
    )


def search_param(name: str, label: str, where=st) -> str:
    """Free text bound to `?name=` with Streamlit's own query-parameter binding."""
    return where.text_input(label, key=name, bind="query-params")


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


def view_params(*names: str) -> dict[str, str]:
    """The current values of some view parameters plus the shared ones, for a link that keeps the view."""
    params = shared_params()
    params.update({name: st.query_params[name] for name in names if st.query_params.get(name)})
    return params


def current_view_link(url_path: str) -> str:
    """The link of the view on screen, from the page's url path and the query string: `/province?province=11`."""
    query = urlencode({name: st.query_params[name] for name in st.query_params if name != "present"})
    return f"/{url_path}" + (f"?{query}" if query else "")
