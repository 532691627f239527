"""The question-answering graph (LangGraph): understand -> retrieve -> assess -> answer -> check.

Dependencies (retriever, LLM, blob store) travel in the run's context (:class:`AgentDeps`),
never in globals. ``assess`` may send the run back to ``retrieve`` once with a broadened query.
With a model (a local GGUF model or an OpenAI-compatible server such as vLLM: one code path) the
answer is generated from a few numbered evidence units and verified against the units it cites
(:mod:`mmrag.agents.answering`); without one the answer is extractive. A checkpointer (e.g.
``SqliteSaver``) plus a ``thread_id`` keeps conversation threads.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from mmrag.agents.answering.extractive import (
    REFUSAL,
    answered_by_lookup,
    extractive_answer,
    score_evidence,
)
from mmrag.agents.answering.generative import (
    Outcome,
    generate_answer,
    generation_outcome,
    is_follow_up,
    standalone_question,
)
from mmrag.agents.answering.question import query_terms, specific_terms
from mmrag.agents.evidence import gather_evidence
from mmrag.agents.llm import LLMClient
from mmrag.agents.state import AgentDeps, QAState
from mmrag.platform.errors import ModelUnavailable, ServiceUnavailable
from mmrag.platform.models import Answer, Chunk, Citation, Modality, SearchFilters, SearchHit
from mmrag.platform.sparse import tokenize

log = logging.getLogger(__name__)
#: First-page chunks read per document for its title (a first page holds a few chunks).
TITLE_CHUNKS = 3

#: Words in a question that hint at where the answer lives.
_HINTS: tuple[tuple[re.Pattern[str], tuple[Modality, ...]], ...] = (
    (
        re.compile(
            r"\b(chart|graph|plot|figure|diagram|bar|bars|axis|legend|curve|annotated)\b", re.I
        ),
        (Modality.CHART, Modality.IMAGE),
    ),
    (re.compile(r"\b(table|row|column|cell)\b", re.I), (Modality.TABLE,)),
    (
        re.compile(r"\b(video|slide|slides|clip|screen|shown|footage|frame)\b", re.I),
        (Modality.VIDEO,),
    ),
    (
        re.compile(
            r"\b(recording|audio|said|says|say|spoke|spoken|mentioned|narration|narrator|call|"
            r"speaker|briefing|meeting|podcast|interview)\b",
            re.I,
        ),
        (Modality.AUDIO, Modality.VIDEO),
    ),
    (re.compile(r"\b(scan|scanned|photographed|photo|handwritten)\b", re.I), (Modality.SCAN,)),
)
_COMPOUND = re.compile(
    r"\?\s+|;\s+|,?\s+and\s+(?=(?:what|which|who|whom|when|where|how|why)\b)", re.I
)
_FOLLOW_UP = re.compile(
    r"\b(it|its|they|their|them|that|this|those|these|there|he|she|his|her)\b", re.I
)


class QAGraph:
    """A compiled QA graph bound to its dependencies; ``invoke`` returns an :class:`Answer`."""

    def __init__(self, deps: AgentDeps, checkpointer: Any = None) -> None:
        self.deps = deps
        self.graph = _compile(checkpointer)
        self.checkpointer = checkpointer

    def invoke(
        self,
        question: str,
        filters: SearchFilters | None = None,
        k: int | None = None,
        thread_id: str | None = None,
    ) -> Answer:
        """Answer one question (one turn of ``thread_id`` when a checkpointer is set)."""
        state = self.graph.invoke(
            self._input(question, filters, k), self._config(thread_id), context=self.deps
        )
        answer: Answer = state["answer"]
        return answer

    def stream(
        self,
        question: str,
        filters: SearchFilters | None = None,
        k: int | None = None,
        thread_id: str | None = None,
    ) -> Iterator[tuple[str, Any]]:
        """Yield ``("step", node)``, ``("token", text)`` while running, then ``("answer", Answer)``."""
        answer: Answer | None = None
        for mode, data in self.graph.stream(
            self._input(question, filters, k),
            self._config(thread_id),
            context=self.deps,
            stream_mode=["updates", "custom"],
        ):
            if mode == "custom" and isinstance(data, dict) and "token" in data:
                yield "token", data["token"]
            elif mode == "updates" and isinstance(data, dict):
                for node, update in data.items():
                    yield "step", node
                    if isinstance(update, dict) and isinstance(update.get("answer"), Answer):
                        answer = update["answer"]
        if answer is not None:
            yield "answer", answer

    def _input(self, question: str, filters: SearchFilters | None, k: int | None) -> QAState:
        return QAState(
            question=question.strip(),
            filters=filters or SearchFilters(),
            k=k or self.deps.options.k,
            rewrites=0,
            retry=False,
            draft="",
            queries=[],  # empty updates reset the per-turn lists
            trace=[],
        )

    def _config(self, thread_id: str | None) -> dict[str, Any]:
        if self.checkpointer is None:
            return {}
        return {"configurable": {"thread_id": thread_id or str(uuid.uuid4())}}


def build_qa_graph(deps: AgentDeps, checkpointer: Any = None) -> QAGraph:
    """The QA graph over ``deps``; pass a LangGraph checkpointer to keep conversation threads."""
    return QAGraph(deps, checkpointer)


def answer_question(
    deps: AgentDeps,
    question: str,
    filters: SearchFilters | None = None,
    k: int | None = None,
) -> Answer:
    """One-shot question answering (no thread)."""
    return build_qa_graph(deps).invoke(question, filters, k)


# ---------------------------------------------------------------- graph


def _compile(checkpointer: Any) -> Any:
    from langgraph.graph import END, START, StateGraph

    builder = StateGraph(QAState, context_schema=AgentDeps)
    builder.add_node("understand", understand)
    builder.add_node("retrieve", retrieve)
    builder.add_node("assess", assess)
    builder.add_node("answer", answer)
    builder.add_node("check", check)
    builder.add_edge(START, "understand")
    builder.add_edge("understand", "retrieve")
    builder.add_edge("retrieve", "assess")
    builder.add_conditional_edges(
        "assess", _after_assess, {"retrieve": "retrieve", "answer": "answer"}
    )
    builder.add_edge("answer", "check")
    builder.add_edge("check", END)
    return builder.compile(checkpointer=checkpointer)


def _deps(runtime: Any) -> AgentDeps:
    deps = runtime.context
    if not isinstance(deps, AgentDeps):
        raise TypeError("run the QA graph with context=AgentDeps(...)")
    return deps


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def understand(state: QAState, runtime: Any) -> dict[str, Any]:
    """Modality hints and sub-queries of the question; a follow-up turn is first rewritten
    into a standalone question (with the model when there is one)."""
    deps = _deps(runtime)
    started = time.perf_counter()
    question = state["question"]
    history = state.get("history") or []
    update: dict[str, Any] = {}
    rewritten = None
    if history and deps.options.rewrite_follow_ups and is_follow_up(question):
        earlier = [turn["question"] for turn in history[-deps.options.history_turns :]]
        rewritten = standalone_question(question, earlier, deps.llm)
        if rewritten != question:
            update["question"] = rewritten
    asked = rewritten or question
    modalities = hinted_modalities(asked)
    subs = sub_queries(asked)
    if history and (_FOLLOW_UP.search(question) or len(question.split()) < 6):
        subs.append(f"{history[-1]['question']} {question}")
    trace = {
        "tool": "understand",
        "modalities": modalities,
        "sub_queries": subs,
        "ms": _ms(started),
    }
    if rewritten is not None:
        trace["standalone"] = rewritten
    return {**update, "modalities": modalities, "sub_queries": subs, "trace": [trace]}


def retrieve(state: QAState, runtime: Any) -> dict[str, Any]:
    """Search each query (and each hinted modality), fuse with RRF, deduplicate."""
    deps = _deps(runtime)
    opts = deps.options
    filters = state["filters"]
    k = state.get("k") or opts.k
    rewrites = state.get("rewrites", 0)
    if rewrites == 0:
        queries = [state["question"], *state.get("sub_queries", [])]
        per_k = opts.per_query_k
        hinted = [Modality(m) for m in state.get("modalities", [])]
    else:
        queries = [broaden(state["question"])]
        per_k = opts.per_query_k * 2
        hinted = []
    ranked_lists: list[list[SearchHit]] = []
    if rewrites:
        ranked_lists.append(state.get("hits", []))
    trace: list[dict[str, Any]] = []
    for query in dict.fromkeys(q for q in queries if q.strip()):
        variants: list[SearchFilters] = [filters]
        if hinted and filters.modalities is None:
            variants.append(filters.model_copy(update={"modalities": hinted}))
        search = _query_searcher(deps, query)
        for variant in variants:
            started = time.perf_counter()
            hits = search(variant, per_k)
            ranked_lists.append(hits)
            trace.append(
                {
                    "tool": "search",
                    "query": query,
                    "modalities": [m.value for m in variant.modalities or []],
                    "hits": len(hits),
                    "ms": _ms(started),
                }
            )
    fused = rrf_fuse(ranked_lists, opts.rrf_k)[: max(k, opts.answer_pool)]
    return {"hits": fused, "queries": queries, "trace": trace}


def _query_searcher(deps: AgentDeps, query: str) -> Callable[[SearchFilters, int], list[SearchHit]]:
    """Search ``query`` under several filters, encoding it once when the backend allows."""
    from mmrag.platform.retrieval import Retriever

    retriever = deps.retriever
    if not isinstance(retriever, Retriever):
        return lambda filters, k: retriever.search(query, filters, k)
    vectors = retriever.encode(query)
    return lambda filters, k: retriever.search_vectors(vectors, filters, k)


def assess(state: QAState, runtime: Any) -> dict[str, Any]:
    """Enough evidence? Every specific term must be in some hit, and some query term must be."""
    started = time.perf_counter()
    hits = state.get("hits", [])
    sufficient = evidence_sufficient(state["question"], hits)
    rewrites = state.get("rewrites", 0)
    can_retry = not sufficient and rewrites < _deps(runtime).options.max_rewrites
    trace = {"tool": "assess", "sufficient": sufficient, "retry": can_retry, "ms": _ms(started)}
    update: dict[str, Any] = {"sufficient": sufficient, "retry": can_retry, "trace": [trace]}
    if can_retry:
        update["rewrites"] = rewrites + 1
    return update


def _after_assess(state: QAState) -> str:
    return "retrieve" if state.get("retry") else "answer"


def answer(state: QAState, runtime: Any) -> dict[str, Any]:
    """A verified answer from the model (local GGUF or remote) when there is one, else (or
    when the model fails) an extractive answer.

    With a model, the extractive answer is worked out first (it costs milliseconds): one
    value looked up in a table row or a chart reading that the question names (its row and
    column) is answered from that structure without the model (``lookup_first``); small models
    often read the neighbouring cell. A row the question names whose cell it leaves open
    ("what was its output?") goes to the model, and is the answer when the model finds none. A
    supported reply that holds no value of the kind the question asks for (a date
    for "which version?") gives way to the extractive answer, which is always of that kind
    (or a refusal). A reply its evidence does not support is a refusal (the extractive answer
    is no better there: on the dev set it was mostly a heading or a code line).
    """
    deps = _deps(runtime)
    opts = deps.options
    hits = state.get("hits", [])
    question = state["question"]
    hinted = state.get("modalities", [])
    reason = deps.mode_reason
    titles = title_pages(deps, question, hits, state["filters"])
    scored = score_evidence(question, hits, opts.extractive, deps.embedder, hinted, titles)
    extractive = extractive_answer(question, hits, opts.extractive, scored=scored)
    if deps.llm is not None and hits:
        mode = deps.mode or "remote"
        if opts.lookup_first and answered_by_lookup(extractive):
            return _routed(extractive, mode, reason, "lookup", "a table cell or chart reading")
        started = time.perf_counter()
        try:
            result = generate_answer(
                question,
                hits,
                deps.llm,
                mode,
                embedder=deps.embedder,
                options=opts.generative,
                scoring=opts.extractive,
                refusal=opts.extractive.refusal,
                images=_image_source(deps),
                on_token=_token_writer(),
                hinted=hinted,
                scored=scored,
            )
        except (ServiceUnavailable, ModelUnavailable) as exc:
            if not opts.fallback_to_extractive:
                raise
            log.warning("LLM failed, answering extractively", extra={"error": str(exc)})
            fallback = {"tool": "llm", "error": exc.message, "ms": _ms(started)}
            extractive.mode_reason = f"the {mode} model failed: {exc.message}"
            return {"answer": extractive, "draft": "", "trace": [fallback, *extractive.trace]}
        if generation_outcome(result) is Outcome.UNTYPED and extractive.found:
            why = "a value of the asked kind"
            return _routed(extractive, mode, reason, "extractive", why, result.trace)
        if not result.found and answered_by_lookup(extractive, whole=True):
            why = "the table row or chart reading the question names"
            return _routed(extractive, mode, reason, "lookup", why, result.trace)
        result.mode_reason = reason
        return {"answer": result, "draft": "", "trace": result.trace}
    extractive.mode_reason = reason
    return {"answer": extractive, "draft": "", "trace": extractive.trace}


def title_pages(
    deps: AgentDeps, question: str, hits: Sequence[SearchHit], filters: SearchFilters
) -> list[Chunk]:
    """For a question with a name or number that no candidate hit holds ("in the GNU
    MathProg manual, ...", "MathProg's set expressions"), the first page's chunks of the paged
    documents among the candidate hits whose first page was not retrieved: the title they
    show names every chunk of the document (a passage deep inside a manual does not repeat
    the manual's name). One filtered search; nothing when every such term is in a hit.
    """
    specific = specific_terms(question)
    candidates = hits[: deps.options.extractive.max_hits]
    held: set[str] = set()
    for h in candidates:
        held.update(
            tokenize(f"{h.chunk.text} {h.chunk.heading or ''} {h.chunk.provenance.filename}")
        )
    if all(t in held for t in specific):
        return []
    have = {h.chunk.provenance.source_id for h in candidates if h.chunk.provenance.page == 1}
    wanted = [
        sid
        for sid in dict.fromkeys(h.chunk.provenance.source_id for h in candidates)
        if sid not in have
        and any(h.chunk.provenance.source_id == sid and h.chunk.provenance.page for h in candidates)
    ]
    if not wanted:
        return []
    first_pages = filters.model_copy(update={"source_ids": wanted, "page": 1})
    found = deps.retriever.search(question, first_pages, TITLE_CHUNKS * len(wanted))
    return [h.chunk for h in found]


def _routed(
    answer: Answer, mode: str, reason: str, by: str, why: str, before: Sequence[Any] = ()
) -> dict[str, Any]:
    """The graph update for an extractive ``answer`` given in a model mode (``before``: the
    trace of the step it replaces)."""
    route = {"tool": "route", "answered_by": by, "why": why}
    final = answer.model_copy(update={"mode": mode, "mode_reason": reason})
    return {"answer": final, "draft": "", "trace": [*before, route, *answer.trace]}


def _token_writer() -> Callable[[str], None] | None:
    """Where generated tokens go: the graph's custom stream (None outside a graph run)."""
    from langgraph.config import get_stream_writer

    try:
        writer = get_stream_writer()
    except RuntimeError:  # pragma: no cover - outside a graph run
        return None
    return lambda piece: writer({"token": piece})


def _image_source(deps: AgentDeps) -> Callable[[Sequence[SearchHit]], list[bytes]] | None:
    """Images of the cited chart/figure/frame hits, for a remote (vision) model."""
    if not isinstance(deps.llm, LLMClient) or deps.blobs is None or deps.options.max_images <= 0:
        return None
    blobs, cap = deps.blobs, deps.options.max_images

    def images(hits: Sequence[SearchHit]) -> list[bytes]:
        return [e.image for e in gather_evidence(hits, blobs, len(hits), cap) if e.image]

    return images


def check(state: QAState, runtime: Any) -> dict[str, Any]:
    """Attach the ranked retrieved evidence and record the turn in the thread's history."""
    deps = _deps(runtime)
    started = time.perf_counter()
    result = state.get("answer")
    if result is None:
        result = Answer(answer=REFUSAL, found=False, mode="extractive")
    check_trace = {
        "tool": "check",
        "citations": len(result.citations),
        "found": result.found,
        "ms": _ms(started),
    }
    k = state.get("k") or deps.options.k
    retrieved = [Citation.from_chunk(h.chunk, h.score) for h in _evidence_order(state, result)[:k]]
    final = result.model_copy(
        update={"trace": [*state.get("trace", []), check_trace], "evidence": retrieved}
    )
    turn = {"question": state["question"], "answer": final.answer}
    return {"answer": final, "trace": [check_trace], "history": [turn]}


# ---------------------------------------------------------------- helpers


def _evidence_order(state: QAState, answer: Answer) -> list[SearchHit]:
    """The answer pool reranked by the answer step: the hits it cites first, then the rest."""
    hits = state.get("hits", [])
    cited = {c.chunk_id for c in answer.citations}
    return [h for h in hits if h.chunk.id in cited] + [h for h in hits if h.chunk.id not in cited]


def hinted_modalities(question: str) -> list[str]:
    """Modalities the question's wording points to (``chart`` -> chart, image; ...)."""
    found: dict[str, None] = {}
    for pattern, modalities in _HINTS:
        if pattern.search(question):
            for modality in modalities:
                found.setdefault(modality.value, None)
    return list(found)


def sub_queries(question: str) -> list[str]:
    """The parts of a compound question ("What is X and when did Y?"); [] for a simple one."""
    parts = [p.strip(" ,;?") for p in _COMPOUND.split(question) if p and p.strip(" ,;?")]
    parts = [p for p in parts if len(p.split()) >= 3]
    return parts if len(parts) > 1 else []


def broaden(question: str) -> str:
    """A keyword query: the question's content terms, without question words or filters."""
    terms = query_terms(question)
    return " ".join(terms) if terms else question


def evidence_sufficient(question: str, hits: Sequence[SearchHit]) -> bool:
    """Cheap pre-answer test: a hit holds every specific term, and some hit a query term."""
    if not hits:
        return False
    wanted = set(query_terms(question))
    specific = set(specific_terms(question))
    for hit in hits:
        chunk = hit.chunk
        terms = set(tokenize(f"{chunk.heading or ''} {chunk.text} {chunk.provenance.filename}"))
        if specific <= terms and (terms & wanted or not wanted):
            return True
    return False


def rrf_fuse(lists: Sequence[Sequence[SearchHit]], k: int = 60) -> list[SearchHit]:
    """Reciprocal rank fusion of ranked lists, deduplicated by chunk id."""
    scores: dict[str, float] = {}
    chunks: dict[str, SearchHit] = {}
    for ranked in lists:
        for rank, hit in enumerate(ranked):
            cid = hit.chunk.id
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank + 1)
            chunks.setdefault(cid, hit)
    order = sorted(scores, key=lambda cid: scores[cid], reverse=True)
    return [SearchHit(chunk=chunks[cid].chunk, score=round(scores[cid], 6)) for cid in order]
