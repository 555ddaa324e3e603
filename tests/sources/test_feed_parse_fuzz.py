"""Whatever bytes a feed URL returns, parsing ends in entries or a SourceError, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.errors import SourceError
from watchfloor.sources.feed_parse import parse_feed

PIECES = [b"<?xml version='1.0'?>", b"<rss version='2.0'>", b"<channel>", b"<item>", b"<title>",
          b"</title>", b"<link>", b"http://x.example/a", b"</link>", b"</item>", b"<feed xmlns='http://www.w3.org/2005/Atom'>",
          b"<entry>", b"</entry>", b"{", b'"version": "https://jsonfeed.org/version/1.1"', b'"items": [',
          b"]", b"}", b"<html>", b"<p>", b"\xff\xfe", b"\x00", b"&amp;", b"&bogus;", b"<![CDATA[", b"]]>"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.lists(st.sampled_from(PIECES), max_size=25).map(b"".join)))
def test_parse_feed_never_crashes(body):
    try:
        parsed = parse_feed(body, "http://feeds.example/rss", "")
    except SourceError:
        return
    for entry in parsed.entries:
        assert entry.link == "" or entry.link.startswith(("http://", "https://"))
