"""Session state and cached API access shared by the UI sections."""

from __future__ import annotations

import os
import uuid

import streamlit as st

from mmrag.ui.client import DEFAULT_API_URL, ApiClient, DocumentView
from mmrag.ui.render import BBox, render_pdf_page, render_pdf_region

#: Session-state keys.
THREAD_ID = "thread_id"
MESSAGES = "messages"
JOB_IDS = "job_ids"
API_KEY = "api_key"

#: Originals above this size are not loaded into the page (media players, page renders).
MAX_INLINE_BYTES = 200 * 1024 * 1024


def api_url() -> str:
    """The API this UI talks to (``MMRAG_API_URL``)."""
    return (os.environ.get("MMRAG_API_URL") or DEFAULT_API_URL).rstrip("/")


def api_key() -> str | None:
    """The API key typed in the sidebar, else ``MMRAG_API_KEY``."""
    typed = st.session_state.get(API_KEY)
    return str(typed) if typed else os.environ.get("MMRAG_API_KEY") or None


@st.cache_resource(show_spinner=False)
def _client(url: str, key: str | None) -> ApiClient:
    return ApiClient(url, api_key=key)


def client() -> ApiClient:
    """The shared API client for this URL and key."""
    return _client(api_url(), api_key())


def init_session() -> None:
    """Defaults for this browser session: a conversation thread and the jobs it started."""
    st.session_state.setdefault(THREAD_ID, uuid.uuid4().hex)
    st.session_state.setdefault(MESSAGES, [])
    st.session_state.setdefault(JOB_IDS, [])


def remember_job(job_id: str) -> None:
    """Keep a job id this session created (newest first)."""
    ids: list[str] = st.session_state.setdefault(JOB_IDS, [])
    if job_id not in ids:
        ids.insert(0, job_id)


def new_thread() -> None:
    """Start a new conversation."""
    st.session_state[THREAD_ID] = uuid.uuid4().hex
    st.session_state[MESSAGES] = []


@st.cache_data(ttl=30, max_entries=256, show_spinner=False)
def document(url: str, key: str | None, source_id: str) -> DocumentView:
    """A document's metadata (cached briefly)."""
    return _client(url, key).get_document(source_id)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def blob(url: str, key: str | None, blob_key: str) -> bytes:
    """A blob's bytes (blobs are content-addressed, so caching them is safe)."""
    return _client(url, key).blob(blob_key)


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def page_image(url: str, key: str | None, content_hash: str, page: int, bbox: BBox | None) -> bytes:
    """PNG of a PDF page with the cited region highlighted."""
    return render_pdf_page(blob(url, key, f"orig/{content_hash}"), page, bbox)


def show_error(exc: Exception, what: str) -> None:
    """An error box that says what failed and, for auth errors, what to do."""
    from mmrag.ui.client import ApiError

    if isinstance(exc, ApiError) and exc.status == 401:
        st.error(f"{what}: {exc.detail}. Enter an API key under **Connection** in the sidebar.")
    elif isinstance(exc, ApiError):
        st.error(f"{what}: {exc.detail}")
    else:
        st.error(f"{what}: {exc}")


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def region_image(url: str, key: str | None, content_hash: str, page: int, bbox: BBox) -> bytes:
    """PNG of the cited region of a PDF page, zoomed in."""
    return render_pdf_region(blob(url, key, f"orig/{content_hash}"), page, bbox)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def report_file(url: str, key: str | None, run_id: str, name: str) -> bytes:
    """A file of a finished report run (finished runs never change, so caching is safe)."""
    return _client(url, key).report_file(run_id, name)
