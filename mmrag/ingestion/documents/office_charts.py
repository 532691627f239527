"""Charts drawn natively in Office files (DOCX, PPTX, XLSX): their numbers, read from the file.

A chart made in Word, PowerPoint or Excel keeps its categories, series names and values in the
file (DrawingML ``c:chartSpace`` parts, ``*/charts/chartN.xml``), so nothing has to be read from
pixels: each chart becomes one CHART element holding its title and a reading in
:mod:`mmrag.platform.chart_text`'s format (a values line per series with its extremes, as the
picture path writes for a chart it reads from an image, and for several series each category's
extremes across them). A PPTX chart cites its slide; DOCX and
XLSX charts cite their file. Parts are parsed with defusedxml, at most :data:`MAX_CHARTS` of
at most :data:`MAX_PART_BYTES` each.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from mmrag.platform import chart_text
from mmrag.platform.models import Element, ElementKind, Modality, PageUnit, SourceFile

log = logging.getLogger(__name__)

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MAX_CHARTS = 50
MAX_PART_BYTES = 5 * 1024 * 1024
#: DrawingML plot elements and the reading head their values are written under.
PLOTS = {
    "barChart": chart_text.BAR_HEAD,
    "bar3DChart": chart_text.BAR_HEAD,
    "areaChart": chart_text.BAR_HEAD,
    "lineChart": chart_text.LINE_HEAD,
    "line3DChart": chart_text.LINE_HEAD,
    "pieChart": chart_text.SLICE_HEAD,
    "pie3DChart": chart_text.SLICE_HEAD,
    "doughnutChart": chart_text.SLICE_HEAD,
}


@dataclass(frozen=True)
class NativeSeries:
    """One series of a native chart: its name and (category, shown value, value) points."""

    name: str
    points: tuple[tuple[str, str, float], ...]


@dataclass(frozen=True)
class NativeChart:
    """A chart's title, its reading head (bar, line or slice values) and its series."""

    title: str
    head: str
    series: tuple[NativeSeries, ...]


def read_chart_xml(data: bytes) -> NativeChart | None:
    """The chart a ``c:chartSpace`` part draws, or None for a kind without categories and
    values to read (scatter, bubble, stock) or a chart with no values."""
    from defusedxml import ElementTree

    root = ElementTree.fromstring(data)
    title_node = root.find(f".//{C}chart/{C}title")
    title = " ".join(_texts(title_node, f"{A}t")) if title_node is not None else ""
    for plot in root.iter():
        name = plot.tag.removeprefix(C)
        if name not in PLOTS:
            continue
        series = tuple(s for s in (_series(node) for node in plot.findall(f"{C}ser")) if s.points)
        if series:
            return NativeChart(" ".join(title.split()), PLOTS[name], series)
    return None


def _texts(node: Any, tag: str) -> list[str]:
    return [t.text for t in node.iter(tag) if t.text]


def _series(node: Any) -> NativeSeries:
    name_node = node.find(f"{C}tx")
    name = ""
    if name_node is not None:
        name = " ".join(_texts(name_node, f"{C}v") or _texts(name_node, f"{A}t"))
    categories = _points(node.find(f"{C}cat"))
    values_node = node.find(f"{C}val")
    values = _points(values_node)
    code = ""
    if values_node is not None:
        code = next(iter(_texts(values_node, f"{C}formatCode")), "")
    points = []
    for index, raw in sorted(values.items()):
        try:
            value = float(raw)
        except ValueError:
            continue
        label = categories.get(index, str(index + 1))
        points.append((" ".join(label.split()), shown_value(value, code), value))
    return NativeSeries(" ".join(name.split()), tuple(points))


def _points(node: Any) -> dict[int, str]:
    """Cached points (``c:pt idx`` -> ``c:v`` text) of a category or value reference."""
    if node is None:
        return {}
    found: dict[int, str] = {}
    for point in node.iter(f"{C}pt"):
        value = point.find(f"{C}v")
        if value is not None and value.text is not None and point.get("idx", "").isdigit():
            found[int(point.get("idx", "0"))] = value.text
    return found


def shown_value(value: float, format_code: str = "") -> str:
    """A value as a reader would see it: a share formatted with ``%`` as a percentage,
    whole numbers without a decimal point, others with up to six significant digits."""
    if "%" in format_code:
        return f"{value * 100:.4g}%"
    return str(int(value)) if value.is_integer() else f"{value:.6g}"


def chart_reading(chart: NativeChart) -> str:
    """The chart's title and reading: one values line and its extremes per series (a chart of
    one series is read without its name, as the picture path writes it)."""
    blocks = [chart.title] if chart.title else []
    named = len(chart.series) > 1
    for series in chart.series:
        items = [f"{label} {shown}" for label, shown, _ in series.points]
        extremes = [(value, f"{label} {shown}") for label, shown, value in series.points]
        of = series.name if named and series.name else ""
        head = chart_text.named_head(chart.head, of)
        blocks.append(chart_text.format_reading(head, items, extremes, of))
    if named:
        blocks.extend(_category_extremes(chart.series))
    return "\n".join(blocks)


def _category_extremes(series: Sequence[NativeSeries], most: int = 12) -> list[str]:
    """For a chart of several series, each category's extremes across them ("Highest (April):
    Self-service portal 1205"), for up to ``most`` categories."""
    by_category: dict[str, list[tuple[float, str]]] = {}
    for one in series:
        for label, shown, value in one.points:
            by_category.setdefault(label, []).append((value, f"{one.name} {shown}"))
    if len(by_category) > most:
        return []
    return [
        chart_text.extreme_lines(entries, of=label)
        for label, entries in by_category.items()
        if len(entries) > 1
    ]


def office_chart_elements(
    source: SourceFile, slides: Sequence[str] = (), page_unit: PageUnit | None = None
) -> list[Element]:
    """A CHART element for each native chart of the Office file ``source``.

    ``slides``: for a PPTX, the part name of each slide in show order (``ppt/slides/slide3.xml``):
    a chart cites the slide whose relationships name it.
    """
    elements: list[Element] = []
    with zipfile.ZipFile(source.path) as archive:
        owners = _chart_owners(archive, slides)
        parts = sorted(
            (i for i in archive.infolist() if _is_chart_part(i.filename)),
            key=lambda i: (owners.get(i.filename, 0), i.filename),
        )
        for info in parts[:MAX_CHARTS]:
            if info.file_size > MAX_PART_BYTES:
                continue
            try:
                chart = read_chart_xml(archive.read(info))
            except Exception as exc:  # a malformed or hostile part (entities) skips that chart
                log.warning("chart %s of %s skipped: %s", info.filename, source.filename, exc)
                continue
            if chart is None:
                continue
            page = owners.get(info.filename)
            elements.append(
                Element(
                    kind=ElementKind.CHART,
                    modality=Modality.CHART,
                    text=chart_reading(chart),
                    provenance=source.provenance(
                        page=page, page_unit=page_unit if page is not None else None
                    ),
                    method="office-chart-xml",
                )
            )
    return elements


def _is_chart_part(name: str) -> bool:
    path = PurePosixPath(name)
    return path.parent.name == "charts" and path.name.startswith("chart") and name.endswith(".xml")


def _chart_owners(archive: zipfile.ZipFile, slides: Sequence[str]) -> dict[str, int]:
    """Chart part name -> the 1-based number of the slide that shows it."""
    from defusedxml import ElementTree

    owners: dict[str, int] = {}
    names = set(archive.namelist())
    for number, slide in enumerate(slides, start=1):
        slide_path = PurePosixPath(slide)
        rels = f"{slide_path.parent}/_rels/{slide_path.name}.rels"
        if rels not in names:
            continue
        root = ElementTree.fromstring(archive.read(rels))
        for rel in root:
            target = rel.get("Target", "")
            if "/chart" in rel.get("Type", "") and target:
                resolved = _resolve(slide_path.parent, target)
                owners.setdefault(resolved, number)
    return owners


def _resolve(base: PurePosixPath, target: str) -> str:
    """A relationship target relative to ``base`` as a part name (``ppt/charts/chart1.xml``)."""
    parts: list[str] = [] if target.startswith("/") else list(base.parts)
    for piece in target.lstrip("/").split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)
