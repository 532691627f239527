"""The till receipt and its phone photo that unseen5's and unseen6's generators share.

A thermal till receipt (shop, till details, items, totals, card payment) rendered as a narrow
greyscale image, and a phone snap of it lying on a light oak desk. Each set passes its own shop,
items and amounts; rendering is deterministic (the photo's noise is seeded), and the sets that
use this module were checked to build the same bytes as before they shared it (compare each
set's SHA256SUMS). Change nothing here that would change an earlier set's files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from heldout_kit import bilinear, font, moving_average, perspective_coeffs
from PIL import Image, ImageDraw, ImageFilter, ImageFont


def thermal_receipt(
    header: Sequence[str],
    meta: Sequence[tuple[str, str]],
    items: Sequence[tuple[str, int, float]],
    amounts: tuple[float, float, float, float],
    *,
    discount: str,
    card: tuple[str, str, str],
    count: str,
    closing: Sequence[str],
) -> tuple[Image.Image, list[str]]:
    """A thermal till receipt, 80 mm roll, monospaced, as a greyscale image, with its text.

    ``header`` lines are centred (the first, the shop, large); ``meta`` pairs are set left and
    right; each item (name, quantity, unit price) takes two lines. ``amounts`` are the subtotal,
    the ``discount`` (10%), the total and the VAT in it; ``card`` is the card scheme, the masked
    number line and the authorisation line; then the ``count`` line and centred ``closing``.
    """
    sub, disc, total, vat = amounts
    f, fb, fbig = font("Courier", 25), font("CourierB", 25), font("CourierB", 40)
    cw = 40  # characters per line
    width = round(f.getlength("x" * cw)) + 60
    rows: list[tuple[str, ImageFont.FreeTypeFont, str]] = []  # text, font, align

    def lr(a: str, b: str) -> str:
        return a + " " * max(1, cw - len(a) - len(b)) + b

    rows += [(header[0], fbig, "c")] + [(h, f, "c") for h in header[1:]]
    rows += [("", f, "l")] + [(lr(a, b), f, "l") for a, b in meta] + [("-" * cw, f, "l")]
    for name, q, p in items:
        rows.append((name, f, "l"))
        rows.append((lr(f"  {q} x {p:.2f}", f"{q * p:.2f}"), f, "l"))
    rows += [
        ("-" * cw, f, "l"),
        (lr("SUBTOTAL", f"{sub:.2f}"), f, "l"),
        (lr(discount, f"-{disc:.2f}"), f, "l"),
        (lr("TOTAL GBP", f"{total:.2f}"), fb, "l"),
        ("", f, "l"),
        (lr(card[0], f"{total:.2f}"), f, "l"),
        (card[1], f, "l"),
        (card[2], f, "l"),
        ("", f, "l"),
        (lr("VAT @ 20% included", f"{vat:.2f}"), f, "l"),
        ("", f, "l"),
        (count, f, "l"),
        ("", f, "l"),
    ]
    rows += [(c, f, "c") for c in closing]
    height = 150 + 38 * len(rows)
    img = Image.new("L", (width, height), 250)
    d = ImageDraw.Draw(img)
    y = 60
    text = []
    for s, fo, al in rows:
        if al == "c":
            d.text((width // 2, y), s, font=fo, fill=35, anchor="ma")
        else:
            d.text((22, y), s, font=fo, fill=35)
        y += 50 if fo is fbig else 38
        if s.strip("- "):
            text.append(s)
    return img, text


def receipt_on_desk(rec: Image.Image, out: Path, seed: int) -> None:
    """Phone snap of the receipt ``rec`` lying on a light oak desk: mild angle, soft light;
    JPEG to ``out`` (the desk's grain and the sensor noise seeded with ``seed``)."""
    rng = np.random.default_rng(seed)
    pw, ph = 1200, 1600
    # desk: warm light wood with grain along x
    ys, xs = np.mgrid[0:ph, 0:pw].astype(np.float32)
    streaks = moving_average(rng.normal(0, 1, pw), 5).astype(np.float32)
    wobble = 4.0 * np.sin(ys / 230.0) + 2.0 * np.sin(ys / 61.0 + 1.3)
    idx = np.clip(np.round(xs + wobble).astype(np.int64), 0, pw - 1)
    grain = streaks[idx]
    broad = moving_average(rng.normal(0, 1, pw + 400), 151)[200 : 200 + pw].astype(np.float32)
    base = 0.74 + 0.035 * grain + 0.6 * broad[None, :]
    desk = np.stack([base * 222, base * 184, base * 140], axis=-1)
    # receipt corners in the photo (a slight angle and a little perspective)
    rh, rw = rec.height, rec.width
    scale = 1330 / rh
    cx = 600
    dst = [
        (cx - rw * scale / 2 + 40, 140),
        (cx + rw * scale / 2 + 25, 160),
        (cx + rw * scale / 2 + 55, 140 + rh * scale),
        (cx - rw * scale / 2 + 15, 120 + rh * scale),
    ]
    src = [(0, 0), (rw, 0), (rw, rh), (0, rh)]
    c = perspective_coeffs(dst, src)
    den = c[6] * xs + c[7] * ys + 1.0
    u = (c[0] * xs + c[1] * ys + c[2]) / den
    v = (c[3] * xs + c[4] * ys + c[5]) / den
    r = np.asarray(rec, np.float32)[..., None]
    sample, inside = bilinear(r, u, v, 0.0)
    paper = np.concatenate([sample, sample, sample * 0.985], axis=-1)
    # a soft shadow to the lower right of the paper
    mask = inside.astype(np.float32)
    shadow = np.roll(np.roll(mask, 14, axis=0), 10, axis=1)
    shadow = (
        np.asarray(
            Image.fromarray((shadow * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(9)),
            np.float32,
        )
        / 255.0
    )
    photo = desk * (1 - 0.35 * shadow[..., None])
    photo = np.where(mask[..., None] > 0, paper, photo)
    # light falls off gently away from the top left
    fall = 1.0 - 0.16 * ((xs / pw) * 0.6 + (ys / ph) * 0.4)
    photo = photo * fall[..., None]
    photo += rng.normal(0, 2.0, photo.shape).astype(np.float32)
    img = Image.fromarray(np.clip(np.round(photo), 0, 255).astype(np.uint8), "RGB")
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    img.save(out, "JPEG", quality=85, optimize=False, progressive=False, subsampling=2)
