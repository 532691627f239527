"""Typed state, options and dependencies of the question-answering graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Protocol, TypedDict

from pydantic import BaseModel, Field

from mmrag.agents.answering.extractive import ExtractiveOptions
from mmrag.agents.answering.generative import ChatModel, GenerativeOptions
from mmrag.platform.embedding import TextEmbedder
from mmrag.platform.index.base import SearchMode
from mmrag.platform.models import Answer, SearchFilters, SearchHit
from mmrag.platform.storage import BlobStore


class SearchBackend(Protocol):
    """What the graph needs from retrieval (``mmrag.platform.retrieval.Retriever`` fits)."""

    def search(
        self,
        query: str,
        filters: SearchFilters,
        k: int = 10,
        mode: SearchMode = SearchMode.HYBRID,
    ) -> list[SearchHit]:
        """Top-``k`` chunks for ``query`` under ``filters``."""


class QAOptions(BaseModel):
    """How the graph retrieves, assesses and answers."""

    k: int = Field(default=8, ge=1, le=100)  # hits returned as the retrieved evidence
    answer_pool: int = Field(default=10, ge=1, le=100)  # fused hits the answer step reads
    per_query_k: int = Field(default=10, ge=1, le=200)  # hits fetched per search
    rrf_k: int = Field(default=60, ge=1)
    max_rewrites: int = Field(default=1, ge=0, le=1)  # bounded assess -> retrieve loop
    max_images: int = Field(default=4, ge=0, le=16)  # chart/figure/frame images sent to it
    fallback_to_extractive: bool = True  # when the LLM is unreachable
    lookup_first: bool = True  # a table cell / chart reading answered without the model
    extractive: ExtractiveOptions = Field(default_factory=ExtractiveOptions)
    # The prompt's evidence (units, characters) and the reply's length: generative.
    generative: GenerativeOptions = Field(default_factory=GenerativeOptions)
    rewrite_follow_ups: bool = True  # a follow-up turn becomes a standalone question first
    history_turns: int = Field(default=1, ge=1, le=20)  # earlier questions that rewrite reads


@dataclass
class AgentDeps:
    """Everything the graph's nodes use; passed as the run's context, never a global."""

    retriever: SearchBackend
    llm: ChatModel | None = None  # LLMClient (remote, vLLM) or LocalChatModel (GGUF)
    blobs: BlobStore | None = None
    embedder: TextEmbedder | None = None  # for extractive scoring (default: MiniLM)
    options: QAOptions = field(default_factory=QAOptions)
    mode: str = ""  # "remote" or "local" with an llm ("extractive" without one)
    mode_reason: str = ""  # why this mode was chosen (e.g. no local model installed)


def extend_or_reset(left: list[Any] | None, right: list[Any] | None) -> list[Any]:
    """List reducer: appends, except that an empty update resets (a new turn starts)."""
    if not right:
        return []
    return [*(left or []), *right]


def append_turns(left: list[Any] | None, right: list[Any] | None) -> list[Any]:
    """History reducer: appends turns, never resets."""
    return [*(left or []), *(right or [])]


class QAState(TypedDict, total=False):
    """The graph's state; ``trace`` and ``queries`` accumulate within a turn."""

    question: str
    filters: SearchFilters
    k: int
    modalities: list[str]  # modality hints read from the question
    sub_queries: list[str]
    queries: Annotated[list[str], extend_or_reset]  # every query searched this turn
    hits: list[SearchHit]
    rewrites: int
    sufficient: bool
    retry: bool  # assess asks for one more retrieval with a broadened query
    draft: str  # the LLM's raw reply before citation checking
    answer: Answer
    trace: Annotated[list[dict[str, Any]], extend_or_reset]
    history: Annotated[list[dict[str, str]], append_turns]  # earlier turns of the thread
