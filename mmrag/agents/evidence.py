"""Numbered evidence for the LLM prompt, and the citation check of its reply."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from mmrag.agents.answering.units import split_sentences
from mmrag.platform.errors import NotFound
from mmrag.platform.models import Citation, Modality, SearchHit
from mmrag.platform.storage import BlobStore

log = logging.getLogger(__name__)

NOT_FOUND = "NOT_FOUND"
SYSTEM_PROMPT = (
    "You answer questions about a user's documents, recordings and videos using ONLY the "
    "numbered evidence below (text, table rows, transcripts, and attached images of charts, "
    "figures and video frames). Rules: answer in one to three short sentences; end every "
    "sentence with the number of the evidence that supports it, like [2] or [1][3]; quote "
    "numbers and names exactly as the evidence gives them; never use outside knowledge. If the "
    f"evidence does not answer the question, reply with exactly {NOT_FOUND}."
)
_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_IMAGE_MODALITIES = {Modality.CHART, Modality.IMAGE, Modality.VIDEO, Modality.SCAN}


@dataclass
class Evidence:
    """One numbered item of the prompt: a hit, its label and its image, if any."""

    n: int
    hit: SearchHit
    label: str
    image: bytes | None = None


def gather_evidence(
    hits: Sequence[SearchHit], blobs: BlobStore | None, limit: int, max_images: int
) -> list[Evidence]:
    """Number the top ``limit`` hits; attach region/frame images from ``blobs`` (up to a cap)."""
    items: list[Evidence] = []
    images = 0
    for n, hit in enumerate(hits[:limit], start=1):
        chunk = hit.chunk
        cite = Citation.from_chunk(chunk, hit.score)
        label = f"{cite.label()} ({chunk.modality.value}, {chunk.kind.value})"
        image = None
        key = chunk.provenance.frame
        if (
            key
            and blobs is not None
            and images < max_images
            and chunk.modality in _IMAGE_MODALITIES
        ):
            try:
                image = blobs.open_path(key).read_bytes()
                images += 1
            except (NotFound, OSError):
                log.warning("evidence image missing", extra={"key": key})
        items.append(Evidence(n, hit, label, image))
    return items


def build_messages(
    question: str,
    evidence: Sequence[Evidence],
    history: Sequence[dict[str, str]] = (),
    max_chars: int = 1200,
) -> tuple[list[dict[str, object]], list[bytes]]:
    """Chat messages (system, earlier turns, evidence + question) and the images to attach."""
    blocks = []
    images: list[bytes] = []
    for item in evidence:
        chunk = item.hit.chunk
        text = chunk.text if len(chunk.text) <= max_chars else chunk.text[:max_chars] + "…"
        heading = f"Section: {chunk.heading}\n" if chunk.heading else ""
        note = ""
        if item.image is not None:
            images.append(item.image)
            note = f"(image {len(images)} attached shows this {chunk.kind.value})\n"
        blocks.append(f"[{item.n}] {item.label}\n{heading}{note}{text}")
    messages: list[dict[str, object]] = [{"role": "system", "content": SYSTEM_PROMPT}]
    for turn in history:
        messages.append({"role": "user", "content": turn["question"]})
        messages.append({"role": "assistant", "content": turn["answer"]})
    prompt = "Evidence:\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"
    messages.append({"role": "user", "content": prompt})
    return messages, images


def check_citations(reply: str, evidence: Sequence[Evidence]) -> tuple[str, list[Citation]]:
    """Keep only sentences that cite valid evidence ids; return the text and its citations.

    Markers are kept in the text; citations follow the order of first use. An empty text means
    nothing in the reply was supported (or the model said ``NOT_FOUND``).
    """
    by_n = {item.n: item for item in evidence}
    if not reply.strip() or NOT_FOUND in reply:
        return "", []
    kept: list[str] = []
    used: list[int] = []
    for sentence in _sentences(reply):
        ids = [int(x) for m in _MARKER.finditer(sentence) for x in m.group(1).split(",")]
        valid = [i for i in ids if i in by_n]
        if not valid:
            log.info("dropping unsupported sentence", extra={"sentence": sentence[:120]})
            continue
        clean = _MARKER.sub(lambda m: _keep_valid(m, by_n), sentence).strip()
        kept.append(re.sub(r"\s+([.,;!?])", r"\1", clean))
        used.extend(i for i in valid if i not in used)
    citations = []
    for i in used:
        hit = by_n[i].hit
        cite = Citation.from_chunk(hit.chunk, hit.score)
        citations.append(cite)
    return " ".join(kept), citations


def _keep_valid(match: re.Match[str], by_n: dict[int, Evidence]) -> str:
    ids = [x.strip() for x in match.group(1).split(",") if int(x) in by_n]
    return "".join(f"[{i}]" for i in ids)


def _sentences(reply: str) -> list[str]:
    """Sentences of the reply, with trailing markers (``text. [2]``) attached to their sentence."""
    text = re.sub(r"\s+", " ", reply.strip())
    text = re.sub(r"([.!?])\s*((?:\[\d+(?:\s*,\s*\d+)*\]\s*)+)", r" \2\1 ", text)
    return [s.strip() for s in split_sentences(text) if s.strip()]
