"""Text and Office documents: what each format's chunks say and which place they cite.

Files are written by the tests (python-docx, python-pptx, openpyxl, email.message, strings);
pictures are left out here (their OCR path is covered in tests/integration/test_formats_ingest).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mmrag.ingestion.chunking import READING
from mmrag.ingestion.documents.common import grid_tables
from mmrag.ingestion.extractors import get_extractor
from mmrag.ingestion.tables import html_rows
from mmrag.platform.errors import CorruptFile
from mmrag.platform.models import (
    Chunk,
    Citation,
    ElementKind,
    MediaKind,
    Modality,
    Provenance,
    SourceFile,
)
from mmrag.platform.settings import Settings
from mmrag.platform.storage import BlobStore
from tests import doc_files

pytestmark = pytest.mark.unit


def _chunks(path: Path, tmp_path: Path) -> list[Chunk]:
    source = doc_files.source_file(path)
    extractor = get_extractor(source.media_kind, Settings(data_dir=tmp_path / "data"))
    [shard] = extractor.plan(source).shards
    result = extractor.extract(source, shard, BlobStore(tmp_path / "blobs"))
    assert not result.warnings
    return extractor.chunk(result.elements, source)


def _label(chunk: Chunk) -> str:
    return Citation.from_chunk(chunk, 1.0).label()


def _holding(chunks: list[Chunk], words: str) -> Chunk:
    found = [c for c in chunks if words in c.text]
    assert found, f"no chunk holds {words!r}: {[c.text for c in chunks]}"
    return found[0]


# --------------------------------------------------------------------------- labels


def _citation(**fields: object) -> Citation:
    base: dict[str, object] = {
        "file": "f",
        "uri": "u",
        "source_id": "s",
        "chunk_id": "c",
        "modality": Modality.TEXT,
    }
    return Citation.model_validate(base | fields)


def test_citation_labels_name_the_place_a_person_looks_up() -> None:
    assert _citation(file="r.pdf", page=3).label() == "r.pdf p.3"
    assert _citation(file="a.mp3", t_start=62.0, t_end=75.0).label() == "a.mp3 01:02-01:15"
    assert _citation(file="d.pptx", page=4, page_unit="slide").label() == "d.pptx slide 4"
    sheet = _citation(
        file="b.xlsx", page=2, page_unit="sheet", sheet="Crew", row_start=5, row_end=9
    )
    assert sheet.label() == "b.xlsx sheet Crew, rows 5-9"
    assert _citation(file="c.csv", row_start=7, row_end=7).label() == "c.csv row 7"
    assert _citation(file="n.md", heading="Setup").label() == "n.md § Setup"
    assert _citation(file="n.md").label() == "n.md"
    # A page wins over a heading: PDF citations read as before.
    assert _citation(file="r.pdf", page=1, heading="Intro").label() == "r.pdf p.1"


def test_sheet_and_rows_survive_the_index_payload() -> None:
    prov = Provenance(
        source_id="s",
        uri="u",
        filename="b.xlsx",
        page=2,
        page_unit="sheet",
        sheet="Crew",
        row_start=3,
        row_end=8,
    )
    chunk = Chunk(
        id="c",
        text="t",
        modality=Modality.TABLE,
        kind=ElementKind.TABLE,
        provenance=prov,
        content_hash="h",
    )
    again = Chunk.from_payload("c", chunk.payload())
    assert again == chunk
    legacy = chunk.payload()
    for key in ("page_unit", "sheet", "row_start", "row_end"):
        legacy.pop(key)  # points written before these fields existed
    assert Chunk.from_payload("c", legacy).provenance.page_unit is None


# --------------------------------------------------------------------------- grids


def test_html_rows_keep_empty_cells_and_rows() -> None:
    html = "<table><tr><td/><td>a &amp; b</td></tr><tr></tr><tr><th>x<br/>y</th><td>1</td></tr></table>"
    assert html_rows(html) == [["", "a & b"], [], ["x y", "1"]]


def test_grid_tables_cite_sheet_rows_and_split_long_tables(tmp_path: Path) -> None:
    source = SourceFile(
        source_id="s",
        uri="u",
        filename="b.xlsx",
        path=str(tmp_path),
        content_hash="h",
        media_kind=MediaKind.OFFICE,
    )
    grid = [
        [],
        ["", "Ship", "Tonnage"],  # row 2: header (column A empty everywhere: dropped)
        ["", "Aurora", "1200"],
        [],
        ["", "Borealis", "900"],  # after a gap, but numeric: same table
        [],
        ["", "Notes on the fleet"],  # a new block with no rows under it: text
        [],
        ["", "Crew", "Role"],  # a second table
        *[["", f"Sailor {i}", "deckhand"] for i in range(40)],
    ]
    out = grid_tables(grid, source, "m", page=1, page_unit="sheet", sheet="Fleet", max_chars=300)
    first = out[0]
    assert first.kind is ElementKind.TABLE
    assert first.text.splitlines() == [
        "Sheet Fleet",
        "Aurora | Tonnage: 1200",
        "Borealis | Tonnage: 900",
    ]
    assert (first.provenance.row_start, first.provenance.row_end) == (3, 5)
    assert "<caption>Sheet Fleet</caption>" in (first.html or "")
    note = out[1]
    assert (note.kind, note.text, note.provenance.row_start) == (
        ElementKind.TEXT,
        "Notes on the fleet",
        7,
    )
    crew = out[2:]
    assert len(crew) > 1, "40 rows over 300 characters are split into blocks"
    assert crew[0].provenance.row_start == 10 and crew[-1].provenance.row_end == 49
    assert all("Role: deckhand" in e.text and e.provenance.sheet == "Fleet" for e in crew)
    starts = [e.provenance.row_start or 0 for e in crew]
    ends = [e.provenance.row_end or 0 for e in crew]
    assert all(b == a + 1 for a, b in zip(ends, starts[1:], strict=False))


# --------------------------------------------------------------------------- text formats


def test_plain_text_and_license_files(tmp_path: Path) -> None:
    chunks = _chunks(doc_files.write_txt(tmp_path / "notes.txt"), tmp_path)
    hit = _holding(chunks, "1,284 ships")
    assert hit.provenance.page is None and hit.modality is Modality.TEXT
    license_path = tmp_path / "LICENSE"
    license_path.write_text(doc_files.MIT_LICENSE)
    assert _holding(_chunks(license_path, tmp_path), "free of charge")


def test_markdown_sections_and_tables(tmp_path: Path) -> None:
    chunks = _chunks(doc_files.write_md(tmp_path / "guide.md"), tmp_path)
    fact = _holding(chunks, "every 19 days")
    assert fact.heading == "Calibration"
    assert _label(fact) == "guide.md § Calibration"
    assert "three sensors" not in fact.text, "a section is chunked on its own"
    [table] = [c for c in chunks if c.kind is ElementKind.TABLE and READING not in c.extra]
    assert "quartz | Range: 0-40" in table.text and "<td>copper</td>" in (table.html or "")


def test_html_sections_and_tables(tmp_path: Path) -> None:
    chunks = _chunks(doc_files.write_html(tmp_path / "ferries.html"), tmp_path)
    assert _label(_holding(chunks, "07:45")) == "ferries.html § Ferry schedule"
    [table] = [c for c in chunks if c.kind is ElementKind.TABLE and READING not in c.extra]
    assert table.text == "Oskarsby | Pier: 9" and table.modality is Modality.TABLE


def test_csv_rows(tmp_path: Path) -> None:
    chunks = _chunks(doc_files.write_csv(tmp_path / "orchards.csv"), tmp_path)
    [table, reading] = chunks
    assert "Blackmoor | apples_harvested: 5120; pears_harvested: 95" in table.text
    assert _label(table) == "orchards.csv rows 2-4"
    assert reading.extra[READING] and _label(reading) == "orchards.csv rows 2-4"
    assert "Highest (apples harvested): Blackmoor 5120" in reading.text.splitlines()
    assert "Lowest (pears harvested): Blackmoor 95" in reading.text.splitlines()


def test_email_headers_subject_and_body(tmp_path: Path) -> None:
    chunks = _chunks(doc_files.write_eml(tmp_path / "memo.eml"), tmp_path)
    body = _holding(chunks, "basement of building K")
    assert body.heading == "Map archive relocation"
    header = _holding(chunks, "From: Ada Berg <ada@example.org>")
    assert "Date: Tue, 01 Apr 2025" in header.text
    assert all("Content-Type" not in c.text for c in chunks)


# --------------------------------------------------------------------------- Office


def test_docx_sections_and_tables(tmp_path: Path) -> None:
    chunks = _chunks(doc_files.write_docx(tmp_path / "budget.docx", picture=False), tmp_path)
    fact = _holding(chunks, "37 million crowns")
    assert _label(fact) == "budget.docx § Budget" and fact.provenance.page is None
    [table] = [c for c in chunks if c.kind is ElementKind.TABLE and READING not in c.extra]
    assert "Bridge | Weeks: 30" in table.text and "<th>Work</th>" in (table.html or "")


def test_docx_pages_when_word_recorded_the_breaks(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("First page text about herons.")
    second = document.add_paragraph()
    second.add_run()._r.append(OxmlElement("w:lastRenderedPageBreak"))
    second.add_run("Second page text about cormorants.")
    path = tmp_path / "paged.docx"
    document.save(path)
    chunks = _chunks(path, tmp_path)
    assert _label(_holding(chunks, "herons")) == "paged.docx p.1"
    assert _label(_holding(chunks, "cormorants")) == "paged.docx p.2"


def test_pptx_slides_and_notes(tmp_path: Path) -> None:
    chunks = _chunks(doc_files.write_pptx(tmp_path / "glaciers.pptx", picture=False), tmp_path)
    fact = _holding(chunks, "412 metres")
    assert _label(fact) == "glaciers.pptx slide 2"
    assert _label(_holding(chunks, "survey camp")) == "glaciers.pptx slide 2"  # speaker notes
    assert _label(_holding(chunks, "western valleys")) == "glaciers.pptx slide 1"
    notes = _holding(chunks, "survey camp")
    assert notes.heading == "Brekke glacier"  # the notes follow their slide's title


def test_xlsx_sheets_and_rows(tmp_path: Path) -> None:
    chunks = _chunks(doc_files.write_xlsx(tmp_path / "fleet.xlsx"), tmp_path)
    fleet = _holding(chunks, "Kestrel | Tonnage: 8800; Home port: Tromsø")
    assert _label(fleet) == "fleet.xlsx sheet Fleet, rows 2-4"
    assert fleet.kind is ElementKind.TABLE and "<th>Home port</th>" in (fleet.html or "")
    crew = _holding(chunks, "Ingrid Vik | Role: Captain")
    assert _label(crew) == "fleet.xlsx sheet Crew, row 2" and crew.provenance.page == 2


def test_a_broken_office_file_fails_with_a_reason(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:  # says DOCX, holds no document
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
    with pytest.raises(CorruptFile, match=r"broken\.docx"):
        _chunks(path, tmp_path)
