"""The REST API over real HTTP: a uvicorn server on an embedded-default runtime with a worker.

Covers upload with server-sent progress, documents, query, ask (JSON and streamed), delete,
tenant isolation between two API keys, error mapping, and a bounded schemathesis run against
the published OpenAPI spec.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from langgraph.checkpoint.sqlite import SqliteSaver
from schemathesis import GenerationMode

from mmrag.agents.graph import build_qa_graph
from mmrag.agents.service import agent_deps
from mmrag.ingestion.tasks import register_tasks
from mmrag.platform.api.app import AskFn, create_app
from mmrag.platform.models import Answer, SearchFilters
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from tests.doc_files import tiny_pdf
from tests.servers import problem, serve_app

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PDF = EXAMPLES / "heronsgate_water_2024.pdf"
WAV = EXAMPLES / "heronsgate_briefing.wav"
HOSTILE = "../../etc/passwd.pdf"
HOSTILE_TEXT = "Gatehouse memo: the Ferncliff pumping station was repainted in 2023."
QUESTION = "How many customers did Heronsgate Water serve in 2024?"
KEY_A, KEY_B, KEY_FUZZ = "key-alpha", "key-beta", "key-fuzz"
STAGES = {"queued": 0, "detect": 1, "extract": 2, "chunk": 2, "embed": 2, "finalize": 3, "done": 4}


@dataclass
class Api:
    """A running server and what the tests need to reach behind it."""

    url: str
    runtime: Runtime
    root: Path  # the tmp tree around the data dir: nothing may be written outside data_dir

    def client(self, key: str | None) -> httpx.Client:
        headers = {"X-API-Key": key} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120)


def _ask_fn(runtime: Runtime, conn: sqlite3.Connection) -> AskFn:
    """The agent as ``mmrag serve`` wires it (one graph, threads kept in SQLite)."""
    graph = build_qa_graph(agent_deps(runtime), checkpointer=SqliteSaver(conn))

    def ask(question: str, filters: SearchFilters, k: int, thread_id: str | None) -> Answer:
        return graph.invoke(question, filters, k, thread_id=thread_id)

    return ask


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    root = tmp_path_factory.mktemp("api")
    settings_ = Settings(
        data_dir=root / "srv" / "var" / "data",
        redis_url=None,
        qdrant_url=None,
        api_keys=f"{KEY_A}:alpha, {KEY_B}:beta, {KEY_FUZZ}:fuzz",
    )
    threads_db = settings_.data_dir / "threads.sqlite3"
    with (
        Runtime(settings_) as runtime,
        closing(sqlite3.connect(str(threads_db), check_same_thread=False)) as threads,
    ):
        runtime.start_worker(register_tasks)
        with serve_app(create_app(runtime, ask=_ask_fn(runtime, threads))) as url:
            yield Api(url=url, runtime=runtime, root=root)


def _files_outside(api: Api) -> set[Path]:
    data_dir = api.runtime.settings.data_dir
    return {p for p in api.root.rglob("*") if p.is_file() and data_dir not in p.parents}


def _read_sse(client: httpx.Client, method: str, url: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Every ``(event, data)`` of a server-sent event stream, read until the server ends it."""
    events: list[tuple[str, Any]] = []
    event, data = "", []
    timeout = httpx.Timeout(30, read=600)  # a safety bound, not an assertion
    with client.stream(method, url, timeout=timeout, **kwargs) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line.removeprefix("event:").strip()
            elif line.startswith("data:"):
                data.append(line.removeprefix("data:").removeprefix(" "))
            elif line == "" and data:
                events.append((event, json.loads("\n".join(data))))
                event, data = "", []
    return events


def _upload(client: httpx.Client, files: list[tuple[str, bytes]]) -> httpx.Response:
    parts = [("files", (name, body, "application/octet-stream")) for name, body in files]
    return client.post("/v1/documents", files=parts)


def _assert_progress_monotonic(events: list[tuple[str, Any]]) -> None:
    """Per file: state, stage, done and total never go backwards; done never exceeds total."""
    seen: dict[str, tuple[int, int, int, int]] = {}
    order = {"queued": 0, "running": 1, "succeeded": 2, "failed": 2, "skipped": 2}
    for _, job in events:
        for f in job["files"]:
            now = (order[f["state"]], STAGES[f["stage"]], f["done"], f["total"])
            before = seen.get(f["task_id"], (0, 0, 0, 0))
            assert now[:2] >= before[:2], (f["filename"], before, now)
            if now[1] == before[1]:
                assert now[2] >= before[2], f"done went backwards in {f['stage']}: {f}"
            assert now[3] >= before[3], f"total went backwards: {f}"
            assert f["total"] == 0 or 0 <= f["done"] <= f["total"], f
            seen[f["task_id"]] = now


@pytest.fixture(scope="module")
def ingested(api: Api) -> dict[str, Any]:
    """Tenant A uploads the examples plus bad files; the job's events are read until done."""
    before = _files_outside(api)
    with api.client(KEY_A) as client:
        response = _upload(
            client,
            [
                (PDF.name, PDF.read_bytes()),
                (WAV.name, WAV.read_bytes()),
                ("empty.pdf", b""),
                ("notes.pdf", b"just some plain text pretending to be a PDF\n" * 20),
                (HOSTILE, tiny_pdf(HOSTILE_TEXT)),
            ],
        )
        assert response.status_code == 202, response.text
        accepted = response.json()
        events = _read_sse(client, "GET", f"/v1/jobs/{accepted['job_id']}/events")
        docs = {d["filename"]: d for d in client.get("/v1/documents").json()}
    return {"accepted": accepted, "events": events, "docs": docs, "outside": before}


def test_upload_streams_progress_to_a_final_state_per_file(
    api: Api, ingested: dict[str, Any]
) -> None:
    accepted, events = ingested["accepted"], ingested["events"]
    assert accepted["job"]["job_id"] == accepted["job_id"]
    assert [f["filename"] for f in accepted["job"]["files"]] == [
        PDF.name,
        WAV.name,
        "empty.pdf",
        "notes.pdf",
        "passwd.pdf",
    ]
    kinds = [name for name, _ in events]
    assert kinds[-1] == "done" and set(kinds[:-1]) == {"progress"}, kinds
    assert events[-1][1] == events[-2][1]  # done repeats the last progress snapshot
    _assert_progress_monotonic(events)

    final = events[-1][1]
    assert final["state"] == "partially_succeeded"
    states = {f["filename"]: f for f in final["files"]}
    for name in (PDF.name, WAV.name, "passwd.pdf"):
        assert states[name]["state"] == "succeeded", states[name]
        assert states[name]["chunks"] > 0 and states[name]["done"] == states[name]["total"] > 0
    assert states["empty.pdf"]["state"] == "failed" and "empty" in states["empty.pdf"]["error"]
    assert states["notes.pdf"]["state"] == "failed" and states["notes.pdf"]["error"]
    assert states[WAV.name]["media_kind"] == "audio" and states[PDF.name]["pages"] == 2

    with api.client(KEY_A) as client:
        job = client.get(f"/v1/jobs/{accepted['job_id']}").json()
        assert job == final
        assert [j["job_id"] for j in client.get("/v1/jobs").json()] == [accepted["job_id"]]


def test_hostile_file_name_is_stored_safely(api: Api, ingested: dict[str, Any]) -> None:
    with api.client(KEY_A) as client:  # the client sends the name as given, traversal and all
        sent = client.build_request("POST", "/v1/documents", files=[("files", (HOSTILE, b"x"))])
        assert f'filename="{HOSTILE}"'.encode() in sent.read()
    doc = ingested["docs"]["passwd.pdf"]
    assert doc["uri"] == "upload://alpha/etc/passwd.pdf"  # ".." climbs no higher than the tenant
    assert _files_outside(api) == ingested["outside"], "a file was written outside the data dir"
    assert not list(api.root.rglob("passwd.pdf*"))
    assert not (Path.cwd() / HOSTILE).resolve().exists()
    with api.client(KEY_A) as client:
        hits = client.post("/v1/query", json={"query": "Ferncliff pumping station", "k": 1})
        [hit] = hits.json()
        assert hit["citation"]["file"] == "passwd.pdf" and hit["citation"]["page"] == 1
        assert hit["citation"]["source_id"] == doc["source_id"]
    tmp = api.runtime.settings.data_dir / "tmp"
    assert not any(tmp.rglob("*")), "upload temp files were left behind"


def test_documents_query_and_blobs(api: Api, ingested: dict[str, Any]) -> None:
    docs = ingested["docs"]
    assert set(docs) == {PDF.name, WAV.name, "passwd.pdf"}
    pdf = docs[PDF.name]
    with api.client(KEY_A) as client:
        assert client.get(f"/v1/documents/{pdf['source_id']}").json() == pdf
        assert pdf["pages"] == 2 and pdf["media_kind"] == "pdf" and pdf["chunks"] > 0

        hits = client.post(
            "/v1/query", json={"query": QUESTION, "k": 5, "source_ids": [pdf["source_id"]]}
        ).json()
        assert hits and all(h["citation"]["source_id"] == pdf["source_id"] for h in hits)
        top = next(h for h in hits if "48,250" in h["text"])
        citation = top["citation"]
        assert citation["file"] == PDF.name and citation["page"] == 1
        x0, y0, x1, y1 = citation["bbox"]
        assert 0 <= x0 < x1 and 0 <= y0 < y1

        spoken = client.post(
            "/v1/query", json={"query": "briefing", "k": 3, "modalities": ["audio"]}
        ).json()
        assert spoken and all(h["citation"]["file"] == WAV.name for h in spoken)
        for hit in spoken:
            c = hit["citation"]
            assert c["page"] is None and 0 <= c["t_start"] < c["t_end"] <= 16.0

        blob = client.get(f"/v1/blobs/orig/{pdf['content_hash']}")
        assert blob.status_code == 200 and blob.content == PDF.read_bytes()
        assert blob.headers["content-type"] == "application/pdf"  # not guessed from the key


def test_ask_json_and_streamed(api: Api, ingested: dict[str, Any]) -> None:
    with api.client(KEY_A) as client:
        answer = client.post("/v1/ask", json={"question": QUESTION}).json()
        assert answer["found"] and "48,250" in answer["answer"]
        assert any(c["file"] == PDF.name and c["page"] == 1 for c in answer["citations"])

        events = _read_sse(client, "POST", "/v1/ask", json={"question": QUESTION, "stream": True})
    kinds = [name for name, _ in events]
    assert kinds[-1] == "answer" and set(kinds[:-1]) == {"token"} and len(kinds) > 2
    streamed = events[-1][1]
    assert "".join(data for _, data in events[:-1]) == streamed["answer"] == answer["answer"]
    assert streamed["citations"] == answer["citations"]


def test_delete_removes_document_chunks_and_blobs(api: Api, ingested: dict[str, Any]) -> None:
    wav = ingested["docs"][WAV.name]
    with api.client(KEY_A) as client:
        blob_url = f"/v1/blobs/orig/{wav['content_hash']}"
        assert client.get(blob_url).status_code == 200
        response = client.delete(f"/v1/documents/{wav['source_id']}")
        assert response.status_code == 202
        assert response.json() == {"status": "deleting", "source_id": wav["source_id"]}
        deadline = time.monotonic() + 120  # deletion runs on the worker
        while client.get(f"/v1/documents/{wav['source_id']}").status_code != 404:
            assert time.monotonic() < deadline, "document was not deleted"
            time.sleep(0.2)
        assert WAV.name not in {d["filename"] for d in client.get("/v1/documents").json()}
        hits = client.post(
            "/v1/query", json={"query": "briefing", "k": 20, "source_ids": [wav["source_id"]]}
        ).json()
        assert hits == []
        assert (
            client.post("/v1/query", json={"query": "briefing", "modalities": ["audio"]}).json()
            == []
        )
        assert client.get(blob_url).status_code == 404
        assert not api.runtime.blobs.exists(f"orig/{wav['content_hash']}")
        assert client.delete(f"/v1/documents/{wav['source_id']}").status_code == 404


def test_tenant_isolation(api: Api, ingested: dict[str, Any]) -> None:
    pdf = ingested["docs"][PDF.name]
    job_id = ingested["accepted"]["job_id"]
    with api.client(KEY_B) as b:
        assert b.get("/v1/documents").json() == []
        assert b.get("/v1/jobs").json() == []
        for url in (
            f"/v1/documents/{pdf['source_id']}",
            f"/v1/jobs/{job_id}",
            f"/v1/jobs/{job_id}/events",
            f"/v1/blobs/orig/{pdf['content_hash']}",
        ):
            problem(b.get(url), 404, "not_found")
        problem(b.delete(f"/v1/documents/{pdf['source_id']}"), 404, "not_found")
        assert b.post("/v1/query", json={"query": QUESTION, "k": 20}).json() == []
        answer = b.post("/v1/ask", json={"question": QUESTION}).json()
        assert not answer["found"] and answer["citations"] == [] and answer["evidence"] == []
        assert "48,250" not in answer["answer"]

    for key in (None, "wrong-key"):
        with api.client(key) as anonymous:
            for method, url in (
                ("GET", "/v1/documents"),
                ("GET", f"/v1/documents/{pdf['source_id']}"),
                ("GET", f"/v1/jobs/{job_id}/events"),
                ("DELETE", f"/v1/documents/{pdf['source_id']}"),
                ("POST", "/v1/query"),
            ):
                body = {"query": QUESTION} if method == "POST" else None
                problem(anonymous.request(method, url, json=body), 401, "unauthorized")
    with api.client(KEY_A) as a:
        assert a.get(f"/v1/documents/{pdf['source_id']}").status_code == 200  # not deleted by B


def test_reingest_as_other_tenant_is_independent(api: Api, ingested: dict[str, Any]) -> None:
    pdf_a = ingested["docs"][PDF.name]
    with api.client(KEY_B) as b:
        response = _upload(b, [(PDF.name, PDF.read_bytes())])
        assert response.status_code == 202, response.text
        events = _read_sse(b, "GET", f"/v1/jobs/{response.json()['job_id']}/events")
        final = events[-1][1]
        assert [f["state"] for f in final["files"]] == ["succeeded"], final  # not "skipped"
        [doc_b] = b.get("/v1/documents").json()
        assert doc_b["tenant"] == "beta" and doc_b["source_id"] != pdf_a["source_id"]
        assert doc_b["content_hash"] == pdf_a["content_hash"]
        hits = b.post("/v1/query", json={"query": QUESTION, "k": 20}).json()
        assert hits and {h["citation"]["source_id"] for h in hits} == {doc_b["source_id"]}

        assert b.delete(f"/v1/documents/{doc_b['source_id']}").status_code == 202
        deadline = time.monotonic() + 120
        while b.get("/v1/documents").json():
            assert time.monotonic() < deadline, "document was not deleted"
            time.sleep(0.2)
    with api.client(KEY_A) as a:
        docs = {d["source_id"] for d in a.get("/v1/documents").json()}
        assert pdf_a["source_id"] in docs
        hits = a.post("/v1/query", json={"query": QUESTION, "source_ids": [pdf_a["source_id"]]})
        assert hits.json()
        assert a.get(f"/v1/blobs/orig/{pdf_a['content_hash']}").status_code == 200  # still A's


def test_conversation_threads_are_per_tenant(api: Api, ingested: dict[str, Any]) -> None:
    follow_up = "And the year before?"
    with api.client(KEY_A) as a:
        assert a.post("/v1/ask", json={"question": QUESTION, "thread_id": "shared"}).is_success
    with api.client(KEY_B) as b:
        other = b.post("/v1/ask", json={"question": follow_up, "thread_id": "shared"})
        assert other.status_code == 200
        assert QUESTION not in json.dumps(other.json()), "tenant B saw tenant A's conversation"
    with api.client(KEY_A) as a:
        own = a.post("/v1/ask", json={"question": follow_up, "thread_id": "shared"}).json()
        understood = next(t for t in own["trace"] if t["tool"] == "understand")
        assert f"{QUESTION} {follow_up}" in understood["sub_queries"]  # A's thread, A's context


def test_error_mapping(api: Api, ingested: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    settings_ = api.runtime.settings
    with api.client(KEY_A) as client:
        jobs_before = len(client.get("/v1/jobs").json())
        monkeypatch.setattr(settings_, "max_file_bytes", 10_000)
        response = _upload(client, [("small.txt", b"tiny"), (PDF.name, PDF.read_bytes())])
        body = problem(response, 413, "limit_exceeded")
        assert PDF.name in body["detail"] and "10000 bytes" in body["detail"]
        monkeypatch.setattr(settings_, "max_upload_files", 2)
        body = problem(_upload(client, [("a.txt", b"a")] * 3), 413, "limit_exceeded")
        assert "at most 2 files" in body["detail"]
        assert len(client.get("/v1/jobs").json()) == jobs_before  # no job for a refused upload
        assert not any((settings_.data_dir / "tmp").rglob("*")), "upload temp files left behind"

        for method, url in (
            ("GET", "/v1/documents/no-such-doc"),
            ("DELETE", "/v1/documents/no-such-doc"),
            ("GET", "/v1/jobs/no-such-job"),
            ("GET", "/v1/jobs/no-such-job/events"),
            ("GET", "/v1/blobs/orig/0123abcd"),
            ("GET", "/v1/blobs/elsewhere/x"),
            ("GET", "/v1/blobs/orig/a%0Ab"),  # matches no route: still a problem document
            ("GET", "/v1/no-such-route"),
        ):
            problem(client.request(method, url), 404, "not_found")


OPERATIONS = [
    ("GET", "/healthz"),
    ("GET", "/v1/documents"),
    ("POST", "/v1/documents"),
    ("GET", "/v1/documents/{source_id}"),
    ("DELETE", "/v1/documents/{source_id}"),
    ("GET", "/v1/jobs"),
    ("GET", "/v1/jobs/{job_id}"),
    ("GET", "/v1/jobs/{job_id}/events"),
    ("POST", "/v1/query"),
    ("POST", "/v1/ask"),
    ("GET", "/v1/blobs/{key}"),
    ("GET", "/v1/sources"),
    ("POST", "/v1/reports"),
    ("GET", "/v1/reports"),
    ("GET", "/v1/reports/{run_id}"),
    ("GET", "/v1/reports/{run_id}/files/{name}"),
    ("GET", "/v1/schedules"),
    ("GET", "/v1/threads"),
    ("GET", "/v1/threads/{thread_id}"),
    ("PATCH", "/v1/threads/{thread_id}"),
    ("DELETE", "/v1/threads/{thread_id}"),
    ("GET", "/v1/documents/{source_id}/chunks"),
    ("GET", "/v1/settings"),
]


# Invalid inputs exist only where the spec constrains them (free strings in paths cannot be
# invalid, and any multipart file part is valid bytes): negative cases go to these.
NEGATABLE = [
    ("GET", "/v1/jobs"),
    ("POST", "/v1/query"),
    ("POST", "/v1/ask"),
    ("POST", "/v1/reports"),
    ("GET", "/v1/reports"),
    ("GET", "/v1/threads"),
    ("PATCH", "/v1/threads/{thread_id}"),
    ("GET", "/v1/documents/{source_id}/chunks"),
]
FUZZ_EXAMPLES = int(os.environ.get("MMRAG_FUZZ_EXAMPLES", "6"))  # per operation and mode
FUZZ_CASES = [(GenerationMode.POSITIVE, *op) for op in OPERATIONS] + [
    (GenerationMode.NEGATIVE, *op) for op in NEGATABLE
]


@pytest.fixture(scope="module")
def api_schema(api: Api) -> Any:
    """The OpenAPI spec the running server publishes, as schemathesis loads it."""
    config = schemathesis.Config.from_dict(
        # Unknown query parameters are ignored by design; the key is sent by the test.
        {"generation": {"allow-extra-parameters": False, "with-security-parameters": False}}
    )
    return schemathesis.openapi.from_url(f"{api.url}/openapi.json", config=config)


def test_spec_lists_every_operation(api_schema: Any) -> None:
    published = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    # A new route must be added to the fuzzed list.
    assert set(OPERATIONS) == published
    spec = api_schema.raw_schema
    assert spec["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"


@pytest.mark.parametrize(
    ("mode", "method", "path"), FUZZ_CASES, ids=[f"{g.value} {m} {p}" for g, m, p in FUZZ_CASES]
)
def test_openapi_fuzz(
    api_schema: Any, ingested: dict[str, Any], method: str, path: str, mode: GenerationMode
) -> None:
    """Generated requests (as a tenant of its own): no 5xx, every response as the spec says."""
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers={"X-API-Key": KEY_FUZZ})

    run()
