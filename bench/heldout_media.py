"""Speech and video helpers the held-out sets' generators share (bench/unseen5 .. unseen11).

A spoken conversation synthesised turn by turn with espeak-ng and sox, a brown room-tone bed,
the bit-exact ffmpeg audio encodes (MP3 or AAC in .m4a) and the narrated slide lesson (one
still per slide, cut at narration boundaries, H.264 + AAC MP4). Each set passes its own data
(texts, voices, gaps, seeds, levels, file names); every step is deterministic, and the sets
that use this module were checked to build the same bytes as before they shared it (compare
each set's SHA256SUMS). Change nothing here that would change an earlier set's files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
from heldout_kit import (
    BITEXACT,
    NOMETA,
    moving_average,
    read_wav,
    run,
    to_mono,
    write_truth,
    write_wav,
)
from PIL import Image


def speak_turns(
    turns: Sequence[tuple[str, str]],
    voices: Mapping[str, tuple[str, str, str, float]],
    gaps: Sequence[float],
    work: Path,
    rate: int,
    *,
    prefix: str,
    lead: float,
    espeak_opts: Sequence[str],
    pre: Sequence[str],
    post: Sequence[str],
) -> tuple[np.ndarray, list[str]]:
    """Synthesise a conversation; return the float64 track and its timeline lines.

    ``turns`` are (speaker, text); ``voices`` maps a speaker to (espeak-ng voice, words per
    minute, pitch, gain dB). Each turn goes through sox as ``pre``, ``gain -n GAIN``, ``post``;
    ``gaps`` are the silences between turns; ``lead`` seconds of silence open the track and
    1.5 s close it. Timeline lines are ``start<TAB>end<TAB>speaker<TAB>text``.
    """
    assert len(gaps) == len(turns) - 1
    parts, lines, t = [np.zeros(int(lead * rate), np.float32)], [], lead
    for i, (who, text) in enumerate(turns):
        voice, wpm, pitch, gain = voices[who]
        raw, wav = work / f"{prefix}{i}_raw.wav", work / f"{prefix}{i}.wav"
        run(["espeak-ng", "-v", voice, "-s", wpm, "-p", pitch, *espeak_opts, "-w", str(raw), text])
        to_mono(raw, wav, rate, *pre, "gain", "-n", f"{gain}", *post)
        x, _ = read_wav(wav)
        d = len(x) / rate
        lines.append(f"{t:.2f}\t{t + d:.2f}\t{who}\t{text}")
        parts.append(x)
        if i < len(gaps):
            parts.append(np.zeros(int(round(gaps[i] * rate)), np.float32))  # noqa: RUF046
        t = sum(len(p) for p in parts) / rate
    parts.append(np.zeros(int(1.5 * rate), np.float32))
    return np.concatenate(parts).astype(np.float64), lines


def brown_bed(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` samples of brown noise with the slow drift removed, peak-normalised to 1."""
    brown = np.cumsum(rng.normal(0, 1, n))
    brown -= moving_average(brown, 4001)
    brown /= np.max(np.abs(brown))
    return brown


def encode_speech(mix: np.ndarray, track: Path, out: Path, rate: int, codec: str) -> None:
    """Write ``mix`` (peak-normalised to 0.89) to ``track`` and encode it to ``out``.

    ``codec`` is ``"mp3"`` (libmp3lame, no Xing/ID3 headers) or ``"aac"`` (.m4a, faststart);
    64 kbit/s mono either way.
    """
    mix = mix / np.max(np.abs(mix)) * 0.89
    write_wav(track, mix.astype(np.float32), rate)
    if codec == "mp3":
        opts = ["-c:a", "libmp3lame", "-b:a", "64k", "-ac", "1", "-ar", str(rate)]
        opts += ["-write_xing", "0", "-id3v2_version", "0"]
    else:
        opts = ["-c:a", "aac", "-b:a", "64k", "-ac", "1", "-ar", str(rate)]
        opts += ["-movflags", "+faststart"]
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(track),
            *opts,
            *BITEXACT,
            *NOMETA,
            str(out),
        ]
    )


def lesson_video(
    out: Path,
    work: Path,
    truth: Path,
    truth_name: str,
    narrations: Sequence[Sequence[str]],
    render_slide: Callable[[int], tuple[Image.Image, str]],
    voice: tuple[str, str, str],
    *,
    espeak_opts: Sequence[str],
    effects: Sequence[str],
    timing: tuple[float, float, float],
    fps: int,
    seed: int,
    hiss: float,
) -> None:
    """Narrated slide lesson: one still per slide, cut at narration boundaries; MP4.

    Slide ``i`` is ``render_slide(i)`` (image, slide text) and is narrated by the sentences
    ``narrations[i]`` in ``voice`` (espeak-ng voice, words per minute, pitch), each put through
    sox ``effects``. ``timing`` is (delay before the first sentence, gap between sentences, tail
    after the last) in seconds; a slide lasts whole half-seconds, at least 9 s. Gaussian
    ``hiss`` (seeded with ``seed``) is added to the whole track. The timeline (slides and
    narration) goes to ``truth/truth_name``.
    """
    delay, gap, tail = timing
    rate = 44100
    audio, lines, t0 = [], [], 0.0
    concat = []
    for i, narr in enumerate(narrations):
        img, text = render_slide(i)
        png = work / f"lec{i}.png"
        img.save(png, format="PNG")
        seg: list[np.ndarray] = [np.zeros(int(round(delay * rate)), np.float32)]  # noqa: RUF046
        narr_lines = []
        t = delay
        for k, sent in enumerate(narr):
            raw, wav = work / f"lec{i}_{k}_raw.wav", work / f"lec{i}_{k}.wav"
            name, wpm, pitch = voice
            run(
                [
                    "espeak-ng",
                    "-v",
                    name,
                    "-s",
                    wpm,
                    "-p",
                    pitch,
                    *espeak_opts,
                    "-w",
                    str(raw),
                    sent,
                ]
            )
            to_mono(raw, wav, rate, *effects)
            x, _ = read_wav(wav)
            d = len(x) / rate
            narr_lines.append(f"{t0 + t:.2f}\t{t0 + t + d:.2f}\tnarration\t{sent}")
            seg.append(x)
            t += d
            if k < len(narr) - 1:
                seg.append(np.zeros(int(round(gap * rate)), np.float32))  # noqa: RUF046
                t += int(round(gap * rate)) / rate  # noqa: RUF046
        dur = max(9.0, np.ceil((t + tail) * 2) / 2)  # whole half-seconds
        n = int(round(dur * rate))  # noqa: RUF046
        a = np.concatenate(seg)
        audio.append(np.concatenate([a, np.zeros(n - len(a), np.float32)]))
        lines.append(f"{t0:.2f}\t{t0 + dur:.2f}\tslide\t{text}")
        lines += narr_lines
        concat += [f"file '{png.name}'", f"duration {dur:.2f}"]
        t0 += dur
    concat.append(f"file 'lec{len(narrations) - 1}.png'")
    (work / "lec_concat.txt").write_text("\n".join(concat) + "\n", encoding="utf-8")
    track = work / "lec_audio.wav"
    rng = np.random.default_rng(seed)
    full = np.concatenate(audio).astype(np.float64)
    full += rng.normal(0, hiss, len(full))
    write_wav(track, (full / np.max(np.abs(full)) * 0.9).astype(np.float32), rate)
    video = ["-vf", f"fps={fps},format=yuv420p", "-c:v", "libx264", "-preset", "veryfast"]
    video += ["-tune", "stillimage", "-crf", "24", "-g", str(fps * 4), "-threads", "1"]
    run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0"),
            *("-i", str(work / "lec_concat.txt"), "-i", str(track), "-map", "0:v", "-map", "1:a"),
            *video,
            *("-c:a", "aac", "-b:a", "64k", "-ac", "1", "-t", f"{t0:.2f}"),
            *("-movflags", "+faststart", *BITEXACT, *NOMETA, str(out)),
        ]
    )
    write_truth(truth, truth_name, "\n".join(lines) + "\n")
