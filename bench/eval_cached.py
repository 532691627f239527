"""Evaluate answering on an ingested data dir, with the model's replies cached by prompt.

A local-model ``mmrag eval`` costs about half an hour a set on two cores, almost all of it
the model reading prompts. This runs the same agent graph as ``mmrag eval`` (same retrieval,
same evidence selection, same verification, same scoring), but looks each model call up in a
JSONL cache keyed by (model, messages, grammar, max tokens) first: after a change to
verification only, a rerun costs seconds; a change to the prompt or the evidence pays only
for the prompts it changed. Cache misses are timed; hits are not counted in latency.

It also reports **evidence recall**: the share of answerable questions whose expected answer
occurs (on word boundaries) in the numbered evidence the model was shown, an upper bound for
what the model can answer, per modality.

    MMRAG_ANSWER_MODE=local .venv/bin/python bench/eval_cached.py --set dev \\
        --data-dir /tmp/eval/dev --cache /tmp/eval/replies.jsonl --out /tmp/eval/dev.json

The set's files are ingested into the data dir first (the same ingest ``mmrag eval`` runs;
unchanged files are skipped by content hash, so a second run starts at once). Do not tune on the unseen set (``bench/unseen/README.md``).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from quality_compare import held_out_root, set_files  # noqa: E402

from mmrag.agents.evaluation.dataset import load_items, load_unanswerable  # noqa: E402
from mmrag.agents.evaluation.runner import EvalReport, run_eval  # noqa: E402
from mmrag.agents.evaluation.scoring import contains_on_word_boundary  # noqa: E402
from mmrag.platform.models import Answer  # noqa: E402


class CachedChat:
    """A chat model whose replies are looked up by prompt before the model is called."""

    def __init__(self, inner: Any, path: Path) -> None:
        self.inner = inner
        self.model: str = inner.model
        self.accepts_grammar: bool = bool(getattr(inner, "accepts_grammar", False))
        self.accepts_images: bool = bool(getattr(inner, "accepts_images", False))
        self.path = path
        self.replies: dict[str, str] = {}
        self.miss_s: list[float] = []
        self.hits = 0
        self._lock = threading.Lock()
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    self.replies[row["key"]] = row["reply"]

    def _key(self, messages: Sequence[dict[str, Any]], grammar: str | None, limit: Any) -> str:
        blob = json.dumps([self.model, list(messages), grammar, limit], sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()

    def stream_chat(
        self,
        messages: Sequence[dict[str, Any]],
        images: Sequence[Any] | None = None,
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        grammar: str | None = None,
    ) -> Iterator[str]:
        """The cached reply in one piece, or the model's (then stored)."""
        key = self._key(messages, grammar, max_tokens)
        with self._lock:
            cached = self.replies.get(key)
        if cached is not None:
            self.hits += 1
            yield cached
            return
        extra = {"grammar": grammar} if grammar else {}
        started = time.perf_counter()
        reply = "".join(
            self.inner.stream_chat(
                messages, images, max_tokens=max_tokens, temperature=temperature, **extra
            )
        )
        self.miss_s.append(time.perf_counter() - started)
        with self._lock:
            self.replies[key] = reply
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps({"key": key, "reply": reply}) + "\n")
        yield reply

    def chat(self, messages: Sequence[dict[str, Any]], **kwargs: Any) -> str:
        """The whole reply."""
        return "".join(self.stream_chat(messages, **kwargs))


def evidence_text(answer: Answer) -> str | None:
    """The numbered evidence the generate step showed the model (None: it did not run)."""
    for step in answer.trace:
        if step.get("tool") == "generate" and "evidence" in step:
            return "\n".join(str(e) for e in step["evidence"])
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        default="dev",
        help="dev, a held-out set (unseen ... unseen4) or probe (with --root)",
    )
    parser.add_argument("--root", type=Path, default=None, help="the set's files (default: cache)")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True, help="JSONL reply cache")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated modalities to ask")
    args = parser.parse_args(argv)

    os.environ["MMRAG_DATA_DIR"] = str(args.data_dir)
    from mmrag.agents.graph import build_qa_graph
    from mmrag.agents.service import agent_deps
    from mmrag.application import (
        ingest_and_wait,
        needs_local_worker,
        open_runtime,
        start_local_worker,
    )
    from mmrag.platform.models import SearchFilters

    default_root = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    if args.set != "dev":  # a held-out set: $MMRAG_UNSEEN_DIR, $MMRAG_UNSEEN2_DIR ...
        default_root = held_out_root(args.set)
    root = args.root or default_root
    qa, unans = set_files(args.set, root)
    items = load_items(qa, root)
    only = {m for m in args.only.split(",") if m}
    if only:
        items = [i for i in items if i.modality in only]
    questions = load_unanswerable(unans) if unans.is_file() and not only else []

    with open_runtime(args.data_dir) as runtime:
        if needs_local_worker(runtime.settings):
            start_local_worker(runtime)
        started = time.perf_counter()  # unchanged files are skipped by content hash
        ingest_and_wait(runtime, sorted({Path(i.path or i.file) for i in items}))
        print(f"ingest: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        deps = agent_deps(runtime)
        cached = CachedChat(deps.llm, args.cache) if deps.llm is not None else None
        if cached is not None:
            deps = dataclasses.replace(deps, llm=cached)
        graph = build_qa_graph(deps)
        filters = SearchFilters(tenant=runtime.settings.tenant)
        answers: dict[str, Answer] = {}

        def ask(question: str, k: int) -> Answer:
            answer = graph.invoke(question, filters, k)
            answers[question] = answer
            return answer

        report: EvalReport = run_eval(items, questions, ask, None, k=args.k)

    shown: dict[str, list[bool]] = defaultdict(list)
    for item in items:
        answer = answers.get(item.question)
        text = evidence_text(answer) if answer is not None else None
        if text is not None:
            hit = any(contains_on_word_boundary(text, e) for e in item.answer_contains)
            shown[item.modality].append(hit)
            shown["overall"].append(hit)
    summary: dict[str, Any] = {
        "set": args.set,
        "mode": deps.mode,
        "model": deps.llm.model if deps.llm is not None else None,
        "overall": report.overall.model_dump(),
        "by_modality": {m: s.model_dump() for m, s in report.by_modality.items()},
        "refusal_rate": report.refusal_rate,
        "evidence_recall": {m: round(sum(v) / len(v), 4) for m, v in shown.items() if v},
        "model_calls": {
            "cached": cached.hits if cached else 0,
            "new": len(cached.miss_s) if cached else 0,
            "new_p50_s": round(statistics.median(cached.miss_s), 2)
            if cached and cached.miss_s
            else None,
        },
    }
    print(json.dumps(summary, indent=2))
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        full = report.model_dump(mode="json")
        full["summary"] = summary
        full["traces"] = {q: a.model_dump(mode="json")["trace"] for q, a in answers.items()}
        args.out.write_text(json.dumps(full, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
