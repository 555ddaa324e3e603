"""Telegram connector (kind "telegram"): public channels, Desktop exports, or MTProto.

Source.address picks the way in:
- a channel: "@name", "name", "t.me/name", "https://t.me/s/name", or any full URL whose path
  is /s/<name> (tests point it at 127.0.0.1) -> its public web preview, read page by page;
- a Telegram Desktop export: a path or file:// URL to result.json (or its folder), optionally
  followed by "#@name" when the chat is the public channel @name (posts then get t.me URLs);
- "mtproto:@name" -> the MTProto API through Telethon, with your own credentials
  (optional extra `pip install 'watchfloor[telegram]'`, see telegram_mtproto.py).

Each post becomes one `Fetched`: url = https://t.me/<channel>/<id> (or the test host's
equivalent), a small HTML document holding the post's markup without what changes on its
own (view counts, reactions, avatars, CDN tokens), so the same post gives the same bytes
until its author edits it. `item_meta` carries post_id, channel, published, views,
forwarded_from (+ _url: the cited source; a forward is never an independent origin),
reply_to, edited, media, links, hashtags, content_hash (of the text) and change (new/edited).

Only new and edited posts are yielded. The connector asks a `PostState` for the SHA-256 of
the body it last kept per post URL; the pipeline passes its Store, whose
`latest_capture_sha(canonical_url)` answers that. Paging goes back with ?before=<id> until
a page holds a post already seen unchanged, then reads `rescan_pages` more pages (to catch
recent edits), never more than `max_pages`. All pages are read and parsed before the first
post is yielded, oldest first: a broken page yields nothing, and a poll that fails half-way
leaves no gap behind the posts it stored.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable
from urllib.parse import unquote, urlsplit, urlunsplit

from ..errors import SourceError
from ..records import Fetched, Source
from . import base
from .telegram_web import ChannelPage, WebPost, classify_profile_page, parse_channel_page
from .urls import canonical_url

DEFAULT_MAX_PAGES = 20
DEFAULT_RESCAN_PAGES = 1
TELEGRAM_WEB = "https://t.me"
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,31}$")
_TELEGRAM_HOSTS = {"t.me", "telegram.me", "telegram.dog", "www.t.me"}
_NO_PREVIEW_HINT = ("read it with the MTProto connector (address 'mtproto:@name', your own API "
                    "credentials) or import a Telegram Desktop export of it")


@runtime_checkable
class PostState(Protocol):
    """What the connector needs to know about earlier polls."""

    def seen_sha(self, url: str) -> str | None:
        """SHA-256 of the body last kept for this post URL, or None for a post never seen."""
        ...


class StorePostState:
    """PostState over a Store: the newest capture's SHA-256 for the post's canonical URL."""

    def __init__(self, store):
        self.store = store

    def seen_sha(self, url: str) -> str | None:
        return self.store.latest_capture_sha(canonical_url(url))


def post_state(state) -> PostState | None:
    """Accept a PostState, a Store (latest_capture_sha), or None / plain Validators (no state)."""
    if state is None:
        return None
    if isinstance(state, PostState):
        return state
    if hasattr(state, "latest_capture_sha"):
        return StorePostState(state)
    return None


@dataclass(frozen=True)
class ChannelAddress:
    """A parsed Source.address: which way in, and the channel it names."""

    mode: str  # "web", "export" or "mtproto"
    channel: str = ""
    first_page: str = ""  # web: the /s/<name> page
    path: Path | None = None  # export: result.json


def parse_address(address: str) -> ChannelAddress:
    """Read a Telegram Source.address; SourceError (with the accepted forms) when unusable."""
    raw = (address or "").strip()
    forms = ("@name, t.me/name, https://t.me/s/name, http://host:port/s/name, "
             "mtproto:@name, or a path to a Telegram Desktop result.json")
    if not raw:
        raise SourceError("Telegram source has an empty address", hint=f"use {forms}")
    if raw.lower().startswith("mtproto:"):
        name = raw[8:].strip().lstrip("@")
        return ChannelAddress("mtproto", channel=_username(name, raw, forms))
    if raw.startswith("file://") or raw.endswith(".json") or "/" in raw and Path(
            raw.split("#", 1)[0]).exists():
        return _export_address(raw)
    if raw.startswith("@"):
        return _web(TELEGRAM_WEB, _username(raw[1:], raw, forms))
    if _USERNAME.match(raw):
        return _web(TELEGRAM_WEB, raw)
    url = raw if "://" in raw else "https://" + raw
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    host = (parts.hostname or "").lower()
    if segments and (segments[0].startswith("+") or segments[0] == "joinchat"):
        raise SourceError(f"{raw} is an invite link to a private channel or group: it has no "
                          f"public web preview", hint=_NO_PREVIEW_HINT)
    if segments and segments[0] == "s" and len(segments) >= 2:
        name = _username(segments[1], raw, forms)
        origin = TELEGRAM_WEB if host in _TELEGRAM_HOSTS else urlunsplit(
            (parts.scheme, parts.netloc, "", "", ""))
        return _web(origin, name)
    if host in _TELEGRAM_HOSTS and segments:
        return _web(TELEGRAM_WEB, _username(segments[0], raw, forms))
    raise SourceError(f"not a Telegram channel address: {raw!r}", hint=f"use {forms}")


def _username(name: str, raw: str, forms: str) -> str:
    if not _USERNAME.match(name):
        raise SourceError(f"{raw!r} does not name a Telegram channel ({name!r} is not a valid "
                          f"username: 3-32 letters, digits or _, starting with a letter)",
                          hint=f"use {forms}")
    return name


def _web(origin: str, name: str) -> ChannelAddress:
    return ChannelAddress("web", channel=name, first_page=f"{origin}/s/{name}")


def _export_address(raw: str) -> ChannelAddress:
    location, _, fragment = raw.partition("#")
    if location.startswith("file://"):
        location = unquote(urlsplit(location).path)
    path = Path(location).expanduser()
    if path.is_dir():
        path = path / "result.json"
    channel = fragment.strip().lstrip("@")
    if channel and not _USERNAME.match(channel):
        raise SourceError(f"{raw!r}: {channel!r} after '#' is not a channel username",
                          hint="write the export path as /path/result.json#@channelname")
    return ChannelAddress("export", channel=channel, path=path)


# -- the web preview ------------------------------------------------------------------------


def body_sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def post_document(post: WebPost, channel_title: str, language: str | None) -> bytes:
    """The stored form of a web post: a small UTF-8 page around the post's cleaned markup."""
    title = html.escape(f"{channel_title or post.channel} — {post.post_id}")
    lang = f' lang="{html.escape(language)}"' if language else ""
    return (
        f'<!DOCTYPE html>\n<html{lang}><head><meta charset="utf-8"><title>{title}</title>\n'
        f'<link rel="canonical" href="{html.escape(post.url)}">\n'
        f'<meta property="article:published_time" content="{post.published.isoformat()}">\n'
        f'<meta property="og:site_name" content="{html.escape(channel_title or post.channel)}">\n'
        f"</head><body><article>\n{post.html}\n</article></body></html>\n"
    ).encode()


def post_meta(post: WebPost, page: ChannelPage, page_url: str, source: Source,
              change: str) -> tuple[tuple[str, str], ...]:
    """item_meta for a web post (empty values left out)."""
    pairs = [
        ("post_id", str(post.post_id)),
        ("channel", post.channel),
        ("channel_title", page.title),
        ("published", post.published.isoformat()),
        ("author", post.author),
        ("views", "" if post.views is None else str(post.views)),
        ("forwarded_from", post.forwarded_from),
        ("forwarded_from_url", post.forwarded_from_url),
        ("reply_to", "" if post.reply_to is None else str(post.reply_to)),
        ("reply_to_url", post.reply_to_url),
        ("edited", "true" if post.edited else ""),
        ("media", ",".join(post.media)),
        ("media_urls", "\n".join(post.media_urls)),
        ("document_titles", "\n".join(post.document_titles)),
        ("links", "\n".join(post.links)),
        ("hashtags", "\n".join(post.hashtags)),
        ("link_preview_url", post.link_preview_url),
        ("link_preview_title", post.link_preview_title),
        ("language", source.language or ""),
        ("content_hash", post.content_hash),
        ("change", change),
        ("container_url", page_url),
        # A post is taken from its channel page, not fetched at its own URL: archive it as a
        # WARC resource record, like a feed entry kept from its feed.
        ("content_from", "feed"),
    ]
    return tuple((k, v) for k, v in pairs if v)


@dataclass
class _Found:
    post: WebPost
    item: Fetched


class TelegramConnector:
    """Polls a Telegram channel; see the module docstring for addresses and paging."""

    kind = "telegram"

    def __init__(self, max_pages: int | None = None, rescan_pages: int | None = None):
        self.max_pages = max_pages
        self.rescan_pages = rescan_pages

    def poll(self, source: Source, fetcher, state=None) -> Iterator[Fetched]:
        """Yield the source's new and edited posts, oldest first."""
        address = parse_address(source.address)
        known = post_state(state)
        if address.mode == "export":
            from .telegram_export import export_items

            yield from export_items(address.path, source, known, username=address.channel)
            return
        if address.mode == "mtproto":
            from .telegram_mtproto import MtprotoConnector

            yield from MtprotoConnector(max_messages=None).poll_channel(
                address.channel, source, fetcher.settings, known)
            return
        yield from self._poll_web(address, source, fetcher, known)

    def _limits(self, settings) -> tuple[int, int]:
        max_pages = self.max_pages or getattr(settings, "telegram_max_pages", DEFAULT_MAX_PAGES)
        rescan = self.rescan_pages
        if rescan is None:
            rescan = getattr(settings, "telegram_rescan_pages", DEFAULT_RESCAN_PAGES)
        return max(1, int(max_pages)), max(0, int(rescan))

    def _poll_web(self, address: ChannelAddress, source: Source, fetcher,
                  known: PostState | None) -> Iterator[Fetched]:
        max_pages, rescan = self._limits(fetcher.settings)
        found: dict[int, _Found] = {}
        url: str | None = address.first_page
        requested: set[str] = set()
        pages = 0
        seen_on_page: int | None = None
        while url and pages < max_pages and url not in requested:
            requested.add(url)
            page, fetched = self._page(url, address.channel, fetcher)
            pages += 1
            for post in page.posts:
                if post.service or post.post_id in found:
                    continue
                body = post_document(post, page.title, source.language)
                before = known.seen_sha(post.url) if known else None
                sha = body_sha(body)
                if before == sha:
                    if seen_on_page is None:
                        seen_on_page = pages
                    continue
                change = "new" if before is None else "edited"
                found[post.post_id] = _Found(post, Fetched(
                    url=post.url, final_url=post.url, status=fetched.status,
                    headers=(("Content-Type", "text/html; charset=utf-8"),
                             ("Content-Length", str(len(body)))),
                    body=body, media_type="text/html", fetched_at=fetched.fetched_at,
                    item_meta=post_meta(post, page, fetched.final_url, source, change),
                    source_id=source.id,
                ))
            if seen_on_page is not None and pages - seen_on_page >= rescan:
                break
            url = _older_page(address.first_page, page.before)
        for post_id in sorted(found):
            yield found[post_id].item

    @staticmethod
    def _page(url: str, channel: str, fetcher) -> tuple[ChannelPage, Fetched]:
        """Fetch and parse one page, turning redirects and HTTP errors into errors naming @channel."""
        try:
            fetched = fetcher.get(url)
        except SourceError as exc:
            raise type(exc)(f"Telegram channel @{channel}: {exc.args[0]}", hint=exc.hint) from None
        final_path = urlsplit(fetched.final_url).path
        if not final_path.startswith("/s/"):
            if classify_profile_page(fetched.body) == "exists":
                raise SourceError(
                    f"Telegram channel @{channel} has no public web preview: {url} redirects to "
                    f"{fetched.final_url} (a private channel, a group, a user, or a channel that "
                    f"turned its preview off)", hint=_NO_PREVIEW_HINT)
            raise SourceError(f"Telegram channel @{channel} does not exist: {url} redirects to "
                              f"{fetched.final_url}, which shows no such channel",
                              hint="check the spelling of the channel name")
        return parse_channel_page(fetched.body, fetched.final_url, channel), fetched


def _older_page(first_page: str, before: int | None) -> str | None:
    return f"{first_page}?before={before}" if before is not None else None


base.register("telegram", TelegramConnector)
