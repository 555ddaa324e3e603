"""The SSRF guard refuses local and private destinations before any byte is sent."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from watchfloor.errors import BlockedURLError
from watchfloor.settings import load_settings
from watchfloor.sources import ssrf
from watchfloor.sources.fetch import Fetcher
from watchfloor.sources.ssrf import GuardedTransport, blocked_reason


@pytest.fixture
def strict_settings(tmp_path):
    """Production defaults: private addresses refused."""
    return load_settings(None, [f"data_dir={tmp_path}", "host_delay_s=0", "backoff_s=0.01",
                                "timeout_s=2"], environ={})


@pytest.mark.parametrize("url", [
    "http://localhost/",
    "http://[::1]/",
    "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/",
    "http://2130706433/",  # 127.0.0.1 written as one number
    "file:///etc/passwd",
    "ftp://example.org/file",
    "gopher://example.org/",
])
def test_private_and_odd_urls_are_refused(strict_settings, url):
    with Fetcher(strict_settings) as f, pytest.raises(BlockedURLError) as err:
        f.get(url)
    assert err.value.hint


def test_loopback_server_is_not_contacted(httpserver, strict_settings):
    httpserver.expect_request("/secret").respond_with_data("admin panel")
    with Fetcher(strict_settings) as f, pytest.raises(BlockedURLError, match="loopback") as err:
        f.get(httpserver.url_for("/secret").replace("localhost", "127.0.0.1"))
    assert "allow_private_addresses=true only for tests" in str(err.value)
    assert httpserver.log == []


def test_redirect_to_loopback_is_refused(httpserver, strict_settings, monkeypatch):
    """127.0.0.1 stands in for a public host (none exists offline); the redirect target,
    127.0.0.2, gets the real rule and must be refused before any connection."""
    real = ssrf.blocked_reason

    def public_127_0_0_1(ip):
        return None if ip == ipaddress.ip_address("127.0.0.1") else real(ip)

    monkeypatch.setattr(ssrf, "blocked_reason", public_127_0_0_1)
    port = httpserver.port
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/innocent").respond_with_data(
        "", status=302, headers={"Location": f"http://127.0.0.2:{port}/internal"})
    with Fetcher(strict_settings) as f, pytest.raises(BlockedURLError, match="127.0.0.2"):
        f.get(f"http://127.0.0.1:{port}/innocent")
    assert [req.path for req, _ in httpserver.log] == ["/robots.txt", "/innocent"]


def test_transport_checks_addresses_at_connect_time(httpserver):
    """Even a client that skipped guard_url cannot reach loopback through GuardedTransport:
    the address is checked when the socket is opened, which defeats DNS rebinding."""
    httpserver.expect_request("/").respond_with_data("hi")
    with httpx.Client(transport=GuardedTransport(allow_private=False)) as client:
        with pytest.raises(BlockedURLError):
            client.get(httpserver.url_for("/"))
    assert httpserver.log == []
    with httpx.Client(transport=GuardedTransport(allow_private=True)) as client:
        assert client.get(httpserver.url_for("/")).text == "hi"


@pytest.mark.parametrize("address, blocked", [
    ("8.8.8.8", False),
    ("2606:4700:4700::1111", False),
    ("127.0.0.1", True),
    ("10.1.2.3", True),
    ("172.16.0.1", True),
    ("192.168.1.1", True),
    ("100.100.100.100", True),
    ("169.254.169.254", True),
    ("224.0.0.251", True),
    ("0.0.0.0", True),
    ("fe80::1", True),
    ("fc00::1", True),
    ("::ffff:10.0.0.1", True),
    ("::ffff:8.8.8.8", False),
    ("2002:c0a8:0101::1", True),  # 6to4 around 192.168.1.1
])
def test_address_rule(address, blocked):
    assert (blocked_reason(ipaddress.ip_address(address)) is not None) is blocked
