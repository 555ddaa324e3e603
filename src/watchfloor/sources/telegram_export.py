"""Telegram Desktop exports (result.json) -> one `Fetched` per message, streamed.

Two shapes exist: a single chat ({"name", "type", "id", "messages": [...]}) and a whole
account ({"chats": {"list": [chat, ...]}, "left_chats": {"list": [...]}, ...}). Both are
read with ijson, one message at a time, so a 100 MB export never sits in memory: only the
message being turned into a Fetched does.

A message's text is either a plain string or an array of strings and entity objects
({"type": "bold" | "italic" | "underline" | "strikethrough" | "spoiler" | "code" | "pre" |
"text_link" (href) | "link" | "email" | "phone" | "mention" | "mention_name" (user_id) |
"hashtag" | "cashtag" | "bot_command" | "bank_card" | "custom_emoji" | "blockquote" |
"plain", "text": ...}); newer exports repeat it as `text_entities` (always an array).
Dates: `date_unixtime` (UTC) when present, else `date` (the exporting computer's local
time, kept without a zone and flagged in item_meta).

Each message becomes a small HTML page (text with its entities as markup, forward and reply
lines) with url https://t.me/<username>/<id> when the chat is a known public channel, else
tg-export://<chat id>/<id>. Messages already kept unchanged (same body SHA-256 under the
same URL, see telegram.PostState) are skipped, so importing a newer export of the same chat
yields only new and edited messages. Service messages (joins, pins, "channel created") are
not documents and are skipped.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import ConfigError, SourceError
from ..records import Fetched, Source

#: Entity types rendered as an HTML element (tag, extra attributes come from the entity).
_ENTITY_TAGS = {"bold": "b", "italic": "i", "underline": "u", "strikethrough": "s",
                "spoiler": "span", "code": "code", "pre": "pre", "blockquote": "blockquote",
                "mention": "span", "mention_name": "span", "hashtag": "span",
                "cashtag": "span", "bot_command": "span", "phone": "span",
                "bank_card": "span"}
#: Message keys that name attached media, and the kind each one means.
_MEDIA_KEYS = (("photo", "photo"), ("file", "file"), ("location_information", "location"),
               ("poll", "poll"), ("contact_information", "contact"))
_READ_CHUNK = 64 * 1024


@dataclass
class ExportChat:
    """The chat a message belongs to (read before its messages)."""

    chat_id: str = ""
    name: str = ""
    type: str = ""
    single: bool = False  # the file holds only this chat (a single-chat export)


@dataclass
class Entity:
    type: str
    text: str
    href: str = ""
    user_id: str = ""


@dataclass
class ExportMessage:
    """One message of an export, with its text entities."""

    chat: ExportChat
    data: dict[str, Any]
    entities: list[Entity] = field(default_factory=list)

    @property
    def msg_id(self) -> int:
        return int(self.data["id"])

    @property
    def text(self) -> str:
        return "".join(e.text for e in self.entities)


def _require_ijson():
    try:
        import ijson
    except ImportError:  # pragma: no cover - ijson is a dependency of the telegram connector
        raise ConfigError("reading Telegram exports needs the ijson package",
                          hint="pip install ijson") from None
    return ijson


def text_entities(value: Any) -> list[Entity]:
    """The entities of a `text` / `text_entities` value: a string, or a list of strings and
    entity objects. Unknown entity types keep their text."""
    if value is None:
        return []
    if isinstance(value, str):
        return [Entity("plain", value)] if value else []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise SourceError(f"message text is neither a string nor a list: {type(value).__name__}")
    out: list[Entity] = []
    for part in value:
        if isinstance(part, str):
            if part:
                out.append(Entity("plain", part))
        elif isinstance(part, dict):
            text = part.get("text", "")
            if not isinstance(text, str):  # nested forms seen in old exports: flatten them
                text = "".join(e.text for e in text_entities(text))
            out.append(Entity(str(part.get("type", "plain")), text, str(part.get("href", "")),
                              str(part.get("user_id", ""))))
    return out


def entities_html(entities: list[Entity]) -> str:
    """Render entities as escaped HTML, links as <a>, styles as their elements."""
    out = []
    for e in entities:
        text = html.escape(e.text).replace("\n", "<br>\n")
        if e.type == "text_link" and e.href:
            out.append(f'<a href="{html.escape(e.href)}">{text}</a>')
        elif e.type == "link":
            href = e.text if "://" in e.text else "https://" + e.text
            out.append(f'<a href="{html.escape(href)}">{text}</a>')
        elif e.type == "email":
            out.append(f'<a href="mailto:{html.escape(e.text)}">{text}</a>')
        elif e.type in _ENTITY_TAGS:
            tag = _ENTITY_TAGS[e.type]
            extra = f' data-user-id="{html.escape(e.user_id)}"' if e.user_id else ""
            out.append(f'<{tag} class="{e.type}"{extra}>{text}</{tag}>')
        else:
            out.append(text)
    return "".join(out)


def _iso_date(data: dict[str, Any], key: str) -> tuple[str, bool]:
    """(ISO date, is UTC) from `<key>_unixtime` or, failing that, the local `<key>`."""
    unix = data.get(f"{key}_unixtime")
    if unix not in (None, ""):
        try:
            return datetime.fromtimestamp(int(unix), UTC).isoformat(), True
        except (TypeError, ValueError, OverflowError):
            pass
    value = data.get(key)
    return (str(value), False) if value else ("", False)


def message_url(msg: ExportMessage, username: str = "") -> str:
    """t.me URL when the export is the single public chat @username, else tg-export://."""
    if username and msg.chat.single:
        return f"https://t.me/{username}/{msg.msg_id}"
    return f"tg-export://{msg.chat.chat_id or 'unknown'}/{msg.msg_id}"


def media_kinds(data: dict[str, Any]) -> list[str]:
    kinds = [kind for key, kind in _MEDIA_KEYS if data.get(key)]
    media_type = data.get("media_type")
    if media_type:
        kinds = [k for k in kinds if k != "file"] + [str(media_type)]
    return kinds


def message_document(msg: ExportMessage, url: str) -> bytes:
    """The stored form of an export message: a small UTF-8 page with its text and headers."""
    d = msg.data
    published, _ = _iso_date(d, "date")
    title = html.escape(f"{msg.chat.name or 'Telegram chat'} — {msg.msg_id}")
    lines = []
    if d.get("forwarded_from") or d.get("saved_from"):
        lines.append(f'<p class="forwarded_from">Forwarded from '
                     f'{html.escape(str(d.get("forwarded_from") or d.get("saved_from")))}</p>')
    if d.get("reply_to_message_id"):
        lines.append(f'<p class="reply_to" data-id="{html.escape(str(d["reply_to_message_id"]))}">'
                     f'</p>')
    for kind in media_kinds(d):
        lines.append(f'<p class="media" data-kind="{html.escape(kind)}"></p>')
    poll = d.get("poll")
    if isinstance(poll, dict) and poll.get("question"):
        answers = "".join(f"<li>{html.escape(str(a.get('text', '')))}</li>"
                          for a in poll.get("answers", []) if isinstance(a, dict))
        lines.append(f'<div class="poll"><p>{html.escape(str(poll["question"]))}</p>'
                     f"<ul>{answers}</ul></div>")
    if d.get("edited"):
        edited, _ = _iso_date(d, "edited")
        lines.append(f'<p class="edited" data-edited="{html.escape(edited)}"></p>')
    lines.append(f'<div class="text">{entities_html(msg.entities)}</div>')
    canonical = (f'<link rel="canonical" href="{html.escape(url)}">\n'
                 if url.startswith("https://") else "")
    published_meta = (f'<meta property="article:published_time" content="{html.escape(published)}">\n'
                      if published else "")
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>\n'
            f"{canonical}{published_meta}</head><body><article>\n" + "\n".join(lines)
            + "\n</article></body></html>\n").encode()


def message_meta(msg: ExportMessage, source: Source, container_url: str,
                 change: str) -> tuple[tuple[str, str], ...]:
    d = msg.data
    published, utc = _iso_date(d, "date")
    edited, _ = _iso_date(d, "edited")
    links = [e.href for e in msg.entities if e.type == "text_link" and e.href]
    links += [e.text for e in msg.entities if e.type == "link"]
    reply = d.get("reply_to_message_id")
    pairs = [
        ("post_id", str(msg.msg_id)),
        ("chat_id", msg.chat.chat_id),
        ("channel", msg.chat.name),
        ("chat_type", msg.chat.type),
        ("published", published),
        ("published_zone", "" if utc or not published else "local time of the exporting computer"),
        ("author", str(d.get("author") or d.get("from") or "")),
        ("from_id", str(d.get("from_id") or "")),
        ("forwarded_from", str(d.get("forwarded_from") or d.get("saved_from") or "")),
        ("forwarded_from_id", str(d.get("forwarded_from_id") or "")),
        ("reply_to", "" if reply in (None, "") else str(reply)),
        ("edited", "true" if edited else ""),
        ("edited_at", edited),
        ("media", ",".join(media_kinds(d))),
        ("media_files", "\n".join(str(d[k]) for k in ("photo", "file") if d.get(k))),
        ("links", "\n".join(dict.fromkeys(links))),
        ("hashtags", "\n".join(dict.fromkeys(e.text for e in msg.entities if e.type == "hashtag"))),
        ("mentions", "\n".join(dict.fromkeys(e.text for e in msg.entities
                                             if e.type in ("mention", "mention_name")))),
        ("language", source.language or ""),
        ("content_hash", hashlib.sha256(msg.text.encode()).hexdigest()),
        ("change", change),
        ("container_url", container_url),
        ("content_from", "feed"),
    ]
    return tuple((k, v) for k, v in pairs if v)


def iter_export(path: Path) -> Iterator[ExportMessage]:
    """Stream the messages of a result.json (single chat or whole account), in file order."""
    ijson = _require_ijson()
    if not path.is_file():
        raise SourceError(f"Telegram export {path} does not exist",
                          hint="point the source at the result.json Telegram Desktop wrote")
    _check_complete(path)
    try:
        chat = _single_chat_head(ijson, path)
        with path.open("rb") as fh:
            if chat is not None:
                # One chat: ijson's C backend builds each message object by itself (fast).
                for data in ijson.items(fh, "messages.item", buf_size=_READ_CHUNK, use_float=True):
                    yield _message(chat, data)
            else:
                yield from _account_messages(ijson, fh)
    except ijson.JSONError as exc:
        raise SourceError(f"Telegram export {path} is not valid JSON: {exc}",
                          hint="the export may have been cut short; export the chat again") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read Telegram export {path}: {exc}") from None


def _check_complete(path: Path) -> None:
    """Refuse a file cut short (an interrupted export or copy) before yielding anything from
    it: a complete export is one JSON object, so it ends with '}'. A file damaged in the
    middle is still caught by the parser, when the damage is reached."""
    with path.open("rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        fh.seek(max(0, path.stat().st_size - 64))
        tail = fh.read().rstrip(b" \t\r\n\x00")
    if not head.startswith(b"{") or not tail.endswith(b"}"):
        raise SourceError(f"Telegram export {path} is incomplete or not a JSON object "
                          f"(it should start with '{{' and end with '}}')",
                          hint="the export or its copy may have been cut short; export the chat again")


def _single_chat_head(ijson, path: Path) -> ExportChat | None:
    """The chat's name/type/id when the file is a single-chat export (read up to its
    "messages" key only), or None when it is a whole-account export."""
    chat = ExportChat(single=True)
    with path.open("rb") as fh:
        for prefix, event, value in ijson.parse(fh, buf_size=_READ_CHUNK):
            if prefix == "messages" and event == "start_array":
                return chat
            if prefix in ("chats", "left_chats"):
                return None
            _chat_field({"": chat}, prefix, event, value)
    return None


def _account_messages(ijson, fh) -> Iterator[ExportMessage]:
    """Messages of every chat of a whole-account export, each with its own chat."""
    chats: dict[str, ExportChat] = {}
    builder = None
    depth = 0
    current_prefix = ""
    for prefix, event, value in ijson.parse(fh, buf_size=_READ_CHUNK, use_float=True):
        if builder is not None:
            builder.event(event, value)
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
                if depth == 0:
                    yield _message(chats.setdefault(current_prefix, ExportChat()), builder.value)
                    builder = None
            continue
        if event == "start_map" and prefix.endswith("list.item"):
            chats[prefix] = ExportChat()  # a new chat starts: forget the previous one's
            continue
        if prefix.endswith("messages.item") and event == "start_map":
            current_prefix = prefix[: -len("messages.item")].rstrip(".")
            builder = ijson.ObjectBuilder()
            builder.event(event, value)
            depth = 1
            continue
        _chat_field(chats, prefix, event, value)


def _chat_field(chats: dict[str, ExportChat], prefix: str, event: str, value) -> None:
    if event not in ("string", "number", "integer"):
        return
    chat_prefix, _, key = prefix.rpartition(".")
    if key not in ("id", "name", "type"):
        return
    if chat_prefix and not chat_prefix.endswith("list.item"):
        return  # e.g. personal_information.*: not a chat
    chat = chats.setdefault(chat_prefix, ExportChat())
    if key == "id":
        chat.chat_id = str(value)
    elif key == "name":
        chat.name = str(value)
    else:
        chat.type = str(value)


def _message(chat: ExportChat, data: Any) -> ExportMessage:
    if not isinstance(data, dict) or "id" not in data:
        raise SourceError(f"Telegram export: a message in chat {chat.name or chat.chat_id!r} has "
                          f"no id", hint="the file does not look like a Telegram Desktop export")
    value = data.get("text_entities") if isinstance(data.get("text_entities"), list) else data.get("text")
    return ExportMessage(chat, data, text_entities(value))


def export_items(path: Path | None, source: Source, known, *, username: str = "") -> Iterator[Fetched]:
    """Fetched items for the export's new and edited messages (see the module docstring)."""
    if path is None:
        raise SourceError("Telegram export source has no path")
    fetched_at = datetime.now(UTC)
    container_url = path.resolve().as_uri()
    for msg in iter_export(path):
        if str(msg.data.get("type", "message")) == "service":
            continue
        url = message_url(msg, username)
        body = message_document(msg, url)
        before = known.seen_sha(url) if known else None
        if before == hashlib.sha256(body).hexdigest():
            continue
        change = "new" if before is None else "edited"
        yield Fetched(
            url=url, final_url=url, status=200,
            headers=(("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))),
            body=body, media_type="text/html", fetched_at=fetched_at,
            item_meta=message_meta(msg, source, container_url, change), source_id=source.id,
        )
