"""Readers for GeoNames dump files in their own formats (plain, .gz or .zip).

Every reader checks the layout before yielding anything, so a wrong or corrupt file is
refused with a GazetteerError before a single row is used.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import GazetteerError

GEONAME_COLUMNS = 19


@dataclass(frozen=True)
class GeonameRow:
    """One row of GeoNames' 19-column `geoname` table (the fields we use)."""

    geonameid: int
    name: str
    asciiname: str
    alternatenames: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str
    admin2: str
    population: int


def dump_kind(path: Path) -> str:
    """Which GeoNames table a file holds, from its name (as GeoNames names them)."""
    name = path.name.lower()
    for prefix, kind in (("admin1codes", "admin1"), ("admin2codes", "admin2"),
                         ("countryinfo", "countryinfo"), ("hierarchy", "hierarchy"),
                         ("featurecodes", "featurecodes"), ("alternatenames", "alternatenames")):
        if name.startswith(prefix):
            return kind
    return "geoname"


def open_lines(path: Path) -> Iterator[str]:
    """Text lines of a plain, gzip or zip dump (the zip's main .txt member)."""
    if not path.exists():
        raise GazetteerError(f"{path} does not exist", hint="check the file name")
    if path.stat().st_size == 0:
        raise GazetteerError(f"{path} is empty", hint="download it again")
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
        if magic[:2] == b"\x1f\x8b":
            stream = io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
        elif magic == b"PK\x03\x04":
            zf = zipfile.ZipFile(path)
            members = [m for m in zf.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
            if not members:
                raise GazetteerError(f"{path}: the zip holds no .txt dump",
                                     hint="GeoNames zips hold one <name>.txt")
            stream = io.TextIOWrapper(zf.open(members[0]), encoding="utf-8")
        else:
            stream = open(path, encoding="utf-8")
        with stream:
            yield from stream
    except GazetteerError:
        raise
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path} is corrupt or truncated: {exc}",
                             hint="download it again (`watchfloor gazetteer download`)") from None


def _rows(path: Path, min_cols: int, *, what: str) -> Iterator[tuple[int, list[str]]]:
    seen = False
    for lineno, line in enumerate(open_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").rstrip("\r").split("\t")
        if len(cols) < min_cols:
            raise GazetteerError(
                f"{path}:{lineno}: {len(cols)} columns, a {what} row has {min_cols}",
                hint=f"is this really a GeoNames {what} file?")
        seen = True
        yield lineno, cols
    if not seen:
        raise GazetteerError(f"{path} holds no {what} rows", hint="download it again")


def read_geonames(path: Path) -> Iterator[GeonameRow]:
    """Rows of a `geoname` table dump (cities500, XX.zip, allCountries, no-country)."""
    for lineno, c in _rows(path, GEONAME_COLUMNS, what="geoname (19-column)"):
        if len(c) != GEONAME_COLUMNS:
            raise GazetteerError(
                f"{path}:{lineno}: {len(c)} columns, a geoname row has {GEONAME_COLUMNS}",
                hint="is this a postal-code or other dump?")
        try:
            row = GeonameRow(
                geonameid=int(c[0]), name=c[1], asciiname=c[2],
                alternatenames=tuple(a for a in c[3].split(",") if a),
                lat=float(c[4]), lon=float(c[5]), feature_class=c[6], feature_code=c[7],
                country=c[8], admin1=c[10], admin2=c[11],
                population=int(c[14] or 0),
            )
        except ValueError as exc:
            raise GazetteerError(f"{path}:{lineno}: bad value ({exc})",
                                 hint="the dump looks corrupt; download it again") from None
        if not (-90 <= row.lat <= 90 and -180 <= row.lon <= 180):
            raise GazetteerError(f"{path}:{lineno}: coordinates out of range")
        yield row


def read_admin_codes(path: Path) -> dict[str, tuple[str, str, int]]:
    """admin1CodesASCII / admin2Codes: code ("SY.07") -> (name, ascii name, geonameid)."""
    out: dict[str, tuple[str, str, int]] = {}
    for lineno, c in _rows(path, 4, what="admin code"):
        try:
            out[c[0]] = (c[1], c[2], int(c[3]))
        except ValueError:
            raise GazetteerError(f"{path}:{lineno}: geonameid is not a number") from None
    return out


@dataclass(frozen=True)
class CountryRow:
    iso: str
    name: str
    capital: str
    population: int
    continent: str
    geonameid: int


def read_country_info(path: Path) -> dict[str, CountryRow]:
    """countryInfo.txt: ISO2 -> country row."""
    out: dict[str, CountryRow] = {}
    for lineno, c in _rows(path, 17, what="countryInfo"):
        try:
            out[c[0]] = CountryRow(c[0], c[4], c[5], int(c[7] or 0), c[8], int(c[16]))
        except ValueError:
            raise GazetteerError(f"{path}:{lineno}: bad number in countryInfo row") from None
    return out


def read_hierarchy(path: Path) -> Iterator[tuple[int, int, str]]:
    """hierarchy.txt: (parent id, child id, type)."""
    for lineno, c in _rows(path, 2, what="hierarchy"):
        try:
            yield int(c[0]), int(c[1]), (c[2] if len(c) > 2 else "")
        except ValueError:
            raise GazetteerError(f"{path}:{lineno}: ids must be numbers") from None
