"""Chunking: page bounds, offsets -> boxes, headings, table splitting, stable ids."""

from __future__ import annotations

import pytest

from mmrag.ingestion.chunking import (
    READING,
    ChunkOptions,
    chunk_document,
    embedding_text,
    union_bbox,
)
from mmrag.platform.models import (
    OPENING,
    BBox,
    Element,
    ElementKind,
    MediaKind,
    Modality,
    SourceFile,
    stable_id,
)

pytestmark = pytest.mark.unit

SOURCE = SourceFile(
    source_id="src-1",
    tenant="acme",
    uri="/docs/report.pdf",
    filename="report.pdf",
    path="/docs/report.pdf",
    content_hash="abc123",
    media_kind=MediaKind.PDF,
)


def el(
    text: str,
    page: int | None,
    bbox: BBox | None,
    kind: ElementKind = ElementKind.TEXT,
    modality: Modality = Modality.TEXT,
    html: str | None = None,
) -> Element:
    return Element(
        kind=kind,
        modality=modality,
        text=text,
        html=html,
        provenance=SOURCE.provenance(page=page, bbox=bbox, page_width=612.0, page_height=792.0),
        method="test",
    )


def sentences(topic: str, n: int) -> str:
    return " ".join(
        f"The {topic} record number {i} describes a separate measured event." for i in range(n)
    )


def test_pages_never_mix_and_boxes_follow_offsets() -> None:
    elements = [
        el("1. Intake works", 1, (72, 60, 200, 74), ElementKind.TITLE),
        el(sentences("intake", 40), 1, (72, 80, 540, 400)),
        el(sentences("outfall", 40), 1, (72, 420, 540, 700)),
        el("2. Storage", 2, (72, 60, 180, 74), ElementKind.TITLE),
        el("Tiny page.", 2, (72, 80, 130, 92)),
    ]
    chunks = chunk_document(elements, SOURCE, ChunkOptions(chunk_size=120, chunk_overlap=20))
    page1 = [c for c in chunks if c.provenance.page == 1]
    page2 = [c for c in chunks if c.provenance.page == 2]
    assert len(page1) >= 4 and len(page2) == 1
    for chunk in page1:
        assert "Storage" not in chunk.text and "Tiny page" not in chunk.text
        assert chunk.heading == "1. Intake works"
        # the box is the union of the elements the chunk's text comes from
        if "intake record" in chunk.text and "outfall" not in chunk.text:
            assert chunk.provenance.bbox is not None and chunk.provenance.bbox[3] <= 400
        if "outfall" in chunk.text and "intake" not in chunk.text:
            assert chunk.provenance.bbox == (72, 420, 540, 700)
    # chunk text is the real document text, never decorated
    source_text = "\n\n".join(e.text for e in elements[:3])
    assert all(c.text in source_text for c in page1)
    assert page2[0].text == "2. Storage\n\nTiny page." and page2[0].heading == "2. Storage"
    assert page2[0].provenance.bbox == (72, 60, 180, 92)
    assert embedding_text(page1[-1]).startswith("1. Intake works\n")


def test_ids_payload_and_stability() -> None:
    elements = [el(sentences("gauge", 5), 3, (72, 80, 540, 200))]
    first = chunk_document(elements, SOURCE)
    again = chunk_document(elements, SOURCE)
    assert [c.id for c in first] == [c.id for c in again]
    assert first[0].id == stable_id("src-1", "abc123", 3, 0)
    assert first[0].tenant == "acme" and first[0].content_hash == "abc123"
    assert first[0].provenance.filename == "report.pdf" and first[0].method == "test"


def test_tables_and_charts_are_own_chunks_and_long_tables_split() -> None:
    rows = [f"Site {i} | Depth m: {i}.5; Flow L/s: {i * 3}; Status: ok" for i in range(80)]
    table = el(
        "Table 2. Gauges.\n" + "\n".join(rows),
        4,
        (72, 100, 540, 600),
        ElementKind.TABLE,
        Modality.TABLE,
        html="<table><caption>Table 2. Gauges.</caption><tr><td>x</td></tr></table>",
    )
    chart = el("Figure 1 rainfall bars", 4, (72, 620, 300, 760), ElementKind.CHART, Modality.CHART)
    prose = el("Gauges are read weekly.", 4, (72, 60, 300, 90))
    chunks = chunk_document([prose, table, chart], SOURCE, ChunkOptions(table_chunk_size=200))
    kinds = [c.kind for c in chunks]
    assert kinds[0] is ElementKind.TEXT and kinds[-1] is ElementKind.CHART
    parts = [c for c in chunks if c.kind is ElementKind.TABLE]
    assert len(parts) >= 3
    assert all(p.text.startswith("Table 2. Gauges.\nSite ") for p in parts)
    assert all(p.modality is Modality.TABLE and p.html == table.html for p in parts)
    body = [line for p in parts for line in p.text.split("\n")[1:]]
    assert body == rows  # every row exactly once, in order
    assert parts[0].extra["parts"] == len(parts)
    assert len({c.id for c in chunks}) == len(chunks)


def test_modalities_split_and_pageless_elements() -> None:
    ocr = el("Scanned words here.", 1, (10, 10, 100, 20), ElementKind.OCR_TEXT, Modality.SCAN)
    text = el("Digital words here.", 1, (10, 30, 100, 40))
    audio = Element(
        kind=ElementKind.TRANSCRIPT,
        modality=Modality.AUDIO,
        text="spoken words",
        provenance=SOURCE.provenance(t_start=1.0, t_end=4.5),
        method="whisper",
    )
    chunks = chunk_document([ocr, text, audio], SOURCE)
    assert {c.modality for c in chunks} == {Modality.SCAN, Modality.TEXT, Modality.AUDIO}
    spoken = next(c for c in chunks if c.modality is Modality.AUDIO)
    assert spoken.provenance.t_start == 1.0 and spoken.provenance.t_end == 4.5


def test_union_bbox() -> None:
    assert union_bbox([None, (1, 2, 3, 4), (0, 5, 2, 9)]) == (0, 2, 3, 9)
    assert union_bbox([None]) is None


def test_a_table_keeps_the_words_that_introduce_it_as_its_lead() -> None:
    intro = (
        "Rainfall was measured at three gauges. The monthly totals of the Brackwater "
        "catchment gauges for 2021 follow:"
    )
    elements = [
        el("Table on top of page 1", 1, (0, 0, 10, 10), ElementKind.TABLE),
        el(intro, 1, (0, 20, 100, 40)),
        el("Gauges", 1, (0, 45, 100, 50), ElementKind.TITLE),  # a heading is not the lead
        el("North | Jan: 41; Feb: 38", 1, (0, 50, 100, 90), ElementKind.TABLE),
        el("Rainfall chart", 1, (0, 95, 100, 120), ElementKind.CHART),
        el("South | Jan: 12", 2, (0, 0, 100, 30), ElementKind.TABLE),  # pages do not carry over
    ]
    chunks = chunk_document(elements, SOURCE, ChunkOptions(lead_max_chars=90))
    by_text = {c.text: c for c in chunks}
    assert by_text["Table on top of page 1"].lead == ""
    lead = by_text["North | Jan: 41; Feb: 38"].lead
    assert lead == "The monthly totals of the Brackwater catchment gauges for 2021 follow:"
    assert by_text["Rainfall chart"].lead == lead
    assert by_text["South | Jan: 12"].lead == ""
    assert "Brackwater" not in by_text["North | Jan: 41; Feb: 38"].text  # context, not text
    stored = by_text["North | Jan: 41; Feb: 38"]
    assert type(stored).from_payload(stored.id, stored.payload()).lead == lead
    no_leads = chunk_document(elements, SOURCE, ChunkOptions(lead_max_chars=0))
    assert all(c.lead == "" for c in no_leads)


def _grid_html(header: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def test_a_table_split_in_row_blocks_gets_one_chunk_of_its_column_extremes() -> None:
    header = ["Order", "Items", "Status"]
    first = [["A-1", "3", "sent"], ["A-2", "12", "sent"]]
    second = [["A-3", "1", "held"], ["A-4", "5", "sent"]]
    blocks = [
        el(
            "\n".join(f"{r[0]} | Items: {r[1]}; Status: {r[2]}" for r in rows),
            None,
            None,
            ElementKind.TABLE,
            Modality.TABLE,
            html=_grid_html(header, rows),
        )
        for rows in (first, second)
    ]
    words = el("Notes | Kept: yes", None, None, ElementKind.TABLE, Modality.TABLE)
    words.html = _grid_html(["Notes", "Kept"], [["a", "yes"], ["b", "no"], ["c", "yes"]])
    chunks = chunk_document([*blocks, words], SOURCE, ChunkOptions(group_unpaged=True))
    readings = [c for c in chunks if c.extra.get(READING)]
    assert len(readings) == 1  # both blocks read as one table; the table of words has none
    assert readings[0].text == (
        "Highest (Items): A-2 12\nLowest (Items): A-3 1\nRow counts (Status): sent 3; held 1"
    )
    assert readings[0].kind is ElementKind.TABLE and readings[0].modality is Modality.TABLE
    assert len({c.id for c in chunks}) == len(chunks)
    off = chunk_document(blocks, SOURCE, ChunkOptions(group_unpaged=True, table_readings=False))
    assert not any(c.extra.get(READING) for c in off)


def test_a_documents_first_text_chunks_are_its_opening_not_tables_or_later_pages() -> None:
    letter = el("Dear Ms Vance,\n\nYour boiler service is booked.", 1, (10, 10, 300, 60))
    table = el(
        "Item 1", 1, (10, 400, 300, 500), ElementKind.TABLE, html=_grid_html(["Item"], [["a"]])
    )
    later = el(sentences("later", 3), 2, (10, 10, 300, 60))
    chunks = chunk_document([letter, table, later], SOURCE, ChunkOptions(table_readings=False))
    opening = [c for c in chunks if c.extra.get(OPENING)]
    assert [c.text for c in opening] == [letter.text]  # the table and page 2 are no opening
    assert not [c for c in chunk_document([later], SOURCE) if c.extra.get(OPENING)]


def test_a_recording_has_no_opening_but_a_pageless_document_has() -> None:
    speech = Element(
        kind=ElementKind.TRANSCRIPT,
        modality=Modality.AUDIO,
        text="Welcome, Dana and Omar.",
        provenance=SOURCE.provenance(t_start=0.0, t_end=3.0),
        method="whisper",
    )
    header = el("From: Ines Roka\nTo: Paul Mbeki\nSubject: Roof repair", None, None)
    body = el("The scaffold goes up on Monday.", None, None)
    marks = [c.extra.get(OPENING, False) for c in chunk_document([speech], SOURCE)]
    assert marks == [False]
    marks = [c.extra.get(OPENING, False) for c in chunk_document([header, body], SOURCE)]
    assert marks == [True, True]
    options = ChunkOptions(opening_chunks=1)
    marks = [c.extra.get(OPENING, False) for c in chunk_document([header, body], SOURCE, options)]
    assert marks == [True, False]


def test_a_headless_tables_reading_takes_no_data_row_for_its_column_names() -> None:
    rows = [["Hotel", "290.00"], ["Flooring", "2,380.00"], ["Plumber", "185.00"]]
    table = el("", 2, (10, 10, 300, 90), ElementKind.TABLE, Modality.TABLE)
    table.html = _grid_html(["", ""], rows)
    [reading] = [c for c in chunk_document([table], SOURCE) if c.extra.get(READING)]
    assert (
        reading.text == "Highest (column 2): Flooring 2,380.00\nLowest (column 2): Plumber 185.00"
    )
