"""Text blocks of a digital PDF page straight from PDFium's word geometry (no model).

Lines (from :func:`mmrag.ingestion.tables.group_lines`) are cut at column gutters into pieces;
a piece joins the block just above it when it sits within a line's leading, overlaps it
horizontally and has about the same font size, so paragraphs, headings and list items come out
as separate blocks. Each block keeps its box (PDF points, top-left origin) and a category in
unstructured's vocabulary (Title, ListItem, NarrativeText) that :func:`.text_layer._classify`
then corrects with text cues.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

from pydantic import BaseModel

from mmrag.ingestion.tables import Line, Word
from mmrag.platform.models import BBox

_BULLET = re.compile(r"^([•●○◦▪▫■□‣⁃∙·*–—-]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")
_GLYPH_BULLET = re.compile(r"^[•●○◦▪▫■□‣⁃∙·*–—-]\s")
_SENTENCE_END = re.compile(r"[.:;!?]\W*$")


class BlockOptions(BaseModel):
    """Thresholds of block building (lengths are multiples of the font size)."""

    gutter: float = 1.6  # a horizontal gap wider than this splits a line into columns
    leading: float = 0.75  # a vertical gap up to this joins a line to the block above
    size_change: float = 0.12  # relative font size change that starts a new block
    title_size: float = 1.15  # a short block this much larger than the body text is a title
    title_max_lines: int = 3


@dataclass
class Block:
    """Consecutive pieces of lines forming one paragraph, heading or list item."""

    pieces: list[list[Word]] = field(default_factory=list)
    size: float = 0.0

    @property
    def bbox(self) -> BBox:
        words = [w for piece in self.pieces for w in piece]
        return (
            min(w.x0 for w in words),
            min(w.y0 for w in words),
            max(w.x1 for w in words),
            max(w.y1 for w in words),
        )

    @property
    def text(self) -> str:
        out = ""
        for piece in self.pieces:
            line = " ".join(w.text for w in piece)
            if out.endswith("-") and line[:1].islower() and not out.endswith(" -"):
                out = out[:-1] + line  # a word hyphenated across lines
            else:
                out = f"{out} {line}" if out else line
        return out


def line_pieces(line: Line, options: BlockOptions) -> list[list[Word]]:
    """The words of ``line`` cut at gaps wider than a column gutter."""
    pieces: list[list[Word]] = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:], strict=False):
        if word.x0 - prev.x1 > options.gutter * max(prev.size, word.size, 1.0):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return pieces


def _starts_item(piece: list[Word], above: list[Word]) -> bool:
    """A bullet always starts an item; a number ("2)", "3.") only after a finished line."""
    text = " ".join(w.text for w in piece) + " "
    if _GLYPH_BULLET.match(text):
        return True
    return bool(_BULLET.match(text)) and bool(_SENTENCE_END.search(above[-1].text))


def page_blocks(lines: Sequence[Line], options: BlockOptions | None = None) -> list[Block]:
    """Blocks of a page's lines (top to bottom), in the order their first line appears."""
    opts = options or BlockOptions()
    blocks: list[Block] = []
    open_blocks: list[Block] = []
    for line in lines:
        if not line.words:
            continue
        for piece in line_pieces(line, opts):
            size = float(median(w.size for w in piece)) or 1.0
            x0, y0 = piece[0].x0, min(w.y0 for w in piece)
            x1 = max(w.x1 for w in piece)
            target = None
            for block in reversed(open_blocks):
                last = block.pieces[-1]
                bx0, by1 = min(w.x0 for w in last), max(w.y1 for w in last)
                bx1 = max(w.x1 for w in last)
                gap = y0 - by1
                if (
                    -0.5 * size <= gap <= opts.leading * size
                    and min(x1, bx1) > max(x0, bx0)
                    and abs(size - block.size) <= opts.size_change * max(size, block.size)
                    and not _starts_item(piece, last)
                ):
                    target = block
                    break
            if target is None:
                target = Block(size=size)
                blocks.append(target)
                open_blocks.append(target)
                open_blocks = open_blocks[-8:]  # only recent blocks can continue
            target.pieces.append(piece)
    return blocks


def block_category(block: Block, body_size: float, options: BlockOptions | None = None) -> str:
    """Title, ListItem or NarrativeText, from font size, line count and a leading bullet."""
    opts = options or BlockOptions()
    text = block.text
    if _BULLET.match(text + " "):
        return "ListItem"
    letters = sum(ch.isalpha() for ch in text)
    if (
        letters >= 3
        and len(block.pieces) <= opts.title_max_lines
        and block.size >= opts.title_size * body_size
    ):
        return "Title"
    return "NarrativeText"


def body_size(lines: Sequence[Line]) -> float:
    """The font size most characters of the page have (median over characters)."""
    sizes = [w.size for line in lines for w in line.words for _ in range(len(w.text))]
    return float(median(sizes)) if sizes else 0.0
