"""A curated table of named areas the city dumps lack: regions, seas, rivers, islands, deserts.

GeoNames' city files hold populated places only, so "Darfur", "the Red Sea" or "the Badia"
were missed or matched to a namesake hamlet. `data/regions.yaml` lists such areas by hand;
`region_rows()` turns them into GeonameRow records a gazetteer build adds like any other rows.

Ids: each entry gets a synthetic negative geonameid, `region_id(code, name)`, derived from its
feature code and name with CRC-32, in -1_999_999_999 .. -1_000_000_000: stable across runs and
machines (unlike hash()), apart from GeoNames' positive ids and from the small negative ids
build.py gives countries it derives. Renaming an entry changes its id.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..datafiles import read_yaml_table
from ..errors import GazetteerError
from .dumps import GeonameRow
from .normalize import keys_for_name

_DATA = "regions.yaml"
ID_BASE = 1_000_000_000

#: Feature codes the table may use, with their GeoNames feature class.
FEATURE_CLASSES = {
    "RGN": "L", "CONT": "L", "AREA": "L",
    "SEA": "H", "GULF": "H", "BAY": "H", "STRT": "H", "OCN": "H", "STM": "H", "LK": "H",
    "CNL": "H", "WTLD": "H", "SHOL": "H", "GLCR": "H",
    "ISL": "T", "ISLS": "T", "PEN": "T", "DSRT": "T", "VAL": "T", "PLN": "T", "PLAT": "T",
    "MTS": "T", "MT": "T", "DPR": "T",
    "FRST": "V",
    "AIRB": "S", "MILB": "S",  # air and military bases the city dumps lack
}
_FIELDS = ("name", "alt", "lat", "lon", "code", "cc", "radius_km")


@dataclass(frozen=True)
class Region:
    """One named area of the table."""

    geonameid: int
    name: str
    alternatenames: tuple[str, ...]
    lat: float
    lon: float
    feature_code: str
    country: str  # ISO2 when inside one country, "" when it spans several
    radius_km: float  # rough extent: how precise a resolution to it is


def region_id(feature_code: str, name: str) -> int:
    """The stable synthetic geonameid of an entry (see the module docstring)."""
    return -(ID_BASE + zlib.crc32(f"{feature_code}:{name}".encode()) % ID_BASE)


def _entry(where: str, i: int, item: object) -> Region:
    """One validated entry; GazetteerError naming it when a field is missing or wrong."""
    label = f"{where}: entry {i + 1}"
    if not isinstance(item, dict):
        raise GazetteerError(f"{label} is not a mapping", hint="write {name: ..., lat: ..., ...}")
    name = item.get("name")
    if isinstance(name, str) and name.strip():
        label += f" ({name!r})"
    else:
        raise GazetteerError(f"{label} has no name", hint="each entry needs a name")
    unknown = sorted(set(item) - set(_FIELDS))
    missing = [f for f in _FIELDS if f not in item and f != "alt"]
    if unknown or missing:
        raise GazetteerError(f"{label}: " + "; ".join(
            ([f"unknown field(s) {unknown}"] if unknown else [])
            + ([f"missing {missing}"] if missing else [])), hint=f"fields are {', '.join(_FIELDS)}")
    alt = item.get("alt") or []
    if not isinstance(alt, list) or not all(isinstance(a, str) and a.strip() for a in alt):
        raise GazetteerError(f"{label}: alt must be a list of names", hint="alt: [Name1, Name2]")
    lat, lon, radius = item["lat"], item["lon"], item["radius_km"]
    for field, value in (("lat", lat), ("lon", lon), ("radius_km", radius)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise GazetteerError(f"{label}: {field} is not a number ({value!r})")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(f"{label}: point ({lat}, {lon}) is out of range",
                             hint="lat is -90..90, lon -180..180 (lat first)")
    if radius <= 0:
        raise GazetteerError(f"{label}: radius_km must be positive")
    code = item["code"]
    if code not in FEATURE_CLASSES:
        raise GazetteerError(f"{label}: unknown feature code {code!r}",
                             hint=f"use one of {', '.join(sorted(FEATURE_CLASSES))}")
    cc = item["cc"]
    if not isinstance(cc, str) or not (cc == "" or (len(cc) == 2 and cc.isalpha() and cc.isupper())):
        raise GazetteerError(f"{label}: cc must be an ISO2 code or \"\" ({cc!r})",
                             hint='quote it: cc: "NO" (YAML reads a bare NO as false)')
    names = tuple(dict.fromkeys(a.strip() for a in alt if a.strip() != name))
    for n in (name, *names):
        if not keys_for_name(n):
            raise GazetteerError(f"{label}: name {n!r} has no index key",
                                 hint="names need letters and at most 8 words")
    return Region(region_id(code, name), name, names, float(lat), float(lon), code, cc,
                  float(radius))


@lru_cache(maxsize=4)
def load_regions(path: str | Path | None = None) -> tuple[Region, ...]:
    """The table (the packaged one unless `path`), validated once and cached.

    Raises GazetteerError naming the entry when the file is malformed.
    """
    raw, where = read_yaml_table("watchfloor.geo", _DATA, path, GazetteerError)
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        raise GazetteerError(f"{where} has no 'entries' list", hint="the file holds 'entries:'")
    regions: list[Region] = []
    by_id: dict[int, str] = {}
    for i, item in enumerate(raw["entries"]):
        region = _entry(where, i, item)
        if region.geonameid in by_id:
            raise GazetteerError(
                f"{where}: entry {i + 1} ({region.name!r}) has the same id as {by_id[region.geonameid]!r}",
                hint="two entries with one name and code: merge them or rename one")
        by_id[region.geonameid] = region.name
        regions.append(region)
    return tuple(regions)


def region_rows(path: str | Path | None = None) -> list[GeonameRow]:
    """The table as GeonameRow records, ready for build_gazetteer's `rows`."""
    return [GeonameRow(geonameid=r.geonameid, name=r.name, asciiname=r.name,
                       alternatenames=r.alternatenames, lat=r.lat, lon=r.lon,
                       feature_class=FEATURE_CLASSES[r.feature_code],
                       feature_code=r.feature_code, country=r.country, admin1="", admin2="",
                       population=0)
            for r in load_regions(path)]


def region_radius_km(path: str | Path | None = None) -> dict[int, float]:
    """geonameid -> rough extent in km, for callers that grade precision by size."""
    return {r.geonameid: r.radius_km for r in load_regions(path)}
