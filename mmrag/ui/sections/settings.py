"""Settings: how the server answers (as it reports it) and this session's asking preferences."""

from __future__ import annotations

import streamlit as st

from mmrag.ui.client import MODALITIES, ApiError, ServerSettingsView
from mmrag.ui.render import format_clock, format_size
from mmrag.ui.state import MAX_K, api_url, client, preferences, set_preferences, show_error

_MODE_TEXT = {
    "extractive": "Extractive: answers quote the best-matching passages (no generative model).",
    "local": "Local model: a small model on this machine writes the answer from the evidence.",
    "remote": "Remote model: an OpenAI-compatible endpoint (e.g. vLLM) writes the answer.",
}
_HEALTH = {
    "ok": ":green[:material/check_circle: reachable]",
    "unreachable": ":red[:material/error: unreachable]",
    "missing": ":orange[:material/warning: not installed]",
    "not_needed": ":gray[:material/remove_circle: not needed]",
}


def _server(info: ServerSettingsView) -> None:
    answer = info.answer
    cols = st.columns(3)
    cols[0].metric("Answer mode", answer.mode)
    cols[1].metric("Model", answer.model or "—")
    cols[2].metric("Server", f"v{info.version}", help=f"{info.mode} deployment at {api_url()}")
    st.markdown(_MODE_TEXT.get(answer.mode, answer.mode))
    rows = [
        ("Configured (MMRAG_ANSWER_MODE)", answer.configured),
        ("In effect because", answer.reason),
        ("Model endpoint", answer.endpoint or "—"),
        ("Model health", _HEALTH.get(answer.health.status, answer.health.status)),
    ]
    if answer.health.detail:
        rows.append(("Health detail", answer.health.detail))
    if info.tenant:
        rows.append(("Tenant", info.tenant))
    st.markdown("\n".join(f"- **{name}**: {value}" for name, value in rows))
    limits = info.limits
    with st.expander("Limits", expanded=False, icon=":material/rule:"):
        st.markdown(
            "\n".join(
                [
                    f"- Files per upload: {int(limits.get('max_upload_files', 0))}",
                    f"- Bytes per file: {format_size(int(limits.get('max_file_bytes', 0)))}",
                    f"- Pages per document: {int(limits.get('max_pages', 0))}",
                    "- Length of a recording: "
                    + format_clock(float(limits.get("max_media_seconds", 0))),
                    f"- Characters per question: {int(limits.get('max_question_chars', 0))}",
                    f"- Sources per answer: up to {int(limits.get('max_ask_k', 0))}",
                ]
            )
        )


def _apply() -> None:
    set_preferences(
        int(st.session_state["settings_k"]), list(st.session_state["settings_modalities"])
    )


def _preferences() -> None:
    k, modalities = preferences()
    st.subheader("Asking")
    st.caption("Used for every question of this session; kept in the page address.")
    st.slider(
        "Sources per answer (k)",
        min_value=1,
        max_value=MAX_K,
        value=k,
        key="settings_k",
        on_change=_apply,
    )
    st.multiselect(
        "Evidence types to search",
        options=list(MODALITIES),
        default=modalities,
        placeholder="All types",
        key="settings_modalities",
        on_change=_apply,
        help="Leave empty to search every type of evidence.",
    )


def render() -> None:
    """The Settings section."""
    st.header("Settings")
    try:
        info = client().server_settings()
    except ApiError as exc:
        show_error(exc, "Could not read the server's settings")
    else:
        _server(info)
    st.divider()
    _preferences()
