"""RSS, Atom and JSON Feed sources served by a real local server and followed to their pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.errors import SourceError
from watchfloor.records import Source, SourceKind
from watchfloor.sources.base import connector_for
from watchfloor.sources.fetch import Fetcher

DATA = Path(__file__).resolve().parents[1] / "data"


def serve_feed(site, name: str, path: str, content_type: str) -> str:
    """Serve tests/data/feeds/<name> at `path`, with FEEDHOST pointing at the server."""
    host = site.url_for("/").rstrip("/").split("://", 1)[1]
    body = (DATA / "feeds" / name).read_bytes().replace(b"FEEDHOST", host.encode())
    site.expect_request(path).respond_with_data(body, content_type=content_type)
    return site.url_for(path)


def serve_page(site, path: str, name: str, content_type: str = "text/html; charset=utf-8") -> bytes:
    body = (DATA / "pages" / name).read_bytes()
    site.expect_request(path).respond_with_data(body, content_type=content_type)
    return body


def poll(kind: str, address: str, fetcher, validators=None):
    source = Source(name="test", kind=SourceKind(kind), address=address, id=7)
    return list(connector_for(kind).poll(source, fetcher, validators))


class Remembered:
    """Validators as a store would keep them."""

    def __init__(self, known):
        self.known = known

    def get(self, url):
        return self.known.get(url, (None, None))


def test_rss_items_are_followed_to_their_pages(site, fetcher):
    feed_url = serve_feed(site, "rss2_border_watch.xml", "/rss.xml", "application/rss+xml")
    convoy = serve_page(site, "/articles/convoy", "article_convoy.html")
    shelling = serve_page(site, "/articles/shelling", "article_shelling_cp1256.html",
                          "text/html; charset=windows-1256")
    site.expect_request("/articles/missing").respond_with_data("gone", status=404)

    items = poll("rss", feed_url, fetcher)
    assert [i.url for i in items] == [site.url_for("/articles/convoy"), site.url_for("/articles/shelling"),
                                      site.url_for("/articles/missing")]
    first, second, third = items
    assert first.body == convoy and first.status == 200 and first.source_id == 7
    meta = first.meta()
    assert meta["title"] == "Convoy of twelve trucks crosses Al-Qaim crossing"
    assert meta["published"] == "2026-11-03T03:30:00+00:00"
    assert meta["author"] == "Desk A"
    assert meta["entry_id"] == "bw-2026-0001"
    assert meta["feed_url"] == feed_url
    # Arabic page in windows-1256: bytes untouched, charset left for the reader.
    assert second.body == shelling
    assert second.meta()["title"] == "قصف مدفعي قرب البوكمال"
    # The page is gone, but the feed's own text is kept, with the reason.
    assert "404" in third.meta()["fetch_error"]
    assert third.meta()["content_from"] == "feed"
    assert b"drone strike reported on a depot" in third.body
    assert third.media_type == "text/html"


def test_atom_entries_resolve_relative_links_and_keep_linkless_entries(site, fetcher):
    feed_url = serve_feed(site, "atom_observatory.xml", "/atom.xml", "application/atom+xml")
    serve_page(site, "/articles/exercise", "article_convoy.html")
    items = poll("rss", feed_url, fetcher)
    assert len(items) == 2
    assert items[0].final_url == site.url_for("/articles/exercise")
    assert items[0].meta()["author"] == "Field Team"
    assert items[0].meta()["published"] == "2026-11-05T07:15:00+00:00"
    linkless = items[1]
    assert linkless.meta()["content_from"] == "feed"
    assert b"Short note kept only in the feed." in linkless.body
    assert linkless.url.startswith(feed_url + "#entry-")


def test_json_feed_is_read(site, fetcher):
    """feedparser 6.0 cannot read JSON Feed; watchfloor reads it itself."""
    feed_url = serve_feed(site, "jsonfeed_monitor.json", "/feed.json", "application/feed+json")
    serve_page(site, "/articles/checkpoint", "article_convoy.html")
    items = poll("rss", feed_url, fetcher)
    assert items[0].url == site.url_for("/articles/checkpoint")
    assert items[0].meta()["published"] == "2026-11-02T11:00:00+00:00"
    assert items[0].meta()["author"] == "Monitor desk"
    assert items[1].meta()["author"] == "Stringer"
    assert b"Recruitment drive reported in two villages." in items[1].body


def test_feed_without_following_links_yields_feed_content(site, settings):
    feed_url = serve_feed(site, "rss2_border_watch.xml", "/rss.xml", "application/rss+xml")
    with Fetcher(settings.replace(follow_feed_links=False)) as f:
        items = poll("rss", feed_url, f)
    assert len(items) == 3
    assert all(i.meta()["content_from"] == "feed" and "fetch_error" not in i.meta() for i in items)
    assert "أفادت مصادر محلية" in items[1].body.decode("utf-8")
    assert [req.path for req, _ in site.log if req.path.startswith("/articles")] == []


def test_max_feed_items_limits_what_is_taken(site, settings):
    feed_url = serve_feed(site, "rss2_border_watch.xml", "/rss.xml", "application/rss+xml")
    with Fetcher(settings.replace(max_feed_items=1, follow_feed_links=False)) as f:
        assert len(poll("rss", feed_url, f)) == 1


def test_unchanged_feed_reports_not_modified(site, fetcher):
    def feed(request):
        from werkzeug.wrappers import Response
        if request.headers.get("If-None-Match") == '"f1"':
            return Response(status=304)
        return Response((DATA / "feeds" / "atom_observatory.xml").read_bytes(),
                        content_type="application/atom+xml", headers={"ETag": '"f1"'})

    site.expect_request("/atom.xml").respond_with_handler(feed)
    feed_url = site.url_for("/atom.xml")
    items = poll("rss", feed_url, fetcher, Remembered({feed_url: ('"f1"', None)}))
    assert len(items) == 1 and items[0].not_modified


def test_truncated_feed_uses_what_was_recovered(site, settings):
    feed_url = serve_feed(site, "rss2_truncated.xml", "/cut.xml", "application/rss+xml")
    with Fetcher(settings.replace(follow_feed_links=False)) as f:
        items = poll("rss", feed_url, f)
    assert items[0].meta()["title"] == "First item arrives whole"
    assert "malformed feed" in items[0].meta()["feed_warning"]


def test_feed_with_nothing_recoverable_is_a_clear_error(site, fetcher):
    feed_url = serve_feed(site, "broken_no_entries.xml", "/broken.xml", "application/rss+xml")
    with pytest.raises(SourceError, match="malformed|not a feed"):
        poll("rss", feed_url, fetcher)


def test_html_page_given_as_feed_is_refused(site, fetcher):
    serve_page(site, "/news", "not_a_feed.html")
    with pytest.raises(SourceError, match=r"not a feed \(got an HTML page\)"):
        poll("rss", site.url_for("/news"), fetcher)


def test_web_source_yields_the_page(site, fetcher):
    body = serve_page(site, "/page", "article_convoy.html")
    [item] = poll("web", site.url_for("/page"), fetcher)
    assert item.body == body and item.source_id == 7 and item.media_type == "text/html"


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "feeds").iterdir()))
def test_own_feed_fixtures_never_crash(site, settings, name):
    feed_url = serve_feed(site, name, "/f", "application/xml")
    with Fetcher(settings.replace(follow_feed_links=False)) as f:
        try:
            poll("rss", feed_url, f)
        except SourceError:
            pass


def test_repeated_item_is_fetched_once(site, fetcher):
    host = site.url_for("/").rstrip("/")
    item = f"<item><title>T</title><link>{host}/articles/once?utm_source=rss</link></item>"
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>D</title>{item}{item}</channel></rss>'
    site.expect_request("/dup.xml").respond_with_data(feed, content_type="application/rss+xml")
    serve_page(site, "/articles/once", "article_convoy.html")
    items = poll("rss", site.url_for("/dup.xml"), fetcher)
    assert len(items) == 1
    assert [req.path for req, _ in site.log].count("/articles/once") == 1
