"""Jobs: per-file state, stage, progress and failure reasons, refreshed while anything runs."""

from __future__ import annotations

import time
from collections.abc import Sequence

import streamlit as st

from mmrag.ui.client import ApiError, FileProgress, JobView
from mmrag.ui.state import JOB_IDS, client, remember_job, show_error

REFRESH_S = 1.0
MAX_JOBS = 20

_STATE_WORDS = {"skipped": "unchanged", "partially_succeeded": "partly failed"}
_STATE_BADGES = {
    "queued": ":gray-badge[:material/schedule: queued]",
    "running": ":blue-badge[:material/progress_activity: running]",
    "succeeded": ":green-badge[:material/check_circle: succeeded]",
    "skipped": ":gray-badge[:material/check: unchanged]",
    "failed": ":red-badge[:material/error: failed]",
    "partially_succeeded": ":orange-badge[:material/warning: partly failed]",
}


def state_label(state: str) -> str:
    """A state in words (for tables)."""
    return _STATE_WORDS.get(state, state)


def state_badge(state: str) -> str:
    """A state as a coloured markdown badge."""
    return _STATE_BADGES.get(state, state)


def _stage(task: FileProgress) -> str:
    if task.state == "skipped":
        return "already indexed"
    if task.finished:
        return "done"
    return task.stage or "waiting for a worker"


def _eta(task: FileProgress) -> str:
    if task.started_at is None or task.finished or task.done <= 0 or task.total <= 0:
        return ""
    left = (time.time() - task.started_at) * (task.total - task.done) / task.done
    return f"~{left:.0f} s"


def job_card(job: JobView) -> None:
    """One job: a summary line, overall progress, a per-file table and failure reasons."""
    created = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(job.created_at))
    failed = [f for f in job.files if f.state == "failed"]
    st.markdown(
        f"{state_badge(job.state)} · {len(job.files)} file(s) · started {created}  \n"
        f"<small>job `{job.job_id}`</small>",
        unsafe_allow_html=True,
    )
    if job.files and not job.finished:
        overall = sum(f.fraction for f in job.files) / len(job.files)
        done = sum(1 for f in job.files if f.finished)
        st.progress(overall, text=f"{done} of {len(job.files)} files finished")
    rows = [
        {
            "File": f.filename,
            "Type": f.media_kind if f.media_kind != "unknown" else "",
            "State": state_label(f.state),
            "Stage": _stage(f),
            "Progress": round(100 * f.fraction),
            "Steps": f"{f.done}/{f.total}" if f.total else "",
            "Chunks": str(f.chunks) if f.chunks else "",
            "ETA": _eta(f),
            "Reason": f.error or "",
        }
        for f in job.files
    ]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "Progress": st.column_config.ProgressColumn(
                "Progress", min_value=0, max_value=100, format="%d%%"
            ),
            "Reason": st.column_config.TextColumn("Reason", width="large"),
        },
    )
    if failed:
        lines = "\n".join(f"- **{f.filename}**: {f.error or 'no reason recorded'}" for f in failed)
        st.error(f"{len(failed)} of {len(job.files)} file(s) failed:\n{lines}")


def _fetch(job_ids: Sequence[str]) -> list[JobView]:
    jobs = []
    for job_id in job_ids:
        try:
            jobs.append(client().get_job(job_id))
        except ApiError as exc:
            if exc.status != 404:
                raise
    return jobs


def _jobs_panel(job_ids: Sequence[str], was_running: bool) -> None:
    try:
        jobs = _fetch(job_ids)
    except ApiError as exc:
        show_error(exc, "Could not load jobs")
        return
    for job in jobs:
        with st.container(border=True):
            job_card(job)
    if was_running and all(j.finished for j in jobs):
        st.rerun(scope="app")  # stop polling: the next full run sees everything finished


def live_jobs(job_ids: Sequence[str], key: str) -> None:
    """Cards for ``job_ids``, re-polled every second while any of them is unfinished."""
    if not job_ids:
        return
    try:
        running = any(not j.finished for j in _fetch(job_ids))
    except ApiError as exc:
        show_error(exc, "Could not load jobs")
        return
    panel = st.fragment(_jobs_panel, run_every=REFRESH_S if running else None)
    with st.container(key=key):
        panel(list(job_ids), running)


def _follow(job_id: str) -> None:
    try:
        client().get_job(job_id)
    except ApiError as exc:
        if exc.status == 404:
            st.warning(f"No job with id {job_id}.")
        else:
            show_error(exc, "Could not load the job")
        return
    remember_job(job_id)


def render() -> None:
    """The Jobs section."""
    st.header("Jobs")
    with st.form("lookup_job", clear_on_submit=True, border=False):
        cols = st.columns([4, 1], vertical_alignment="bottom")
        typed = cols[0].text_input("Follow a job by id", placeholder="job id from the CLI or API")
        if cols[1].form_submit_button("Follow") and typed.strip():
            _follow(typed.strip())
    try:
        listed = client().list_jobs()
    except ApiError as exc:
        show_error(exc, "Could not list jobs")
        listed = None
    session_ids: list[str] = st.session_state.get(JOB_IDS, [])
    if listed is None:
        ids = session_ids
        st.caption("Jobs started from this browser session (or followed by id).")
    else:
        ids = list(dict.fromkeys([j.job_id for j in listed] + session_ids))
    if not ids:
        st.info("No jobs yet. Upload files in **Upload** to start one.")
        return
    live_jobs(ids[:MAX_JOBS], key="jobs_list")
