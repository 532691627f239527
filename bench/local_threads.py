"""Local model speed by thread count: prompt and generation tokens/s, alternating 1 and 2 threads.

Runs the installed local GGUF (``MMRAG_LOCAL_MODEL`` or the default) on a ~300-token synthetic
evidence prompt, several rounds, each round every thread count once (so load changes on a
shared machine hit all counts alike). The prompt changes each round (no prompt-cache reuse
beyond the system prompt). Prints JSON.

    .venv/bin/python bench/local_threads.py [--threads 1,2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mmrag.agents.answering.generative import ANSWER_GRAMMAR, SYSTEM_PROMPT
from mmrag.agents.answering.local_model import LocalChatModel
from mmrag.platform.model_store import DEFAULT_MODEL, model_path
from mmrag.platform.settings import get_settings


def _prompt(round_: int) -> list[dict[str, Any]]:
    evidence = "\n".join(
        f"[{i}] station_{round_}_{i}.pdf p.{i}\nPump station {round_}-{i} moved {1200 + 37 * i} "
        f"cubic metres a day in {2010 + i}, with {3 + i} staff on the night shift and a "
        f"reservoir level of {40 + i}.{i} metres at the end of the dry season."
        for i in range(1, 6)
    )
    question = f"How many staff work the night shift at pump station {round_}-3?"
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Evidence:\n{evidence}\n\nQuestion: {question}"},
    ]


def main() -> int:
    """Time each thread count; print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = get_settings()
    path = settings.local_model or model_path(settings.models_dir, DEFAULT_MODEL)
    counts = [int(t) for t in args.threads.split(",")]
    models = {t: LocalChatModel(path, threads=t, ctx=settings.llm_ctx) for t in counts}
    runs: dict[int, list[dict[str, float]]] = {t: [] for t in counts}
    for model in models.values():  # load + warm the system prompt cache
        model.chat(_prompt(-1), max_tokens=4)
    for round_ in range(args.rounds):
        for t, model in models.items():
            started = time.perf_counter()
            reply = model.chat(_prompt(round_ * 10 + t), max_tokens=60, grammar=ANSWER_GRAMMAR)
            usage = model.last_usage
            runs[t].append(
                {
                    "s": round(time.perf_counter() - started, 3),
                    "prompt_n": usage.get("prompt_n", 0),
                    "prompt_tok_s": round(usage.get("prompt_per_second", 0.0), 1),
                    "gen_n": usage.get("predicted_n", 0),
                    "gen_tok_s": round(usage.get("predicted_per_second", 0.0), 1),
                    "reply": reply[:80],
                }
            )
    summary = {
        f"threads_{t}": {
            "median_s": statistics.median(r["s"] for r in rs),
            "median_prompt_tok_s": statistics.median(r["prompt_tok_s"] for r in rs),
            "median_gen_tok_s": statistics.median(r["gen_tok_s"] for r in rs),
            "runs": rs,
        }
        for t, rs in runs.items()
    }
    out = {
        "benchmark": "local_threads",
        "model": path.name,
        "cpu_count": os.cpu_count(),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        **summary,
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
