"""SSRF guard: refuse URLs that lead to this machine or to private networks.

A watched source is chosen by an analyst, and redirects are chosen by whoever runs the
server. Without a guard, a hostile feed could make watchfloor fetch
`http://169.254.169.254/` (cloud metadata) or an intranet page and archive it.

Two checks, one rule (`blocked_reason`):
1. `guard_url` runs before every request and every redirect hop: scheme must be http/https,
   and every address the host resolves to must be public.
2. `GuardedTransport` resolves the host again at connect time, checks every address, and
   connects to the address it checked. A DNS answer that changes between check and
   connect (DNS rebinding) therefore cannot slip a private address in. TLS still uses
   the host name (SNI and certificate check), because httpcore passes it to start_tls.

Environment proxies are never used (trust_env=False): through a proxy the guard could
not see where the connection goes.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

from ..errors import BlockedURLError, SourceError

ALLOWED_SCHEMES = ("http", "https")
HINT = "set allow_private_addresses=true only for tests"
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def blocked_reason(ip: IPAddress) -> str | None:
    """Why this address may not be fetched, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        # Addresses that carry an IPv4 address inside are judged by that address.
        inner = ip.ipv4_mapped or (ip.sixtofour if ip.sixtofour else None)
        if inner is None and ip.teredo:
            inner = ip.teredo[1]
        if inner is None and ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            reason = blocked_reason(inner)
            return f"{reason} (inside IPv6 {ip})" if reason else None
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("carrier-grade NAT", isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT),
        ("not globally routable", not ip.is_global),
    )
    for name, hit in checks:
        if hit:
            return f"{name} address {ip}"
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to (an IP literal resolves to itself)."""
    bare = host.strip("[]")
    try:
        return [ipaddress.ip_address(bare.split("%", 1)[0])]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(bare, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceError(f"cannot resolve host {host!r}: {exc}",
                          hint="check the address, or the machine's DNS") from None
    seen: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in seen:
            seen.append(ip)
    if not seen:
        raise SourceError(f"host {host!r} has no address")
    return seen


def check_addresses(host: str, addresses: Iterable[IPAddress], allow_private: bool) -> None:
    """Raise BlockedURLError if any address is not public (one bad answer is enough)."""
    if allow_private:
        return
    for ip in addresses:
        reason = blocked_reason(ip)
        if reason:
            raise BlockedURLError(f"refused {host}: it resolves to a {reason}", hint=HINT)


def guard_url(url: str, allow_private: bool) -> list[IPAddress]:
    """Check scheme and every resolved address of `url` before anything is sent."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise SourceError(f"not a valid URL: {url!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise BlockedURLError(
            f"refused {url!r}: scheme {scheme or '(none)'!r} is not http or https",
            hint="only http:// and https:// URLs are fetched; use a 'file' source for local files",
        )
    host = parts.hostname
    if not host:
        raise SourceError(f"URL has no host: {url!r}")
    addresses = resolve(host, port or (443 if scheme == "https" else 80))
    check_addresses(host, addresses, allow_private)
    return addresses


class GuardedBackend(httpcore.SyncBackend):
    """Resolves, checks and connects to the checked address in one step (no rebinding)."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = resolve(host, port)
        check_addresses(host, addresses, self.allow_private)
        last_error: Exception | None = None
        for ip in addresses:
            try:
                # The checked IP, not the name: a second DNS answer is never used.
                return super().connect_tcp(str(ip), port, timeout, local_address, socket_options)
            except httpcore.ConnectTimeout:
                raise
            except httpcore.ConnectError as exc:
                last_error = exc
        raise httpcore.ConnectError(f"cannot connect to {host}:{port}: {last_error}")


class GuardedTransport(httpx.HTTPTransport):
    """httpx transport whose connections go through GuardedBackend.

    httpx does not expose the network backend, so the pool httpx built is replaced by an
    equivalent one that uses it. tests/sources/test_ssrf_guard.py pins this behaviour.
    """

    def __init__(self, allow_private: bool, limits: httpx.Limits | None = None):
        limits = limits or httpx.Limits(max_connections=10, max_keepalive_connections=5)
        ssl_context = httpx.create_ssl_context(trust_env=False)  # loading CA certs costs ~50 ms: once
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(allow_private),
        )
