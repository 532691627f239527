"""Ask: a chat over the documents, each answer with citations a person can check."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from typing import Any

import streamlit as st

from mmrag.ui.client import AnswerView, ApiError, CitationView, DocumentView
from mmrag.ui.render import anchor_id, citation_label, format_clock, link_markers
from mmrag.ui.state import (
    MAX_INLINE_BYTES,
    MESSAGES,
    THREAD_ID,
    api_key,
    api_url,
    blob,
    client,
    document,
    load_thread_messages,
    new_thread,
    page_image,
    preferences,
    region_image,
    show_error,
)

_MEDIA = {"audio", "video"}
#: Source cards stay compact: page, crop or keyframe, and snippet share one row in equal
#: columns, so a page thumbnail is at most a third of the card wide (and so bounded in height).
_CARD_COLUMNS = [1, 1, 1]


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
        st.video(data, format=fmt, start_time=start, width="stretch")
    else:
        st.audio(data, format=fmt, start_time=start, width="stretch")
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
    """What a person needs to check a citation, side by side: the page with the region boxed
    (or the player at the cited second), the crop or keyframe, and the quoted snippet."""
    doc = _document(citation)
    if doc is not None and doc.size_bytes > MAX_INLINE_BYTES:
        st.caption("The original is too large to preview here.")
        doc = None
    is_pdf = doc is not None and doc.media_kind == "pdf" and citation.page is not None
    is_media = doc is not None and doc.media_kind in _MEDIA and citation.t_start is not None
    frame_png = _frame(citation)
    left, middle, right = st.columns(_CARD_COLUMNS, gap="small")
    with left:
        if is_pdf and doc is not None:
            _page_view(citation, doc)
        elif is_media and doc is not None:
            _media_view(citation, doc)
        elif frame_png is not None:
            st.image(frame_png, caption="Cited image", width="stretch")
        elif doc is not None and doc.media_kind == "image":
            data = blob(api_url(), api_key(), doc.original_key)
            st.image(data, width="stretch")
    with middle:
        if is_pdf and doc is not None:
            if frame_png is not None:
                st.image(frame_png, caption="Cited region", width="stretch")
            else:
                _region_view(citation, doc)
        elif is_media and doc is not None and frame_png is not None:
            when = format_clock(citation.t_start or 0)
            st.image(frame_png, caption=f"Keyframe at {when}", width="stretch")
    with right:
        if citation.snippet:
            st.markdown("> " + escape_md(citation.snippet).replace("\n", "\n> "))


_ICONS = {
    "text": ":material/description:",
    "table": ":material/table:",
    "chart": ":material/bar_chart:",
    "scan": ":material/document_scanner:",
    "image": ":material/image:",
    "audio": ":material/graphic_eq:",
    "video": ":material/movie:",
}


def _title(n: int, citation: CitationView) -> str:
    label = citation_label(citation.file, citation.location)
    icon = _ICONS.get(citation.modality, ":material/description:")
    return f"**[{n}]** {icon} {escape_md(label)} · {citation.modality} · score {citation.score:.2f}"


def _source_card(n: int, citation: CitationView, key: str) -> None:
    """Source ``n``: a bordered card that the answer's ``[n]`` links to."""
    with st.container(border=True, key=f"{key}_card_{n}"):
        st.markdown(f'<span id="{anchor_id(key, n)}"></span>', unsafe_allow_html=True)
        st.markdown(_title(n, citation))
        try:
            _evidence(citation)
        except ApiError as exc:
            show_error(exc, "Could not load the evidence")


def _uncited(answer: AnswerView, key: str) -> None:
    """The retrieved passages the answer does not cite, behind a toggle."""
    others = answer.uncited()
    if not others:
        return
    if not st.toggle(
        f"Show all evidence ({len(others)} more retrieved passages)", key=f"{key}_all_evidence"
    ):
        return
    for citation in others:
        label = citation_label(citation.file, citation.location)
        snippet = " ".join(citation.snippet.split())
        if len(snippet) > 300:
            snippet = snippet[:299] + "…"
        st.markdown(
            f"{_ICONS.get(citation.modality, ':material/description:')} **{escape_md(label)}** · "
            f"{citation.modality} · score {citation.score:.2f}  \n{escape_md(snippet)}"
        )


def show_answer(answer: AnswerView, key: str, with_text: bool = True) -> None:
    """An assistant message: text with ``[n]`` links to its source cards, a not-found notice,
    the source cards, the evidence it did not cite, and details."""
    if with_text:
        st.markdown(link_markers(escape_md(answer.answer), len(answer.citations), key))
    if not answer.found:
        st.caption("The documents do not appear to answer this.")
    if answer.citations:
        st.markdown("**Sources**")
        for n, citation in enumerate(answer.citations, start=1):
            _source_card(n, citation, key)
    _uncited(answer, key)
    if answer.trace:
        with st.expander("Details", expanded=False, key=f"{key}_trace"):
            st.caption(f"mode: {answer.mode}")
            st.json(answer.trace, expanded=False)


def _stream(question: str, k: int, modalities: list[str]) -> AnswerView | None:
    """Write the answer into the page token by token as the server sends it; returns the
    final answer object (``None`` when the stream ended without one)."""
    final: list[AnswerView] = []
    waiting = st.empty()
    waiting.caption(":material/search: Searching the documents…")

    def tokens() -> Iterator[str]:
        first = True
        for kind, value in client().ask_stream(
            question, k=k, modalities=modalities or None, thread_id=st.session_state[THREAD_ID]
        ):
            if isinstance(value, AnswerView):
                final.append(value)
            elif kind == "token":
                if first:
                    waiting.empty()
                    first = False
                yield escape_md(value)

    streamed = st.empty()
    try:
        with streamed.container():
            st.write_stream(tokens())
    finally:
        waiting.empty()
    if final:
        streamed.empty()  # replaced by the answer with its [n] links
    return final[0] if final else None


def _settings_line(k: int, modalities: list[str]) -> None:
    kinds = ", ".join(modalities) if modalities else "all evidence types"
    cols = st.columns([5, 1], vertical_alignment="center")
    cols[0].caption(
        f"Searching {kinds} · {k} source(s) per answer · change under **Settings**.",
    )
    if cols[1].button("New chat", key="new_chat", icon=":material/add:", width="stretch"):
        new_thread()
        st.rerun()


def render() -> None:
    """The Ask section."""
    st.header("Ask")
    load_thread_messages()
    k, modalities = preferences()
    _settings_line(k, modalities)
    messages: list[dict[str, Any]] = st.session_state[MESSAGES]
    intro = st.empty()
    if not messages:
        intro.caption(
            "Ask a question about your documents. Answers cite the page, table, chart, "
            "or the moment in a recording they come from; follow-up questions continue the "
            "conversation."
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
        show_answer(answer, key=f"m{len(messages)}")
    messages.append({"role": "assistant", "answer": answer.model_dump(mode="json")})
    st.session_state.pop("threads_cache", None)
