"""Fetcher behaviour against a real HTTP server: what a watcher of flaky sites notices."""

from __future__ import annotations

import gzip
import time
import zlib

import pytest
from werkzeug.wrappers import Response

from watchfloor.errors import BlockedURLError, SourceError, TooLargeError
from watchfloor.sources.fetch import Fetcher


def test_page_comes_back_with_status_headers_and_media_type(site, fetcher, settings):
    seen_agents = []

    def page(request):
        seen_agents.append(request.headers.get("User-Agent"))
        return Response("<html><body><p>Convoy seen</p></body></html>",
                        content_type="text/html; charset=utf-8", headers={"ETag": '"v1"'})

    site.expect_request("/news/1").respond_with_handler(page)
    got = fetcher.get(site.url_for("/news/1"))
    assert got.status == 200
    assert got.body == b"<html><body><p>Convoy seen</p></body></html>"
    assert got.media_type == "text/html"
    assert got.header("etag") == '"v1"'
    assert got.final_url == got.url == site.url_for("/news/1")
    assert seen_agents == [settings.user_agent]


def test_conditional_get_reports_not_modified(site, fetcher):
    def page(request):
        if request.headers.get("If-None-Match") == '"v1"' or request.headers.get(
                "If-Modified-Since") == "Tue, 03 Nov 2026 10:00:00 GMT":
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response("fresh", content_type="text/plain", headers={"ETag": '"v1"'})

    site.expect_request("/feed").respond_with_handler(page)
    first = fetcher.get(site.url_for("/feed"))
    assert not first.not_modified and first.body == b"fresh"
    again = fetcher.get(site.url_for("/feed"), etag=first.header("ETag"))
    assert again.not_modified and again.status == 304 and again.body == b""
    by_date = fetcher.get(site.url_for("/feed"), last_modified="Tue, 03 Nov 2026 10:00:00 GMT")
    assert by_date.not_modified


def test_redirects_are_followed_hop_by_hop(site, fetcher):
    site.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/older"})
    site.expect_request("/older").respond_with_data(
        "", status=302, headers={"Location": site.url_for("/article?id=7")})
    site.expect_request("/article").respond_with_data("the article", content_type="text/plain")
    got = fetcher.get(site.url_for("/old"))
    assert got.body == b"the article"
    assert got.url == site.url_for("/old")
    assert got.final_url == site.url_for("/article?id=7")


def test_redirect_loop_is_refused(site, fetcher):
    site.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    site.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with pytest.raises(SourceError, match="redirect loop"):
        fetcher.get(site.url_for("/a"))


def test_too_many_redirects_are_refused(site, settings):
    for i in range(5):
        site.expect_request(f"/hop{i}").respond_with_data(
            "", status=302, headers={"Location": f"/hop{i + 1}"})
    with Fetcher(settings.replace(max_redirects=3)) as f, pytest.raises(SourceError, match="too many redirects"):
        f.get(site.url_for("/hop0"))


def test_client_error_names_status_and_url(site, fetcher):
    site.expect_request("/gone").respond_with_data("no", status=404)
    with pytest.raises(SourceError) as err:
        fetcher.get(site.url_for("/gone"))
    assert "404" in str(err.value) and site.url_for("/gone") in str(err.value)
    assert err.value.hint


def test_503_is_retried_then_succeeds(site, fetcher):
    calls = []

    def flaky(request):
        calls.append(1)
        if len(calls) < 3:
            return Response("busy", status=503, headers={"Retry-After": "0"})
        return Response("ok now", content_type="text/plain")

    site.expect_request("/flaky").respond_with_handler(flaky)
    got = fetcher.get(site.url_for("/flaky"))
    assert got.body == b"ok now"
    assert len(calls) == 3


def test_server_error_gives_up_after_retries(site, fetcher, settings):
    site.expect_request("/down").respond_with_data("boom", status=500)
    with pytest.raises(SourceError, match=r"HTTP 500 .* after 3 attempts"):
        fetcher.get(site.url_for("/down"))
    assert sum(1 for req, _ in site.log if req.path == "/down") == settings.retries + 1


def test_long_retry_after_is_not_waited_for(site, fetcher):
    site.expect_request("/later").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    started = time.monotonic()
    with pytest.raises(SourceError, match="retry after 3600"):
        fetcher.get(site.url_for("/later"))
    assert time.monotonic() - started < 2


def test_slow_server_times_out(site, settings):
    def slow(request):
        time.sleep(1.0)
        return Response("late")

    site.expect_request("/slow").respond_with_handler(slow)
    with Fetcher(settings.replace(timeout_s=0.3, retries=0)) as f, pytest.raises(SourceError, match="timed out"):
        f.get(site.url_for("/slow"))


def test_huge_streamed_response_is_cut_at_the_cap(site, settings):
    chunk = b"x" * 65536
    sent = []

    def endless(request):
        def body():
            for _ in range(800):  # 50 MB if read to the end
                sent.append(1)
                yield chunk
        return Response(body(), content_type="application/octet-stream")

    site.expect_request("/big").respond_with_handler(endless)
    with Fetcher(settings.replace(max_bytes=1_000_000)) as f, pytest.raises(TooLargeError) as err:
        f.get(site.url_for("/big"))
    assert "max_bytes=1,000,000" in str(err.value)
    assert len(sent) < 800  # we hung up long before the end


def test_announced_length_over_the_cap_is_refused_before_download(site, settings):
    site.expect_request("/announced").respond_with_data(b"y" * 200_000, content_type="text/plain")
    with Fetcher(settings.replace(max_bytes=100_000)) as f, pytest.raises(TooLargeError, match="announces"):
        f.get(site.url_for("/announced"))


def _gzip_of_zeros(n_bytes: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1_000_000
    parts = [comp.compress(block) for _ in range(n_bytes // len(block))]
    return b"".join(parts) + comp.flush()


def test_gzip_bomb_is_capped_on_decoded_size(site, settings):
    bomb = _gzip_of_zeros(30_000_000)
    assert len(bomb) < 100_000
    site.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    with Fetcher(settings.replace(max_bytes=1_000_000)) as f, pytest.raises(TooLargeError, match="gzip"):
        f.get(site.url_for("/bomb"))


def test_gzip_body_is_decoded_and_headers_say_so(site, fetcher):
    text = "<p>قصف مدفعي</p>".encode() * 50
    site.expect_request("/gz").respond_with_data(
        gzip.compress(text), content_type="text/html; charset=utf-8", headers={"Content-Encoding": "gzip"})
    got = fetcher.get(site.url_for("/gz"))
    assert got.body == text
    assert got.header("Content-Encoding") is None
    assert got.header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert got.header("Content-Length") == str(len(text))


def test_non_utf8_bytes_pass_through_untouched(site, fetcher):
    body = "<html><meta charset=windows-1256><p>اشتباكات في دير الزور</p></html>".encode("cp1256")
    site.expect_request("/ar").respond_with_data(body, content_type="text/html; charset=windows-1256")
    got = fetcher.get(site.url_for("/ar"))
    assert got.body == body
    assert got.header("Content-Type") == "text/html; charset=windows-1256"


def test_binary_content_keeps_its_media_type(site, fetcher):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    pdf = b"%PDF-1.4\n%binary\n"
    site.expect_request("/img").respond_with_data(png, content_type="application/octet-stream")
    site.expect_request("/doc").respond_with_data(pdf, content_type="text/html")
    assert fetcher.get(site.url_for("/img")).media_type == "image/png"
    assert fetcher.get(site.url_for("/doc")).media_type == "application/pdf"


def test_robots_disallow_is_refused_clearly(httpserver, fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    httpserver.expect_request("/public").respond_with_data("open", content_type="text/plain")
    assert fetcher.get(httpserver.url_for("/public")).body == b"open"
    with pytest.raises(BlockedURLError, match="robots.txt") as err:
        fetcher.get(httpserver.url_for("/private/report"))
    assert "respect_robots" in err.value.hint
    paths = [req.path for req, _ in httpserver.log]
    assert paths.count("/robots.txt") == 1  # cached per host
    assert "/private/report" not in paths


def test_robots_can_be_switched_off(httpserver, settings):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    httpserver.expect_request("/x").respond_with_data("fine")
    with Fetcher(settings.replace(respect_robots=False)) as f:
        assert f.get(httpserver.url_for("/x")).body == b"fine"


def test_failing_robots_means_stay_out(httpserver, fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=500)
    with pytest.raises(BlockedURLError, match=r"robots.txt .* could not be read \(HTTP 500\)"):
        fetcher.get(httpserver.url_for("/page"))
    assert "/page" not in [req.path for req, _ in httpserver.log]


def test_requests_to_one_host_are_spaced(site, settings):
    site.expect_request("/p").respond_with_data("p")
    with Fetcher(settings.replace(host_delay_s=0.4)) as f:
        started = time.monotonic()
        f.get(site.url_for("/p"))  # robots.txt, then /p
        f.get(site.url_for("/p"))
        assert time.monotonic() - started >= 0.8


def test_unreachable_host_says_so(settings):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with Fetcher(settings.replace(retries=1)) as f, pytest.raises(SourceError, match="cannot fetch") as err:
        f.get(f"http://127.0.0.1:{port}/page")
    assert not isinstance(err.value, BlockedURLError)


def test_unknown_host_is_a_clear_error(fetcher):
    with pytest.raises(SourceError, match="cannot resolve host"):
        fetcher.get("http://news.invalid/page")


def test_redirect_to_a_non_ascii_path(site, fetcher):
    """Some servers send a raw UTF-8 Location header (werkzeug does, given a str)."""
    site.expect_request("/short").respond_with_data("", status=302, headers={"Location": "/خبر"})
    site.expect_request("/خبر").respond_with_data("arabic path")
    assert fetcher.get(site.url_for("/short")).body == b"arabic path"


def test_invalid_url_is_a_clear_error(fetcher):
    with pytest.raises(SourceError):
        fetcher.get("http://exa mple.com/")
    with pytest.raises(SourceError):
        fetcher.get("http:///nohost")


def test_unsendable_validator_is_a_clear_error(site, fetcher):
    site.expect_request("/v").respond_with_data("ok")
    with pytest.raises(SourceError, match="cannot request"):
        fetcher.get(site.url_for("/v"), etag='"خبر"')


def test_robots_rules_for_watchfloor_by_name(httpserver, fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: otherbot\nDisallow: /\n\nUser-agent: watchfloor\nDisallow: /drafts/\n")
    httpserver.expect_request("/news").respond_with_data("news")
    assert fetcher.get(httpserver.url_for("/news")).body == b"news"
    with pytest.raises(BlockedURLError, match="robots.txt"):
        fetcher.get(httpserver.url_for("/drafts/1"))
