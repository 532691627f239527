"""The Streamlit UI against a real API (uvicorn in a thread) over seeded documents.

The answering agent is replaced by a function that returns a fixed Answer whose citations point at
real corpus files: this tests the UI (chat, evidence rendering, library, upload, jobs), not the
agent. Ingestion tasks are recorded instead of run, so no broker or worker is needed.
"""

from __future__ import annotations

import io
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from mmrag.platform.api.app import create_app
from mmrag.platform.index.base import PointVectors, SparseVec
from mmrag.platform.jobs import Document
from mmrag.platform.models import (
    Answer,
    Chunk,
    Citation,
    ElementKind,
    Modality,
    Provenance,
    SearchFilters,
    stable_id,
)
from mmrag.platform.queue import TASK_DELETE_DOCUMENT, TASK_INGEST_FILE
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from mmrag.platform.storage import sha256_file
from mmrag.platform.submission import source_id_for
from mmrag.ui.client import ApiClient, ApiError, iter_sse
from mmrag.ui.render import render_pdf_page
from tests.servers import serve_app

pytestmark = pytest.mark.unit

APP = Path(__file__).resolve().parents[2] / "mmrag" / "ui" / "app.py"
ANSWER_TEXT = "Spending rose to $1.2 million, about $3 per customer [1]."
UNCITED_SNIPPET = "A retrieved passage that the answer does not cite."
TABLE_HTML = (
    "<table><tr><th>Year</th><th>Spending</th></tr><tr><td>2024</td><td>1.2</td></tr></table>"
)


@dataclass
class RecordingAsk:
    """An ask function returning a fixed answer and remembering how it was called."""

    answer: Answer
    calls: list[tuple[str, SearchFilters, int, str | None]] = field(default_factory=list)

    def __call__(self, question: str, filters: SearchFilters, k: int, thread: str | None) -> Answer:
        self.calls.append((question, filters, k, thread))
        return self.answer


@dataclass
class Seeded:
    """A running API over seeded documents."""

    url: str
    runtime: Runtime
    ask: RecordingAsk
    docs: dict[str, Document]
    sent: list[tuple[str, list[Any]]]
    bbox: tuple[float, float, float, float]
    pdf_path: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _first_text_bbox(pdf: Path) -> tuple[float, float, float, float]:
    """A bbox (points, origin top-left) around the first characters on page 1."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    height = page.get_height()
    text = page.get_textpage()
    rects = [text.get_rect(i) for i in range(min(text.count_rects(), 3))]
    assert rects, f"{pdf.name} has no text layer on page 1"
    x0 = min(r[0] for r in rects)
    x1 = max(r[2] for r in rects)
    y0 = height - max(r[3] for r in rects)
    y1 = height - min(r[1] for r in rects)
    text.close()
    page.close()
    doc.close()
    return (x0, y0, x1, y1)


def _seed(runtime: Runtime, path: Path, kind: str, **extent: Any) -> Document:
    content_hash = sha256_file(path)
    runtime.blobs.put_original(path, content_hash)
    uri = f"upload://{runtime.settings.tenant}/{path.name}"
    doc = Document(
        source_id=source_id_for(runtime.settings.tenant, uri),
        tenant=runtime.settings.tenant,
        uri=uri,
        filename=path.name,
        content_hash=content_hash,
        media_kind=kind,
        mime="",
        size_bytes=path.stat().st_size,
        chunks=7,
        updated_at=time.time(),
        **extent,
    )
    runtime.store.upsert_document(doc)
    return doc


def _png(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 36), color).save(out, format="PNG")
    return out.getvalue()


def _index_chunks(runtime: Runtime, docs: dict[str, Document], frame: str) -> None:
    """Index chunks of the seeded PDF and video (what the Library shows of them)."""

    def chunk(
        doc: Document, n: int, modality: Modality, kind: ElementKind, text: str, **kw: Any
    ) -> Chunk:
        html = kw.pop("html", None)
        method = kw.pop("method")
        return Chunk(
            id=stable_id(doc.source_id, n),
            text=text,
            modality=modality,
            kind=kind,
            provenance=Provenance(
                source_id=doc.source_id, uri=doc.uri, filename=doc.filename, **kw
            ),
            content_hash=doc.content_hash,
            tenant=doc.tenant,
            html=html,
            method=method,
        )

    pdf, video = docs["pdf"], docs["video"]
    chunks = [
        chunk(
            pdf,
            1,
            Modality.TEXT,
            ElementKind.TEXT,
            "The utility served its customers.",
            page=1,
            bbox=(72.0, 90.0, 540.0, 130.0),
            method="pdfium-text",
        ),
        chunk(
            pdf,
            2,
            Modality.TABLE,
            ElementKind.TABLE,
            "Year Spending 2024 1.2",
            page=2,
            bbox=(72.0, 200.0, 540.0, 320.0),
            html=TABLE_HTML,
            method="pdfplumber",
        ),
        chunk(
            video,
            3,
            Modality.VIDEO,
            ElementKind.TRANSCRIPT,
            "The narrator explains the pumps.",
            t_start=10.0,
            t_end=19.5,
            frame=frame,
            method="faster-whisper",
        ),
    ]
    vectors = []
    for i in range(len(chunks)):
        dense = [0.0] * 384
        dense[i] = 1.0
        vectors.append(PointVectors(dense=dense, sparse=SparseVec(indices=[i], values=[1.0])))
    runtime.index.ensure_collection()
    runtime.index.upsert(chunks, vectors)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[Seeded]:
    runtime = Runtime(Settings(data_dir=tmp_path_factory.mktemp("ui-data")))
    sent: list[tuple[str, list[Any]]] = []
    runtime.send_task = lambda name, args, queue: sent.append((name, list(args)))  # type: ignore[method-assign]
    pdf = sorted((corpus_dir / "pdf").glob("*.pdf"))[0]
    audio = sorted((corpus_dir / "audio").glob("*.wav"))[0]
    video = sorted((corpus_dir / "video").glob("*.mp4"))[0]
    docs = {
        "pdf": _seed(runtime, pdf, "pdf", pages=3),
        "audio": _seed(runtime, audio, "audio", duration_s=28.7),
        "video": _seed(runtime, video, "video", duration_s=40.0),
    }
    frame = runtime.blobs.put_derived(
        docs["video"].content_hash, "frame-10.png", _png((20, 90, 200))
    )
    bbox = _first_text_bbox(pdf)

    def cite(doc: Document, modality: Modality, **where: Any) -> Citation:
        return Citation(
            file=doc.filename,
            uri=doc.uri,
            source_id=doc.source_id,
            chunk_id=f"chunk-{modality.value}",
            modality=modality,
            score=0.8,
            snippet=f"evidence from {doc.filename}",
            **where,
        )

    citations = [
        cite(docs["pdf"], Modality.TABLE, page=1, bbox=bbox),
        cite(docs["video"], Modality.VIDEO, t_start=10.0, t_end=19.5, frame=frame),
        cite(docs["audio"], Modality.AUDIO, t_start=5.2, t_end=9.0),
    ]
    uncited = cite(docs["pdf"], Modality.TEXT, page=2).model_copy(
        update={"chunk_id": "chunk-uncited", "snippet": UNCITED_SNIPPET, "score": 0.3}
    )
    # Office evidence: the source cards name slides, sheets with rows and sections.
    office = [
        uncited.model_copy(
            update={
                "chunk_id": f"chunk-office-{i}",
                "file": name,
                "page": None,
                "snippet": f"office evidence {i}",
                **where,
            }
        )
        for i, (name, where) in enumerate(
            [
                ("deck.pptx", {"page": 3, "page_unit": "slide"}),
                (
                    "budget.xlsx",
                    {"page": 1, "page_unit": "sheet", "sheet": "Budget", "row_start": 12},
                ),
                ("plan.docx", {"heading": "Staffing"}),
            ]
        )
    ]
    answer = Answer(
        answer=ANSWER_TEXT,
        found=True,
        citations=citations,
        evidence=[*citations, uncited, *office],
        trace=[{"step": "fixed"}],
    )
    _index_chunks(runtime, docs, frame)
    ask = RecordingAsk(answer)
    with serve_app(create_app(runtime, ask=ask)) as url:
        yield Seeded(url, runtime, ask, docs, sent, bbox, pdf)
    runtime.close()


@pytest.fixture()
def app(api: Seeded, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("MMRAG_API_URL", api.url)
    monkeypatch.delenv("MMRAG_API_KEY", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += (
        [e.value for e in at.error] + [i.value for i in at.info] + [w.value for w in at.warning]
    )
    return "\n".join(str(p) for p in parts)


def _section(at: AppTest, name: str) -> AppTest:
    at.sidebar.radio(key="section").set_value(name).run()
    assert not at.exception, at.exception
    return at


# --------------------------------------------------------------------------- client


def test_sse_parser_handles_multiline_data_and_comments() -> None:
    lines = [": keepalive", "event: token", 'data: "a"', "", "data: x", "data: y", "", "event: end"]
    assert list(iter_sse(lines)) == [("token", '"a"'), ("message", "x\ny")]


def test_client_reads_documents_blobs_and_answers(api: Seeded) -> None:
    with ApiClient(api.url) as client:
        assert client.health().status == "ok"
        docs = {d.source_id: d for d in client.list_documents()}
        pdf = api.docs["pdf"]
        assert set(docs) == {d.source_id for d in api.docs.values()}
        assert docs[pdf.source_id].pages == 3
        assert client.blob(docs[pdf.source_id].original_key) == api.pdf_path.read_bytes()
        answer = client.ask("what was spent?", k=3, modalities=["table"], thread_id="t1")
        assert answer.answer == ANSWER_TEXT
        assert [c.modality for c in answer.citations] == ["table", "video", "audio"]
        assert api.ask.calls[-1][1].modalities == [Modality.TABLE]
        # the API scopes thread ids to the tenant before they reach the agent
        assert api.ask.calls[-1][2:] == (3, stable_id("thread", api.runtime.settings.tenant, "t1"))
        events = list(client.ask_stream("what was spent?"))
        tokens = "".join(v for kind, v in events if kind == "token" and isinstance(v, str))
        assert tokens == ANSWER_TEXT
        assert events[-1][0] == "answer"
        with pytest.raises(ApiError) as missing:
            client.get_job("no-such-job")
        assert missing.value.status == 404
        with pytest.raises(ApiError) as invalid:
            client.ask("")
        assert invalid.value.status == 422 and "question" in invalid.value.detail


def test_unreachable_api_is_a_clear_error() -> None:
    with ApiClient(f"http://127.0.0.1:{_free_port()}") as client, pytest.raises(ApiError) as err:
        client.health()
    assert err.value.status == 0 and "cannot reach the API" in err.value.detail


def test_page_render_highlights_the_cited_region(api: Seeded) -> None:
    import pypdfium2 as pdfium

    data = api.pdf_path.read_bytes()
    doc = pdfium.PdfDocument(data)
    scale = 600 / doc[0].get_width()
    doc.close()
    plain = Image.open(io.BytesIO(render_pdf_page(data, 1, None, width_px=600))).convert("RGB")
    marked = Image.open(io.BytesIO(render_pdf_page(data, 1, api.bbox, width_px=600))).convert("RGB")
    assert plain.size == marked.size and plain.width == 600
    x0, y0, _x1, y1 = (v * scale for v in api.bbox)
    r, g, b = marked.getpixel((int(x0) + 1, int((y0 + y1) / 2)))  # type: ignore[misc]
    assert r > 180 and b < 120, (r, g, b)  # the orange outline
    corner = (plain.width - 5, plain.height - 5)
    assert marked.getpixel(corner) == plain.getpixel(corner)  # nothing changes outside the box
    with pytest.raises(ValueError, match="outside"):
        render_pdf_page(data, 999)


# --------------------------------------------------------------------------- app


def test_app_starts_on_ask_and_shows_connection(app: AppTest, api: Seeded) -> None:
    assert app.sidebar.radio(key="section").value == "Ask"
    assert any(api.url in c.value for c in app.sidebar.caption)
    assert [h.value for h in app.header] == ["Ask"]


def _set_preferences(at: AppTest, k: int, modalities: list[str]) -> None:
    _section(at, "Settings")
    at.slider(key="settings_k").set_value(k).run()
    at.multiselect(key="settings_modalities").set_value(modalities).run()
    assert not at.exception, at.exception
    _section(at, "Ask")


def test_ask_shows_answer_with_page_frame_and_players(app: AppTest, api: Seeded) -> None:
    _set_preferences(app, 4, ["table", "video"])
    app.chat_input(key="question").set_value("How much was spent?").run(timeout=60)
    assert not app.exception, app.exception
    question, filters, k, thread = api.ask.calls[-1]
    assert question == "How much was spent?" and k == 4
    assert sorted(filters.modalities or []) == [Modality.TABLE, Modality.VIDEO]
    tenant = api.runtime.settings.tenant
    assert thread == stable_id("thread", tenant, app.session_state["thread_id"])
    texts = _texts(app)
    assert "\\$1.2 million" in texts  # dollar signs escaped, not rendered as math
    # The [1] in the answer links to the first source card, which carries that anchor.
    assert "[\\[1\\]](#src-m1-1)" in texts
    assert '<span id="src-m1-1"></span>' in texts
    titles = [m.value for m in app.markdown if str(m.value).startswith("**[")]
    assert any(t.startswith("**[1]**") and "p.1" in t for t in titles), titles
    assert any(t.startswith("**[2]**") and "00:10-00:19" in t for t in titles), titles
    assert len(app.image) >= 2  # the highlighted page and the keyframe
    (video,) = app.get("video")
    (audio,) = app.get("audio")
    assert video.proto.start_time == 10 and audio.proto.start_time == 5
    # Evidence the answer did not cite is behind a toggle.
    assert UNCITED_SNIPPET not in _texts(app)
    app.toggle(key="m1_all_evidence").set_value(True).run()
    texts = _texts(app)
    assert UNCITED_SNIPPET in texts
    for label in ("deck.pptx slide 3", "budget.xlsx sheet Budget, row 12", "plan.docx § Staffing"):
        assert f"**{label}**" in texts, label
    # The conversation survives a rerun and keeps its thread.
    app.chat_input(key="question").set_value("And the year before?").run(timeout=60)
    assert api.ask.calls[-1][3] == thread
    assert len(app.session_state["messages"]) == 4
    app.button(key="new_chat").click().run()
    assert app.session_state["messages"] == []
    assert stable_id("thread", tenant, app.session_state["thread_id"]) != thread


def test_conversation_is_listed_reopened_renamed_and_deleted(
    app: AppTest, api: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.chat_input(key="question").set_value("Where are   the pumps?").run(timeout=60)
    thread_id = app.session_state["thread_id"]
    assert app.query_params["thread"] in (
        thread_id,
        [thread_id],
    )  # a reload opens the same conversation
    listed = app.sidebar.button(key=f"thread_{thread_id}")
    assert listed.label == "Where are the pumps?"

    # A new browser session with the thread in its URL shows the conversation from the server.
    reopened = AppTest.from_file(str(APP), default_timeout=60)
    reopened.query_params["thread"] = thread_id
    reopened.run()
    assert not reopened.exception, reopened.exception
    assert reopened.session_state["thread_id"] == thread_id
    assert [m["role"] for m in reopened.session_state["messages"]] == ["user", "assistant"]
    assert "Where are   the pumps?" in _texts(reopened)
    assert "[\\[1\\]](#src-m1-1)" in _texts(reopened)

    reopened.sidebar.text_input(key=f"thread_title_{thread_id}").set_value("Pumps")
    reopened.sidebar.button(key="thread_rename").click().run()
    assert reopened.sidebar.button(key=f"thread_{thread_id}").label == "Pumps"
    reopened.sidebar.button(key="thread_delete").click().run()
    assert not reopened.exception, reopened.exception
    with ApiClient(api.url) as client:
        assert thread_id not in [t.thread_id for t in client.list_threads()]
    assert reopened.session_state["thread_id"] != thread_id
    assert reopened.session_state["messages"] == []


def test_settings_show_what_the_server_reports(app: AppTest, api: Seeded) -> None:
    _section(app, "Settings")
    with ApiClient(api.url) as client:
        info = client.server_settings()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Answer mode"] == info.answer.mode
    assert metrics["Server"] == f"v{info.version}"
    assert f"**Configured (MMRAG_ANSWER_MODE)**: {info.answer.configured}" in _texts(app)


def test_library_lists_and_deletes(app: AppTest, api: Seeded) -> None:
    _section(app, "Library")
    (table,) = app.dataframe
    frame = table.value
    assert sorted(frame["File"]) == sorted(d.filename for d in api.docs.values())
    assert set(frame["Pages / duration"]) == {"3 pages", "00:28", "00:40"}
    audio = api.docs["audio"]
    app.multiselect(key="library_selection").set_value([audio.source_id]).run()
    app.button(key="delete").click().run()
    assert any(audio.filename in w.value for w in app.warning)
    app.button(key="delete_confirm").click().run()
    assert (TASK_DELETE_DOCUMENT, [audio.tenant, audio.source_id]) in api.sent
    assert any("Deleting 1 document" in i.value for i in app.info)


def test_library_opens_a_document_and_shows_its_chunks(app: AppTest, api: Seeded) -> None:
    _section(app, "Library")
    pdf = api.docs["pdf"]
    app.selectbox(key="library_open").set_value(pdf.source_id).run()
    assert not app.exception, app.exception
    assert pdf.filename in [s.value for s in app.subheader]
    captions = [c.value for c in app.caption]
    assert any(
        c.startswith("**table** · table · p.2 · box 72,200-540,320 pt · pdfplumber")
        for c in captions
    ), captions
    assert any("text 1" in c and "table 1" in c for c in captions), captions
    assert [h.proto.body for h in app.get("html")] == [TABLE_HTML]
    app.multiselect(key="doc_modalities").set_value(["text"]).run()
    assert [t.value for t in app.text] == ["The utility served its customers."]
    app.multiselect(key="doc_modalities").set_value([]).run()
    app.text_input(key="doc_search").set_value("SPENDING").run()
    assert "Year Spending 2024 1.2" in [t.value for t in app.text]
    assert "The utility served its customers." not in [t.value for t in app.text]
    video = api.docs["video"]
    app.selectbox(key="library_open").set_value(video.source_id).run()
    app.text_input(key="doc_search").set_value("").run()
    captions = [c.value for c in app.caption]
    assert any("**video** · transcript · 00:10-00:19 · faster-whisper" in c for c in captions)
    assert any(i.proto.imgs[0].caption == "Keyframe" for i in app.image), "no keyframe"


def test_upload_reports_progress_and_failure_reasons(app: AppTest, api: Seeded) -> None:
    _section(app, "Upload")
    assert app.button(key="ingest").disabled
    pdf_bytes = api.pdf_path.read_bytes()
    app.file_uploader[0].set_value(
        [
            ("notes.json", b'{"json": "is not a document type"}', "application/json"),
            ("copy of report.pdf", pdf_bytes, "application/pdf"),
            (api.docs["pdf"].filename, pdf_bytes, "application/pdf"),
        ]
    ).run()
    app.button(key="ingest").click().run(timeout=60)
    assert not app.exception, app.exception
    job_id = app.session_state["last_upload_job"]
    assert app.session_state["job_ids"][0] == job_id
    queued = [args for name, args in api.sent if name == TASK_INGEST_FILE]
    assert len(queued) == 1  # the unchanged file is skipped, the JSON file fails at once
    (table,) = app.dataframe
    states = dict(zip(table.value["File"], table.value["State"], strict=True))
    assert states == {
        "notes.json": "failed",
        "copy of report.pdf": "queued",
        api.docs["pdf"].filename: "unchanged",
    }
    errors = " ".join(e.value for e in app.error)
    assert "notes.json" in errors and "unsupported file type" in errors
    # The same job is listed under Jobs.
    _section(app, "Jobs")
    assert any(job_id in m.value for m in app.markdown)


def test_jobs_and_reports_have_helpful_empty_states(app: AppTest, api: Seeded) -> None:
    _section(app, "Jobs")
    with ApiClient(api.url) as client:
        if client.list_jobs() is None:  # without a job list, a new session has no jobs
            assert any("No jobs yet" in i.value for i in app.info)
    app.text_input[0].set_value("does-not-exist")
    app.button[0].click().run()  # the form's submit button
    assert any("No job with id does-not-exist" in w.value for w in app.warning)
    assert "does-not-exist" not in app.session_state["job_ids"]
    _section(app, "Reports")
    assert app.button(key="run_report").disabled  # nothing to run without a template
    with ApiClient(api.url) as client:
        if not client.list_reports():
            assert any("No reports yet" in i.value for i in app.info)


def test_api_errors_are_shown_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MMRAG_API_URL", f"http://127.0.0.1:{_free_port()}")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    assert any("API unreachable" in e.value for e in at.sidebar.error)
    _section(at, "Library")
    assert any("Could not load documents" in e.value for e in at.error)


def test_reingest_uploads_the_stored_original_again(app: AppTest, api: Seeded) -> None:
    _section(app, "Library")
    pdf = api.docs["pdf"]
    before = len(app.session_state["job_ids"])
    app.multiselect(key="library_selection").set_value([pdf.source_id]).run()
    app.button(key="reingest").click().run(timeout=60)
    assert not app.exception, app.exception
    assert len(app.session_state["job_ids"]) == before + 1
    with ApiClient(api.url) as client:
        job = client.get_job(app.session_state["job_ids"][0])
    assert [(f.filename, f.state) for f in job.files] == [(pdf.filename, "skipped")]
    assert any("unchanged and skipped" in i.value for i in app.info)


# --------------------------------------------------------------------------- reports

TEMPLATE = Path(__file__).resolve().parents[2] / "examples" / "report_template.yaml"


def _run_folder(api: Seeded, run_id: str) -> Path:
    from mmrag.platform.api.reports import ReportRuns

    return ReportRuns(api.runtime).folder(api.runtime.settings.tenant, run_id)


def test_report_template_is_checked_previewed_and_started(app: AppTest, api: Seeded) -> None:
    _section(app, "Reports")
    app.text_area(key="report_template_text").set_value("name: broken\nfields: 3").run()
    assert any("cannot be run" in e.value and "'fields'" in e.value for e in app.error)
    assert app.button(key="run_report").disabled
    app.file_uploader(key="report_template_file").set_value(
        [(TEMPLATE.name, TEMPLATE.read_bytes(), "application/x-yaml")]
    ).run()
    assert not app.error  # the uploaded file wins over the pasted text
    assert "Heronsgate Water - key figures · 7 field(s)" in [e.label for e in app.expander]
    (preview,) = app.dataframe
    assert list(preview.value["Field"])[:2] == ["customers_served", "lowest_reservoir_level"]
    assert len(preview.value) == 7
    app.multiselect(key="report_documents").set_value([api.docs["pdf"].source_id]).run()
    app.button(key="run_report").click().run(timeout=60)
    assert not app.exception, app.exception
    run_id = app.session_state["report_run"]
    folder = _run_folder(api, run_id)
    assert (folder / "template.yaml").read_bytes() == TEMPLATE.read_bytes()
    with ApiClient(api.url) as client:
        run = client.get_report(run_id)
    # This fixture has no worker: the run stays queued (the browser test runs it for real).
    assert (run.state, run.template, run.source_ids) == (
        "running",
        "heronsgate_summary",
        [api.docs["pdf"].source_id],
    )
    assert any("running" in m.value and "heronsgate_summary" in m.value for m in app.markdown)
    assert any("every field is asked of every document" in i.value for i in app.info)


def test_finished_report_shows_cited_values_and_downloads(app: AppTest, api: Seeded) -> None:
    from mmrag.agents.reports import (
        FieldResult,
        FieldStatus,
        ReportResult,
        ReportRow,
        load_template,
        write_report,
    )

    with ApiClient(api.url) as client:
        run = client.run_report(TEMPLATE.read_text())
    pdf = api.docs["pdf"]
    template = load_template(TEMPLATE)
    cite = Citation(
        file=pdf.filename, uri=pdf.uri, source_id=pdf.source_id, chunk_id="c1", modality="text"
    )
    cells = {
        f.name: FieldResult(field=f.name, status=FieldStatus.MISSING, reason="not in the evidence")
        for f in template.fields
    }
    cells["customers_served"] = FieldResult(
        field="customers_served",
        status=FieldStatus.FOUND,
        value=48250,
        text="48,250",
        unit="customers",
        quote="The utility served 48,250 customers.",
        citation=cite.model_copy(update={"page": 2}),
    )
    result = ReportResult(
        template=template.name,
        title=template.title,
        rows=[ReportRow(source_id=pdf.source_id, filename=pdf.filename, uri=pdf.uri, fields=cells)],
        fields=template.fields,
        started_at=time.time(),
        finished_at=time.time(),
    )
    # The worker's output, written by the agents' own writer (this fixture runs no worker).
    write_report(result, _run_folder(api, run.run_id))

    _section(app, "Reports")
    runs = app.selectbox(key="report_run")
    (index,) = [i for i, label in enumerate(runs.options) if label.endswith(run.run_id[:8])]
    runs.select_index(index).run(timeout=60)
    assert not app.exception, app.exception
    texts = _texts(app)
    assert "1 document(s) × 7 field(s): 1 found, 6 missing" in texts
    assert f"**customers_served**: 48250 customers · :material/description: {pdf.filename} p.2" in (
        texts
    )
    assert "missing: not in the evidence" in texts
    table = app.dataframe[-1].value
    row = table[table["Field"] == "customers_served"].iloc[0]
    assert (row["Value"], row["Citation"], row["Status"]) == (
        "48250",
        f"{pdf.filename} p.2",
        "found",
    )
    downloads = {b.proto.label: b for b in app.get("download_button")}
    assert set(downloads) == {"Download CSV", "Download JSON", "Download HTML"}
    with ApiClient(api.url) as client:
        csv_bytes = client.report_file(run.run_id, "report.csv")
        assert client.get_report(run.run_id).state == "succeeded"
        with pytest.raises(ApiError) as missing:
            client.get_report("0" * 32)
        assert missing.value.status == 404
        refused = client.run_report("just: text")
        assert refused.state == "failed" and "'name' is missing" in (refused.error or "")
    assert b"customers_served_citation" in csv_bytes and f"{pdf.filename} p.2".encode() in csv_bytes
