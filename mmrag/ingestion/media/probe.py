"""Probe and decode audio/video files with PyAV: stream facts, clear input errors, ranged audio."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, Field

from mmrag.platform.errors import CorruptFile, EmptyFile, LimitExceeded, UnsupportedFileType

if TYPE_CHECKING:
    from collections.abc import Iterator

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
"""Sample rate of every decoded audio array (what Whisper expects)."""

_STILL_IMAGE_FORMATS = ("image2", "_pipe", "png", "gif", "webp", "bmp", "tiff")
_MAX_TAIL_FRAMES = 5000


class MediaOptions(BaseModel):
    """Limits and checks applied when a media file is opened."""

    max_seconds: float = Field(default=6 * 3600.0, gt=0)
    check_tail: bool = True  # seek near the end and decode: catches truncated files
    tail_tolerance_s: float = Field(default=2.0, ge=0)


@dataclass(frozen=True)
class MediaInfo:
    """What a media file holds, from its container and stream headers."""

    duration: float  # seconds
    has_audio: bool
    has_video: bool
    format_name: str
    audio_codec: str | None = None
    video_codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    fps: float | None = None
    width: int | None = None
    height: int | None = None
    size_bytes: int = 0

    @property
    def size(self) -> tuple[int, int] | None:
        """(width, height) of the video stream, if any."""
        if self.width is None or self.height is None:
            return None
        return (self.width, self.height)


def probe_media(path: Path | str, options: MediaOptions | None = None) -> MediaInfo:
    """Stream facts of ``path``; raises EmptyFile, CorruptFile, UnsupportedFileType or LimitExceeded."""
    import av

    options = options or MediaOptions()
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile(f"{path.name}: the file is empty (0 bytes)")
    try:
        container = av.open(str(path), mode="r")
    except av.error.FFmpegError as exc:
        raise _open_error(path, exc) from exc
    with container:
        info = _read_info(container, path, size)
        if info.duration > options.max_seconds:
            raise LimitExceeded(
                f"{path.name}: {info.duration:.0f} s of media exceeds the limit of "
                f"{options.max_seconds:.0f} s"
            )
        _check_decodable(container, path, info, options)
    log.debug("probed media", extra={"file": path.name, "duration": info.duration})
    return info


def _open_error(path: Path, exc: Exception) -> Exception:
    """Unknown bytes are an unsupported type; a known container that fails to open is corrupt."""
    from mmrag.platform.sniff import sniff_bytes

    with path.open("rb") as handle:
        head = handle.read(2048)
    try:
        sniff_bytes(head)
    except UnsupportedFileType:
        return UnsupportedFileType(f"{path.name}: not an audio or video file ({exc})")
    return CorruptFile(f"{path.name}: cannot be opened as media, it may be truncated ({exc})")


def _read_info(container: Any, path: Path, size: int) -> MediaInfo:
    audio = _decodable(container.streams.audio)
    video = _decodable(container.streams.video)
    fmt = str(container.format.name)
    if audio is None and video is None:
        codecs = ", ".join(s.codec_context.name or "?" for s in container.streams) or "no streams"
        raise UnsupportedFileType(f"{path.name}: no decodable audio or video stream ({codecs})")
    if audio is None and any(tag in fmt for tag in _STILL_IMAGE_FORMATS):
        raise UnsupportedFileType(f"{path.name}: a still image ({fmt}), not audio or video")
    duration = _duration(container, [s for s in (audio, video) if s is not None])
    if duration <= 0:
        raise CorruptFile(f"{path.name}: the media has no duration (no decodable content)")
    fps: float | None = None
    if video is not None:
        rate = video.average_rate or video.guessed_rate or video.base_rate
        fps = float(rate) if rate else None
    return MediaInfo(
        duration=duration,
        has_audio=audio is not None,
        has_video=video is not None,
        format_name=fmt,
        audio_codec=audio.codec_context.name if audio is not None else None,
        video_codec=video.codec_context.name if video is not None else None,
        sample_rate=audio.codec_context.sample_rate if audio is not None else None,
        channels=audio.codec_context.channels if audio is not None else None,
        fps=fps,
        width=video.codec_context.width if video is not None else None,
        height=video.codec_context.height if video is not None else None,
        size_bytes=size,
    )


def _decodable(streams: Any) -> Any | None:
    """The first stream with a decoder in this FFmpeg build."""
    for stream in streams:
        ctx = stream.codec_context
        if ctx is not None and getattr(ctx, "codec", None) is not None and ctx.name:
            return stream
    return None


def _duration(container: Any, streams: list[Any]) -> float:
    if container.duration:
        return float(container.duration) / 1_000_000.0
    best = 0.0
    for stream in streams:
        if stream.duration and stream.time_base:
            best = max(best, float(stream.duration * stream.time_base))
    return best


def _check_decodable(container: Any, path: Path, info: MediaInfo, options: MediaOptions) -> None:
    """Decode at the start (and near the end): garbage or a truncated file is a CorruptFile."""
    import av

    stream = _decodable(container.streams.audio if info.has_audio else container.streams.video)
    try:
        first = next(_frames(container, stream), None)
        if first is None:
            raise CorruptFile(f"{path.name}: no frame could be decoded")
        if not options.check_tail or info.duration <= options.tail_tolerance_s * 2:
            return
        target = info.duration - options.tail_tolerance_s * 1.5
        _seek(container, stream, target)
        reached = -1.0
        for count, frame in enumerate(_frames(container, stream)):
            if frame.time is not None:
                reached = max(reached, float(frame.time))
            if reached >= target or count > _MAX_TAIL_FRAMES:
                break
    except av.error.FFmpegError as exc:
        raise CorruptFile(f"{path.name}: decoding failed ({exc})") from exc
    if reached < target - options.tail_tolerance_s:
        raise CorruptFile(
            f"{path.name}: truncated: the header promises {info.duration:.1f} s but "
            f"decoding stops at {max(reached, 0.0):.1f} s"
        )


def _seek(container: Any, stream: Any, seconds: float) -> None:
    """Seek to the last seekable point at or before ``seconds``."""
    if stream.time_base:
        container.seek(int(seconds / stream.time_base), stream=stream, backward=True)
    else:
        container.seek(int(seconds * 1_000_000), backward=True)


def _frames(container: Any, stream: Any) -> Iterator[Any]:
    for packet in container.demux(stream):
        yield from packet.decode()


def decode_audio(
    path: Path | str, t_start: float = 0.0, t_end: float | None = None
) -> npt.NDArray[np.float32]:
    """Mono 16 kHz float32 samples of ``[t_start, t_end)`` (``t_end=None``: to the end).

    Seeks to ``t_start`` and stops decoding after ``t_end``, so only the range is in memory.
    """
    import av

    path = Path(path)
    t_start = max(0.0, t_start)
    try:
        container = av.open(str(path), mode="r")
    except av.error.FFmpegError as exc:
        raise _open_error(path, exc) from exc
    with container:
        if not container.streams.audio:
            raise UnsupportedFileType(f"{path.name}: no audio stream")
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        if t_start > 0:
            _seek(container, stream, t_start)
        parts: list[npt.NDArray[np.float32]] = []
        origin: float | None = None  # time of the first sample fed to the resampler
        try:
            for frame in _frames(container, stream):
                ftime = float(frame.time) if frame.time is not None else None
                if ftime is not None and t_end is not None and ftime >= t_end:
                    break
                if origin is None:
                    if ftime is not None and ftime + frame.samples / frame.sample_rate <= t_start:
                        continue  # wholly before the range (seek lands a little early)
                    origin = ftime if ftime is not None else t_start
                parts.extend(_as_array(out) for out in resampler.resample(frame))
            parts.extend(_as_array(out) for out in resampler.resample(None))
        except av.error.FFmpegError as exc:
            raise CorruptFile(f"{path.name}: audio decoding failed ({exc})") from exc
    if not parts or origin is None:
        return np.zeros(0, dtype=np.float32)
    samples = np.concatenate(parts)
    first = max(0, round((t_start - origin) * SAMPLE_RATE))
    last = len(samples) if t_end is None else max(first, round((t_end - origin) * SAMPLE_RATE))
    return np.ascontiguousarray(samples[first:last], dtype=np.float32)


def _as_array(frame: Any) -> npt.NDArray[np.float32]:
    data: npt.NDArray[np.float32] = frame.to_ndarray().reshape(-1).astype(np.float32, copy=False)
    return data
