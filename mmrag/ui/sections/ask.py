"""Ask: a chat over the documents, each answer with citations a person can check."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from typing import Any

import streamlit as st

from mmrag.ui.client import MODALITIES, AnswerView, ApiError, CitationView, DocumentView
from mmrag.ui.render import citation_label, format_clock
from mmrag.ui.state import (
    MAX_INLINE_BYTES,
    MESSAGES,
    THREAD_ID,
    api_key,
    api_url,
    blob,
    client,
    document,
    new_thread,
    page_image,
    region_image,
    show_error,
)

_MEDIA = {"audio", "video"}


def escape_md(text: str) -> str:
    """Text shown as markdown without ``$`` turning into math (amounts are common here)."""
    return text.replace("$", "\\$")


def _document(citation: CitationView) -> DocumentView | None:
    try:
        return document(api_url(), api_key(), citation.source_id)
    except ApiError as exc:
        st.caption(f"The original is not available: {exc.detail}")
        return None


def _page_view(citation: CitationView, doc: DocumentView) -> None:
    if citation.page is None:
        return
    try:
        png = page_image(api_url(), api_key(), doc.content_hash, citation.page, citation.bbox)
    except (ApiError, ValueError) as exc:
        st.caption(f"Cannot render page {citation.page}: {exc}")
        return
    note = ", cited region highlighted" if citation.bbox else ""
    st.image(png, caption=f"Page {citation.page}{note}", width="stretch")


def _region_view(citation: CitationView, doc: DocumentView) -> None:
    if citation.page is None or citation.bbox is None:
        return
    try:
        png = region_image(api_url(), api_key(), doc.content_hash, citation.page, citation.bbox)
    except (ApiError, ValueError):
        return  # the page view already says what went wrong
    st.image(png, caption="Cited region", width="stretch")


def _media_view(citation: CitationView, doc: DocumentView) -> None:
    data = blob(api_url(), api_key(), doc.original_key)
    start = int(citation.t_start or 0)
    guessed = mimetypes.guess_type(doc.filename)[0]
    fmt = doc.mime or guessed or ("video/mp4" if doc.media_kind == "video" else "audio/wav")
    if doc.media_kind == "video":
        st.video(data, format=fmt, start_time=start)
    else:
        st.audio(data, format=fmt, start_time=start)
    span = format_clock(citation.t_start or 0)
    if citation.t_end is not None:
        span += f"–{format_clock(citation.t_end)}"
    st.caption(f"Plays from {format_clock(start)}; cited span {span}.")


def _frame(citation: CitationView) -> bytes | None:
    if not citation.frame:
        return None
    try:
        return blob(api_url(), api_key(), citation.frame)
    except ApiError as exc:
        st.caption(f"The cited image is not available: {exc.detail}")
        return None


def _evidence(citation: CitationView) -> None:
    """Snippet, then what a person needs to check it: page and region, frame, or player."""
    doc = _document(citation)
    if doc is not None and doc.size_bytes > MAX_INLINE_BYTES:
        st.caption("The original is too large to preview here.")
        doc = None
    is_pdf = doc is not None and doc.media_kind == "pdf" and citation.page is not None
    is_media = doc is not None and doc.media_kind in _MEDIA and citation.t_start is not None
    frame_png = _frame(citation)
    left, right = st.columns([3, 2], gap="medium")
    with right:
        if citation.snippet:
            st.markdown("> " + escape_md(citation.snippet).replace("\n", "\n> "))
        if is_pdf and doc is not None:
            if frame_png is not None:
                st.image(frame_png, caption="Cited region", width="stretch")
            else:
                _region_view(citation, doc)
        elif is_media and doc is not None and frame_png is not None:
            when = format_clock(citation.t_start or 0)
            st.image(frame_png, caption=f"Keyframe at {when}", width="stretch")
    with left:
        if is_pdf and doc is not None:
            _page_view(citation, doc)
        elif is_media and doc is not None:
            _media_view(citation, doc)
        elif frame_png is not None:
            st.image(frame_png, caption="Cited image", width="stretch")
        elif doc is not None and doc.media_kind == "image":
            st.image(blob(api_url(), api_key(), doc.original_key), width="stretch")


_ICONS = {
    "text": ":material/description:",
    "table": ":material/table:",
    "chart": ":material/bar_chart:",
    "scan": ":material/document_scanner:",
    "image": ":material/image:",
    "audio": ":material/graphic_eq:",
    "video": ":material/movie:",
}


def _citations(answer: AnswerView, key: str) -> None:
    if not answer.citations:
        return
    st.markdown("**Sources**")
    for n, citation in enumerate(answer.citations, start=1):
        label = citation_label(citation.file, citation.page, citation.t_start, citation.t_end)
        title = f"[{n}] {label} · {citation.modality} · score {citation.score:.2f}"
        with st.expander(
            title,
            expanded=n == 1,
            icon=_ICONS.get(citation.modality, ":material/description:"),
            key=f"{key}_cite_{n}",
        ):
            try:
                _evidence(citation)
            except ApiError as exc:
                show_error(exc, "Could not load the evidence")


def show_answer(answer: AnswerView, key: str, with_text: bool = True) -> None:
    """An assistant message: text, a not-found notice, sources and details."""
    if with_text:
        st.markdown(escape_md(answer.answer))
    if not answer.found:
        st.caption("The documents do not appear to answer this.")
    _citations(answer, key)
    if answer.trace:
        with st.expander("Details", expanded=False, key=f"{key}_trace"):
            st.caption(f"mode: {answer.mode}")
            st.json(answer.trace, expanded=False)


def _stream(question: str, k: int, modalities: list[str]) -> AnswerView | None:
    """Stream the answer into the page; returns the final answer object."""
    final: list[AnswerView] = []

    def tokens() -> Iterator[str]:
        for kind, value in client().ask_stream(
            question, k=k, modalities=modalities or None, thread_id=st.session_state[THREAD_ID]
        ):
            if isinstance(value, AnswerView):
                final.append(value)
            elif kind == "token":
                yield escape_md(value)

    with st.spinner("Searching the documents…"):
        st.write_stream(tokens())
    return final[0] if final else None


def _controls() -> tuple[list[str], int]:
    cols = st.columns([4, 2, 1], vertical_alignment="bottom")
    modalities: list[str] = cols[0].multiselect(
        "Evidence types",
        options=list(MODALITIES),
        placeholder="All types",
        key="ask_modalities",
        help="Only search these kinds of evidence.",
    )
    k = cols[1].slider("Sources", min_value=1, max_value=20, value=5, key="ask_k")
    if cols[2].button("New chat", key="new_chat", width="stretch"):
        new_thread()
        st.rerun()
    return modalities, k


def render() -> None:
    """The Ask section."""
    st.header("Ask")
    modalities, k = _controls()
    messages: list[dict[str, Any]] = st.session_state[MESSAGES]
    intro = st.empty()
    if not messages:
        intro.caption(
            "Ask a question about your documents. Answers cite the page, table, chart, "
            "or the moment in a recording they come from."
        )
    for i, message in enumerate(messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(escape_md(message["content"]))
            elif message.get("error"):
                st.error(message["error"])
            else:
                show_answer(AnswerView.model_validate(message["answer"]), key=f"m{i}")
    question = st.chat_input("Ask about your documents", key="question")
    if not question:
        return
    intro.empty()
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(escape_md(question))
    with st.chat_message("assistant"):
        try:
            answer = _stream(question, k, modalities)
        except ApiError as exc:
            show_error(exc, "Could not answer")
            messages.append({"role": "assistant", "error": f"Could not answer: {exc.detail}"})
            return
        if answer is None:
            st.error("The answer stream ended early; try again.")
            messages.append({"role": "assistant", "error": "The answer stream ended early."})
            return
        show_answer(answer, key=f"m{len(messages)}", with_text=False)
    messages.append({"role": "assistant", "answer": answer.model_dump(mode="json")})
