"""Clustering quality against gold labels: pairwise and B-cubed precision, recall and F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __str__(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"


def _labels(clusters: Iterable[Iterable[str]]) -> dict[str, int]:
    return {k: i for i, c in enumerate(clusters) for k in c}


def pairwise_prf(predicted: Iterable[Iterable[str]], gold: Mapping[str, str]) -> PRF:
    """Precision/recall over pairs of items placed together (items missing from gold ignored)."""
    pred = _labels(predicted)
    items = sorted(k for k in pred if k in gold)
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        same_pred = pred[a] == pred[b]
        same_gold = gold[a] == gold[b]
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return PRF(tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def bcubed_prf(predicted: Iterable[Iterable[str]], gold: Mapping[str, str]) -> PRF:
    """B-cubed precision/recall (Bagga & Baldwin), averaged over items."""
    pred = _labels(predicted)
    items = [k for k in pred if k in gold]
    if not items:
        return PRF(1.0, 1.0)
    pair_counts = Counter((pred[k], gold[k]) for k in items)
    pred_sizes = Counter(pred[k] for k in items)
    gold_sizes = Counter(gold[k] for k in items)
    p = sum(pair_counts[(pred[k], gold[k])] / pred_sizes[pred[k]] for k in items) / len(items)
    r = sum(pair_counts[(pred[k], gold[k])] / gold_sizes[gold[k]] for k in items) / len(items)
    return PRF(p, r)
