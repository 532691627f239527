"""Timeline chunking (transcript windows, frames) and time-range shard planning."""

from __future__ import annotations

import itertools
import random

import pytest
from pydantic import ValidationError

from mmrag.ingestion.media.audio import dedupe_segments, plan_time_shards
from mmrag.ingestion.media.timeline import TimelineOptions, chunk_timeline
from mmrag.platform.models import (
    Element,
    ElementKind,
    MediaKind,
    Modality,
    SourceFile,
    stable_id,
)

pytestmark = pytest.mark.unit


def _source(content_hash: str = "abc123", tenant: str = "acme") -> SourceFile:
    return SourceFile(
        source_id="src-1",
        tenant=tenant,
        uri="/data/call.mp3",
        filename="call.mp3",
        path="/data/call.mp3",
        content_hash=content_hash,
        media_kind=MediaKind.AUDIO,
    )


def _seg(t0: float, t1: float, text: str, kind: ElementKind = ElementKind.TRANSCRIPT) -> Element:
    return Element(
        kind=kind,
        modality=Modality.AUDIO if kind is ElementKind.TRANSCRIPT else Modality.VIDEO,
        text=text,
        provenance=_source().provenance(
            t_start=t0, t_end=t1, frame="derived/x/f.jpg" if kind is ElementKind.FRAME else None
        ),
        method="test",
        confidence=0.8,
    )


def _regular(n: int, length: float = 5.0, gap: float = 0.5) -> list[Element]:
    return [
        _seg(i * (length + gap), i * (length + gap) + length, f"sentence number {i}.")
        for i in range(n)
    ]


def test_windows_respect_target_and_cap() -> None:
    opts = TimelineOptions()
    chunks = chunk_timeline(_regular(60), _source(), opts)
    assert len(chunks) > 5
    for chunk in chunks:
        span = chunk.provenance.t_end - chunk.provenance.t_start  # type: ignore[operator]
        assert span <= opts.max_s
    # every window but the last reaches the target length (segments are 5 s, target 22 s)
    spans = [c.provenance.t_end - c.provenance.t_start for c in chunks[:-1]]  # type: ignore[operator]
    assert min(spans) >= opts.target_s - 0.01


def test_consecutive_windows_overlap_by_one_segment_and_cover_all() -> None:
    segs = _regular(40)
    chunks = chunk_timeline(segs, _source())
    for prev, cur in itertools.pairwise(chunks):
        last_sentence = prev.text.split(". ")[-1].rstrip(".")
        assert cur.text.startswith(last_sentence)
        assert cur.provenance.t_start < prev.provenance.t_end  # type: ignore[operator]
    joined = " ".join(c.text for c in chunks)
    for seg in segs:
        assert seg.text in joined
    assert all(isinstance(c.extra["segments"], int) and c.extra["segments"] >= 1 for c in chunks)


def test_no_overlap_when_disabled() -> None:
    chunks = chunk_timeline(_regular(40), _source(), TimelineOptions(overlap_segments=0))
    for prev, cur in itertools.pairwise(chunks):
        assert cur.provenance.t_start >= prev.provenance.t_end  # type: ignore[operator]


def test_irregular_segments_never_exceed_cap_and_are_ordered() -> None:
    rng = random.Random(7)
    t, segs = 0.0, []
    for i in range(300):
        length = rng.choice([0.4, 1.5, 3.0, 7.0, 12.0, 29.0, 31.0, 45.0])
        segs.append(_seg(t, t + length, " ".join(f"w{i}_{k}" for k in range(rng.randint(1, 30)))))
        t += length + rng.choice([0.0, 0.2, 1.0, 8.0])
    rng.shuffle(segs)
    chunks = chunk_timeline(segs, _source())
    starts = [c.provenance.t_start for c in chunks]
    assert starts == sorted(starts)  # type: ignore[type-var]
    assert all(c.provenance.t_end - c.provenance.t_start <= 28.0 for c in chunks)  # type: ignore[operator]
    words = {w for s in segs for w in s.text.split()}
    assert words == {w for c in chunks for w in c.text.split()}  # long segments split, no word lost


def test_long_segment_is_split_with_its_words() -> None:
    seg = _seg(10.0, 80.0, " ".join(f"word{i}" for i in range(70)))
    chunks = chunk_timeline([seg], _source())
    assert len(chunks) >= 3
    assert chunks[0].provenance.t_start == 10.0
    assert chunks[-1].provenance.t_end == pytest.approx(80.0)
    assert " ".join(c.text for c in chunks).split() == seg.text.split()


def test_ids_are_stable_unique_and_follow_the_formula() -> None:
    segs = [*_regular(30), _seg(11.0, 19.0, "Slide two", ElementKind.FRAME)]
    first = chunk_timeline(segs, _source())
    second = chunk_timeline(list(reversed(segs)), _source())
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)
    c0 = first[0]
    start_ms = round(c0.provenance.t_start * 1000)  # type: ignore[operator]
    assert c0.id == stable_id("src-1", "abc123", "t", start_ms, 0)
    other = chunk_timeline(segs, _source(content_hash="different"))
    assert not {c.id for c in other} & {c.id for c in first}


def test_same_start_gets_distinct_ordinals() -> None:
    segs = [_seg(0.0, 4.0, "hello there"), _seg(0.0, 10.0, "Title slide", ElementKind.FRAME)]
    chunks = chunk_timeline(segs, _source())
    assert [c.kind for c in chunks] == [ElementKind.TRANSCRIPT, ElementKind.FRAME]
    assert chunks[0].id == stable_id("src-1", "abc123", "t", 0, 0)
    assert chunks[1].id == stable_id("src-1", "abc123", "t", 0, 1)


def test_frames_are_their_own_chunks_and_keep_span_and_blob() -> None:
    frame = _seg(30.0, 40.0, "Next steps\nFinal report due", ElementKind.FRAME)
    empty = _seg(40.0, 50.0, "", ElementKind.FRAME)
    chunks = chunk_timeline([*_regular(10), frame, empty], _source(tenant="acme"))
    frames = [c for c in chunks if c.kind is ElementKind.FRAME]
    assert len(frames) == 1  # the frame without text has nothing to embed
    f = frames[0]
    assert (f.provenance.t_start, f.provenance.t_end) == (30.0, 40.0)
    assert f.provenance.frame == "derived/x/f.jpg"
    assert f.modality is Modality.VIDEO
    assert f.text == frame.text
    assert all(c.tenant == "acme" and c.content_hash == "abc123" for c in chunks)
    kept = chunk_timeline([frame, empty], _source(), TimelineOptions(keep_empty_frames=True))
    assert len(kept) == 2


def test_long_frame_span_is_capped() -> None:
    chunks = chunk_timeline([_seg(0.0, 95.0, "static slide", ElementKind.FRAME)], _source())
    assert chunks[0].provenance.t_end == 28.0


def test_empty_input_and_bad_options() -> None:
    assert chunk_timeline([], _source()) == []
    with pytest.raises(ValidationError):
        TimelineOptions(target_s=40.0, max_s=28.0)


def test_plan_time_shards_cover_the_file() -> None:
    shards = plan_time_shards(1500.0, shard_seconds=600.0)
    assert len(shards) == 3
    assert shards[0].t_start == 0.0 and shards[-1].t_end == 1500.0
    for prev, cur in itertools.pairwise(shards):
        assert cur.t_start == prev.t_end
        assert cur.index == prev.index + 1
    assert all(s.t_end - s.t_start <= 600.0 for s in shards)  # type: ignore[operator]
    assert len(plan_time_shards(30.0)) == 1
    overlapping = plan_time_shards(1200.0, shard_seconds=600.0, overlap=5.0)
    assert overlapping[1].t_start == 595.0


def test_dedupe_segments_drops_boundary_repeats() -> None:
    a = _seg(598.0, 603.0, "the pump at Stonegate tripped again")
    b = _seg(598.2, 603.1, "The pump at Stonegate tripped again.")
    c = _seg(603.5, 607.0, "Hillside Electric will look at it")
    assert [e.text for e in dedupe_segments([c, b, a])] == [a.text, c.text]
