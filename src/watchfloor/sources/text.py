"""Text connector: pasted text (Source.address holds the text itself, or "-" for stdin).

The item's URL is `text:<sha256 hex of the bytes>`, so pasting the same text twice gives the
same URL and the same capture.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

from ..errors import SourceError, TooLargeError
from ..records import Fetched, Source
from . import base
from .sniff import looks_like_html

STDIN = "-"


def text_url(body: bytes) -> str:
    """The stable address of a piece of pasted text."""
    return "text:" + hashlib.sha256(body).hexdigest()


class TextConnector:
    """Yields the pasted text as one text/plain (or text/html, if it is HTML) item."""

    kind = "text"

    def __init__(self, stdin=None):
        self._stdin = stdin  # a binary stream; sys.stdin.buffer when None

    def poll(self, source: Source, fetcher, validators=None) -> Iterator[Fetched]:
        max_bytes = int(fetcher.settings.max_bytes) if fetcher is not None else None
        if source.address == STDIN:
            stream = self._stdin or sys.stdin.buffer
            body = stream.read(max_bytes + 1) if max_bytes is not None else stream.read()
        else:
            body = source.address.encode("utf-8")
        if max_bytes is not None and len(body) > max_bytes:
            raise TooLargeError(f"pasted text is larger than max_bytes={max_bytes:,}",
                                hint="raise max_bytes, or save it to a file and use a file source")
        if not body.strip():
            raise SourceError("the pasted text is empty", hint="paste some text, or pipe it in with '-'")
        media_type = "text/html" if looks_like_html(body) else "text/plain"
        headers = (("Content-Type", f"{media_type}; charset=utf-8" if source.address != STDIN else media_type),
                   ("Content-Length", str(len(body))))
        url = text_url(body)
        yield Fetched(url=url, final_url=url, status=200, headers=headers, body=body,
                      media_type=media_type, fetched_at=datetime.now(UTC), source_id=source.id)


base.register("text", TextConnector)
