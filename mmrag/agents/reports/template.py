"""Report templates: the typed fields a report asks of every document, read and checked.

A template is YAML (or JSON) read with the platform's safe loader (aliases, deep nesting and
huge files are refused) and validated by pydantic; errors name the field they are about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mmrag.platform.errors import InputError
from mmrag.platform.safe_yaml import YamlRefused, load_yaml


class FieldType(StrEnum):
    """What kind of value a field holds."""

    NUMBER = "number"
    DATE = "date"
    TEXT = "text"
    LIST = "list"
    TABLE = "table"


class FieldValidation(BaseModel):
    """Checks a parsed value must pass; candidates that fail are skipped, none left: invalid."""

    model_config = ConfigDict(extra="forbid")

    min: float | None = None  # number
    max: float | None = None
    integer: bool = False  # number must be whole
    earliest: str | None = None  # date, ISO prefix ("2020", "2020-01-31")
    latest: str | None = None
    pattern: str | None = None  # text: the value is the match (group 1 if any); list: per item
    choices: list[str] | None = None  # text: the value is the choice found; list: per item
    min_items: int | None = Field(default=None, ge=0)  # list
    max_items: int | None = Field(default=None, ge=1)
    max_length: int | None = Field(default=None, ge=1)  # text
    day_first: bool = True  # date: 03/04/2024 is 3 April

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from exc
        return value


class ReportField(BaseModel):
    """One column of the report."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)
    question: str = Field(min_length=3)
    type: FieldType = FieldType.TEXT
    units: list[str] = Field(default_factory=list)  # accepted unit spellings (any of them)
    description: str = ""
    validation: FieldValidation = Field(default_factory=FieldValidation)

    @field_validator("units", mode="before")
    @classmethod
    def _one_unit(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class DocumentSelector(BaseModel):
    """Which documents a template runs over by default (all of the tenant's when empty)."""

    model_config = ConfigDict(extra="forbid")

    source_ids: list[str] | None = None
    folder: str | None = None  # uri prefix: files ingested from this folder (recursively)
    pattern: str | None = None  # filename glob, e.g. "*.pdf"


class ReportTemplate(BaseModel):
    """A report: its fields, the documents it covers and retrieval depth."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", max_length=100)
    title: str = ""
    description: str = ""
    tenant: str | None = None
    k: int = Field(default=5, ge=1, le=50)
    documents: DocumentSelector = Field(default_factory=DocumentSelector)
    fields: list[ReportField] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> ReportTemplate:
        seen: set[str] = set()
        for item in self.fields:
            if item.name in seen:
                raise ValueError(f"duplicate field name {item.name!r}")
            seen.add(item.name)
        return self


MAX_TEMPLATE_BYTES = 1024 * 1024


class TemplateError(InputError):
    """A report template that cannot be used; the message says where and why."""

    code = "invalid_report_template"


def load_template(path: Path) -> ReportTemplate:
    """Read and validate a YAML (or JSON) template file (aliases, deep nesting, huge files refused)."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"report template {path}: cannot read: {exc.strerror}") from exc
    try:
        data = load_yaml(text, max_bytes=MAX_TEMPLATE_BYTES)
    except YamlRefused as exc:
        raise TemplateError(f"report template {path}: {exc.message}") from None
    return parse_template(data, source=str(path))


def parse_template(data: object, source: str = "template") -> ReportTemplate:
    """Validate a parsed template; errors name the field (``fields[2] 'leakage'.type``)."""
    if not isinstance(data, Mapping):
        raise TemplateError(
            f"report template {source}: expected a mapping with 'name' and 'fields'"
        )
    try:
        return ReportTemplate.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_input=False)
        problems = [f"{_loc(err['loc'], data)[:100]}: {err['msg'][:200]}" for err in errors[:10]]
        more = f"; and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise TemplateError(f"report template {source}: " + "; ".join(problems) + more) from None


def _loc(loc: Sequence[int | str], data: Mapping[str, Any]) -> str:
    parts: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            parts[-1] += f"[{part}]"
            if i >= 1 and loc[i - 1] == "fields":
                fields = data.get("fields")
                if isinstance(fields, list) and part < len(fields):
                    name = fields[part].get("name") if isinstance(fields[part], dict) else None
                    if name:
                        parts[-1] += f" {name!r}"
        else:
            parts.append(str(part))
    return ".".join(parts) or "template"
