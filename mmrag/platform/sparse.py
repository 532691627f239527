"""BM25 sparse vectors that work with any Qdrant backend (the index applies the IDF).

Documents get the BM25 term-frequency part ``tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))``;
queries get weight 1 per distinct term; the collection's sparse vector uses Qdrant's IDF
modifier, so the dot product is the BM25 score. Terms are lower-cased word pieces with a light
Porter stemmer and English stop words removed; numbers are kept whole ("11.8", "2023").
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from functools import lru_cache
from typing import Any

from mmrag.platform.index.base import SparseVec

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves s t don also per""".split()
)


def normalize(text: str) -> str:
    """NFKC, lower-case, unify quotes and dashes."""
    text = unicodedata.normalize("NFKC", text).lower()
    return text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Porter stem of a word (numbers and short tokens stay as they are)."""
    if token[0].isdigit() or len(token) <= 3:
        return token
    return str(_porter().stem(token))


@lru_cache(maxsize=1)
def _porter() -> Any:
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


def tokenize(text: str) -> list[str]:
    """Terms for BM25: normalised, stop words removed, stemmed."""
    terms: list[str] = []
    for match in _TOKEN.finditer(normalize(text)):
        token = match.group(0).rstrip("%")
        token = token[:-2] if token.endswith("'s") else token.replace("n't", "").replace("'", "")
        token = token.replace(",", "") if token[:1].isdigit() else token
        if not token or token in STOP_WORDS:
            continue
        terms.append(stem(token))
    return terms


def term_id(term: str) -> int:
    """A stable 31-bit id for a term (CRC32, same in every process and backend)."""
    return zlib.crc32(term.encode("utf-8")) & 0x7FFFFFFF


class BM25Encoder:
    """Encodes documents and queries into :class:`SparseVec` for an IDF-modified index."""

    def __init__(self, k1: float = 1.2, b: float = 0.75, avg_len: float = 120.0) -> None:
        self.k1 = k1
        self.b = b
        self.avg_len = avg_len

    def encode_document(self, text: str) -> SparseVec:
        """BM25 term-frequency weights of ``text``."""
        terms = tokenize(text)
        counts = Counter(terms)
        norm = self.k1 * (1 - self.b + self.b * len(terms) / self.avg_len)
        weights: dict[int, float] = {}
        for term, tf in counts.items():
            tid = term_id(term)
            weights[tid] = weights.get(tid, 0.0) + tf * (self.k1 + 1) / (tf + norm)
        ids = sorted(weights)
        return SparseVec(indices=ids, values=[weights[i] for i in ids])

    def encode_query(self, text: str) -> SparseVec:
        """Weight 1 for each distinct query term."""
        ids = sorted({term_id(t) for t in tokenize(text)})
        return SparseVec(indices=ids, values=[1.0] * len(ids))
