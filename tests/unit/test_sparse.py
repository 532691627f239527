"""The BM25 sparse encoder: tokens, stable term ids and sane weights."""

from __future__ import annotations

import subprocess
import sys
import zlib

import pytest

from mmrag.platform.index.base import SparseVec
from mmrag.platform.sparse import BM25Encoder, normalize, stem, term_id, tokenize

pytestmark = pytest.mark.unit


def test_tokenize_normalises_and_drops_stop_words() -> None:
    assert tokenize("The PUMP is in the Basement") == ["pump", "basement"]
    assert tokenize("") == [] and tokenize("the of and, to!") == []
    assert normalize("Ｐｕｍｐ – “A” ’s") == "pump - “a” 's"  # NFKC width folding, dashes, quotes


def test_tokenize_keeps_numbers_and_codes_whole() -> None:
    terms = tokenize("Pressure 11.8 bar, revenue 2,023 EUR, growth 12%, part ZK-4471-B")
    assert {"11.8", "2023", "12", "eur", "zk", "4471"} <= set(terms)
    assert "%" not in "".join(terms)


def test_stemming_matches_common_inflections() -> None:
    assert stem("pumps") == stem("pump") == "pump"
    assert stem("batteries") == stem("battery")
    assert stem("installing") == stem("install") and stem("sealed") == stem("seal")
    assert stem("status") != stem("state") and stem("analysis") != stem("analyst")
    assert tokenize("Shipments") == tokenize("shipment")
    assert tokenize("Doug's report") == ["doug", "report"]


@pytest.mark.parametrize(
    ("inflected", "base"), [("running", "run"), ("replaced", "replace"), ("filed", "file")]
)
def test_inflections_match_their_base(inflected: str, base: str) -> None:
    assert tokenize(inflected) == tokenize(base)


def test_term_ids_are_stable_across_processes() -> None:
    assert term_id("pump") == zlib.crc32(b"pump") & 0x7FFFFFFF == 404206061
    out = subprocess.run(
        [sys.executable, "-c", "from mmrag.platform.sparse import term_id; print(term_id('pump'))"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123"},
    )
    assert int(out.stdout) == term_id("pump")
    assert all(0 <= term_id(t) <= 0x7FFFFFFF for t in ("a", "ü", "11.8", "x" * 500))


def test_document_weights_saturate_and_normalise_length() -> None:
    enc = BM25Encoder(k1=1.2, b=0.75, avg_len=10)
    once = _weights(enc.encode_document("seal pump motor"))
    thrice = _weights(enc.encode_document("seal seal seal pump motor"))
    seal = term_id("seal")
    assert thrice[seal] > once[seal]  # more occurrences weigh more ...
    assert thrice[seal] < enc.k1 + 1  # ... but saturate below k1 + 1
    long_doc = "seal " + " ".join(f"word{i}" for i in range(60))
    long_w = _weights(enc.encode_document(long_doc))
    assert long_w[seal] < once[seal]  # the same tf weighs less in a longer document
    assert all(v > 0 for v in once.values())


def test_vectors_are_sorted_unique_and_queries_binary() -> None:
    enc = BM25Encoder()
    doc = enc.encode_document("Pump pumps PUMP: the pump seal and the seals")
    assert doc.indices == sorted(set(doc.indices)) and len(doc.indices) == 2
    assert len(doc.values) == len(doc.indices)
    q = enc.encode_query("pump seal pump")
    assert q.indices == sorted({term_id("pump"), term_id("seal")}) and q.values == [1.0, 1.0]
    assert enc.encode_query("the and of").indices == []
    assert enc.encode_document("").indices == []


def test_matching_terms_score_by_dot_product() -> None:
    enc = BM25Encoder()
    query = enc.encode_query("shaft seal replacement")
    relevant = enc.encode_document("Replace the shaft seal kit every 8000 hours.")
    other = enc.encode_document("The cafeteria serves lunch at noon.")
    assert _dot(query, relevant) > 0 == _dot(query, other)


def _weights(vec: SparseVec) -> dict[int, float]:
    return dict(zip(vec.indices, vec.values, strict=True))


def _dot(a: SparseVec, b: SparseVec) -> float:
    weights = _weights(b)
    return sum(v * weights.get(i, 0.0) for i, v in _weights(a).items())
