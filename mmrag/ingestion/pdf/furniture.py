"""Page furniture: running heads, running feet and page numbers in the margins of the pages.

They are not content, and they do harm: a running head glues onto the sentence that a page
break cut ("zoo: An S3 Class and Methods ... elasticity for journals older than about 18
years"), so the sentence is neither found nor quoted cleanly. A text line in the top or
bottom margin whose text, with its numbers masked, recurs in the margins of several pages
(``Annual Report 2023 - page 4 of 5``), or that is only a page number, is dropped before
chunking.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, Field

from mmrag.platform.models import Element, ElementKind

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?#(?:\s*(?:/|of)\s*#)?$")


class FurnitureOptions(BaseModel):
    """Where the margins are and how often a line must recur there to be furniture."""

    margin: float = Field(default=0.12, gt=0.0, lt=0.5)  # share of the page height, top and bottom
    min_pages: int = Field(default=3, ge=2)  # pages a running head or foot recurs on
    min_share: float = Field(default=0.3, gt=0.0, le=1.0)  # ... and this share of the pages


def drop_furniture(
    elements: Sequence[Element], options: FurnitureOptions | None = None
) -> list[Element]:
    """``elements`` without the running heads, running feet and page numbers of their pages."""
    opts = options or FurnitureOptions()
    keys = {id(e): _key(e.text) for e in elements if _in_margin(e, opts.margin)}  # margin lines
    pages_of: dict[str, set[int]] = defaultdict(set)
    for element in elements:
        if id(element) in keys:
            pages_of[keys[id(element)]].add(element.provenance.page or 0)
    all_pages = {e.provenance.page for e in elements if e.provenance.page is not None}
    needed = max(opts.min_pages, opts.min_share * len(all_pages))
    recurring = {key for key, pages in pages_of.items() if len(pages) >= needed}

    def furniture(element: Element) -> bool:
        key = keys.get(id(element))
        return key is not None and (key in recurring or bool(_PAGE_NUMBER.match(key)))

    return [e for e in elements if not furniture(e)]


def _in_margin(element: Element, margin: float) -> bool:
    """A one-line text element lying wholly in the top or bottom margin of its page."""
    if element.kind not in (ElementKind.TEXT, ElementKind.TITLE) or "\n" in element.text.strip():
        return False
    return bool(element.text.strip()) and element.provenance.in_margin(margin)


def _key(text: str) -> str:
    """The line with its spacing folded and its numbers masked ("page 4 of 5" -> "page # of #")."""
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())
