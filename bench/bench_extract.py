"""Benchmark: full extraction (every extract step) on real news texts.

    python bench/bench_extract.py [--limit N] [--no-ner] [--shared PATH]

Texts are the hand-checked article bodies of shared/eval/read/ground-truth.json (181 real
news articles, median ~530 words). Reports articles/second per core after start-up (the
process runs on one core: torch and BLAS are pinned to one thread), the start-up time,
the words/second, the claims found, and the peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=os.environ.get("WATCHFLOOR_SHARED",
                                                           str(Path(__file__).resolve().parents[2] / "shared")))
    parser.add_argument("--limit", type=int, default=181)
    parser.add_argument("--no-ner", action="store_true")
    parser.add_argument("--data-dir", default="/tmp/watchfloor-bench")
    args = parser.parse_args()
    truth = Path(args.shared) / "eval/read/ground-truth.json"
    if not truth.exists():
        print(f"skipped: {truth} not found")
        return 0
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass

    from watchfloor.extract.run import Extractor
    from watchfloor.read.language import identify
    from watchfloor.records import Document
    from watchfloor.settings import load_settings

    settings = load_settings(environ={}, overrides=[f"data_dir={args.data_dir}"])
    items = list(json.loads(truth.read_text(encoding="utf-8")).values())[: args.limit]
    docs = []
    for n, item in enumerate(items):
        text = item["articleBody"]
        lang, _score = identify(text)
        docs.append(Document(text=text, url=item.get("url") or f"bench:{n}", canonical_url=f"bench:{n}",
                             language=lang, capture_sha256=f"{n:064d}"))
    t0 = time.perf_counter()
    extractor = Extractor(settings, use_ner=not args.no_ner)
    extractor.extract(Document(text="On Monday, militia fighters moved from Iraq into Syria. "
                                    "A drone strike on their convoy killed four of them.",
                               url="warm", canonical_url="warm", language="en", capture_sha256="0" * 64))
    startup = time.perf_counter() - t0
    words = sum(len(d.text.split()) for d in docs)
    t0 = time.perf_counter()
    claims = 0
    for d in docs:
        claims += len(extractor.extract(d).claims)
    elapsed = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("articles", len(docs)),
        ("mean words per article", round(words / len(docs))),
        ("start-up (models loaded), s", round(startup, 2)),
        ("articles/second (one core)", round(len(docs) / elapsed, 1)),
        ("words/second", round(words / elapsed)),
        ("claims found", claims),
        ("peak RSS, MB", round(rss_mb)),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
