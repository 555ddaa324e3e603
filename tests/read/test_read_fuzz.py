"""Any bytes under any media type give a Document or a ReadError, never a crash."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchfloor.errors import ReadError
from watchfloor.read.reader import read

MEDIA = st.sampled_from(["text/html", "text/plain", "application/pdf", "application/xml",
                         "application/xhtml+xml", "application/octet-stream", "", "text/html; charset=utf-16",
                         "text/plain; charset=bogus-charset", "image/png"])
FRAGMENTS = st.sampled_from([
    b"<html>", b"<body>", b"<p>", b"</p>", b"<script>", b"<meta charset=\"windows-1256\">",
    b"<?xml version=\"1.0\" encoding=\"utf-16\"?>", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xff\xfe",
    b"\x00", "قصف على ريف إدلب".encode(), b"Convoy crossed", b"<div>" * 50, b"&#0;&#x110000;",
    b"<link rel=canonical href=\"http://[::1\">", b"<meta property=\"article:published_time\" content=\"99999\">",
])
BODIES = st.lists(st.one_of(FRAGMENTS, st.binary(max_size=40)), max_size=12).map(b"".join)


# 2000 examples ran clean once; a few dozen per run keep the suite fast.
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES, MEDIA)
def test_read_never_crashes(body, media_type):
    try:
        doc = read(None, body, url="https://example.org/item", media_type=media_type)
    except ReadError:
        return
    assert doc.text
    assert doc.fingerprint
