"""Conversation threads over the REST API: list, read (turns with citations), rename, delete.

Turns are recorded by ``POST /v1/ask`` when the request names a ``thread_id``; every route here
is scoped to the caller's tenant, so another tenant's thread is simply not found.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from mmrag.platform.api.deps import Tenant, problems
from mmrag.platform.threads import Thread, ThreadStore, ThreadSummary

ThreadId = Annotated[
    str, PathParam(min_length=1, max_length=128, description="The client's thread id.")
]


class ThreadRename(BaseModel):
    """A new title for a thread."""

    title: str = Field(min_length=1, max_length=200, pattern=r"\S")


def thread_router(store: ThreadStore) -> APIRouter:
    """The ``/v1/threads`` routes over ``store``."""
    router = APIRouter(prefix="/v1/threads", tags=["threads"])

    @router.get("", responses=problems(401))
    def list_threads(
        tenant: Tenant,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[ThreadSummary]:
        """The caller's conversations, most recently active first."""
        return store.list_threads(tenant, limit, offset)

    @router.get("/{thread_id}", responses=problems(401, 404))
    def get_thread(thread_id: ThreadId, tenant: Tenant) -> Thread:
        """A conversation with every turn: question, answer, citations and evidence."""
        return store.get_thread(tenant, thread_id)

    @router.patch("/{thread_id}", responses=problems(400, 401, 404))
    def rename_thread(thread_id: ThreadId, body: ThreadRename, tenant: Tenant) -> ThreadSummary:
        """Rename a conversation."""
        return store.rename(tenant, thread_id, body.title)

    @router.delete("/{thread_id}", status_code=204, responses=problems(401, 404))
    def delete_thread(thread_id: ThreadId, tenant: Tenant) -> None:
        """Delete a conversation and its turns from the list."""
        store.delete(tenant, thread_id)

    return router
