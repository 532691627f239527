"""Documents of every text and Office format mmrag takes, written by the tests themselves.

Each file states one made-up fact (``FACTS``: file name -> (question, words the cited chunk
holds)), so a test can ask about it and check that the file is the one cited.
"""

from __future__ import annotations

import hashlib
import io
from email.message import EmailMessage
from pathlib import Path

from mmrag.platform.models import SourceFile
from mmrag.platform.sniff import sniff_file


def source_file(path: Path) -> SourceFile:
    """The file at ``path`` as ingestion sees it: its kind sniffed from its bytes, its hash."""
    kind, mime = sniff_file(path)
    return SourceFile(
        source_id="src",
        uri=str(path),
        filename=path.name,
        path=str(path),
        content_hash=hashlib.sha256(path.read_bytes()).hexdigest(),
        media_kind=kind,
        mime=mime,
    )


FACTS: dict[str, tuple[str, str]] = {
    "notes.txt": ("How many ships does the Varnholm lighthouse log per year?", "1,284 ships"),
    "guide.md": ("How often must the quartz sensor be recalibrated?", "every 19 days"),
    "ferries.html": ("When does the ferry to Oskarsby depart?", "07:45"),
    "budget.docx": ("What does the Tindra bridge renovation cost?", "37 million crowns"),
    "glaciers.pptx": ("How far has the Brekke glacier retreated since 1990?", "412 metres"),
    "fleet.xlsx": ("What is the home port of the ship Kestrel?", "Tromsø"),
    "orchards.csv": ("How many apples were harvested at Blackmoor orchard?", "5120"),
    "memo.eml": ("Where does the map archive move to?", "basement of building K"),
}

PICTURE_TEXT = "LIGHTHOUSE 7731"


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF with ``text`` in Helvetica (offsets computed, not hard-coded)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def picture_png(text: str = PICTURE_TEXT, size: tuple[int, int] = (900, 300)) -> bytes:
    """A white picture with large black text on it (readable by OCR)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.text((40, 100), text, fill="black", font=ImageFont.load_default(size=72))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def write_txt(path: Path) -> Path:
    path.write_text(
        "Varnholm station report\n\n"
        "The lighthouse keeper on Varnholm island logs 1,284 ships per year, most of them "
        "fishing boats heading north in spring.\n"
    )
    return path


def write_md(path: Path) -> Path:
    path.write_text(
        "# Field guide\n\nThe station has three sensors.\n\n"
        "## Calibration\n\nThe quartz sensor must be recalibrated every 19 days.\n\n"
        "| Sensor | Range |\n|---|---|\n| quartz | 0-40 |\n| copper | 5-90 |\n"
    )
    return path


def write_html(path: Path) -> Path:
    path.write_text(
        "<!DOCTYPE html><html><head><title>Harbour</title></head><body>"
        "<h1>Harbour information</h1><p>The harbour office opens at eight.</p>"
        "<h2>Ferry schedule</h2><p>The ferry to Oskarsby departs at 07:45 from pier 9.</p>"
        "<table><tr><th>Route</th><th>Pier</th></tr><tr><td>Oskarsby</td><td>9</td></tr>"
        "</table></body></html>"
    )
    return path


def write_docx(path: Path, picture: bool = True) -> Path:
    import docx
    from docx.shared import Inches

    document = docx.Document()
    document.add_heading("Infrastructure plan", 1)
    document.add_paragraph("This plan lists the works for the coming year.")
    document.add_heading("Budget", 2)
    document.add_paragraph("The Tindra bridge renovation costs 37 million crowns.")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows, [("Work", "Weeks"), ("Bridge", "30"), ("Road", "12")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = cells
    if picture:
        document.add_picture(io.BytesIO(picture_png()), width=Inches(5))
        document.add_picture(io.BytesIO(picture_png("x", (20, 20))))  # an icon: ignored
    document.save(path)
    return path


def write_pptx(path: Path, picture: bool = True) -> Path:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[1])
    first.shapes.title.text = "Glacier survey"
    first.placeholders[1].text = "Measurements from the western valleys."
    second = deck.slides.add_slide(deck.slide_layouts[1])
    second.shapes.title.text = "Brekke glacier"
    second.placeholders[1].text = "The Brekke glacier retreated 412 metres since 1990."
    second.notes_slide.notes_text_frame.text = "Mention the new survey camp."
    if picture:
        third = deck.slides.add_slide(deck.slide_layouts[5])
        third.shapes.title.text = "Camp"
        third.shapes.add_picture(io.BytesIO(picture_png()), Inches(1), Inches(2), Inches(6))
    deck.save(path)
    return path


def write_xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    fleet = book.active
    fleet.title = "Fleet"
    fleet.append(["Ship", "Tonnage", "Home port"])
    for row in [("Aurora", 1200, "Bergen"), ("Kestrel", 8800, "Tromsø"), ("Borealis", 900, "Bodø")]:
        fleet.append(list(row))
    crew = book.create_sheet("Crew")
    crew.append(["Name", "Role"])
    crew.append(["Ingrid Vik", "Captain"])
    book.save(path)
    return path


def write_csv(path: Path) -> Path:
    path.write_text(
        "orchard,apples_harvested,pears_harvested\n"
        "Greenhill,3300,410\nBlackmoor,5120,95\nStonebridge,2875,1200\n"
    )
    return path


def write_eml(path: Path) -> Path:
    message = EmailMessage()
    message["From"] = "Ada Berg <ada@example.org>"
    message["To"] = "archive-team@example.org"
    message["Date"] = "Tue, 01 Apr 2025 10:00:00 +0000"
    message["Subject"] = "Map archive relocation"
    message.set_content(
        "Hello all,\n\nThe map archive moves to the basement of building K on 3 March.\n"
        "Please pack the atlases first.\n\nAda\n"
    )
    path.write_bytes(bytes(message))
    return path


MIT_LICENSE = (
    "MIT License\n\nCopyright (c) 2025 Example Authors\n\n"
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this "
    "software, to deal in the Software without restriction.\n"
)


def write_folder(folder: Path, pictures: bool = True) -> Path:
    """One file of every supported text/Office format plus a LICENSE."""
    folder.mkdir(parents=True, exist_ok=True)
    write_txt(folder / "notes.txt")
    write_md(folder / "guide.md")
    write_html(folder / "ferries.html")
    write_docx(folder / "budget.docx", picture=pictures)
    write_pptx(folder / "glaciers.pptx", picture=pictures)
    write_xlsx(folder / "fleet.xlsx")
    write_csv(folder / "orchards.csv")
    write_eml(folder / "memo.eml")
    (folder / "LICENSE").write_text(MIT_LICENSE)
    return folder
