"""canonical_url gives one spelling per address, so the same item is stored once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchfloor.errors import SourceError
from watchfloor.sources.urls import canonical_url


@pytest.mark.parametrize("given_url, expected", [
    ("HTTP://Example.COM/News", "http://example.com/News"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://example.com/a#comments", "https://example.com/a"),
    ("https://example.com/a/?utm_source=tw&utm_medium=x&id=5", "https://example.com/a?id=5"),
    ("https://example.com/a?fbclid=abc&gclid=def", "https://example.com/a"),
    ("https://example.com/a?b=2&a=1&c=", "https://example.com/a?a=1&b=2&c="),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/section/", "https://example.com/section"),
    ("https://بغداد.example/خبر", "https://xn--mgbbvb6c.example/%D8%AE%D8%A8%D8%B1"),
    ("https://example.com/%7Euser/a%2fb", "https://example.com/~user/a%2Fb"),
    ("https://example.com/a%20b", "https://example.com/a%20b"),
    ("https://example.com./a", "https://example.com/a"),
    ("http://[::1]:8080/x/", "http://[::1]:8080/x"),
])
def test_canonical_forms(given_url, expected):
    assert canonical_url(given_url) == expected


def test_variants_of_one_article_agree():
    variants = [
        "https://News.Example/2026/11/convoy/?utm_campaign=feed",
        "https://news.example:443/2026/11/convoy#top",
        "https://news.example/2026/11/convoy",
    ]
    assert len({canonical_url(v) for v in variants}) == 1


def test_other_schemes_are_left_alone():
    assert canonical_url("file:///data/Report.PDF#p2") == "file:///data/Report.PDF"
    assert canonical_url("text:" + "a" * 64) == "text:" + "a" * 64


def test_bad_port_is_a_clear_error():
    with pytest.raises(SourceError, match="port"):
        canonical_url("http://example.com:99999999/")


@given(
    host=st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}\.[A-Za-z]{2,5}", fullmatch=True),
    path=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6), max_size=4),
    query=st.lists(st.tuples(st.sampled_from(["a", "id", "utm_source", "q", "fbclid"]),
                             st.text(max_size=5)), max_size=4),
)
def test_canonical_url_is_idempotent(host, path, query):
    from urllib.parse import quote, urlencode

    url = f"https://{host}/" + "/".join(quote(p, safe="") for p in path)
    if query:
        url += "?" + urlencode(query)
    once = canonical_url(url)
    assert canonical_url(once) == once


def test_plus_and_space_in_query_keep_their_meaning():
    assert canonical_url("https://x.example/s?q=a%2Bb") == "https://x.example/s?q=a%2Bb"
    assert canonical_url("https://x.example/s?q=a+b") == "https://x.example/s?q=a%20b"
