"""Report-PDF layout helpers the held-out sets' generators share (bench/unseen5 .. unseen11).

The sets' printed reports are laid out with reportlab the same way: TrueType fonts registered by
the kit's names, a family of paragraph styles in the report's colour, a page frame (a coloured
band across the top with the organisation's name and the report's title, a footer line and a
page number) and ruled tables. Each set passes its own colours, fonts and texts. Nothing here is
random; the sets that use this module were checked to build the same bytes as before they
shared it (compare each set's SHA256SUMS). Change nothing here that would change an earlier
set's files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from heldout_kit import FONTS
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle


def register_fonts(keys: Sequence[str]) -> None:
    """Register the kit's fonts ``keys`` (e.g. ``"Arial"``, ``"TimesB"``) under those names."""
    for key in keys:
        pdfmetrics.registerFont(TTFont(key, str(FONTS[key])))


def report_styles(
    accent: colors.Color,
    ink: colors.Color,
    *,
    grey: str,
    body_font: str = "Times",
    body_size: float = 11,
    body_leading: float = 14.6,
    body_align: int = TA_JUSTIFY,
    sign_font: str = "TimesB",
) -> tuple[ParagraphStyle, ...]:
    """The report's paragraph styles: body, h1, h2, sub, cap, note and sign, in that order.

    Headings are Arial bold in ``accent``; body and caption text in ``ink``; the subtitle and
    notes in ``grey``; the signature line is the body in ``sign_font``.
    """
    body = ParagraphStyle(
        "body",
        fontName=body_font,
        fontSize=body_size,
        leading=body_leading,
        alignment=body_align,
        spaceAfter=7,
        textColor=ink,
    )
    h1 = ParagraphStyle("h1", fontName="ArialB", fontSize=22, leading=27, textColor=accent)
    h2 = ParagraphStyle(
        "h2",
        fontName="ArialB",
        fontSize=13.5,
        leading=17,
        textColor=accent,
        spaceBefore=8,
        spaceAfter=6,
    )
    sub = ParagraphStyle(
        "sub", fontName="Arial", fontSize=11.5, leading=15, textColor=grey, spaceAfter=12
    )
    cap = ParagraphStyle(
        "cap",
        fontName="ArialB",
        fontSize=9.5,
        leading=12,
        textColor=ink,
        spaceBefore=6,
        spaceAfter=5,
    )
    note = ParagraphStyle(
        "note",
        fontName="ArialI",
        fontSize=8.5,
        leading=11,
        textColor=grey,
        spaceBefore=3,
        spaceAfter=8,
    )
    sign = ParagraphStyle("sign", parent=body, fontName=sign_font, spaceAfter=0)
    return body, h1, h2, sub, cap, note, sign


def band_frame(
    *,
    accent: colors.Color,
    band: float,
    stripe: tuple[colors.Color, float, float] | None,
    text_y: float,
    left: str,
    right: str,
    footer: str,
    page_label: str,
) -> Callable[[Any, Any], None]:
    """A page decoration for ``SimpleDocTemplate.build`` (first and later pages).

    A band ``band`` mm deep in ``accent`` across the top, optionally a ``stripe`` (colour, top
    and depth in mm from the page top) under it; ``left`` (bold) and ``right`` in white at
    ``text_y`` mm from the top; ``footer`` and ``page_label`` (formatted with ``page``) in grey
    at the foot.
    """

    def frame(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(accent)
        canvas.rect(0, A4[1] - band * mm, A4[0], band * mm, stroke=0, fill=1)
        if stripe is not None:
            colour, top, depth = stripe
            canvas.setFillColor(colour)
            canvas.rect(0, A4[1] - top * mm, A4[0], depth * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont("ArialB", 10)
        canvas.drawString(18 * mm, A4[1] - text_y * mm, left)
        canvas.setFont("Arial", 9)
        canvas.drawRightString(A4[0] - 18 * mm, A4[1] - text_y * mm, right)
        canvas.setFillColor("#777777")
        canvas.setFont("Arial", 8)
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, page_label.format(page=doc.page))
        canvas.restoreState()

    return frame


def ruled_table(
    rows: list[list[str]],
    widths: list[float],
    total: bool,
    *,
    accent: colors.Color,
    head_bg: str,
    rule: str,
    grid: bool = False,
) -> Table:
    """A left-aligned Arial 9 table, columns ``widths`` mm, numbers right-aligned.

    The header row is bold on ``head_bg``. With ``grid`` every cell is boxed in ``rule``;
    otherwise the header is ruled above and below in ``accent`` and each row below in ``rule``.
    ``total`` makes the last row bold (and, without ``grid``, ruled above in ``accent``).
    """
    t = Table(rows, colWidths=[w * mm for w in widths], hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), "Arial", 9),
        ("FONT", (0, 0), (-1, 0), "ArialB", 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(head_bg)),
    ]
    if grid:
        style += [("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(rule))]
    else:
        style += [
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, accent),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, accent),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor(rule)),
        ]
    style += [
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if total:
        style += [("FONT", (0, -1), (-1, -1), "ArialB", 9)]
        if not grid:
            style += [("LINEABOVE", (0, -1), (-1, -1), 0.9, accent)]
    t.setStyle(TableStyle(style))
    return t


def build_report(
    out: Path,
    story: list,
    frame: Callable[[Any, Any], None],
    *,
    title: str,
    author: str,
    top_margin: float,
) -> None:
    """Lay ``story`` out on A4 (18 mm side and bottom margins, ``top_margin`` mm at the top),
    ``frame`` on every page; the PDF's title and author are set, creator/producer/subject
    left empty."""
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=top_margin * mm,
        bottomMargin=18 * mm,
        title=title,
        author=author,
        creator="",
        producer="",
        subject="",
    )
    doc.build(story, onFirstPage=frame, onLaterPages=frame)
