"""Conversation threads as people see them: a title and the turns (question, answer, citations).

The agent's checkpointer keeps what the model needs to continue a thread; this store keeps what a
client shows: the list of conversations of a tenant and each turn's full answer. It lives in the
job store's database (SQLite embedded, PostgreSQL in scale-out), in its own tables.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, Field

from mmrag.platform.errors import NotFound
from mmrag.platform.models import Answer

#: Longest title kept (a longer first question is cut at a word boundary).
MAX_TITLE_CHARS = 80

_META = sa.MetaData()
_THREADS = sa.Table(
    "chat_threads",
    _META,
    sa.Column("tenant", sa.String(128), primary_key=True),
    sa.Column("thread_id", sa.String(128), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False, index=True),
    sa.Column("turns", sa.Integer, nullable=False, default=0),
)
_TURNS = sa.Table(
    "chat_turns",
    _META,
    sa.Column("tenant", sa.String(128), primary_key=True),
    sa.Column("thread_id", sa.String(128), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),  # Answer as JSON
    sa.Column("created_at", sa.Float, nullable=False),
)


class ThreadSummary(BaseModel):
    """One conversation in a list."""

    thread_id: str
    title: str
    created_at: float
    updated_at: float
    turns: int


class Turn(BaseModel):
    """One question and the answer it got."""

    question: str
    answer: Answer
    created_at: float


class Thread(ThreadSummary):
    """A conversation with its turns, oldest first."""

    history: list[Turn] = Field(default_factory=list)


def title_from(question: str) -> str:
    """A thread title from its first question: one line, at most ``MAX_TITLE_CHARS``."""
    text = " ".join(question.split())
    if len(text) <= MAX_TITLE_CHARS:
        return text or "Untitled"
    cut = text[: MAX_TITLE_CHARS - 1]
    if " " in cut[MAX_TITLE_CHARS // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


class ThreadStore:
    """Threads and turns of every tenant; every method is scoped to one tenant."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        _META.create_all(engine)

    def add_turn(self, tenant: str, thread_id: str, question: str, answer: Answer) -> None:
        """Append a turn; the first turn creates the thread, titled after its question."""
        now = time.time()
        body = answer.model_dump_json()
        key = (_THREADS.c.tenant == tenant) & (_THREADS.c.thread_id == thread_id)
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(_THREADS.c.turns).where(key)).first()
            if row is None:
                try:
                    with conn.begin_nested():
                        conn.execute(
                            _THREADS.insert().values(
                                tenant=tenant,
                                thread_id=thread_id,
                                title=title_from(question),
                                created_at=now,
                                updated_at=now,
                                turns=0,
                            )
                        )
                except sa.exc.IntegrityError:  # created by a concurrent first turn
                    pass
            # The counter is bumped first so concurrent turns of one thread get distinct seqs.
            conn.execute(
                _THREADS.update().where(key).values(turns=_THREADS.c.turns + 1, updated_at=now)
            )
            seq = conn.execute(sa.select(_THREADS.c.turns).where(key)).scalar_one()
            conn.execute(
                _TURNS.insert().values(
                    tenant=tenant,
                    thread_id=thread_id,
                    seq=int(seq),
                    question=question,
                    answer=body,
                    created_at=now,
                )
            )

    def list_threads(self, tenant: str, limit: int = 50, offset: int = 0) -> list[ThreadSummary]:
        """The tenant's threads, most recently active first."""
        query = (
            sa.select(_THREADS)
            .where(_THREADS.c.tenant == tenant)
            .order_by(_THREADS.c.updated_at.desc(), _THREADS.c.thread_id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            return [_summary(r._mapping) for r in conn.execute(query)]

    def get_thread(self, tenant: str, thread_id: str) -> Thread:
        """A thread with its turns (``NotFound`` when the tenant has no such thread)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(_THREADS).where(self._key(tenant, thread_id))).first()
            if row is None:
                raise NotFound(f"no thread {thread_id}")
            turns = conn.execute(
                sa.select(_TURNS)
                .where((_TURNS.c.tenant == tenant) & (_TURNS.c.thread_id == thread_id))
                .order_by(_TURNS.c.seq)
            )
            history = [
                Turn(
                    question=t.question,
                    answer=Answer.model_validate_json(t.answer),
                    created_at=t.created_at,
                )
                for t in turns
            ]
        return Thread(**_summary(row._mapping).model_dump(), history=history)

    def rename(self, tenant: str, thread_id: str, title: str) -> ThreadSummary:
        """Give a thread a new title."""
        with self.engine.begin() as conn:
            done = conn.execute(
                _THREADS.update()
                .where(self._key(tenant, thread_id))
                .values(title=" ".join(title.split()))
            )
            if done.rowcount == 0:
                raise NotFound(f"no thread {thread_id}")
            row = conn.execute(sa.select(_THREADS).where(self._key(tenant, thread_id))).one()
        return _summary(row._mapping)

    def delete(self, tenant: str, thread_id: str) -> None:
        """Delete a thread and its turns."""
        with self.engine.begin() as conn:
            conn.execute(
                _TURNS.delete().where(
                    (_TURNS.c.tenant == tenant) & (_TURNS.c.thread_id == thread_id)
                )
            )
            done = conn.execute(_THREADS.delete().where(self._key(tenant, thread_id)))
            if done.rowcount == 0:
                raise NotFound(f"no thread {thread_id}")

    def recording(
        self,
        events: Iterator[tuple[str, Any]],
        tenant: str,
        thread_id: str | None,
        question: str,
    ) -> Iterator[tuple[str, Any]]:
        """Pass streamed ``(kind, data)`` events through, saving the turn at the ``answer``."""
        for kind, data in events:
            if kind == "answer" and thread_id is not None and isinstance(data, Answer):
                self.add_turn(tenant, thread_id, question, data)
            yield kind, data

    @staticmethod
    def _key(tenant: str, thread_id: str) -> Any:
        return (_THREADS.c.tenant == tenant) & (_THREADS.c.thread_id == thread_id)


def _summary(row: Any) -> ThreadSummary:
    return ThreadSummary(
        thread_id=row["thread_id"],
        title=row["title"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        turns=row["turns"],
    )
