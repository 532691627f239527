"""Audio and video: probe, split long files into time ranges, transcribe / keyframe + OCR."""

from __future__ import annotations

import math

from mmrag.ingestion.base import ExtractionResult, Plan
from mmrag.ingestion.media.audio import AudioOptions, plan_time_shards, transcribe
from mmrag.ingestion.media.probe import MediaOptions, probe_media
from mmrag.ingestion.media.timeline import TimelineOptions, chunk_timeline
from mmrag.ingestion.media.video import VideoOptions, extract_video
from mmrag.platform.models import Chunk, Element, Modality, Shard, SourceFile
from mmrag.platform.settings import Settings
from mmrag.platform.storage import BlobStore


def _seconds(shard: Shard) -> int:
    if shard.t_start is None or shard.t_end is None:
        return 1
    return max(1, math.ceil(shard.t_end - shard.t_start))


class _TimedExtractor:
    """Shared planning and chunking of time-based media."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.media = MediaOptions(max_seconds=settings.max_media_seconds)
        self.timeline = TimelineOptions()

    def plan(self, source: SourceFile) -> Plan:
        """Probe (limits, decodability) and cut into time ranges."""
        info = probe_media(source.path, self.media)
        shards = plan_time_shards(info.duration, self.settings.media_shard_s, path=source.path)
        return Plan(
            shards=shards,
            total_units=sum(_seconds(s) for s in shards),
            duration_s=info.duration,
        )

    def chunk(self, elements: list[Element], source: SourceFile) -> list[Chunk]:
        """Windows of at most ~28 s; keyframes stay their own chunks."""
        return chunk_timeline(elements, source, self.timeline)

    def units(self, shard: Shard) -> int:
        """Seconds in the shard."""
        return _seconds(shard)

    def audio(self, modality: Modality) -> AudioOptions:
        """Speech recognition options for this deployment's media of ``modality``."""
        return AudioOptions(
            media=self.media,
            model_path=self.settings.asr_model_path,
            models_dir=self.settings.models_dir,
            modality=modality,
        )


class AudioExtractor(_TimedExtractor):
    """Speech to timed transcript segments (faster-whisper, Whisper base, VAD)."""

    def extract(self, source: SourceFile, shard: Shard, blobs: BlobStore) -> ExtractionResult:
        """Transcript of the shard's time range."""
        return transcribe(source, self.audio(Modality.AUDIO), shard)


class VideoExtractor(_TimedExtractor):
    """Sound track to transcript; scene-change keyframes to stored frames with OCR'd text."""

    def extract(self, source: SourceFile, shard: Shard, blobs: BlobStore) -> ExtractionResult:
        """Transcript and keyframes of the shard's time range."""
        from mmrag.ingestion.ocr.engine import get_ocr_engine

        options = VideoOptions(media=self.media, audio=self.audio(Modality.VIDEO))
        engine = get_ocr_engine(options.ocr)
        return extract_video(source, blobs, options, ocr=engine, shard=shard)
