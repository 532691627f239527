"""Library: the indexed documents, with delete and re-ingest."""

from __future__ import annotations

import time
from collections import Counter

import streamlit as st

from mmrag.ui.client import ApiError, DocumentView
from mmrag.ui.render import extent, format_size
from mmrag.ui.state import api_key, api_url, blob, client, remember_job, show_error

_CONFIRM = "confirm_delete"
_NOTICE = "library_notice"


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
