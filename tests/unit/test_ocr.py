"""Unit tests of rendering, skew, image guards, coordinate conversion and OCR grouping."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mmrag.ingestion.ocr.base import OcrLine
from mmrag.ingestion.ocr.engine import (
    OcrOptions,
    get_ocr_engine,
    group_blocks,
    join_row_values,
    ocr_page_elements,
    ocr_pdf_pages,
    parse_tesseract_tsv,
    rapidocr_model_paths,
    sort_reading_order,
)
from mmrag.ingestion.ocr.models import in_charset, rec_model_for_charset
from mmrag.ingestion.ocr.render import estimate_skew, load_image, px_to_pt
from mmrag.ingestion.ocr.upright import Upright, straighten
from mmrag.ingestion.pdf.layout import caption_from_text
from mmrag.platform.errors import CorruptFile, LimitExceeded, ModelUnavailable
from mmrag.platform.models import ElementKind, MediaKind, Modality, SourceFile

pytestmark = pytest.mark.unit

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
TEXT = [
    "Quarterly inspection of the north spillway",
    "Seepage at the left abutment was 3.8 litres",
    "per second, measured with a calibrated weir.",
    "The crack on the training wall is 40 cm long.",
]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.is_file() else ImageFont.load_default()


def _text_page(angle: float = 0.0) -> np.ndarray:
    img = Image.new("RGB", (1200, 700), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(TEXT):
        draw.text((80, 120 + i * 60), line, fill="black", font=_font(34))
    if angle:
        img = img.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor="white")
    return np.asarray(img, dtype=np.uint8).copy()


def _source(path: Path) -> SourceFile:
    return SourceFile(
        source_id="s1",
        uri=str(path),
        filename=path.name,
        path=str(path),
        content_hash="abc",
        media_kind=MediaKind.IMAGE,
    )


@pytest.mark.parametrize("angle", [-3.0, -1.2, 1.5, 4.0])
def test_estimate_skew_recovers_rotation(angle: float) -> None:
    assert estimate_skew(_text_page(angle)) == pytest.approx(angle, abs=0.25)


def test_straighten_removes_skew_and_leaves_straight_pages_alone() -> None:
    fixed = straighten(Upright(_text_page(2.5), np.eye(3)))
    assert fixed.changed and abs(estimate_skew(fixed.image)) <= 0.3
    straight = Upright(_text_page(0.0), np.eye(3))
    assert straighten(straight) is straight


def test_load_image_rejects_decompression_bomb(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    Image.new("L", (4000, 3000), 255).save(path)
    with pytest.raises(LimitExceeded):
        load_image(path, max_pixels=1_000_000)
    assert load_image(path, max_pixels=20_000_000).shape == (3000, 4000, 3)


def test_load_image_corrupt_and_truncated(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 definitely not a jpeg")
    with pytest.raises(CorruptFile):
        load_image(junk)
    good = tmp_path / "ok.png"
    Image.fromarray(_text_page()).save(good)
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(CorruptFile):
        load_image(truncated)


def test_load_image_applies_exif_orientation(tmp_path: Path) -> None:
    img = Image.new("RGB", (300, 100), "white")
    exif = img.getexif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise on display
    path = tmp_path / "rot.jpg"
    img.save(path, exif=exif)
    assert load_image(path).shape[:2] == (300, 100)


def test_px_to_pt() -> None:
    assert px_to_pt((150, 300, 450, 600), 150) == pytest.approx((72, 144, 216, 288))
    assert px_to_pt((10, 20, 30, 40), 72) == (10, 20, 30, 40)


def test_tesseract_tsv_grouping() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t10\t20\t30\t10\t90\tHello",
        "5\t1\t1\t1\t1\t2\t45\t21\t40\t10\t70\tworld",
        "4\t1\t1\t1\t2\t0\t10\t40\t60\t10\t-1\t",
        "5\t1\t1\t1\t2\t1\t10\t40\t60\t10\t80\tAgain",
    ]
    lines = parse_tesseract_tsv("\n".join([header, *rows]))
    assert [ln.text for ln in lines] == ["Hello world", "Again"]
    assert lines[0].box == (10, 20, 85, 31)
    assert lines[0].score == pytest.approx(0.8)


def test_grouping_and_reading_order() -> None:
    lines = [
        OcrLine("second line", (10, 32, 200, 50), 0.9),
        OcrLine("first line", (10, 10, 210, 28), 0.8),
        OcrLine("right column", (400, 11, 600, 29), 0.9),
        OcrLine("far below", (10, 300, 200, 318), 0.7),
    ]
    assert [ln.text for ln in sort_reading_order(lines)][:2] == ["first line", "right column"]
    blocks = group_blocks(lines)
    texts = [[ln.text for ln in b] for b in blocks]
    assert ["first line", "second line"] in texts
    assert ["right column"] in texts and ["far below"] in texts


def test_a_value_at_the_right_of_a_line_joins_it_not_a_column_of_values() -> None:
    receipt = [
        OcrLine("Dry bag 20L", (10, 10, 120, 28), 0.9),
        OcrLine("18.00", (300, 11, 350, 29), 0.9),
        OcrLine("TOTAL GBP", (10, 40, 110, 58), 0.9),
        OcrLine("£131.40", (290, 41, 350, 59), 0.8),
        OcrLine("12%", (400, 41, 430, 59), 0.9),  # a second value in the row joins after it
        OcrLine("Thank you for shopping", (10, 70, 260, 88), 0.9),
        OcrLine("2025", (300, 120, 340, 138), 0.9),  # nothing on its left: stays alone
    ]
    joined = join_row_values(receipt)
    assert [ln.text for ln in joined] == [
        "Dry bag 20L 18.00",
        "TOTAL GBP £131.40 12%",
        "Thank you for shopping",
        "2025",
    ]
    assert joined[1].box == (10, 40, 430, 59) and joined[1].score == 0.8
    blocks = [[ln.text for ln in b] for b in group_blocks(joined)]
    assert blocks[0] == ["Dry bag 20L 18.00", "TOTAL GBP £131.40 12%", "Thank you for shopping"]


def test_caption_from_text() -> None:
    text = "some words above\nFigure 3. Leakage by supply zone.\nmore"
    assert caption_from_text(text).startswith("Figure 3. Leakage by supply zone.")
    assert caption_from_text("no caption here") == ""


@pytest.mark.parametrize("engine", ["tesseract", "rapidocr"])
def test_ocr_page_elements_reads_generated_text(engine: str, tmp_path: Path) -> None:
    image = _text_page()
    ocr = get_ocr_engine(OcrOptions(engine=engine))
    assert get_ocr_engine(OcrOptions(engine=engine)) is ocr  # cached per process
    elements = ocr_page_elements(_source(tmp_path / "x.png"), 1, image, 150, ocr, (576, 336))
    text = " ".join(e.text for e in elements)
    assert "3.8" in text and "40 cm" in text and "spillway" in text
    assert all(e.kind is ElementKind.OCR_TEXT and e.modality is Modality.SCAN for e in elements)
    assert all(e.method == engine and 0 < (e.confidence or 0) <= 1 for e in elements)
    x0, y0, x1, y1 = elements[0].provenance.bbox or (0, 0, 0, 0)
    # text starts at x=80 px, y=120 px at 150 dpi -> ~38 pt, ~58 pt
    assert 30 < x0 < 45 and 50 < y0 < 64 and x1 <= 576 and y1 <= 336


def test_rapidocr_model_sets_resolve_inside_packages() -> None:
    det, rec = rapidocr_model_paths("ppocrv6-small")
    assert det.is_file() and rec.is_file() and "rapidocr" in det.parts
    if importlib.util.find_spec("rapidocr_onnxruntime") is None:
        with pytest.raises(ModelUnavailable, match="rapidocr-onnxruntime"):
            rapidocr_model_paths("ppocrv4-mobile")
    else:
        assert all(p.is_file() for p in rapidocr_model_paths("ppocrv6det-v4rec"))


def test_squeezed_rapidocr_maps_boxes_back(tmp_path: Path) -> None:
    """x_scale < 1 recognises a horizontally squeezed image; boxes are in input pixels."""
    image = _text_page()
    squeezed = get_ocr_engine(OcrOptions(engine="rapidocr", x_scale=0.6))
    plain = get_ocr_engine(OcrOptions(engine="rapidocr", x_scale=1.0))
    a, b = squeezed.recognize(image), plain.recognize(image)
    assert [ln.text for ln in a] == [ln.text for ln in b] == TEXT
    for la, lb in zip(a, b, strict=True):
        assert la.box == pytest.approx(lb.box, abs=12)


def test_ocr_pdf_pages_in_worker_processes(tmp_path: Path) -> None:
    """Two pages over two worker processes give the same elements as the serial path."""
    pdf = tmp_path / "two.pdf"
    pages = [Image.fromarray(_text_page()), Image.fromarray(_text_page(1.5))]
    pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=150.0)
    source = _source(pdf)
    serial = ocr_pdf_pages(source, [1, 2], OcrOptions(engine="rapidocr", workers=1))
    parallel = ocr_pdf_pages(source, [1, 2], OcrOptions(engine="rapidocr", workers=2))
    assert not serial.warnings and not parallel.warnings
    assert [(e.provenance.page, e.text) for e in parallel.elements] == [
        (e.provenance.page, e.text) for e in serial.elements
    ]
    assert {e.provenance.page for e in parallel.elements} == {1, 2}
    assert "40 cm" in " ".join(e.text for e in parallel.elements if e.provenance.page == 2)


def test_latin_charset_keeps_western_letters_and_symbols() -> None:
    assert all(in_charset(c, "latin") for c in "aZ09éß€°±µΩж—“”→≤")
    assert not any(in_charset(c, "latin") for c in "中あ한🙂")
    assert in_charset("中", "full")


def test_pruned_recogniser_is_cached_and_reads_the_same(tmp_path: Path) -> None:
    """charset='latin' prunes the head once into the cache dir; the text is unchanged."""
    import onnxruntime as ort

    _, full_path = rapidocr_model_paths("ppocrv6-small")
    pruned = rec_model_for_charset(full_path, "latin", tmp_path)
    assert pruned.parent == tmp_path and pruned.is_file()
    mtime = pruned.stat().st_mtime_ns
    assert rec_model_for_charset(full_path, "latin", tmp_path) == pruned
    assert pruned.stat().st_mtime_ns == mtime  # reused, not rebuilt
    assert rec_model_for_charset(full_path, "full", tmp_path) == full_path

    session = ort.InferenceSession(str(pruned), providers=["CPUExecutionProvider"])
    chars = session.get_modelmeta().custom_metadata_map["character"].splitlines()
    assert 1000 < len(chars) < 3000 and all(in_charset(c, "latin") for c in chars)
    out = session.run(None, {"x": np.zeros((1, 3, 48, 160), np.float32)})[0]
    assert out.shape[-1] == len(chars) + 2  # CTC blank + dictionary + space

    image = _text_page()
    latin = get_ocr_engine(OcrOptions(engine="rapidocr", model_cache_dir=tmp_path))
    full = get_ocr_engine(OcrOptions(engine="rapidocr", charset="full"))
    assert [ln.text for ln in latin.recognize(image)] == TEXT
    assert [ln.text for ln in full.recognize(image)] == TEXT
