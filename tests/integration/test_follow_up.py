"""A follow-up turn ("When was it built?") is answered about the previous turn's subject.

Two synthetic documents about two different structures, each with a builder and a year: a
pronoun follow-up alone matches both equally, so only the thread's previous question can say
which one is meant. Real MiniLM embeddings, BM25, an in-memory Qdrant index, the extractive
answerer and a SQLite checkpointer (the threads the API keeps).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mmrag.agents.graph import build_qa_graph
from mmrag.agents.state import AgentDeps
from mmrag.platform.embedding import default_embedder
from mmrag.platform.index.base import CollectionSpec
from mmrag.platform.models import Answer, Chunk, ElementKind, Modality, Provenance, stable_id
from mmrag.platform.retrieval import Retriever

pytestmark = pytest.mark.integration

LIGHTHOUSE = "marrowby_lighthouse.md"
VIADUCT = "pendle_cross_viaduct.md"
DOCUMENTS = {
    LIGHTHOUSE: [
        "The Marrowby lighthouse stands on the Gull Rock headland above the harbour.",
        "The Marrowby lighthouse was built in 1862 by the engineer Thomas Ellery.",
        "Its tower is 38 metres tall and its lamp can be seen 22 nautical miles out.",
    ],
    VIADUCT: [
        "The Pendle Cross viaduct carries the railway across the Lune valley.",
        "The Pendle Cross viaduct was built in 1871 by the engineer Agnes Whitlow.",
        "It has 21 stone arches and is 260 metres long.",
    ],
}
SUBJECT = {LIGHTHOUSE: "Marrowby lighthouse", VIADUCT: "Pendle Cross viaduct"}
YEAR = {LIGHTHOUSE: "1862", VIADUCT: "1871"}
BUILDER = {LIGHTHOUSE: "Thomas Ellery", VIADUCT: "Agnes Whitlow"}


def _chunks() -> list[Chunk]:
    chunks = []
    for filename, paragraphs in DOCUMENTS.items():
        for page, text in enumerate(paragraphs, start=1):
            chunks.append(
                Chunk(
                    id=stable_id(filename, page),
                    text=text,
                    modality=Modality.TEXT,
                    kind=ElementKind.TEXT,
                    provenance=Provenance(
                        source_id=stable_id(filename),
                        uri=f"/docs/{filename}",
                        filename=filename,
                        page=page,
                    ),
                    content_hash=stable_id("hash", filename),
                )
            )
    return chunks


@pytest.fixture(scope="module")
def retriever() -> Iterator[Retriever]:
    from mmrag.ingestion.indexing import index_chunks
    from mmrag.platform.index.qdrant import QdrantIndex

    index = QdrantIndex(CollectionSpec("follow_up_test"), location=":memory:")
    embedder = default_embedder()
    index_chunks(_chunks(), index, embedder)
    yield Retriever(index, embedder)
    index.close()


def _cited(answer: Answer) -> set[str]:
    return {c.file for c in answer.citations}


def _standalone(answer: Answer) -> str:
    understood = [t for t in answer.trace if t.get("tool") == "understand"]
    assert understood, answer.trace
    return str(understood[0].get("standalone", ""))


@pytest.mark.parametrize("subject", [LIGHTHOUSE, VIADUCT])
def test_a_pronoun_follow_up_is_about_the_previous_turns_subject(
    retriever: Retriever, tmp_path: Path, subject: str
) -> None:
    from langgraph.checkpoint.sqlite import SqliteSaver

    other = VIADUCT if subject == LIGHTHOUSE else LIGHTHOUSE
    with SqliteSaver.from_conn_string(str(tmp_path / "threads.sqlite")) as saver:
        graph = build_qa_graph(AgentDeps(retriever=retriever), checkpointer=saver)
        first = graph.invoke(f"Who built the {SUBJECT[subject]}?", thread_id="t")
        assert first.mode == "extractive" and first.found, first.answer
        assert BUILDER[subject] in first.answer and _cited(first) == {subject}

        follow_up = graph.invoke("When was it built?", thread_id="t")
        # Rewritten into a standalone question that names the previous turn's subject ...
        standalone = _standalone(follow_up)
        assert SUBJECT[subject].split()[-1].lower() in standalone.lower(), standalone
        # ... so retrieval ranks that document first and the answer is about it.
        assert follow_up.evidence and follow_up.evidence[0].file == subject
        assert follow_up.found and YEAR[subject] in follow_up.answer, follow_up.answer
        assert YEAR[other] not in follow_up.answer
        assert _cited(follow_up) == {subject}

        which = graph.invoke("How long is that one?", thread_id="other-thread")
        assert _standalone(which) == ""  # a new thread has no previous turn to lean on


def test_the_subject_follows_the_latest_turn(retriever: Retriever, tmp_path: Path) -> None:
    """A thread that moves from one subject to another: the follow-up uses the newer one."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    with SqliteSaver.from_conn_string(str(tmp_path / "threads.sqlite")) as saver:
        graph = build_qa_graph(AgentDeps(retriever=retriever), checkpointer=saver)
        graph.invoke(f"Who built the {SUBJECT[LIGHTHOUSE]}?", thread_id="t")
        graph.invoke(f"Where does the {SUBJECT[VIADUCT]} run?", thread_id="t")
        answer = graph.invoke("Who was its engineer?", thread_id="t")
        assert answer.found and BUILDER[VIADUCT] in answer.answer, answer.answer
        assert _cited(answer) == {VIADUCT}
