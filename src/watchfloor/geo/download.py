"""Fetch GeoNames dumps from `geonames_base_url`, check them, and hand them to the importer.

What can be asked for: two-letter country codes (the full per-country dumps `XX.zip`, with
villages, crossings, wadis and sites), `cities500|1000|5000|15000`, `allCountries`,
`no-country`. The admin code tables and countryInfo always come along. A file is checked
(length, zip/gzip integrity, the 19-column layout) before it replaces an earlier copy.
"""

from __future__ import annotations

import gzip
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import httpx

from ..errors import GazetteerError
from .dumps import dump_kind, read_admin_codes, read_country_info, read_geonames
from .storage import gazetteer_dir

ALWAYS = ("admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt")
_CITIES = re.compile(r"^cities(500|1000|5000|15000)$", re.I)

#: progress(file name, bytes so far, total bytes or None)
Progress = Callable[[str, int, int | None], None]


def file_choices(item: str) -> list[str]:
    """The file names one requested item may be published under, in order of preference."""
    if _CITIES.match(item):
        base = item.lower()
        return [f"{base}.zip", f"{base}.txt.gz", f"{base}.txt"]
    if item.lower() in ("allcountries", "all"):
        return ["allCountries.zip", "allCountries.txt.gz"]
    if item.lower() == "no-country":
        return ["no-country.zip", "no-country.txt"]
    if re.fullmatch(r"[A-Za-z]{2}", item):
        return [f"{item.upper()}.zip", f"{item.upper()}.txt.gz", f"{item.upper()}.txt"]
    raise GazetteerError(f"unknown GeoNames dump {item!r}",
                         hint="use country codes (SY IQ …), cities500|1000|5000|15000, "
                              "allCountries or no-country")


def check_file(path: Path) -> None:
    """Refuse a truncated or corrupt download before it is used."""
    with open(path, "rb") as fh:
        magic = fh.read(4)
    try:
        if magic == b"PK\x03\x04":
            with zipfile.ZipFile(path) as zf:
                bad = zf.testzip()
                if bad:
                    raise GazetteerError(f"{path.name}: member {bad} fails its CRC check")
        elif magic[:2] == b"\x1f\x8b":
            with gzip.open(path, "rb") as fh:
                while fh.read(1 << 20):
                    pass
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise GazetteerError(f"{path.name} is corrupt: {exc}", hint="download it again") from None
    kind = dump_kind(path)
    if kind == "geoname":
        for _i, _row in zip(range(1000), read_geonames(path), strict=False):
            pass
    elif kind in ("admin1", "admin2"):
        read_admin_codes(path)
    elif kind == "countryinfo":
        read_country_info(path)


def _fetch(client: httpx.Client, url: str, dest: Path, progress: Progress | None) -> bool:
    """Stream one URL to dest; False on 404, an error for anything else that fails."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=dest.name + ".", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, client.stream("GET", url) as resp:
            if resp.status_code == 404:
                return False
            if resp.status_code != 200:
                raise GazetteerError(f"{url}: HTTP {resp.status_code}",
                                     hint="check geonames_base_url")
            total = int(resp.headers["content-length"]) if "content-length" in resp.headers else None
            got = 0
            for chunk in resp.iter_bytes(1 << 16):
                out.write(chunk)
                got += len(chunk)
                if progress:
                    progress(dest.name, got, total)
        if total is not None and got != total:
            raise GazetteerError(f"{url}: got {got} of {total} bytes", hint="download it again")
        check_file(tmp)
        os.replace(tmp, dest)
        return True
    except httpx.HTTPError as exc:
        raise GazetteerError(f"{url}: {exc}", hint="check the network and geonames_base_url") from None
    finally:
        tmp.unlink(missing_ok=True)


def download(settings, items: list[str], progress: Progress | None = None) -> list[Path]:
    """Download the requested dumps plus admin codes and countryInfo; returns local paths."""
    base = str(settings["geonames_base_url"]).rstrip("/") + "/"
    dest_dir = gazetteer_dir(settings.data_path) / "downloads"
    wanted = [file_choices(i) for i in (items or ["cities500"])]
    wanted += [[name] for name in ALWAYS]
    paths: list[Path] = []
    headers = {"User-Agent": str(settings["user_agent"])}
    with httpx.Client(timeout=float(settings["timeout_s"]), headers=headers,
                      follow_redirects=True) as client:
        for choices in wanted:
            for name in choices:
                if _fetch(client, base + name, dest_dir / name, progress):
                    paths.append(dest_dir / name)
                    break
            else:
                raise GazetteerError(f"none of {', '.join(choices)} found at {base}",
                                     hint="check the name and geonames_base_url")
    return paths
