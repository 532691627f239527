"""Answering wired to a runtime: one agent per process, threads kept in SQLite."""

from __future__ import annotations

import logging
import re
import threading
import weakref
from collections.abc import Iterator
from typing import Any

from mmrag.agents.answering.generative import ChatModel
from mmrag.agents.answering.local_model import shared_local_model
from mmrag.agents.graph import QAGraph, build_qa_graph
from mmrag.agents.llm import LLMClient
from mmrag.agents.state import AgentDeps
from mmrag.platform.answer_mode import AnswerMode, resolve_answer_mode
from mmrag.platform.errors import ModelUnavailable
from mmrag.platform.models import Answer, SearchFilters
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_GRAPHS: weakref.WeakKeyDictionary[Runtime, QAGraph] = weakref.WeakKeyDictionary()


def agent_deps(runtime: Runtime) -> AgentDeps:
    """Retriever, blobs and the answering model of ``runtime`` (see :func:`answer_model`)."""
    llm, resolved = answer_model(runtime.settings)
    return AgentDeps(
        retriever=runtime.retriever(),
        llm=llm,
        blobs=runtime.blobs,
        embedder=runtime.embedder,
        mode=resolved.mode,
        mode_reason=resolved.reason,
    )


def answer_model(settings: Settings) -> tuple[ChatModel | None, AnswerMode]:
    """The model that writes answers (None: extractive) and the mode it was chosen by.

    The mode comes from :func:`mmrag.platform.answer_mode.resolve_answer_mode`, as
    ``GET /v1/settings`` and ``mmrag status`` report it. An explicit mode with nothing to use
    (``remote`` without a URL, ``local`` without the model file) raises
    :class:`ModelUnavailable`; ``auto`` falling back to extractive is logged.
    """
    resolved = resolve_answer_mode(settings)
    if not resolved.ready:
        raise ModelUnavailable(resolved.problem)
    if resolved.mode == "remote":
        return LLMClient.from_settings(settings), resolved
    if resolved.mode == "local" and resolved.local_path is not None:
        model = shared_local_model(resolved.local_path, settings.llm_threads, settings.llm_ctx)
        return model, resolved
    if resolved.configured != "extractive":
        log.warning(resolved.reason)
    return None, resolved


def _checkpointer(runtime: Runtime) -> Any:
    """Where conversation threads live: PostgreSQL with the job store in scale-out
    (``MMRAG_DATABASE_URL``), else SQLite in the data dir."""
    url = runtime.settings.database_url
    if url and url.startswith("postgresql"):
        return postgres_checkpointer(url)
    import sqlite3

    from langgraph.checkpoint.sqlite import SqliteSaver

    path = runtime.settings.data_dir / "threads.sqlite3"
    conn = sqlite3.connect(str(path), check_same_thread=False)
    return SqliteSaver(conn, serde=checkpoint_serde())


def checkpoint_serde() -> Any:
    """LangGraph's serializer allowed to rebuild exactly the types the QA state holds.

    Anything else found in a checkpoint is refused instead of imported (LangGraph's default
    rebuilds any class a checkpoint names, with a warning).
    """
    from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

    from mmrag.platform import models

    state_types = (
        models.Answer,
        models.Chunk,
        models.Citation,
        models.ElementKind,
        models.Modality,
        models.Provenance,
        models.SearchFilters,
        models.SearchHit,
    )
    return JsonPlusSerializer(allowed_msgpack_modules=state_types)


def postgres_checkpointer(url: str) -> Any:
    """A LangGraph PostgreSQL saver on a small connection pool (tables created if missing)."""
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool

    conninfo = re.sub(r"^postgresql\+\w+://", "postgresql://", url)  # SQLAlchemy -> libpq
    pool: ConnectionPool[Any] = ConnectionPool(
        conninfo,
        min_size=1,
        max_size=4,
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
        open=True,
    )
    saver = PostgresSaver(pool, serde=checkpoint_serde())
    saver.setup()
    return saver


def qa_graph(runtime: Runtime) -> QAGraph:
    """The process's QA graph for ``runtime`` (built once)."""
    with _LOCK:
        graph = _GRAPHS.get(runtime)  # keyed by the object: a new runtime never reuses a graph
        if graph is None:
            graph = build_qa_graph(agent_deps(runtime), checkpointer=_checkpointer(runtime))
            _GRAPHS[runtime] = graph
        return graph


def ask_question(
    runtime: Runtime,
    question: str,
    filters: SearchFilters,
    k: int = 5,
    thread_id: str | None = None,
) -> Answer:
    """Answer ``question`` with citations (a turn of ``thread_id`` when given)."""
    return qa_graph(runtime).invoke(question, filters, k, thread_id=thread_id)


def stream_question(
    runtime: Runtime,
    question: str,
    filters: SearchFilters,
    k: int = 5,
    thread_id: str | None = None,
) -> Iterator[tuple[str, Any]]:
    """Yield ``("token", text)`` as the answer is generated, then ``("answer", Answer)``."""
    for kind, data in qa_graph(runtime).stream(question, filters, k, thread_id=thread_id):
        if kind in ("token", "answer"):
            yield kind, data
