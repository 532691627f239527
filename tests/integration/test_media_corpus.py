"""Audio/video ingestion on the dev corpus (real Whisper model, real OCR) and on broken inputs."""

from __future__ import annotations

import importlib
import io
import re
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pytest

from mmrag.ingestion.media.audio import AudioOptions, plan_time_shards, transcribe
from mmrag.ingestion.media.probe import MediaOptions, decode_audio, probe_media
from mmrag.ingestion.media.timeline import chunk_timeline
from mmrag.ingestion.media.video import VideoOptions, extract_video
from mmrag.ingestion.ocr.base import Image, OcrEngine, OcrLine
from mmrag.platform.errors import (
    CorruptFile,
    EmptyFile,
    LimitExceeded,
    ModelUnavailable,
    UnsupportedFileType,
)
from mmrag.platform.models import Chunk, Element, ElementKind, MediaKind, Modality, SourceFile
from mmrag.platform.storage import BlobStore, sha256_file

pytestmark = pytest.mark.integration

MAX_CITATION_S = 30.0


class _TesseractOcr:
    """Fallback OCR (tesseract CLI, TSV lines) while the project OCR module is absent."""

    name = "tesseract"

    def recognize(self, image: Image) -> list[OcrLine]:
        from PIL import Image as PILImage

        buf = io.BytesIO()
        PILImage.fromarray(image).save(buf, format="PNG")
        tsv = subprocess.run(
            ["tesseract", "stdin", "stdout", "tsv"],
            input=buf.getvalue(),
            capture_output=True,
            check=True,
        ).stdout.decode()
        lines: dict[tuple[str, ...], tuple[list[str], list[float], list[int]]] = {}
        for row in tsv.splitlines()[1:]:
            f = row.split("\t")
            if len(f) < 12 or not f[11].strip() or float(f[10]) < 0:
                continue
            words, scores, box = lines.setdefault(tuple(f[2:5]), ([], [], []))
            x, y, w, h = (int(v) for v in f[6:10])
            words.append(f[11])
            scores.append(float(f[10]) / 100)
            box[:] = (
                [x, y, x + w, y + h]
                if not box
                else [min(box[0], x), min(box[1], y), max(box[2], x + w), max(box[3], y + h)]
            )
        return [
            OcrLine(" ".join(w), (b[0], b[1], b[2], b[3]), sum(s) / len(s))
            for w, s, b in lines.values()
        ]


def _ocr_engine() -> OcrEngine:
    """The project OCR engine (``mmrag.ingestion.ocr.engine``) when present, else tesseract."""
    try:
        module = importlib.import_module("mmrag.ingestion.ocr.engine")
    except ImportError:
        return _TesseractOcr()
    options = getattr(module, "OcrOptions", None)
    engine: OcrEngine = module.get_ocr_engine(options() if options else None)
    return engine


def _source(path: Path, kind: MediaKind) -> SourceFile:
    digest = sha256_file(path)
    return SourceFile(
        source_id=digest[:16],
        uri=str(path),
        filename=path.name,
        path=str(path),
        content_hash=digest,
        media_kind=kind,
    )


class CorpusRun(NamedTuple):
    chunks: dict[str, list[Chunk]]  # relative path -> chunks
    blobs: BlobStore


@pytest.fixture(scope="module")
def corpus_run(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    """Every corpus audio/video file ingested once per module."""
    blobs = BlobStore(tmp_path_factory.mktemp("blobs"))
    ocr = _ocr_engine()
    out: dict[str, list[Chunk]] = {}
    for path in sorted((corpus_dir / "audio").iterdir()):
        source = _source(path, MediaKind.AUDIO)
        result = transcribe(source, AudioOptions())
        out[f"audio/{path.name}"] = chunk_timeline(result.elements, source)
    for path in sorted((corpus_dir / "video").glob("*.mp4")):
        source = _source(path, MediaKind.VIDEO)
        result = extract_video(source, blobs, VideoOptions(), ocr)
        out[f"video/{path.name}"] = chunk_timeline(result.elements, source)
    return CorpusRun(out, blobs)


def _matches(text: str, answers: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(a.lower())}(?!\w)", text.lower()) for a in answers)


def _hit(chunks: list[Chunk], item: dict[str, object]) -> bool:
    t0, t1 = float(item["t_start"]) - 2.0, float(item["t_end"]) + 2.0  # type: ignore[arg-type]
    for chunk in chunks:
        c0, c1 = chunk.provenance.t_start, chunk.provenance.t_end
        assert c0 is not None and c1 is not None
        if c1 - c0 > MAX_CITATION_S or c1 < t0 or c0 > t1:
            continue
        if _matches(chunk.text, item["answer_contains"]):  # type: ignore[arg-type]
            return True
    return False


@pytest.mark.parametrize("modality", ["audio", "video"])
def test_answers_found_in_timed_chunks(
    modality: str, corpus_run: CorpusRun, qa_items: list[dict[str, object]]
) -> None:
    items = [q for q in qa_items if q["modality"] == modality]
    assert items, f"no {modality} items in qa.jsonl"
    misses = [q["id"] for q in items if not _hit(corpus_run.chunks[str(q["file"])], q)]
    share = 1 - len(misses) / len(items)
    assert share >= 0.8, f"{modality}: {share:.0%} found; missed {misses}"


def test_chunks_are_short_timed_and_typed(corpus_run: CorpusRun) -> None:
    assert len(corpus_run.chunks) == 5
    for name, chunks in corpus_run.chunks.items():
        assert chunks, name
        expected = Modality.AUDIO if name.startswith("audio/") else Modality.VIDEO
        for chunk in chunks:
            assert chunk.modality is expected
            assert chunk.text.strip()
            assert chunk.provenance.t_start is not None and chunk.provenance.t_end is not None
            assert 0 <= chunk.provenance.t_end - chunk.provenance.t_start <= MAX_CITATION_S
            if chunk.kind is ElementKind.TRANSCRIPT:
                assert chunk.confidence is not None and 0 < chunk.confidence <= 1
        assert len({c.id for c in chunks}) == len(chunks)


def test_keyframes_follow_slide_changes(corpus_run: CorpusRun) -> None:
    # the corpus README documents the slide changes of both videos
    changes = {
        "video/lake_survey_briefing.mp4": [0, 10, 20, 30],
        "video/ridgeline_orientation.mp4": [0, 11, 23, 33, 42, 51, 61, 69],
    }
    for name, times in changes.items():
        frames = [c for c in corpus_run.chunks[name] if c.kind is ElementKind.FRAME]
        starts = [c.provenance.t_start for c in frames]
        for t in times:
            assert any(abs(s - t) <= 0.6 for s in starts if s is not None), (name, t, starts)
        assert len(frames) <= len(times) + 2  # no keyframe storm on static slides
        for frame in frames:
            assert frame.provenance.frame is not None
            assert (
                corpus_run.blobs.open_path(frame.provenance.frame).read_bytes()[:2] == b"\xff\xd8"
            )


# --- broken and unusual inputs -------------------------------------------------------------


def _write_tone(path: Path, seconds: float, codec: str = "libmp3lame", fmt: str = "mp3") -> None:
    import av

    rate = 16000
    with av.open(str(path), "w", format=fmt) as out:
        stream: Any = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        t = np.arange(int(seconds * rate)) / rate
        samples = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        for i in range(0, len(samples), 1152):
            frame = av.AudioFrame.from_ndarray(
                samples[None, i : i + 1152], format="flt", layout="mono"
            )
            frame.sample_rate = rate
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def _write_silent_slides(path: Path, seconds: int = 6, fps: int = 5) -> None:
    """An H.264 video with no audio track: white until 3 s, then a black box."""
    import av

    with av.open(str(path), "w") as out:
        stream: Any = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        stream.time_base = Fraction(1, fps)
        for i in range(seconds * fps):
            img = np.full((240, 320, 3), 255, dtype=np.uint8)
            if i >= 3 * fps:
                img[60:180, 80:240] = 0
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def test_probe_rejects_bad_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile):
        probe_media(empty)

    text = tmp_path / "notes.mp4"
    text.write_text("this is a text file, not a video\n" * 20)
    with pytest.raises(UnsupportedFileType):
        probe_media(text)

    tone = tmp_path / "tone.mp3"
    _write_tone(tone, 20.0)
    info = probe_media(tone)
    assert info.has_audio and not info.has_video
    assert info.duration == pytest.approx(20.0, abs=0.2)
    with pytest.raises(LimitExceeded):
        probe_media(tone, MediaOptions(max_seconds=10))

    data = tone.read_bytes()
    half = tmp_path / "half.mp3"
    half.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFile, match="truncated"):
        probe_media(half)
    stub = tmp_path / "stub.mp3"
    stub.write_bytes(data[:200])
    with pytest.raises(CorruptFile):
        probe_media(stub)


def test_decode_audio_returns_the_requested_range(corpus_dir: Path) -> None:
    path = corpus_dir / "audio" / "lab_safety_briefing.wav"
    whole = decode_audio(path)
    part = decode_audio(path, 5.0, 9.0)
    assert whole.dtype == np.float32 and whole.ndim == 1
    assert len(whole) == pytest.approx(probe_media(path).duration * 16000, abs=160)
    assert len(part) == 4 * 16000
    np.testing.assert_allclose(part, whole[5 * 16000 : 9 * 16000], atol=1e-4)
    video_part = decode_audio(corpus_dir / "video" / "lake_survey_briefing.mp4", 2.0, 3.0)
    assert len(video_part) == pytest.approx(16000, abs=200)


def test_video_without_audio_still_indexes_frames(tmp_path: Path) -> None:
    path = tmp_path / "silent.mp4"
    _write_silent_slides(path)
    info = probe_media(path)
    assert info.has_video and not info.has_audio and info.size == (320, 240)

    class BoxOcr:
        name = "box-ocr"

        def recognize(self, image: Image) -> list[OcrLine]:
            dark = float((image < 50).mean())
            return [OcrLine("BLACK BOX" if dark > 0.1 else "WHITE PAGE", (0, 0, 1, 1), 0.9)]

    described: list[int] = []

    def describe(jpeg: bytes) -> str | None:
        described.append(len(jpeg))
        return "a generated description"

    source = _source(path, MediaKind.VIDEO)
    result = extract_video(
        source, BlobStore(tmp_path / "blobs"), VideoOptions(), BoxOcr(), describe
    )
    frames = [e for e in result.elements if e.kind is ElementKind.FRAME]
    assert [f.text for f in frames] == ["WHITE PAGE", "BLACK BOX"]
    assert frames[1].provenance.t_start == pytest.approx(3.0, abs=0.3)
    assert frames[0].provenance.t_end == frames[1].provenance.t_start
    assert not [e for e in result.elements if e.kind is ElementKind.TRANSCRIPT]
    assert any("no audio" in w for w in result.warnings)
    generated = [e for e in result.elements if e.kind is ElementKind.GENERATED]
    assert len(generated) == 2 and len(described) == 2
    assert (
        generated[0].method == "vlm" and generated[0].provenance.frame == frames[0].provenance.frame
    )


def test_sharded_transcript_matches_the_whole(corpus_dir: Path) -> None:
    source = _source(corpus_dir / "audio" / "lab_safety_briefing.wav", MediaKind.AUDIO)
    whole = transcribe(source, AudioOptions()).elements
    duration = probe_media(source.path).duration
    shards = plan_time_shards(duration, shard_seconds=11.0, path=source.path)
    assert len(shards) == 3
    # cuts moved into pauses: never inside a sentence of the whole-file transcript
    for cut in [s.t_start for s in shards[1:]]:
        assert cut is not None
        assert not any(
            e.provenance.t_start + 0.3 < cut < e.provenance.t_end - 0.3  # type: ignore[operator]
            for e in whole
        )
    parts = [e for s in shards for e in transcribe(source, AudioOptions(), s).elements]
    starts = [e.provenance.t_start for e in parts]
    assert starts == sorted(starts)  # type: ignore[type-var]
    whole_words, part_words = _words(whole), _words(parts)
    assert abs(len(part_words) - len(whole_words)) <= 0.15 * len(whole_words)
    assert "thursday" in part_words


def _words(elements: list[Element]) -> list[str]:
    return re.findall(r"\w+", " ".join(e.text for e in elements).lower())


def test_missing_model_is_a_clear_error(tmp_path: Path, corpus_dir: Path) -> None:
    source = _source(corpus_dir / "audio" / "lab_safety_briefing.wav", MediaKind.AUDIO)
    with pytest.raises(ModelUnavailable, match=r"model\.bin"):
        transcribe(source, AudioOptions(model_path=tmp_path))
