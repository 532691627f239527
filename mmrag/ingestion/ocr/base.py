"""The OCR interface shared by scans, images, chart crops and video frames."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]
"""An RGB (H, W, 3) or greyscale (H, W) image as a uint8 array."""


@dataclass(frozen=True)
class OcrLine:
    """One recognised line: its text, pixel box (x0, y0, x1, y1) and confidence in [0, 1]."""

    text: str
    box: tuple[float, float, float, float]
    score: float


class OcrEngine(Protocol):
    """Recognises text lines in an image."""

    name: str

    def recognize(self, image: Image) -> list[OcrLine]:
        """Lines in reading order (top to bottom, left to right)."""
