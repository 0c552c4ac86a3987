"""Sign-in for the pages that write: a form checked against the store's accounts, the account kept in the session."""

import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.runtime.context import _get_client_context

from briefing.i18n import translate
from indicators.store.accounts import (
    LOCK_DURATION,
    MAX_FAILURES,
    MAX_USERNAME_CHARS,
    PUBLISHING_ROLES,
    UNKNOWN_CLIENT,
    User,
    authenticate,
)
from indicators.store.database import StoreUnavailable

USER_KEY = "signed_in_user"
FAILED_KEY = "sign_in_failed"


def current_user() -> User | None:
    """The account signed in in this browser session, or None."""
    return st.session_state.get(USER_KEY)


def may_publish(user: User | None) -> bool:
    return user is not None and user.role in PUBLISHING_ROLES


def client_address() -> str:
    """The address of the visitor's connection, else UNKNOWN_CLIENT (under AppTest there is none).

    It is the socket's peer, unless that peer is a proxy named in VN_TRUSTED_PROXIES (components/server.py): only
    then does the server take the address from X-Forwarded-For. A visitor on this machine is 127.0.0.1 or ::1
    (st.context.ip_address says None for those, which made every direct visitor one shared "unknown")."""
    context = _get_client_context()
    address = getattr(context, "remote_ip", None)
    return address if isinstance(address, str) and address else UNKNOWN_CLIENT


def render_sign_in(engine: Engine, lang: str) -> User | None:
    """The sign-in form; on failure one message whatever the reason (unknown name, wrong password, locked), and its
    own message when the store cannot record the attempt (busy, read-only: nothing was stored)."""
    with st.form("sign_in", clear_on_submit=True):
        st.subheader(translate("sign_in_title", lang))
        username = st.text_input(translate("username", lang), key="sign_in_username", max_chars=MAX_USERNAME_CHARS)
        password = st.text_input(translate("password", lang), type="password", key="sign_in_password")
        submitted = st.form_submit_button(translate("sign_in", lang), type="primary", key="sign_in_submit")
    if submitted:
        try:
            user = sign_in(engine, username.strip(), password)
        except StoreUnavailable as error:
            st.error(translate(f"{error.kind}_{error.code}", lang))
            return None
        st.session_state[FAILED_KEY] = user is None
        if user is not None:
            st.session_state[USER_KEY] = user
            st.rerun()
    if st.session_state.get(FAILED_KEY):
        st.error(translate("sign_in_failed", lang, attempts=MAX_FAILURES,
                           minutes=int(LOCK_DURATION.total_seconds() // 60)))
    st.caption(translate("sign_in_hint", lang))
    return current_user()


def sign_in(engine: Engine, username: str, password: str) -> User | None:
    """The account, when both fields are filled and the store accepts them from this visitor's address."""
    if not username or not password:
        return None
    return authenticate(engine, username, password, client=client_address())


def render_account_bar(user: User, lang: str) -> None:
    """Who is signed in, with which role, and a sign-out button; a viewer is told they may not publish."""
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.markdown(translate("signed_in_as", lang, username=user.username, role=translate(f"role_{user.role}", lang)))
    right.button(translate("sign_out", lang), key="sign_out", on_click=sign_out)
    if not may_publish(user):
        st.warning(translate("viewer_may_not_publish", lang))


def sign_out() -> None:
    for key in (USER_KEY, FAILED_KEY):
        st.session_state.pop(key, None)
