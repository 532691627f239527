"""Scanned tables: OCR boxes (one per cell, header cells merged) become a row x column grid."""

from __future__ import annotations

import pytest

from mmrag.ingestion.ocr.base import OcrLine
from mmrag.ingestion.ocr.tables import ocr_words, text_with_tables, with_ocr_tables
from mmrag.ingestion.tables import field_list, headless
from mmrag.platform.models import Element, ElementKind, MediaKind, Modality, SourceFile

pytestmark = pytest.mark.unit

DPI = 150.0
# x positions (px at 150 dpi) of the five columns, as OCR boxes of an inspection report table
COLS = (92, 272, 550, 693, 835)
HEADER = [
    OcrLine("Piezometer Location", (93, 249, 415, 287), 0.95),
    OcrLine("Reading", (552, 248, 683, 284), 0.95),
    OcrLine("Previous Change", (685, 244, 957, 281), 0.95),
]
ROWS = [
    ("P-1", "Left abutment", "84.12", "83.97", "+0.15"),
    ("P-2", "Core, ch 0+120", "91.45", "91.40", "+0.05"),
    ("P-3", "Core, ch 0+210", "93.08", "92.51", "+0.57"),
    ("P-5", "Right abutment", "86.93", "86.81", "+0.12"),
]


def _row_lines(index: int, cells: tuple[str, ...]) -> list[OcrLine]:
    top = 299 + 48 * index
    return [
        OcrLine(text, (x, top, x + 16 * len(text), top + 38), 0.9)
        for x, text in zip(COLS, cells, strict=True)
    ]


def _lines() -> list[OcrLine]:
    return HEADER + [ln for i, row in enumerate(ROWS) for ln in _row_lines(i, row)]


def test_merged_header_box_is_split_into_words() -> None:
    words = ocr_words([HEADER[2]], DPI)
    assert [w.text for w in words] == ["Previous", "Change"]
    assert words[0].x1 < words[1].x0  # placed by their share of the characters


def test_grid_with_header_from_the_line_above() -> None:
    source = _source()
    block = Element(
        kind=ElementKind.OCR_TEXT,
        modality=Modality.SCAN,
        text="\n".join(ln.text for ln in _lines()),
        provenance=source.provenance(page=2, bbox=(44.0, 115.0, 460.0, 260.0)),
        method="rapidocr",
    )
    elements = with_ocr_tables([block], _lines(), DPI, 2, (612.0, 792.0), source)
    tables = [e for e in elements if e.kind is ElementKind.TABLE]
    assert len(tables) == 1
    text = tables[0].text
    assert "P-5 | Piezometer Location: Right abutment; Reading: 86.93; Previous: 86.81" in text
    assert "P-1 | " in text  # the first data row stays a row, not a header
    assert tables[0].html and "<th>Reading</th>" in tables[0].html
    assert block not in elements  # the OCR block the table covers is replaced


def test_prose_lines_make_no_table() -> None:
    prose = [
        OcrLine(
            "The dam is safe to operate at the normal retention level.",
            (90, 100 + 45 * i, 1000, 138 + 45 * i),
            0.9,
        )
        for i in range(6)
    ]
    assert with_ocr_tables([], prose, DPI, 1, (612.0, 792.0), _source()) == []


def _source() -> SourceFile:
    return SourceFile(
        source_id="s1",
        uri="scan.pdf",
        filename="scan.pdf",
        path="scan.pdf",
        content_hash="h",
        media_kind=MediaKind.PDF,
    )


def test_slide_table_text_keeps_rows() -> None:
    # A video frame: title, a 3-column table read one cell per OCR box, a footer.
    boxes = [OcrLine("Sampling stations", (40, 20, 520, 80), 0.99)]
    header = [("Station", 60), ("Max depth", 560), ("Visits", 900)]
    boxes += [OcrLine(t, (x, 160, x + 18 * len(t), 200), 0.99) for t, x in header]
    rows = [
        ("A (Birch Point)", "38 m", "9"),
        ("B (Deep Basin)", "112 m", "6"),
        ("C (River Mouth)", "67 m", "11"),
    ]
    for i, row in enumerate(rows):
        top = 250 + 90 * i
        boxes += [
            OcrLine(t, (x, top, x + 18 * len(t), top + 40), 0.99)
            for t, x in zip(row, (60, 560, 900), strict=True)
        ]
    boxes.append(OcrLine("Slide 2 of 4", (60, 660, 300, 700), 0.9))
    text = text_with_tables(boxes)
    assert "B (Deep Basin) | Max depth: 112 m; Visits: 6" in text
    assert text.splitlines()[0] == "Sampling stations"
    assert text.splitlines()[-1] == "Slide 2 of 4"


def test_a_list_of_fields_has_no_header_but_a_two_column_table_keeps_its_own() -> None:
    fields = [
        ["Account holder", "Ms R. Delacroix-Hale"],
        ["Meter serial", "KX-4471093"],
        ["Reading date", "02/03/2026"],
        ["Tariff", "Economy seven"],
    ]
    assert field_list(fields) and headless(fields)
    named = [["Name", "Role"], ["Ines Roka", "Chair"], ["Paul Mbeki", "Treasurer 2026"]]
    assert not field_list(named)  # a header's right cell names the values in a word or two
    uniform = [["Ward", "Ms A. Okoro, Ward 4"], ["Bay", "Ms B. Ng, Bay 2"], ["Bed", "Mr C. Li, 7"]]
    assert not field_list(uniform)  # one kind of value on the right: a column under a header
    assert not field_list([[*row, "x"] for row in fields])  # three columns


def test_a_table_whose_first_row_holds_amounts_has_no_header() -> None:
    assert headless([["SUBTOTAL", "146.00"], ["Discount", "-14.60"], ["TOTAL", "131.40"]])
    assert not headless([["Site", "2024", "2025"], ["North", "12", "15"], ["South", "9", "11"]])
    assert not headless([["Item", "Cost"], ["Bag", "18.00"], ["Torch", "32.00"]])
    totals = [
        OcrLine(label, (40, 900 + 44 * i, 40 + 18 * len(label), 934 + 44 * i), 0.9)
        for i, label in enumerate(["SUBTOTAL", "Member discount", "TOTAL GBP"])
    ] + [
        OcrLine(value, (640, 900 + 44 * i, 750, 934 + 44 * i), 0.9)
        for i, value in enumerate(["146.00", "-14.60", "131.40"])
    ]
    tables = [
        e
        for e in with_ocr_tables([], totals, DPI, 1, (612.0, 792.0), _source())
        if e.kind is ElementKind.TABLE
    ]
    assert len(tables) == 1
    assert tables[0].text.splitlines() == [
        "SUBTOTAL | column 2: 146.00",
        "Member discount | column 2: -14.60",
        "TOTAL GBP | column 2: 131.40",
    ]
