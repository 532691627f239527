"""Request limits hold before a body is read in full, and errors never echo input, hashes,
server paths or secrets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from mmrag.cli import app as cli
from mmrag.platform.runtime import Runtime
from tests.doc_files import tiny_pdf
from tests.reliability.security_api import serve, wait_job
from tests.servers import PROBLEM, problem

pytestmark = pytest.mark.integration

MARKER = "ECHO-ME-BACK"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Runtime]]:
    limits = {
        "max_request_bytes": 64 * 1024,
        "max_upload_request_bytes": 300 * 1024,
        "max_upload_files": 3,
    }
    with serve(tmp_path_factory.mktemp("limits"), **limits) as running:
        yield running


@pytest.fixture()
def client(server: tuple[str, Runtime]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server[0], timeout=120) as c:
        yield c


def test_json_body_over_the_limit_is_refused(client: httpx.Client) -> None:
    big = {"query": "x", "source_ids": [MARKER * 10] * 2000}  # ~500 KB
    body = problem(client.post("/v1/query", json=big), 413, "limit_exceeded")
    assert "MMRAG_MAX_REQUEST_BYTES" in body["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it streams in
        yield b'{"query": "x", "source_ids": ['
        for _ in range(5000):
            yield b'"' + MARKER.encode() * 4 + b'",'
        yield b'"end"]}'

    streamed = client.post(
        "/v1/query", content=chunks(), headers={"content-type": "application/json"}
    )
    problem(streamed, 413, "limit_exceeded")


def test_long_lists_are_refused_without_echoing_input(client: httpx.Client) -> None:
    ids = [f"{MARKER}-{i}" for i in range(1001)]
    for path, key in (("/v1/query", "query"), ("/v1/ask", "question")):
        body = problem(
            client.post(path, json={key: "x", "source_ids": ids}), 422, "validation_error"
        )
        assert "source_ids" in body["detail"] and "1000" in body["detail"]
        assert MARKER not in json_text(body)
    wrong = client.post("/v1/query", json={"query": MARKER, "k": MARKER})
    body = problem(wrong, 422, "validation_error")
    assert "k" in body["detail"] and MARKER not in json_text(body)


def json_text(body: dict[str, Any]) -> str:
    import json

    return json.dumps(body)


def test_validation_errors_are_published_as_problem_json(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    entry = spec["paths"]["/v1/query"]["post"]["responses"]["422"]
    assert list(entry["content"]) == [PROBLEM]


def test_upload_limits_files_and_total_bytes(
    server: tuple[str, Runtime], client: httpx.Client
) -> None:
    runtime = server[1]
    jobs_before = client.get("/v1/jobs").json()
    files = [("files", (f"f{i}.pdf", b"%PDF-1.4 tiny", "application/pdf")) for i in range(8)]
    body = problem(client.post("/v1/documents", files=files), 413, "limit_exceeded")
    assert "at most 3 files" in body["detail"]

    big = b"%PDF-1.4\n" + b"0" * (200 * 1024)
    two = [("files", (name, big, "application/pdf")) for name in ("a.pdf", "b.pdf")]
    body = problem(client.post("/v1/documents", files=two), 413, "limit_exceeded")
    assert "MMRAG_MAX_UPLOAD_REQUEST_BYTES" in body["detail"]
    assert client.get("/v1/jobs").json() == jobs_before  # no job for a refused upload
    assert not any((runtime.settings.data_dir / "tmp").rglob("*")), "temp files left behind"


def test_failure_reasons_name_the_file(server: tuple[str, Runtime], client: httpx.Client) -> None:
    runtime = server[1]
    broken = tiny_pdf("Never readable.")[:120]  # a PDF header, then cut off
    files = [("files", ("reports/broken.pdf", broken, "application/pdf"))]
    response = client.post("/v1/documents", files=files)
    assert response.status_code == 202, response.text
    job = wait_job(client, response.json()["job_id"])
    [task] = job["files"]
    assert task["state"] == "failed" and task["error"], task
    assert "broken.pdf" in task["error"]
    assert task["content_hash"] not in task["error"]
    assert str(runtime.settings.data_dir) not in task["error"]
    assert "/blobs/" not in task["error"] and "/tmp" not in task["error"]


def test_status_masks_the_redis_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mmrag.platform.settings import get_settings

    url = "redis://:s3cr3t-broker-pw@127.0.0.1:6379/13"
    monkeypatch.setenv("MMRAG_REDIS_URL", url)
    monkeypatch.setenv("MMRAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MMRAG_QDRANT_API_KEY", "qdrant-key-not-shown")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["status", "--data-dir", str(tmp_path / "data")])
    finally:
        get_settings.cache_clear()
    assert "s3cr3t-broker-pw" not in result.output
    assert "redis://:***@127.0.0.1:6379/13" in result.output, result.output
