"""Train (and cross-validate) the learned place ranker on the geo gold sets.

    python scripts/train_place_ranker.py --data-dir DIR [--shared PATH] [--folds 5] [--save]

DIR holds an imported gazetteer (e.g. cities500, as bench/bench_geo.py builds it). Every gold
toponym of LGL, TR-News and GeoVirus gives one group: its candidate rows, their features
(watchfloor.geo.ranking.FEATURES) and a label (within 161 km of the gold point). Documents are
split into folds (all of one document's names in the same fold); the printed acc@161 per corpus
is measured on held-out folds only, running the whole resolver (ranker plus the rules after
it) with the fold's model. `--save` then trains on everything and writes
src/watchfloor/geo/data/place_ranker.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
CORPORA = ("lgl", "trnews", "geovirus")


def collect(data_dir: Path | None, shared: Path):
    from watchfloor.geo.resolve import GazetteerResolver, area_cues, haversine_km
    from watchfloor.geo.storage import load_bundled, load_imported

    gaz = load_imported(data_dir) if data_dir else load_bundled(Path.home() / ".cache" / "watchfloor")
    res = GazetteerResolver(gaz, use_ner=False, ranker=False)
    groups = []  # (corpus, doc_no, rows, X, y, dists)
    docs_by_no = {}
    doc_no = 0
    for corpus in CORPORA:
        with open(shared / "eval" / "geo" / f"{corpus}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                docs_by_no[doc_no] = (corpus, d)
                text = d["text"]
                tops = d.get("toponyms") or []
                names, scores = [], []
                for t in tops:
                    rows, sc = res.candidate_rows(text[t["start"]:t["end"]])
                    names.append((text[t["start"]:t["end"]], rows))
                    scores.append(sc)
                spans = [(t["start"], t["end"]) for t in tops]
                ctx = area_cues(text, spans)
                names = res.area_readings(text, spans, names)  # as resolve_spans reads them
                fg = res.feature_groups(names, None, ctx, scores)
                for t, g in zip(tops, fg, strict=True):
                    if g is None:
                        groups.append((corpus, doc_no, (), None, None, None))
                        continue
                    rows, x = g
                    dist = np.array([haversine_km(t["lat"], t["lon"], gaz.lat[r], gaz.lon[r]) for r in rows])
                    groups.append((corpus, doc_no, rows, x, (dist <= 161).astype(int), dist))
                doc_no += 1
    return gaz, groups, docs_by_no


GBM_PARAMS = {"max_iter": 150, "learning_rate": 0.08, "max_depth": 5, "min_samples_leaf": 40,
              "l2_regularization": 1.0}


#: Evidence that can only make a reading more likely (+1) or less likely (-1), whatever the
#: training documents' habits: keeps the trees from learning, say, that a village of 100 people
#: in the US beats a city of 50,000 in the country the story is about.
MONOTONIC = {"log_population": 1, "population_gap": 1, "population_rank": -1, "exact_name": 1,
             "match_score": 1, "kind_capital": 1, "country_share": 1, "country_named": 1, "majority_country": 1,
             "admin_named": 1, "majority_admin": 1, "near_50": 1, "near_300": 1, "near_1000": 1,
             "log_min_km": -1, "hint_country": 1, "log_names": 1, "names_gap": 1,
             "any_near_50": 1, "any_near_300": 1, "any_log_km": -1}


def monotonic_constraints() -> list[int]:
    from watchfloor.geo.ranking import FEATURES

    return [MONOTONIC.get(f, 0) for f in FEATURES]


def fit(groups, idx, kind: str, params: dict | None = None):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    xs, ys = [], []
    for i in idx:
        _c, _d, rows, x, y, _dist = groups[i]
        if x is None or len(rows) < 2 or y.sum() == 0 or y.sum() == len(y):
            continue  # nothing to learn from a name whose candidates are all right or all wrong
        xs.append(x)
        ys.append(y)
    x = np.vstack(xs)
    y = np.concatenate(ys)
    if kind == "lr":
        m = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    else:
        m = HistGradientBoostingClassifier(**{**GBM_PARAMS, **(params or {})}, random_state=0,
                                           monotonic_cst=monotonic_constraints())
    m.fit(x, y)
    return m


def evaluate(gaz, docs_by_no: dict[int, tuple[str, dict]], test_docs, model) -> dict[str, list[float]]:
    """Errors (km) of the whole resolver, with this fold's model, on held-out documents."""
    from watchfloor.eval.geo import _err
    from watchfloor.geo.ranking import PlaceRanker
    from watchfloor.geo.resolve import GazetteerResolver

    data = export(model)
    res = GazetteerResolver(gaz, use_ner=False, ranker=PlaceRanker(data["trees"], data["base"]))
    errs: dict[str, list[float]] = {c: [] for c in CORPORA}
    for no in test_docs:
        corpus, d = docs_by_no[no]
        tops = d.get("toponyms") or []
        ms = res.resolve_spans(d["text"], [(t["start"], t["end"]) for t in tops])
        for t, m in zip(tops, ms, strict=True):
            a = dict(m.attrs)
            errs[corpus].append(_err(t, {"lat": a.get("lat"), "lon": a.get("lon")}))
    return errs


def export(model) -> dict:
    """A HistGradientBoostingClassifier as plain JSON trees (no pickles in the package)."""
    trees = []
    for (pred,) in model._predictors:
        nodes = pred.nodes
        trees.append({
            "feature": [int(n["feature_idx"]) if not n["is_leaf"] else -1 for n in nodes],
            "threshold": [float(n["num_threshold"]) for n in nodes],
            "left": [int(n["left"]) for n in nodes],
            "right": [int(n["right"]) for n in nodes],
            "value": [float(n["value"]) for n in nodes],
        })
    return {"base": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, help="imported gazetteer (default: the bundled one)")
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("WATCHFLOOR_SHARED", REPO.parent / "shared")))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--models", default="gbm")
    ap.add_argument("--params", type=json.loads, default={}, help='JSON, e.g. {"max_depth": 4}')
    ap.add_argument("--save", action="store_true")
    args = ap.parse_args()
    if not (args.shared / "eval" / "geo").exists():
        print(f"skipped: no gold sets under {args.shared}/eval/geo")
        return 0
    from sklearn.model_selection import GroupKFold

    from watchfloor.eval.geo import auc
    from watchfloor.geo.ranking import FEATURES, MODEL_FORMAT, MODEL_PATH

    t = time.perf_counter()
    gaz, groups, docs_by_no = collect(args.data_dir, args.shared)
    print(f"{len(groups)} toponyms, {sum(len(g[2]) for g in groups)} candidates "
          f"({time.perf_counter() - t:.1f} s)")
    docs = np.array([g[1] for g in groups])
    results = {}
    for kind in args.models.split(","):
        errs: dict[str, list[float]] = {c: [] for c in CORPORA}
        for train, test in GroupKFold(n_splits=args.folds).split(docs, groups=docs):
            m = fit(groups, train, kind, args.params)
            for c, e in evaluate(gaz, docs_by_no, sorted(set(docs[test])), m).items():
                errs[c].extend(e)
        results[kind] = {c: {"acc161": round(float(np.mean(np.array(e) <= 161)), 3),
                             "auc": round(auc(e), 3)} for c, e in errs.items()}
        print(kind, "cross-validated resolution (whole resolver, held-out documents):", results[kind])
    if args.save:
        m = fit(groups, range(len(groups)), "gbm", args.params)
        data = {"format": MODEL_FORMAT, "features": list(FEATURES), **export(m),
                "info": {"trained_on": list(CORPORA), "gazetteer": gaz.description,
                         "cross_validated_acc161": results.get("gbm"), "folds": args.folds}}
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
