"""Benchmark the merge stage: quality on the labelled corpus, speed on synthetic claims.

    python bench/bench_merge.py quality            # corpus P/R, threshold sweep, near-dup sweep
    python bench/bench_merge.py sweep              # threshold sweep on 10,000 synthetic claims
    python bench/bench_merge.py batch  --claims 100000
    python bench/bench_merge.py incremental --events 1000000 --adds 1000
    python bench/bench_merge.py all

Synthetic claims come from a seeded RNG: events in eastern Syria, Iraq and Lebanon over two
years, 60 % of them packed into ten hot spots, each reported 1-6 times with jittered dates,
places, actors, figures, copies and citations. Targets (issue): 100,000 claims in < 60 s on one
core; one incremental merge < 50 ms with 1,000,000 events stored.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import random
import resource
import statistics
import sys
import time
from collections.abc import Iterator, MutableMapping
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from pathlib import Path

from watchfloor.merge import MergeConfig, MergeEngine, bcubed_prf, document_overlap, pairwise_prf
from watchfloor.merge.context import ClaimContext
from watchfloor.merge.features import ClaimFeatures, features_of
from watchfloor.merge.goldset import load_corpus
from watchfloor.merge.neardup import NearDuplicateIndex
from watchfloor.records import (
    ActorRole,
    Claim,
    ClaimActor,
    ClaimPlace,
    DatePrecision,
    Document,
    PlacePrecision,
    PlaceRole,
    Reliability,
    Source,
    SourceKind,
)

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "merge" / "corpus.yaml"

TYPES = [
    "battles.armed_clash", "battles.government_regains_territory",
    "explosions.air_drone_strike", "explosions.shelling_artillery_missile_attack",
    "explosions.remote_explosive_landmine_ied", "violence_against_civilians.attack",
    "strategic.movement_of_forces", "strategic.arrests", "protests.peaceful_protest",
]
ACTORS = ["sdf", "isis", "kataib_hezbollah", "us_forces", "israel_idf", "hezbollah",
          "islamic_resistance_iraq", "turkey_tsk", "syrian_army", "hts", "snf", "pmf"]
HOTSPOTS = [(35.10, 40.39), (34.45, 40.92), (35.02, 40.45), (35.95, 39.01), (37.05, 41.23),
            (33.38, 35.48), (34.01, 36.22), (36.38, 41.15), (32.62, 36.10), (33.79, 42.44)]
SOURCES = [Source(name=f"Outlet {i}", kind=SourceKind.WEB, address=f"https://s{i}.invalid",
                  reliability=Reliability("ABCDEF"[i % 6]), id=i) for i in range(40)]
DAY0 = date(2025, 1, 1).toordinal()
PRECISE = [PlacePrecision.PLACE] * 16 + [PlacePrecision.NEAR] * 3 + [PlacePrecision.ADMIN]


def _country(lon: float) -> str:
    return "LB" if lon < 36.6 else ("IQ" if lon > 42.0 else "SY")


class Synthetic:
    """Deterministic synthetic events and their claims; claim i can be rebuilt from (seed, i)."""

    def __init__(self, seed: int = 7):
        self.seed = seed

    def event(self, e: int) -> dict:
        rng = random.Random(self.seed * 1_000_003 + e)
        if rng.random() < 0.6:
            hlat, hlon = rng.choice(HOTSPOTS)
            lat, lon = hlat + rng.gauss(0, 0.15), hlon + rng.gauss(0, 0.15)
        else:
            lat, lon = rng.uniform(32.3, 37.3), rng.uniform(35.2, 43.5)
        return {
            "type": rng.choice(TYPES), "day": DAY0 + rng.randrange(730), "lat": lat, "lon": lon,
            "actors": rng.sample(ACTORS, rng.choice((1, 2, 2))), "fatal": rng.choice(
                (None, 0, 1, 2, 3, 5, 8)), "n": min(6, 1 + int(rng.expovariate(0.5))),
        }

    def claim(self, e: int, j: int, ev: dict | None = None) -> ClaimContext:
        """Report j of event e."""
        ev = ev or self.event(e)
        rng = random.Random((self.seed * 1_000_003 + e) * 17 + j)
        source = SOURCES[rng.randrange(len(SOURCES))]
        day = ev["day"] + (rng.choice((-1, 1)) if rng.random() < 0.15 else 0)
        prec = DatePrecision.DAY if rng.random() < 0.9 else DatePrecision.DAYS
        pprec = rng.choice(PRECISE)
        lat = ev["lat"] + rng.gauss(0, 0.02)
        lon = ev["lon"] + rng.gauss(0, 0.02)
        actors = ev["actors"] if rng.random() < 0.8 else ev["actors"][:1]
        fatal = ev["fatal"]
        if fatal is not None and rng.random() < 0.2:
            fatal += rng.choice((-1, 1, 2))
        copy = j > 0 and rng.random() < 0.25
        words = " ".join(f"w{rng.randrange(5000)}" for _ in range(30))
        text = f"report {e} {'' if copy else j} {ev['type']} near {lat:.2f} {lon:.2f}. " + (
            " ".join(f"w{random.Random(e).randrange(5000)}" for _ in range(30)) if copy else words)
        cited = f"Outlet {e % 40}" if rng.random() < 0.3 else None
        published = datetime.fromordinal(day).replace(tzinfo=UTC) + timedelta(
            hours=rng.randrange(6, 40))
        doc = Document(text=text, url=f"{source.address}/{e}/{j}", canonical_url="",
                       published_at=published, capture_sha256=_sha(e, j), source_id=source.id)
        claim = Claim(
            document_id=None, event_type=ev["type"], start=0, end=40,
            actors=[ClaimActor(a, ActorRole.ACTOR if i == 0 else ActorRole.TARGET, a)
                    for i, a in enumerate(actors)],
            places=[ClaimPlace(f"place {e}", PlaceRole.AT, None, lat, lon, _country(lon), pprec)],
            date=date.fromordinal(day), date_precision=prec, fatalities=fatal,
            cited_source=cited,
        )
        return ClaimContext(claim, doc, source)

    def claims(self, total: int) -> Iterator[tuple[int, ClaimContext]]:
        """(gold event, claim) until `total` claims."""
        e = made = 0
        while made < total:
            ev = self.event(e)
            for j in range(ev["n"]):
                if made == total:
                    return
                yield e, self.claim(e, j, ev)
                made += 1
            e += 1


def _sha(e: int, j: int) -> str:
    return hashlib.sha256(f"syn|{e}|{j}".encode()).hexdigest()


def _key(e: int, j: int, event_type: str) -> str:
    return hashlib.sha256(f"{_sha(e, j)}|0|40|{event_type}".encode()).hexdigest()[:20]


class LazyContexts(MutableMapping):
    """Contexts of stored claims, rebuilt on demand (what a store-backed mapping would do)."""

    def __init__(self, synth: Synthetic, where: dict[str, tuple[int, int]]):
        self.synth, self.where, self.extra = synth, where, {}

    def __getitem__(self, key):
        if key in self.extra:
            return self.extra[key]
        e, j = self.where[key]
        return self.synth.claim(e, j)

    def __setitem__(self, key, value):
        self.extra[key] = value

    def __delitem__(self, key):
        self.extra.pop(key, None)

    def __iter__(self):
        return iter(self.where)

    def __len__(self):
        return len(self.where)


# -- quality ---------------------------------------------------------------------------------

def quality() -> None:
    corpus = load_corpus(CORPUS)
    print(f"corpus: {len(corpus.documents)} reports, {len(corpus.contexts)} claims, "
          f"{len(set(corpus.gold.values()))} happenings")
    print("threshold  pairwise P/R/F1            B-cubed P/R/F1")
    for thr in (0.4, 0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        engine = MergeEngine(MergeConfig(threshold=thr), aliases=corpus.aliases)
        engine.add_many(corpus.contexts)
        part = engine.partition()
        mark = "  <- default" if thr == MergeConfig().threshold else ""
        print(f"  {thr:.2f}     {pairwise_prf(part, corpus.gold)}   "
              f"{bcubed_prf(part, corpus.gold)}{mark}")
    engine = MergeEngine(aliases=corpus.aliases)
    engine.add_many(corpus.contexts)
    members = {}
    for k, h in corpus.gold.items():
        members.setdefault(h, set()).add(k)
    exact = [ev for ev in engine.events() if set(ev.claim_keys) == members[corpus.gold[ev.key]]]
    right = sum(ev.event.corroboration == corpus.expected_origins[corpus.gold[ev.key]]
                for ev in exact)
    print(f"independent-origin count right for {right}/{len(exact)} events that match a gold "
          f"happening exactly ({len(engine.events())} events in all)")

    docs = corpus.documents
    pairs = list(combinations(sorted(docs), 2))
    overlaps = {frozenset(p): document_overlap(docs[p[0]], docs[p[1]]) for p in pairs}
    print(f"near-duplicates: {len(corpus.copies)} gold copy pairs among {len(pairs)} pairs")
    print("  measure      thr   P      R")
    for measure in ("containment", "jaccard"):
        for thr in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            found = {p for p, o in overlaps.items() if getattr(o, measure) >= thr}
            tp = len(found & corpus.copies)
            p = tp / len(found) if found else 1.0
            r = tp / len(corpus.copies)
            print(f"  {measure:<12} {thr:.1f}  {p:.3f}  {r:.3f}")
    copies = sorted(o.containment for p, o in overlaps.items() if p in corpus.copies)
    others = sorted(o.containment for p, o in overlaps.items() if p not in corpus.copies)
    print(f"  containment of gold copies: min {copies[0]:.2f}; of other pairs: max {others[-1]:.2f}")
    index = NearDuplicateIndex()
    for rid, doc in sorted(docs.items()):
        index.add(rid, doc.translation or doc.text)
    tp = fp = 0
    for rid, doc in sorted(docs.items()):
        for other, _ in index.copies_of(doc.translation or doc.text):
            if other < rid:
                tp += frozenset((rid, other)) in corpus.copies
                fp += frozenset((rid, other)) not in corpus.copies
    print(f"  MinHash LSH index (128 perm, estimated containment >= 0.5, on translation when "
          f"present): P={tp / max(1, tp + fp):.3f} R={tp / len(corpus.copies):.3f}")


# -- speed -----------------------------------------------------------------------------------

def batch(n: int) -> None:
    synth = Synthetic()
    t0 = time.perf_counter()
    data = list(synth.claims(n))
    t1 = time.perf_counter()
    c1 = time.process_time()
    engine = MergeEngine()
    engine.add_many(ctx for _, ctx in data)
    t2 = time.perf_counter()
    c2 = time.process_time()
    events = engine.events()
    t3 = time.perf_counter()
    gold = {ctx.key: str(e) for e, ctx in data}
    part = engine.partition()
    print(f"batch: {n} claims ({len(set(gold.values()))} synthetic happenings) generated in "
          f"{t1 - t0:.1f} s")
    print(f"  merged into {len(events)} events in {t2 - t1:.1f} s wall, {c2 - c1:.1f} s CPU "
          f"(scoring, clustering, building every event with origins, contradictions, grade and "
          f"history); events() {t3 - t2:.2f} s")
    print(f"  {n / (c2 - c1):.0f} claims per CPU-second; synthetic quality: pairwise {pairwise_prf(part, gold)}"
          f", B-cubed {bcubed_prf(part, gold)}")


def sweep(n: int) -> None:
    """Threshold sweep on synthetic claims (their noise model is ours: a second opinion only)."""
    data = list(Synthetic(seed=3).claims(n))
    gold = {ctx.key: str(e) for e, ctx in data}
    print(f"synthetic sweep: {n} claims, {len(set(gold.values()))} happenings")
    for thr in (0.4, 0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.75, 0.8):
        engine = MergeEngine(MergeConfig(threshold=thr))
        engine.add_many(ctx for _, ctx in data)
        part = engine.partition()
        print(f"  {thr:.2f}  pairwise {pairwise_prf(part, gold)}  B-cubed {bcubed_prf(part, gold)}")


def incremental(n_events: int, adds: int) -> None:
    synth = Synthetic(seed=11)
    t0 = time.perf_counter()
    where: dict[str, tuple[int, int]] = {}
    feats = []
    for e in range(n_events):
        ev = synth.event(e)
        ctx = synth.claim(e, 0, ev)
        f = features_of(ctx)
        where[f.key] = (e, 0)
        feats.append(f)
    engine = MergeEngine(contexts=LazyContexts(synth, where))
    engine.restore_features(feats)
    del feats
    # a long-running service does this once after loading: the million restored objects then
    # stay out of the cyclic garbage collector's full passes (seconds-long pauses otherwise)
    gc.collect()
    gc.freeze()
    t1 = time.perf_counter()
    print(f"incremental: {n_events} stored events restored in {t1 - t0:.0f} s")
    rng = random.Random(5)
    times = []
    merged = 0
    cpu_times = []
    for i in range(adds):
        e = rng.randrange(n_events)
        ctx = synth.claim(e, 1 + i % 5)  # a further report of a stored event
        s, cs = time.perf_counter(), time.process_time()
        changes = engine.add(ctx)
        times.append((time.perf_counter() - s) * 1000)
        cpu_times.append((time.process_time() - cs) * 1000)
        merged += any(c.kind == "updated" or c.replaces for c in changes)
    times.sort()
    cpu_times.sort()
    print(f"  {adds} new claims added one at a time: wall median {statistics.median(times):.2f} "
          f"ms, p95 {times[int(0.95 * len(times))]:.2f} ms, max {times[-1]:.2f} ms; CPU median "
          f"{statistics.median(cpu_times):.2f} ms, p95 {cpu_times[int(0.95 * len(cpu_times))]:.2f}"
          f" ms; {merged} joined a stored event; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("quality", "sweep", "batch", "incremental", "all"))
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--adds", type=int, default=1000)
    args = ap.parse_args(argv)
    if args.what in ("quality", "all"):
        quality()
    if args.what in ("sweep", "all"):
        sweep(min(args.claims, 10_000))
    if args.what in ("batch", "all"):
        batch(args.claims)
    if args.what in ("incremental", "all"):
        incremental(args.events, args.adds)
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["ClaimFeatures", "Synthetic", "main"]
