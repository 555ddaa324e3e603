"""The in-memory gazetteer: places in column lists plus a name index, loaded in one read.

Rows are GeoNames entries; countries and admin areas, which the city dumps list without
coordinates, are added as rows whose point is derived (`derived=True`) and say so.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass, field
from typing import Any

from ..records import Place
from .normalize import fold, keys_for_name

#: Feature codes of rows that stand for a whole area, with the precision they resolve to.
AREA_CODES = {"PCLI": "country", "PCLD": "country", "PCLF": "country", "PCLS": "country",
              "TERR": "country", "PCL": "country", "ADM1": "admin", "ADM2": "admin",
              "ADM3": "admin", "CONT": "region", "RGN": "region", "RGNE": "region",
              # named natural areas (regions.yaml, no-country and full dumps): seas, rivers...
              **dict.fromkeys(("OCN", "SEA", "GULF", "BAY", "STRT", "CHN", "CNL", "STM", "LK",
                               "ISL", "ISLS", "PEN", "DSRT", "VAL", "MTS", "MT", "PLAT", "PLN",
                               "FRST", "GLCR", "WTLD", "SHOL", "AREA"), "region")}


#: Short other names are kept for places this big (or capitals, seats, countries, provinces).
SHORT_NAME_POPULATION = 15_000
SHORT_NAME_CHARS = 6


@dataclass
class Gazetteer:
    """Places as parallel columns (cheap to pickle and load) plus a key -> rows index."""

    kind: str  # "imported" or "bundled"
    description: str
    built_at: str
    sources: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    fcode: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    admin2: list[str] = field(default_factory=list)
    population: list[int] = field(default_factory=list)
    derived: list[bool] = field(default_factory=list)
    #: how many names GeoNames lists for the place: a sign of how widely it is known
    n_names: list[int] = field(default_factory=list)
    #: name key -> row numbers (a tuple, or an int for the common single-row case)
    index: dict[str, Any] = field(default_factory=dict)
    #: short other names of well-known places, folded and run together ("kiev" -> Kyiv):
    #: a short word that spells one of them is not a loose match (recognize.loose_match)
    short_names: dict[str, Any] = field(default_factory=dict)
    #: demonym key -> row of its country ("Syrian" -> Syria)
    demonyms: dict[str, int] = field(default_factory=dict)
    admin1_names: dict[str, str] = field(default_factory=dict)  # "SY.07" -> name
    admin2_names: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # "SY" -> "Syria"
    country_rows: dict[str, int] = field(default_factory=dict)  # "SY" -> row
    admin1_rows: dict[str, int] = field(default_factory=dict)  # "SY.07" -> row
    #: geonameid -> how far a province reaches from its point (radius of a disc of its land's
    #: size, km; territory.py): "in Anbar" may be 200 km from Anbar's point, "in Quneitra" 20 km
    extent_km: dict[int, float] = field(default_factory=dict)
    #: keys of Arabic-script names that are everyday words naming only hamlets (common_words.py)
    common_words: frozenset[str] = frozenset()
    path: str = ""

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, geonameid: int, name: str, lat: float, lon: float, fcode: str,
            country: str, admin1: str, admin2: str, population: int, derived: bool,
            names: list[str] | tuple[str, ...], trusted: tuple[str, ...] = ()) -> int:
        """Append one place and file it under the keys of all its names; returns its row."""
        row = len(self.ids)
        self.ids.append(geonameid)
        self.names.append(name)
        self.lat.append(lat)
        self.lon.append(lon)
        self.fcode.append(sys.intern(fcode))  # a few hundred distinct values: share them
        self.country.append(sys.intern(country))
        self.admin1.append(sys.intern(admin1))
        self.admin2.append(sys.intern(admin2))
        self.population.append(population)
        self.derived.append(derived)
        self.n_names.append(len(names))
        keys: set[str] = set()
        for n in (name, *names):
            if _indexable(n):
                keys |= keys_for_name(n)
        for n in trusted:  # own tables: short forms like "NSW" that look like codes
            keys |= keys_for_name(n)
        for k in keys:
            self._file(k, row)
        if population >= SHORT_NAME_POPULATION or fcode in ("PPLC", "PPLA", "ADM1") or \
                AREA_CODES.get(fcode) == "country":
            own = fold(name).replace(" ", "")
            for n in names:
                short = fold(n).replace(" ", "")
                if 0 < len(short) <= SHORT_NAME_CHARS and short != own:
                    cur = self.short_names.get(short)
                    self.short_names[short] = row if cur is None else (
                        (cur, row) if isinstance(cur, int) else (*cur, row))
        return row

    def spells(self, row: int, folded: str) -> bool:
        """Whether `folded` (folded, no spaces) is one of the row's short other names."""
        cur = self.short_names.get(folded)
        return cur == row if isinstance(cur, int) else (cur is not None and row in cur)

    def compact(self) -> Gazetteer:
        """Numbers into typed arrays: about a third less memory once built (and when loaded)."""
        self.ids = array("q", self.ids)
        self.lat = array("d", self.lat)
        self.lon = array("d", self.lon)
        self.population = array("q", self.population)
        self.derived = array("b", self.derived)
        self.n_names = array("i", self.n_names)
        return self

    def _file(self, key: str, row: int) -> None:
        cur = self.index.get(key)
        if cur is None:
            self.index[key] = row
        elif isinstance(cur, int):
            if cur != row:
                self.index[key] = (cur, row)
        elif row not in cur:
            self.index[key] = (*cur, row)

    def rows_for_key(self, key: str) -> tuple[int, ...]:
        """Rows filed under one normalised key."""
        cur = self.index.get(key)
        if cur is None:
            return ()
        return (cur,) if isinstance(cur, int) else cur

    def row_of(self, geonameid: int) -> int | None:
        """Row number of a geonameid (linear; for tests and single look-ups)."""
        try:
            return self.ids.index(geonameid)
        except ValueError:
            return None

    def precision_of(self, row: int) -> str:
        """'country', 'admin', 'region' for area rows, else 'place'."""
        return AREA_CODES.get(self.fcode[row], "place")

    def admin1_name(self, row: int) -> str:
        return self.admin1_names.get(f"{self.country[row]}.{self.admin1[row]}", "")

    def place(self, row: int) -> Place:
        """The row as a records.Place."""
        return Place(geonameid=self.ids[row], name=self.names[row], lat=self.lat[row],
                     lon=self.lon[row], feature_class=_fclass(self.fcode[row]),
                     feature_code=self.fcode[row], country=self.country[row],
                     admin1=self.admin1[row], admin2=self.admin2[row],
                     population=self.population[row], asciiname=fold(self.names[row]))

    def summary(self) -> dict[str, Any]:
        """What `gazetteer status` shows."""
        codes: dict[str, int] = {}
        for c in self.fcode:
            p = AREA_CODES.get(c, "place")
            codes[p] = codes.get(p, 0) + 1
        return {"kind": self.kind, "description": self.description, "built_at": self.built_at,
                "places": len(self), "names": len(self.index), "by_precision": codes,
                "sources": self.sources, "path": self.path}


def _fclass(fcode: str) -> str:
    if fcode.startswith("PPL"):
        return "P"
    if fcode.startswith(("PCL", "ADM", "TERR")):
        return "A"
    if fcode in ("CONT", "RGN", "RGNE", "AREA", "OILF"):
        return "L"
    if fcode in ("OCN", "SEA", "GULF", "BAY", "STRT", "CHN", "CNL", "STM", "LK", "GLCR", "WTLD",
                 "SHOL"):
        return "H"
    if fcode in ("ISL", "ISLS", "PEN", "DSRT", "VAL", "MTS", "MT", "PLAT", "PLN"):
        return "T"
    if fcode == "FRST":
        return "V"
    if fcode in ("AIRB", "MILB"):
        return "S"
    return ""


def _indexable(name: str) -> bool:
    """Skip codes and numbers that GeoNames keeps among alternate names (IATA, postal)."""
    if not name or len(name) > 200:
        return False
    if not any(ch.isalpha() for ch in name):
        return False
    if len(name) <= 3 and name.isascii() and name.isupper():
        return False
    return True
