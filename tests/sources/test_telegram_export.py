"""Telegram Desktop exports (result.json): every text form, both file shapes, streamed."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from watchfloor.errors import SourceError
from watchfloor.records import Source, SourceKind
from watchfloor.sources.telegram import TelegramConnector, parse_address
from watchfloor.sources.telegram_export import (
    entities_html,
    export_items,
    iter_export,
    text_entities,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "telegram"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"telegram_{name}", DATA / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _load("export_gen")


class Kept:
    def __init__(self):
        self.kept: dict[str, str] = {}

    def seen_sha(self, url):
        return self.kept.get(url)

    def keep(self, items):
        for item in items:
            self.kept[item.url] = hashlib.sha256(item.body).hexdigest()


def _source(address: str, language: str | None = None) -> Source:
    return Source(name="valley", kind=SourceKind.TELEGRAM, address=address, language=language, id=9)


def test_single_chat_export_yields_messages_with_meta(tmp_path, fetcher):
    path = gen.write(tmp_path / "result.json", gen.single_chat(40))
    items = list(TelegramConnector().poll(_source(str(path)), fetcher, None))
    assert len(items) == 42  # 40 + poll + location; the service message is skipped
    first = items[0]
    assert first.url == "tg-export://1777000001/2"
    meta = first.meta()
    assert meta["channel"] == "Valley Watch" and meta["chat_type"] == "public_channel"
    assert meta["published"] == "2026-10-01T08:00:00+00:00"
    metas = [i.meta() for i in items]
    assert any(m.get("forwarded_from") == "مرصد الشرق" for m in metas)
    assert any(m.get("reply_to") for m in metas)
    assert any(m.get("edited") == "true" and m.get("edited_at") for m in metas)
    assert any(m.get("media") == "photo" for m in metas)
    assert any(m.get("media") == "video_file" for m in metas)
    assert any(m.get("media") == "poll" for m in metas)
    assert any(m.get("media") == "location" for m in metas)
    poll = next(i for i in items if i.meta().get("media") == "poll")
    assert "Will the crossing reopen?" in poll.body.decode()
    no_unix = next(i for i in items if i.meta()["post_id"] == "42")
    assert no_unix.meta()["published_zone"].startswith("local time")


def test_public_channel_export_gets_t_me_urls_and_reimport_yields_only_changes(tmp_path, fetcher):
    data = gen.single_chat(20)
    path = gen.write(tmp_path / "result.json", data)
    kept = Kept()
    connector = TelegramConnector()
    source = _source(f"{tmp_path}#@valley_watch")
    first = list(connector.poll(source, fetcher, kept))
    kept.keep(first)
    assert first[0].url == "https://t.me/valley_watch/2"
    assert list(connector.poll(source, fetcher, kept)) == []
    data["messages"][3]["text"] = "Correction: six trucks, not sixty."
    data["messages"][3]["text_entities"] = [{"type": "plain", "text": "Correction: six trucks, not sixty."}]
    data["messages"].append(gen.message(30, 500))
    gen.write(path, data)
    again = list(connector.poll(source, fetcher, kept))
    assert [(i.meta()["post_id"], i.meta()["change"]) for i in again] == [
        (str(data["messages"][3]["id"]), "edited"), ("500", "new")]


def test_every_entity_form_keeps_its_text_and_links():
    entities = text_entities(["Start ", *gen.ENTITY_SAMPLES, " end"])
    text = "".join(e.text for e in entities)
    for sample in gen.ENTITY_SAMPLES:
        assert sample["text"] in text
    rendered = entities_html(entities)
    assert '<a href="https://statements.example.org/44">the statement</a>' in rendered
    assert '<a href="https://maps.example.org/pin/77">' in rendered
    assert 'href="mailto:desk@example.org"' in rendered
    assert '<b class="bold">URGENT</b>' in rendered
    assert 'data-user-id="5550001"' in rendered
    assert "kept anyway" in rendered
    assert text_entities("plain string")[0].text == "plain string"
    assert text_entities("") == [] and text_entities(None) == []
    with pytest.raises(SourceError):
        text_entities(42)


def test_account_export_reads_every_chat(tmp_path):
    path = gen.write(tmp_path / "result.json", gen.account_export())
    messages = list(iter_export(path))
    chats = {(m.chat.chat_id, m.chat.name) for m in messages}
    source = _source(f"{path}#@valley_watch")  # a username cannot name every chat of an account
    assert all(i.url.startswith("tg-export://") for i in export_items(path, source, None,
                                                                       username="valley_watch"))
    assert chats == {("1777000001", "Valley Watch"), ("1888000002", "مجموعة الرصد")}
    assert sum(1 for m in messages if m.chat.chat_id == "1888000002") == 5


def test_export_messages_read_as_documents(tmp_path):
    from watchfloor.read.reader import read

    path = gen.write(tmp_path / "result.json", gen.single_chat(6))
    items = list(export_items(path, _source(str(path), "ar"), None))
    arabic = next(i for i in items if i.meta()["post_id"] == "3")
    doc = read(arabic.headers, arabic.body, url=arabic.url, media_type=arabic.media_type,
               item_meta=arabic.meta())
    assert "الجسر" in doc.text or "مسيّرة" in doc.text or "وحداتنا" in doc.text
    assert doc.published_at is not None


def test_bad_exports_fail_clearly(tmp_path, fetcher):
    with pytest.raises(SourceError, match="does not exist"):
        list(TelegramConnector().poll(_source(str(tmp_path / "nope" / "result.json")), fetcher, None))
    cut = tmp_path / "cut.json"
    cut.write_text(json.dumps(gen.single_chat(5))[:-200], encoding="utf-8")
    with pytest.raises(SourceError, match="incomplete"):
        list(iter_export(cut))  # refused before the first message: nothing stored half-way
    damaged = tmp_path / "damaged.json"
    text = json.dumps(gen.single_chat(5))
    damaged.write_text(text.replace('"id": 4,', '"id": 4,,', 1), encoding="utf-8")
    with pytest.raises(SourceError, match="not valid JSON"):
        list(iter_export(damaged))
    noid = tmp_path / "noid.json"
    noid.write_text(json.dumps({"name": "x", "id": 1, "messages": [{"type": "message"}]}))
    with pytest.raises(SourceError, match="has no id"):
        list(iter_export(noid))


def test_export_addresses(tmp_path):
    (tmp_path / "result.json").write_text("{}")
    assert parse_address(str(tmp_path)).path == tmp_path / "result.json"
    parsed = parse_address((tmp_path / "result.json").as_uri() + "#@valley_watch")
    assert (parsed.mode, parsed.channel) == ("export", "valley_watch")


_MEASURE = """
import resource, sys
from pathlib import Path
from watchfloor.records import Source, SourceKind
from watchfloor.sources.telegram_export import export_items
path = Path(sys.argv[1])
source = Source(name="v", kind=SourceKind.TELEGRAM, address=str(path))
for _ in export_items(Path(sys.argv[2]), source, None):  # warm up: imports, first buffers
    pass
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
count = sum(1 for _ in export_items(path, source, None))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(count, (after - before) * 1024)
"""


def test_streaming_keeps_memory_bounded(tmp_path):
    """A ~20 MB export is read in a fresh process whose peak memory grows by far less than
    the file's size (the whole file parsed at once would take several times its size)."""
    path = tmp_path / "result.json"
    count = gen.write_large(path, 20_000_000)
    small = tmp_path / "small.json"
    gen.write_large(small, 200_000)
    size = path.stat().st_size
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path), str(small)],
                         capture_output=True, text=True, check=True, timeout=120).stdout.split()
    assert int(out[0]) == count
    growth = int(out[1])
    assert growth < size / 5, f"peak memory grew by {growth:,} bytes for a {size:,}-byte export"


@pytest.mark.slow
def test_hundred_megabyte_export_streams(tmp_path):
    """Acceptance: a 100 MB export is read whole, message by message, in bounded memory."""
    path = tmp_path / "result.json"
    count = gen.write_large(path, 100_000_000)
    small = tmp_path / "small.json"
    gen.write_large(small, 200_000)
    size = path.stat().st_size
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path), str(small)],
                         capture_output=True, text=True, check=True, timeout=600).stdout.split()
    assert int(out[0]) == count
    assert int(out[1]) < size / 20, f"peak memory grew by {int(out[1]):,} bytes for {size:,} bytes"
