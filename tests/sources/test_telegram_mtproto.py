"""The optional MTProto connector, offline: credentials stay secret, messages convert, and
what needs the network fails with a clear next step before touching it."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime

import pytest

from watchfloor.errors import ConfigError, SourceError
from watchfloor.records import Source, SourceKind
from watchfloor.settings import load_settings
from watchfloor.sources.telegram import TelegramConnector
from watchfloor.sources.telegram_mtproto import (
    ApiCredentials,
    MtprotoConnector,
    message_to_fetched,
    require_telethon,
)

API_ID = "2740011"
API_HASH = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def tg_settings(tmp_path, monkeypatch):
    # "$env:NAME" references are resolved from the process environment.
    monkeypatch.setenv("TG_API_ID", API_ID)
    monkeypatch.setenv("TG_API_HASH", API_HASH)
    return load_settings(config_file=None, environ={}, overrides=[
        f"data_dir={tmp_path / 'data'}", "telegram_api_id=$env:TG_API_ID",
        "telegram_api_hash=$env:TG_API_HASH"])


def _source() -> Source:
    return Source(name="mt", kind=SourceKind.TELEGRAM, address="mtproto:@valley_watch", id=4)


def test_credentials_are_masked_in_repr_errors_and_logs(tg_settings, caplog):
    creds = ApiCredentials.from_settings(tg_settings)
    assert (creds.api_id, creds.api_hash) == (int(API_ID), API_HASH)
    for shown in (repr(creds), str(creds), f"{creds}", repr([creds])):
        assert API_HASH not in shown and API_ID not in shown
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SourceError) as err:  # no session yet: fails before any network use
        list(MtprotoConnector().poll_channel("valley_watch", _source(), tg_settings, None))
    assert "login" in str(err.value)
    for text in (str(err.value), caplog.text):
        assert API_HASH not in text and API_ID not in text


def test_bad_or_missing_credentials_name_the_setting_not_the_value(tmp_path):
    empty = load_settings(config_file=None, environ={}, overrides=[f"data_dir={tmp_path}"])
    with pytest.raises(ConfigError, match="telegram_api_id and telegram_api_hash"):
        ApiCredentials.from_settings(empty)
    wrong = load_settings(config_file=None, environ={}, overrides=[
        f"data_dir={tmp_path}", "telegram_api_id=12345", "telegram_api_hash=not-a-hash-SECRET"])
    with pytest.raises(ConfigError, match="telegram_api_hash must be") as err:
        ApiCredentials.from_settings(wrong)
    assert "not-a-hash-SECRET" not in str(err.value)


def test_missing_telethon_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "telethon", None)  # as if it were not installed
    with pytest.raises(ConfigError, match=r"pip install 'watchfloor\[telegram\]'"):
        require_telethon()


def test_mtproto_address_goes_to_the_mtproto_connector(tg_settings, fetcher):
    class WithSettings:
        settings = tg_settings

    with pytest.raises(SourceError, match="no MTProto session"):
        list(TelegramConnector().poll(_source(), WithSettings(), None))


def test_telethon_messages_become_fetched_items():
    pytest.importorskip("telethon")
    from telethon.tl import types

    text = "عاجل: رتل من 12 آلية يتجه نحو راوة، التفاصيل هنا #عاجل"
    link_at = text.index("هنا")
    tag_at = text.index("#عاجل")
    message = types.Message(
        id=812, peer_id=types.PeerChannel(1777000001),
        date=datetime(2026, 10, 3, 9, 30, tzinfo=UTC), message=text, views=15230, forwards=41,
        edit_date=datetime(2026, 10, 3, 9, 45, tzinfo=UTC), post_author="Desk",
        fwd_from=types.MessageFwdHeader(date=datetime(2026, 10, 3, 9, 0, tzinfo=UTC),
                                        from_id=types.PeerChannel(1999000003), channel_post=77),
        reply_to=types.MessageReplyHeader(reply_to_msg_id=800),
        media=types.MessageMediaPhoto(photo=types.PhotoEmpty(id=1)),
        entities=[types.MessageEntityTextUrl(offset=link_at, length=3,
                                             url="https://statements.example.org/9"),
                  types.MessageEntityHashtag(offset=tag_at, length=5)],
    )
    item = message_to_fetched(
        message, channel="valley_watch", chat_title="Valley Watch",
        source=Source(name="mt", kind=SourceKind.TELEGRAM, address="mtproto:@valley_watch",
                      language="ar", id=4),
        fetched_at=datetime(2026, 10, 3, 10, 0, tzinfo=UTC),
        resolve_peer=lambda peer: ("Front Line Monitor", "frontline_monitor"))
    meta = item.meta()
    assert item.url == "https://t.me/valley_watch/812"
    assert meta["forwarded_from"] == "Front Line Monitor"
    assert meta["forwarded_from_url"] == "https://t.me/frontline_monitor/77"
    assert meta["reply_to"] == "800" and meta["views"] == "15230"
    assert meta["edited_at"] == "2026-10-03T09:45:00+00:00" and meta["media"] == "photo"
    assert meta["links"] == "https://statements.example.org/9" and meta["hashtags"] == "#عاجل"
    body = item.body.decode()
    assert '<a href="https://statements.example.org/9">هنا</a>' in body
    assert "15230" not in body  # view counts stay out of the stored bytes
    hidden = types.Message(id=813, peer_id=types.PeerChannel(1777000001),
                           date=datetime(2026, 10, 3, 9, 31, tzinfo=UTC), message="x",
                           fwd_from=types.MessageFwdHeader(date=None, from_id=types.PeerUser(5)))
    assert message_to_fetched(hidden, channel="valley_watch", chat_title="V", source=_source(),
                              fetched_at=datetime.now(UTC)).meta()["forwarded_from"] == "user:5"
