"""Web connector: one page (Source.address is its URL), fetched conditionally."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..records import Fetched, Source
from . import base


class WebConnector:
    """Yields the page itself; a 304 comes back as Fetched(not_modified=True)."""

    kind = "web"

    def poll(self, source: Source, fetcher, validators=None) -> Iterator[Fetched]:
        etag, last_modified = validators.get(source.address) if validators else (None, None)
        page = fetcher.get(source.address, etag=etag, last_modified=last_modified)
        yield replace(page, source_id=source.id)


base.register("web", WebConnector)
