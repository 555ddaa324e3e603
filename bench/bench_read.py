"""Benchmark the read stage on 181 real news pages: speed, peak memory, main-text quality.

Data: ../shared/eval/read/html/<sha256>.html.gz with ground-truth.json (sha256 -> {articleBody,
url}); the file name is the ground-truth key. Quality is token-level precision, recall and F1
of Document.text against articleBody (multiset of lowercased word tokens), averaged over pages.

    python bench/bench_read.py [--shared PATH] [--limit N] [--baseline] [--tracemalloc]
    python bench/bench_read.py --languages

--languages measures language identification instead, on our own sentences
(tests/data/read/language_samples.yaml and the held-out language_holdout.yaml), comparing
read.language.identify with langid and lingua used alone on the same candidates.

--baseline also scores the cleaned full text of each page (what read falls back to), to show
what main-text extraction buys. --tracemalloc runs a second, untimed pass to report the
peak of Python allocations (tracing slows reading several-fold, so the timed pass never traces).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shared_path(arg: str | None) -> Path:
    return Path(arg or os.environ.get("WATCHFLOOR_SHARED", REPO.parent / "shared"))


def tokens(text: str) -> Counter[str]:
    return Counter(t.casefold() for t in _TOKEN.findall(text))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Token-level precision, recall and F1 of predicted text against the gold text."""
    p, g = tokens(predicted), tokens(gold)
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else (1.0 if not g else 0.0)
    recall = overlap / sum(g.values()) if g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="the shared data folder (default ../shared or $WATCHFLOOR_SHARED)")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N pages")
    parser.add_argument("--baseline", action="store_true", help="also score the full-text fallback")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="second pass measuring peak Python allocations per page")
    parser.add_argument("--languages", action="store_true",
                        help="measure language identification on the own sample sets instead")
    args = parser.parse_args(argv)
    if args.languages:
        return bench_languages()

    folder = shared_path(args.shared) / "eval" / "read"
    pages = sorted((folder / "html").glob("*.html.gz"))
    truth_file = folder / "ground-truth.json"
    if not pages or not truth_file.exists():
        print(f"skipped: no pages or ground truth under {folder} (set --shared or WATCHFLOOR_SHARED)")
        return 0
    if args.limit:
        pages = pages[: args.limit]
    truth = json.loads(truth_file.read_text(encoding="utf-8"))

    sys.path.insert(0, str(REPO / "src"))
    from watchfloor.errors import ReadError
    from watchfloor.read.html import _full_text
    from watchfloor.read.reader import read

    bodies = [(p.name.split(".")[0], gzip.decompress(p.read_bytes())) for p in pages]
    # Warm-up: load models (language, trafilatura) outside the timed loop.
    read(None, bodies[0][1], url=truth.get(bodies[0][0], {}).get("url", "http://x/"), media_type="text/html")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scores: list[tuple[float, float, float]] = []
    fallback_scores: list[tuple[float, float, float]] = []
    failures: list[str] = []
    timings: list[float] = []
    start_all = time.perf_counter()
    cpu_start = time.process_time()
    for key, body in bodies:
        gold = truth.get(key)
        url = gold["url"] if gold else "http://unknown/"
        t0 = time.perf_counter()
        try:
            doc = read(None, body, url=url, media_type="text/html")
        except ReadError as exc:
            failures.append(f"{key[:12]}: {exc}")
            if gold:
                scores.append((0.0, 0.0, 0.0))
            continue
        finally:
            timings.append(time.perf_counter() - t0)
        if gold:
            scores.append(prf(doc.text, gold["articleBody"]))
    elapsed = time.perf_counter() - start_all
    cpu = time.process_time() - cpu_start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    traced_peak = None
    if args.tracemalloc:
        traced_peak = 0
        for key, body in bodies:
            tracemalloc.start()
            try:
                read(None, body, url=truth.get(key, {}).get("url", "http://x/"), media_type="text/html")
            except ReadError:
                pass
            traced_peak = max(traced_peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()

    if args.baseline:
        from watchfloor.read.decode import decode

        for key, body in bodies:
            if key in truth:
                fallback_scores.append(prf(_full_text(decode(body, media_type="text/html").text),
                                           truth[key]["articleBody"]))

    n = len(bodies)
    print(f"read stage on {n} pages from {folder}")
    print(f"{'measure':<34}{'value':>12}")
    print("-" * 46)
    print(f"{'documents/second (wall)':<34}{n / elapsed:>12.1f}")
    print(f"{'documents/CPU-second':<34}{n / cpu:>12.1f}")
    print(f"{'median ms per page (wall)':<34}{median(timings) * 1000:>12.1f}")
    print(f"{'slowest page ms (wall)':<34}{max(timings) * 1000:>12.1f}")
    if traced_peak is not None:
        print(f"{'peak Python allocations/page MB':<34}{traced_peak / 1e6:>12.1f}")
    print(f"{'peak RSS MB (process, before)':<34}{rss_before / 1024:>12.1f}")
    print(f"{'peak RSS MB (process, after)':<34}{rss_after / 1024:>12.1f}")
    print(f"{'read errors':<34}{len(failures):>12}")
    print()
    print(f"{'main text vs articleBody':<26}{'precision':>10}{'recall':>10}{'F1':>10}")
    print("-" * 56)
    rows = [("read() (mean over pages)", scores)]
    if fallback_scores:
        rows.append(("full-text fallback only", fallback_scores))
    for name, values in rows:
        p, r, f = (mean([v[i] for v in values]) for i in range(3))
        print(f"{name:<26}{p:>10.3f}{r:>10.3f}{f:>10.3f}")
    print(f"{'read() median F1':<26}{'':>20}{median([v[2] for v in scores]):>10.3f}")
    for line in failures[:10]:
        print("  failed:", line)
    return 0


def bench_languages() -> int:
    """Accuracy of identify() vs langid and lingua alone, per sample set, and speed."""
    import yaml

    sys.path.insert(0, str(REPO / "src"))
    from langid.langid import LanguageIdentifier, model

    from watchfloor.read.language import DEFAULT_CANDIDATES, identify

    langid_alone = LanguageIdentifier.from_modelstring(model, norm_probs=True)
    langid_alone.set_languages(list(DEFAULT_CANDIDATES))
    systems = {
        "read.language.identify": lambda text: identify(text).code,
        "langid alone": lambda text: langid_alone.classify(text.encode("utf-8"))[0],
    }
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        known = {lang.iso_code_639_1.name.lower() for lang in Language.all()}
        langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper()))
                 for c in DEFAULT_CANDIDATES if c in known]
        detector = LanguageDetectorBuilder.from_languages(*langs).build()

        def lingua_alone(text: str) -> str | None:
            found = detector.detect_language_of(text)
            return found.iso_code_639_1.name.lower() if found else None

        systems["lingua alone (no ku, ps)"] = lingua_alone
    except ImportError:
        print("lingua-language-detector not installed: skipping its row")

    data_dir = REPO / "tests" / "data" / "read"
    print(f"{'system':<28}{'set':<10}{'right':>8}{'of':>6}{'accuracy':>10}{'ms/text':>9}")
    print("-" * 71)
    for set_name in ("language_samples.yaml", "language_holdout.yaml"):
        data = yaml.safe_load((data_dir / set_name).read_text(encoding="utf-8"))
        items = [(lang.split("_")[0], text) for lang, texts in data.items() for text in texts]
        for name, system in systems.items():
            for _, text in items:  # load every model outside the timing
                system(text)
            t0 = time.perf_counter()
            right = sum(system(text) == lang for lang, text in items)
            ms = (time.perf_counter() - t0) / len(items) * 1000
            label = "dev" if set_name == "language_samples.yaml" else "held-out"
            print(f"{name:<28}{label:<10}{right:>8}{len(items):>6}{right / len(items):>10.3f}{ms:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
