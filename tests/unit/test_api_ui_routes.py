"""The REST routes behind the UI: conversation threads, a document's chunks, server settings.

A real API app (FastAPI test client) over a real runtime: SQLite job store, the embedded Qdrant
Edge index with chunks upserted into it, and an ask function that returns a fixed answer.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

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
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from mmrag.platform.threads import MAX_TITLE_CHARS, ThreadStore, title_from

pytestmark = pytest.mark.unit

KEYS = "key-a:acme,key-b:globex"
A = {"X-API-Key": "key-a"}
B = {"X-API-Key": "key-b"}


def _answer(text: str) -> Answer:
    cite = Citation(
        file="report.pdf",
        uri="upload://acme/report.pdf",
        source_id="s1",
        chunk_id="c1",
        modality=Modality.TABLE,
        page=2,
        bbox=(10.0, 20.0, 200.0, 80.0),
        snippet="Spending rose to 1.2 million.",
    )
    other = cite.model_copy(update={"chunk_id": "c2", "page": 3, "snippet": "Other passage."})
    return Answer(answer=text, found=True, citations=[cite], evidence=[cite, other])


class Asker:
    """Answers every question with ``answer to: <question>`` and remembers the thread ids."""

    def __init__(self) -> None:
        self.threads: list[str | None] = []

    def __call__(self, question: str, filters: SearchFilters, k: int, thread: str | None) -> Answer:
        self.threads.append(thread)
        return _answer(f"answer to: {question} [1]")


@pytest.fixture()
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    with Runtime(Settings(data_dir=tmp_path / "data", api_keys=KEYS)) as rt:
        yield rt


@pytest.fixture()
def http(runtime: Runtime) -> TestClient:
    return TestClient(create_app(runtime, ask=Asker()))


# --------------------------------------------------------------------------- threads


def test_title_is_the_first_question_on_one_line_and_bounded() -> None:
    assert title_from("  Which   reservoir\nwas lowest? ") == "Which reservoir was lowest?"
    long = "word " * 60
    title = title_from(long)
    assert len(title) <= MAX_TITLE_CHARS and title.endswith(" word…")  # cut between words
    assert title_from("   ") == "Untitled"


def test_asking_in_a_thread_records_turns_listed_per_tenant(http: TestClient) -> None:
    first = http.post(
        "/v1/ask", json={"question": "How much was spent?", "thread_id": "t1"}, headers=A
    )
    assert first.status_code == 200, first.text
    http.post("/v1/ask", json={"question": "And the year before?", "thread_id": "t1"}, headers=A)
    http.post("/v1/ask", json={"question": "No thread here"}, headers=A)
    http.post("/v1/ask", json={"question": "Globex asks", "thread_id": "t1"}, headers=B)

    listed = http.get("/v1/threads", headers=A).json()
    assert [(t["thread_id"], t["title"], t["turns"]) for t in listed] == [
        ("t1", "How much was spent?", 2)
    ]
    thread = http.get("/v1/threads/t1", headers=A).json()
    assert [turn["question"] for turn in thread["history"]] == [
        "How much was spent?",
        "And the year before?",
    ]
    answer = thread["history"][1]["answer"]
    assert answer["answer"] == "answer to: And the year before? [1]"
    assert answer["citations"][0]["bbox"] == [10.0, 20.0, 200.0, 80.0]
    assert [e["chunk_id"] for e in answer["evidence"]] == ["c1", "c2"]
    # The same client id in another tenant is another conversation.
    other = http.get("/v1/threads/t1", headers=B).json()
    assert [turn["question"] for turn in other["history"]] == ["Globex asks"]


def test_rename_and_delete_are_tenant_scoped_problems_otherwise(http: TestClient) -> None:
    http.post("/v1/ask", json={"question": "First question", "thread_id": "t2"}, headers=A)
    renamed = http.patch("/v1/threads/t2", json={"title": "  Budget   2024 "}, headers=A)
    assert renamed.status_code == 200 and renamed.json()["title"] == "Budget 2024"
    for method in ("GET", "DELETE"):
        foreign = http.request(method, "/v1/threads/t2", headers=B)
        assert foreign.status_code == 404
        assert foreign.headers["content-type"].startswith("application/problem+json")
        assert foreign.json()["type"] == "not_found"
    assert http.patch("/v1/threads/t2", json={"title": "x"}, headers=B).status_code == 404
    assert http.patch("/v1/threads/t2", json={"title": "   "}, headers=A).status_code == 422
    assert http.get("/v1/threads", headers={"X-API-Key": "nope"}).status_code == 401
    assert http.delete("/v1/threads/t2", headers=A).status_code == 204
    assert http.get("/v1/threads/t2", headers=A).status_code == 404
    assert http.get("/v1/threads", headers=A).json() == []


def test_a_streamed_ask_records_its_turn_too(http: TestClient) -> None:
    body = {"question": "Streamed question", "thread_id": "t3", "stream": True}
    with http.stream("POST", "/v1/ask", json=body, headers=A) as response:
        events = [line for line in response.iter_lines() if line.startswith("event:")]
    assert events[-1] == "event: answer"
    turns = http.get("/v1/threads/t3", headers=A).json()["history"]
    assert [t["question"] for t in turns] == ["Streamed question"]


def test_recording_passes_events_through_and_saves_at_the_answer(runtime: Runtime) -> None:
    store = ThreadStore(runtime.store.engine)
    answer = _answer("streamed [1]")
    events: list[tuple[str, Any]] = [("token", "streamed "), ("token", "[1]"), ("answer", answer)]
    seen = list(store.recording(iter(events), "acme", "live", "a question"))
    assert seen == events
    (turn,) = store.get_thread("acme", "live").history
    assert turn.answer == answer
    assert list(store.recording(iter(events), "acme", None, "q")) == events  # no thread: no turn
    assert [t.thread_id for t in store.list_threads("acme")] == ["live"]


# --------------------------------------------------------------------------- chunks


def _chunk(doc: Document, n: int, modality: Modality, text: str, **where: Any) -> Chunk:
    return Chunk(
        id=stable_id(doc.source_id, n),
        text=text,
        modality=modality,
        kind=ElementKind.TABLE if modality is Modality.TABLE else ElementKind.TEXT,
        provenance=Provenance(source_id=doc.source_id, uri=doc.uri, filename=doc.filename, **where),
        content_hash=doc.content_hash,
        tenant=doc.tenant,
        html="<table><tr><td>1.2</td></tr></table>" if modality is Modality.TABLE else None,
        method="pdfplumber" if modality is Modality.TABLE else "pdfium-text",
    )


def _vectors(n: int) -> PointVectors:
    dense = [0.0] * 384
    dense[n % 384] = 1.0
    return PointVectors(dense=dense, sparse=SparseVec(indices=[n], values=[1.0]))


def _document(runtime: Runtime, tenant: str, name: str) -> Document:
    doc = Document(
        source_id=stable_id("doc", tenant, name),
        tenant=tenant,
        uri=f"upload://{tenant}/{name}",
        filename=name,
        content_hash=stable_id("hash", tenant, name).replace("-", ""),
        media_kind="pdf",
        mime="application/pdf",
        size_bytes=1000,
        pages=3,
        updated_at=1.0,
    )
    runtime.store.upsert_document(doc)
    return doc


@pytest.fixture()
def indexed(runtime: Runtime) -> Document:
    doc = _document(runtime, "acme", "report.pdf")
    chunks = [
        _chunk(doc, 1, Modality.TEXT, "Spending rose in 2024.", page=2, bbox=(50, 300, 500, 320)),
        _chunk(doc, 2, Modality.TABLE, "Year Spending 2024 1.2", page=1, bbox=(50, 400, 500, 500)),
        _chunk(
            doc,
            3,
            Modality.TEXT,
            "Introduction to the water report.",
            page=1,
            bbox=(50, 80, 500, 120),
        ),
    ]
    chunks += [
        _chunk(
            doc,
            10 + i,
            Modality.TEXT,
            f"Appendix line {i}",
            page=3,
            bbox=(50, 100 + i, 500, 110 + i),
        )
        for i in range(5)
    ]
    other = _document(runtime, "globex", "secret.pdf")
    chunks.append(_chunk(other, 99, Modality.TEXT, "Globex only.", page=1))
    runtime.index.ensure_collection()
    runtime.index.upsert(chunks, [_vectors(i) for i in range(len(chunks))])
    return doc


def test_chunks_come_in_reading_order_with_provenance(http: TestClient, indexed: Document) -> None:
    page = http.get(f"/v1/documents/{indexed.source_id}/chunks", headers=A).json()
    assert page["total"] == 8 and page["modalities"] == {"table": 1, "text": 7}
    first = page["chunks"][:3]
    assert [(c["page"], c["text"]) for c in first] == [
        (1, "Introduction to the water report."),
        (1, "Year Spending 2024 1.2"),
        (2, "Spending rose in 2024."),
    ]
    table = first[1]
    assert table["modality"] == "table" and table["method"] == "pdfplumber"
    assert table["html"].startswith("<table>") and table["bbox"] == [50.0, 400.0, 500.0, 500.0]


def test_chunks_filter_by_modality_and_text_and_page(http: TestClient, indexed: Document) -> None:
    url = f"/v1/documents/{indexed.source_id}/chunks"
    tables = http.get(url, params={"modality": "table"}, headers=A).json()
    assert [c["modality"] for c in tables["chunks"]] == ["table"] and tables["total"] == 1
    found = http.get(url, params={"q": "SPENDING  rose"}, headers=A).json()
    assert [c["text"] for c in found["chunks"]] == ["Spending rose in 2024."]
    paged = http.get(url, params={"offset": 3, "limit": 2}, headers=A).json()
    assert [c["text"] for c in paged["chunks"]] == ["Appendix line 0", "Appendix line 1"]
    assert paged["total"] == 8
    assert http.get(url, params={"limit": 10_000}, headers=A).status_code == 422
    assert http.get(url, params={"modality": "smell"}, headers=A).status_code == 422


def test_chunks_of_another_tenants_document_are_not_found(
    http: TestClient, runtime: Runtime, indexed: Document
) -> None:
    assert http.get(f"/v1/documents/{indexed.source_id}/chunks", headers=B).status_code == 404
    other = stable_id("doc", "globex", "secret.pdf")
    response = http.get(f"/v1/documents/{other}/chunks", headers=A)
    assert response.status_code == 404 and response.json()["type"] == "not_found"


# --------------------------------------------------------------------------- settings


class _Models(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        ok = self.path == "/v1/models"
        body = json.dumps({"data": [{"id": "served-model"}]} if ok else {}).encode()
        self.send_response(200 if ok else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def llm_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Models)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://user:pw@127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def _settings(tmp_path: Path, **kwargs: Any) -> dict[str, Any]:
    with Runtime(Settings(data_dir=tmp_path / "data", **kwargs)) as rt:
        response = TestClient(create_app(rt)).get("/v1/settings")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_settings_report_extractive_without_a_model(tmp_path: Path) -> None:
    models = tmp_path / "no-models"
    body = _settings(tmp_path, models_dir=models, answer_mode="auto")
    assert body["answer"]["mode"] == "extractive" and body["answer"]["model"] == ""
    assert body["answer"]["health"]["status"] == "not_needed"
    assert body["limits"]["max_upload_files"] == Settings().max_upload_files
    assert body["defaults"]["k"] == 5 and "audio" in body["defaults"]["modalities"]


def test_settings_report_the_remote_model_and_its_health_without_secrets(
    tmp_path: Path, llm_url: str
) -> None:
    body = _settings(
        tmp_path,
        llm_url=llm_url,
        llm_model="served-model",
        llm_api_key="s3cret-key",
        answer_mode="auto",
    )
    answer = body["answer"]
    assert (answer["mode"], answer["model"], answer["health"]["status"]) == (
        "remote",
        "served-model",
        "ok",
    )
    assert answer["endpoint"].endswith("/v1") and "pw" not in answer["endpoint"]
    assert "s3cret-key" not in json.dumps(body)
    down = _settings(tmp_path, llm_url="http://127.0.0.1:9/v1", llm_model="m", answer_mode="auto")
    assert down["answer"]["health"]["status"] == "unreachable"


def test_settings_report_the_local_model_the_answers_load(tmp_path: Path) -> None:
    from mmrag.agents.answering.local_model import LocalChatModel
    from mmrag.agents.service import answer_model

    gguf = tmp_path / "own.gguf"
    gguf.write_bytes(b"GGUF")  # present is all the resolver checks; nothing loads it here
    options: dict[str, Any] = {"answer_mode": "auto", "llm_url": None, "local_model": gguf}
    answer = _settings(tmp_path, **options)["answer"]
    assert (answer["mode"], answer["model"], answer["health"]["status"]) == (
        "local",
        "own.gguf",
        "ok",
    )
    llm, resolved = answer_model(Settings(data_dir=tmp_path / "data", **options))
    assert isinstance(llm, LocalChatModel) and llm.path == gguf
    assert (resolved.mode, resolved.reason) == (answer["mode"], answer["reason"])
    explicit = _settings(tmp_path, answer_mode="local", local_model=tmp_path / "none.gguf")
    assert explicit["answer"]["health"]["status"] == "missing"
    assert "mmrag models install" in explicit["answer"]["health"]["detail"]


def test_status_shows_the_answer_mode_in_effect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from mmrag.cli import app as cli
    from mmrag.platform.settings import get_settings

    monkeypatch.setenv("MMRAG_ANSWER_MODE", "auto")
    monkeypatch.setenv("MMRAG_MODELS_DIR", str(tmp_path / "no-models"))
    monkeypatch.delenv("MMRAG_LLM_URL", raising=False)
    monkeypatch.delenv("MMRAG_LOCAL_MODEL", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["status", "--data-dir", str(tmp_path / "data")])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "answers: extractive: no local model at" in " ".join(result.output.split())


def _has(field: str) -> bool:
    return field in Settings.model_fields
