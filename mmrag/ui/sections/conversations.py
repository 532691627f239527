"""The conversation list in the sidebar: open, rename and delete past chats."""

from __future__ import annotations

import streamlit as st

from mmrag.ui.client import ApiError, ThreadSummaryView
from mmrag.ui.state import THREAD_ID, client, new_thread, open_thread, show_error

#: Conversations listed in the sidebar.
MAX_LISTED = 30
_NOTICE = "conversations_notice"


def _open(thread_id: str) -> None:
    open_thread(thread_id)
    st.session_state["section"] = "Ask"


def _new() -> None:
    new_thread()
    st.session_state["section"] = "Ask"


def _rename(thread_id: str) -> None:
    title = str(st.session_state.get(f"thread_title_{thread_id}", "")).strip()
    if not title:
        return
    try:
        client().rename_thread(thread_id, title)
    except ApiError as exc:
        st.session_state[_NOTICE] = f"Could not rename: {exc.detail}"


def _delete(thread_id: str) -> None:
    try:
        client().delete_thread(thread_id)
    except ApiError as exc:
        st.session_state[_NOTICE] = f"Could not delete: {exc.detail}"
        return
    if st.session_state.get(THREAD_ID) == thread_id:
        new_thread()


def _manage(current: ThreadSummaryView) -> None:
    with st.popover("Rename or delete", icon=":material/edit:", width="stretch"):
        st.text_input(
            "Title",
            value=current.title,
            key=f"thread_title_{current.thread_id}",
            max_chars=200,
        )
        st.button(
            "Rename",
            key="thread_rename",
            on_click=_rename,
            args=(current.thread_id,),
            width="stretch",
        )
        st.button(
            "Delete this conversation",
            key="thread_delete",
            type="primary",
            icon=":material/delete:",
            on_click=_delete,
            args=(current.thread_id,),
            width="stretch",
        )


def render_sidebar() -> None:
    """``New chat`` and the tenant's conversations, the open one highlighted."""
    head = st.columns([3, 2], vertical_alignment="center")
    head[0].markdown("**Conversations**")
    head[1].button("New", key="sidebar_new_chat", icon=":material/add:", on_click=_new)
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(notice)
    try:
        threads = client().list_threads(limit=MAX_LISTED)
    except ApiError as exc:
        if exc.status not in (0, 404):  # unreachable: the connection box already says so
            show_error(exc, "Could not list conversations")
        return
    if not threads:
        st.caption("Your questions and answers are kept here.")
        return
    current = st.session_state.get(THREAD_ID)
    with st.container(key="thread_list"):
        for thread in threads:
            st.button(
                thread.title,
                key=f"thread_{thread.thread_id}",
                type="primary" if thread.thread_id == current else "tertiary",
                icon=":material/chat_bubble:",
                help=f"{thread.turns} question(s)",
                on_click=_open,
                args=(thread.thread_id,),
                width="stretch",
            )
    chosen = next((t for t in threads if t.thread_id == current), None)
    if chosen is not None:
        _manage(chosen)
