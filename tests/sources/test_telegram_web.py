"""Telegram public channels through their web preview, served from a real local HTTP server."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from watchfloor.errors import SourceError
from watchfloor.records import Source, SourceKind
from watchfloor.sources.base import connector_for
from watchfloor.sources.telegram import TelegramConnector, parse_address
from watchfloor.sources.telegram_web import LayoutChangedError, parse_channel_page, parse_count

DATA = Path(__file__).resolve().parents[1] / "data" / "telegram"


def _load_site():
    spec = importlib.util.spec_from_file_location("telegram_channel_site", DATA / "channel_site.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


site_module = _load_site()


class MemoryState:
    """What the pipeline's Store remembers: the last kept body's SHA-256 per post URL."""

    def __init__(self):
        self.kept: dict[str, str] = {}

    def seen_sha(self, url: str) -> str | None:
        return self.kept.get(url)

    def keep(self, items) -> None:
        for item in items:
            self.kept[item.url] = hashlib.sha256(item.body).hexdigest()


@pytest.fixture
def channel(site):
    ch = site_module.DemoChannel()
    site_module.serve(site, ch)
    return ch


def _source(site, name: str, language: str | None = None) -> Source:
    return Source(name=name, kind=SourceKind.TELEGRAM, address=site.url_for(f"/s/{name}"),
                  language=language, id=3)


def test_connector_is_registered_under_telegram():
    assert isinstance(connector_for("telegram"), TelegramConnector)


def test_first_poll_reads_whole_history_then_nothing_then_only_new_and_edited(site, fetcher, channel):
    state = MemoryState()
    connector = TelegramConnector()
    source = _source(site, channel.name)

    first = list(connector.poll(source, fetcher, state))
    state.keep(first)
    assert len(first) == 200  # the service message "Channel created" is not a post
    ids = [int(i.meta()["post_id"]) for i in first]
    assert ids == sorted(ids)  # oldest first
    assert all(i.meta()["change"] == "new" for i in first)
    assert {i.meta()["channel"] for i in first} == {channel.name}

    # View counts, avatars, CDN hosts and data-view tokens all changed: nothing is new.
    assert list(connector.poll(source, fetcher, state)) == []

    newest = sorted(p for p in channel.posts if not channel.posts[p].service)
    edited_ids = [newest[-3], newest[-25]]  # on the newest page and on the page before it
    channel.edit(edited_ids[0], "Correction: the convoy had 12 vehicles, not 40.")
    channel.edit(edited_ids[1], "تصحيح: الرتل ضم ١٢ آلية وليس ٤٠.")
    added = [channel.add("Breaking: explosions reported near the airport."),
             channel.add("عاجل: انفجارات قرب المطار.", "ar"),
             channel.add("Update: the road to Rawa is closed.")]

    third = list(connector.poll(source, fetcher, state))
    got = {int(i.meta()["post_id"]): i.meta() for i in third}
    assert set(got) == set(edited_ids) | set(added)
    assert {got[p]["change"] for p in added} == {"new"}
    assert {got[p]["change"] for p in edited_ids} == {"edited"}
    assert all(got[p].get("edited") == "true" for p in edited_ids)
    assert "12 vehicles" in next(i for i in third if int(i.meta()["post_id"]) == edited_ids[0]
                                 ).body.decode()


def test_posts_carry_forwards_replies_captions_links_and_views(site, fetcher, channel):
    items = list(TelegramConnector().poll(_source(site, channel.name, "ar"), fetcher, None))
    metas = [i.meta() for i in items]
    forwards = [m for m in metas if "forwarded_from" in m]
    assert forwards and any(m.get("forwarded_from_url", "").startswith(
        "https://t.me/frontline_monitor/") for m in forwards)
    assert any(m["forwarded_from"] == "Hidden Correspondent" and "forwarded_from_url" not in m
               for m in forwards)
    replies = [m for m in metas if "reply_to" in m]
    assert replies and all(int(m["reply_to"]) < int(m["post_id"]) for m in replies)
    photos = [i for i in items if i.meta().get("media") == "photo"]
    assert photos and all("telesco.pe" in i.meta()["media_urls"] for i in photos)
    caption = photos[0]
    assert caption.meta()["post_id"] in caption.body.decode()
    assert any(m.get("media") == "video" for m in metas)
    assert any(m.get("document_titles") == "statement_scan.pdf" for m in metas)
    assert any(m.get("links", "").startswith("https://news.example.org/report/") for m in metas)
    assert any(m.get("hashtags") == "#عاجل" for m in metas)
    assert any(m.get("link_preview_url") == "https://news.example.org/analysis/ceasefire"
               for m in metas)
    assert all(int(m["views"]) > 0 for m in metas)
    assert all(m["published"].startswith("2026-09") for m in metas)
    assert all(m["language"] == "ar" for m in metas)
    first = items[0]
    assert first.url == site.url_for(f"/{channel.name}/{first.meta()['post_id']}")
    assert first.media_type == "text/html"
    assert "tgme_widget_message_views" not in first.body.decode()  # volatile parts dropped


def test_posts_read_as_documents_with_their_text(site, fetcher, channel):
    from watchfloor.read.reader import read

    items = list(TelegramConnector().poll(_source(site, channel.name), fetcher, None))
    arabic = next(i for i in items if "عاجل" in i.meta().get("hashtags", ""))
    doc = read(arabic.headers, arabic.body, url=arabic.url, media_type=arabic.media_type,
               item_meta=arabic.meta())
    assert "#عاجل" in doc.text
    assert doc.published_at is not None and doc.published_at.year == 2026


def test_max_pages_limits_the_first_poll(site, fetcher, channel):
    items = list(TelegramConnector(max_pages=2).poll(_source(site, channel.name), fetcher, None))
    assert len(items) == 40
    assert max(int(i.meta()["post_id"]) for i in items) == max(channel.posts)


def test_missing_channel_is_named(site, fetcher, channel):
    with pytest.raises(SourceError, match=r"@ghost does not exist"):
        list(TelegramConnector().poll(_source(site, "ghost"), fetcher, None))


def test_channel_without_public_preview_is_named(site, fetcher, channel):
    with pytest.raises(SourceError, match=r"@closed has no public web preview") as err:
        list(TelegramConnector().poll(_source(site, "closed"), fetcher, None))
    assert "mtproto" in str(err.value)


def test_changed_layout_yields_nothing_and_says_what_is_missing(site, fetcher, channel):
    polled = TelegramConnector().poll(_source(site, "changed"), fetcher, None)
    with pytest.raises(LayoutChangedError, match=r"@changed.*tgme_channel_history"):
        next(polled)


def test_broken_older_page_stores_nothing(site, fetcher):
    """Page 1 is fine, page 2 lost its dates: nothing at all is yielded."""
    ch = site_module.DemoChannel(name="halfbroken")
    newest = ch.render_page()
    before = sorted(ch.posts)[-20]
    broken = ch.render_page(before).replace("<time ", "<span ").replace("</time>", "</span>")
    site.expect_request("/s/halfbroken", query_string=f"before={before}").respond_with_data(
        broken, content_type="text/html")
    site.expect_request("/s/halfbroken").respond_with_data(newest, content_type="text/html")
    polled = TelegramConnector().poll(_source(site, "halfbroken"), fetcher, None)
    with pytest.raises(LayoutChangedError, match=r"@halfbroken.*has no date"):
        next(polled)


def test_http_errors_name_the_channel(site, fetcher):
    site.expect_request("/s/gone_channel").respond_with_data("no", status=404)
    with pytest.raises(SourceError, match=r"Telegram channel @gone_channel: HTTP 404"):
        list(TelegramConnector().poll(_source(site, "gone_channel"), fetcher, None))


@pytest.mark.parametrize("address, page", [
    ("@frontwatch", "https://t.me/s/frontwatch"),
    ("frontwatch", "https://t.me/s/frontwatch"),
    ("t.me/frontwatch", "https://t.me/s/frontwatch"),
    ("https://t.me/s/frontwatch", "https://t.me/s/frontwatch"),
    ("https://telegram.me/frontwatch/", "https://t.me/s/frontwatch"),
    ("http://127.0.0.1:8123/s/frontwatch", "http://127.0.0.1:8123/s/frontwatch"),
])
def test_addresses(address, page):
    parsed = parse_address(address)
    assert (parsed.mode, parsed.channel, parsed.first_page) == ("web", "frontwatch", page)


@pytest.mark.parametrize("address, message", [
    ("https://t.me/+AbCdEf123", "invite link"),
    ("t.me/joinchat/AbCdEf", "invite link"),
    ("@a-b", "not a valid username"),
    ("", "empty address"),
    ("https://example.org/news", "not a Telegram channel address"),
])
def test_bad_addresses(address, message):
    with pytest.raises(SourceError, match=message):
        parse_address(address)


def test_parser_ignores_the_host_and_reads_counts():
    ch = site_module.DemoChannel(name="hostfree")
    page = parse_channel_page(ch.render_page().encode(), "https://mirror.example/s/hostfree",
                              "hostfree")
    assert len(page.posts) == 20 and page.before == page.posts[0].post_id
    assert page.posts[0].url.startswith("https://mirror.example/hostfree/")
    assert page.title == "Front Watch — test channel"
    assert parse_count("1.2K") == 1200 and parse_count("3M") == 3_000_000
    assert parse_count("845") == 845 and parse_count("n/a") is None


def test_pipeline_captures_only_new_and_edited_posts(site, settings, channel):
    """Through the real pipeline (Store + WARC archive): 200, then 0, then the 5 changes."""
    from watchfloor.pipeline import Context, capture_source

    with Context.open(settings) as ctx:
        ctx.store.migrate()
        source = ctx.store.upsert_source(_source(site, channel.name, "ar"))
        first = capture_source(ctx, source)
        assert (first.done, first.failed) == (200, 0), first.errors
        again = capture_source(ctx, source)
        assert (again.done, again.skipped, again.failed) == (0, 0, 0)
        ids = sorted(p for p in channel.posts if not channel.posts[p].service)
        channel.edit(ids[-1], "Correction: no casualties.")
        channel.edit(ids[-21], "تصحيح: لا إصابات.")
        for text in ("New post one", "New post two", "New post three"):
            channel.add(text)
        third = capture_source(ctx, source)
        assert (third.done, third.failed) == (5, 0), third.errors
        assert ctx.store.count("captures") == 205
        capture = ctx.store.captures(limit=1)[0]
        assert capture.meta()["channel"] == channel.name
        _headers, body = ctx.archive.read(capture)  # the archived bytes are the post's page
        assert capture.sha256 == hashlib.sha256(body).hexdigest() and b"<article>" in body


_PAGE = site_module.DemoChannel(name="fuzzed").render_page()


@settings_hypothesis(max_examples=60, deadline=None)
@given(cuts=st.lists(st.tuples(st.integers(0, len(_PAGE)), st.integers(0, 400)), max_size=6),
       junk=st.text(max_size=40))
@example(cuts=[(1912, 0)], junk="\x1f")  # a control character inside a post's text
def test_damaged_pages_parse_or_fail_clearly(cuts, junk):
    """Bytes cut out of a real-shaped page: it parses, or a SourceError says why; no crash."""
    page = _PAGE
    for start, length in cuts:
        page = page[:start] + junk + page[start + length:]
    try:
        parsed = parse_channel_page(page.encode(), "https://t.me/s/fuzzed", "fuzzed")
    except SourceError:
        return
    assert all(p.post_id >= 0 and p.url.startswith("https://t.me/") for p in parsed.posts)


def test_arabic_post_becomes_a_claim_with_actor_and_place(site, settings, channel):
    """The whole flow on a monitored channel: an Arabic post names its actor and its place."""
    from watchfloor.geo import haversine_km
    from watchfloor.pipeline import Context, run_cycle

    post_id = channel.add("أرسل الحشد الشعبي رتلاً من 30 آلية إلى البوكمال يوم 3 تشرين الثاني 2023، "
                          "بحسب مصادر محلية.", language="ar")
    with Context.open(settings) as ctx:
        ctx.store.upsert_source(_source(site, channel.name, "ar"))
        run_cycle(ctx)
        [doc] = [d for d in ctx.store.documents() if d.url.endswith(f"/{post_id}")]
        assert doc.language == "ar"
        claims = [c for _k, c in ctx.store.claims(document_id=doc.id)]
        move = next(c for c in claims if c.event_type == "strategic.movement_of_forces")
        assert [a.actor_id for a in move.actors if a.role.value == "actor"] == ["pmf"]
        bukamal = next(p for p in move.places if p.lat is not None)
        assert haversine_km(bukamal.lat, bukamal.lon, 34.4523, 40.9186) < 10
        assert str(move.date) == "2023-11-03"
        mentions = {m.id: m for m in ctx.store.mentions(doc.id)}
        assert doc.text[mentions[bukamal.mention_ids[0]].start:mentions[bukamal.mention_ids[0]].end] \
            .endswith("البوكمال")
        assert ctx.store.count("events") >= 1
