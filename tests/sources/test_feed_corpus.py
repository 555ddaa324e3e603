"""Every real feed in shared/corpus/feeds/ parses, or fails with a clear SourceError."""

from __future__ import annotations

import pytest

from watchfloor.errors import SourceError
from watchfloor.records import Source, SourceKind
from watchfloor.sources.fetch import Fetcher
from watchfloor.sources.rss import RssConnector

#: Files in the corpus that are not feeds at all (feedjira keeps single-entry HTML
#: fragments next to its feeds); each must give a clear SourceError.
NOT_FEEDS = {
    "AmazonWebServicesBlogFirstEntryContent.xml",
    "HREFConsideredHarmfulFirstEntry.xml",
    "PaulDixExplainsNothingFirstEntryContent.xml",
    "TechCrunchFirstEntry.xml",
    "TechCrunchFirstEntryDescription.xml",
    "TenderLovemakingFirstEntry.xml",
}


def test_every_corpus_feed_parses_or_fails_clearly(shared_dir, httpserver, settings):
    folder = shared_dir / "corpus" / "feeds"
    files = sorted(p for p in folder.iterdir() if p.suffix in (".xml", ".json"))
    assert files, f"no feeds in {folder}"
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    outcome = {}
    with Fetcher(settings.replace(follow_feed_links=False, max_feed_items=1000)) as fetcher:
        for path in files:
            httpserver.expect_request(f"/{path.name}").respond_with_data(
                path.read_bytes(), content_type="application/octet-stream")
            source = Source(name=path.name, kind=SourceKind.RSS, address=httpserver.url_for(f"/{path.name}"))
            try:
                items = list(RssConnector().poll(source, fetcher))
            except SourceError as exc:
                outcome[path.name] = f"error: {exc}"
                continue
            outcome[path.name] = len(items)
            for item in items:
                assert item.body and item.media_type == "text/html"
                assert item.meta()["feed_url"] == source.address
    failed = {name for name, got in outcome.items() if isinstance(got, str)}
    assert failed == NOT_FEEDS, {n: outcome[n] for n in failed ^ NOT_FEEDS}
    assert all("not a feed" in outcome[name] for name in NOT_FEEDS)
    assert outcome["json_feed.json"] > 0 and outcome["CRE.xml"] == 30
    assert sum(v for v in outcome.values() if isinstance(v, int)) > 300


@pytest.mark.parametrize("name", ["json_feed.json", "json_feed_with_escaped_uris.json"])
def test_json_feeds_in_corpus_have_links_and_dates(shared_dir, name):
    from watchfloor.sources.feed_parse import parse_feed

    parsed = parse_feed((shared_dir / "corpus" / "feeds" / name).read_bytes(), "http://example.org/feed.json")
    assert parsed.format.startswith("json")
    assert all(e.link.startswith("http") for e in parsed.entries)
    assert any(e.published for e in parsed.entries)
