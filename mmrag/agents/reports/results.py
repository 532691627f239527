"""Report results: a status and cited value per document and field, and the finished report."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from mmrag.agents.reports.template import ReportField
from mmrag.platform.models import Citation


class FieldStatus(StrEnum):
    """Outcome of one field for one document."""

    FOUND = "found"
    MISSING = "missing"
    INVALID = "invalid"


class FieldResult(BaseModel):
    """One cell: the value (found only), its evidence and status."""

    field: str
    status: FieldStatus
    value: Any = None
    text: str = ""  # what the value was read from (found/invalid)
    unit: str | None = None
    quote: str = ""  # the evidence passage (sentence or table row)
    reason: str = ""  # why missing/invalid
    citation: Citation | None = None
    answer: str = ""  # the QA answer the value was checked against

    def display(self) -> str:
        """Value as a person reads it ('' unless found)."""
        if self.status is not FieldStatus.FOUND:
            return ""
        if isinstance(self.value, list):
            if self.value and isinstance(self.value[0], list):
                return "\n".join(" | ".join(row) for row in self.value)
            return "; ".join(str(v) for v in self.value)
        if isinstance(self.value, float):
            return f"{self.value:g}"
        return str(self.value)


class ReportRow(BaseModel):
    """One document's results."""

    source_id: str
    filename: str
    uri: str
    fields: dict[str, FieldResult]


class ReportResult(BaseModel):
    """A finished report: its rows and the files written."""

    template: str
    title: str
    rows: list[ReportRow]
    fields: list[ReportField]
    files: dict[str, Path] = Field(default_factory=dict)
    started_at: float
    finished_at: float

    def counts(self) -> dict[str, dict[str, int]]:
        """Per field: how many documents found / missing / invalid."""
        out: dict[str, dict[str, int]] = {}
        for item in self.fields:
            out[item.name] = {s.value: 0 for s in FieldStatus}
            for row in self.rows:
                out[item.name][row.fields[item.name].status.value] += 1
        return out

    def summary(self) -> dict[str, Any]:
        """JSON-safe summary (what the Celery task returns)."""
        return {
            "template": self.template,
            "documents": len(self.rows),
            "seconds": round(self.finished_at - self.started_at, 2),
            "counts": self.counts(),
            "files": {k: str(v) for k, v in self.files.items()},
        }
