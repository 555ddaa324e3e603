"""EventTyper: text -> taxonomy type, with its evaluation label, a score and the runners-up.

A linear classifier over lexical features (and sentence embeddings when the artifact was
trained with them) answers with a taxonomy id; the label always comes from the taxonomy, so
fine types and the 30 evaluation labels can never disagree.
"""

from __future__ import annotations

import functools
import json
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from ...errors import ExtractError
from ..taxonomy import Taxonomy, load_taxonomy
from . import features
from .rules import refine

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).with_name("models")
#: Trained with sentence embeddings (needs the encoder extra at run time).
EMBEDDING_MODEL = MODELS_DIR / "event_typer.joblib"
#: Lexical features only: used when the encoder is not installed.
LEXICAL_MODEL = MODELS_DIR / "event_typer_lexical.joblib"
ARTIFACT_FORMAT = 1
#: Lexical predictions less sure than this go to the embedding model. Chosen by cross-validation
#: ("cascade" in models/event_typer.json): 0.2 sends 14 % of unseen snippets on, for weighted F1
#: 0.827 against 0.834 at 0.3 (26 %), and keeps typing of whole articles cheap.
ESCALATE_BELOW = 0.2


@dataclass(frozen=True)
class TypeAlternative:
    type_id: str
    label: str
    score: float


@dataclass(frozen=True)
class TypePrediction:
    """The type of one text. `alternatives` holds the three best types, best first."""

    type_id: str
    label: str
    score: float  # the classifier's probability for type_id (0..1)
    alternatives: tuple[TypeAlternative, ...]
    rule: str | None = None  # set when the keyword layer made the type more specific
    escalated: bool = False  # True when the embedding model decided (the lexical one was unsure)


class EventTyper:
    """A trained typer: `predict(texts)` gives one TypePrediction per text."""

    def __init__(self, artifact: dict[str, Any], taxonomy: Taxonomy | None = None,
                 escalate_to: Path | None = None, escalate_below: float = 0.0):
        if artifact.get("format") != ARTIFACT_FORMAT:
            raise ExtractError(f"event typer artifact has format {artifact.get('format')!r}, "
                               f"expected {ARTIFACT_FORMAT}",
                               hint="rebuild it: python scripts/train_event_typer.py --shared ../shared")
        self.taxonomy = taxonomy or load_taxonomy()
        self.vectorizer = artifact["vectorizer"]
        self.classifier = artifact["classifier"]
        self.encoder_name: str | None = artifact.get("encoder")
        self.embedding_weight = float(artifact.get("embedding_weight", 1.0))
        self.type_ids: list[str] = [str(c) for c in self.classifier.classes_]
        unknown = [t for t in self.type_ids if t not in self.taxonomy.types]
        if unknown:
            raise ExtractError(f"event typer knows types the taxonomy lacks: {unknown[:5]}",
                               hint="retrain the typer after changing taxonomy.yaml")
        self.version = str(artifact.get("version", "typing.linear@1"))
        #: Training record: data SHA-256s, library versions, cross-validated scores.
        self.meta: dict[str, Any] = dict(artifact.get("meta") or {})
        self._encoder = features.load_encoder() if self.encoder_name else None
        # Cascade: texts whose best probability is below `escalate_below` go to a second
        # (slower, better) typer, loaded on first need so that loading stays fast.
        self.escalate_to = escalate_to
        self.escalate_below = escalate_below if escalate_to else 0.0
        if self.escalate_below:
            self.version += f"+escalate<{escalate_below:g}"

    def cv_scores(self) -> dict[str, Any]:
        """Cross-validated scores of this typer as configured (the cascade's when it escalates)."""
        if self.escalate_below and self.escalate_to is not None:
            record = self.escalate_to.with_suffix(".json")
            if record.is_file():
                cascade = json.loads(record.read_text(encoding="utf-8")).get("cascade") or {}
                found = cascade.get(f"escalate_below_{self.escalate_below:g}")
                if found:
                    return found
        return dict(self.meta.get("cv") or {})

    @functools.cached_property
    def _second(self) -> EventTyper:
        assert self.escalate_to is not None
        return EventTyper.load(self.escalate_to, self.taxonomy)

    @classmethod
    def load(cls, path: str | Path, taxonomy: Taxonomy | None = None,
             escalate_to: Path | None = None, escalate_below: float = 0.0) -> EventTyper:
        """Load an artifact written by `save` (or scripts/train_event_typer.py)."""
        path = Path(path)
        if not path.is_file():
            raise ExtractError(f"event typer model {path} not found",
                               hint="build it: python scripts/train_event_typer.py --shared ../shared")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sklearn minor-version pickles load fine here
            artifact = joblib.load(path)
        return cls(artifact, taxonomy, escalate_to, escalate_below)

    def _probabilities(self, leads: list[str]) -> np.ndarray:
        lexical = self.vectorizer.transform(leads)
        embeddings = self._encoder.encode(leads) if self._encoder is not None else None
        return self.classifier.predict_proba(features.combine(lexical, embeddings, self.embedding_weight))

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Rows of type probabilities of this model alone, columns in `self.type_ids` order."""
        return self._probabilities([features.lead_text(t) for t in texts])

    def predict(self, texts: list[str]) -> list[TypePrediction]:
        """The most likely taxonomy type of each text."""
        if isinstance(texts, str):
            raise ExtractError("predict() takes a list of texts, got one string",
                               hint="wrap it: typer.predict([text])")
        if not texts:
            return []
        leads = [features.lead_text(t) for t in texts]
        probs = self._probabilities(leads)
        rows: list[tuple[list[str], np.ndarray, bool]] = [(self.type_ids, row, False) for row in probs]
        unsure = [i for i, row in enumerate(probs) if row.max() < self.escalate_below]
        if unsure:
            second = self._second
            for i, row in zip(unsure, second._probabilities([leads[i] for i in unsure]), strict=True):
                rows[i] = (second.type_ids, row, True)
        return [self._prediction(lead, *row) for lead, row in zip(leads, rows, strict=True)]

    def _prediction(self, lead: str, type_ids: list[str], row: np.ndarray, escalated: bool) -> TypePrediction:
        order = np.argsort(-row)[:3]
        top = tuple(TypeAlternative(type_ids[i], self.taxonomy.label_of(type_ids[i]), round(float(row[i]), 4))
                    for i in order)
        best = top[0]
        refined = refine(best.type_id, lead, self.taxonomy)
        return TypePrediction(
            type_id=refined.type_id if refined else best.type_id, label=best.label, score=best.score,
            alternatives=top, rule=refined.rule if refined else None, escalated=escalated,
        )


def load_event_typer(path: str | None = None) -> EventTyper:
    """The shipped event typer, loaded once per process (or the artifact at `path`).

    Shipped: the fast lexical model, which hands the texts it is unsure about (best
    probability below ESCALATE_BELOW) to the embedding model when the sentence encoder
    is installed; without the encoder, the lexical model answers alone.
    """
    return _load_cached(path)


@functools.lru_cache(maxsize=4)
def _load_cached(path: str | None) -> EventTyper:
    if path:
        return EventTyper.load(path)
    if EMBEDDING_MODEL.is_file() and features.encoder_available():
        return EventTyper.load(LEXICAL_MODEL, escalate_to=EMBEDDING_MODEL, escalate_below=ESCALATE_BELOW)
    log.info("event typer: lexical model only (for better accuracy: %s)", features.ENCODER_INSTALL_HINT)
    return EventTyper.load(LEXICAL_MODEL)
