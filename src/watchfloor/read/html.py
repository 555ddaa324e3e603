"""Main text and metadata from an HTML page, with trafilatura and a cleaned full-text fallback.

Nothing in the page is executed: lxml only parses, scripts and styles are dropped, and URLs
we keep (canonical) must be http(s). Paragraphs come out separated by a blank line, list
items and table rows by a single line break.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.xml import xmltotxt

from ..errors import ReadError
from .dates import parse_datetime

log = logging.getLogger(__name__)

#: Elements whose text is never part of a document.
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg",
                        "math", "title", "select", "textarea"})
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
                     "li", "tr", "br", "blockquote", "pre", "table", "ul", "ol", "dl", "dt", "dd",
                     "header", "aside", "figure", "figcaption", "address", "hr"})
_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished",
                   "article.published", "publishdate", "pubdate", "dc.date.issued", "dc.date",
                   "date", "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[[^\]]*\]\s*>", re.IGNORECASE)
_DATE_OUTPUT = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True,
                "extensive_search": True}


@dataclass
class HtmlText:
    """What one HTML page yields before normalisation."""

    text: str
    #: "trafilatura" (main text found) or "fallback" (cleaned full text of the page).
    method: str
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    site_name: str | None = None
    #: The page's own language declaration (<html lang>, Content-Language, og:locale), e.g. "ar".
    language_hint: str | None = None
    #: <link rel=canonical> (or og:url) resolved against the page URL, http(s) only.
    canonical_url: str | None = None
    description: str | None = None


def read_html(html: str, url: str | None = None) -> HtmlText:
    """Extract main text and metadata from decoded HTML; ReadError when nothing readable is left."""
    if not html.strip():
        raise ReadError("empty page: no HTML to read", hint="check the capture; the body is empty")
    html = _CONTROL_CHARS.sub("", html)  # lxml refuses NUL and most C0 controls
    # A DOCTYPE with an internal subset (entity declarations) is never expanded, only dropped.
    html = _DOCTYPE_SUBSET.sub("", html, count=1)
    tree = _parse(html)
    page = _page_metadata(tree, url) if tree is not None else _PageMeta()
    meta = None
    if tree is not None:
        try:
            meta = trafilatura.bare_extraction(
                tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
                date_extraction_params=_DATE_OUTPUT,
            )
        except Exception as exc:  # trafilatura has many internal failure modes on hostile markup
            log.warning("trafilatura failed on %s: %s", url, exc)

    text = _blocks_text(meta.body) if meta is not None and meta.body is not None else ""
    method = "trafilatura"
    if not text.strip():
        text = _full_text(html)
        method = "fallback"
    if not text.strip():
        raise ReadError("page has no readable text", hint="the page may need JavaScript or be empty")

    published = page.published_at or (parse_datetime(meta.date) if meta and meta.date else None)
    return HtmlText(
        text=text,
        method=method,
        title=clean_field(meta.title if meta else None) or page.title,
        author=clean_field(meta.author if meta else None) or page.author,
        published_at=published,
        site_name=clean_field(meta.sitename if meta else None) or page.site_name,
        language_hint=page.language_hint,
        canonical_url=page.canonical_url,
        description=clean_field(meta.description if meta else None) or page.description,
    )


def _parse(html: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input that carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=False,
                                  no_network=True, recover=True)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None
    return tree


def clean_field(value: str | None) -> str | None:
    """A metadata value with its whitespace collapsed; None when nothing is left."""
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


def _blocks_text(body: etree._Element) -> str:
    """trafilatura's result tree as text: one block per paragraph, blank line between blocks."""
    blocks = []
    for child in body:
        block = xmltotxt(child, False)
        block = "\n".join(line.strip() for line in block.splitlines())
        block = re.sub(r"\n{2,}", "\n", block).strip()
        if block:
            blocks.append(block)
    return "\n\n".join(blocks)


class _VisibleText(HTMLParser):
    """Streams visible text out of any markup: no tree, so no depth limit and no recursion."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # depth inside elements whose text is never shown

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _full_text(html: str) -> str:
    """Visible text of the whole page, blocks separated by blank lines (the fallback)."""
    parser = _VisibleText()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser gives up on some broken markup
        log.warning("fallback text extraction stopped early: %s", exc)
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass
class _PageMeta:
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    site_name: str | None = None
    language_hint: str | None = None
    canonical_url: str | None = None
    description: str | None = None


def _page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> _PageMeta:
    """Metadata the page declares itself, read before trafilatura reshapes the tree."""
    metas: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "")
        content = m.get("content")
        if key and content and key.lower() not in metas:
            metas[key.lower()] = content.strip()[:2000]
    title_el = tree.find(".//title")
    page = _PageMeta(
        title=clean_field(metas.get("og:title") or (title_el.text_content() if title_el is not None else None)),
        author=clean_field(metas.get("author") or metas.get("article:author")),
        site_name=clean_field(metas.get("og:site_name")),
        description=clean_field(metas.get("og:description") or metas.get("description")),
    )
    page.language_hint = _language_hint(tree, metas)
    page.canonical_url = _canonical(tree, metas, url)
    for key in _PUBLISHED_META:
        if key in metas:
            page.published_at = parse_datetime(metas[key])
            if page.published_at:
                break
    if page.published_at is None:
        page.published_at = _json_ld_published(tree)
    return page


def _language_hint(tree: lxml.html.HtmlElement, metas: dict[str, str]) -> str | None:
    for raw in (tree.get("lang"), tree.get("xml:lang"), metas.get("content-language"),
                metas.get("og:locale"), metas.get("language")):
        if raw:
            code = re.split(r"[-_,;\s]", raw.strip().lower(), maxsplit=1)[0]
            if re.fullmatch(r"[a-z]{2,3}", code):
                return code
    return None


def _canonical(tree: lxml.html.HtmlElement, metas: dict[str, str], url: str | None) -> str | None:
    """The page's own canonical address, if it is http(s) and on the same site as `url`.

    A page naming another site's address as its canonical could make us merge it with, or
    drop it as a copy of, a document it has nothing to do with; such claims are ignored.
    """
    candidates = [link.get("href") for link in tree.iter("link")
                  if "canonical" in (link.get("rel") or "").lower().split()]
    candidates.append(metas.get("og:url"))
    for href in candidates:
        if not href:
            continue
        try:
            absolute = urljoin(url or "", href.strip())
            parts = urlsplit(absolute)
        except ValueError:  # e.g. an unclosed IPv6 bracket
            continue
        if parts.scheme in ("http", "https") and parts.hostname and _same_site(parts.hostname, url):
            return absolute
    return None


def _site(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            return host[len(prefix):]
    return host


def _same_site(host: str, url: str | None) -> bool:
    """Same host, or one a subdomain of the other (www.example.org vs example.org)."""
    if not url:
        return True
    try:
        page_host = urlsplit(url).hostname
    except ValueError:
        return False
    if not page_host:
        return True
    a, b = _site(host), _site(page_host)
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _json_ld_published(tree: lxml.html.HtmlElement) -> datetime | None:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text[:200_000])
        except ValueError:
            continue
        for item in _walk_json(data):
            value = item.get("datePublished")
            if isinstance(value, str):
                parsed = parse_datetime(value)
                if parsed:
                    return parsed
    return None


def _walk_json(data, depth: int = 0):
    if depth > 6:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, dict | list):
                yield from _walk_json(value, depth + 1)
    elif isinstance(data, list):
        for value in data[:100]:
            yield from _walk_json(value, depth + 1)
