"""Clustering quality against gold labels: pairwise and B-cubed precision, recall and F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


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
    """Precision/recall over pairs of items placed together (items missing from gold ignored).

    Counted from the contingency table, so it is O(items), not O(items^2).
    """
    pred = _labels(predicted)
    items = [k for k in pred if k in gold]

    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    together = pairs(Counter((pred[k], gold[k]) for k in items))
    pred_pairs = pairs(Counter(pred[k] for k in items))
    gold_pairs = pairs(Counter(gold[k] for k in items))
    return PRF(together / pred_pairs if pred_pairs else 1.0,
               together / gold_pairs if gold_pairs else 1.0)


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
