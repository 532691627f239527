"""Pages made upright before OCR: photographed pages flattened, quarter turns, boxes mapped back."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mmrag.ingestion.ocr.base import Image as Pixels
from mmrag.ingestion.ocr.base import OcrLine
from mmrag.ingestion.ocr.engine import (
    OcrOptions,
    RapidOcrEngine,
    get_ocr_engine,
    ocr_page_elements,
    read_page,
)
from mmrag.ingestion.ocr.upright import (
    Upright,
    find_page,
    quarter_turn,
    read_upright,
    turns_to_try,
    upright_page,
)
from mmrag.platform.models import MediaKind, SourceFile

pytestmark = pytest.mark.unit

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINES = [
    "Harbour wall survey for the east pier",
    "Seven bollards need new anchor bolts.",
    "The crane rail is 212 metres long and",
    "its last inspection was on 9 March.",
]


def _page(width: int = 900, height: int = 1200) -> Pixels:
    """A white page with a few lines of dark text near its top-left."""
    img = Image.new("RGB", (width, height), (248, 248, 246))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 34) if FONT.is_file() else ImageFont.load_default()
    for i, line in enumerate(LINES):
        draw.text((70, 90 + i * 58), line, fill=(20, 20, 20), font=font)
    return np.asarray(img, dtype=np.uint8).copy()


def _photo(page: Pixels, corners: list[tuple[float, float]], size: tuple[int, int]) -> Pixels:
    """``page`` warped onto ``corners`` of a dark, striped table top of ``size`` (w, h)."""
    h, w = page.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, np.asarray(corners, dtype=np.float32))
    scene = np.zeros((size[1], size[0], 3), np.uint8)
    scene[:, :] = (70, 50, 40)
    scene[::9] = (90, 66, 52)
    warped = cv2.warpPerspective(page, matrix, size)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, size) > 127
    scene[mask] = warped[mask]
    return scene


CORNERS = [(260.0, 140.0), (1010.0, 210.0), (960.0, 1230.0), (190.0, 1150.0)]


def test_find_page_returns_the_photographed_page_corners() -> None:
    photo = _photo(_page(), CORNERS, (1200, 1400))
    quad = find_page(photo)
    assert quad is not None
    assert np.abs(quad - np.array(CORNERS)).max() < 12  # within a few pixels of the truth


def test_find_page_leaves_scans_and_upright_panels_alone() -> None:
    assert find_page(_page()) is None  # a scan: the page fills the frame
    panel = np.full((800, 1000, 3), 30, np.uint8)
    panel[100:700, 150:850] = 250  # a white panel on a dark slide: nothing to undo
    assert find_page(panel) is None
    assert find_page(np.full((600, 600, 3), 90, np.uint8)) is None  # no page at all
    # an unevenly lit page: its bright part is a slanted shape that runs off the frame
    lit = np.full((600, 900, 3), 120, np.uint8)
    cv2.fillConvexPoly(lit, np.array([[150, 0], [899, 0], [899, 599], [420, 560]]), (235,) * 3)
    assert find_page(lit) is None


def test_flattened_page_reads_like_the_original_and_maps_boxes_into_the_quad() -> None:
    photo = _photo(_page(), CORNERS, (1200, 1400))
    page = upright_page(photo)
    assert page.changed
    assert page.image.shape[0] > page.image.shape[1]  # portrait again
    # the flattened page's top-left corner maps back onto the photo's page corner
    x0, y0, _, _ = page.source_box((0.0, 0.0, 1.0, 1.0))
    assert abs(x0 - CORNERS[0][0]) < 15 and abs(y0 - CORNERS[0][1]) < 15


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_quarter_turn_maps_pixels_back(turns: int) -> None:
    image = np.zeros((40, 60, 3), np.uint8)
    image[5, 50] = 255  # one marked pixel at x=50, y=5
    turned = quarter_turn(Upright(image, np.eye(3)), turns)
    ys, xs = np.nonzero(turned.image[:, :, 0])
    box = turned.source_box((float(xs[0]), float(ys[0]), xs[0] + 1.0, ys[0] + 1.0))
    assert box == pytest.approx((50.0, 5.0, 51.0, 6.0))


def _line(text: str, box: tuple[float, float, float, float], score: float) -> OcrLine:
    return OcrLine(text=text, box=box, score=score)


def test_turns_to_try_follows_line_shape_and_confidence() -> None:
    upright = [_line("a confident line of text", (0, 0, 400, 30), 0.98)] * 3
    assert turns_to_try(upright) == ()
    sideways = [_line("standing on end", (0, 0, 30, 400), 0.9)] * 3
    assert turns_to_try(sideways) == (1, 3)
    weak = [_line("a line read with doubt", (0, 0, 400, 30), 0.55)] * 3
    assert turns_to_try(weak) == (2,)
    assert turns_to_try([]) == (2,)  # nothing read: maybe upside down


class _Counting:
    """A real engine that counts its calls."""

    def __init__(self) -> None:
        self.inner = get_ocr_engine(OcrOptions(engine="rapidocr", x_scale=1.0))
        self.name = self.inner.name
        self.calls = 0

    def recognize(self, image: Pixels) -> list[OcrLine]:
        self.calls += 1
        return self.inner.recognize(image)


def test_upright_page_is_read_once() -> None:
    engine = _Counting()
    page, lines = read_upright(_page(), engine)
    assert engine.calls == 1 and not page.changed
    assert [ln.text for ln in lines][:2] == LINES[:2]


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_turned_scan_is_read_upright_and_cited_where_the_text_is(
    turns: int, tmp_path: Path
) -> None:
    page = _page()
    turned = np.ascontiguousarray(np.rot90(page, k=turns))
    height, width = turned.shape[:2]
    source = SourceFile(
        source_id="s1",
        uri="x.png",
        filename="x.png",
        path=str(tmp_path / "x.png"),
        content_hash="abc",
        media_kind=MediaKind.IMAGE,
    )
    engine = get_ocr_engine(OcrOptions(engine="rapidocr"))
    elements = ocr_page_elements(source, 1, turned, 72.0, engine, (float(width), float(height)))
    text = " ".join(e.text for e in elements)
    assert "212 metres" in text and "9 March" in text
    # the text block sits near the upright page's top-left; on the turned source that corner is
    # bottom-left (1 turn), bottom-right (2) or top-right (3)
    x0, y0, x1, y1 = elements[0].provenance.bbox or (0.0, 0.0, 0.0, 0.0)
    cx, cy = (x0 + x1) / 2 / width, (y0 + y1) / 2 / height
    expected = {1: (cx < 0.3, cy > 0.5), 2: (cx > 0.4, cy > 0.7), 3: (cx > 0.7, cy < 0.5)}
    assert all(expected[turns]), (turns, cx, cy)


@pytest.mark.parametrize("page_x_scale", [0.6, 1.0])
def test_whole_pages_are_read_at_the_page_squeeze(
    page_x_scale: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[float] = []
    recognize = RapidOcrEngine.recognize

    def spy(self: RapidOcrEngine, image: Pixels) -> list[OcrLine]:
        seen.append(self.options.x_scale)
        return recognize(self, image)

    monkeypatch.setattr(RapidOcrEngine, "recognize", spy)
    options = OcrOptions(engine="rapidocr", x_scale=0.6, page_x_scale=page_x_scale)
    engine = get_ocr_engine(options)
    _, lines = read_page(_page(), engine, options)
    assert seen == [page_x_scale]
    assert [ln.text for ln in lines][:2] == LINES[:2]
    engine.recognize(_page())  # crops keep the engine's own squeeze
    assert seen[-1] == 0.6
