"""Native Office charts: categories, series and values read from the chart's own XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from mmrag.ingestion.documents.office import open_deck, pptx_slide_parts
from mmrag.ingestion.documents.office_charts import (
    chart_reading,
    office_chart_elements,
    read_chart_xml,
    shown_value,
)
from mmrag.ingestion.extractors import get_extractor
from mmrag.platform import chart_text
from mmrag.platform.models import Citation, ElementKind, Modality
from mmrag.platform.settings import Settings
from mmrag.platform.storage import BlobStore
from tests.doc_files import source_file

pytestmark = pytest.mark.unit


def _deck(path: Path) -> Path:
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[5]).shapes.title.text = "Ferry year"
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Crossings by route"
    data = CategoryChartData()
    data.categories = ["March", "April", "May"]
    data.add_series("Harbour line", (410, 520, 480))
    data.add_series("Island line", (300, 560, 250.5))
    box = (Inches(1), Inches(1.5), Inches(6), Inches(4))
    slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, *box, data)
    third = deck.slides.add_slide(deck.slide_layouts[5])
    shares = CategoryChartData(number_format="0%")
    shares.categories = ["Cars", "Foot passengers"]
    shares.add_series("Share", (0.35, 0.65))
    chart = third.shapes.add_chart(XL_CHART_TYPE.PIE, *box, shares).chart
    chart.has_title = True
    chart.chart_title.text_frame.text = "Tickets by kind"
    deck.save(str(path))
    return path


def test_a_decks_charts_are_read_from_their_data_and_cite_their_slide(tmp_path: Path) -> None:
    path = _deck(tmp_path / "ferries.pptx")
    elements = office_chart_elements(
        source_file(path), pptx_slide_parts(open_deck(str(path))), "slide"
    )
    assert [(e.provenance.page, e.provenance.page_unit) for e in elements] == [
        (2, "slide"),
        (3, "slide"),
    ]
    assert {(e.kind, e.modality) for e in elements} == {(ElementKind.CHART, Modality.CHART)}
    routes, tickets = (e.text.splitlines() for e in elements)
    assert "Bar values (Harbour line): March 410; April 520; May 480" in routes
    assert "Highest (Island line): April 560" in routes
    assert "Lowest (Island line): May 250.5" in routes
    assert "Highest (April): Island line 560" in routes  # each month across the routes
    assert "Lowest (March): Island line 300" in routes
    assert all(chart_text.is_reading_line(line) for line in routes)
    assert tickets[0] == "Tickets by kind"
    assert tickets[1] == "Slice values: Cars 35%; Foot passengers 65%"  # its number format


def test_a_chart_part_that_cannot_be_read_is_skipped_alone(tmp_path: Path) -> None:
    path = _deck(tmp_path / "ferries.pptx")
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("ppt/charts/chart99.xml", hostile)
    elements = office_chart_elements(
        source_file(path), pptx_slide_parts(open_deck(str(path))), "slide"
    )
    assert len(elements) == 2


def test_values_are_shown_as_a_reader_sees_them() -> None:
    assert shown_value(1205.0) == "1205"
    assert shown_value(3.25) == "3.25"
    assert shown_value(0.125, "0.0%") == "12.5%"
    scatter = (
        b'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        b"<c:chart><c:plotArea><c:scatterChart/></c:plotArea></c:chart></c:chartSpace>"
    )
    assert read_chart_xml(scatter) is None  # no categories and values to read


def test_one_series_is_read_without_its_name() -> None:
    xml = (
        b'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        b"<c:chart><c:plotArea><c:lineChart><c:ser><c:tx><c:v>Visitors</c:v></c:tx>"
        b'<c:cat><c:strRef><c:strCache><c:pt idx="0"><c:v>Mon</c:v></c:pt>'
        b'<c:pt idx="1"><c:v>Tue</c:v></c:pt></c:strCache></c:strRef></c:cat>'
        b'<c:val><c:numRef><c:numCache><c:pt idx="0"><c:v>12</c:v></c:pt>'
        b'<c:pt idx="1"><c:v>9</c:v></c:pt></c:numCache></c:numRef></c:val>'
        b"</c:ser></c:lineChart></c:plotArea></c:chart></c:chartSpace>"
    )
    chart = read_chart_xml(xml)
    assert chart is not None
    assert chart_reading(chart) == "Line values: Mon 12; Tue 9\nHighest: Mon 12\nLowest: Tue 9"


def test_the_office_extractor_indexes_a_decks_chart_with_its_slide(tmp_path: Path) -> None:
    path = _deck(tmp_path / "ferries.pptx")
    source = source_file(path)
    extractor = get_extractor(source.media_kind, Settings(data_dir=tmp_path / "data"))
    [shard] = extractor.plan(source).shards
    result = extractor.extract(source, shard, BlobStore(tmp_path / "blobs"))
    chunks = extractor.chunk(result.elements, source)
    charts = [c for c in chunks if "Highest (April): Island line 560" in c.text]
    assert [Citation.from_chunk(c, 1.0).label() for c in charts] == ["ferries.pptx slide 2"]


def test_a_decks_chart_is_read_under_its_own_slides_title(tmp_path: Path) -> None:
    path = _deck(tmp_path / "ferries.pptx")
    source = source_file(path)
    extractor = get_extractor(source.media_kind, Settings(data_dir=tmp_path / "data"))
    [shard] = extractor.plan(source).shards
    chunks = extractor.chunk(
        extractor.extract(source, shard, BlobStore(tmp_path / "blobs")).elements, source
    )
    [routes] = [c for c in chunks if "Harbour line" in c.text]
    [tickets] = [c for c in chunks if "Foot passengers" in c.text]
    assert routes.heading == "Crossings by route"  # not the last slide's title
    assert tickets.provenance.page == 3
