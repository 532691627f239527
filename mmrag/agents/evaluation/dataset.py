"""Load and validate an evaluation set: ``qa.jsonl`` items and unanswerable questions."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from mmrag.platform.errors import InputError


class EvalItem(BaseModel):
    """One answerable question with where its answer lives.

    ``file`` is relative to the evaluation root; ``page`` is 1-based (documents), ``t_start`` /
    ``t_end`` are seconds (audio/video). ``path`` is the absolute file path, set by the loader.
    """

    id: str = Field(min_length=1)
    file: str = Field(min_length=1)
    modality: str = Field(min_length=1)
    question: str = Field(min_length=1)
    answer_contains: list[str] = Field(min_length=1)
    page: int | None = Field(default=None, ge=1)
    t_start: float | None = Field(default=None, ge=0)
    t_end: float | None = Field(default=None, ge=0)
    path: str = ""

    @field_validator("answer_contains")
    @classmethod
    def _non_empty_answers(cls, value: list[str]) -> list[str]:
        cleaned = [v for v in value if v.strip()]
        if len(cleaned) != len(value):
            raise ValueError("answer_contains holds an empty string")
        return value

    @model_validator(mode="after")
    def _span(self) -> EvalItem:
        if (self.t_start is None) != (self.t_end is None):
            raise ValueError("t_start and t_end must be both set or both null")
        if self.t_start is not None and self.t_end is not None and self.t_end < self.t_start:
            raise ValueError("t_end is before t_start")
        return self


def load_items(qa_path: Path, root: Path, check_files: bool = True) -> list[EvalItem]:
    """Parse ``qa_path`` (one JSON object a line), resolve files against ``root``.

    Raises :class:`InputError` naming the line for malformed JSON, invalid fields, duplicate
    ids or (with ``check_files``) a referenced file that does not exist.
    """
    if not qa_path.is_file():
        raise InputError(f"evaluation file not found: {qa_path}")
    items: list[EvalItem] = []
    seen: set[str] = set()
    missing: list[str] = []
    for lineno, line in enumerate(qa_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = EvalItem.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"{qa_path}:{lineno}: not valid JSON ({exc.msg})") from exc
        except ValidationError as exc:
            detail = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'item'}: {err['msg']}"
                for err in exc.errors()
            )
            raise InputError(f"{qa_path}:{lineno}: invalid item ({detail})") from exc
        if item.id in seen:
            raise InputError(f"{qa_path}:{lineno}: duplicate id {item.id!r}")
        seen.add(item.id)
        path = Path(item.file) if Path(item.file).is_absolute() else root / item.file
        item.path = os.path.abspath(path)
        if check_files and not Path(item.path).is_file():
            missing.append(item.file)
        items.append(item)
    if missing:
        raise InputError(
            f"files named in {qa_path} do not exist under {root}: {sorted(set(missing))}"
        )
    if not items:
        raise InputError(f"{qa_path} holds no items")
    return items


def load_unanswerable(path: Path) -> list[str]:
    """Questions the corpus does not answer: one a line, blank lines and ``#`` comments skipped."""
    if not path.is_file():
        raise InputError(f"unanswerable-questions file not found: {path}")
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]
