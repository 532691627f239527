"""A bounded load run on the embedded default: uploads and questions in parallel through the
REST API of `mmrag serve` (127.0.0.1 only). Nothing may be lost: every job finishes, every
file is listed, and the index holds exactly the points the document list accounts for.
"""

from __future__ import annotations

import signal
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from mmrag.platform.index.factory import close_shared_indexes
from mmrag.platform.models import SearchFilters
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from tests.reliability.recovery_helpers import WORDS, Server, make_pdf, wait_no_brokers

pytestmark = pytest.mark.integration

UPLOADS = 10
ASKS = 20


def test_parallel_uploads_and_asks_lose_nothing(tmp_path: Path) -> None:
    pdfs = [make_pdf(tmp_path / f"notes-{i:02d}.pdf", 2, seed=i) for i in range(UPLOADS)]
    data_dir = tmp_path / "data"
    log = tmp_path / "serve.log"
    server = Server(data_dir, log)
    try:

        def ask(i: int) -> int:
            body = {"question": f"What does the note say about the {WORDS[i % len(WORDS)]}?"}
            response = httpx.post(f"{server.url}/v1/ask", json={**body, "k": 3}, timeout=300)
            return response.status_code

        with ThreadPoolExecutor(max_workers=6) as pool:
            uploads = [pool.submit(server.upload, pdf) for pdf in pdfs]
            asks = [pool.submit(ask, i) for i in range(ASKS)]
            job_ids = [f.result() for f in uploads]
            statuses = Counter(f.result() for f in asks)
        assert statuses == {200: ASKS}, statuses
        jobs = [server.wait_job(job_id, timeout_s=600) for job_id in job_ids]
        states = Counter(job["state"] for job in jobs)
        assert states == {"succeeded": UPLOADS}, [
            (f["filename"], f["state"], f["error"]) for j in jobs for f in j["files"]
        ]
        documents = server.documents()
        assert sorted(d["filename"] for d in documents) == sorted(p.name for p in pdfs)
        expected = {d["source_id"]: d["chunks"] for d in documents}
        assert all(chunks > 0 for chunks in expected.values())
    finally:
        code = server.stop(signal.SIGTERM)
    assert code in (0, 143), log.read_text()[-3000:]
    assert not wait_no_brokers(data_dir)

    with Runtime(Settings(data_dir=data_dir)) as runtime:
        per_source = Counter(c.provenance.source_id for c in runtime.index.scroll(SearchFilters()))
        close_shared_indexes()
    assert dict(per_source) == expected, "the index and the document list disagree"
