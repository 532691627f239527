"""Digital PDF inspection, error mapping, table geometry and element shaping on generated PDFs."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pytest

from mmrag.ingestion.pdf import text_layer as pdf_mod
from mmrag.ingestion.pdf.text_layer import PdfOptions, inspect_pdf
from mmrag.ingestion.tables import DetectedTable, TableOptions, detect_tables
from mmrag.platform.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    LimitExceeded,
    ModelUnavailable,
)
from mmrag.platform.models import (
    Element,
    ElementKind,
    MediaKind,
    Modality,
    Provenance,
    SourceFile,
)

pytestmark = pytest.mark.unit

Line = tuple[float, float, str, float]  # x, y from the top, text, font size


def make_pdf(path: Path, pages: list[dict[str, object]]) -> Path:
    """A PDF whose pages have text lines, a full-page image and/or an invisible text layer."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from PIL import Image

    pdf = pdfium.PdfDocument.new()
    font = raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    for spec in pages:
        page = pdf.new_page(612, 792)
        if spec.get("image"):
            img = pdfium.PdfImage.new(pdf)
            img.set_bitmap(pdfium.PdfBitmap.from_pil(Image.new("RGB", (100, 130), "white")))
            img.set_matrix(pdfium.PdfMatrix().scale(612, 792))
            page.insert_obj(img)
        lines: list[Line] = spec.get("lines", [])  # type: ignore[assignment]
        for x, y, text, size in lines:
            obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, size)
            buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
            raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, 792 - y)
            if spec.get("hidden"):
                raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
            raw.FPDFPage_InsertObject(page.raw, obj)
        page.gen_content()
        page.close()
    pdf.save(str(path))
    pdf.close()
    return path


PROSE: list[Line] = [
    (72, 100 + 14 * i, f"Line {i} of ordinary prose that fills the page with real words.", 11)
    for i in range(12)
]

TABLE: list[Line] = [
    (72, 80, "Table 4. Pump stations in service.", 10),
    (72, 100, "Station", 10),
    (200, 100, "Pumps", 10),
    (280, 100, "Flow ML/d", 10),
    (380, 100, "Status", 10),
]
for _i, (_name, _pumps, _flow, _status) in enumerate(
    [
        ("North Quay", "4", "12.5", "running"),
        ("Mill Lane", "2", "3.1", "standby"),
        ("Hilltop", "3", "7.8", "running"),
    ]
):
    _y = 114 + 14 * _i
    TABLE += [
        (72, _y, _name, 10),
        (214, _y, _pumps, 10),
        (290, _y, _flow, 10),
        (380, _y, _status, 10),
    ]


def test_inspect_digital_scan_and_hidden_layer_pages(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "mixed.pdf",
        [
            {"lines": PROSE},  # digital text
            {"image": True},  # image-only scan
            {"image": True, "hidden": True, "lines": PROSE},  # scan with a hidden OCR layer
            {},  # blank page: nothing to OCR
            {"image": True, "lines": PROSE[:1]},  # scan with a short visible stamp
        ],
    )
    info = inspect_pdf(path, PdfOptions())
    assert info.pages == 5
    assert info.page_sizes[0] == pytest.approx((612.0, 792.0))
    assert info.pages_needing_ocr == [2, 3, 5]
    assert info.text_chars[0] > 400 and info.text_chars[2] == 0
    assert info.encrypted is False


def test_inspect_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile):
        inspect_pdf(empty)
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"this is not a pdf at all" * 50)
    with pytest.raises(CorruptFile):
        inspect_pdf(garbage)
    good = make_pdf(tmp_path / "good.pdf", [{"lines": PROSE}, {"lines": PROSE}])
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good.read_bytes()[:400])
    with pytest.raises(CorruptFile):
        inspect_pdf(truncated)
    with pytest.raises(LimitExceeded):
        inspect_pdf(good, PdfOptions(max_pages=1))


def test_inspect_password_protected(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", [{"lines": PROSE}])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(EncryptedFile):
        inspect_pdf(locked)
    # owner-only protection (empty user password) opens and is reported as encrypted
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    restricted = tmp_path / "restricted.pdf"
    with restricted.open("wb") as fh:
        writer.write(fh)
    info = inspect_pdf(restricted)
    assert info.encrypted and info.pages_needing_ocr == []


def test_missing_spacy_model_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    pdf_mod.ensure_spacy_model.cache_clear()
    try:
        with pytest.raises(ModelUnavailable):
            pdf_mod.ensure_spacy_model()
    finally:
        pdf_mod.ensure_spacy_model.cache_clear()


def test_detect_table_cells_and_caption(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    path = make_pdf(
        tmp_path / "table.pdf", [{"lines": [*TABLE, (72, 200, "Some prose below.", 10)]}]
    )
    doc = pdfium.PdfDocument(str(path))
    try:
        tables = detect_tables(doc[0], TableOptions())
    finally:
        doc.close()
    assert len(tables) == 1
    table = tables[0]
    assert table.caption == "Table 4. Pump stations in service."
    assert table.header == ["Station", "Pumps", "Flow ML/d", "Status"]
    assert table.rows[1] == ["Mill Lane", "2", "3.1", "standby"]
    x0, y0, _x1, y1 = table.bbox
    assert 70 < x0 < 74 and 85 < y0 < 100 and y1 < 160  # top-left origin, prose excluded
    assert "Mill Lane | Pumps: 2; Flow ML/d: 3.1; Status: standby" in table.text()
    assert table.text().startswith("Table 4.")
    assert "<th>Flow ML/d</th>" in table.html() and "<td>standby</td>" in table.html()


def test_prose_is_not_a_table(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    two_columns = [(72, 100 + 14 * i, "left column prose with many words", 10) for i in range(8)]
    two_columns += [(330, 100 + 14 * i, "right column prose with many words", 10) for i in range(8)]
    path = make_pdf(tmp_path / "prose.pdf", [{"lines": PROSE + two_columns}])
    doc = pdfium.PdfDocument(str(path))
    try:
        assert detect_tables(doc[0]) == []
    finally:
        doc.close()


def test_classify_headings_and_captions() -> None:
    opts = PdfOptions()
    assert pdf_mod._classify("ListItem", "2. Sources and storage", opts).value == "title"
    assert pdf_mod._classify("ListItem", "1. Fill the tank.", opts).value == "list_item"
    assert pdf_mod._classify("Title", "Figure 3. Leakage by zone.", opts).value == "caption"
    long_title = " ".join(["word"] * 30)
    assert pdf_mod._classify("Title", long_title, opts).value == "text"


def test_page_runs_skip_and_bound() -> None:
    assert list(pdf_mod._runs([1, 2, 3, 5, 6, 7, 8], 3)) == [[1, 2, 3], [5, 6, 7], [8]]


def _source(path: Path) -> SourceFile:
    return SourceFile(
        source_id="s",
        uri=str(path),
        filename=path.name,
        path=str(path),
        content_hash="h",
        media_kind=MediaKind.PDF,
    )


def test_pdfium_blocks_headings_paragraphs_items_columns(tmp_path: Path) -> None:
    lines: list[Line] = [(72, 60, "Quarterly Operations Review", 20)]
    lines += [(72, 100, "2. Sources and storage", 11)]
    lines += [
        (72, 120 + 13 * i, f"Left column sentence {i} about reservoirs and", 10) for i in range(4)
    ]
    lines += [
        (330, 120 + 13 * i, f"Right column sentence {i} about pumps and", 10) for i in range(4)
    ]
    lines += [(72, 200, "- first checked item", 10), (72, 213, "- second checked item", 10)]
    path = make_pdf(tmp_path / "blocks.pdf", [{"lines": lines}])
    result = pdf_mod.extract_pdf_text(_source(path))
    by_text = {e.text: e for e in result.elements}
    assert by_text["Quarterly Operations Review"].kind.value == "title"
    assert by_text["2. Sources and storage"].kind.value == "title"
    left = next(e for e in result.elements if e.text.startswith("Left column sentence 0"))
    assert "Left column sentence 3" in left.text and "Right" not in left.text
    x0, y0, x1, y1 = left.provenance.bbox or (0, 0, 0, 0)
    assert 71 < x0 < 73 and x1 < 330 and 110 < y0 < 120 and 150 < y1 < 165
    right = next(e for e in result.elements if e.text.startswith("Right column sentence 0"))
    assert "Right column sentence 3" in right.text and right.provenance.page == 1
    items = [e for e in result.elements if "checked item" in e.text]
    assert [e.kind.value for e in items] == ["list_item", "list_item"]
    assert all(e.method == "pdfium-text" for e in result.elements)


def test_pdfium_table_words_are_only_in_the_table(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "table.pdf", [{"lines": [*TABLE, (72, 200, "Text after.", 10)]}])
    elements = pdf_mod.extract_pdf_text(_source(path)).elements
    tables = [e for e in elements if e.kind.value == "table"]
    assert len(tables) == 1 and "Mill Lane | Pumps: 2" in tables[0].text
    loose = " ".join(e.text for e in elements if e.kind.value != "table")
    assert "standby" not in loose and "Text after." in loose
    assert elements.index(tables[0]) < next(
        i for i, e in enumerate(elements) if e.text == "Text after."
    )


def _rows(first_y: float, rows: list[tuple[str, str, str, str]]) -> list[Line]:
    """Table body lines in TABLE's columns, one row every 14 points from ``first_y``."""
    lines: list[Line] = []
    for i, (name, pumps, flow, status) in enumerate(rows):
        y = first_y + 14 * i
        lines += [(72, y, name, 10), (214, y, pumps, 10), (290, y, flow, 10), (380, y, status, 10)]
    return lines


def test_a_table_cut_by_a_page_break_keeps_its_header(tmp_path: Path) -> None:
    from mmrag.ingestion.pdf.pipeline import reading_order
    from mmrag.ingestion.tables import join_continued_tables

    page_one = [*PROSE, *[(x, y + 560, t, s) for x, y, t, s in TABLE]]  # the table ends the page
    rest = [("Dry Brook", "1", "0.9", "running"), ("Kiln Row", "5", "14.2", "standby")]
    rest += [("Wharf End", "2", "2.6", "running")]
    page_two = [*_rows(60, rest), (72, 140, "Prose after the table on the next page.", 10)]
    path = make_pdf(tmp_path / "cut.pdf", [{"lines": page_one}, {"lines": page_two}])
    elements = reading_order(pdf_mod.extract_pdf_text(_source(path)).elements)
    before = [e for e in elements if e.kind.value == "table" and e.provenance.page == 2]
    assert len(before) == 1 and "Pumps: 1" not in before[0].text  # header taken from row 1
    joined = join_continued_tables(elements)
    second = next(e for e in joined if e.kind.value == "table" and e.provenance.page == 2)
    assert "Dry Brook | Pumps: 1; Flow ML/d: 0.9; Status: running" in second.text
    assert "Wharf End | Pumps: 2; Flow ML/d: 2.6" in second.text
    assert second.text.startswith("Table 4. Pump stations in service. (continued)")
    assert "<th>Flow ML/d</th>" in (second.html or "")
    assert second.provenance.page == 2 and second.provenance.bbox == before[0].provenance.bbox


def test_a_table_after_prose_or_with_its_own_header_is_not_joined(tmp_path: Path) -> None:
    from mmrag.ingestion.pdf.pipeline import reading_order
    from mmrag.ingestion.tables import join_continued_tables

    page_one = [*PROSE, *[(x, y + 560, t, s) for x, y, t, s in TABLE]]
    rest = [("Dry Brook", "1", "0.9", "running"), ("Kiln Row", "5", "14.2", "standby")]
    rest += [("Wharf End", "2", "2.6", "running")]
    prose_first = [(72, 60, "A paragraph opens this page before any table.", 10)]
    own_header = [(72, 60, "Depot", 10), (200, 60, "Vans", 10), (280, 60, "Miles", 10)]
    own_header += [(380, 60, "State", 10)]
    for second in (prose_first + _rows(90, rest), own_header + _rows(74, rest)):
        path = make_pdf(tmp_path / "two.pdf", [{"lines": page_one}, {"lines": second}])
        elements = reading_order(pdf_mod.extract_pdf_text(_source(path)).elements)
        assert join_continued_tables(elements) == elements


def _table_element(page: int, table: DetectedTable) -> Element:
    return Element(
        kind=ElementKind.TABLE,
        modality=Modality.TABLE,
        text=table.text(),
        html=table.html(),
        provenance=Provenance(
            source_id="s",
            uri="u",
            filename="f.pdf",
            page=page,
            bbox=table.bbox,
            page_width=612.0,
            page_height=792.0,
        ),
        method="pdfium-geometry",
    )


def _text_element(page: int, text: str, y: float) -> Element:
    return Element(
        kind=ElementKind.TEXT,
        modality=Modality.TEXT,
        text=text,
        provenance=Provenance(
            source_id="s",
            uri="u",
            filename="f.pdf",
            page=page,
            bbox=(72.0, y, 300.0, y + 10),
            page_width=612.0,
            page_height=792.0,
        ),
        method="pdfium-text",
    )


def test_only_margin_lines_may_sit_between_the_parts_of_a_table() -> None:
    from mmrag.ingestion.tables import join_continued_tables

    head = DetectedTable((72, 500, 400, 600), ["Depot", "Vans", "Miles"], [["Ayle", "3", "410"]])
    rest = DetectedTable((72, 40, 400, 90), ["Brim", "4", "388"], [["Cole", "2", "97"]])
    first, second = _table_element(1, head), _table_element(2, rest)
    foot = _text_element(1, "Fleet report, page 1", 760.0)
    joined = join_continued_tables([first, foot, second])
    assert "Brim | Vans: 4; Miles: 388" in joined[2].text
    prose = _text_element(1, "A paragraph of prose that follows the first table.", 620.0)
    assert join_continued_tables([first, prose, second])[2] is second
    assert join_continued_tables([first, _table_element(3, rest)])[1].text == rest.text()
