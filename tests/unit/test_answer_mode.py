"""One answer-mode resolver: each branch from synthetic settings and model files in tmp dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmrag.platform.answer_mode import local_model_path, resolve_answer_mode
from mmrag.platform.model_store import CATALOGUE, DEFAULT_MODEL, model_state
from mmrag.platform.settings import Settings

pytestmark = pytest.mark.unit


def _settings(tmp_path: Path, **kwargs: object) -> Settings:
    """Settings that read nothing from the environment's answer or model variables."""
    base: dict[str, object] = {
        "data_dir": tmp_path / "data",
        "models_dir": tmp_path / "models",
        "llm_url": None,
        "local_model": None,
        "answer_mode": "auto",
    }
    return Settings(**{**base, **kwargs})


def _gguf(path: Path, size: int = 64) -> Path:
    """A file standing in for a GGUF model (the resolver checks presence and size only)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.truncate(size)  # sparse: a catalogue-sized file costs no disk
    return path


def test_auto_without_a_model_or_url_is_extractive_and_says_why(tmp_path: Path) -> None:
    resolved = resolve_answer_mode(_settings(tmp_path))
    assert (resolved.mode, resolved.model, resolved.ready) == ("extractive", "", True)
    assert "no local model" in resolved.reason and "mmrag models install" in resolved.reason
    assert str(local_model_path(_settings(tmp_path))) in resolved.reason


def test_a_url_makes_auto_remote_with_the_served_model(tmp_path: Path) -> None:
    _gguf(tmp_path / "own.gguf")  # a local model there too: the URL wins
    settings = _settings(
        tmp_path,
        llm_url="http://127.0.0.1:9/v1",
        llm_model="served",
        local_model=tmp_path / "own.gguf",
    )
    resolved = resolve_answer_mode(settings)
    assert (resolved.mode, resolved.model, resolved.ready) == ("remote", "served", True)
    assert resolved.reason == "MMRAG_LLM_URL is set" and resolved.local_path is None


def test_explicit_remote_without_a_url_cannot_answer(tmp_path: Path) -> None:
    resolved = resolve_answer_mode(_settings(tmp_path, answer_mode="remote"))
    assert resolved.mode == "remote" and not resolved.ready
    assert "needs MMRAG_LLM_URL" in resolved.problem


def test_explicit_extractive_ignores_a_url_and_a_model(tmp_path: Path) -> None:
    _gguf(tmp_path / "own.gguf")
    settings = _settings(
        tmp_path,
        answer_mode="extractive",
        llm_url="http://127.0.0.1:9/v1",
        local_model=tmp_path / "own.gguf",
    )
    resolved = resolve_answer_mode(settings)
    assert (resolved.mode, resolved.reason, resolved.model) == (
        "extractive",
        "MMRAG_ANSWER_MODE=extractive",
        "",
    )


def test_auto_uses_a_present_local_model_and_names_it(tmp_path: Path) -> None:
    own = _gguf(tmp_path / "elsewhere" / "own.gguf")
    resolved = resolve_answer_mode(_settings(tmp_path, local_model=own))
    assert (resolved.mode, resolved.model, resolved.local_path) == ("local", "own.gguf", own)
    assert resolved.ready and "own.gguf" in resolved.reason


def test_auto_uses_the_installed_default_model(tmp_path: Path) -> None:
    spec = CATALOGUE[DEFAULT_MODEL]
    path = _gguf(tmp_path / "models" / spec.filename, spec.size)
    resolved = resolve_answer_mode(_settings(tmp_path))
    assert (resolved.mode, resolved.local_path, resolved.model) == ("local", path, spec.filename)


def test_an_incomplete_default_model_falls_back_to_extractive(tmp_path: Path) -> None:
    spec = CATALOGUE[DEFAULT_MODEL]
    path = _gguf(tmp_path / "models" / spec.filename, spec.size // 2)  # a copy cut short
    assert model_state(path) == "incomplete"
    resolved = resolve_answer_mode(_settings(tmp_path))
    assert resolved.mode == "extractive" and "incomplete" in resolved.reason


def test_a_model_of_another_name_in_the_models_dir_is_not_the_default(tmp_path: Path) -> None:
    _gguf(tmp_path / "models" / CATALOGUE["smollm2"].filename, CATALOGUE["smollm2"].size)
    assert resolve_answer_mode(_settings(tmp_path)).mode == "extractive"


def test_explicit_local_without_the_file_cannot_answer(tmp_path: Path) -> None:
    missing = tmp_path / "none.gguf"
    resolved = resolve_answer_mode(_settings(tmp_path, answer_mode="local", local_model=missing))
    assert (resolved.mode, resolved.local_path, resolved.ready) == ("local", missing, False)
    assert "mmrag models install" in resolved.problem
