"""Telegram channels through the MTProto API (Telethon), for users with their own credentials.

Optional: `pip install 'watchfloor[telegram]'`. Telethon is imported only when this connector
runs, and a clear ConfigError names the extra when it is missing.

Setup, once:
1. Create an application at https://my.telegram.org (API development tools): it gives an
   api_id and an api_hash. They identify *you*; treat them like a password.
2. Give them to watchfloor as environment references, never in the config file itself:
   `telegram_api_id = "$env:TG_API_ID"` and `telegram_api_hash = "$env:TG_API_HASH"` in
   watchfloor.toml (or WATCHFLOOR_TELEGRAM_API_ID / _HASH), then export those variables.
3. Log in once, interactively (phone number + the code Telegram sends):
   `python -m watchfloor.sources.telegram_mtproto login`. The session is kept in
   <data_dir>/telegram/watchfloor.session (keep it private: it is a logged-in account).
4. Add a source of kind "telegram" with address "mtproto:@channelname".

Credentials never reach a log, an error message or a repr: `ApiCredentials` masks both
values, and errors name the settings, not their values.

What it reads matches the web connector: one Fetched per message, url
https://t.me/<channel>/<id>, a small HTML page with the text (entities as markup via
Telethon's HTML unparser), item_meta with views, forwards, forwarded_from (the cited
source), reply_to, edited_at (MTProto knows when), media kinds, links and hashtags. Messages
are read newest first until one already kept unchanged is found, then `rescan_messages`
more (recent edits), at most `max_messages`; they are yielded oldest first.
"""

from __future__ import annotations

import hashlib
import html
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ConfigError, SourceError
from ..records import Fetched, Source

log = logging.getLogger(__name__)

DEFAULT_MAX_MESSAGES = 400
DEFAULT_RESCAN_MESSAGES = 40
INSTALL_HINT = "pip install 'watchfloor[telegram]'"
LOGIN_HINT = "log in once with: python -m watchfloor.sources.telegram_mtproto login"


def require_telethon():
    """Import Telethon, or say which extra to install."""
    try:
        import telethon
    except ImportError:
        raise ConfigError("the Telegram MTProto connector needs Telethon, which is not installed",
                          hint=INSTALL_HINT) from None
    return telethon


@dataclass(frozen=True)
class ApiCredentials:
    """Telegram API id and hash; both are masked wherever the object is shown."""

    api_id: int
    api_hash: str

    def __repr__(self) -> str:
        return "ApiCredentials(api_id=***, api_hash=***)"

    __str__ = __repr__

    @classmethod
    def from_settings(cls, settings) -> ApiCredentials:
        """Read telegram_api_id / telegram_api_hash ($env: references already resolved)."""
        raw_id = str(getattr(settings, "telegram_api_id", "") or "").strip()
        raw_hash = str(getattr(settings, "telegram_api_hash", "") or "").strip()
        missing = [name for name, value in (("telegram_api_id", raw_id),
                                            ("telegram_api_hash", raw_hash)) if not value]
        if missing:
            raise ConfigError(f"the Telegram MTProto connector needs {' and '.join(missing)}",
                              hint="create an app at https://my.telegram.org, then set "
                                   "telegram_api_id = \"$env:TG_API_ID\" and telegram_api_hash = "
                                   "\"$env:TG_API_HASH\" and export those variables")
        if not raw_id.isdigit():
            raise ConfigError("telegram_api_id must be the number my.telegram.org gave "
                              "(the value set is not a number; not shown, it is a secret)")
        if len(raw_hash) != 32 or any(c not in "0123456789abcdefABCDEF" for c in raw_hash):
            raise ConfigError("telegram_api_hash must be the 32 hex characters my.telegram.org "
                              "gave (the value set is not; not shown, it is a secret)")
        return cls(int(raw_id), raw_hash)


def session_path(settings) -> Path:
    return settings.data_path / "telegram" / "watchfloor.session"


# -- message -> Fetched ----------------------------------------------------------------------


def _peer_label(peer) -> str:
    for attr, label in (("channel_id", "channel"), ("user_id", "user"), ("chat_id", "chat")):
        value = getattr(peer, attr, None)
        if value is not None:
            return f"{label}:{value}"
    return ""


def media_kinds(message) -> list[str]:
    """Kinds of media a Telethon message carries (photo, video, voice, document, poll...)."""
    media = getattr(message, "media", None)
    if media is None:
        return []
    name = type(media).__name__
    if name == "MessageMediaPhoto":
        return ["photo"]
    if name == "MessageMediaDocument":
        if getattr(media, "voice", False):
            return ["voice"]
        if getattr(media, "round", False):
            return ["round_video"]
        return ["video"] if getattr(media, "video", False) else ["document"]
    kinds = {"MessageMediaPoll": "poll", "MessageMediaGeo": "location", "MessageMediaVenue": "venue",
             "MessageMediaGeoLive": "location", "MessageMediaContact": "contact",
             "MessageMediaWebPage": "link_preview"}
    return [kinds.get(name, name.removeprefix("MessageMedia").lower())]


def _entities(message) -> tuple[list[str], list[str]]:
    """Links and hashtags named by the message's entities (offsets are UTF-16 code units)."""
    text = message.message or ""
    units = text.encode("utf-16-le")

    def span(e) -> str:
        return units[2 * e.offset: 2 * (e.offset + e.length)].decode("utf-16-le", errors="replace")

    links, tags = [], []
    for e in getattr(message, "entities", None) or []:
        kind = type(e).__name__
        if kind == "MessageEntityTextUrl":
            links.append(e.url)
        elif kind == "MessageEntityUrl":
            links.append(span(e))
        elif kind == "MessageEntityHashtag":
            tags.append(span(e))
    return list(dict.fromkeys(links)), list(dict.fromkeys(tags))


def message_document(message, url: str, chat_title: str, forwarded_from: str) -> bytes:
    """The stored form of an MTProto message: a small UTF-8 page (no view counts in it)."""
    from telethon.extensions import html as telethon_html

    body = telethon_html.unparse(message.message or "", getattr(message, "entities", None) or [])
    lines = []
    if forwarded_from:
        lines.append(f'<p class="forwarded_from">Forwarded from {html.escape(forwarded_from)}</p>')
    reply_id = getattr(message, "reply_to_msg_id", None)
    if reply_id:
        lines.append(f'<p class="reply_to" data-id="{reply_id}"></p>')
    for kind in media_kinds(message):
        lines.append(f'<p class="media" data-kind="{html.escape(kind)}"></p>')
    lines.append(f'<div class="text">{body.replace(chr(10), "<br>" + chr(10))}</div>')
    title = html.escape(f"{chat_title} — {message.id}")
    published = message.date.isoformat() if message.date else ""
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>\n'
            f'<link rel="canonical" href="{html.escape(url)}">\n'
            f'<meta property="article:published_time" content="{published}">\n'
            f"</head><body><article>\n" + "\n".join(lines) + "\n</article></body></html>\n"
            ).encode()


def message_to_fetched(message, *, channel: str, chat_title: str, source: Source,
                       fetched_at: datetime, change: str = "new",
                       resolve_peer=None) -> Fetched:
    """One Telethon Message as a Fetched. `resolve_peer(peer) -> (name, username)` names the
    origin of a forward when the caller can look it up (a live client can; tests pass one)."""
    url = f"https://t.me/{channel}/{message.id}"
    fwd = getattr(message, "fwd_from", None)
    fwd_name, fwd_url = "", ""
    if fwd is not None:
        fwd_name = fwd.from_name or ""
        if fwd.from_id is not None:
            name, username = resolve_peer(fwd.from_id) if resolve_peer else ("", "")
            fwd_name = fwd_name or name or _peer_label(fwd.from_id)
            if username:
                fwd_url = f"https://t.me/{username}" + (f"/{fwd.channel_post}"
                                                        if fwd.channel_post else "")
    body = message_document(message, url, chat_title, fwd_name)
    links, tags = _entities(message)
    reply_id = getattr(message, "reply_to_msg_id", None)
    edited = getattr(message, "edit_date", None)
    pairs = [
        ("post_id", str(message.id)),
        ("channel", channel),
        ("channel_title", chat_title),
        ("published", message.date.isoformat() if message.date else ""),
        ("author", getattr(message, "post_author", None) or ""),
        ("views", "" if message.views is None else str(message.views)),
        ("forwards", "" if getattr(message, "forwards", None) is None else str(message.forwards)),
        ("forwarded_from", fwd_name),
        ("forwarded_from_url", fwd_url),
        ("reply_to", str(reply_id) if reply_id else ""),
        ("reply_to_url", f"https://t.me/{channel}/{reply_id}" if reply_id else ""),
        ("edited", "true" if edited else ""),
        ("edited_at", edited.isoformat() if edited else ""),
        ("media", ",".join(media_kinds(message))),
        ("links", "\n".join(links)),
        ("hashtags", "\n".join(tags)),
        ("language", source.language or ""),
        ("content_hash", hashlib.sha256((message.message or "").encode()).hexdigest()),
        ("change", change),
        ("content_from", "feed"),
        ("via", "mtproto"),
    ]
    return Fetched(
        url=url, final_url=url, status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))),
        body=body, media_type="text/html", fetched_at=fetched_at,
        item_meta=tuple((k, v) for k, v in pairs if v), source_id=source.id,
    )


# -- the connector ---------------------------------------------------------------------------


class MtprotoConnector:
    """Reads one channel with a logged-in Telethon session (see the module docstring)."""

    def __init__(self, max_messages: int | None = None, rescan_messages: int | None = None):
        self.max_messages = max_messages or DEFAULT_MAX_MESSAGES
        self.rescan_messages = DEFAULT_RESCAN_MESSAGES if rescan_messages is None else rescan_messages

    def poll_channel(self, channel: str, source: Source, settings, known) -> Iterator[Fetched]:
        """Yield the channel's new and edited messages, oldest first."""
        credentials = ApiCredentials.from_settings(settings)
        require_telethon()
        session = session_path(settings)
        if not session.exists():
            raise SourceError(f"Telegram channel @{channel}: no MTProto session at {session}",
                              hint=LOGIN_HINT)
        from telethon.sync import TelegramClient

        log.info("MTProto: reading @%s", channel)
        client = TelegramClient(str(session), credentials.api_id, credentials.api_hash)
        try:
            client.connect()
            if not client.is_user_authorized():
                raise SourceError(f"Telegram channel @{channel}: the MTProto session is not "
                                  f"logged in", hint=LOGIN_HINT)
            entity = self._entity(client, channel)
            items = self._collect(client, entity, channel, source, known)
        except (OSError, ConnectionError) as exc:
            raise SourceError(f"Telegram channel @{channel}: cannot reach Telegram "
                              f"({type(exc).__name__})", hint="check the network") from None
        finally:
            client.disconnect()
        yield from reversed(items)

    @staticmethod
    def _entity(client, channel: str):
        from telethon import errors

        try:
            return client.get_entity(channel)
        except (errors.UsernameNotOccupiedError, errors.UsernameInvalidError, ValueError):
            raise SourceError(f"Telegram channel @{channel} does not exist",
                              hint="check the spelling of the channel name") from None
        except (errors.ChannelPrivateError, errors.ChannelInvalidError):
            raise SourceError(f"Telegram channel @{channel} is private and this account is not "
                              f"a member", hint="join it with this account first") from None

    def _collect(self, client, entity, channel: str, source: Source, known) -> list[Fetched]:
        title = getattr(entity, "title", "") or channel
        fetched_at = datetime.now(UTC)
        cache: dict[str, tuple[str, str]] = {}

        def resolve(peer) -> tuple[str, str]:
            key = _peer_label(peer)
            if key not in cache:
                try:
                    ent = client.get_entity(peer)
                    cache[key] = (getattr(ent, "title", "") or getattr(ent, "first_name", "") or "",
                                  getattr(ent, "username", "") or "")
                except Exception:  # a hidden or unreachable origin: keep its id only
                    cache[key] = ("", "")
            return cache[key]

        items: list[Fetched] = []
        remaining: int | None = None
        for message in client.iter_messages(entity, limit=self.max_messages):
            if getattr(message, "action", None) is not None:
                continue  # service message
            item = message_to_fetched(message, channel=channel, chat_title=title, source=source,
                                      fetched_at=fetched_at, resolve_peer=resolve)
            before = known.seen_sha(item.url) if known else None
            if before == hashlib.sha256(item.body).hexdigest():
                remaining = self.rescan_messages if remaining is None else remaining - 1
                if remaining <= 0:
                    break
                continue
            if before is not None:
                from dataclasses import replace

                item = replace(item, item_meta=tuple((k, "edited" if k == "change" else v)
                                                     for k, v in item.item_meta))
            items.append(item)
        return items


def login(settings) -> None:
    """Interactive first login: asks for the phone number and the code Telegram sends."""
    credentials = ApiCredentials.from_settings(settings)
    require_telethon()
    from telethon.sync import TelegramClient

    session = session_path(settings)
    session.parent.mkdir(parents=True, exist_ok=True)
    with TelegramClient(str(session), credentials.api_id, credentials.api_hash) as client:
        me = client.get_me()
        print(f"logged in as {getattr(me, 'username', None) or me.id}; session in {session}")
    session.chmod(0o600)


if __name__ == "__main__":  # python -m watchfloor.sources.telegram_mtproto login
    import sys

    from ..settings import load_settings

    if sys.argv[1:] != ["login"]:
        sys.exit("usage: python -m watchfloor.sources.telegram_mtproto login")
    login(load_settings())
