"""Text from PDFs with pypdf: one block per page, pages separated by a blank line."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from ..errors import ReadError
from .dates import parse_datetime

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly on slightly odd files


@dataclass
class PdfText:
    """What one PDF yields before normalisation."""

    text: str
    pages: int
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None


def read_pdf(body: bytes) -> PdfText:
    """Extract text page by page; ReadError for encrypted, broken or image-only PDFs."""
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")  # many "protected" PDFs open with an empty password
            except (PyPdfError, NotImplementedError, ValueError) as exc:
                raise _encrypted() from exc
            if not unlocked:
                raise _encrypted()
        pages = [_page_text(page) for page in reader.pages]
        info = _info(reader)
    except ReadError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OSError) as exc:
        raise ReadError(f"broken PDF: {exc}",
                        hint="the capture may be truncated; re-fetch it or open it in a PDF viewer") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise ReadError(f"PDF has no text layer ({len(pages)} pages)",
                        hint="it is probably scanned images; OCR it before reading")
    return PdfText(text=text, pages=len(pages), **info)


def _encrypted() -> ReadError:
    return ReadError("encrypted PDF: it needs a password to read",
                     hint="obtain an unprotected copy; watchfloor does not guess passwords")


def _page_text(page) -> str:
    text = page.extract_text() or ""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _info(reader: PdfReader) -> dict:
    meta = reader.metadata
    if not meta:
        return {}
    title = (meta.title or "").strip() or None
    author = (meta.author or "").strip() or None
    published = None
    raw_date = meta.get("/CreationDate")
    if isinstance(raw_date, str):
        # PDF dates look like D:20231105120000+03'00'
        m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", raw_date)
        if m:
            parts = [p or d for p, d in zip(m.groups(), ("", "01", "01", "00", "00", "00"), strict=True)]
            published = parse_datetime("{}-{}-{}T{}:{}:{}".format(*parts))
    return {"title": title, "author": author, "published_at": published}
