"""mmrag vs the naive baseline, in one run, scored by the same strict evaluator.

Runs ``mmrag eval`` (embedded default, fresh data dir: the ingest time is a cold one) and
``bench/quality_baseline.py`` (fresh extraction cache unless ``--baseline-cache``) over the
same QA file and unanswerable questions, then prints the per-modality table that the README
shows and writes both reports:

    .venv/bin/python bench/quality_compare.py [--root DIR] [--out bench/results/quality_compare.json]

The JSON holds ``mmrag`` and ``baseline`` summaries (no per-item lists), ``table_md`` and the
per-modality differences in answer accuracy (``ahead``: modalities where mmrag is ahead).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality_baseline import baseline_summary, run_baseline

from mmrag.agents.evaluation import load_items, load_unanswerable, summary_dict
from mmrag.agents.evaluation.dataset import EvalItem
from mmrag.agents.evaluation.runner import EvalReport, run_eval
from mmrag.cli import (
    answer_question,
    ingest_and_wait,
    needs_local_worker,
    open_runtime,
    start_local_worker,
)


def run_mmrag(items: list[EvalItem], questions: list[str], k: int, data_dir: Path) -> EvalReport:
    """What ``mmrag eval`` does, on ``data_dir``."""
    with open_runtime(data_dir) as runtime:
        if needs_local_worker(runtime.settings):
            start_local_worker(runtime)
        return run_eval(
            items,
            questions,
            ask=lambda question, kk: answer_question(runtime, question, kk),
            ingest=lambda paths: ingest_and_wait(runtime, paths),
            k=k,
        )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def comparison_table(ours: EvalReport, base: EvalReport) -> str:
    """Markdown: one row per modality, mmrag / baseline in each cell."""
    lines = [
        "| modality | n | recall@k mmrag / base | answer acc. mmrag / base "
        "| citation precision mmrag / base |",
        "|---|---|---|---|---|",
    ]
    rows = [*ours.by_modality.items(), ("**overall**", ours.overall)]
    for name, scores in rows:
        other = base.overall if name == "**overall**" else base.by_modality.get(name)
        if other is None:
            continue
        lines.append(
            f"| {name} | {scores.n} | {_pct(scores.recall_at_k)} / {_pct(other.recall_at_k)} "
            f"| {_pct(scores.answer_accuracy)} / {_pct(other.answer_accuracy)} "
            f"| {_pct(scores.citation_precision)} / {_pct(other.citation_precision)} |"
        )
    lines.append(
        f"| refusal of unanswerable | {ours.n_unanswerable} | | "
        f"{_pct(ours.refusal_rate)} / {_pct(base.refusal_rate)} | |"
    )
    lines.append(
        f"| ingest s (cold) / ask p50 s | | | {ours.ingest_s} / {base.ingest_s} "
        f"| {ours.ask_p50_s} / {base.ask_p50_s} |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run both pipelines, print the table, write the JSON."""
    default_root = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=default_root)
    parser.add_argument("--qa", type=Path, default=None, help="default: ROOT/qa.jsonl")
    parser.add_argument("--unanswerable", type=Path, default=None)
    parser.add_argument("-k", "--k", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, default=None, help="default: a fresh temp dir")
    parser.add_argument("--baseline-cache", type=Path, default=None, help="default: fresh")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--mmrag-report", type=Path, default=None, help="full mmrag report")
    args = parser.parse_args(argv)

    items = load_items(args.qa or args.root / "qa.jsonl", args.root)
    unans = args.unanswerable or args.root / "unanswerable.txt"
    questions = load_unanswerable(unans) if unans.is_file() else []
    with tempfile.TemporaryDirectory(prefix="mmrag-compare-") as tmp:
        started = time.perf_counter()
        ours = run_mmrag(list(items), questions, args.k, args.data_dir or Path(tmp) / "data")
        mmrag_s = time.perf_counter() - started
        base_strict, base_lenient = run_baseline(
            items, questions, args.k, args.baseline_cache or Path(tmp) / "baseline-cache"
        )
    table = comparison_table(ours, base_strict)
    gaps = {
        m: round(
            (s.answer_accuracy or 0.0) - (base_strict.by_modality[m].answer_accuracy or 0.0), 4
        )
        for m, s in ours.by_modality.items()
        if m in base_strict.by_modality
    }
    result = {
        "benchmark": "quality_compare",
        "k": args.k,
        "mmrag": {**summary_dict(ours), "run_s": round(mmrag_s, 1)},
        "baseline": baseline_summary(base_strict, base_lenient),
        "answer_accuracy_gap": gaps,
        "ahead": sorted(m for m, g in gaps.items() if g > 0),
        "behind_or_tied": sorted(m for m, g in gaps.items() if g <= 0),
        "table_md": table,
    }
    if args.mmrag_report:
        args.mmrag_report.write_text(ours.model_dump_json(indent=2))
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(table)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
