"""Geoparsing scores (Gritta et al. 2019, "A pragmatic guide to geoparsing evaluation").

- resolution (gold spans given): accuracy@161 km, AUC of the error curve, mean/median km;
- end to end (spans found too): span P/R/F1 (exact and overlap), accuracy@161 km over all
  gold toponyms, a missed toponym counting as wrong.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from ..geo.resolve import haversine_km

MAX_KM = 20039.0  # half the Earth's circumference: the error of a missing answer


@dataclass
class ResolutionScore:
    toponyms: int
    acc161: float
    auc: float
    mean_km: float
    median_km: float


@dataclass
class EndToEndScore:
    gold: int
    predicted: int
    exact_p: float
    exact_r: float
    exact_f1: float
    overlap_p: float
    overlap_r: float
    overlap_f1: float
    acc161: float


def _err(g: dict[str, Any], p: dict[str, Any] | None) -> float:
    if p is None or p.get("lat") is None or p.get("lon") is None:
        return MAX_KM
    return haversine_km(float(g["lat"]), float(g["lon"]), float(p["lat"]), float(p["lon"]))


def auc(errors: list[float]) -> float:
    """Area under the sorted log(1+km) error curve, scaled to [0, 1] (lower is better)."""
    if not errors:
        return 0.0
    logs = sorted(math.log(1 + e) for e in errors)
    if len(logs) == 1:
        return logs[0] / math.log(1 + MAX_KM)
    area = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False))
    return area / ((len(logs) - 1) * math.log(1 + MAX_KM))


def score_resolution(docs: Iterable[dict[str, Any]]) -> ResolutionScore:
    """Docs annotated with --given-toponyms: compare each gold span's predicted point."""
    errors: list[float] = []
    for d in docs:
        pred = {(p["start"], p["end"]): p for p in (d.get("predicted") or {}).get("toponyms", [])}
        for g in d.get("toponyms") or []:
            errors.append(_err(g, pred.get((g["start"], g["end"]))))
    return _resolution(errors)


def _resolution(errors: list[float]) -> ResolutionScore:
    n = len(errors)
    if not n:
        return ResolutionScore(0, 0.0, 0.0, 0.0, 0.0)
    return ResolutionScore(n, sum(e <= 161 for e in errors) / n, auc(errors),
                           statistics.fmean(errors), statistics.median(errors))


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_end_to_end(docs: Iterable[dict[str, Any]]) -> EndToEndScore:
    """Docs annotated without given spans: span P/R/F1 and acc@161 over gold toponyms."""
    n_gold = n_pred = ex_p = ex_g = ov_p = ov_g = hits = 0
    for d in docs:
        gold = d.get("toponyms") or []
        pred = (d.get("predicted") or {}).get("toponyms", [])
        n_gold += len(gold)
        n_pred += len(pred)
        gold_spans = {(g["start"], g["end"]) for g in gold}
        pred_spans = {(p["start"], p["end"]) for p in pred}
        ex_p += sum(s in gold_spans for s in pred_spans)
        ex_g += sum(s in pred_spans for s in gold_spans)
        ov_p += sum(any(p["start"] < g["end"] and g["start"] < p["end"] for g in gold) for p in pred)
        for g in gold:
            match = [p for p in pred if p["start"] < g["end"] and g["start"] < p["end"]]
            if match:
                ov_g += 1
                best = min(match, key=lambda p: abs(p["start"] - g["start"]) + abs(p["end"] - g["end"]))
                hits += _err(g, best) <= 161
    ep, er, ef = _prf(ex_p, n_pred, ex_g, n_gold)
    op, orr, of = _prf(ov_p, n_pred, ov_g, n_gold)
    return EndToEndScore(n_gold, n_pred, ep, er, ef, op, orr, of, hits / n_gold if n_gold else 0.0)


def as_dict(score: ResolutionScore | EndToEndScore) -> dict[str, Any]:
    return asdict(score)
