"""The read stage's one entry point: a capture's bytes -> Document.

Steps: (1) refuse binary content, (2) dispatch on media type (PDF, HTML/XHTML/XML, plain
text) to get the extracted text and metadata, (3) normalise the text keeping an offset map,
(4) fill missing fields from the item's own metadata (feed entry, Telegram post), (5)
identify the language and fingerprint the text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ..errors import ReadError
from ..records import Capture, Document, Fetched
from .dates import parse_datetime
from .decode import PDF_TYPE, decode, ensure_readable, media_type_of
from .html import clean_field, read_html
from .language import DEFAULT_CANDIDATES, identify
from .normalize import normalize
from .pdf import read_pdf

try:
    from ..sources.urls import canonical_url as _canonical_url
except ImportError:  # pragma: no cover - the sources stage ships it; keep reading without it
    _canonical_url = None

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_XML_TYPES = frozenset({"text/xml", "application/xml"})
_LOOKS_HTML = re.compile(r"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body|<meta|<title|<div|<p[\s>])",
                         re.IGNORECASE | re.DOTALL)
#: A model score below this lets the page's own language declaration decide.
_UNSURE = 0.5

HeadersLike = Fetched | Capture | Mapping[str, str] | Iterable[tuple[str, str]] | None


@dataclass
class Extracted:
    """Text and metadata as one reader found them, before normalisation."""

    text: str
    method: str  # "trafilatura", "fallback", "pdf" or "plain"
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    site_name: str | None = None
    language_hint: str | None = None
    canonical_url: str | None = None


def read(
    fetched_or_capture_headers: HeadersLike,
    body: bytes,
    *,
    url: str,
    media_type: str,
    item_meta: Mapping[str, str] | None = None,
    languages: Iterable[str] = DEFAULT_CANDIDATES,
) -> Document:
    """Read a capture's body into a Document; ReadError (with a hint) when it cannot be read."""
    content_type = _content_type(fetched_or_capture_headers)
    meta = dict(item_meta or {})
    # 1 - refuse what is not a document
    effective = ensure_readable(body, media_type or media_type_of(content_type))
    # 2 - extract text and metadata
    extracted = extract(body, url=url, media_type=effective, content_type=content_type)
    # 3 - normalise, keeping the way back to the extracted text
    text, offset_map = normalize(extracted.text)
    if not text:
        raise ReadError(f"no readable text in {url}", hint="the document is empty after cleaning")
    # 4 - the container's metadata fills what the document did not say
    title = extracted.title or clean_field(meta.get("title"))
    published = extracted.published_at or parse_datetime(_first(meta, "published", "published_raw", "date"))
    # 5 - language and fingerprint
    guess = identify(text, languages)
    language, score = guess.code, guess.score
    hint = extracted.language_hint or clean_field(meta.get("language"))
    if hint and hint in tuple(languages) and (language is None or score < _UNSURE):
        language, score = hint, max(score, _UNSURE)
    canonical = extracted.canonical_url or clean_field(meta.get("link") or meta.get("url")) or url
    return Document(
        text=text,
        url=url,
        canonical_url=_canonical(canonical),
        title=title,
        author=extracted.author or clean_field(meta.get("author")),
        published_at=published,
        site_name=extracted.site_name or _first(meta, "site_name", "channel_title", "feed_title", "channel"),
        language=language,
        language_score=score,
        fingerprint=fingerprint(text),
        offset_map=offset_map,
    )


def extract(body: bytes, *, url: str, media_type: str, content_type: str | None = None) -> Extracted:
    """The text and metadata of a readable body, before normalisation (offsets point here)."""
    if media_type == PDF_TYPE:
        pdf = read_pdf(body)
        return Extracted(pdf.text, "pdf", title=pdf.title, author=pdf.author,
                         published_at=pdf.published_at)
    decoded = decode(body, content_type=content_type, media_type=media_type)
    is_markup = media_type in _HTML_TYPES or media_type in _XML_TYPES or media_type.endswith("+xml")
    if is_markup or _LOOKS_HTML.match(decoded.text[:4096]):
        page = read_html(decoded.text, url)
        return Extracted(page.text, page.method, title=page.title, author=page.author,
                         published_at=page.published_at, site_name=page.site_name,
                         language_hint=page.language_hint, canonical_url=page.canonical_url)
    if not decoded.text.strip():
        raise ReadError(f"empty document at {url}", hint="the capture holds no text")
    return Extracted(decoded.text, "plain", title=_first_line_title(decoded.text))


def fingerprint(text: str) -> str:
    """SHA-256 of the text lowercased with whitespace collapsed: equal for near-exact copies."""
    folded = " ".join(text.casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _content_type(source: HeadersLike) -> str | None:
    if source is None:
        return None
    if isinstance(source, Fetched):
        return source.header("content-type")
    if isinstance(source, Capture):
        source = source.headers
    items = source.items() if isinstance(source, Mapping) else source
    for name, value in items:
        if name.lower() == "content-type":
            return value
    return None


def _first(meta: Mapping[str, str], *keys: str) -> str | None:
    """The first non-empty value among `keys` of an item's metadata."""
    for key in keys:
        value = clean_field(meta.get(key))
        if value:
            return value
    return None


def _first_line_title(text: str) -> str | None:
    """A plain-text report's first line is its title when it is short and more text follows."""
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if first and rest.strip() and len(first) <= 200:
        return first
    return None


def _canonical(url: str) -> str:
    if _canonical_url is None:
        return url.split("#", 1)[0]
    try:
        return _canonical_url(url)
    except Exception:  # a malformed URL keeps its own spelling rather than losing the document
        return url
