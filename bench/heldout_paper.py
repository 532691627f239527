"""Paper-document helpers the held-out sets' generators share (bench/unseen5 .. unseen11).

Typed letters rendered as clean pages (:func:`typed_letter`, :func:`signed_letter`), the pieces
of the forms and invoices on their second pages (headings, item and charge tables, closing
notes), and scanned pages bound into an image-only PDF (:func:`scanned_pdf`). Each set passes
its own texts, letterhead mark, layout numbers, images and file names; every step is
deterministic, and the sets that use this module were checked to build the same bytes as before
they shared it (compare each set's SHA256SUMS). Change nothing here that would change an
earlier set's files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from heldout_kit import font, run, wrap, write_truth
from PIL import Image, ImageDraw


def scanned_pdf(
    out: Path,
    work: Path,
    truth: Path,
    scans: Sequence[Image.Image],
    texts: Sequence[Sequence[str]],
    *,
    jpg_stem: str,
    truth_stem: str,
    quality: int,
) -> None:
    """Bind scanned pages into an image-only 300 dpi PDF with img2pdf (no date).

    Page ``i`` (from 1) is saved as ``work/{jpg_stem}_p{i}.jpg`` at JPEG ``quality`` and its
    text ``texts[i - 1]`` goes to ``truth/{truth_stem}.p{i}.txt``.
    """
    jpgs = []
    for i, s in enumerate(scans):
        p = work / f"{jpg_stem}_p{i + 1}.jpg"
        s.save(p, "JPEG", quality=quality, optimize=False, progressive=False)
        jpgs.append(str(p))
        write_truth(truth, f"{truth_stem}.p{i + 1}.txt", "\n".join(texts[i]) + "\n")
    run(
        [
            *("img2pdf", "--nodate", "--engine", "internal", "--imgsize", "300dpi"),
            *("-o", str(out), *jpgs),
        ]
    )


def typed_letter(
    size: tuple[int, int],
    head: Sequence[tuple[str, int, str]],
    addr: Sequence[str],
    refs: Sequence[str],
    subject: str,
    body: Sequence[str],
    sign: Sequence[str],
    *,
    signature: tuple[str, int],
    page_label: str,
    logo: Callable[[ImageDraw.ImageDraw, int, int], None],
) -> tuple[Image.Image, list[str]]:
    """A typed business letter as a clean greyscale page (300 dpi), with its text lines.

    ``logo(draw, x, y)`` draws the letterhead's mark at the top left; ``head`` lines (font
    name, size, text) stand to its right, then a rule. The address block sits on the left and
    ``refs`` right-aligned beside it, then the bold ``subject``, the ``body`` paragraphs
    (Times, wrapped), a handwritten ``signature`` (text, ArialI size) and the ``sign`` lines;
    ``page_label`` is centred at the foot.
    """
    page_w, page_h = size
    img = Image.new("L", (page_w, page_h), 255)
    d = ImageDraw.Draw(img)
    lines: list[str] = []
    x0, y = 250, 220
    logo(d, x0, y)
    for i, (f, fsize, text) in enumerate(head):
        d.text((x0 + 180, y), text, font=font(f, fsize), fill=25 if i == 0 else 70)
        y += 80 if i == 0 else 50
        lines.append(text)
    d.line([(x0, y + 30), (page_w - x0, y + 30)], fill=90, width=3)
    y = 640
    body_f = font("Times", 50)
    for a in addr:
        d.text((x0, y), a, font=body_f, fill=20)
        y += 62
        lines.append(a)
    ry = 640
    for r in refs:
        d.text((page_w - x0, ry), r, font=body_f, fill=20, anchor="ra")
        ry += 62
        lines.append(r)
    y += 70
    d.text((x0, y), subject, font=font("TimesB", 52), fill=15)
    lines.append(subject)
    y += 100
    for para in body:
        for ln in wrap(para, body_f, page_w - 2 * x0):
            d.text((x0, y), ln, font=body_f, fill=20)
            y += 64
            lines.append(ln)
        y += 30
    y += 90
    d.text((x0 + 20, y - 70), signature[0], font=font("ArialI", signature[1]), fill=60)
    for s in sign:
        d.text((x0, y), s, font=body_f, fill=20)
        y += 62
        lines.append(s)
    d.text((page_w // 2, page_h - 200), page_label, font=font("Arial", 30), fill=90, anchor="mm")
    lines.append(page_label)
    return img, lines


def signed_letter(
    size: tuple[int, int],
    head: Sequence[tuple[str, int, str]],
    addr: Sequence[str],
    refs: Sequence[tuple[str, str]],
    subject: str,
    body: Sequence[str],
    sign: Sequence[str],
    *,
    foot: str,
    logo: Callable[[ImageDraw.ImageDraw, int, int], None],
    layout: tuple[int, int, int, bool],
    ref_x: tuple[int, int],
    signature: tuple[Sequence[tuple[int, int]], int],
) -> tuple[Image.Image, list[str]]:
    """A typed letter with a pen-stroke signature as a clean greyscale page, with its text.

    ``layout`` is (top of the letterhead, its text's offset from the left margin, top of the
    address block, whether a rule runs under the letterhead); ``logo(draw, x, y)`` draws the
    letterhead's mark. ``refs`` are (label, value) pairs set at ``ref_x``; the signature is a
    pen line through ``signature[0]`` (offsets from the left margin and from the first
    ``sign`` line) in grey ``signature[1]``; ``foot`` is centred at the bottom.
    """
    page_w, page_h = size
    top, head_dx, block_y, rule = layout
    img = Image.new("L", (page_w, page_h), 255)
    d = ImageDraw.Draw(img)
    lines: list[str] = []
    x0, y = 250, top
    logo(d, x0, y)
    for i, (f, fsize, text) in enumerate(head):
        d.text((x0 + head_dx, y), text, font=font(f, fsize), fill=25 if i == 0 else 70)
        y += 80 if i == 0 else 50
        lines.append(text)
    if rule:
        d.line([(x0, y + 30), (page_w - x0, y + 30)], fill=90, width=3)
    y = block_y
    body_f = font("Times", 50)
    for a in addr:
        d.text((x0, y), a, font=body_f, fill=20)
        y += 62
        lines.append(a)
    ry = block_y
    for k, v in refs:
        d.text((ref_x[0], ry), k, font=font("Times", 44), fill=20)
        d.text((ref_x[1], ry), v, font=font("Times", 44), fill=20)
        ry += 60
        lines.append(f"{k} {v}")
    y += 110
    d.text((x0, y), subject, font=font("TimesB", 50), fill=15)
    lines.append(subject)
    y += 100
    width = page_w - 2 * x0
    for para in body:
        for ln in wrap(para, body_f, width):
            d.text((x0, y), ln, font=body_f, fill=20)
            y += 63
            lines.append(ln)
        y += 36
    y += 120  # room for a signature
    sig = font("TimesB", 50)
    d.line([(x0 + dx, y + dy) for dx, dy in signature[0]], fill=signature[1], width=5)
    for i, ln in enumerate(sign):
        d.text((x0, y), ln, font=sig if i == 0 else body_f, fill=20)
        y += 63
        lines.append(ln)
    d.text((page_w // 2, page_h - 200), foot, font=font("Arial", 30), fill=90, anchor="mm")
    lines.append(foot)
    return img, lines


def form_heading(
    d: ImageDraw.ImageDraw,
    page_w: int,
    x0: int,
    org: str,
    form_no: str,
    title: str,
    fields: Sequence[tuple[str, str]],
) -> tuple[int, list[str]]:
    """The top of a printed form page: ``org`` and ``form_no`` at the head, the bold ``title``
    and a boxed label | value row per field (values in Courier). Returns the y under the
    fields and the page's text lines so far."""
    lines: list[str] = []
    d.text((x0, 230), org, font=font("ArialB", 48), fill=30)
    d.text((page_w - x0, 240), form_no, font=font("Arial", 34), fill=70, anchor="ra")
    d.text((x0, 330), title, font=font("ArialB", 62), fill=15)
    lines += [org, form_no, title]
    y = 480
    lab_f, val_f = font("Arial", 40), font("Courier", 44)
    for k, v in fields:
        d.rectangle([x0, y, page_w - x0, y + 84], outline=40, width=3)
        d.line([(x0 + 560, y), (x0 + 560, y + 84)], fill=40, width=3)
        d.text((x0 + 20, y + 22), k, font=lab_f, fill=40)
        d.text((x0 + 590, y + 20), v, font=val_f, fill=10)
        lines.append(f"{k} {v}")
        y += 84
    return y, lines


def form_items(
    d: ImageDraw.ImageDraw,
    y: int,
    cols: Sequence[int],
    rows: Sequence[Sequence[str]],
    lines: list[str],
    *,
    right: tuple[int, ...],
    note_size: int,
) -> int:
    """A form's five-column item table at ``y`` (92 px rows, header row shaded): columns
    ``right`` are right-aligned, the last is in Arial ``note_size``. Each row's non-empty cells
    are added to ``lines``; returns the y under the table."""
    row_h = 92
    cell_f, head_f = font("Arial", 38), font("ArialB", 38)
    note_f = font("Arial", note_size)
    for r, row in enumerate(rows):
        yy = y + r * row_h
        if r == 0:
            d.rectangle([cols[0], yy, cols[-1], yy + row_h], fill=225)
        for c in range(5):
            d.rectangle([cols[c], yy, cols[c + 1], yy + row_h], outline=40, width=3)
            f = head_f if r == 0 else (note_f if c == 4 else cell_f)
            if c in right and r > 0:
                d.text((cols[c + 1] - 24, yy + row_h // 2), row[c], font=f, fill=10, anchor="rm")
            else:
                d.text((cols[c] + 18, yy + row_h // 2), row[c], font=f, fill=10, anchor="lm")
        lines.append(" ".join(x for x in row if x))
    return y + len(rows) * row_h


def closing_notes(
    d: ImageDraw.ImageDraw,
    size: tuple[int, int],
    x0: int,
    y: int,
    paras: Sequence[str],
    page_label: str,
    lines: list[str],
) -> None:
    """A page's closing paragraphs (Arial 40, wrapped) from ``y`` and its centred
    ``page_label`` at the foot; their text lines are added to ``lines``."""
    page_w, page_h = size
    for para in paras:
        for ln in wrap(para, font("Arial", 40), page_w - 2 * x0):
            d.text((x0, y), ln, font=font("Arial", 40), fill=20)
            y += 60
            lines.append(ln)
        y += 20
    d.text((page_w // 2, page_h - 200), page_label, font=font("Arial", 30), fill=90, anchor="mm")
    lines.append(page_label)


def invoice_heading(
    d: ImageDraw.ImageDraw,
    page_w: int,
    x0: int,
    org: str,
    title: str,
    fields: Sequence[tuple[str, str]],
    value_x: int = 520,
) -> tuple[int, list[str]]:
    """The top of a tradesman's work sheet or certificate page: ``org``, the bold ``title`` and
    a boxed row per field (label bold, value at ``value_x`` from the margin). Returns the y
    under the fields and the page's text lines so far."""
    lines: list[str] = []
    y = 240
    d.text((x0, y), org, font=font("ArialB", 46), fill=30)
    lines.append(org)
    y += 110
    d.text((x0, y), title, font=font("ArialB", 56), fill=15)
    lines.append(title)
    y += 130
    lab_f, val_f = font("ArialB", 40), font("Arial", 40)
    for k, v in fields:
        d.rectangle([x0, y, page_w - x0, y + 80], outline=60, width=3)
        d.text((x0 + 20, y + 40), k, font=lab_f, fill=20, anchor="lm")
        d.text((x0 + value_x, y + 40), v, font=val_f, fill=20, anchor="lm")
        y += 80
        lines.append(f"{k}: {v}")
    return y, lines


def ruled_grid(
    d: ImageDraw.ImageDraw,
    y: int,
    cols: Sequence[int],
    rows: Sequence[Sequence[str]],
    lines: list[str],
    row_h: int = 90,
) -> int:
    """A five-column boxed table at ``y`` (header row bold on grey); each row goes to ``lines``
    as ``a | b | ...``. Returns the y under the table."""
    for r, row in enumerate(rows):
        if r == 0:
            d.rectangle([cols[0], y, cols[-1], y + row_h], fill=225)
        for c in range(5):
            d.rectangle([cols[c], y, cols[c + 1], y + row_h], outline=50, width=3)
            d.text(
                (cols[c] + 18, y + row_h // 2),
                row[c],
                font=font("ArialB" if r == 0 else "Arial", 38),
                fill=15,
                anchor="lm",
            )
        y += row_h
        lines.append(" | ".join(row))
    return y


def charges_table(
    d: ImageDraw.ImageDraw,
    page_w: int,
    x0: int,
    y: int,
    charges: Sequence[tuple[str, str]],
    totals: Sequence[tuple[str, str]],
    lines: list[str],
) -> int:
    """An Item | Price table at ``y``, the ``totals`` rows bold; returns the y under it."""
    cx = [x0, page_w - x0 - 400, page_w - x0]
    d.rectangle([cx[0], y, cx[2], y + 90], fill=225)
    for c, h in enumerate(("Item", "Price")):
        d.rectangle([cx[c], y, cx[c + 1], y + 90], outline=50, width=3)
        d.text((cx[c] + 18, y + 45), h, font=font("ArialB", 40), fill=15, anchor="lm")
    y += 90
    lines.append("Item | Price")
    for item, price in list(charges) + list(totals):
        bold = (item, price) in totals
        for c, val in enumerate((item, price)):
            d.rectangle([cx[c], y, cx[c + 1], y + 90], outline=50, width=3)
            d.text(
                (cx[c] + 18, y + 45),
                val,
                font=font("ArialB" if bold else "Arial", 40),
                fill=15,
                anchor="lm",
            )
        y += 90
        lines.append(f"{item} | {price}")
    return y
