"""RSS / Atom / JSON Feed connector: one Fetched per feed entry, usually its article page.

With `follow_feed_links` each entry's link is fetched (up to `max_feed_items` entries). When
that fails, or when following is off, the entry's own content from the feed is yielded as a
small HTML page instead, with the reason in item_meta["fetch_error"]: nothing the feed
said is lost because a site blocked or broke its article page.

A feed that answers 304 Not Modified yields one Fetched(not_modified=True) for the feed URL,
so the caller can record "polled, nothing new".
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

from ..errors import SourceError
from ..records import Fetched, Source
from . import base
from .feed_parse import FeedEntry, ParsedFeed, parse_feed
from .urls import canonical_url

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5")


def entry_meta(entry: FeedEntry, feed: ParsedFeed, feed_url: str) -> tuple[tuple[str, str], ...]:
    """item_meta for an entry: what the feed said about it (empty values left out)."""
    pairs = [
        ("title", entry.title),
        ("published", entry.published.isoformat() if entry.published else ""),
        ("published_raw", "" if entry.published else entry.published_raw),
        ("author", entry.author),
        ("entry_id", entry.entry_id),
        ("link", entry.link),
        ("feed_url", feed_url),
        ("feed_title", feed.title),
        ("feed_format", feed.format),
        ("feed_warning", feed.warning),
    ]
    return tuple((k, v) for k, v in pairs if v)


def entry_page(entry: FeedEntry) -> bytes:
    """The entry's own content as a small UTF-8 HTML page, for when its link cannot be used."""
    body = entry.content if entry.content_type == "text/html" else f"<pre>{html.escape(entry.content)}</pre>"
    title = html.escape(entry.title)
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>\n'
            f"<body><article><h1>{title}</h1>\n{body}\n</article></body></html>\n").encode()


def _entry_address(entry: FeedEntry, feed_url: str) -> str:
    if entry.link:
        return entry.link
    if entry.entry_id.startswith(("http://", "https://")):
        return entry.entry_id
    key = entry.entry_id or (entry.title + entry.content)
    return f"{feed_url}#entry-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


class RssConnector:
    """Polls a feed (Source.address is the feed URL)."""

    kind = "rss"

    def poll(self, source: Source, fetcher, validators=None) -> Iterator[Fetched]:
        settings = fetcher.settings
        etag, last_modified = validators.get(source.address) if validators else (None, None)
        feed = fetcher.get(source.address, etag=etag, last_modified=last_modified, accept=FEED_ACCEPT)
        if feed.not_modified:
            yield replace(feed, source_id=source.id, item_meta=(("feed_url", source.address),))
            return
        parsed = parse_feed(feed.body, feed.final_url, feed.media_type)
        seen_links: set[str] = set()
        for entry in parsed.entries[: int(settings.max_feed_items)]:
            if entry.link:
                # Feeds sometimes repeat an item; fetch each article once per poll.
                try:
                    key = canonical_url(entry.link)
                except SourceError:
                    key = entry.link
                if key in seen_links:
                    continue
                seen_links.add(key)
            meta = entry_meta(entry, parsed, source.address)
            yield self._item(entry, meta, feed, fetcher, validators, source)

    def _item(self, entry: FeedEntry, meta, feed: Fetched, fetcher, validators, source: Source) -> Fetched:
        link = entry.link  # always http(s) or ""
        if fetcher.settings.follow_feed_links and link:
            etag, last_modified = validators.get(link) if validators else (None, None)
            try:
                page = fetcher.get(link, etag=etag, last_modified=last_modified)
            except SourceError as exc:
                return self._from_feed(entry, meta + (("fetch_error", str(exc)),), feed, source)
            return replace(page, item_meta=meta, source_id=source.id)
        return self._from_feed(entry, meta, feed, source)

    @staticmethod
    def _from_feed(entry: FeedEntry, meta, feed: Fetched, source: Source) -> Fetched:
        address = _entry_address(entry, feed.final_url)
        body = entry_page(entry)
        return Fetched(
            url=address, final_url=address, status=feed.status,
            headers=(("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))),
            body=body, media_type="text/html", fetched_at=datetime.now(UTC),
            item_meta=meta + (("content_from", "feed"),), source_id=source.id,
        )


base.register("rss", RssConnector)
