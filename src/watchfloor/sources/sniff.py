"""Media type from the bytes themselves, so a PDF served as text/html is called a PDF."""

from __future__ import annotations

import mimetypes
import re

#: Signatures that settle the question whatever a header or file name claims.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"%!PS", "application/postscript"),
    (b"\x7fELF", "application/octet-stream"),
)
_EXTRA_TYPES = {".md": "text/plain", ".txt": "text/plain", ".json": "application/json",
                ".atom": "application/atom+xml", ".rss": "application/rss+xml"}
_HTML = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body|<meta|<title|<div|<p[ >])",
                   re.IGNORECASE | re.DOTALL)
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def magic_type(body: bytes) -> str | None:
    """A binary signature's media type, or None."""
    head = body[:16]
    if head[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "image/webp"
    for sig, media in _MAGIC:
        if head.startswith(sig):
            return media
    return None


def looks_like_html(body: bytes) -> bool:
    """True when the start of the body is an HTML document (after a BOM or comments)."""
    return bool(_HTML.match(body[:4096].lstrip(b"\xef\xbb\xbf")))


def _text_type(body: bytes) -> str | None:
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    if looks_like_html(head):
        return "text/html"
    stripped = head.lstrip()
    if stripped.startswith(b"<?xml") or _FEED.search(head):
        return "application/xml"
    if stripped[:1] in (b"{", b"[") and b'"' in stripped[:200]:
        return "application/json"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "application/octet-stream"
    return None


def sniff_media_type(body: bytes, declared: str | None = None, filename: str | None = None) -> str:
    """The media type to record: a binary signature wins, then a declared type (a header),
    then the file extension, then a look at the text, then text/plain or octet-stream."""
    magic = magic_type(body)
    if magic:
        return magic
    declared = (declared or "").split(";", 1)[0].strip().lower()
    if declared and declared not in ("application/octet-stream", "binary/octet-stream"):
        return declared
    if filename:
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        guessed = _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(filename)[0]
        if guessed:
            return guessed
    sniffed = _text_type(body)
    if sniffed:
        return sniffed
    # Legacy 8-bit encodings (windows-1256, koi8-r...) are text too; binary has control bytes.
    head = body[:4096]
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls > len(head) // 20:
        return "application/octet-stream"
    return "text/plain"
