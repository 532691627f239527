"""Conversation checkpoints rebuild the QA state's own types, and only those."""

from __future__ import annotations

import logging

import pytest
from pydantic import BaseModel

from mmrag.agents.service import checkpoint_serde
from mmrag.platform.models import Answer, Citation, Modality, SearchFilters
from tests import evidence

pytestmark = pytest.mark.unit


class Foreign(BaseModel):
    """A class a tampered checkpoint might name."""

    value: int = 1


def test_state_types_round_trip_without_warnings(caplog: pytest.LogCaptureFixture) -> None:
    serde = checkpoint_serde()
    hit = evidence.hit("The mill opened in 1884.", name="a.pdf", page=2)
    answer = Answer(
        answer="It opened in 1884 [1].",
        found=True,
        citations=[Citation.from_chunk(hit.chunk, 0.5)],
        mode="extractive",
    )
    state = {
        "hits": [hit],
        "answer": answer,
        "filters": SearchFilters(modalities=[Modality.TEXT]),
    }
    with caplog.at_level(logging.WARNING):
        back = serde.loads_typed(serde.dumps_typed(state))
    assert back["hits"][0] == hit
    assert back["answer"] == answer
    assert back["filters"].modalities == [Modality.TEXT]
    assert not [r for r in caplog.records if "unregistered" in r.getMessage().lower()]


def test_an_unlisted_class_is_not_rebuilt() -> None:
    serde = checkpoint_serde()
    back = serde.loads_typed(serde.dumps_typed({"x": Foreign(value=7)}))
    assert not isinstance(back["x"], Foreign)
