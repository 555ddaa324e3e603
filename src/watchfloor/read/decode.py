"""Bytes -> str with the right encoding, and refusal of content that is not a document.

Order of evidence: byte-order mark, then a declared charset (HTTP Content-Type, <meta
charset>/<meta http-equiv>, XML declaration), then detection with charset_normalizer, then
windows-1252 as the web's fallback. A declaration is checked, not trusted: if the bytes do
not decode under it, or detection confidently finds a cleaner reading (an Arabic
windows-1256 page labelled iso-8859-1), the detected encoding wins.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from ..errors import ReadError

#: Media types read as documents; anything else is refused as binary.
TEXT_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/plain",
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
})
PDF_TYPE = "application/pdf"
#: Types that tell us nothing; the bytes decide.
UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream",
                           "application/unknown"})
_NOT_DOCUMENTS = frozenset({"text/css", "text/javascript", "application/javascript"})

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Leading bytes of common binary formats, with the media type they announce.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"\x7fELF", "application/x-executable"),
    (b"OggS", "audio/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"fLaC", "audio/flac"),
    (b"\x1aE\xdf\xa3", "video/webm"),
    (b"BM", None),  # too short to trust alone; checked with NUL bytes below
    (b"%PDF-", PDF_TYPE),
)

#: WHATWG: these labels mean windows-1252 on the web.
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "iso_8859-1": "cp1252",
    "windows-1252": "cp1252", "iso-8859-9": "cp1254", "x-sjis": "shift_jis", "gb2312": "gb18030",
    "gbk": "gb18030", "iso-8859-11": "cp874", "tis-620": "cp874", "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
}
#: When detection ties, prefer what our sources most often use.
_PREFERRED = ("utf_8", "ascii", "cp1252", "cp1256", "cp1251", "cp1254", "cp1255", "iso8859_6",
              "cp1250", "koi8_r", "iso8859_8")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)["']""")
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([^"';\s]+)""", re.I)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from a body, with the encoding used and how it was chosen."""

    text: str
    encoding: str
    #: "bom", "http", "meta", "xml", "detected", "utf-8" (valid UTF-8, no declaration) or
    #: "fallback" (windows-1252 with replacement characters).
    method: str
    #: A declared charset that was overruled because the bytes disagreed with it.
    overruled: str | None = None


def media_type_of(content_type: str | None) -> str:
    """'text/html; charset=utf-8' -> 'text/html'."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    m = _CHARSET_PARAM.search(content_type or "")
    return m.group(1) if m else None


def sniff_media_type(body: bytes) -> str | None:
    """The media type announced by the first bytes of a known binary format (or PDF)."""
    head = body[:16]
    for magic, kind in _MAGIC:
        if kind and head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and body[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}[body[8:12]]
    if body[4:8] == b"ftyp":
        return "video/mp4"
    return None


def _bom(body: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding, len(bom)
    return None


def ensure_readable(body: bytes, media_type: str) -> str:
    """Return the effective media type, or raise ReadError for binary content."""
    declared = media_type_of(media_type)
    sniffed = sniff_media_type(body)
    if sniffed == PDF_TYPE:
        return PDF_TYPE
    if declared == PDF_TYPE:
        return PDF_TYPE  # a broken PDF is reported by the PDF reader, with its own reason
    if sniffed:
        raise _binary(sniffed)
    readable = (
        declared in TEXT_TYPES
        or declared in UNKNOWN_TYPES
        or declared.endswith("+xml")
        or (declared.startswith("text/") and declared not in _NOT_DOCUMENTS)
    )
    if not readable:
        raise _binary(declared)
    if _bom(body) is None and b"\x00" in body[:4096]:
        encoding = _python_codec(charset_of(media_type))
        if not (encoding and encoding.startswith(("utf_16", "utf_32"))) and not _looks_utf16(body):
            raise _binary(declared or "unknown type, NUL bytes")
    return declared or "text/plain"


def _binary(kind: str) -> ReadError:
    return ReadError(
        f"binary content ({kind}), not a readable document",
        hint="watchfloor reads HTML, XHTML, XML, plain text and PDF; store other media as captures only",
    )


def _looks_utf16(body: bytes) -> bool:
    """UTF-16 without a BOM: NUL on every other byte of mostly-ASCII text."""
    sample = body[:4096]
    if len(sample) < 8:
        return False
    evens, odds = sample[0::2], sample[1::2]
    return evens.count(0) > 0.4 * len(evens) or odds.count(0) > 0.4 * len(odds)


def _python_codec(label: str | None) -> str | None:
    """A charset label as Python's codec name, or None when it names no known codec."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None, media_type: str) -> tuple[str, str] | None:
    """(codec, where) of the first charset declaration: HTTP header, then the document itself."""
    http = _python_codec(charset_of(content_type))
    if http:
        return http, "http"
    head = body[:4096]
    xml = _XML_DECL.match(head)
    if xml and _python_codec(xml.group(1).decode("ascii")):
        return _python_codec(xml.group(1).decode("ascii")), "xml"  # type: ignore[return-value]
    if media_type in ("text/html", "application/xhtml+xml", "") or b"<meta" in head.lower():
        meta = _META_CHARSET.search(head)
        if meta:
            codec = _python_codec(meta.group(1).decode("ascii"))
            if codec and codec.startswith(("utf_16", "utf_32")):
                codec = "utf_8"  # WHATWG: a meta tag cannot declare UTF-16 (it was read as ASCII)
            if codec:
                return codec, "meta"
    return None


def _single_byte(codec: str) -> bool:
    return codec.startswith(("cp", "iso8859", "latin", "koi8", "mac", "windows", "tis"))


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(body: bytes) -> tuple[str, str] | None:
    """(text, codec) from charset_normalizer, breaking ties by our preference list."""
    results = list(from_bytes(body[:200_000]))
    if not results:
        return None
    best_chaos = min(r.chaos for r in results)
    tied = [r for r in results if r.chaos <= best_chaos + 0.01]

    def rank(r) -> tuple[int, float]:
        name = r.encoding
        pref = _PREFERRED.index(name) if name in _PREFERRED else len(_PREFERRED)
        return pref, -r.coherence

    codec = sorted(tied, key=rank)[0].encoding
    text = _strict(body, codec)
    return (text, codec) if text is not None else None


def decode(body: bytes, content_type: str | None = None, media_type: str | None = None) -> Decoded:
    """Decode a document body; `content_type` is the HTTP header value if there was one."""
    media = media_type_of(media_type or content_type)
    bom = _bom(body)
    if bom:
        encoding, size = bom
        return Decoded(body[size:].decode(encoding, errors="replace"), encoding, "bom")
    if b"\x00" in body[:4096] and _looks_utf16(body):
        declared = _python_codec(charset_of(content_type))
        if declared and declared.startswith("utf_32"):
            return Decoded(body.decode(declared, errors="replace"), declared, "http")
        odds_nul = body[1:4096:2].count(0) >= body[0:4096:2].count(0)
        encoding = "utf-16-le" if odds_nul else "utf-16-be"
        return Decoded(body.decode(encoding, errors="replace"), encoding, "detected")
    if body.isascii():
        return Decoded(body.decode("ascii"), "ascii", "utf-8")

    declared = declared_charset(body, content_type, media)
    if declared:
        codec, where = declared
        text = _strict(body, codec)
        if text is not None:
            better = _better_than_declared(body, text, codec)
            if better is None:
                return Decoded(text, codec, where)
            return Decoded(better[0], better[1], "detected", overruled=codec)
        detected = _detect(body)
        if detected:
            return Decoded(detected[0], detected[1], "detected", overruled=codec)
        return Decoded(body.decode(codec, errors="replace"), codec, where)

    utf8 = _strict(body, "utf_8")
    if utf8 is not None:
        return Decoded(utf8, "utf_8", "utf-8")
    detected = _detect(body)
    if detected:
        return Decoded(detected[0], detected[1], "detected")
    return Decoded(body.decode("cp1252", errors="replace"), "cp1252", "fallback")


def _better_than_declared(body: bytes, text: str, codec: str) -> tuple[str, str] | None:
    """A confidently better reading of bytes that decoded without error under `codec`."""
    if not _single_byte(codec):
        return None  # multi-byte codecs that decode cleanly are almost never wrong
    utf8 = _strict(body, "utf_8")
    if utf8 is not None:
        return utf8, "utf_8"  # valid non-ASCII UTF-8 is a near-certain sign
    detected = _detect(body)
    if not detected or detected[1] == codec:
        return None
    sample = slice(0, 100_000)
    declared_mess = mess_ratio(text[sample], maximum_threshold=1.0)
    detected_mess = mess_ratio(detected[0][sample], maximum_threshold=1.0)
    if detected_mess + 0.1 <= declared_mess:
        return detected
    return None
