"""The learned place ranker: the JSON trees score exactly as the model they were exported from."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from watchfloor.geo.ranking import FEATURES, MODEL_PATH, PlaceRanker, load_ranker

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_place_ranker.py"


def _export():
    spec = importlib.util.spec_from_file_location("train_place_ranker", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.export


def test_exported_trees_score_like_sklearn():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 6))
    y = (x[:, 0] + 0.5 * x[:, 1] * x[:, 2] > 0).astype(int)
    model = HistGradientBoostingClassifier(max_iter=30, max_depth=4, random_state=0).fit(x, y)
    data = _export()(model)
    ranker = PlaceRanker(data["trees"], data["base"])
    test = rng.normal(size=(200, 6))
    assert np.allclose(ranker.score(test), model.decision_function(test), atol=1e-9)


def test_shipped_model_matches_the_feature_list():
    assert MODEL_PATH.exists(), "scripts/train_place_ranker.py --save writes it"
    ranker = load_ranker()
    assert ranker is not None, "model format or feature list out of date: retrain"
    scores = ranker.score(np.zeros((3, len(FEATURES))))
    assert scores.shape == (3,) and np.isfinite(scores).all()
    assert ranker.info.get("cross_validated_acc161")
