"""Rendering helpers the held-out sets' generators share (bench/unseen5 .. unseen11).

Fonts by name, a loud subprocess runner, truth files, 16-bit mono WAV in and out, a moving
average, a perspective warp (homography + bilinear sampling), pixel word wrap and the
generators' job runner (:func:`run_jobs`). Every function is deterministic: a set built with
them is byte-identical from run to run, and the sets that use them were checked to build the
same bytes as before they shared this module (compare each set's SHA256SUMS). Change nothing
here that would change an earlier set's files.
"""

from __future__ import annotations

import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
from PIL import ImageFont

PNG_META = {"Software": None}
BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]
NOMETA = ["-map_metadata", "-1", "-map_chapters", "-1"]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
FONTS = {
    "Sans": DEJAVU / "DejaVuSans.ttf",
    "SansB": DEJAVU / "DejaVuSans-Bold.ttf",
    "Mono": DEJAVU / "DejaVuSansMono.ttf",
    "MonoB": DEJAVU / "DejaVuSansMono-Bold.ttf",
    "Times": LIBERATION / "LiberationSerif-Regular.ttf",
    "TimesB": LIBERATION / "LiberationSerif-Bold.ttf",
    "Arial": LIBERATION / "LiberationSans-Regular.ttf",
    "ArialB": LIBERATION / "LiberationSans-Bold.ttf",
    "ArialI": LIBERATION / "LiberationSans-Italic.ttf",
    "Courier": LIBERATION / "LiberationMono-Regular.ttf",
    "CourierB": LIBERATION / "LiberationMono-Bold.ttf",
}


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS[name]), size)


def run(cmd: list[str], **kw) -> None:
    """Run a command, failing loudly."""
    subprocess.run(cmd, check=True, **kw)


def write_truth(truth: Path, name: str, text: str) -> None:
    """Keep the generated text so the checker can verify answers against it."""
    truth.mkdir(parents=True, exist_ok=True)
    (truth / name).write_text(text, encoding="utf-8")


def to_mono(src: Path, dst: Path, rate: int, *effects: str) -> None:
    run(["sox", "-R", str(src), "-r", str(rate), "-c", "1", "-b", "16", str(dst), *effects])


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A mono 16-bit WAV as float32 in [-1, 1]."""
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        rate = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768.0
    return data, rate


def write_wav(path: Path, data: np.ndarray, rate: int) -> None:
    """float32 mono -> 16-bit WAV (rounded, clipped; no dither, so repeatable)."""
    pcm = np.clip(np.round(data * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


# Note: int(round(x)) is kept throughout: under numpy 1.x, round() of a numpy scalar is a float.


def moving_average(x: np.ndarray, k: int) -> np.ndarray:
    """Centred moving average of odd length ``k`` (edges use the available samples)."""
    c = np.concatenate([[0.0], np.cumsum(x, dtype=np.float64)])
    n, h = len(x), k // 2
    lo = np.clip(np.arange(n) - h, 0, n)
    hi = np.clip(np.arange(n) + h + 1, 0, n)
    return (c[hi] - c[lo]) / (hi - lo)


def perspective_coeffs(
    dst: list[tuple[float, float]], src: list[tuple[float, float]]
) -> np.ndarray:
    """Homography (8 coefficients) mapping output points ``dst`` to input points ``src``."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(a, float), np.array(b, float))


def bilinear(
    img: np.ndarray, xs: np.ndarray, ys: np.ndarray, fill: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Sample ``img`` (H x W x C float) at float coordinates; ``fill`` outside."""
    h, w = img.shape[:2]
    x0 = np.floor(xs).astype(np.int64)
    y0 = np.floor(ys).astype(np.int64)
    fx = (xs - x0)[..., None]
    fy = (ys - y0)[..., None]
    inside = (x0 >= 0) & (y0 >= 0) & (x0 < w - 1) & (y0 < h - 1)
    x0c, y0c = np.clip(x0, 0, w - 2), np.clip(y0, 0, h - 2)
    p00 = img[y0c, x0c]
    p01 = img[y0c, x0c + 1]
    p10 = img[y0c + 1, x0c]
    p11 = img[y0c + 1, x0c + 1]
    out = (p00 * (1 - fx) + p01 * fx) * (1 - fy) + (p10 * (1 - fx) + p11 * fx) * fy
    out[~inside] = fill
    return out, inside


def wrap(text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels."""
    lines, cur = [], ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if cur and f.getlength(trial) > width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines


def run_jobs(
    argv: list[str],
    doc: str | None,
    jobs: dict[str, tuple[str, str, bool | None]],
    only_var: str,
    funcs: dict[str, object],
) -> int:
    """A generator's ``main``: ``argv`` is ``[prog, TARGET_DIR, WORK_DIR]``.

    Each job is ``key -> (path under TARGET_DIR, name of the function in funcs, uses_work)``:
    ``uses_work`` None calls ``f(out)``, False ``f(out, truth)``, True ``f(out, work/key, truth)``
    (truth is ``TARGET_DIR/_truth``). The environment variable ``only_var`` (comma-separated
    keys) limits the jobs run. Returns the exit status (2 with ``doc`` on a usage error).
    """
    if len(argv) != 3:
        print(doc, file=sys.stderr)
        return 2
    target, work = Path(argv[1]), Path(argv[2])
    truth = target / "_truth"
    only = {s for s in os.environ.get(only_var, "").split(",") if s}
    for key, (rel, fn, uses_work) in jobs.items():
        if only and key not in only:
            continue
        out = target / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        func = funcs[fn]
        assert callable(func)
        if uses_work is None:
            func(out)
        elif uses_work:
            w = work / key
            w.mkdir(parents=True, exist_ok=True)
            func(out, w, truth)
        else:
            func(out, truth)
        print(f"generated {rel}", flush=True)
    return 0
