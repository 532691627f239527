"""Slide helpers the held-out sets' generators share (bench/unseen5 .. unseen11).

Two slide designs for the narrated lesson videos (1280 x 720). unseen5 and unseen6's lectures:
a white slide with a title bar in the set's accent colour (title, bullets, table, a drawn brood
frame or a bar chart with a threshold line), the slide number and the organisation at the foot
(:func:`lecture_slide`, :func:`threshold_bar_chart`). unseen9 .. unseen11's courses: a tinted
slide with a title bar and a rule in two colours (:func:`course_slide` in a
:class:`CourseLook`). Each set passes its own slides, colours and texts; rendering is
deterministic, and the sets that use this module were checked to build the same bytes as before
they shared it (compare each set's SHA256SUMS). Change nothing here that would change an
earlier set's files.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from heldout_kit import PNG_META, font, wrap
from PIL import Image, ImageDraw

W, H = 1280, 720  # slide size (the lessons' video frame)


def threshold_bar_chart(
    data: Sequence[tuple[str, float]],
    *,
    color: str,
    label_dy: float,
    threshold: tuple[float, float, float, str],
    ymax: float,
    ylabel: str,
    title: str,
) -> Image.Image:
    """A small matplotlib bar chart for a slide, as an RGB image (700 x 390 px).

    Bars of ``data`` (label, value) in ``color`` with their values ``label_dy`` above them, a
    dashed red ``threshold`` line (value, then the x, y and text of its label), the y axis
    from 0 to ``ymax`` titled ``ylabel``, and a bold ``title`` at the top left.
    """
    fig = plt.figure(figsize=(7.0, 3.9), dpi=100)
    ax = fig.add_axes([0.12, 0.14, 0.84, 0.72])
    xs = np.arange(len(data))
    vals = [v for _, v in data]
    bars = ax.bar(xs, vals, color=color, width=0.62)
    for b, v in zip(bars, vals, strict=True):
        ax.text(
            b.get_x() + b.get_width() / 2,
            v + label_dy,
            f"{v:.1f}",
            ha="center",
            va="bottom",
            fontsize=11,
        )
    level, tx, ty, text = threshold
    ax.axhline(level, color="#c53030", linestyle="--", linewidth=1.4)
    ax.text(tx, ty, text, color="#c53030", fontsize=10)
    ax.set_xticks(xs, [m for m, _ in data], fontsize=11)
    ax.set_ylim(0, ymax)
    ax.set_ylabel(ylabel, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(
        0.02,
        0.93,
        title,
        fontsize=12,
        fontweight="bold",
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def lecture_slide(
    i: int,
    slides: Sequence[Mapping[str, Any]],
    *,
    accent: str,
    chart: Callable[[], Image.Image],
    chart_texts: Sequence[str],
    footer: str,
) -> tuple[Image.Image, str]:
    """Slide ``i`` of a lecture (white, ``accent`` title bar, slide number), with its text.

    A slide is a mapping with ``kind`` (title, bullets, table, frame or chart), ``title`` and
    ``lines``; a chart slide pastes ``chart()`` under its lines and adds ``chart_texts`` to the
    slide's text. ``footer`` (the organisation) stands at the bottom left.
    """
    s = slides[i]
    img = Image.new("RGB", (W, H), "white")
    d = ImageDraw.Draw(img)
    texts: list[str] = []
    if s["kind"] == "title":
        d.rectangle([0, 0, W, H], fill="#fffaf0")
        d.rectangle([0, 430, W, 440], fill=accent)
        d.text((90, 250), s["title"], font=font("SansB", 64), fill="#2d3748")
        texts.append(s["title"])
        y = 470
        for k, ln in enumerate(s["lines"]):
            d.text((90, y), ln, font=font("SansB" if k == 0 else "Sans", 30), fill="#4a5568")
            y += 52
            texts.append(ln)
    else:
        d.rectangle([0, 0, W, 110], fill=accent)
        d.text((60, 55), s["title"], font=font("SansB", 44), fill="white", anchor="lm")
        texts.append(s["title"])
        if s["kind"] == "bullets":
            y = 160
            for ln in s["lines"]:
                d.ellipse([70, y + 14, 86, y + 30], fill=accent)
                d.text((110, y), ln, font=font("Sans", 36), fill="#1a202c")
                y += 78
                texts.append(ln)
        elif s["kind"] == "table":
            rows = [r.split("|") for r in s["lines"]]
            cols = [70, 420, 800, 1210]
            y = 170
            for r, row in enumerate(rows):
                h = 96
                if r == 0:
                    d.rectangle([cols[0], y, cols[-1], y + h], fill="#fefcbf")
                for c in range(3):
                    d.rectangle([cols[c], y, cols[c + 1], y + h], outline="#a0aec0", width=2)
                    ls = wrap(row[c], font("Sans", 30), cols[c + 1] - cols[c] - 36)
                    yy = y + h // 2 - 19 * len(ls)
                    for ln in ls:
                        d.text(
                            (cols[c] + 18, yy),
                            ln,
                            font=font("SansB" if r == 0 else "Sans", 30),
                            fill="#1a202c",
                        )
                        yy += 38
                y += h
                texts.append(" | ".join(row))
        elif s["kind"] == "frame":
            x0, y0, x1, y1 = 140, 160, 1140, 560
            d.rectangle([x0 - 30, y0 - 20, x1 + 30, y0], fill="#8b5e34")
            d.rectangle([x0, y0, x1, y1], fill="#f6e05e", outline="#8b5e34", width=8)
            d.ellipse([x0 + 120, y0 + 110, x1 - 120, y1 + 160], fill="#ed8936")
            d.ellipse([x0 + 210, y0 + 170, x1 - 210, y1 + 110], fill="#c05621")
            d.ellipse([x0 + 360, y0 + 250, x1 - 360, y1 + 60], fill="#fbd38d")
            d.rectangle([x0, y1, x1, y1 + 200], fill="white")
            d.rectangle([x0, y0, x1, y1], outline="#8b5e34", width=8)
            labels = [
                ((x0 + 40, y0 + 30), "capped honey"),
                ((x0 + 130, y0 + 130), "pollen"),
                ((x0 + 290, y0 + 215), "sealed brood"),
                ((x0 + 405, y0 + 300), "eggs and larvae"),
            ]
            for (x, y), t in labels:
                d.text((x, y), t, font=font("SansB", 28), fill="#1a202c")
                texts.append(t)
            d.text((W // 2, 620), s["lines"][0], font=font("Sans", 32), fill="#1a202c", anchor="mm")
            texts.append(s["lines"][0])
        elif s["kind"] == "chart":
            y = 150
            for ln in s["lines"]:
                d.text((60, y), "\u2022 " + ln, font=font("Sans", 31), fill="#1a202c")
                y += 56
                texts.append(ln)
            ch = chart()
            img.paste(ch, ((W - ch.width) // 2, 280))
            texts += chart_texts
    d.text(
        (W - 40, H - 30),
        f"{i + 1} / {len(slides)}",
        font=font("Sans", 20),
        fill="#718096",
        anchor="rm",
    )
    d.text(
        (40, H - 30),
        footer,
        font=font("Sans", 20),
        fill="#718096",
        anchor="lm",
    )
    return img, " / ".join(texts)


@dataclass(frozen=True)
class CourseLook:
    """The look of a narrated course's slides (bench/unseen9 .. unseen11); colours as Pillow
    colour strings."""

    background: str  # slide background
    accent: str  # title slide and title bar
    rule: str  # the rule under the title bar (and across the title slide), square markers
    ink: str  # body text
    subtitle: str  # the title slide's lines
    title_size: int  # the title slide's title, px
    marker: str  # bullet markers: "square" or "dot"
    table_cols: tuple[int, ...]  # x of the table's four column edges
    table_top: int
    row_h: int
    head_fill: str  # the table's header row
    outline: str  # the table's cell lines
    number: tuple[str, str]  # the slide number's colour on the title slide, on the others
    decorate: Callable[[ImageDraw.ImageDraw], None]  # the title slide's picture


def course_slide(
    i: int,
    slides: Sequence[Mapping[str, Any]],
    look: CourseLook,
    chart: Callable[[], Image.Image],
    chart_texts: Sequence[str],
) -> tuple[Image.Image, str]:
    """Slide ``i`` of a narrated course in ``look``, with its text.

    A slide is a mapping with ``kind`` (title, bullets, table or chart), ``title`` and
    ``lines`` (table rows as ``a|b|c``); a chart slide pastes ``chart()`` under its lines and
    adds ``chart_texts`` to the slide's text. The slide number stands at the bottom right.
    """
    s = slides[i]
    img = Image.new("RGB", (W, H), look.background)
    d = ImageDraw.Draw(img)
    texts: list[str] = []
    if s["kind"] == "title":
        d.rectangle([0, 0, W, H], fill=look.accent)
        look.decorate(d)
        d.rectangle([0, 420, W, 426], fill=look.rule)
        d.text((90, 250), s["title"], font=font("SansB", look.title_size), fill="white")
        texts.append(s["title"])
        y = 452
        for k, ln in enumerate(s["lines"]):
            d.text((90, y), ln, font=font("SansB" if k == 0 else "Sans", 30), fill=look.subtitle)
            y += 50
            texts.append(ln)
    else:
        d.rectangle([0, 0, W, 104], fill=look.accent)
        d.rectangle([0, 104, W, 110], fill=look.rule)
        d.text((60, 52), s["title"], font=font("SansB", 42), fill="white", anchor="lm")
        texts.append(s["title"])
        if s["kind"] == "bullets":
            y = 170
            for ln in s["lines"]:
                if look.marker == "square":
                    d.rectangle([72, y + 14, 88, y + 30], fill=look.rule)
                else:
                    d.ellipse([72, y + 12, 92, y + 32], fill=look.rule)
                d.text((112, y), ln, font=font("Sans", 38), fill=look.ink)
                y += 90
                texts.append(ln)
        elif s["kind"] == "table":
            rows = [r.split("|") for r in s["lines"]]
            cols = look.table_cols
            y = look.table_top
            for r, row in enumerate(rows):
                h = look.row_h
                if r == 0:
                    d.rectangle([cols[0], y, cols[-1], y + h], fill=look.head_fill)
                for c in range(3):
                    d.rectangle([cols[c], y, cols[c + 1], y + h], outline=look.outline, width=2)
                    d.text(
                        (cols[c] + 16, y + h // 2),
                        row[c],
                        font=font("SansB" if r == 0 else "Sans", 30),
                        fill=look.ink,
                        anchor="lm",
                    )
                y += h
                texts.append(" | ".join(row))
        elif s["kind"] == "chart":
            y = 135
            for ln in s["lines"]:
                d.text((60, y), "\u2022 " + ln, font=font("Sans", 32), fill=look.ink)
                y += 52
                texts.append(ln)
            ch = chart()
            img.paste(ch, ((W - ch.width) // 2, 235))
            texts += chart_texts
    fg = look.number[0] if s["kind"] == "title" else look.number[1]
    d.text(
        (W - 40, H - 28),
        f"{i + 1} / {len(slides)}",
        font=font("Sans", 20),
        fill=fg,
        anchor="rm",
    )
    return img, " / ".join(texts)
