"""Reports: run a template of fields over the documents; every value comes with its citation."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from mmrag.ui.client import ApiError, ReportRunView
from mmrag.ui.render import citation_label
from mmrag.ui.sections.ask import escape_md
from mmrag.ui.state import api_key, api_url, client, report_file, show_error

REFRESH_S = 1.0
MAX_RUNS = 20
RUN_KEY = "report_run"
_UPLOAD = "report_template_file"
_PASTED = "report_template_text"
_DOCS = "report_documents"

_BADGES = {
    "running": ":blue-badge[:material/progress_activity: running]",
    "succeeded": ":green-badge[:material/check_circle: finished]",
    "failed": ":red-badge[:material/error: failed]",
}
_STATUS_WORDS = {"found": "found", "missing": "missing", "invalid": "rejected"}
_DOWNLOADS = (
    ("report.csv", "CSV", "text/csv"),
    ("report.json", "JSON", "application/json"),
    ("report.html", "HTML", "text/html"),
)


# --------------------------------------------------------------------------- template


def parse_template(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """The template mapping, or why it cannot be run (checked fully by the worker)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return None, f"not valid YAML or JSON: {exc}"
    if not isinstance(data, dict):
        return None, "a template is a mapping with 'name' and 'fields'"
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        return None, "the template has no 'name'"
    fields = data.get("fields")
    if not isinstance(fields, list) or not fields:
        return None, "the template has no 'fields'"
    if not all(isinstance(f, dict) and f.get("name") for f in fields):
        return None, "every field needs a 'name'"
    return data, None


def field_rows(template: Mapping[str, Any]) -> list[dict[str, str]]:
    """The template's fields as a preview table."""
    return [
        {
            "Field": str(f.get("name", "")),
            "Type": str(f.get("type", "text")),
            "Question": str(f.get("question", "")),
        }
        for f in template.get("fields", [])
    ]


def _template_text() -> str:
    uploaded = st.session_state.get(_UPLOAD)
    if uploaded is not None:
        return bytes(uploaded.getvalue()).decode("utf-8", errors="replace")
    return str(st.session_state.get(_PASTED) or "")


# --------------------------------------------------------------------------- results


def cell_value(cell: Mapping[str, Any]) -> str:
    """A found cell's value as a person reads it ('' otherwise), as in the CSV."""
    if cell.get("status") != "found":
        return ""
    value = cell.get("value")
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return "\n".join(" | ".join(str(v) for v in row) for row in value)
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def cell_citation(cell: Mapping[str, Any]) -> str:
    """``file p.3``, ``deck.pptx slide 2`` or ``file 01:42-02:05`` of a cell with a citation,
    else ''."""
    cite = cell.get("citation")
    if not isinstance(cite, Mapping):
        return ""
    return citation_label(str(cite.get("file", "")), str(cite.get("location") or ""))


def result_rows(report: Mapping[str, Any]) -> list[dict[str, str]]:
    """One row per document and field: value, unit, status, citation and evidence or reason."""
    names = [str(f["name"]) for f in report.get("fields", [])]
    rows = []
    for doc in report.get("rows", []):
        for name in names:
            cell = doc["fields"][name]
            found = cell.get("status") == "found"
            rows.append(
                {
                    "Document": str(doc.get("filename", "")),
                    "Field": name,
                    "Value": cell_value(cell),
                    "Unit": str(cell.get("unit") or "") if found else "",
                    "Status": _STATUS_WORDS.get(str(cell.get("status")), str(cell.get("status"))),
                    "Citation": cell_citation(cell),
                    "Evidence or reason": str(cell.get("quote") if found else cell.get("reason")),
                }
            )
    return rows


def _summary(report: Mapping[str, Any]) -> str:
    counts: dict[str, int] = {"found": 0, "missing": 0, "invalid": 0}
    for per_field in report.get("counts", {}).values():
        for status, n in per_field.items():
            counts[status] = counts.get(status, 0) + int(n)
    docs = len(report.get("rows", []))
    fields = len(report.get("fields", []))
    return (
        f"{docs} document(s) × {fields} field(s): {counts['found']} found, "
        f"{counts['missing']} missing, {counts['invalid']} rejected"
    )


def _cited_values(report: Mapping[str, Any]) -> None:
    docs = report.get("rows", [])
    names = [str(f["name"]) for f in report.get("fields", [])]
    for doc in docs:
        cells = [doc["fields"][n] for n in names]
        found = sum(1 for c in cells if c.get("status") == "found")
        title = f"{doc.get('filename', '')} · {found} of {len(cells)} found"
        with st.expander(title, expanded=len(docs) == 1):
            for name, cell in zip(names, cells, strict=True):
                if cell.get("status") == "found":
                    unit = f" {cell['unit']}" if cell.get("unit") else ""
                    st.markdown(
                        f"**{escape_md(name)}**: {escape_md(cell_value(cell))}{escape_md(unit)} "
                        f"· :material/description: {escape_md(cell_citation(cell))}"
                    )
                    st.caption(escape_md(str(cell.get("quote", ""))))
                else:
                    word = _STATUS_WORDS.get(str(cell.get("status")), "")
                    st.markdown(
                        f"**{escape_md(name)}**: :gray[{word}: {escape_md(str(cell.get('reason')))}]"
                    )


def _downloads(run: ReportRunView) -> None:
    offered = [d for d in _DOWNLOADS if d[0] in run.files]
    cols = st.columns(len(offered) or 1)
    for col, (name, label, mime) in zip(cols, offered, strict=False):
        data = report_file(api_url(), api_key(), run.run_id, name)
        col.download_button(
            f"Download {label}",
            data=data,
            file_name=f"{run.template or 'report'}{name.removeprefix('report')}",
            mime=mime,
            key=f"download_{name}_{run.run_id}",
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
        )


def show_report(run: ReportRunView) -> None:
    """A finished run: summary, downloads, the cited values, the table and the chart."""
    if run.state == "failed":
        st.error(f"The report failed: {run.error or 'no reason recorded'}")
        return
    report = run.report or {}
    st.markdown(f"**{escape_md(run.title or run.template)}** · {_summary(report)}")
    _downloads(run)
    _cited_values(report)
    st.dataframe(
        result_rows(report),
        hide_index=True,
        width="stretch",
        column_config={"Evidence or reason": st.column_config.TextColumn(width="large")},
        key=f"report_table_{run.run_id}",
    )
    if "report.png" in run.files:
        png = report_file(api_url(), api_key(), run.run_id, "report.png")
        st.image(png, caption="Numeric fields", width=640)


# --------------------------------------------------------------------------- panels


def _run_panel(run_id: str, was_running: bool) -> None:
    try:
        run = client().get_report(run_id)
    except ApiError as exc:
        show_error(exc, "Could not load the report")
        return
    started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(run.created_at))
    st.markdown(
        f"{_BADGES.get(run.state, run.state)} · `{run.template or 'unnamed'}` · started {started}"
    )
    if not run.finished:
        elapsed = time.time() - run.created_at
        st.info(
            f"Running: every field is asked of every document ({elapsed:.0f} s so far).",
            icon=":material/hourglass_top:",
        )
    elif was_running:
        st.rerun(scope="app")  # stop polling: the next full run shows the result
    else:
        show_report(run)


def live_run(run_id: str) -> None:
    """A run's state, re-polled every second until it finishes, then its report."""
    try:
        running = not client().get_report(run_id).finished
    except ApiError as exc:
        show_error(exc, "Could not load the report")
        return
    panel = st.fragment(_run_panel, run_every=REFRESH_S if running else None)
    with st.container(key="report_result"):
        panel(run_id, running)


def _start(text: str, source_ids: Sequence[str]) -> None:
    try:
        run = client().run_report(text, source_ids or None)
    except ApiError as exc:
        show_error(exc, "The report could not be started")
        return
    st.session_state[RUN_KEY] = run.run_id
    st.rerun()


def _template_form() -> None:
    st.file_uploader("Report template (YAML or JSON)", type=["yaml", "yml", "json"], key=_UPLOAD)
    with st.expander("…or paste a template", expanded=False):
        st.text_area(
            "Template",
            key=_PASTED,
            height=220,
            placeholder="name: my_report\nfields:\n  - name: revenue\n    question: …",
        )
    text = _template_text()
    template, problem = parse_template(text) if text.strip() else (None, None)
    if problem:
        st.error(f"This template cannot be run: {problem}")
    if template is not None:
        title = str(template.get("title") or template["name"])
        label = f"{title} · {len(template['fields'])} field(s)"
        with st.expander(label, icon=":material/list_alt:"):
            st.dataframe(field_rows(template), hide_index=True, width="stretch")
    try:
        docs = client().list_documents()
    except ApiError as exc:
        show_error(exc, "Could not load documents")
        docs = []
    names = {d.source_id: d.filename for d in docs}
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    chosen = left.multiselect(
        "Documents",
        list(names),
        format_func=lambda sid: names.get(sid, sid),
        key=_DOCS,
        placeholder="The template's selection (all documents by default)",
    )
    if right.button(
        "Run report",
        type="primary",
        disabled=template is None,
        key="run_report",
        icon=":material/play_arrow:",
        width="stretch",
    ):
        _start(text, chosen)


def _run_label(runs: Mapping[str, ReportRunView], run_id: str) -> str:
    run = runs.get(run_id)
    if run is None:
        return run_id
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(run.created_at))
    return f"{run.template or 'unnamed'} · {when} · {run_id[:8]}"  # the state is shown below (it changes)


def render() -> None:
    """The Reports section."""
    st.header("Reports")
    st.caption(
        "A template names the fields you want (a question, a type, optional units and checks). "
        "Each field is asked of every document; a value is only reported when it is read from "
        "the cited evidence (file and page, or time span), otherwise the cell says why not."
    )
    _template_form()
    try:
        runs = {r.run_id: r for r in client().list_reports(MAX_RUNS)}
    except ApiError as exc:
        show_error(exc, "Could not list reports")
        return
    if not runs:
        st.info("No reports yet: choose a template and press **Run report**.")
        return
    st.subheader("Report")
    current = st.session_state.get(RUN_KEY)
    if current not in runs:
        st.session_state[RUN_KEY] = next(iter(runs))
    run_id = st.selectbox(
        "Run", list(runs), format_func=lambda rid: _run_label(runs, rid), key=RUN_KEY
    )
    if run_id:
        live_run(str(run_id))
