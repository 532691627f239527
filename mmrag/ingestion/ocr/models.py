"""Recogniser models derived from the packaged PP-OCR ones, built once and cached on disk.

The PP-OCRv6 recogniser scores 18,710 classes (CJK, scripts, emoji) at every output step; on
this project's documents a pruned output head with the Latin, Greek and Cyrillic entries,
digits, punctuation and common symbols reads the same text with about 11% less CPU per page
(the head was a fifth of the recogniser's time), see ``bench/ocr.py``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

import numpy as np

from mmrag.platform.errors import ModelUnavailable

log = logging.getLogger(__name__)

Charset = Literal["latin", "full"]

_DERIVE_VERSION = "1"
# Unicode ranges kept by the "latin" charset: Basic Latin to Cyrillic Supplement (Latin-1,
# Latin Extended, IPA, Greek, Cyrillic), Latin Extended Additional, and U+2000-U+2BFF
# (punctuation, super/subscripts, currency, letterlike, number forms, arrows, maths, shapes).
_LATIN_RANGES = ((0x0000, 0x0530), (0x1E00, 0x1F00), (0x2000, 0x2C00))


def in_charset(entry: str, charset: Charset) -> bool:
    """Whether a recogniser dictionary entry belongs to ``charset``."""
    if charset == "full":
        return True
    return all(any(lo <= ord(ch) < hi for lo, hi in _LATIN_RANGES) for ch in entry)


def default_model_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/mmrag/ocr-models`` (``~/.cache/mmrag/ocr-models``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mmrag" / "ocr-models"


def rec_model_for_charset(source: Path, charset: Charset, cache_dir: Path | None) -> Path:
    """The recogniser for ``charset``: ``source`` itself for ``full``, else a pruned copy.

    The copy is built on first use (about a second) and cached under ``cache_dir`` (the system
    temp dir when that is not writable), keyed by the source file's path, size and mtime;
    writes are atomic, so concurrent workers are safe.
    """
    if charset == "full":
        return source
    stat = source.stat()
    key = f"{_DERIVE_VERSION}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{charset}"
    name = f"{source.stem}.{charset}.{hashlib.sha256(key.encode()).hexdigest()[:16]}.onnx"
    directories = [cache_dir or default_model_cache_dir(), Path(tempfile.gettempdir()) / "mmrag"]
    for directory in directories:
        if (directory / name).is_file():
            return directory / name
    model = prune_rec_classes(_load(source), charset)
    for directory in directories:
        try:
            _save_atomic(model, directory / name)
        except OSError as exc:
            log.warning("cannot cache OCR model in %s: %s", directory, exc)
            continue
        log.info("built OCR recogniser %s", name, extra={"charset": charset})
        return directory / name
    raise ModelUnavailable(f"cannot write the pruned OCR recogniser to {directories[0]}")


def prune_rec_classes(model: Any, charset: Charset) -> Any:
    """Keep only the output classes of ``charset`` (plus CTC blank and space) in ``model``.

    The head is found from the graph output backwards: Softmax <- Add(bias) <- MatMul(weight),
    skipping Identity nodes; the ``character`` metadata lists the kept dictionary entries.
    """
    from onnx import numpy_helper

    meta = {p.key: p for p in model.metadata_props}
    if "character" not in meta:
        raise ModelUnavailable("OCR recogniser has no character metadata; use charset='full'")
    chars = meta["character"].value.splitlines()
    keep = [i for i, entry in enumerate(chars) if in_charset(entry, charset)]
    # class 0 is the CTC blank, classes 1..n the dictionary, class n+1 the space
    columns = np.array([0, *(i + 1 for i in keep), len(chars) + 1])
    inits = {init.name: init for init in model.graph.initializer}
    weight, bias = _head_initializers(model, inits)
    for init in (weight, bias):
        array = numpy_helper.to_array(init)
        if array.shape[-1] != len(chars) + 2:
            raise ModelUnavailable(f"OCR recogniser head {init.name} does not match its dictionary")
        pruned = np.ascontiguousarray(array[..., columns])
        init.CopyFrom(numpy_helper.from_array(pruned, init.name))
    meta["character"].value = "\n".join(chars[i] for i in keep)
    del model.graph.value_info[:]  # stale class counts; onnxruntime infers shapes again
    for output in model.graph.output:
        dims = output.type.tensor_type.shape.dim
        if dims:
            dims[-1].dim_value = len(columns)
    return model


def _head_initializers(model: Any, inits: dict[str, Any]) -> tuple[Any, Any]:
    """(MatMul weight, Add bias) initializers of the classification head."""
    producer = {out: node for node in model.graph.node for out in node.output}
    chain: list[Any] = []
    node = producer.get(model.graph.output[0].name)
    while node is not None and len(chain) < 3:
        if node.op_type != "Identity":
            chain.append(node)
        node = producer.get(node.input[0])
    if [n.op_type for n in chain] != ["Softmax", "Add", "MatMul"]:
        raise ModelUnavailable("OCR recogniser head is not MatMul+Add+Softmax; use charset='full'")
    bias = next((inits[i] for i in chain[1].input if i in inits), None)
    weight = next((inits[i] for i in chain[2].input if i in inits), None)
    if weight is None or bias is None:
        raise ModelUnavailable("OCR recogniser head has no constant weights; use charset='full'")
    return weight, bias


def _load(path: Path) -> Any:
    try:
        import onnx
    except ImportError as exc:  # pragma: no cover - onnx ships with the dependencies
        raise ModelUnavailable("pruning the OCR recogniser needs onnx (pip install onnx)") from exc
    return onnx.load(str(path))


def _save_atomic(model: Any, target: Path) -> None:
    import onnx

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        onnx.save(model, tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
