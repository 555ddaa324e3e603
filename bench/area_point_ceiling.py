"""How high can acc@161 go with the best single point for each country, province or continent?

    python bench/area_point_ceiling.py [--data-dir DIR] [--shared PATH]

The three geo gold sets place the same areas at different points: TR-News at GeoNames'
current points (Canada 60.1,-113.6), GeoVirus at Wikipedia's (China 35,103), LGL at older
GeoNames points (Canada 60,-95). A gazetteer holds one point per area, so some of these
mentions are lost whatever point it picks. This script resolves every gold span with the
imported gazetteer (cities500, as bench_geo.py builds it), groups the mentions resolved to
an area (country, ADM1/ADM2, continent, region) by the entry picked, and gives each area the
one point that puts most of its gold mentions, over all three sets, within 161 km (an
oracle fitted to the gold itself: an upper bound, not a method). It prints, per set, the
accuracy now and the accuracy if every area had that oracle point, and the areas whose
mentions no single point can all satisfy.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = ("lgl", "trnews", "geovirus")
AREA_CODES = {"PCLI", "ADM1", "ADM2", "CONT", "RGN"}
KM = 161.0
#: A pick farther than this from the gold is another entity, not the same area at another point.
SAME_ENTITY_KM = 1500.0


def main() -> None:
    from watchfloor.geo import GazetteerResolver, haversine_km
    from watchfloor.geo.storage import load_imported

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default="/tmp/watchfloor-bench-geo")
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    args = ap.parse_args()
    gaz = load_imported(Path(args.data_dir))
    if gaz is None:
        print(f"no imported gazetteer in {args.data_dir}: run bench/bench_geo.py first")
        return
    resolver = GazetteerResolver(gaz, include_demonyms=True)
    hits, totals = Counter(), Counter()
    areas: dict[str, list[tuple[str, float, float, bool, str]]] = defaultdict(list)
    for corpus in CORPORA:
        with open(Path(args.shared) / "eval" / "geo" / f"{corpus}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                spans = [(t["start"], t["end"]) for t in doc["toponyms"]]
                found = {(m.start, m.end): m for m in resolver.resolve_spans(doc["text"], spans)}
                for t in doc["toponyms"]:
                    totals[corpus] += 1
                    m = found.get((t["start"], t["end"]))
                    if m is None or m.attr("lat") is None:
                        continue
                    km = haversine_km(t["lat"], t["lon"], m.attr("lat"), m.attr("lon"))
                    hits[corpus] += km <= KM
                    if m.attr("feature_code") in AREA_CODES and m.value and km <= SAME_ENTITY_KM:
                        areas[m.value].append((corpus, t["lat"], t["lon"], km <= KM, t["name"]))
    now, oracle = Counter(), Counter()
    unsatisfied = []
    for mentions in areas.values():
        golds = {(lat, lon) for _c, lat, lon, _ok, _n in mentions}
        points = golds | {((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a in golds for b in golds}
        best = max(points, key=lambda p: sum(haversine_km(p[0], p[1], m[1], m[2]) <= KM
                                             for m in mentions))
        missed = Counter()
        for corpus, lat, lon, ok, _name in mentions:
            now[corpus] += ok
            if haversine_km(best[0], best[1], lat, lon) <= KM:
                oracle[corpus] += 1
            else:
                missed[corpus] += 1
        if missed:
            unsatisfied.append((sum(missed.values()), mentions[0][4], dict(missed)))
    print("| set | acc@161 now | area mentions within 161 km now | with the oracle point per area | acc@161 with oracle points |")
    print("| --- | --- | --- | --- | --- |")
    for c in CORPORA:
        ceiling = (hits[c] - now[c] + oracle[c]) / totals[c]
        print(f"| {c} | {hits[c] / totals[c]:.3f} | {now[c]} | {oracle[c]} | {ceiling:.3f} |")
    print("\nareas whose gold mentions no single point can all satisfy (mentions left out, by set):")
    for n, name, missed in sorted(unsatisfied, reverse=True)[:12]:
        print(f"  {name}: {n} {missed}")


if __name__ == "__main__":
    main()
