"""Synthetic search hits (made-up text with provenance) and a scripted chat model for the
answering tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from mmrag.platform.models import (
    Chunk,
    ElementKind,
    Modality,
    Provenance,
    SearchHit,
    stable_id,
)


def chunk(
    text: str,
    kind: ElementKind = ElementKind.TEXT,
    modality: Modality = Modality.TEXT,
    name: str = "notes.pdf",
    uri: str | None = None,
    **prov: Any,
) -> Chunk:
    """A chunk of ``text`` in file ``name`` (at ``uri``, default the name; ``page=``,
    ``t_start=``... as given)."""
    provenance = Provenance(source_id=stable_id(name), uri=uri or name, filename=name, **prov)
    return Chunk(
        id=stable_id(name, text),
        text=text,
        modality=modality,
        kind=kind,
        provenance=provenance,
        content_hash="e" * 64,
    )


def hit(
    text: str,
    kind: ElementKind = ElementKind.TEXT,
    modality: Modality = Modality.TEXT,
    name: str = "notes.pdf",
    **prov: Any,
) -> SearchHit:
    """A hit on :func:`chunk`'s chunk."""
    return SearchHit(chunk=chunk(text, kind, modality, name, **prov), score=1.0)


class ScriptedModel:
    """A chat model standing in for one: it records each prompt (the last message) and
    replies with ``reply``, a fixed text or a function of the prompt."""

    model = "scripted"

    def __init__(self, reply: str | Callable[[str], str]) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    @property
    def calls(self) -> int:
        """How many times it was asked."""
        return len(self.prompts)

    def stream_chat(
        self,
        messages: Sequence[dict[str, Any]],
        images: Sequence[Any] | None = None,
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> Iterator[str]:
        """The scripted reply, in one piece."""
        prompt = str(messages[-1]["content"])
        self.prompts.append(prompt)
        yield self.reply(prompt) if callable(self.reply) else self.reply
