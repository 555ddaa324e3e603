"""Feed bytes -> FeedEntry list: RSS 0.9x/1.0/2.0 and Atom via feedparser, JSON Feed here.

feedparser 6.0 does not read JSON Feed (https://jsonfeed.org/version/1.1), so the few
fields watchfloor needs are read from the JSON directly. Broken XML is common in real
feeds: what feedparser recovers is used when it found entries (the problem is kept as a
warning); a feed with nothing recoverable is a SourceError.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser

from ..errors import SourceError
from .sniff import looks_like_html

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|RDF|channel)[\s>/]", re.IGNORECASE)
_ANY_HTML_TAG = re.compile(rb"<(html|head|body|div|p|img|a|span|table|br|h[1-6]|script|meta)[\s>/]",
                           re.IGNORECASE)


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, reduced to what the connector and reader need."""

    title: str = ""
    link: str = ""
    entry_id: str = ""
    published: datetime | None = None
    published_raw: str = ""
    author: str = ""
    content: str = ""  # the entry's own body (full content if given, else summary)
    content_type: str = "text/html"


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    format: str  # feedparser's version string (rss20, atom10...) or "json1"
    entries: list[FeedEntry] = field(default_factory=list)
    warning: str = ""  # what was wrong with a feed we still used


def _struct_to_dt(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _looks_like_json(body: bytes, media_type: str) -> bool:
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") or media_type in ("application/feed+json", "application/json")


def _html_not_feed(body: bytes) -> bool:
    head = body[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _FEED_ROOT.search(head):
        return False
    return looks_like_html(head) or bool(head.startswith(b"<") and _ANY_HTML_TAG.search(head))


def parse_feed(body: bytes, url: str, media_type: str = "") -> ParsedFeed:
    """Parse feed bytes fetched from `url` (relative links resolve against it)."""
    if not body.strip():
        raise SourceError(f"feed {url} is empty", hint="check the feed address in a browser")
    if _looks_like_json(body, media_type):
        return _parse_json_feed(body, url)
    try:
        parsed = feedparser.parse(body, response_headers={"content-location": url})
    except Exception as exc:  # a third-party parser's crash on one feed must not stop a poll cycle
        raise SourceError(f"feed {url} could not be parsed: {type(exc).__name__}: {exc}",
                          hint="the feed is unusual enough to crash feedparser; report it") from None
    problem = parsed.get("bozo_exception") if parsed.bozo else None
    if not parsed.entries:
        if _html_not_feed(body):
            raise SourceError(f"{url} is not a feed (got an HTML page)",
                              hint="use a 'web' source for pages, or find the page's RSS/Atom link")
        if not parsed.version:
            raise SourceError(f"{url} is not a feed or is too malformed to read: {problem or 'no feed elements'}",
                              hint="check the feed address; the site may have changed its feed")
        if problem:
            raise SourceError(f"feed {url} is malformed and no entries could be recovered: {problem}",
                              hint="the site publishes broken XML; try again later or report it")
    entries = [_from_feedparser(e, url) for e in parsed.entries]
    warning = f"malformed feed, {len(entries)} entries recovered: {problem}" if problem else ""
    return ParsedFeed(title=parsed.feed.get("title", ""), format=parsed.version or "unknown",
                      entries=entries, warning=warning)


def _from_feedparser(entry, base: str) -> FeedEntry:
    content, ctype = "", "text/html"
    if entry.get("content"):
        part = entry["content"][0]
        content, ctype = part.get("value", ""), part.get("type", "text/html")
    elif entry.get("summary"):
        content = entry["summary"]
        ctype = entry.get("summary_detail", {}).get("type", "text/html")
    return FeedEntry(
        title=entry.get("title", "") or "",
        link=_web_link(base, entry.get("link", "")),
        entry_id=entry.get("id", "") or "",
        published=_struct_to_dt(entry.get("published_parsed") or entry.get("updated_parsed")),
        published_raw=entry.get("published", "") or entry.get("updated", "") or "",
        author=entry.get("author", "") or "",
        content=content or "",
        content_type="text/plain" if ctype == "text/plain" else "text/html",
    )


def _web_link(base: str, link) -> str:
    """An entry's link made absolute, or "" when it is not http(s) (feedparser copies a
    `urn:` id into `link`, and some feeds link to `javascript:` or `mailto:`)."""
    if not link or not isinstance(link, str):
        return ""
    absolute = urljoin(base, link.strip())
    return absolute if absolute.lower().startswith(("http://", "https://")) else ""


def _parse_json_date(value) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"feed {url} looks like JSON but is not valid JSON: {exc}",
                          hint="the JSON Feed is broken; try again later or report it") from None
    if not isinstance(data, dict) or "jsonfeed.org/version" not in str(data.get("version", "")):
        raise SourceError(f"{url} is JSON but not a JSON Feed (no jsonfeed.org version)",
                          hint="only RSS, Atom and JSON Feed are read")
    items = data.get("items")
    if not isinstance(items, list):
        raise SourceError(f"JSON Feed {url} has no 'items' list")
    feed_authors = _json_authors(data)
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url") or ""
        if item.get("content_html"):
            content, ctype = item["content_html"], "text/html"
        elif item.get("content_text"):
            content, ctype = item["content_text"], "text/plain"
        else:
            content, ctype = item.get("summary", "") or "", "text/plain"
        raw_date = item.get("date_published") or item.get("date_modified") or ""
        entries.append(FeedEntry(
            title=str(item.get("title", "") or ""),
            link=_web_link(url, link),
            entry_id=str(item.get("id", "") or ""),
            published=_parse_json_date(raw_date),
            published_raw=str(raw_date),
            author=_json_authors(item) or feed_authors,
            content=str(content),
            content_type=ctype,
        ))
    version = str(data.get("version", "")).rstrip("/").rsplit("/", 1)[-1]
    return ParsedFeed(title=str(data.get("title", "") or ""), format=f"json{version}", entries=entries)


def _json_authors(obj: dict) -> str:
    authors = obj.get("authors") or ([obj["author"]] if isinstance(obj.get("author"), dict) else [])
    names = [a.get("name", "") for a in authors if isinstance(a, dict) and a.get("name")]
    return ", ".join(names)
