"""Polite, guarded HTTP fetching: the one way watchfloor talks to the web.

`Fetcher.get(url)` returns a `records.Fetched` or raises a `SourceError` that says what went
wrong and what to do. Each request:

1. checks the URL with the SSRF guard (again on every redirect hop, and again at connect
   time, see `ssrf.py`);
2. obeys the host's robots.txt (fetched once per host through the same guarded client);
3. waits until `host_delay_s` has passed since the last request to that host;
4. sends a conditional GET when the caller knows an ETag / Last-Modified (a 304 comes back as
   `Fetched(not_modified=True)`);
5. retries timeouts, connection errors, 5xx and 429 with exponential backoff, honouring
   Retry-After up to `MAX_RETRY_AFTER_S`;
6. streams the body and stops as soon as the *decoded* size passes `max_bytes` (the
   gzip/deflate decoding is done here, bounded, so a compression bomb cannot fill memory).

Bodies are returned decoded from Content-Encoding but otherwise untouched: no charset
conversion (the reader decodes text). The headers kept with them say so: Content-Encoding
is renamed X-Archive-Orig-Content-Encoding and Content-Length gives the decoded size, so a
WARC record built from them replays correctly.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..errors import BlockedURLError, SourceError, TooLargeError
from ..records import Fetched
from .sniff import sniff_media_type
from .ssrf import GuardedTransport, guard_url

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: A Retry-After longer than this is not waited for: the fetch fails and the next poll retries.
MAX_RETRY_AFTER_S = 60.0
#: robots.txt bodies past this size are cut (RFC 9309 asks parsers to read at least 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_MAX_REDIRECTS = 5
#: The whole body must arrive within this many `timeout_s`, so a server that drips one byte
#: at a time (never tripping the per-read timeout) cannot hold a poll forever.
BODY_DEADLINE_FACTOR = 3
DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_HOP_HEADERS = frozenset({"transfer-encoding", "connection", "keep-alive"})
_STATUS_HINTS = {
    401: "the site wants a login; watchfloor only fetches public pages",
    403: "the site refuses watchfloor; check the address in a browser, or drop the source",
    404: "the page is gone or the address is wrong; check the source's address",
    410: "the page was removed for good; drop or update the source",
    429: "the site is rate-limiting us; raise host_delay_s or the source's poll interval",
}


@dataclass
class _Answer:
    """One HTTP exchange: status, raw headers, decoded body (only read for 2xx)."""

    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        low = name.lower()
        for k, v in self.headers:
            if k.lower() == low:
                return v
        return None


class _BoundedDecoder:
    """Undo Content-Encoding (gzip, deflate, identity) while counting decoded bytes."""

    def __init__(self, encoding: str, cap: int, url: str, truncate: bool):
        self.encoding = encoding
        self.cap = cap
        self.url = url
        self.truncate = truncate
        self.total = 0
        self.full = False
        self._d = self._new_decompressor()
        self._members_done = 0
        self._tried_raw_deflate = False

    def _new_decompressor(self):
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.encoding == "deflate":
            return zlib.decompressobj(zlib.MAX_WBITS)
        return None

    def _too_large(self) -> None:
        if self.truncate:
            self.full = True
            return
        raise TooLargeError(
            f"response from {self.url} is larger than max_bytes={self.cap:,} bytes "
            f"(after decoding {self.encoding or 'identity'}); stopped reading",
            hint="raise max_bytes if this source really publishes items that large",
        )

    def feed(self, data: bytes) -> bytes:
        if self.full:
            return b""
        if self._d is None:
            room = self.cap - self.total
            if len(data) > room:
                self.total += room
                self._too_large()
                return data[:room]
            self.total += len(data)
            return data
        out: list[bytes] = []
        while data:
            room = self.cap - self.total
            try:
                chunk = self._d.decompress(data, room + 1)
            except zlib.error as exc:
                if self.encoding == "deflate" and self.total == 0 and not self._tried_raw_deflate:
                    # Some servers send raw deflate without the zlib wrapper.
                    self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._tried_raw_deflate = True
                    continue
                if self._members_done:
                    break  # garbage after a complete gzip member: ignore it
                raise SourceError(f"response from {self.url} is not valid {self.encoding}: {exc}") from None
            if len(chunk) > room:
                self.total += room
                out.append(chunk[:room])
                self._too_large()
                break
            self.total += len(chunk)
            out.append(chunk)
            if self._d.eof:
                self._members_done += 1
                data = self._d.unused_data
                if data.strip(b"\x00"):
                    self._d = self._new_decompressor()
                    continue
                break
            data = self._d.unconsumed_tail
        return b"".join(out)


def _retry_after_s(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _redirect_target(current: str, location: str) -> str:
    """Absolute URL of a Location header (raw UTF-8 in headers arrives as latin-1 text)."""
    try:
        location = location.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    try:
        return urljoin(current, location.strip())
    except ValueError as exc:
        raise SourceError(f"redirect from {current} to an invalid address {location!r}: {exc}") from None


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _kept_headers(answer: _Answer, decoded: bool) -> tuple[tuple[str, str], ...]:
    """Response headers as archived: hop-by-hop dropped, encoding/length made true of the body."""
    kept: list[tuple[str, str]] = []
    true_length = str(len(answer.body))
    for k, v in answer.headers:
        low = k.lower()
        if low in _HOP_HEADERS:
            continue
        if low == "content-length":
            if v.strip() != true_length:
                kept.append(("X-Archive-Orig-Content-Length", v))
            continue
        if low == "content-encoding" and decoded:
            kept.append(("X-Archive-Orig-Content-Encoding", v))
            continue
        kept.append((k, v))
    kept.append(("Content-Length", true_length))
    return tuple(kept)


class Fetcher:
    """Fetches URLs politely and safely; use as a context manager or call close()."""

    def __init__(self, settings):
        self.settings = settings
        self._client = httpx.Client(
            transport=GuardedTransport(bool(settings.allow_private_addresses)),
            timeout=httpx.Timeout(float(settings.timeout_s)),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._next_slot: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Close pooled connections."""
        self._client.close()

    # -- public ---------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None) -> Fetched:
        """GET `url` (following redirects) and return what came back, or raise SourceError."""
        headers = {"Accept": accept or DEFAULT_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        answer, decoded = self._follow(url, headers, self.settings.max_redirects, robots=True,
                                       cap=int(self.settings.max_bytes), truncate=False)
        fetched_at = datetime.now(UTC)
        status = answer.status
        if status == 304:
            return Fetched(url=url, final_url=answer.url, status=304,
                           headers=_kept_headers(answer, False), body=b"",
                           media_type=sniff_media_type(b"", answer.header("Content-Type")),
                           fetched_at=fetched_at, not_modified=True)
        if 200 <= status < 300:
            return Fetched(url=url, final_url=answer.url, status=status,
                           headers=_kept_headers(answer, decoded), body=answer.body,
                           media_type=sniff_media_type(answer.body, answer.header("Content-Type")),
                           fetched_at=fetched_at)
        attempts = int(self.settings.retries) + 1
        if status in RETRY_STATUSES:
            raise SourceError(f"HTTP {status} {answer.reason} from {answer.url} "
                              f"(gave up after {attempts} attempts)",
                              hint=_STATUS_HINTS.get(status, "the server is failing; the next poll retries"))
        if status in REDIRECT_STATUSES:
            raise SourceError(f"HTTP {status} redirect without a Location header from {answer.url}")
        raise SourceError(f"HTTP {status} {answer.reason} from {answer.url}",
                          hint=_STATUS_HINTS.get(status, "check the source's address"))

    # -- redirects, robots, retries ------------------------------------------------------

    def _follow(self, url: str, headers: dict[str, str], max_redirects: int, *, robots: bool,
                cap: int, truncate: bool) -> tuple[_Answer, bool]:
        """Follow redirects hop by hop, guarding each hop; return the last answer."""
        seen: list[str] = []
        current = url
        for _hop in range(int(max_redirects) + 1):
            guard_url(current, bool(self.settings.allow_private_addresses))
            try:
                key = str(httpx.URL(current).copy_with(fragment=None))
            except httpx.InvalidURL as exc:
                raise SourceError(f"not a valid URL: {current!r} ({exc})") from None
            if key in seen:
                chain = " -> ".join([*seen, key])
                raise SourceError(f"redirect loop: {chain}",
                                  hint="the site redirects in a circle; check the address in a browser")
            seen.append(key)
            if robots and self.settings.respect_robots:
                self._check_robots(current)
            answer, decoded = self._exchange_with_retries(current, headers, cap, truncate)
            location = answer.header("Location")
            if answer.status in REDIRECT_STATUSES and location:
                current = _redirect_target(current, location)
                continue
            return answer, decoded
        raise SourceError(f"too many redirects (more than max_redirects={max_redirects}) from {url}",
                          hint="check the address in a browser, or raise max_redirects")

    def _check_robots(self, url: str) -> None:
        key = _host_key(url)
        if key not in self._robots:
            self._robots[key] = self._load_robots(key)
        parser = self._robots[key]
        if parser.can_fetch(self.settings.user_agent, url):
            return
        why = getattr(parser, "why", "")
        if why:
            raise BlockedURLError(f"robots.txt of {key} could not be read ({why}); not fetching {url}",
                                  hint="RFC 9309: a crawler stays out while robots.txt fails with 5xx; "
                                       "the next poll tries again")
        raise BlockedURLError(f"robots.txt of {key} disallows {url}",
                              hint="the site asks crawlers to stay out; respect_robots=false "
                                   "overrides this, only for sites you may fetch")

    def _load_robots(self, host_key: str) -> RobotFileParser:
        """RFC 9309: 2xx parse; 4xx means no rules; 5xx means stay out. An unreachable
        host raises its own SourceError (and nothing is cached, so the next poll retries)."""
        parser = RobotFileParser()
        answer, _ = self._follow(host_key + "/robots.txt", {"Accept": "text/plain"}, ROBOTS_MAX_REDIRECTS,
                                 robots=False, cap=ROBOTS_MAX_BYTES, truncate=True)
        if 200 <= answer.status < 300:
            parser.parse(answer.body.decode("utf-8", errors="replace").splitlines())
        elif 400 <= answer.status < 500 and answer.status != 429:
            parser.parse([])
            parser.allow_all = True
        else:
            parser.parse([])
            parser.disallow_all = True
            parser.why = f"HTTP {answer.status}"  # type: ignore[attr-defined]
        return parser

    def _exchange_with_retries(self, url: str, headers: dict[str, str], cap: int,
                               truncate: bool) -> tuple[_Answer, bool]:
        attempts = int(self.settings.retries) + 1
        backoff = float(self.settings.backoff_s)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                answer, decoded = self._exchange(url, headers, cap, truncate)
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, UnicodeError, ValueError) as exc:
                # e.g. a stored ETag with characters a header cannot carry
                raise SourceError(f"cannot request {url!r}: {exc}") from None
            except httpx.TimeoutException as exc:
                if last:
                    raise SourceError(
                        f"timed out fetching {url} after {attempts} attempts "
                        f"(timeout_s={self.settings.timeout_s}): {type(exc).__name__}",
                        hint="the site is slow or down; raise timeout_s if it is just slow",
                    ) from None
                delay = backoff * 2**attempt
            except httpx.TransportError as exc:
                if last:
                    raise SourceError(f"cannot fetch {url} after {attempts} attempts: {exc}",
                                      hint="check the address and whether the site is up") from None
                delay = backoff * 2**attempt
            else:
                if answer.status not in RETRY_STATUSES or last:
                    return answer, decoded
                delay = backoff * 2**attempt
                wait = _retry_after_s(answer.header("Retry-After"))
                if wait is not None:
                    if wait > MAX_RETRY_AFTER_S:
                        raise SourceError(
                            f"HTTP {answer.status} from {url}: the server asks to retry after "
                            f"{wait:.0f} s (more than {MAX_RETRY_AFTER_S:.0f} s)",
                            hint="the next poll will try again",
                        )
                    delay = max(delay, wait)
            time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait_for_host(self, url: str) -> None:
        key = _host_key(url)
        now = time.monotonic()
        slot = self._next_slot.get(key, now)
        if slot > now:
            time.sleep(slot - now)
        self._next_slot[key] = max(slot, now) + float(self.settings.host_delay_s)

    def _exchange(self, url: str, headers: dict[str, str], cap: int,
                  truncate: bool) -> tuple[_Answer, bool]:
        """One request; the body is read only for 2xx answers, bounded by `cap`."""
        self._wait_for_host(url)
        with self._client.stream("GET", url, headers=headers) as response:
            answer = _Answer(
                url=str(response.url), status=response.status_code,
                reason=response.reason_phrase,
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw],
            )
            if not 200 <= response.status_code < 300:
                return answer, False
            encoding = (answer.header("Content-Encoding") or "identity").strip().lower()
            if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
                raise SourceError(f"unsupported Content-Encoding {encoding!r} from {url}",
                                  hint="watchfloor asks for gzip or deflate only; report this site")
            length = answer.header("Content-Length")
            if not truncate and length and length.strip().isdigit() and int(length) > cap:
                raise TooLargeError(
                    f"response from {url} announces {int(length):,} bytes, more than "
                    f"max_bytes={cap:,}; not downloaded",
                    hint="raise max_bytes if this source really publishes items that large",
                )
            decoder = _BoundedDecoder("" if encoding == "identity" else encoding, cap, url, truncate)
            deadline = time.monotonic() + BODY_DEADLINE_FACTOR * float(self.settings.timeout_s)
            parts: list[bytes] = []
            for raw in response.iter_raw():
                parts.append(decoder.feed(raw))
                if decoder.full:
                    break
                if time.monotonic() > deadline:
                    raise SourceError(
                        f"body of {url} did not arrive within "
                        f"{BODY_DEADLINE_FACTOR * float(self.settings.timeout_s):.0f} s",
                        hint="the site sends very slowly; raise timeout_s if that is normal",
                    )
            answer.body = b"".join(parts)
            return answer, encoding != "identity"
