"""The one door every connector goes through: Source -> Fetched items.

Built-in connectors (rss, web, file, text, telegram) register here exactly as an outside
package would through the `watchfloor.connectors` entry-point group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Protocol

from ..errors import ConfigError
from ..records import Fetched, Source


class Validators(Protocol):
    """Remembers ETag / Last-Modified per URL so the next poll can ask 'anything new?'."""

    def get(self, url: str) -> tuple[str | None, str | None]: ...


class Connector(Protocol):
    kind: str

    def poll(self, source: Source, fetcher, validators: Validators | None = None) -> Iterator[Fetched]:
        """Yield one Fetched per item the source offers now (not-modified items may be skipped)."""
        ...


_REGISTRY: dict[str, Callable[[], Connector]] = {}


def register(kind: str, factory: Callable[[], Connector]) -> None:
    _REGISTRY[kind] = factory


def connector_for(kind: str) -> Connector:
    _load_builtins()
    if kind not in _REGISTRY:
        for ep in entry_points(group="watchfloor.connectors"):
            if ep.name == kind:
                register(kind, ep.load())
    try:
        return _REGISTRY[kind]()
    except KeyError:
        raise ConfigError(f"no connector for source kind {kind!r}",
                          hint=f"known kinds: {', '.join(sorted(_REGISTRY))}") from None


def known_kinds() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def _load_builtins() -> None:
    # Importing a connector module registers it.
    import importlib

    for name in ("rss", "web", "files", "text", "telegram"):
        try:
            importlib.import_module(f"watchfloor.sources.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"watchfloor.sources.{name}":
                raise
