"""The sources file: which places to watch, one [[source]] table each (TOML).

    [[source]]
    name = "Deir Ezzor 24"          # unique
    kind = "rss"                    # rss | web | file | text | telegram
    address = "https://deirezzor24.net/feed/"
    language = "ar"                 # optional ISO 639-1 hint
    reliability = "C"               # Admiralty A-F (F: cannot be judged yet)
    poll_interval_s = 1800          # optional, default from settings
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .errors import ConfigError
from .records import Reliability, Source, SourceKind

FIELDS = {"name", "kind", "address", "language", "reliability", "poll_interval_s"}


def load_sources(path: str | Path, default_interval: int = 900) -> list[Source]:
    """Parse and validate a sources file; every problem names the entry it is in."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"sources file {path} does not exist",
                          hint="create it (see README, 'The sources file') or set sources_file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: write each source as a [[source]] table")
    out: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, 1):
        where = f"{path}, source #{i}"
        unknown = set(entry) - FIELDS
        if unknown:
            raise ConfigError(f"{where}: unknown field(s) {sorted(unknown)}", hint=f"fields: {sorted(FIELDS)}")
        for required in ("name", "kind", "address"):
            if not entry.get(required):
                raise ConfigError(f"{where}: missing {required!r}")
        name = str(entry["name"])
        if name in seen:
            raise ConfigError(f"{where}: duplicate source name {name!r}")
        seen.add(name)
        try:
            kind = SourceKind(entry["kind"])
        except ValueError:
            raise ConfigError(f"{where} ({name}): unknown kind {entry['kind']!r}",
                              hint=f"kinds: {', '.join(k.value for k in SourceKind)}") from None
        try:
            reliability = Reliability(str(entry.get("reliability", "F")).upper())
        except ValueError:
            raise ConfigError(f"{where} ({name}): reliability must be one of A-F") from None
        interval = entry.get("poll_interval_s", default_interval)
        if not isinstance(interval, int) or interval < 30:
            raise ConfigError(f"{where} ({name}): poll_interval_s must be an integer >= 30")
        out.append(Source(name=name, kind=kind, address=str(entry["address"]),
                          language=entry.get("language"), reliability=reliability,
                          poll_interval_s=interval))
    return out
