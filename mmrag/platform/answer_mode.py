"""The answer mode in effect: one resolver for the answering service, ``GET /v1/settings`` and
``mmrag status``, so that what the server reports is what answers use.

``MMRAG_ANSWER_MODE``:

- ``extractive``: no model; sentences, rows and readings are picked from the evidence.
- ``remote``: an OpenAI-compatible server (vLLM) at ``MMRAG_LLM_URL``.
- ``local``: a GGUF model run in-process (``MMRAG_LOCAL_MODEL``, else the default catalogue
  model in ``MMRAG_MODELS_DIR``).
- ``auto`` (the default): remote when ``MMRAG_LLM_URL`` is set, else local when the model file
  is there, else extractive, with the reason.

Only settings and the file system are read: nothing is loaded and no endpoint is called.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mmrag.platform.model_store import DEFAULT_MODEL, ModelState, model_path, model_state
from mmrag.platform.settings import Settings

AnswerModeName = Literal["extractive", "local", "remote"]
"""How answers are written."""


@dataclass(frozen=True)
class AnswerMode:
    """The resolved answer mode."""

    configured: str  # MMRAG_ANSWER_MODE as set
    mode: AnswerModeName
    reason: str  # why this mode (the fallback's cause when auto ends at extractive)
    model: str = ""  # the served model (remote), the GGUF's file name (local); "" extractive
    local_path: Path | None = None  # the GGUF local mode loads (None for remote, extractive)
    problem: str = ""  # why the chosen mode cannot answer (an explicit mode with nothing to use)

    @property
    def ready(self) -> bool:
        """Whether answers can be written in this mode."""
        return not self.problem


def local_model_path(settings: Settings) -> Path:
    """The GGUF local mode loads: ``MMRAG_LOCAL_MODEL``, else the default catalogue model."""
    return settings.local_model or model_path(settings.models_dir, DEFAULT_MODEL)


def resolve_answer_mode(settings: Settings) -> AnswerMode:
    """The mode ``settings`` give, from what is configured and which model file is there."""
    configured = settings.answer_mode
    if configured == "extractive":
        return AnswerMode(configured, "extractive", "MMRAG_ANSWER_MODE=extractive")
    if configured == "remote" or (configured == "auto" and settings.llm_url):
        reason = "MMRAG_ANSWER_MODE=remote" if configured == "remote" else "MMRAG_LLM_URL is set"
        problem = "" if settings.llm_url else "MMRAG_ANSWER_MODE=remote needs MMRAG_LLM_URL"
        return AnswerMode(configured, "remote", reason, settings.llm_model, problem=problem)
    path = local_model_path(settings)
    state = model_state(path)
    if configured == "local":
        problem = "" if state == "present" else _unusable(path, state)
        return AnswerMode(configured, "local", "MMRAG_ANSWER_MODE=local", path.name, path, problem)
    if state == "present":
        return AnswerMode(configured, "local", f"local model {path.name}", path.name, path)
    reason = f"{_unusable(path, state)}, and no MMRAG_LLM_URL: answers are extractive"
    return AnswerMode(configured, "extractive", reason)


def _unusable(path: Path, state: ModelState) -> str:
    if state == "incomplete":
        return f"the local model {path} is incomplete (run `mmrag models install` again)"
    return f"no local model at {path} (run `mmrag models install` or set MMRAG_LOCAL_MODEL)"
