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
from mmrag.platform.errors import ModelUnavailable
from mmrag.platform.model_store import DEFAULT_MODEL, model_path
from mmrag.platform.models import Answer, SearchFilters
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_GRAPHS: weakref.WeakKeyDictionary[Runtime, QAGraph] = weakref.WeakKeyDictionary()


def agent_deps(runtime: Runtime) -> AgentDeps:
    """Retriever, blobs and the answering model of ``runtime`` (see :func:`answer_model`)."""
    llm, mode, reason = answer_model(runtime.settings)
    return AgentDeps(
        retriever=runtime.retriever(),
        llm=llm,
        blobs=runtime.blobs,
        embedder=runtime.embedder,
        mode=mode,
        mode_reason=reason,
    )


def answer_model(settings: Settings) -> tuple[ChatModel | None, str, str]:
    """The model that writes answers, the mode's name and why that mode.

    ``MMRAG_ANSWER_MODE``: ``remote`` (``MMRAG_LLM_URL``), ``local`` (``MMRAG_LOCAL_MODEL`` or
    the installed default model; missing: a clear error), ``extractive``, or ``auto``: remote
    when a URL is set, else local when the model file is there, else extractive (logged).
    """
    mode = settings.answer_mode
    local_path = settings.local_model or model_path(settings.models_dir, DEFAULT_MODEL)
    if mode == "extractive":
        return None, "extractive", "MMRAG_ANSWER_MODE=extractive"
    if mode == "remote" or (mode == "auto" and settings.llm_url):
        if not settings.llm_url:
            raise ModelUnavailable("MMRAG_ANSWER_MODE=remote needs MMRAG_LLM_URL")
        remote = LLMClient.from_settings(settings)
        return remote, "remote", f"MMRAG_LLM_URL ({settings.llm_model})"
    if mode == "local" or local_path.is_file():
        model = shared_local_model(local_path, settings.llm_threads, settings.llm_ctx)
        return model, "local", f"local model {local_path.name}"
    reason = (
        f"no local model at {local_path} (run `mmrag models install`) and no MMRAG_LLM_URL: "
        "answers are extractive"
    )
    log.warning(reason)
    return None, "extractive", reason


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
