"""mmrag vs the naive baseline, per evaluation set and answer mode, scored by the same evaluator.

For every set (``--sets dev,unseen``) and answer mode (``--modes extractive,local``) it runs
``mmrag eval`` as a subprocess with ``MMRAG_ANSWER_MODE`` set to the mode (embedded default, one
fresh data dir per set: the first mode's ingest is a cold one, later modes reuse the index), and
``bench/quality_baseline.py``'s pipeline once per set (fresh extraction cache unless
``--baseline-cache``). Then it prints one markdown table per set x mode and writes the JSON:

    .venv/bin/python bench/quality_compare.py [--sets dev,unseen] [--modes extractive,local] \\
        [--out bench/results/quality_compare.json]

Set roots: ``dev`` = ``--root`` or ``$MMRAG_CORPUS_DIR`` (default ~/.cache/mmrag/corpus);
``unseen`` = ``--unseen-root`` or ``$MMRAG_UNSEEN_DIR`` (default ~/.cache/mmrag/unseen, built by
``bench/unseen/obtain.sh``). Each root holds the files; its ``qa.jsonl`` and
``unanswerable.txt`` are taken from the root or, for ``unseen``, from ``bench/unseen/``.

The JSON holds, per set: the baseline summary and, per mode, the mmrag summary (no per-item
lists), and per modality: answer accuracy, concise accuracy, answer-citation hit, citation
precision, recall@k, found rate and the baseline's answer accuracy and recall@k; the refusal
rate of the unanswerable questions is per set x mode.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchio import emit
from quality_baseline import baseline_summary, run_baseline

from mmrag.agents.evaluation import load_items, load_report, load_unanswerable, summary_dict
from mmrag.agents.evaluation.runner import EvalReport, Scores

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
MODES = ("extractive", "local", "remote", "auto")
METRICS = (
    ("answer_accuracy", "answer acc."),
    ("concise_accuracy", "concise acc."),
    ("answer_citation_hit", "answer-citation hit"),
    ("citation_precision", "citation precision"),
    ("recall_at_k", "recall@k"),
    ("found_rate", "found"),
)
MMRAG_CLI = "import sys; from mmrag.cli import main; sys.argv[0] = 'mmrag'; sys.exit(main())"


def set_files(name: str, root: Path) -> tuple[Path, Path]:
    """The QA file and unanswerable list of a set: in its root, else in ``bench/<name>/``.

    ``bench/unseen/`` and ``bench/unseen2/`` hold held-out sets whose files are built elsewhere.
    """
    qa, unans = root / "qa.jsonl", root / "unanswerable.txt"
    if name != "dev" and not qa.is_file() and (BENCH / name / "qa.jsonl").is_file():
        qa, unans = BENCH / name / "qa.jsonl", BENCH / name / "unanswerable.txt"
    return qa, unans


def held_out_root(name: str) -> Path:
    """Where a held-out set's files are: ``$MMRAG_<NAME>_DIR``, else ~/.cache/mmrag/<name>."""
    return Path(os.environ.get(f"MMRAG_{name.upper()}_DIR", Path.home() / ".cache/mmrag" / name))


def run_mmrag_eval(
    qa: Path, root: Path, unans: Path | None, k: int, mode: str, data_dir: Path, out: Path
) -> tuple[EvalReport | None, float, int, str]:
    """``mmrag eval`` in a subprocess with ``MMRAG_ANSWER_MODE=mode``; (report, s, rc, tail)."""
    cmd = [sys.executable, "-c", MMRAG_CLI, "eval", str(qa), "--root", str(root)]
    cmd += ["--data-dir", str(data_dir), "-k", str(k), "--json", str(out)]
    if unans is not None:
        cmd += ["--unanswerable", str(unans)]
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "MMRAG_ANSWER_MODE": mode, "PYTHONPATH": path}
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    tail = (proc.stdout + proc.stderr)[-2000:]
    report = load_report(out) if proc.returncode == 0 and out.is_file() else None
    return report, seconds, proc.returncode, tail


def _get(scores: Scores | None, key: str) -> float | None:
    value = None if scores is None else getattr(scores, key, None)
    return None if value is None else float(value)


def modality_rows(ours: EvalReport, base: EvalReport) -> dict[str, dict[str, Any]]:
    """Per modality (and ``overall``): mmrag's metrics and the baseline's accuracy and recall."""
    rows: dict[str, dict[str, Any]] = {}
    for name, scores in [*ours.by_modality.items(), ("overall", ours.overall)]:
        other = base.overall if name == "overall" else base.by_modality.get(name)
        row: dict[str, Any] = {"n": scores.n}
        row.update({key: _get(scores, key) for key, _ in METRICS})
        row["baseline_answer_accuracy"] = _get(other, "answer_accuracy")
        row["baseline_recall_at_k"] = _get(other, "recall_at_k")
        rows[name] = row
    return rows


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def markdown_table(
    title: str, rows: dict[str, dict[str, Any]], ours: EvalReport, base: EvalReport
) -> str:
    """One set x mode: a row per modality; the baseline in the last two columns."""
    head = ["modality", "n", *(label for _, label in METRICS), "baseline acc.", "baseline recall"]
    lines = [f"**{title}**", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, row in rows.items():
        cells = [f"**{name}**" if name == "overall" else name, str(row["n"])]
        cells += [_f(row[key]) for key, _ in METRICS]
        cells += [_f(row["baseline_answer_accuracy"]), _f(row["baseline_recall_at_k"])]
        lines.append("| " + " | ".join(cells) + " |")
    blank = [""] * (len(head) - 3)
    lines.append(
        "| "
        + " | ".join(
            [
                "refusal of unanswerable",
                str(ours.n_unanswerable),
                f"{_f(ours.refusal_rate)} (base {_f(base.refusal_rate)})",
                *blank,
            ]
        )
        + " |"
    )
    return "\n".join(lines)


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def main(argv: list[str] | None = None) -> int:
    """Run every set x mode and the baseline per set, print the tables, write the JSON."""
    home = Path.home() / ".cache/mmrag"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets", type=_csv, default=["dev"], help="dev,unseen,unseen2 (default: dev)"
    )
    parser.add_argument("--modes", type=_csv, default=None, help="default: $MMRAG_ANSWER_MODE")
    parser.add_argument(
        "--root", type=Path, default=Path(os.environ.get("MMRAG_CORPUS_DIR", home / "corpus"))
    )
    parser.add_argument(
        "--unseen-root",
        type=Path,
        default=Path(os.environ.get("MMRAG_UNSEEN_DIR", home / "unseen")),
    )
    parser.add_argument("-k", "--k", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, default=None, help="default: fresh temp dirs")
    parser.add_argument("--baseline-cache", type=Path, default=None, help="default: fresh")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--reports-dir", type=Path, default=None, help="keep full reports here")
    args = parser.parse_args(argv)
    modes = args.modes or [os.environ.get("MMRAG_ANSWER_MODE", "extractive")]
    unknown = [m for m in modes if m not in MODES] + [
        s for s in args.sets if s != "dev" and not (BENCH / s / "qa.jsonl").is_file()
    ]
    if unknown:
        parser.error(f"unknown set or mode: {', '.join(unknown)}")

    result: dict[str, Any] = {"benchmark": "quality_compare", "k": args.k, "sets": {}}
    tables: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mmrag-compare-") as tmp:
        for name in args.sets:
            root = {"dev": args.root, "unseen": args.unseen_root}.get(name, held_out_root(name))
            root = root.expanduser().resolve()
            qa, unans_path = set_files(name, root)
            items = load_items(qa, root)
            questions = load_unanswerable(unans_path) if unans_path.is_file() else []
            cache = args.baseline_cache or Path(tmp) / "baseline-cache"  # keyed by file hash
            base_strict, base_lenient = run_baseline(items, questions, args.k, cache)
            entry: dict[str, Any] = {
                "root": "$MMRAG_CORPUS_DIR" if name == "dev" else f"$MMRAG_{name.upper()}_DIR",
                "n": len(items),
                "n_unanswerable": len(questions),
                "baseline": baseline_summary(base_strict, base_lenient),
                "modes": {},
            }
            data_dir = (args.data_dir / name) if args.data_dir else Path(tmp) / f"data-{name}"
            reports = args.reports_dir or Path(tmp)
            reports.mkdir(parents=True, exist_ok=True)
            for mode in modes:
                out = reports / f"eval_{name}_{mode}.json"
                report, seconds, rc, tail = run_mmrag_eval(
                    qa, root, unans_path if questions else None, args.k, mode, data_dir, out
                )
                if report is None:
                    entry["modes"][mode] = {"rc": rc, "run_s": round(seconds, 1), "error": tail}
                    tables.append(f"**{name} x {mode}**: mmrag eval failed (rc {rc})\n\n{tail}")
                    continue
                rows = modality_rows(report, base_strict)
                entry["modes"][mode] = {
                    "rc": rc,
                    "run_s": round(seconds, 1),
                    "refusal_rate": report.refusal_rate,
                    "by_modality": rows,
                    "mmrag": summary_dict(report),
                }
                tables.append(markdown_table(f"{name} x {mode}", rows, report, base_strict))
            result["sets"][name] = entry
    result["table_md"] = "\n\n".join(tables)
    print(result["table_md"])
    print()
    emit(result, args.out)
    failed = [
        f"{s} x {m}" for s, e in result["sets"].items() for m, r in e["modes"].items() if r["rc"]
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
