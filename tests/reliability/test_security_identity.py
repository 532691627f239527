"""A document's identity is its upload path within the tenant: same name in two folders = two
documents; the same path again = a new version that replaces the old one once indexed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.doc_files import tiny_pdf
from tests.reliability.security_api import serve, wait_job

pytestmark = pytest.mark.integration

OLD_2023 = "Summary 2023: the Larkspur reservoir held 812 megalitres."
NEW_2024 = "Summary 2024: the Quillmoor treatment works opened in spring."
REVISED_2023 = "Revised summary 2023: the Larkspur reservoir held 640 megalitres."


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with (
        serve(tmp_path_factory.mktemp("identity")) as (url, _runtime),
        httpx.Client(base_url=url, timeout=120) as c,
    ):
        yield c


def _upload(client: httpx.Client, files: list[tuple[str, bytes]]) -> dict[str, Any]:
    parts = [("files", (name, body, "application/pdf")) for name, body in files]
    response = client.post("/v1/documents", files=parts)
    assert response.status_code == 202, response.text
    return wait_job(client, response.json()["job_id"])


def _top_text(client: httpx.Client, query: str, source_id: str) -> str:
    hits = client.post("/v1/query", json={"query": query, "k": 1, "source_ids": [source_id]})
    assert hits.status_code == 200, hits.text
    [hit] = hits.json()
    return str(hit["text"])


def test_same_name_in_two_folders_is_two_documents_and_reupload_replaces(
    client: httpx.Client,
) -> None:
    job = _upload(
        client, [("2023/summary.pdf", tiny_pdf(OLD_2023)), ("2024/summary.pdf", tiny_pdf(NEW_2024))]
    )
    assert [f["state"] for f in job["files"]] == ["succeeded", "succeeded"], job
    docs = {d["uri"]: d for d in client.get("/v1/documents").json()}
    assert set(docs) == {"upload://default/2023/summary.pdf", "upload://default/2024/summary.pdf"}
    first, second = (
        docs["upload://default/2023/summary.pdf"],
        docs["upload://default/2024/summary.pdf"],
    )
    assert first["source_id"] != second["source_id"]
    assert first["filename"] == second["filename"] == "summary.pdf"
    assert "812 megalitres" in _top_text(client, "Larkspur reservoir", first["source_id"])
    assert "Quillmoor" in _top_text(client, "Quillmoor treatment works", second["source_id"])

    job = _upload(client, [("2023/summary.pdf", tiny_pdf(REVISED_2023))])
    assert [f["state"] for f in job["files"]] == ["succeeded"], job
    after = {d["uri"]: d for d in client.get("/v1/documents").json()}
    assert set(after) == set(docs)  # a new version, not a new document
    revised = after["upload://default/2023/summary.pdf"]
    assert revised["source_id"] == first["source_id"]
    assert revised["content_hash"] != first["content_hash"]
    assert after["upload://default/2024/summary.pdf"] == second  # untouched
    hits = client.post("/v1/query", json={"query": "Larkspur reservoir megalitres", "k": 10}).json()
    texts = " ".join(h["text"] for h in hits)
    assert "640 megalitres" in texts and "812 megalitres" not in texts  # old version gone


def test_paths_are_confined_to_the_tenant(client: httpx.Client, tmp_path: Path) -> None:
    job = _upload(
        client,
        [
            ("../../outside/a.pdf", tiny_pdf("Confined path one.")),
            ("/abs/b.pdf", tiny_pdf("Confined path two.")),
            ("c\\d\\e.pdf", tiny_pdf("Confined path three.")),
            ("c/d/e.pdf", tiny_pdf("Confined path four.")),  # the same path as the one above
        ],
    )
    states = [(f["filename"], f["state"], f["error"]) for f in job["files"]]
    assert [s[1] for s in states] == ["succeeded", "succeeded", "succeeded", "failed"], states
    assert "same path" in (states[3][2] or "")
    uris = {d["uri"] for d in client.get("/v1/documents").json()}
    for uri in ("upload://default/outside/a.pdf", "upload://default/abs/b.pdf"):
        assert uri in uris
    assert "upload://default/c/d/e.pdf" in uris
    assert not any(".." in u or "//" in u.removeprefix("upload://") for u in uris)
