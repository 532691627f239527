"""Session state and cached API access shared by the UI sections."""

from __future__ import annotations

import os
import uuid

import streamlit as st

from mmrag.ui.client import DEFAULT_API_URL, MODALITIES, ApiClient, DocumentView
from mmrag.ui.render import BBox, render_pdf_page, render_pdf_region

#: Session-state keys.
THREAD_ID = "thread_id"
MESSAGES = "messages"
JOB_IDS = "job_ids"
API_KEY = "api_key"
LOADED_THREAD = "loaded_thread"  # the thread whose turns MESSAGES holds
PREF_K = "pref_k"  # sources per answer, chosen in Settings
PREF_MODALITIES = "pref_modalities"  # evidence types searched, chosen in Settings

#: URL query parameters: the open conversation and the asking preferences survive a reload.
QP_THREAD = "thread"
QP_K = "k"
QP_TYPES = "types"

DEFAULT_K = 5
MAX_K = 20

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


def _valid_thread(value: str | None) -> str | None:
    return value if value and len(value) <= 128 and value.isprintable() else None


def init_session() -> None:
    """Defaults for this browser session: the conversation named in the URL (else a new one),
    the asking preferences from the URL, and the jobs this session started."""
    from_url = _valid_thread(st.query_params.get(QP_THREAD))
    if from_url and st.session_state.get(THREAD_ID) != from_url:
        st.session_state[THREAD_ID] = from_url  # a reload, a shared link or the back button
        st.session_state[MESSAGES] = []
        st.session_state.pop(LOADED_THREAD, None)
    if THREAD_ID not in st.session_state:
        new_thread()
    elif st.query_params.get(QP_THREAD) != st.session_state[THREAD_ID]:
        st.query_params[QP_THREAD] = st.session_state[THREAD_ID]
    st.session_state.setdefault(MESSAGES, [])
    st.session_state.setdefault(JOB_IDS, [])
    if PREF_K not in st.session_state:
        st.session_state[PREF_K] = _k_from(st.query_params.get(QP_K))
    if PREF_MODALITIES not in st.session_state:
        raw = st.query_params.get(QP_TYPES) or ""
        st.session_state[PREF_MODALITIES] = [m for m in raw.split(",") if m in MODALITIES]


def _k_from(raw: str | None) -> int:
    try:
        return min(MAX_K, max(1, int(raw or DEFAULT_K)))
    except ValueError:
        return DEFAULT_K


def set_preferences(k: int, modalities: list[str]) -> None:
    """Use ``k`` sources and these evidence types for this session's questions (kept in the URL)."""
    st.session_state[PREF_K] = _k_from(str(k))
    st.session_state[PREF_MODALITIES] = [m for m in modalities if m in MODALITIES]
    if st.session_state[PREF_K] == DEFAULT_K:
        st.query_params.pop(QP_K, None)
    else:
        st.query_params[QP_K] = str(st.session_state[PREF_K])
    if st.session_state[PREF_MODALITIES]:
        st.query_params[QP_TYPES] = ",".join(st.session_state[PREF_MODALITIES])
    else:
        st.query_params.pop(QP_TYPES, None)


def preferences() -> tuple[int, list[str]]:
    """``(k, modalities)`` for the next question (no modalities: all of them)."""
    return int(st.session_state.get(PREF_K, DEFAULT_K)), list(
        st.session_state.get(PREF_MODALITIES, [])
    )


def open_thread(thread_id: str) -> None:
    """Show conversation ``thread_id`` (its turns load from the server on the next render)."""
    st.session_state[THREAD_ID] = thread_id
    st.session_state[MESSAGES] = []
    st.session_state.pop(LOADED_THREAD, None)
    st.query_params[QP_THREAD] = thread_id


def load_thread_messages() -> None:
    """Fill MESSAGES with the open thread's turns from the server, once per thread."""
    thread_id = st.session_state[THREAD_ID]
    if st.session_state.get(LOADED_THREAD) == thread_id:
        return
    st.session_state[LOADED_THREAD] = thread_id
    if st.session_state[MESSAGES]:
        return  # this session is already showing it
    from mmrag.ui.client import ApiError

    try:
        thread = client().get_thread(thread_id)
    except ApiError as exc:
        if exc.status != 404:  # 404: a new conversation, nothing asked yet
            show_error(exc, "Could not load the conversation")
        return
    messages: list[dict[str, object]] = []
    for turn in thread.history:
        messages.append({"role": "user", "content": turn.question})
        messages.append({"role": "assistant", "answer": turn.answer.model_dump(mode="json")})
    st.session_state[MESSAGES] = messages


def remember_job(job_id: str) -> None:
    """Keep a job id this session created (newest first)."""
    ids: list[str] = st.session_state.setdefault(JOB_IDS, [])
    if job_id not in ids:
        ids.insert(0, job_id)


def new_thread() -> None:
    """Start a new conversation."""
    thread_id = uuid.uuid4().hex
    st.session_state[THREAD_ID] = thread_id
    st.session_state[MESSAGES] = []
    st.session_state[LOADED_THREAD] = thread_id
    st.query_params[QP_THREAD] = thread_id


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
