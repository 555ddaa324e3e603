"""Build the shipped event typer: cross-validate, then train on everything and save.

    python scripts/train_event_typer.py --shared ../shared

Writes src/watchfloor/extract/typing/models/event_typer_lexical.joblib (always) and
event_typer.joblib (when the sentence encoder is installed), each with a JSON beside it that
records the training data's SHA-256, library versions and cross-validated scores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import joblib
import numpy as np

from watchfloor.extract.taxonomy import DEFAULT_PATH as TAXONOMY_PATH
from watchfloor.extract.taxonomy import load_taxonomy
from watchfloor.extract.typing import features, train
from watchfloor.extract.typing.model import EMBEDDING_MODEL, LEXICAL_MODEL

GOLD = Path("eval/events/case2021-dev.jsonl")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, required=True, help="the ../shared folder")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    parser.add_argument("--lexical-only", action="store_true", help="do not build the embedding model")
    parser.add_argument("--out", type=Path, default=LEXICAL_MODEL.parent)
    args = parser.parse_args(argv)

    gold_path = args.shared / GOLD
    if not gold_path.is_file():
        print(f"error: {gold_path} not found (is --shared the shared folder?)", file=sys.stderr)
        return 2
    taxonomy = load_taxonomy()
    gold, own = train.load_training([gold_path], taxonomy)
    print(f"gold {len(gold)} snippets, own examples {len(own)}")
    base_meta = {
        "training_data": {
            str(GOLD): train.file_sha256(gold_path),
            "examples.yaml": train.file_sha256(train.EXAMPLES_PATH),
            "taxonomy.yaml": train.file_sha256(TAXONOMY_PATH),
        },
        "n_gold": len(gold), "n_own": len(own), **train.environment(),
    }
    args.out.mkdir(parents=True, exist_ok=True)

    builds: list[tuple[str, bool]] = [("lexical", False)]
    if not args.lexical_only:
        if features.encoder_available():
            builds.append(("embedding", True))
        else:
            print(f"sentence encoder not installed, building the lexical model only ({features.ENCODER_INSTALL_HINT})")
    for name, use_encoder in builds:
        g_emb = o_emb = None
        if use_encoder:
            encoder = features.load_encoder()
            t0 = time.perf_counter()
            g_emb = encoder.encode([features.lead_text(t) for t in gold.texts])
            o_emb = encoder.encode([features.lead_text(t) for t in own.texts])
            print(f"encoded {len(gold) + len(own)} texts in {time.perf_counter() - t0:.1f} s")
        meta = dict(base_meta, features="tfidf words+chars" + (" + all-MiniLM-L6-v2" if use_encoder else ""))
        if not args.no_cv:
            meta["cv_gold_only"] = train.cross_validate(gold, own, taxonomy, g_emb, o_emb,
                                                        args.folds, args.repeats, with_own=False)
            meta["cv"] = train.cross_validate(gold, own, taxonomy, g_emb, o_emb,
                                              args.folds, args.repeats, with_own=True)
            print(f"[{name}] CV gold only: {json.dumps(meta['cv_gold_only'])}")
            print(f"[{name}] CV with own examples: {json.dumps(meta['cv'])}")
            if use_encoder:
                meta["cascade"] = train.cross_validate_cascade(gold, own, taxonomy, g_emb, o_emb,
                                                               folds=args.folds, repeats=args.repeats)
                print(f"[cascade] CV lexical first, embedding below threshold: {json.dumps(meta['cascade'])}")
        both = train.LabelledTexts(gold.texts + own.texts, gold.type_ids + own.type_ids,
                                   gold.labels + own.labels)
        embeddings = np.vstack([g_emb, o_emb]) if use_encoder else None
        artifact = train.fit_artifact(both, embeddings, meta)
        path = args.out / (EMBEDDING_MODEL.name if use_encoder else LEXICAL_MODEL.name)
        joblib.dump(artifact, path, compress=3)
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB) and {path.with_suffix('.json').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
