"""Every setting, listed once, with one override order.

Order (later wins): defaults < watchfloor.toml < WATCHFLOOR_* environment variables < --set.
A value written as "$env:NAME" is read from that environment variable, so secrets never sit
in the config file. `watchfloor settings` shows each value and where it came from.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "watchfloor-data", "folder holding the database, WARC archive and gazetteer"),
    Setting("cache_dir", "", "folder for rebuildable caches shared by all data folders "
            "(default: $XDG_CACHE_HOME/watchfloor or ~/.cache/watchfloor)"),
    Setting("database_url", "", "SQLAlchemy URL; empty means SQLite at <data_dir>/watchfloor.sqlite"),
    Setting("sources_file", "sources.toml", "the list of sources to watch"),
    Setting("poll_interval_s", 900, "default seconds between two polls of one Source"),
    Setting("user_agent", "watchfloor/0.1 (+https://github.com/watchfloor/watchfloor)",
            "User-Agent sent with every request"),
    Setting("timeout_s", 20.0, "seconds before a request is abandoned"),
    Setting("max_bytes", 10_000_000, "largest response body kept, in bytes; larger ones are refused"),
    Setting("max_redirects", 5, "redirects followed before giving up"),
    Setting("retries", 2, "retries with exponential backoff on timeouts and 5xx answers"),
    Setting("backoff_s", 1.0, "first backoff delay in seconds, doubled each retry"),
    Setting("host_delay_s", 1.0, "minimum seconds between two requests to one host"),
    Setting("respect_robots", True, "obey robots.txt"),
    Setting("allow_private_addresses", False,
            "allow URLs that resolve to loopback or private networks (tests only: SSRF guard)"),
    Setting("follow_feed_links", True, "fetch each feed item's article page"),
    Setting("max_feed_items", 50, "items taken from one feed per poll"),
    Setting("gazetteer", "auto", "gazetteer to use: auto (imported if any, else the bundled one) or bundled"),
    Setting("geonames_base_url", "https://download.geonames.org/export/dump/",
            "where `watchfloor gazetteer download` fetches GeoNames dumps"),
    Setting("geo_countries", "SY,IQ,LB,IR,YE,IL,PS,JO",
            "countries you follow (ISO codes, comma-separated): a place name that fits several "
            "countries leans towards these; empty for none"),
    Setting("geo_ner", False,
            "also run the NER model to find places the gazetteer misses (better recall, ~10x slower)"),
    Setting("typer_embeddings", False,
            "refine claim types with sentence embeddings too (needs watchfloor[ml]; ~5x slower extraction)"),
    Setting("kb_files", "", "extra actor knowledge-base YAML files, comma-separated (format: kb/data/SCHEMA.md)"),
    Setting("translation_backend", "", "translation backend: '' (none), argos, ctranslate2 or http"),
    Setting("translation_model_dir", "", "folder of installed translation models (default <data_dir>/models/translate)"),
    Setting("translation_protocol", "", "http backend protocol: libretranslate or openai (default: guessed from the URL)"),
    Setting("translation_model", "gpt-4o-mini", "model name sent to an OpenAI-compatible endpoint"),
    Setting("translation_url", "", "OpenAI-compatible or LibreTranslate endpoint for the http backend"),
    Setting("translation_api_key", "", "API key for the translation endpoint ($env:NAME)", secret=True),
    Setting("telegram_api_id", "", "Telegram API id for the MTProto connector ($env:NAME)", secret=True),
    Setting("telegram_api_hash", "", "Telegram API hash for the MTProto connector ($env:NAME)",
            secret=True),
    Setting("telegram_max_pages", 20, "t.me/s pages read backwards at most per poll of one channel"),
    Setting("telegram_rescan_pages", 1, "pages re-read past the last seen post, to catch edits"),
    Setting("log_level", "INFO", "logging level"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any, origin: str, environ: Mapping[str, str] | None = None) -> Any:
    want = type(setting.default)
    if isinstance(value, str) and value.startswith("$env:"):
        var = value[5:]
        env = os.environ if environ is None else {**os.environ, **environ}
        if var not in env:
            raise ConfigError(f"setting {setting.name} refers to ${var}, which is not set",
                              hint=f"export {var}=...")
        value = env[var]
    if want is bool and isinstance(value, str):
        low = value.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{setting.name} from {origin} must be true/false, got {value!r}")
    try:
        return want(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{setting.name} from {origin} must be {want.__name__}, got {value!r}",
            hint=setting.help,
        ) from None


def split_list(value: Any) -> list[str]:
    """A list setting's items: a list as is, or a string split on "," or ";" (blanks dropped)."""
    if not value:
        return []
    parts = value.replace(";", ",").split(",") if isinstance(value, str) else [str(v) for v in value]
    return [p.strip() for p in parts if p.strip()]


class Settings(Mapping[str, Any]):
    """Resolved settings; `origin(name)` says where each value came from."""

    def __init__(self, values: dict[str, Any], origins: dict[str, str]):
        self._values = values
        self._origins = origins

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None

    def origin(self, key: str) -> str:
        return self._origins[key]

    @property
    def data_path(self) -> Path:
        return Path(self._values["data_dir"]).expanduser()

    @property
    def cache_path(self) -> Path:
        if self._values["cache_dir"]:
            return Path(self._values["cache_dir"]).expanduser()
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "watchfloor"

    @property
    def db_url(self) -> str:
        if self._values["database_url"]:
            return self._values["database_url"]
        return f"sqlite:///{self.data_path / 'watchfloor.sqlite'}"

    def replace(self, **changes: Any) -> Settings:
        values = dict(self._values)
        origins = dict(self._origins)
        for k, v in changes.items():
            if k not in _BY_NAME:
                raise ConfigError(f"unknown setting {k!r}")
            values[k] = _coerce(_BY_NAME[k], v, "code")
            origins[k] = "code"
        return Settings(values, origins)

    def describe(self) -> list[tuple[str, str, str, str]]:
        """(name, shown value, origin, help) with secrets masked."""
        rows = []
        for s in SETTINGS:
            v = self._values[s.name]
            shown = "***" if s.secret and v else repr(v)
            rows.append((s.name, shown, self._origins[s.name], s.help))
        return rows


def load_settings(
    config_file: str | os.PathLike[str] | None = None,
    overrides: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings: defaults < config file < WATCHFLOOR_* env < `key=value` overrides."""
    environ = os.environ if environ is None else environ
    values = {s.name: s.default for s in SETTINGS}
    origins = {s.name: "default" for s in SETTINGS}

    path = Path(config_file) if config_file else Path(environ.get("WATCHFLOOR_CONFIG", "watchfloor.toml"))
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        table = data.get("watchfloor", data)
        for key, value in table.items():
            if isinstance(value, dict):
                continue
            if key not in _BY_NAME:
                raise ConfigError(f"{path}: unknown setting {key!r}",
                                  hint="run `watchfloor settings` for the list")
            values[key] = _coerce(_BY_NAME[key], value, str(path), environ)
            origins[key] = str(path)
    elif config_file:
        raise ConfigError(f"config file {path} does not exist")

    for s in SETTINGS:
        var = "WATCHFLOOR_" + s.name.upper()
        if var in environ:
            values[s.name] = _coerce(s, environ[var], var)
            origins[s.name] = var

    for item in overrides:
        if "=" not in item:
            raise ConfigError(f"--set needs key=value, got {item!r}")
        key, value = item.split("=", 1)
        key = key.strip()
        if key not in _BY_NAME:
            raise ConfigError(f"unknown setting {key!r}", hint="run `watchfloor settings` for the list")
        values[key] = _coerce(_BY_NAME[key], value, "--set")
        origins[key] = "--set"
    return Settings(values, origins)
