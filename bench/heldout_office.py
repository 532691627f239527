"""Repeatable Office files for the held-out sets (bench/unseen5 .. unseen11's office_files.py).

python-docx, python-pptx and openpyxl write the time of the run into each zip member and into
``docProps/core.xml``; :func:`normalise_zip` rewrites the package with fixed member dates, a
fixed creation/modification time and a fixed compression level, so a set rebuilds byte for byte.
The other helpers are the pieces every set's office_files.py repeated: core properties and the
normalised save, a Word handbook, a worksheet's header row, bullet slides and speaker notes, and
``main``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pptx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from openpyxl.styles import Alignment, Font
from pptx.util import Inches
from pptx.util import Pt as PPt


def normalise_zip(
    data: bytes,
    out: Path | io.BytesIO,
    zip_date: tuple[int, int, int, int, int, int],
    stamp: str,
) -> None:
    """Rewrite an OOXML zip with member dates ``zip_date`` and ``stamp`` (``2025-08-20T09:30:00Z``)
    as the created/modified time in docProps; a chart's embedded workbook is rewritten too."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.endswith(".xlsx"):  # a chart's embedded workbook
                inner = io.BytesIO()
                normalise_zip(body, inner, zip_date, stamp)
                body = inner.getvalue()
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rf"\g<1>{stamp}\g<3>",
                    text,
                )
                body = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=zip_date)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body, compresslevel=6)
    if isinstance(out, Path):
        out.write_bytes(buf.getvalue())
    else:
        out.write(buf.getvalue())


def save_normalised(
    obj: Any, out: Path, zip_date: tuple[int, int, int, int, int, int], stamp: str
) -> None:
    """Save a python-docx/python-pptx/openpyxl object to ``out`` through :func:`normalise_zip`."""
    buf = io.BytesIO()
    obj.save(buf)
    normalise_zip(buf.getvalue(), out, zip_date, stamp)


def save_document(
    doc: Any,
    out: Path,
    *,
    title: str,
    author: str,
    revision: int,
    when: dt.datetime,
    zip_date: tuple[int, int, int, int, int, int],
    stamp: str,
    comments: str | None = None,
) -> None:
    """Set a Word document's or a deck's core properties (title, author as creator and last
    editor, ``comments`` if given, created = modified = ``when``, revision) and save it
    normalised (:func:`save_normalised`)."""
    cp = doc.core_properties
    cp.title, cp.author = title, author
    cp.last_modified_by = author
    if comments is not None:
        cp.comments = comments
    cp.created = cp.modified = when
    cp.revision = revision
    save_normalised(doc, out, zip_date, stamp)


def save_workbook(
    wb: Any,
    out: Path,
    *,
    author: str,
    when: dt.datetime,
    zip_date: tuple[int, int, int, int, int, int],
    stamp: str,
) -> None:
    """Set a workbook's creator, last editor and times, and save it normalised."""
    wb.properties.creator = author
    wb.properties.lastModifiedBy = author
    wb.properties.created = when
    wb.properties.modified = when
    save_normalised(wb, out, zip_date, stamp)


def style_header(ws: Any, row: int, cols: range, fill: Any, border: Any, wrap: bool = True) -> None:
    """Bold, fill and box a worksheet's header cells; wrap them (centred vertically) if ``wrap``."""
    for c in cols:
        cell = ws.cell(row=row, column=c)
        cell.font, cell.fill, cell.border = Font(bold=True), fill, border
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="center")


def set_notes(slide: Any, text: str) -> None:
    """A slide's speaker notes."""
    slide.notes_slide.notes_text_frame.text = text


def fix_title(slide: Any) -> None:
    """Put a slide's title box at the decks' common place and size."""
    t = slide.shapes.title
    t.left, t.top, t.width, t.height = Inches(0.6), Inches(0.3), Inches(8.8), Inches(1.1)


def add_bullets(
    prs: Any, title: str, items: list[str], note: str | None = None, *, fix: bool = True
) -> Any:
    """Add a title-and-content slide of 22 pt bullets (and speaker notes); return the slide.

    ``fix`` moves the title with :func:`fix_title` (the later sets' decks do, unseen5..7 not).
    """
    s = prs.slides.add_slide(prs.slide_layouts[1])
    s.shapes.title.text = title
    body = s.placeholders[1]
    body.left, body.top, body.width, body.height = (
        Inches(0.6),
        Inches(1.6),
        Inches(8.8),
        Inches(5.4),
    )
    tf = body.text_frame
    tf.text = items[0]
    for it in items[1:]:
        tf.add_paragraph().text = it
    for p in tf.paragraphs:
        p.font.size = PPt(22)
    if note:
        set_notes(s, note)
    if fix:
        fix_title(s)
    return s


def office_main(
    argv: list[str],
    doc: str | None,
    jobs: list[tuple[Callable[[Path], None], str]],
    versions: bool = False,
) -> int:
    """An office_files.py ``main``: ``argv`` is ``[prog, TARGET_DIR]``; each job writes
    ``TARGET_DIR/office/NAME``. ``versions`` also prints the three libraries' versions."""
    if len(argv) != 2:
        print(doc, file=sys.stderr)
        return 2
    office = Path(argv[1]) / "office"
    office.mkdir(parents=True, exist_ok=True)
    for make, name in jobs:
        make(office / name)
    print("generated office/*.docx, *.pptx, *.xlsx", flush=True)
    if versions:
        print(
            "versions: python-docx",
            getattr(docx, "__version__", "?"),
            "python-pptx",
            pptx.__version__,
            "openpyxl",
            openpyxl.__version__,
            flush=True,
        )
    return 0


def write_handbook(
    out: Path,
    *,
    font_name: str,
    org: str,
    title: str,
    control: Sequence[tuple[str, str]],
    sections: Sequence[tuple[str, Sequence[str]]],
    table: tuple[str, str, Sequence[Sequence[str]]],
    style: str,
    bold_keys: bool,
    footer: str,
    author: str,
    revision: int,
    when: dt.datetime,
    zip_date: tuple[int, int, int, int, int, int],
    stamp: str,
) -> None:
    """A Word handbook or policy: ``org`` and ``title`` headings, a document-control table,
    numbered sections, one table, a grey footer line; saved normalised.

    ``table`` is (the section heading's prefix it follows, e.g. ``"4."``, its caption, its rows
    with the header row first); both tables are in Word's built-in ``style``. ``bold_keys``
    makes the control table's labels bold.
    """
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = font_name
    st.font.size = Pt(11)
    d.add_heading(org, level=0)
    d.add_heading(title, level=1)
    t = d.add_table(rows=0, cols=2)
    t.style = style
    for k, v in control:
        cells = t.add_row().cells
        cells[0].text, cells[1].text = k, v
        if bold_keys:
            cells[0].paragraphs[0].runs[0].bold = True
    d.add_paragraph()
    after, caption, rows = table
    for head, paras in sections:
        d.add_heading(head, level=2)
        for p in paras:
            d.add_paragraph(p)
        if head.startswith(after):
            cap = d.add_paragraph(caption)
            cap.runs[0].italic = True
            t = d.add_table(rows=0, cols=len(rows[0]))
            t.style = style
            for r, row in enumerate(rows):
                cells = t.add_row().cells
                for c, val in enumerate(row):
                    cells[c].text = val
                    if r == 0:
                        cells[c].paragraphs[0].runs[0].bold = True
            d.add_paragraph()
    foot = d.sections[0].footer.paragraphs[0]
    foot.text = footer
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.runs[0].font.size = Pt(8)
    foot.runs[0].font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    save_document(
        d,
        out,
        title=title,
        author=author,
        revision=revision,
        when=when,
        zip_date=zip_date,
        stamp=stamp,
        comments="",
    )
