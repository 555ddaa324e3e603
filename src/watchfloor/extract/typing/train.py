"""Training and cross-validation for the event typer (used by scripts/train_event_typer.py).

Training data = hand-written examples (examples.yaml, labelled with taxonomy ids) + gold
snippets labelled with the 30 evaluation labels, each label standing for its default type.
Cross-validation folds split the gold set only; the own examples join every training fold,
so the reported scores never see a test snippet during training.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from ...errors import ExtractError
from ..taxonomy import Taxonomy, load_taxonomy
from . import features
from .model import ARTIFACT_FORMAT

EXAMPLES_PATH = Path(__file__).with_name("examples.yaml")
#: Scale of the embedding columns next to the TF-IDF ones (chosen by cross-validation).
EMBEDDING_WEIGHT = 1.0
CLASSIFIER_C = 20.0


@dataclass
class LabelledTexts:
    texts: list[str] = field(default_factory=list)
    type_ids: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # evaluation labels (for stratifying/scoring)

    def __len__(self) -> int:
        return len(self.texts)


def own_examples(taxonomy: Taxonomy, path: Path = EXAMPLES_PATH) -> LabelledTexts:
    """The hand-written examples, checked against the taxonomy."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = LabelledTexts()
    for type_id, sentences in data.items():
        taxonomy.get(type_id)
        for s in sentences:
            if not isinstance(s, str):
                raise ExtractError(f"{path}: {type_id}: example {s!r} is not a plain string",
                                   hint="quote sentences that contain ': '")
            out.texts.append(s)
            out.type_ids.append(type_id)
            out.labels.append(taxonomy.label_of(type_id))
    return out


def gold_examples(path: Path, taxonomy: Taxonomy) -> LabelledTexts:
    """Snippets of a gold JSONL file (first event's `type` is the label)."""
    out = LabelledTexts()
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                label = row["events"][0]["type"]
                text = row["text"]
            except (json.JSONDecodeError, KeyError, IndexError, TypeError) as exc:
                raise ExtractError(f"{path}:{n}: not a gold event line ({exc})",
                                   hint="see ../shared/eval/README.md, events/") from None
            out.texts.append(text)
            out.labels.append(label)
            out.type_ids.append(taxonomy.type_for_label(label))
    return out


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_classifier() -> LogisticRegression:
    """The linear model on top of the features (probabilities give scores and runners-up)."""
    return LogisticRegression(C=CLASSIFIER_C, class_weight="balanced", max_iter=5000)


def _matrix(vectorizer, leads: list[str], embeddings: np.ndarray | None, fit: bool):
    lexical = vectorizer.fit_transform(leads) if fit else vectorizer.transform(leads)
    return features.combine(lexical, embeddings, EMBEDDING_WEIGHT)


def fit_artifact(data: LabelledTexts, embeddings: np.ndarray | None, meta: dict[str, Any]) -> dict[str, Any]:
    """Fit vectorizer + classifier on all of `data`; returns the artifact dict to save."""
    leads = [features.lead_text(t) for t in data.texts]
    vectorizer = features.lexical_vectorizer()
    classifier = make_classifier().fit(_matrix(vectorizer, leads, embeddings, fit=True), data.type_ids)
    # float32 weights halve the artifact; probabilities change by < 1e-6
    classifier.coef_ = classifier.coef_.astype(np.float32)
    classifier.intercept_ = classifier.intercept_.astype(np.float32)
    return {
        "format": ARTIFACT_FORMAT,
        "version": "typing.linear_minilm@1" if embeddings is not None else "typing.linear@1",
        "vectorizer": vectorizer,
        "classifier": classifier,
        "encoder": features.ENCODER_NAME if embeddings is not None else None,
        "embedding_weight": EMBEDDING_WEIGHT,
        "meta": meta,
    }


def scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    return {
        "weighted_f1": float(f1_score(gold, predicted, average="weighted", zero_division=0)),
        "macro_f1": float(f1_score(gold, predicted, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(gold, predicted)),
    }


def cross_validate(gold: LabelledTexts, own: LabelledTexts, taxonomy: Taxonomy,
                   gold_embeddings: np.ndarray | None = None, own_embeddings: np.ndarray | None = None,
                   folds: int = 5, repeats: int = 2, with_own: bool = True) -> dict[str, Any]:
    """Stratified k-fold CV on the gold set (own examples added to each training fold)."""
    g_leads = np.array([features.lead_text(t) for t in gold.texts], dtype=object)
    o_leads = [features.lead_text(t) for t in own.texts]
    g_types = np.array(gold.type_ids)
    g_labels = np.array(gold.labels)
    per_fold: list[dict[str, float]] = []
    for seed in range(repeats):
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        for train, test in splitter.split(g_leads, g_labels):
            leads = list(g_leads[train]) + (o_leads if with_own else [])
            types = list(g_types[train]) + (own.type_ids if with_own else [])
            emb = None
            if gold_embeddings is not None:
                parts = [gold_embeddings[train]] + ([own_embeddings] if with_own else [])
                emb = np.vstack(parts)
            vectorizer = features.lexical_vectorizer()
            clf = make_classifier().fit(_matrix(vectorizer, leads, emb, fit=True), types)
            test_emb = gold_embeddings[test] if gold_embeddings is not None else None
            pred = clf.predict(_matrix(vectorizer, list(g_leads[test]), test_emb, fit=False))
            per_fold.append(scores(g_labels[test], [taxonomy.label_of(t) for t in pred]))
    summary: dict[str, Any] = {"folds": folds, "repeats": repeats, "with_own_examples": with_own}
    for key in ("weighted_f1", "macro_f1", "accuracy"):
        values = np.array([f[key] for f in per_fold])
        summary[key] = {"mean": round(float(values.mean()), 4), "sd": round(float(values.std()), 4)}
    return summary


def environment() -> dict[str, str]:
    return {"sklearn": sklearn.__version__, "numpy": np.__version__,
            "python": platform.python_version(), "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def load_training(gold_paths: Sequence[Path], taxonomy: Taxonomy | None = None) -> tuple[LabelledTexts, LabelledTexts]:
    """(gold, own) training data; gold files are concatenated."""
    taxonomy = taxonomy or load_taxonomy()
    gold = LabelledTexts()
    for p in gold_paths:
        part = gold_examples(p, taxonomy)
        gold.texts += part.texts
        gold.type_ids += part.type_ids
        gold.labels += part.labels
    return gold, own_examples(taxonomy)


def cross_validate_cascade(gold: LabelledTexts, own: LabelledTexts, taxonomy: Taxonomy,
                           gold_embeddings: np.ndarray, own_embeddings: np.ndarray,
                           thresholds: Sequence[float] = (0.2, 0.25, 0.3, 0.4, 0.5),
                           folds: int = 5, repeats: int = 2) -> dict[str, Any]:
    """CV of lexical-then-embedding: below each threshold the embedding model decides."""
    g_leads = np.array([features.lead_text(t) for t in gold.texts], dtype=object)
    o_leads = [features.lead_text(t) for t in own.texts]
    g_types, g_labels = np.array(gold.type_ids), np.array(gold.labels)
    results: dict[float, list[dict[str, float]]] = {t: [] for t in thresholds}
    for seed in range(repeats):
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        for train_idx, test in splitter.split(g_leads, g_labels):
            leads = list(g_leads[train_idx]) + o_leads
            types = list(g_types[train_idx]) + own.type_ids
            test_leads = list(g_leads[test])
            v1 = features.lexical_vectorizer()
            c1 = make_classifier().fit(_matrix(v1, leads, None, fit=True), types)
            p1 = c1.predict_proba(_matrix(v1, test_leads, None, fit=False))
            v2 = features.lexical_vectorizer()
            emb = np.vstack([gold_embeddings[train_idx], own_embeddings])
            c2 = make_classifier().fit(_matrix(v2, leads, emb, fit=True), types)
            second = c2.predict(_matrix(v2, test_leads, gold_embeddings[test], fit=False))
            first, sure = c1.classes_[p1.argmax(1)], p1.max(1)
            for t in thresholds:
                pred = np.where(sure < t, second, first)
                fold = scores(g_labels[test], [taxonomy.label_of(x) for x in pred])
                fold["escalated"] = float((sure < t).mean())
                results[t].append(fold)
    out: dict[str, Any] = {"folds": folds, "repeats": repeats, "with_own_examples": True}
    for t, per_fold in results.items():
        out[f"escalate_below_{t:g}"] = {
            key: {"mean": round(float(np.mean([f[key] for f in per_fold])), 4),
                  "sd": round(float(np.std([f[key] for f in per_fold])), 4)}
            for key in ("weighted_f1", "macro_f1", "accuracy", "escalated")}
    return out
