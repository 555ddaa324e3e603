"""Near-duplicate documents: syndicated copies, lightly edited copies, partial copies, translations.

Two documents are copies when the word 3-shingles of the shorter one are mostly found in the
other (containment), compared on their text and, where one exists, their translation (so an
Arabic re-publication of an English wire story matches through its translation). Containment,
not Jaccard, because aggregators often keep only the first paragraphs and add a line of their
own. The threshold was measured on the labelled corpus (bench/README.md).

`NearDuplicateIndex` finds copies among many documents with MinHash LSH (datasketch) and
estimates containment from the MinHash Jaccard and the two shingle-set sizes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..records import Document

SHINGLE_WORDS = 3
#: Containment above which two documents count as copies of each other (measured).
COPY_CONTAINMENT = 0.5

_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_words(text: str) -> list[str]:
    """Lower-cased words without diacritics, Arabic alef/ya/ta-marbuta folded."""
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_ARABIC_FOLD)
    return _WORD.findall(text)


@lru_cache(maxsize=65536)
def shingles(text: str, n: int = SHINGLE_WORDS) -> frozenset[str]:
    """Word n-grams of a text (the whole text as one shingle when it is shorter than n)."""
    words = normalise_words(text)
    if len(words) < n:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class Overlap:
    """How much of two documents' wording they share."""

    jaccard: float
    containment: float  # share of the smaller shingle set found in the other
    via: str  # "text" or "translation"

    @property
    def is_copy(self) -> bool:
        return self.containment >= COPY_CONTAINMENT


def set_overlap(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set) of two shingle sets."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


def document_overlap(a: Document, b: Document) -> Overlap:
    """Best overlap between two documents over their texts and translations."""
    best = Overlap(0.0, 0.0, "text")
    variants_a = [("text", a.text)] + ([("translation", a.translation)] if a.translation else [])
    variants_b = [("text", b.text)] + ([("translation", b.translation)] if b.translation else [])
    for via_a, ta in variants_a:
        for via_b, tb in variants_b:
            jac, cont = set_overlap(shingles(ta), shingles(tb))
            if cont > best.containment:
                via = "text" if via_a == via_b == "text" else "translation"
                best = Overlap(jac, cont, via)
    return best


def _stable_hash(s: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(s, digest_size=4).digest(), "little")


class NearDuplicateIndex:
    """Find earlier copies of a document among many, with MinHash LSH (datasketch).

    Persist `signature(doc)` (hash values + shingle count) per document and rebuild the index
    with `add_signature` on start-up; nothing else needs storing.
    """

    def __init__(self, num_perm: int = 128, lsh_threshold: float = 0.2,
                 containment: float = COPY_CONTAINMENT):
        from datasketch import MinHashLSH

        self.num_perm = num_perm
        self.containment = containment
        self._lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
        self._sigs: dict[str, tuple[object, int]] = {}

    def signature(self, text: str):
        """MinHash of a text's shingles, with the shingle count (for containment estimates)."""
        from datasketch import MinHash

        sh = shingles(text)
        m = MinHash(num_perm=self.num_perm, hashfunc=_stable_hash)
        m.update_batch([s.encode("utf-8") for s in sh])
        return m, len(sh)

    def add(self, doc_key: str, text: str) -> None:
        self.add_signature(doc_key, *self.signature(text))

    def add_signature(self, doc_key: str, minhash, size: int) -> None:
        if doc_key in self._sigs:
            return
        self._lsh.insert(doc_key, minhash)
        self._sigs[doc_key] = (minhash, size)

    def copies_of(self, text: str) -> list[tuple[str, float]]:
        """Stored documents this text is a copy of, with estimated containment, best first."""
        m, size = self.signature(text)
        if not size:
            return []
        out = []
        for key in self._lsh.query(m):
            other, osize = self._sigs[key]
            jac = m.jaccard(other)
            inter = jac * (size + osize) / (1.0 + jac)
            cont = min(1.0, inter / max(1, min(size, osize)))
            if cont >= self.containment:
                out.append((key, cont))
        return sorted(out, key=lambda t: (-t[1], t[0]))
