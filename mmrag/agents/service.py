"""Answering wired to a runtime: one agent per process, threads kept in SQLite."""

from __future__ import annotations

import re
import threading
import weakref
from typing import Any

from mmrag.agents.graph import QAGraph, build_qa_graph
from mmrag.agents.llm import LLMClient
from mmrag.agents.state import AgentDeps
from mmrag.platform.models import Answer, SearchFilters
from mmrag.platform.runtime import Runtime

_LOCK = threading.Lock()
_GRAPHS: weakref.WeakKeyDictionary[Runtime, QAGraph] = weakref.WeakKeyDictionary()


def agent_deps(runtime: Runtime) -> AgentDeps:
    """Retriever, blobs and (when MMRAG_LLM_URL is set) the LLM client of ``runtime``."""
    return AgentDeps(
        retriever=runtime.retriever(),
        llm=LLMClient.from_settings(runtime.settings),
        blobs=runtime.blobs,
        embedder=runtime.embedder,
    )


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
    return SqliteSaver(conn)


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
    saver = PostgresSaver(pool)
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
