"""URL canonicalisation, so one item fetched twice under cosmetic variants is stored once."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from ..errors import SourceError

#: Query parameters that only track clicks; they never change what a page says.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid", "mc_cid",
    "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wickedid",
    "ref_src", "ref_url", "s_cid", "ncid", "cmpid", "__twitter_impression", "_ga", "_gl",
    "spm", "share", "si",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are when re-quoting path and query (RFC 3986 reserved + unreserved).
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = ":@!$'()*,;/?-._~"  # not '+': in a query it means a space


_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _normalise_path(path: str) -> str:
    """Decode only unreserved escapes (%7E -> ~), upper-case the rest, quote raw non-ASCII."""

    def fix(m: re.Match[str]) -> str:
        ch = chr(int(m.group(1), 16))
        return ch if ch in _UNRESERVED else "%" + m.group(1).upper()

    path = _PERCENT.sub(fix, path)
    # A '%' not followed by two hex digits is a literal percent sign.
    path = re.sub(r"%(?![0-9A-F]{2})", "%25", path)
    return quote(path, safe=_PATH_SAFE)


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def _idna_host(host: str) -> str:
    host = host.strip().rstrip(".").lower()
    if not host or host.startswith("["):
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        # Labels the idna codec refuses (e.g. underscores, >63 chars) are kept as given.
        return host


def canonical_url(url: str) -> str:
    """One spelling per http(s) address: lowercase scheme/host, IDNA, no default port,
    no fragment, no tracking parameters, sorted query, '/' for an empty path, no
    trailing slash on other paths. Other schemes (file:, text:) come back unchanged
    apart from dropping a fragment."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise SourceError(f"not a valid URL: {url!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    try:
        port = parts.port
    except ValueError:
        raise SourceError(f"not a valid port in URL: {url!r}") from None
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    host = _idna_host(host)
    if not host:
        raise SourceError(f"URL has no host: {url!r}")
    netloc = host
    if parts.username:
        netloc = parts.username + (f":{parts.password}" if parts.password else "") + "@" + netloc
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"

    path = _normalise_path(parts.path) or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query = urlencode(sorted(pairs), quote_via=quote, safe=_QUERY_SAFE)
    return urlunsplit((scheme, netloc, path, query, ""))
