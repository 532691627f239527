"""Upload: many files at once, then live per-file progress of the job that ingests them."""

from __future__ import annotations

import streamlit as st

from mmrag.ui.client import ApiError
from mmrag.ui.sections.jobs import live_jobs
from mmrag.ui.state import client, remember_job, show_error

_GENERATION = "uploader_generation"
_LAST_JOB = "last_upload_job"


def render() -> None:
    """The Upload section."""
    st.header("Upload")
    st.caption(
        "PDFs (digital or scanned), images, audio and video. Uploading a file with the name of "
        "an existing document replaces it; files whose bytes are already indexed are skipped."
    )
    generation = st.session_state.setdefault(_GENERATION, 0)
    files = st.file_uploader(
        "Files to ingest", accept_multiple_files=True, key=f"uploader_{generation}"
    )
    label = f"Ingest {len(files)} file(s)" if files else "Ingest"
    if st.button(label, type="primary", disabled=not files, key="ingest"):
        items = [(f.name, f.getvalue(), f.type or None) for f in files or []]
        try:
            with st.spinner(f"Uploading {len(items)} file(s)…"):
                job = client().upload(items)
        except ApiError as exc:
            show_error(exc, "Upload rejected")
        else:
            remember_job(job.job_id)
            st.session_state[_LAST_JOB] = job.job_id
            st.session_state[_GENERATION] = generation + 1  # a fresh, empty uploader
            st.rerun()
    last = st.session_state.get(_LAST_JOB)
    if last:
        st.subheader("Progress")
        live_jobs([last], key="upload_progress")
        st.caption("All jobs of this session are under **Jobs**.")
