"""Telegram Desktop exports (result.json) for tests, written for watchfloor.

`single_chat(n)` builds a single-chat export as a dict: Arabic and English messages using
every text form (a plain string, arrays mixing strings and entity objects of each type),
forwards, replies, edits, photos, files, a poll, a location and service messages.
`account_export()` wraps two chats in the whole-account shape. `write_large(path, size)`
streams a single-chat export of about `size` bytes to disk without holding it in memory.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)

ENTITY_SAMPLES = [
    {"type": "bold", "text": "URGENT"},
    {"type": "italic", "text": "unconfirmed"},
    {"type": "underline", "text": "underlined"},
    {"type": "strikethrough", "text": "withdrawn"},
    {"type": "spoiler", "text": "hidden detail"},
    {"type": "code", "text": "GRID 38SMB1234"},
    {"type": "pre", "text": "line one\nline two", "language": ""},
    {"type": "text_link", "text": "the statement", "href": "https://statements.example.org/44"},
    {"type": "link", "text": "https://maps.example.org/pin/77"},
    {"type": "email", "text": "desk@example.org"},
    {"type": "phone", "text": "+964 770 000 0000"},
    {"type": "mention", "text": "@frontline_monitor"},
    {"type": "mention_name", "text": "Abu Field", "user_id": 5550001},
    {"type": "hashtag", "text": "#Rawa"},
    {"type": "cashtag", "text": "$USD"},
    {"type": "bot_command", "text": "/start"},
    {"type": "bank_card", "text": "4000 0000 0000 0002"},
    {"type": "custom_emoji", "text": "🔥", "document_id": 5368324170671202286},
    {"type": "blockquote", "text": "quoted words", "collapsed": False},
    {"type": "unknown_future_type", "text": "kept anyway"},
]

EN = ["Convoy of {n} trucks crossed the bridge at {place}.",
      "Drone strike reported on a position near {place}; {n} casualties claimed.",
      "Statement: our units repelled an attack on {place}."]
AR = ["عبر رتل من {n} شاحنات الجسر عند {place}.",
      "أنباء عن ضربة بمسيّرة على موقع قرب {place}، وادعاء بسقوط {n} ضحايا.",
      "بيان: وحداتنا صدّت هجوماً على {place}."]
PLACES_EN = ["Rawa", "al-Qaim", "Hit", "Anah"]
PLACES_AR = ["راوة", "القائم", "هيت", "عنه"]


def _stamp(msg: dict, when: datetime, key: str = "date") -> None:
    msg[key] = when.replace(tzinfo=None).isoformat()
    msg[f"{key}_unixtime"] = str(int(when.timestamp()))


def message(i: int, msg_id: int | None = None) -> dict:
    """Message number i (deterministic): its text form, forward, reply, media vary with i."""
    msg_id = msg_id if msg_id is not None else i + 2
    arabic = i % 2 == 1
    line = (AR if arabic else EN)[i % 3].format(n=i % 40 + 2,
                                               place=(PLACES_AR if arabic else PLACES_EN)[i % 4])
    msg: dict = {"id": msg_id, "type": "message"}
    _stamp(msg, START + timedelta(minutes=13 * i))
    msg["from"] = "Valley Watch"
    msg["from_id"] = "channel1777000001"
    form = i % 4
    if form == 0:
        text: object = line
    elif form == 1:
        text = [line + " ", ENTITY_SAMPLES[i % len(ENTITY_SAMPLES)]]
    elif form == 2:
        text = [ENTITY_SAMPLES[i % len(ENTITY_SAMPLES)], " " + line,
                ENTITY_SAMPLES[(i + 7) % len(ENTITY_SAMPLES)]]
    else:
        text = [line]
    msg["text"] = text
    if isinstance(text, str):
        msg["text_entities"] = [{"type": "plain", "text": text}]
    else:
        msg["text_entities"] = [p if isinstance(p, dict) else {"type": "plain", "text": p}
                                for p in text]
    if i % 5 == 3:
        msg["forwarded_from"] = "Front Line Monitor" if i % 2 else "مرصد الشرق"
    if i % 6 == 4 and i > 6:
        msg["reply_to_message_id"] = msg_id - 3
    if i % 7 == 2:
        msg["photo"] = f"photos/photo_{i}@01-10-2026_08-00-00.jpg"
        msg["width"], msg["height"] = 1280, 720
    if i % 11 == 5:
        msg["file"] = f"video_files/clip_{i}.mp4"
        msg["media_type"] = "video_file"
        msg["mime_type"] = "video/mp4"
    if i % 9 == 8:
        _stamp(msg, START + timedelta(minutes=13 * i + 5), "edited")
    return msg


def single_chat(n: int = 40) -> dict:
    service = {"id": 1, "type": "service", "date": "2026-09-30T08:00:00",
               "date_unixtime": str(int((START - timedelta(days=1)).timestamp())),
               "actor": "Valley Watch", "actor_id": "channel1777000001",
               "action": "create_channel", "title": "Valley Watch", "text": "",
               "text_entities": []}
    messages = [service] + [message(i) for i in range(n)]
    messages.append({"id": n + 2, "type": "message", "date": "2026-10-09T10:00:00",
                     "from": "Valley Watch", "from_id": "channel1777000001",
                     "poll": {"question": "Will the crossing reopen?", "closed": False,
                              "total_voters": 12,
                              "answers": [{"text": "Yes", "voters": 5, "chosen": False},
                                          {"text": "No", "voters": 7, "chosen": False}]},
                     "text": "", "text_entities": []})
    messages.append({"id": n + 3, "type": "message", "date": "2026-10-09T10:05:00",
                     "from": "Valley Watch", "from_id": "channel1777000001",
                     "location_information": {"latitude": 34.47, "longitude": 41.08},
                     "text": "Position of the new checkpoint", "text_entities": [
                         {"type": "plain", "text": "Position of the new checkpoint"}]})
    return {"name": "Valley Watch", "type": "public_channel", "id": 1777000001,
            "messages": messages}


def account_export() -> dict:
    other = {"name": "مجموعة الرصد", "type": "private_supergroup", "id": 1888000002,
             "messages": [message(i, 100 + i) for i in range(5)]}
    return {"about": "Here is the data you requested.",
            "personal_information": {"user_id": 4242, "first_name": "Test", "last_name": "User",
                                     "phone_number": "+0000000", "bio": ""},
            "frequent_contacts": {"about": "", "list": [
                {"id": 99, "category": "people", "type": "user", "name": "Someone",
                 "rating": 1.5}]},
            "chats": {"about": "", "list": [single_chat(10), other]},
            "left_chats": {"about": "", "list": []}}


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_large(path: Path, size: int, pool: int = 400) -> int:
    """Stream a single-chat export of at least `size` bytes; returns the message count.
    Messages cycle through a pool of `pool` rendered ones, each written with its own id."""
    rendered = [json.dumps(message(i), ensure_ascii=False, indent=1) for i in range(pool)]
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{\n "name": "Valley Watch",\n "type": "public_channel",\n "id": 1777000001,\n'
                 ' "messages": [\n')
        written = 0
        while written < size:
            template = rendered[count % pool]
            chunk = ("," if count else "") + template.replace(
                f'"id": {count % pool + 2},', f'"id": {count + 2},', 1)
            fh.write(chunk)
            written += len(chunk.encode("utf-8"))
            count += 1
        fh.write("\n ]\n}\n")
    return count
