"""Synthetic degraded document pages with known text: phone photos, turned scans, faded copies.

Used by ``bench/photo_ocr.py``. Every page is drawn from a seed (text, font, layout and the
degradation's parameters), so a run is reproducible; the text is random English-like words,
numbers and dates, not any evaluation document.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

KINDS = ("flat", "photo", "photo_hard", "turned_90", "turned_180", "turned_270", "faded")
_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
_WORDS = (
    "the of and to in for is on that by this with from at as are was be or it an which has "
    "report annual council water supply service station district members budget total period "
    "review staff training safety visitors museum garden library harbour bridge school market "
    "season rainfall monthly average higher lower increase decrease compared previous level "
    "figure table section summary meeting committee approved planned completed delayed open "
    "closed north south east west central river valley road village county office centre "
    "engineer inspector volunteer officer manager secretary treasurer chair member public "
    "notice repairs cost estimate contract schedule delivery weekly daily evening morning"
).split()
_MONTHS = "January February March April May June July August September October November".split()


@dataclass(frozen=True)
class SyntheticPage:
    """A degraded page image (RGB) and the words printed on it."""

    kind: str
    seed: int
    image: np.ndarray
    words: list[str]


def _font(rng: np.random.Generator, size: int) -> ImageFont.FreeTypeFont:
    fonts = [f for f in _FONTS if Path(f).exists()]
    return ImageFont.truetype(fonts[int(rng.integers(len(fonts)))], size)


def _token(rng: np.random.Generator) -> str:
    roll = rng.random()
    if roll < 0.08:
        return f"{int(rng.integers(2, 999))}"
    if roll < 0.11:
        return f"{int(rng.integers(1, 28))} {_MONTHS[int(rng.integers(len(_MONTHS)))]}"
    if roll < 0.13:
        return f"{rng.integers(10, 99)}.{rng.integers(0, 9)}%"
    return str(_WORDS[int(rng.integers(len(_WORDS)))])


def render_page(seed: int, width: int = 1240, height: int = 1754) -> tuple[np.ndarray, list[str]]:
    """A clean A4 page at 150 dpi: a title and paragraphs of random words (dark on white)."""
    rng = np.random.default_rng(seed)
    page = Image.new("RGB", (width, height), (250, 250, 248))
    draw = ImageDraw.Draw(page)
    size = int(rng.integers(24, 34))
    font = _font(rng, size)
    title_font = _font(rng, size + 12)
    margin = int(rng.integers(90, 140))
    words: list[str] = []
    title = " ".join(_token(rng).capitalize() for _ in range(int(rng.integers(3, 6))))
    draw.text((margin, margin), title, font=title_font, fill=(20, 20, 20))
    words += title.split()
    y = margin + int(2.4 * size) + 12
    while y < height - margin - 2 * size:
        line: list[str] = []
        for _ in range(40):
            token = _token(rng)
            trial = " ".join([*line, token])
            if draw.textlength(trial, font=font) > width - 2 * margin:
                break
            line.append(token)
        text = " ".join(line)
        draw.text((margin, y), text, font=font, fill=(25, 25, 25))
        words += text.split()
        y += int(size * 1.45)
        if rng.random() < 0.12:
            y += size  # paragraph break
    return np.asarray(page, dtype=np.uint8), words


def _background(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """A dark, grained surface (a table top) with low-frequency shading."""
    base = rng.uniform(50, 120, size=3)
    ys = np.linspace(0, 1, height)[:, None]
    xs = np.linspace(0, 1, width)[None, :]
    grain = np.sin(2 * math.pi * (ys * rng.uniform(20, 60) + 0.3 * np.sin(6 * xs)))
    shade = 0.8 + 0.2 * np.cos(2 * math.pi * (xs * rng.uniform(0.3, 1.2) + ys * 0.4))
    surface = (base[None, None, :] * (shade + 0.12 * grain)[:, :, None]).clip(0, 255)
    return surface.astype(np.float32)


def _photograph(page: np.ndarray, rng: np.random.Generator, hard: bool) -> np.ndarray:
    """The page lying on a table, shot at an angle: perspective, light fall-off, blur, noise, JPEG."""
    import cv2

    h, w = page.shape[:2]
    out_h, out_w = (1600, 1200) if rng.random() < 0.6 else (1200, 1600)
    fill = rng.uniform(0.45, 0.6) if hard else rng.uniform(0.6, 0.8)
    scale = math.sqrt(fill * out_h * out_w / (h * w))
    cw, ch = w * scale, h * scale
    cx = out_w / 2 + rng.uniform(-0.06, 0.06) * out_w
    cy = out_h / 2 + rng.uniform(-0.06, 0.06) * out_h
    angle = math.radians(rng.uniform(-25, 25) if hard else rng.uniform(-10, 10))
    jitter = (0.16 if hard else 0.08) * min(cw, ch)
    corners = []
    for dx, dy in ((-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)):
        x, y = dx * cw, dy * ch
        xr = x * math.cos(angle) - y * math.sin(angle)
        yr = x * math.sin(angle) + y * math.cos(angle)
        corners.append(
            (cx + xr + rng.uniform(-jitter, jitter), cy + yr + rng.uniform(-jitter, jitter))
        )
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, np.asarray(corners, dtype=np.float32))
    warped = cv2.warpPerspective(page, matrix, (out_w, out_h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (out_w, out_h)) > 127
    scene = _background(rng, out_h, out_w)
    scene[mask] = warped[mask]
    ys = np.linspace(0, 1, out_h)[:, None]
    xs = np.linspace(0, 1, out_w)[None, :]
    gx, gy = rng.uniform(-1, 1, size=2)
    light = 1.0 - (0.45 if hard else 0.3) * ((gx * xs + gy * ys) - min(0, gx) - min(0, gy)) / (
        abs(gx) + abs(gy) + 1e-6
    )
    cast = np.array([1.0, rng.uniform(0.92, 1.0), rng.uniform(0.8, 0.95)], np.float32)
    scene = scene * light[:, :, None] * cast[None, None, :]
    scene = cv2.GaussianBlur(scene, (0, 0), rng.uniform(0.6, 1.3 if hard else 1.0))
    scene = scene + rng.normal(0, 6 if hard else 4, scene.shape)
    return _jpeg(scene.clip(0, 255).astype(np.uint8), int(rng.integers(55, 80)))


def _jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=quality)
    return np.asarray(Image.open(buffer).convert("RGB"), dtype=np.uint8)


def _faded(page: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A faded photocopy: grey paper, grey ink, speckle."""
    import cv2

    paper, ink = rng.uniform(185, 215), rng.uniform(105, 140)
    grey = page.astype(np.float32).mean(axis=2) / 255.0
    faded = ink + (paper - ink) * grey
    faded = cv2.GaussianBlur(faded, (0, 0), 0.8) + rng.normal(0, 7, faded.shape)
    return np.repeat(faded.clip(0, 255).astype(np.uint8)[:, :, None], 3, axis=2)


def synthetic_page(kind: str, seed: int) -> SyntheticPage:
    """One page of ``kind`` (see ``KINDS``) drawn from ``seed``."""
    page, words = render_page(seed)
    rng = np.random.default_rng(seed + 10_000)
    if kind == "flat":
        image = page
    elif kind in ("photo", "photo_hard"):
        image = _photograph(page, rng, hard=kind == "photo_hard")
    elif kind.startswith("turned_"):
        turns = int(kind.split("_")[1]) // 90
        image = np.ascontiguousarray(np.rot90(page, k=turns))
    elif kind == "faded":
        image = _faded(page, rng)
    else:
        raise ValueError(f"unknown kind {kind!r}; one of {KINDS}")
    return SyntheticPage(kind=kind, seed=seed, image=image, words=words)
