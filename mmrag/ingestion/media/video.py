"""Video to elements: the sound track through ASR, scene-change keyframes through OCR (and a VLM hook)."""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, Field

from mmrag.ingestion.base import ExtractionResult
from mmrag.ingestion.charts.reading import chart_reading_text
from mmrag.ingestion.media.audio import AudioOptions, transcribe
from mmrag.ingestion.media.probe import MediaInfo, MediaOptions, probe_media
from mmrag.ingestion.ocr.base import OcrEngine
from mmrag.ingestion.ocr.engine import OcrOptions
from mmrag.ingestion.ocr.tables import text_with_tables
from mmrag.platform.errors import CorruptFile
from mmrag.platform.models import Element, ElementKind, Modality, Shard, SourceFile
from mmrag.platform.storage import BlobStore

log = logging.getLogger(__name__)

Grey = npt.NDArray[np.uint8]
DescribeFrame = Callable[[bytes], str | None]
"""Optional VLM hook: JPEG bytes of a keyframe -> a description (or None)."""


def _video_audio_options() -> AudioOptions:
    return AudioOptions(modality=Modality.VIDEO)


class VideoOptions(BaseModel):
    """Keyframe selection, frame storage and OCR settings for video ingestion."""

    audio: AudioOptions = Field(default_factory=_video_audio_options)
    transcribe_audio: bool = True
    media: MediaOptions = Field(default_factory=MediaOptions)
    analysis_fps: float = Field(default=4.0, gt=0)  # frames compared per second
    analysis_width: int = Field(default=320, ge=32)  # greyscale width for change detection
    pixel_delta: int = Field(default=24, ge=1, le=255)  # a pixel "changed" above this grey delta
    scene_threshold: float = Field(default=0.01, gt=0)  # changed-pixel share vs the last keyframe
    settle_threshold: float = Field(default=0.002, ge=0)  # share between samples: picture is still
    max_settle_s: float = Field(default=2.0, ge=0)  # capture anyway after this long in motion
    min_interval_s: float = Field(default=1.0, ge=0)
    motion_interval_s: float = Field(default=5.0, ge=0)  # min interval after an unsettled capture
    max_interval_s: float = Field(default=12.0, gt=0)  # a static shot still gets a frame this often
    max_span_s: float = Field(default=28.0, gt=0)  # merged identical slides never span more
    frame_max_side: int = Field(default=1280, ge=64)
    jpeg_quality: int = Field(default=85, ge=10, le=100)
    ocr_min_score: float = Field(default=0.5, ge=0, le=1)
    # Slides are sparse, large type: no horizontal squeeze (it merges table cells and loses
    # short labels such as "F4"); a video has few keyframes, so the cost is small.
    ocr: OcrOptions = Field(default_factory=lambda: OcrOptions(x_scale=1.0))
    skip_nonref_frames: bool = True  # do not decode B-frames when fps is well above analysis_fps


@dataclass
class _Keyframe:
    t: float  # when the picture first showed
    text: str
    key: str
    confidence: float | None


def extract_video(
    source: SourceFile,
    blobs: BlobStore,
    options: VideoOptions | None = None,
    ocr: OcrEngine | None = None,
    describe_frame: DescribeFrame | None = None,
    shard: Shard | None = None,
) -> ExtractionResult:
    """Transcript segments, one FRAME element per distinct keyframe, and optional VLM descriptions."""
    options = options or VideoOptions()
    info = probe_media(source.path, options.media)
    lo = shard.t_start if shard and shard.t_start is not None else 0.0
    hi = min(shard.t_end if shard and shard.t_end is not None else info.duration, info.duration)
    result = ExtractionResult(duration_s=info.duration)
    if info.has_audio and options.transcribe_audio:
        audio_opts = options.audio.model_copy(update={"modality": Modality.VIDEO})
        speech = transcribe(source, audio_opts, Shard(index=0, t_start=lo, t_end=hi))
        result.elements.extend(speech.elements)
        result.warnings.extend(speech.warnings)
    elif not info.has_audio:
        result.warnings.append(f"{source.filename}: no audio track; indexing frames only")
    if info.has_video:
        started = time.perf_counter()
        keyframes = list(_keyframes(source, blobs, info, options, ocr, lo, hi))
        frames = _frame_elements(source, keyframes, hi, options, ocr)
        result.elements.extend(frames)
        if describe_frame is not None:
            result.elements.extend(_describe(frames, blobs, describe_frame, result.warnings))
        log.info(
            "keyframes of %s: %d captured, %d elements in %.2f s",
            source.filename,
            len(keyframes),
            len(frames),
            time.perf_counter() - started,
        )
    result.elements.sort(key=lambda e: (e.provenance.t_start or 0.0, e.kind.value))
    return result


def _keyframes(
    source: SourceFile,
    blobs: BlobStore,
    info: MediaInfo,
    options: VideoOptions,
    ocr: OcrEngine | None,
    lo: float,
    hi: float,
) -> Iterator[_Keyframe]:
    """Scene-change keyframes in ``[lo, hi)``: OCR'd and stored as JPEG as they are found."""
    last_small: Grey | None = None  # picture of the last keyframe
    last_t = -1e9
    prev_small: Grey | None = None  # previous analysed sample
    pending: float | None = None  # time a change was first seen, waiting for the picture to settle
    gap = options.min_interval_s
    last_ocr: tuple[Grey, str, float | None] | None = None
    for t, small, frame in _samples(Path(source.path), info, options, lo, hi):
        capture_at: float | None = None
        settled = True
        if last_small is None:
            capture_at = t
        else:
            if pending is None:
                changed = _changed(small, last_small, options.pixel_delta) > options.scene_threshold
                if changed and t - last_t >= gap:
                    pending = t
                elif t - last_t >= options.max_interval_s:
                    capture_at = t
            if pending is not None:
                still = (
                    prev_small is not None
                    and _changed(small, prev_small, options.pixel_delta) <= options.settle_threshold
                )
                if still or t - pending >= options.max_settle_s:
                    capture_at, settled, pending = pending, still, None
        prev_small = small
        if capture_at is None:
            continue
        gap = (
            options.min_interval_s
            if settled
            else max(options.min_interval_s, options.motion_interval_s)
        )
        last_small, last_t = small, capture_at
        rgb = _rgb(frame, options.frame_max_side)
        if (
            last_ocr is not None
            and _changed(small, last_ocr[0], options.pixel_delta) <= options.settle_threshold
        ):
            text, conf = last_ocr[1], last_ocr[2]  # the same picture: reuse its OCR
        else:
            text, conf = _read_text(ocr, rgb, options.ocr_min_score)
            last_ocr = (small, text, conf)
        key = blobs.put_derived(
            source.content_hash,
            f"frame-{round(capture_at * 1000)}.jpg",
            _jpeg(rgb, options.jpeg_quality),
        )
        yield _Keyframe(t=capture_at, text=text, key=key, confidence=conf)


def _samples(
    path: Path, info: MediaInfo, options: VideoOptions, lo: float, hi: float
) -> Iterator[tuple[float, Grey, Any]]:
    """(time, small greyscale picture, frame) about ``analysis_fps`` times a second in ``[lo, hi)``."""
    import av

    step = 1.0 / options.analysis_fps
    width = options.analysis_width
    height = max(2, round(width * (info.height or 9) / max(info.width or 16, 1) / 2) * 2)
    try:
        container = av.open(str(path), mode="r")
    except av.error.FFmpegError as exc:
        raise CorruptFile(f"{path.name}: cannot open the video ({exc})") from exc
    with container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if options.skip_nonref_frames and (info.fps or 0.0) > 2 * options.analysis_fps:
            stream.codec_context.skip_frame = "NONREF"
        if lo > 0 and stream.time_base:
            container.seek(int(lo / stream.time_base), stream=stream, backward=True)
        next_t = lo
        try:
            for packet in container.demux(stream):
                for frame in packet.decode():
                    t = float(frame.time) if frame.time is not None else next_t
                    if t >= hi:
                        return
                    if t + 1e-6 < next_t:
                        continue
                    next_t = max(next_t + step, t + step * 0.5)
                    small = frame.reformat(width=width, height=height, format="gray").to_ndarray()
                    yield t, np.ascontiguousarray(small, dtype=np.uint8), frame
        except av.error.FFmpegError as exc:
            log.warning("video decoding stopped early in %s: %s", path.name, exc)


def _changed(a: Grey, b: Grey, delta: int) -> float:
    """Share of pixels whose grey level differs by more than ``delta``."""
    diff = np.abs(a.astype(np.int16) - b.astype(np.int16))
    return float(np.count_nonzero(diff > delta)) / float(diff.size)


def _rgb(frame: Any, max_side: int) -> npt.NDArray[np.uint8]:
    width, height = int(frame.width), int(frame.height)
    scale = min(1.0, max_side / max(width, height))
    if scale < 1.0:
        width, height = max(2, round(width * scale)), max(2, round(height * scale))
    rgb: npt.NDArray[np.uint8] = frame.reformat(
        width=width, height=height, format="rgb24"
    ).to_ndarray()
    return rgb


def _jpeg(rgb: npt.NDArray[np.uint8], quality: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def _read_text(
    ocr: OcrEngine | None, rgb: npt.NDArray[np.uint8], min_score: float
) -> tuple[str, float | None]:
    if ocr is None:
        return "", None
    lines = [line for line in ocr.recognize(rgb) if line.text.strip() and line.score >= min_score]
    if not lines:
        return "", None
    text = text_with_tables(lines)  # a slide's table keeps its rows
    reading = chart_reading_text(rgb, lines)  # a chart slide: each bar's or point's values
    if reading:
        text = f"{text}\n{reading}"
    return text, round(sum(line.score for line in lines) / len(lines), 4)


def _frame_elements(
    source: SourceFile,
    keyframes: list[_Keyframe],
    end: float,
    options: VideoOptions,
    ocr: OcrEngine | None,
) -> list[Element]:
    """One element per run of keyframes with the same text, each spanning at most ``max_span_s``."""
    method = f"keyframe+{ocr.name}" if ocr is not None else "keyframe"
    elements: list[Element] = []
    i = 0
    while i < len(keyframes):
        first = keyframes[i]
        j = i + 1
        while (
            j < len(keyframes)
            and _same_text(keyframes[j].text, first.text)
            and _next_start(keyframes, j, end) - first.t <= options.max_span_s
        ):
            j += 1
        t_end = min(_next_start(keyframes, j - 1, end), first.t + options.max_span_s)
        elements.append(
            Element(
                kind=ElementKind.FRAME,
                modality=Modality.VIDEO,
                text=first.text,
                provenance=source.provenance(
                    t_start=round(first.t, 3), t_end=round(max(t_end, first.t), 3), frame=first.key
                ),
                method=method,
                confidence=first.confidence,
            )
        )
        i = j
    return elements


def _next_start(keyframes: list[_Keyframe], index: int, end: float) -> float:
    return keyframes[index + 1].t if index + 1 < len(keyframes) else end


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _describe(
    frames: list[Element], blobs: BlobStore, describe_frame: DescribeFrame, warnings: list[str]
) -> list[Element]:
    """GENERATED elements from the VLM hook, one per frame element it describes."""
    out: list[Element] = []
    for frame in frames:
        key = frame.provenance.frame
        if key is None:
            continue
        try:
            text = describe_frame(blobs.open_path(key).read_bytes())
        except Exception as exc:  # a failing hook must not lose the frames
            warnings.append(f"frame description failed at {frame.provenance.t_start} s: {exc}")
            continue
        if text and text.strip():
            out.append(
                frame.model_copy(
                    update={"kind": ElementKind.GENERATED, "text": text.strip(), "method": "vlm"}
                )
            )
    return out
