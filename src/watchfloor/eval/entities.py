"""Score named-entity spans against a gold set (re3d style): P/R/F1 per type, exact and overlap.

Gold format: ../shared/eval/README.md, entities/ (`"entities": [{"start", "end", "type",
"text"}]`). Predictions come from `watchfloor annotate` (`predicted.entities`, same records);
without them the pipeline predicts each gold text itself (eval/predict.py).

- exact: a predicted span counts when a gold span of the same type has the same start and end;
- overlap: a predicted span counts when it shares at least one character with a gold span of
  the same type, and a gold span is found when some predicted span of its type overlaps it
  (the lenient measure geo's end-to-end score uses too).
The "all" row pools every type (micro average).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import WatchfloorError
from .jsonl import read_jsonl
from .languages import document_languages

ALL = "all"

#: Turns one text into predicted entity records ({start, end, type, text}).
Predictor = Callable[[str], list[dict[str, Any]]]


class EntitiesEvalError(WatchfloorError):
    """A gold or predictions file cannot be scored."""

    code = "W820"


@dataclass
class GoldDoc:
    id: str
    text: str
    entities: list[dict[str, Any]]
    language: str | None = None


@dataclass
class TypeScore:
    """Counts and scores for one entity type (or ALL)."""

    type: str
    gold: int = 0
    predicted: int = 0
    exact_tp: int = 0  # predicted spans equal to a gold span (gold spans found exactly: the same)
    overlap_tp_predicted: int = 0  # predicted spans overlapping a gold span
    overlap_tp_gold: int = 0  # gold spans overlapped by a predicted span
    exact: dict[str, float] = field(default_factory=dict)  # precision, recall, f1
    overlap: dict[str, float] = field(default_factory=dict)

    def finish(self) -> TypeScore:
        self.exact = _prf(self.exact_tp, self.predicted, self.exact_tp, self.gold)
        self.overlap = _prf(self.overlap_tp_predicted, self.predicted, self.overlap_tp_gold, self.gold)
        return self


@dataclass
class EntitiesReport:
    gold_file: str
    system: str
    documents: int
    types: list[TypeScore]  # one per type in gold or predictions, then ALL
    #: the same scores per language, when the gold set holds several
    by_language: dict[str, list[TypeScore]] = field(default_factory=dict)
    language_documents: dict[str, int] = field(default_factory=dict)

    def by_type(self) -> dict[str, TypeScore]:
        return {t.type: t for t in self.types}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


# --- reading -------------------------------------------------------------------------------

def _read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    return read_jsonl(path, EntitiesEvalError)


def _check_entities(entities: Any, where: str, text: str | None = None) -> list[dict[str, Any]]:
    if not isinstance(entities, list):
        raise EntitiesEvalError(f"{where}: \"entities\" must be a list",
                                hint="see ../shared/eval/README.md (entities/)")
    out = []
    for e in entities:
        ok = (isinstance(e, dict) and isinstance(e.get("type"), str)
              and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
              and 0 <= e["start"] <= e["end"] and (text is None or e["end"] <= len(text)))
        if not ok:
            raise EntitiesEvalError(f"{where}: bad entity {e!r}",
                                    hint="each entity needs int start <= end within the text, and a type")
        out.append(e)
    return out


def read_gold(path: str | Path) -> list[GoldDoc]:
    """Gold documents, each with `text` and an `entities` list (possibly empty)."""
    path = Path(path)
    docs: list[GoldDoc] = []
    for n, row in _read_jsonl(path):
        if not isinstance(row.get("text"), str) or "entities" not in row:
            raise EntitiesEvalError(f"{path}:{n}: needs \"text\" and \"entities\"",
                                    hint="is this an entities gold set? see ../shared/eval/README.md")
        entities = _check_entities(row["entities"], f"{path}:{n}", row["text"])
        docs.append(GoldDoc(str(row.get("id", n)), row["text"], entities, row.get("language")))
    if not docs:
        raise EntitiesEvalError(f"{path}: no gold documents")
    return docs


def read_predictions(paths: Sequence[str | Path]) -> dict[str, list[dict[str, Any]]]:
    """id -> predicted entities (`predicted.entities` of `watchfloor annotate` output)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for p in paths:
        path = Path(p)
        for n, row in _read_jsonl(path):
            predicted = row.get("predicted")
            if "id" not in row or not isinstance(predicted, dict):
                raise EntitiesEvalError(f"{path}:{n}: needs \"id\" and \"predicted\"",
                                        hint="write predictions with `watchfloor annotate`")
            out[str(row["id"])] = _check_entities(predicted.get("entities") or [], f"{path}:{n}")
    return out


# --- scoring -------------------------------------------------------------------------------

def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def score_documents(pairs: Iterable[tuple[Sequence[dict[str, Any]], Sequence[dict[str, Any]]]],
                    types: Iterable[str] | None = None) -> list[TypeScore]:
    """Per-type scores (sorted by gold count) and the pooled ALL row, over (gold, predicted) pairs.

    `types` limits scoring to those types (entities of other types are ignored on both sides).
    """
    keep = set(types) if types is not None else None
    scores: dict[str, TypeScore] = {}
    total = TypeScore(ALL)
    for gold, pred in pairs:
        if keep is not None:
            gold = [g for g in gold if g["type"] in keep]
            pred = [p for p in pred if p["type"] in keep]
        for kind in {e["type"] for e in gold} | {e["type"] for e in pred}:
            g = [e for e in gold if e["type"] == kind]
            p = [e for e in pred if e["type"] == kind]
            gold_spans = {(e["start"], e["end"]) for e in g}
            s = scores.setdefault(kind, TypeScore(kind))
            counts = (len(g), len(p),
                      sum((e["start"], e["end"]) in gold_spans for e in _unique(p)),
                      sum(any(_overlaps(e, x) for x in g) for e in p),
                      sum(any(_overlaps(e, x) for x in p) for e in g))
            for row in (s, total):
                row.gold += counts[0]
                row.predicted += counts[1]
                row.exact_tp += counts[2]
                row.overlap_tp_predicted += counts[3]
                row.overlap_tp_gold += counts[4]
    ordered = sorted(scores.values(), key=lambda s: (-s.gold, s.type))
    return [s.finish() for s in ordered] + [total.finish()]


def _unique(entities: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entity per span: a span predicted twice counts once toward exact matches."""
    seen: set[tuple[int, int]] = set()
    out = []
    for e in entities:
        key = (e["start"], e["end"])
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def evaluate(gold_path: str | Path, predictions: dict[str, list[dict[str, Any]]] | None = None,
             predictor: Predictor | None = None, system: str | None = None,
             types: Iterable[str] | None = None) -> EntitiesReport:
    """Score one gold file against a predictions file's entities, or against `predictor`."""
    docs = read_gold(gold_path)
    if predictions is not None:
        missing = [d.id for d in docs if d.id not in predictions]
        if len(missing) == len(docs):
            raise EntitiesEvalError(f"no prediction matches a gold id in {gold_path}",
                                    hint="annotate the same gold file, then pass it with -p")
        pred = [predictions.get(d.id, []) for d in docs]
        system = system or "predictions file"
    elif predictor is not None:
        pred = [predictor(d.text) for d in docs]
        system = system or "predictor"
    else:
        raise ValueError("give predictions or a predictor")
    pairs = [(d.entities, p) for d, p in zip(docs, pred, strict=True)]
    report = EntitiesReport(str(gold_path), system, len(docs), score_documents(pairs, types))
    langs = document_languages([{"text": d.text, "language": d.language} for d in docs])
    if len(set(langs)) > 1:
        types = list(types) if types is not None else None
        for lang in sorted(set(langs)):
            subset = [pair for pair, lg in zip(pairs, langs, strict=True) if lg == lang]
            report.by_language[lang] = score_documents(subset, types)
            report.language_documents[lang] = len(subset)
    return report
