"""Pages made upright before OCR: a photographed page flattened, quarter turns undone, skew removed.

A phone photo of a page shows the page as a bright quadrilateral on a darker surface. OCR reads
it poorly as it is: lines converge, the background yields noise lines and the detector's size
limit spends pixels on the table top. :func:`find_page` looks for that quadrilateral (Otsu's
threshold of the blurred image, the largest bright component, its convex hull reduced to four
corners) and :func:`upright_page` warps it to a rectangle, then removes the remaining skew.

A page scanned sideways or upside down yields almost no text: the recogniser reads turned glyphs
as noise with low confidence (measured in ``bench/photo_ocr.py``: mean line confidence ~0.55
upside down, ~0.72 for one of the two sideways turns, 0.97-0.99 upright). :func:`read_upright`
therefore reads the page as it is and, only when most lines stand on end or the text is read
with low confidence, reads it turned as well and keeps the reading with the most
confidence-weighted characters. Upright pages cost nothing extra.

Every step is a 3x3 homography, composed into :attr:`Upright.to_source`, so OCR boxes found on
the prepared image map back exactly to the source image's pixels (:meth:`Upright.source_box`):
citations point at the file a person opens, not at an intermediate image.

Guards against cutting content away: the bright component must lie inside the frame (a page
that runs off the photo, or the lit half of an unevenly lit page, is not cut out), and the
quadrilateral must cover 20-97% of the image, be convex and page-shaped (its component fills
>= 85% of it), be brighter than its surroundings, and differ from an upright rectangle (a white
panel on a dark slide or a scan's dark border is left alone: there is no perspective to undo
there, and cropping could lose captions).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mmrag.ingestion.ocr.base import Image, OcrEngine, OcrLine
from mmrag.ingestion.ocr.render import estimate_skew, px_to_pt, to_grey
from mmrag.platform.models import Element

Matrix = npt.NDArray[np.float64]
Quad = npt.NDArray[np.float64]
"""Four (x, y) corners: top-left, top-right, bottom-right, bottom-left."""

_DETECT_SIDE = 640  # the page outline is found on a copy at most this many pixels wide or high
_MIN_AREA, _MAX_AREA = 0.20, 0.97  # share of the image the page may cover
_MIN_FILL = 0.85  # bright component area / quadrilateral area
_MAX_EDGE_CONTACT = 0.02  # share of the frame's edge pixels the page may touch
_MIN_CONTRAST = 25.0  # page minus surroundings, mean grey level
_RECT_TOLERANCE = 0.015  # corners closer than this (share of the side) to an upright rectangle
_MAX_UPSCALE = 1.5  # the flattened page is at most this much larger than it appears
_LOW_CONFIDENCE = 0.75  # character-weighted mean line confidence below which turns are tried
_FEW_CHARACTERS = 20  # a reading this short is also checked turned
_ON_END = 0.5  # share of lines taller than wide above which the page lies sideways
_BETTER = 1.25  # a turned reading replaces a weak first one when this much stronger
_SIDEWAYS_KEEP = 0.9  # ... and a sideways first one when at least this strong relative to it


@dataclass(frozen=True)
class Upright:
    """A page image prepared for OCR and the homography back to the source image's pixels."""

    image: Image
    to_source: Matrix

    @property
    def changed(self) -> bool:
        """True when the image differs from the source (warped or rotated)."""
        return not np.allclose(self.to_source, np.eye(3))

    def source_box(
        self, box: tuple[float, float, float, float]
    ) -> tuple[float, float, float, float]:
        """The source-pixel box that encloses ``box`` (pixels of :attr:`image`)."""
        if not self.changed:
            return box
        x0, y0, x1, y1 = box
        corners = np.array([[x0, y0, 1.0], [x1, y0, 1.0], [x1, y1, 1.0], [x0, y1, 1.0]])
        mapped = corners @ self.to_source.T
        xs, ys = mapped[:, 0] / mapped[:, 2], mapped[:, 1] / mapped[:, 2]
        return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))

    def source_element(
        self, element: Element, dpi: float, page_size_pts: tuple[float, float]
    ) -> Element:
        """``element`` with its bbox (points at ``dpi`` on :attr:`image`) moved to the source.

        The box is clipped to the source page, whose size (``page_size_pts``) it then carries.
        """
        bbox = element.provenance.bbox
        if bbox is None or not self.changed:
            return element
        scale = dpi / 72.0
        box = self.source_box((bbox[0] * scale, bbox[1] * scale, bbox[2] * scale, bbox[3] * scale))
        x0, y0, x1, y1 = px_to_pt(box, dpi)
        width, height = page_size_pts
        clipped = (max(0.0, x0), max(0.0, y0), min(width, x1), min(height, y1))
        provenance = element.provenance.model_copy(
            update={"bbox": clipped, "page_width": width, "page_height": height}
        )
        return element.model_copy(update={"provenance": provenance})


def order_corners(points: npt.ArrayLike) -> Quad:
    """Four points ordered top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(points, dtype=np.float64).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    ordered = pts[np.argsort(angles)]  # clockwise on screen, starting near the top-left
    start = int(np.argmin(ordered.sum(axis=1)))
    return np.roll(ordered, -start, axis=0)


def find_page(image: Image) -> Quad | None:
    """The corners (source pixels) of a photographed page, or None when there is none to undo."""
    import cv2

    grey = to_grey(image)
    height, width = grey.shape
    scale = min(1.0, _DETECT_SIDE / max(height, width))
    resized = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = np.asarray(cv2.GaussianBlur(resized, (5, 5), 0), dtype=np.uint8)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    side = max(3, int(0.02 * max(small.shape)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)  # fill the text on the page
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)  # drop glare specks on the table
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = np.asarray(max(contours, key=cv2.contourArea), dtype=np.int32)
    area = float(cv2.contourArea(contour))
    image_area = float(small.shape[0] * small.shape[1])
    if not _MIN_AREA <= area / image_area <= _MAX_AREA or _touches_edge(contour, small.shape):
        return None
    quad = _four_corners(contour)
    if quad is None:
        return None
    quad_area = float(cv2.contourArea(quad.astype(np.float32)))
    if quad_area <= 0 or area / quad_area < _MIN_FILL or quad_area / image_area > _MAX_AREA:
        return None
    if _is_upright_rectangle(quad) or not _brighter_inside(small, quad):
        return None
    return np.asarray(quad / scale, dtype=np.float64)


def _touches_edge(contour: npt.NDArray[np.int32], shape: tuple[int, ...]) -> bool:
    """True when the component runs along the frame's edge (it is not a page seen whole)."""
    import cv2

    component = np.zeros(shape[:2], np.uint8)
    cv2.drawContours(component, [contour], -1, 1, thickness=cv2.FILLED)
    edge = np.concatenate([component[0], component[-1], component[:, 0], component[:, -1]])
    return float(edge.mean()) > _MAX_EDGE_CONTACT


def _four_corners(contour: npt.NDArray[np.int32]) -> Quad | None:
    """The contour's convex hull simplified to four corners, or None when it is no quadrilateral."""
    import cv2

    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for tolerance in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, tolerance * perimeter, True)
        if len(approx) == 4:
            if not cv2.isContourConvex(approx):
                return None
            return order_corners(approx.reshape(4, 2))
        if len(approx) < 4:
            return None
    return None


def _is_upright_rectangle(quad: Quad) -> bool:
    """True when the corners sit on an axis-aligned rectangle (nothing to undo)."""
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    box = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    tolerance = _RECT_TOLERANCE * max(x1 - x0, y1 - y0)
    return bool(np.all(np.abs(quad - box) <= tolerance))


def _brighter_inside(grey: Image, quad: Quad) -> bool:
    """True when the quadrilateral is clearly brighter than the rest of the image."""
    import cv2

    inside = np.zeros(grey.shape, np.uint8)
    cv2.fillConvexPoly(inside, np.round(quad).astype(np.int32), 1)
    outside = inside == 0
    if not outside.any():
        return False
    return float(grey[inside == 1].mean()) - float(grey[outside].mean()) >= _MIN_CONTRAST


def unwarp(image: Image, quad: Quad) -> Upright:
    """The page inside ``quad`` warped to an upright rectangle of its apparent size."""
    import cv2

    tl, tr, br, bl = quad
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    longest = max(image.shape[:2])
    grow = min(_MAX_UPSCALE, longest / max(width, height)) if max(width, height) < longest else 1.0
    out_w, out_h = max(1, round(width * grow)), max(1, round(height * grow))
    target = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], dtype=np.float32)
    forward = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    flat = cv2.warpPerspective(
        image, forward, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return Upright(np.asarray(flat, dtype=np.uint8), np.linalg.inv(forward).astype(np.float64))


def rotation_matrix(width: int, height: int, angle: float) -> Matrix:
    """3x3 form of a counter-clockwise rotation by ``angle`` degrees about the image centre."""
    import cv2

    affine = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), angle, 1.0)
    return np.vstack([np.asarray(affine, dtype=np.float64), [0.0, 0.0, 1.0]])


def straighten(page: Upright, min_angle: float = 0.3, max_angle: float = 8.0) -> Upright:
    """Remove the text lines' remaining skew (same size, white fill), composing the mapping."""
    import cv2

    angle = estimate_skew(page.image, max_angle=max_angle)
    if abs(angle) <= min_angle or abs(angle) >= max_angle:
        return page
    height, width = page.image.shape[:2]
    forward = rotation_matrix(width, height, -angle)
    fill = (255, 255, 255) if page.image.ndim == 3 else 255
    rotated = cv2.warpAffine(
        page.image, forward[:2], (width, height), flags=cv2.INTER_LINEAR, borderValue=fill
    )
    return Upright(np.asarray(rotated, dtype=np.uint8), page.to_source @ np.linalg.inv(forward))


def quarter_turn(page: Upright, turns: int) -> Upright:
    """``page`` turned counter-clockwise by ``turns`` quarter turns (``np.rot90``'s sense)."""
    turns %= 4
    if turns == 0:
        return page
    height, width = page.image.shape[:2]
    # turned pixel (x, y) -> pixel of the page before turning
    back = {
        1: [[0.0, -1.0, width], [1.0, 0.0, 0.0]],
        2: [[-1.0, 0.0, width], [0.0, -1.0, height]],
        3: [[0.0, 1.0, 0.0], [-1.0, 0.0, height]],
    }[turns]
    matrix = np.array([*back, [0.0, 0.0, 1.0]])
    turned = np.ascontiguousarray(np.rot90(page.image, k=turns))
    return Upright(turned, page.to_source @ matrix)


def upright_page(image: Image, *, flatten: bool = True, deskew: bool = True) -> Upright:
    """``image`` ready for OCR: a photographed page flattened (``flatten``), then deskewed."""
    page = Upright(image, np.eye(3))
    if flatten:
        quad = find_page(image)
        if quad is not None:
            page = unwarp(image, quad)
    return straighten(page) if deskew else page


def reading_strength(lines: list[OcrLine]) -> float:
    """Confidence-weighted characters of a reading: what a better orientation maximises."""
    return sum(line.score * len(line.text) for line in lines)


def turns_to_try(lines: list[OcrLine]) -> tuple[int, ...]:
    """Quarter turns worth reading as well: sideways text -> 1 and 3, weak text -> 2, else none."""
    long_lines = [ln for ln in lines if len(ln.text) >= 3] or lines
    on_end = sum(1 for ln in long_lines if ln.box[3] - ln.box[1] > 1.5 * (ln.box[2] - ln.box[0]))
    if long_lines and on_end > _ON_END * len(long_lines):
        return (1, 3)
    characters = sum(len(ln.text) for ln in lines)
    if characters < _FEW_CHARACTERS or reading_strength(lines) < _LOW_CONFIDENCE * characters:
        return (2,)
    return ()


def read_upright(
    image: Image,
    engine: OcrEngine,
    *,
    flatten: bool = True,
    deskew: bool = True,
    turn: bool = True,
) -> tuple[Upright, list[OcrLine]]:
    """OCR ``image`` made upright: the prepared page and its lines (boxes on the prepared page)."""
    flat = upright_page(image, flatten=flatten, deskew=False)
    page = straighten(flat) if deskew else flat
    lines = engine.recognize(page.image)
    tries = turns_to_try(lines) if turn else ()
    if not tries:
        return page, lines
    # sideways lines can already read well (some engines turn tall crops themselves), but their
    # order and boxes are wrong: a turned reading nearly as strong wins there
    needed = (_SIDEWAYS_KEEP if len(tries) == 2 else _BETTER) * reading_strength(lines)
    for turns in tries:
        candidate = quarter_turn(flat, turns)
        if deskew:
            candidate = straighten(candidate)
        candidate_lines = engine.recognize(candidate.image)
        strength = reading_strength(candidate_lines)
        if strength > needed:
            page, lines, needed = candidate, candidate_lines, strength
        if _confident(candidate_lines):
            break
    return page, lines


def _confident(lines: list[OcrLine]) -> bool:
    """True for a reading with enough text read at high confidence (no other turn is tried)."""
    characters = sum(len(ln.text) for ln in lines)
    return characters >= _FEW_CHARACTERS and reading_strength(lines) >= 0.9 * characters
