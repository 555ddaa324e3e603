"""Telegram web preview pages (t.me/s/<channel>) -> one `WebPost` per channel post.

The page lists about twenty posts, oldest first, each a `div.tgme_widget_message` with
`data-post="<channel>/<id>"` inside a `div.tgme_widget_message_wrap`. An `a.tme_messages_more`
with `data-before` links to the next older page (`?before=<id>`). Inside a post: the text
(`.tgme_widget_message_text`, which is also the caption of a photo, video or document),
`.tgme_widget_message_forwarded_from`, `a.tgme_widget_message_reply`, media wrappers,
`a.tgme_widget_message_link_preview`, the view count and the date (`a.tgme_widget_message_date
time[datetime]`), preceded by the word "edited" inside `.tgme_widget_message_meta` once a
post has been edited (the page never says when).

A name with no public preview is redirected from /s/<name> to /<name>: that page carries
`.tgme_page_extra` (members, subscribers or @name) when the name exists (a user, a group, a
channel whose preview is off) and nothing of the kind when it does not.

Parsing never depends on the host, so a test server on 127.0.0.1 serves the same pages.
A page that does not look like what is described here raises `LayoutChangedError` naming
what was missing: the whole page is parsed before any post is handed on.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from ..errors import SourceError

#: Classes whose content changes without the author touching the post (counters, avatars).
VOLATILE_CLASSES = ("tgme_widget_message_views", "copyonly", "tgme_widget_message_reactions",
                    "tgme_widget_message_user", "tgme_widget_message_metatext",
                    "tgme_widget_message_reply_thumb", "tgme_widget_message_bubble_tail")
#: Attributes that carry short-lived CDN addresses or per-request tokens.
VOLATILE_ATTRIBUTES = ("style", "src", "srcset", "data-view", "data-webp", "poster")
#: Media wrappers and the kind of media each one shows.
MEDIA_KINDS = (
    ("tgme_widget_message_photo_wrap", "photo"),
    ("tgme_widget_message_video_player", "video"),
    ("tgme_widget_message_roundvideo_player", "round_video"),
    ("tgme_widget_message_document_wrap", "document"),
    ("tgme_widget_message_voice_player", "voice"),
    ("tgme_widget_message_poll", "poll"),
    ("tgme_widget_message_location_wrap", "location"),
    ("tgme_widget_message_sticker_wrap", "sticker"),
)
_CSS_URL = re.compile(r"url\(['\"]?([^'\")]+)['\"]?\)")
_COUNT = re.compile(r"^\s*([\d.,]+)\s*([KkMm]?)\s*$")


class LayoutChangedError(SourceError):
    """The page looks like a channel page but lacks a part every such page has."""

    code = "W203"


@dataclass(frozen=True)
class WebPost:
    """One channel post as the web preview shows it."""

    channel: str  # as written in data-post (Telegram's own capitalisation)
    post_id: int
    url: str  # <page scheme+host>/<channel>/<id>
    published: datetime
    text: str  # text or caption, line breaks kept
    html: str  # the post's markup with volatile parts (views, avatars, CDN tokens) removed
    edited: bool = False
    views: int | None = None
    views_raw: str = ""
    author: str = ""  # post signature, when the channel signs posts
    forwarded_from: str = ""
    forwarded_from_url: str = ""
    reply_to: int | None = None
    reply_to_url: str = ""
    media: tuple[str, ...] = ()
    media_urls: tuple[str, ...] = ()
    document_titles: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    link_preview_url: str = ""
    link_preview_title: str = ""
    service: bool = False  # "channel created", "pinned a message"...

    @property
    def content_hash(self) -> str:
        """SHA-256 of what the author wrote (text, captions, forward): changes only on an edit."""
        parts = [self.text, self.forwarded_from, str(self.reply_to or ""), *self.media,
                 *self.document_titles]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChannelPage:
    """One t.me/s page: the channel's title and its posts, oldest first."""

    channel: str
    title: str
    posts: tuple[WebPost, ...]
    before: int | None  # id for the next older page, None at the start of the history
    language: str = ""
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _find(el, cls: str):
    found = el.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
    return found[0] if found else None


def _find_all(el, cls: str) -> list:
    return el.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def _text(el) -> str:
    """Visible text of an element, <br> as a line break, whitespace runs collapsed per line."""
    if el is None:
        return ""
    el = copy.deepcopy(el)
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = (" ".join(line.split()) for line in el.text_content().split("\n"))
    return "\n".join(lines).strip()


def parse_count(raw: str) -> int | None:
    """'1.2K' -> 1200, '3M' -> 3000000, '845' -> 845; None when unreadable."""
    m = _COUNT.match(raw or "")
    if not m:
        return None
    number, unit = m.group(1).replace(",", ""), m.group(2).upper()
    try:
        value = float(number)
    except ValueError:
        return None
    return int(round(value * {"": 1, "K": 1_000, "M": 1_000_000}[unit]))


#: Control characters XML cannot hold: lxml parses them into text, then refuses to move that
#: text when a node is dropped ("All strings must be XML compatible").
_CONTROL_B = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_S = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _parse_html(body: bytes | str) -> lxml.html.HtmlElement:
    # in UTF-8 these bytes never occur inside a multi-byte character, so bytes are safe to clean
    body = _CONTROL_B.sub(b"", body) if isinstance(body, bytes) else _CONTROL_S.sub("", body)
    parser = lxml.html.HTMLParser(encoding="utf-8" if isinstance(body, bytes) else None,
                                  remove_comments=True, no_network=True, recover=True)
    try:
        return lxml.html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"not an HTML page: {exc}") from None


def _post_id(data_post: str) -> tuple[str, int] | None:
    channel, _, pid = data_post.strip().rpartition("/")
    if not channel or not pid.isdigit():
        return None
    return channel, int(pid)


def _url_id(href: str) -> int | None:
    tail = urlsplit(href or "").path.rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _media_urls(el) -> list[str]:
    urls: list[str] = []
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        for m in _CSS_URL.finditer(node.get("style") or ""):
            urls.append(m.group(1))
        if node.tag in ("video", "audio", "source") and node.get("src"):
            urls.append(node.get("src"))
    return list(dict.fromkeys(urls))


def _clean_markup(el) -> str:
    """The post's markup minus what changes on its own (views, reactions, avatars, CDN tokens)."""
    el = copy.deepcopy(el)
    bubble = _find(el, "tgme_widget_message_bubble")
    for node in list(bubble if bubble is not None else el):
        # The channel's own name above each post repeats the title: it is not the post's text.
        if "tgme_widget_message_author" in _classes(node):
            node.drop_tree()
    for reply in _find_all(el, "tgme_widget_message_reply"):
        # Keep the link to the replied-to post, not its quoted author and text (which change
        # when that post is edited, and are not what this post says).
        for child in list(reply):
            reply.remove(child)
        reply.text = None
    for cls in VOLATILE_CLASSES:
        for node in _find_all(el, cls):
            if node.getparent() is not None:
                node.drop_tree()  # keeps the text that follows the node
    for node in el.iter():
        if isinstance(node.tag, str):
            for attr in VOLATILE_ATTRIBUTES:
                node.attrib.pop(attr, None)
    return lxml.html.tostring(el, encoding="unicode")


def _parse_post(msg, page_url: str, where: str) -> WebPost:
    data_post = msg.get("data-post") or ""
    ident = _post_id(data_post)
    if ident is None:
        raise LayoutChangedError(f"{where}: a message has no usable data-post attribute "
                                 f"({data_post!r}, expected '<channel>/<id>')",
                                 hint="Telegram changed its preview pages; the parser needs updating")
    channel, pid = ident
    date_link = _find(msg, "tgme_widget_message_date")
    time_el = date_link.find(".//time") if date_link is not None else None
    if time_el is None:
        time_el = msg.find(".//time[@datetime]")
    if time_el is None or not time_el.get("datetime"):
        raise LayoutChangedError(f"{where}: post {pid} has no date (a.tgme_widget_message_date "
                                 f"time[datetime])",
                                 hint="Telegram changed its preview pages; the parser needs updating")
    try:
        published = datetime.fromisoformat(time_el.get("datetime").strip().replace("Z", "+00:00"))
    except ValueError:
        raise LayoutChangedError(f"{where}: post {pid} has an unreadable date "
                                 f"{time_el.get('datetime')!r}") from None
    base = urljoin(page_url, "/")
    bubble = _find(msg, "tgme_widget_message_bubble")
    scope = bubble if bubble is not None else msg

    # The post's own text: a direct text child of the bubble (a reply quote has its own).
    text_el = None
    for cand in _find_all(scope, "tgme_widget_message_text"):
        if _find_ancestor(cand, "tgme_widget_message_reply", msg) is None and \
                _find_ancestor(cand, "tgme_widget_message_link_preview", msg) is None:
            text_el = cand
            break
    text = _text(text_el)

    meta_el = _find(msg, "tgme_widget_message_meta")
    edited = bool(meta_el is not None and re.search(r"\bedited\b", meta_el.text_content() or ""))
    views_el = _find(msg, "tgme_widget_message_views")
    views_raw = _text(views_el)

    fwd_name, fwd_url = "", ""
    fwd = _find(msg, "tgme_widget_message_forwarded_from")
    if fwd is not None:
        name_el = _find(fwd, "tgme_widget_message_forwarded_from_name")
        fwd_name = _text(name_el) if name_el is not None else re.sub(
            r"^\s*Forwarded from\s*", "", _text(fwd))
        if name_el is not None and name_el.get("href"):
            fwd_url = urljoin(page_url, name_el.get("href"))

    reply_id, reply_url = None, ""
    reply = _find(msg, "tgme_widget_message_reply")
    if reply is not None:
        reply_url = urljoin(page_url, reply.get("href") or "")
        reply_id = _url_id(reply.get("href") or "")

    media = [kind for cls, kind in MEDIA_KINDS if _find(scope, cls) is not None]
    doc_titles = tuple(_text(el) for el in _find_all(scope, "tgme_widget_message_document_title"))

    links: list[str] = []
    hashtags: list[str] = []
    if text_el is not None:
        for a in text_el.iter("a"):
            href = (a.get("href") or "").replace("&amp;", "&")
            if href.startswith("?q=") or href.startswith("?q%3D"):
                hashtags.append(_text(a))
            elif href:
                links.append(urljoin(page_url, href))
    preview = _find(msg, "tgme_widget_message_link_preview")
    preview_url = urljoin(page_url, preview.get("href")) if preview is not None and preview.get(
        "href") else ""
    preview_title = _text(_find(preview, "link_preview_title")) if preview is not None else ""
    author_el = _find(msg, "tgme_widget_message_from_author")

    return WebPost(
        channel=channel, post_id=pid, url=f"{base}{channel}/{pid}", published=published,
        text=text, html=_clean_markup(msg), edited=edited, views=parse_count(views_raw),
        views_raw=views_raw, author=_text(author_el), forwarded_from=fwd_name,
        forwarded_from_url=fwd_url, reply_to=reply_id, reply_to_url=reply_url,
        media=tuple(media), media_urls=tuple(_media_urls(scope)), document_titles=doc_titles,
        links=tuple(dict.fromkeys(links)), hashtags=tuple(dict.fromkeys(hashtags)),
        link_preview_url=preview_url, link_preview_title=preview_title,
        service="service_message" in _classes(msg),
    )


def _find_ancestor(el, cls: str, stop):
    node = el.getparent()
    while node is not None and node is not stop:
        if cls in _classes(node):
            return node
        node = node.getparent()
    return None


def parse_channel_page(body: bytes | str, page_url: str, channel: str) -> ChannelPage:
    """Parse one t.me/s page; SourceError when it is not a channel page, LayoutChangedError
    when it is one but lacks the parts posts are read from."""
    tree = _parse_html(body)
    where = f"Telegram channel @{channel} ({page_url})"
    history = _find(tree, "tgme_channel_history")
    wraps = _find_all(tree, "tgme_widget_message_wrap")
    info = _find(tree, "tgme_channel_info")
    if history is None and not wraps:
        if info is not None:
            raise LayoutChangedError(
                f"{where}: the page shows the channel's header but no message list "
                f"(section.tgme_channel_history / div.tgme_widget_message_wrap missing)",
                hint="Telegram changed its preview pages; the parser needs updating")
        raise SourceError(f"{where}: not a Telegram channel preview page "
                          f"(no channel header, no message list)",
                          hint="check the source address; it should be t.me/s/<channel>")
    messages = []
    for wrap in wraps or [history]:
        found = [el for el in wrap.iter() if isinstance(el.tag, str) and el.get("data-post")]
        if not found and wraps:
            if _find(wrap, "tme_no_messages_found") is not None:
                continue
            raise LayoutChangedError(f"{where}: a message container has no "
                                     f"div.tgme_widget_message[data-post]",
                                     hint="Telegram changed its preview pages; the parser needs updating")
        messages.extend(found)
    posts = tuple(sorted((_parse_post(m, page_url, where) for m in messages),
                         key=lambda p: p.post_id))
    more = [a for a in _find_all(tree, "tme_messages_more") if a.get("data-before")]
    before = None
    if more and more[0].get("data-before", "").strip().isdigit():
        before = int(more[0].get("data-before").strip())
    title_el = _find(tree, "tgme_channel_info_header_title")
    title = _text(title_el)
    if not title:
        og = tree.xpath("//meta[@property='og:title']/@content")
        title = og[0].strip() if og else ""
    lang = (tree.get("lang") or "").strip()
    return ChannelPage(channel=posts[0].channel if posts else channel, title=title, posts=posts,
                       before=before, language=lang,
                       description=_text(_find(tree, "tgme_channel_info_description")))


def classify_profile_page(body: bytes | str) -> str:
    """What t.me/<name> says when /s/<name> was redirected there: 'exists' (a user, group or
    channel without a public preview) or 'missing' (no such name)."""
    tree = _parse_html(body)
    if _find(tree, "tgme_page_extra") is not None:
        return "exists"
    return "missing"
