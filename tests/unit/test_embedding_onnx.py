"""The ONNX (int8) MiniLM embedder agrees with the sentence-transformers one and keeps order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mmrag.platform.embedding import MiniLMEmbedder, SplitEmbedder, load_embedder
from mmrag.platform.embedding_onnx import OnnxMiniLMEmbedder, build_onnx_minilm, onnx_model_path
from mmrag.platform.errors import ModelUnavailable

pytestmark = pytest.mark.unit

WORDS = (
    "the reservoir storage rose after heavy rainfall in march while pump stations on the north "
    "quay ran at full capacity and the treatment plant reported low turbidity across the season "
    "engineers replaced two valves inspected the spillway and logged every reading in the ledger"
).split()


def _passages() -> list[str]:
    """Passages from 1 to ~300 words (past the 256-token limit), in no length order."""
    rng = np.random.default_rng(7)
    lengths = [1, 3, 300, 12, 40, 7, 120, 2, 64, 25, 200, 5]
    return [" ".join(rng.choice(WORDS, size=n)) for n in lengths] + [
        "Which pump station was on standby?",
        "Table 4. Pump stations in service.",
    ]


@pytest.fixture(scope="module", params=[False, True], ids=["fp32", "int8"])
def onnx_embedder(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> OnnxMiniLMEmbedder:
    quantized = bool(request.param)
    path = onnx_model_path(quantized)
    if not path.is_file():  # not built at setup time on this machine: build a private copy
        path = build_onnx_minilm(tmp_path_factory.mktemp("onnx") / path.name, quantized)
    return OnnxMiniLMEmbedder(path, batch_size=4)


def test_cosine_agreement_with_torch(onnx_embedder: OnnxMiniLMEmbedder) -> None:
    texts = _passages()
    ref = np.array(MiniLMEmbedder().embed_documents(texts))
    got = np.array(onnx_embedder.embed_documents(texts))
    assert got.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)
    cosine = (ref * got).sum(axis=1)
    # fp32 is the same network; int8 rounds weights and activations, and its quantiser's output
    # varies a little between builds (0.990 and 0.9899 mean seen on two machines)
    floor = 0.985 if "int8" in onnx_embedder.model_path.name else 0.99
    assert cosine.mean() >= floor and cosine.min() >= 0.97, cosine


def test_order_is_restored_across_length_batches(onnx_embedder: OnnxMiniLMEmbedder) -> None:
    texts = _passages()
    vectors = np.array(onnx_embedder.embed_documents(texts))
    reversed_vectors = np.array(onnx_embedder.embed_documents(texts[::-1]))
    # int8 activations are scaled per batch, so neighbours move a vector a little, never far
    assert (vectors * reversed_vectors[::-1]).sum(axis=1).min() >= 0.99
    one = np.array(onnx_embedder.embed_query(texts[3]))
    assert float(one @ vectors[3]) >= 0.99
    others = np.delete(vectors, 3, axis=0) @ one
    assert float(others.max()) < 0.99  # each vector is its own passage's, not a neighbour's
    assert onnx_embedder.embed_documents([]) == []


def test_missing_onnx_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="ONNX"):
        OnnxMiniLMEmbedder(tmp_path / "absent.onnx")


def test_torch_backend_is_the_fallback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MMRAG_MODELS_DIR", str(tmp_path))  # no ONNX file there
    assert isinstance(load_embedder("auto"), MiniLMEmbedder)
    with pytest.raises(ModelUnavailable, match="embedding_onnx"):
        load_embedder("onnx")
    with pytest.raises(ValueError):
        load_embedder("gpu")


def test_split_embedder_sends_passages_and_queries_to_their_own_model(
    onnx_embedder: OnnxMiniLMEmbedder,
) -> None:
    queries = MiniLMEmbedder()
    split = SplitEmbedder(onnx_embedder, queries)
    texts = _passages()[:4]
    assert split.dim == 384
    assert split.embed_documents(texts) == onnx_embedder.embed_documents(texts)
    assert split.embed_query("Which pump station?") == queries.embed_query("Which pump station?")


def test_int8_passages_backend_names_the_build_command_when_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MMRAG_MODELS_DIR", str(tmp_path))  # an empty models dir
    with pytest.raises(ModelUnavailable, match="embedding_onnx"):
        load_embedder("onnx-int8-passages")


def test_only_the_first_max_tokens_word_pieces_are_embedded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mmrag.platform import embedding

    head = " ".join(WORDS[:40])  # ~45 word pieces with [CLS] and [SEP]
    longer = f"{head} {' '.join(WORDS[40:] * 3)}"
    path = onnx_model_path(False)
    if not path.is_file():
        pytest.skip("the fp32 ONNX embedder is built by bootstrap.sh")
    short = OnnxMiniLMEmbedder(path, max_tokens=16)
    full = OnnxMiniLMEmbedder(path, max_tokens=256)
    same_start = f"{' '.join(WORDS[:20])} {' '.join(WORDS[60:])}"
    assert np.allclose(short.embed_query(longer), short.embed_query(same_start), atol=1e-5)
    assert float(np.dot(full.embed_query(longer), full.embed_query(same_start))) < 0.99
    torch_short = np.array(MiniLMEmbedder(max_tokens=16).embed_query(longer))
    assert float(torch_short @ np.array(short.embed_query(longer))) > 0.999  # one setting, both

    monkeypatch.setenv("MMRAG_EMBED_MAX_TOKENS", "lots")
    monkeypatch.setattr(embedding, "_DEFAULT", {})
    with pytest.raises(ValueError, match="whole number"):
        embedding.default_embedder(batch_size=3)
    with pytest.raises(ValueError, match="outside"):
        load_embedder("onnx", max_tokens=4)


def test_auto_embeds_passages_in_int8_and_queries_in_fp32_when_both_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = {q: onnx_model_path(q) for q in (False, True)}
    if not all(p.is_file() for p in built.values()):
        pytest.skip("bootstrap.sh builds both ONNX embedders")
    monkeypatch.setenv("MMRAG_MODELS_DIR", str(tmp_path))
    (tmp_path / built[False].name).symlink_to(built[False])
    only_fp32 = load_embedder("auto")
    assert isinstance(only_fp32, OnnxMiniLMEmbedder) and "fp32" in only_fp32.model_path.name
    (tmp_path / built[True].name).symlink_to(built[True])
    split = load_embedder("auto", max_tokens=64)
    assert isinstance(split, SplitEmbedder)
    assert isinstance(split.passages, OnnxMiniLMEmbedder) and isinstance(
        split.queries, OnnxMiniLMEmbedder
    )
    assert "int8" in split.passages.model_path.name and "fp32" in split.queries.model_path.name
    assert split.passages.max_tokens == split.queries.max_tokens == 64
