"""The Streamlit app: ``streamlit run mmrag/ui/app.py`` with ``MMRAG_API_URL`` set."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mmrag.ui.client import ApiError
from mmrag.ui.sections import ask, conversations, jobs, library, reports, settings, upload
from mmrag.ui.state import API_KEY, api_url, client, init_session

SECTIONS: dict[str, Callable[[], None]] = {
    "Ask": ask.render,
    "Library": library.render,
    "Upload": upload.render,
    "Jobs": jobs.render,
    "Reports": reports.render,
    "Settings": settings.render,
}
_ICONS = {
    "Ask": ":material/chat:",
    "Library": ":material/library_books:",
    "Upload": ":material/upload_file:",
    "Jobs": ":material/pending_actions:",
    "Reports": ":material/summarize:",
    "Settings": ":material/settings:",
}


def _connection() -> None:
    try:
        health = client().health()
    except ApiError as exc:
        st.error(f"API unreachable at {api_url()}: {exc.detail}")
    else:
        st.caption(
            f":green[:material/check_circle:] Connected to {api_url()} · v{health.version} · {health.mode}"
        )
    with st.expander("Connection", expanded=False):
        st.text_input(
            "API key",
            type="password",
            key=API_KEY,
            help="Sent as X-API-Key; only needed when the server has API keys configured.",
        )


def main() -> None:
    """Lay out the page and render the chosen section."""
    st.set_page_config(page_title="mmrag", page_icon=":material/manage_search:", layout="wide")
    init_session()
    with st.sidebar:
        st.title(":material/manage_search: mmrag")
        st.caption("Ask questions across PDFs, scans, charts, audio and video.")
        section = st.radio(
            "Section",
            list(SECTIONS),
            format_func=lambda name: f"{_ICONS[name]}  {name}",
            key="section",
            label_visibility="collapsed",
        )
        st.divider()
        chats = st.container()
        st.divider()
        _connection()
    SECTIONS[section]()
    with chats:  # after the section, so a question just asked is already listed
        conversations.render_sidebar()


if __name__ == "__main__":
    main()
