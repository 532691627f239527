"""Library: the indexed documents, their contents chunk by chunk, delete and re-ingest."""

from __future__ import annotations

import time
from collections import Counter

import streamlit as st

from mmrag.ui.client import MODALITIES, ApiError, ChunkView, DocumentView
from mmrag.ui.render import extent, format_size
from mmrag.ui.state import api_key, api_url, blob, client, remember_job, show_error

_CONFIRM = "confirm_delete"
_NOTICE = "library_notice"
_OPEN = "library_open"
#: Chunks shown per page of a document's contents.
CHUNKS_PER_PAGE = 20
FRAME_WIDTH_PX = 360


def _rows(docs: list[DocumentView]) -> list[dict[str, object]]:
    return [
        {
            "File": d.filename,
            "Type": d.media_kind,
            "Pages / duration": extent(d.pages, d.duration_s),
            "Chunks": d.chunks,
            "Size": format_size(d.size_bytes),
            "Updated": time.strftime("%Y-%m-%d %H:%M", time.localtime(d.updated_at)),
            "Source": d.uri,
        }
        for d in docs
    ]


def _reingest(docs: list[DocumentView]) -> None:
    """Upload the stored originals again (only uploaded documents keep their identity)."""
    uploadable = [d for d in docs if d.uri.startswith("upload://")]
    from_paths = [d.filename for d in docs if not d.uri.startswith("upload://")]
    if from_paths:
        st.warning(
            "Ingested from a path, so re-ingest with `mmrag ingest PATH`: " + ", ".join(from_paths)
        )
    if not uploadable:
        return
    items = [
        (d.filename, blob(api_url(), api_key(), d.original_key), d.mime or None) for d in uploadable
    ]
    job = client().upload(items)
    remember_job(job.job_id)
    skipped = sum(1 for f in job.files if f.state == "skipped")
    note = f"Re-ingest started (job `{job.job_id}`); follow it under **Jobs**."
    if skipped:
        note += f" {skipped} file(s) were unchanged and skipped."
    st.session_state[_NOTICE] = note


def _delete(source_ids: list[str]) -> None:
    failures = []
    for source_id in source_ids:
        try:
            client().delete_document(source_id)
        except ApiError as exc:
            failures.append(f"{source_id}: {exc.detail}")
    if failures:
        st.session_state[_NOTICE] = "Some deletions failed: " + "; ".join(failures)
    else:
        st.session_state[_NOTICE] = (
            f"Deleting {len(source_ids)} document(s); they disappear from the list once the "
            "worker has removed their index entries and files."
        )


def render() -> None:
    """The Library section."""
    st.header("Library")
    try:
        docs = client().list_documents()
    except ApiError as exc:
        show_error(exc, "Could not load documents")
        return
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(notice)
    if not docs:
        st.info("No documents yet. Add some in **Upload**.")
        return
    kinds = Counter(d.media_kind for d in docs)
    cols = st.columns(2 + len(kinds))
    cols[0].metric("Documents", len(docs))
    cols[1].metric("Chunks", sum(d.chunks for d in docs))
    for col, (kind, count) in zip(cols[2:], sorted(kinds.items()), strict=True):
        col.metric(kind.upper() if kind == "pdf" else kind.capitalize(), count)
    st.dataframe(
        _rows(docs),
        hide_index=True,
        width="stretch",
        column_config={"Source": st.column_config.TextColumn("Source", width="medium")},
    )
    by_id = {d.source_id: d for d in docs}
    selected: list[str] = st.multiselect(
        "Select documents",
        options=list(by_id),
        format_func=lambda sid: by_id[sid].filename,
        placeholder="Choose documents to re-ingest or delete",
        key="library_selection",
    )
    left, right, _ = st.columns([1, 1, 4])
    if left.button("Re-ingest", disabled=not selected, key="reingest"):
        try:
            _reingest([by_id[s] for s in selected])
        except ApiError as exc:
            show_error(exc, "Re-ingest failed")
        else:
            st.rerun()
    if right.button("Delete…", disabled=not selected, key="delete"):
        st.session_state[_CONFIRM] = selected
    pending: list[str] = [s for s in st.session_state.get(_CONFIRM, []) if s in by_id]
    if pending:
        names = ", ".join(by_id[s].filename for s in pending)
        st.warning(f"Delete {len(pending)} document(s) and their index entries? {names}")
        yes, no, _ = st.columns([1, 1, 4])
        if yes.button("Yes, delete", type="primary", key="delete_confirm"):
            st.session_state.pop(_CONFIRM, None)
            _delete(pending)
            st.rerun()
        if no.button("Cancel", key="delete_cancel"):
            st.session_state.pop(_CONFIRM, None)
            st.rerun()
    st.divider()
    opened = st.selectbox(
        "Open a document",
        options=list(by_id),
        index=None,
        format_func=lambda sid: by_id[sid].filename,
        placeholder="Choose a document to see its contents",
        key=_OPEN,
    )
    if opened in by_id:
        _contents(by_id[opened])


def where(chunk: ChunkView) -> str:
    """Where a chunk sits: the API's location (``p.3``, ``slide 2``, ``sheet Fleet, rows 2-9``,
    ``01:42-02:05``, ``§ Setup``), then its box and its section when the location is a page:
    ``p.3 · box 72,90-540,130 pt · § Budget``."""
    parts: list[str] = [chunk.location] if chunk.location else []
    if chunk.bbox is not None:
        x0, y0, x1, y1 = (round(v) for v in chunk.bbox)
        parts.append(f"box {x0},{y0}-{x1},{y1} pt")
    if chunk.heading and not chunk.location.startswith("§"):
        parts.append(f"§ {chunk.heading}")
    return " · ".join(parts)


def _chunk(chunk: ChunkView) -> None:
    with st.container(border=True):
        how = chunk.method or "unknown method"
        if chunk.confidence is not None:
            how += f" ({chunk.confidence:.2f})"
        st.caption(f"**{chunk.modality}** · {chunk.kind} · {where(chunk) or 'whole file'} · {how}")
        if chunk.html and chunk.kind == "table":
            st.html(chunk.html)  # sanitised by Streamlit; the text below is what is indexed
            with st.expander("Indexed text", expanded=False):
                st.text(chunk.text)
        else:
            st.text(chunk.text)
        if chunk.frame:
            try:
                data = blob(api_url(), api_key(), chunk.frame)
            except ApiError as exc:
                st.caption(f"Image not available: {exc.detail}")
            else:
                label = "Keyframe" if chunk.t_start is not None else "Region"
                st.image(data, caption=label, width=FRAME_WIDTH_PX)


def _contents(doc: DocumentView) -> None:
    """A document's indexed chunks: filter by type, search, page through; re-ingest or delete."""
    st.subheader(doc.filename)
    top = st.columns([4, 1, 1], vertical_alignment="bottom")
    top[0].caption(
        f"{doc.media_kind} · {extent(doc.pages, doc.duration_s) or format_size(doc.size_bytes)}"
        f" · {doc.chunks} chunk(s) · {doc.uri}"
    )
    if top[1].button("Re-ingest", key="doc_reingest", width="stretch"):
        try:
            _reingest([doc])
        except ApiError as exc:
            show_error(exc, "Re-ingest failed")
        else:
            st.rerun()
    if top[2].button("Delete…", key="doc_delete", width="stretch"):
        st.session_state[_CONFIRM] = [doc.source_id]
        st.rerun()
    cols = st.columns([2, 3])
    kinds: list[str] = cols[0].multiselect(
        "Types",
        options=list(MODALITIES),
        placeholder="All types",
        key="doc_modalities",
    )
    needle = cols[1].text_input(
        "Search in this document", key="doc_search", placeholder="Words to find", max_chars=200
    )
    page_key = f"doc_page_{doc.source_id}"
    page_no = int(st.session_state.get(page_key, 0))
    try:
        result = client().document_chunks(
            doc.source_id,
            modalities=kinds,
            q=needle.strip() or None,
            offset=page_no * CHUNKS_PER_PAGE,
            limit=CHUNKS_PER_PAGE,
        )
    except ApiError as exc:
        show_error(exc, "Could not load the document's contents")
        return
    if result.offset >= result.total > 0:  # the filters shrank the result below this page
        st.session_state[page_key] = 0
        st.rerun()
    counts = " · ".join(f"{kind} {n}" for kind, n in result.modalities.items())
    st.caption(f"{result.total} matching chunk(s); in this document: {counts or 'none'}")
    for chunk in result.chunks:
        _chunk(chunk)
    pages = max(1, -(-result.total // CHUNKS_PER_PAGE))
    if pages > 1:
        nav = st.columns([1, 2, 1], vertical_alignment="center")
        if nav[0].button("Previous", key="doc_prev", disabled=page_no == 0, width="stretch"):
            st.session_state[page_key] = page_no - 1
            st.rerun()
        nav[1].caption(f"Page {page_no + 1} of {pages}")
        if nav[2].button("Next", key="doc_next", disabled=page_no + 1 >= pages, width="stretch"):
            st.session_state[page_key] = page_no + 1
            st.rerun()
