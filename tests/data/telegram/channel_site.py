"""A deterministic Telegram channel for tests, served as t.me/s preview pages.

`DemoChannel(seed).posts` holds 200 invented posts (Arabic and English: troop movements,
strikes, statements), with forwards (some with a link, some from a hidden name), replies,
photos and videos with captions, a document, links, hashtags, a link preview and one
service message. `render_page(before)` writes the page Telegram would serve for
/s/<name>?before=<id>: up to 20 posts older than `before`, oldest first, with the "load
more" link. View counts and the per-request data-view token change on every render, as they
do on the real site, so a connector must not take them for edits.

`serve(httpserver, channel)` answers /s/<name> from the channel (its current state: edit
posts or add new ones between polls), plus /s/ghost (no such channel: redirected to a page
without tgme_page_extra), /s/closed (exists, no preview: redirected to a page with it) and
/s/changed (a channel page whose posts sit in unknown containers).

All texts were written for watchfloor's tests; names of groups and places are generic.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

PAGE_SIZE = 20

EN_ACTORS = ["the 14th Brigade", "Liwa al-Fajr fighters", "a coalition drone", "border guards",
             "the Northern Axis Command", "local police", "Saraya al-Nour", "army engineers"]
AR_ACTORS = ["اللواء الرابع عشر", "مقاتلو لواء الفجر", "طائرة مسيّرة", "حرس الحدود",
             "قيادة المحور الشمالي", "الشرطة المحلية", "سرايا النور", "مهندسو الجيش"]
EN_PLACES = ["al-Qaim", "Deir Hafer", "the Tanf road", "Rawa", "Tel Abyad", "Mayadin",
             "the eastern checkpoint", "Wadi Horan"]
AR_PLACES = ["القائم", "دير حافر", "طريق التنف", "راوة", "تل أبيض", "الميادين",
             "الحاجز الشرقي", "وادي حوران"]
EN_TEMPLATES = [
    "A convoy of {n} vehicles belonging to {actor} was seen moving towards {place} at dawn.",
    "{actor} said in a statement that {n} of its members were wounded near {place}.",
    "Sources report an air strike on a depot near {place}; {actor} has not commented.",
    "{actor} announced a new checkpoint on the road to {place}, with {n} armed men.",
    "Heavy shelling was heard overnight around {place}. Residents counted {n} explosions.",
    "Local activists: {actor} detained {n} young men in a raid on {place}.",
]
AR_TEMPLATES = [
    "رصد رتل من {n} آليات تابعة لـ{actor} يتجه نحو {place} فجر اليوم.",
    "قالت {actor} في بيان إن {n} من عناصرها أصيبوا قرب {place}.",
    "مصادر محلية: غارة جوية استهدفت مستودعاً قرب {place}، ولم تعلّق {actor}.",
    "أعلنت {actor} إقامة حاجز جديد على طريق {place} بوجود {n} مسلحين.",
    "سُمع قصف عنيف ليلاً في محيط {place}، وأحصى الأهالي {n} انفجارات.",
    "ناشطون: {actor} اعتقلت {n} شبان خلال مداهمة في {place}.",
]
FORWARD_SOURCES = [("Front Line Monitor", "frontline_monitor"), ("مرصد الشرق", "sharq_observatory"),
                   ("Hidden Correspondent", None)]


@dataclass
class Post:
    post_id: int
    published: datetime
    text: str
    language: str
    forwarded_from: tuple[str, str | None] | None = None
    reply_to: int | None = None
    media: str | None = None  # photo, video, document
    document_title: str = ""
    link: str | None = None
    hashtag: str | None = None
    preview: bool = False
    edited: bool = False
    service: bool = False


@dataclass
class DemoChannel:
    """The channel's current state; edit and add posts between polls."""

    name: str = "frontwatch_test"
    title: str = "Front Watch — test channel"
    seed: int = 7
    posts: dict[int, Post] = field(default_factory=dict)
    renders: itertools.count = field(default_factory=itertools.count)

    def __post_init__(self):
        if not self.posts:
            self._build()

    def _build(self) -> None:
        rng = random.Random(self.seed)
        start = datetime(2026, 9, 1, 6, 0, tzinfo=UTC)
        self.posts[1000] = Post(1000, start - timedelta(days=1), "Channel created", "en",
                                service=True)
        pid = 1000
        for i in range(200):
            pid += 1 + (1 if rng.random() < 0.08 else 0)  # deleted posts leave gaps in ids
            when = start + timedelta(minutes=47 * i + rng.randrange(30))
            self.posts[pid] = self._post(rng, pid, when, i)

    def _post(self, rng: random.Random, pid: int, when: datetime, i: int) -> Post:
        arabic = i % 2 == 1
        actors, places, templates = ((AR_ACTORS, AR_PLACES, AR_TEMPLATES) if arabic
                                     else (EN_ACTORS, EN_PLACES, EN_TEMPLATES))
        text = rng.choice(templates).format(actor=rng.choice(actors), place=rng.choice(places),
                                            n=rng.randrange(2, 60))
        post = Post(pid, when, f"{text} (#{i + 1})", "ar" if arabic else "en")
        if i % 7 == 3:
            post.forwarded_from = FORWARD_SOURCES[i % 3]
        elif i % 9 == 4 and i > 10:
            post.reply_to = pid - rng.randrange(2, 9)
        if i % 5 == 2:
            post.media = "photo"
        elif i % 11 == 6:
            post.media = "video"
        elif i == 51:
            post.media, post.document_title = "document", "statement_scan.pdf"
        if i % 13 == 0:
            post.link = f"https://news.example.org/report/{i}"
        if i % 6 == 1:
            post.hashtag = "عاجل" if arabic else "breaking"
        if i == 120:
            post.preview = True
        return post

    def edit(self, post_id: int, text: str) -> None:
        self.posts[post_id].text = text
        self.posts[post_id].edited = True

    def add(self, text: str, language: str = "en") -> int:
        pid = max(self.posts) + 1
        last = self.posts[max(self.posts)].published
        self.posts[pid] = Post(pid, last + timedelta(minutes=20), text, language)
        return pid

    # -- rendering -------------------------------------------------------------------------

    def render_page(self, before: int | None = None) -> str:
        render = next(self.renders)
        ids = sorted(p for p in self.posts if before is None or p < before)
        shown = ids[-PAGE_SIZE:]
        more = ""
        if shown and shown[0] != ids[0]:
            more = (f'<div class="tgme_widget_message_centered js-messages_more_wrap">'
                    f'<a href="/s/{self.name}?before={shown[0]}" class="tme_messages_more '
                    f'js-messages_more" data-before="{shown[0]}"></a></div>')
        body = "\n".join(self._message(self.posts[p], render) for p in shown)
        return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
                f'<title>{html.escape(self.title)} – Telegram</title>'
                f'<meta property="og:title" content="{html.escape(self.title)}"></head>\n'
                f'<body class="widget_frame_base tgme_webpreview"><div class="tgme_page_wrap">'
                f'<header class="tgme_header"><div class="tgme_header_title">'
                f'{html.escape(self.title)}</div></header>\n'
                f'<main class="tgme_main" data-url="/{self.name}"><div class="tgme_container">'
                f'<section class="tgme_right_column"><div class="tgme_channel_info">'
                f'<div class="tgme_channel_info_header"><div class="tgme_channel_info_header_title">'
                f'<span dir="auto">{html.escape(self.title)}</span></div>'
                f'<div class="tgme_channel_info_header_username"><a href="https://t.me/{self.name}">'
                f'@{self.name}</a></div></div>'
                f'<div class="tgme_channel_info_counters"><div class="tgme_channel_info_counter">'
                f'<span class="counter_value">{12 + render}.4K</span> '
                f'<span class="counter_type">subscribers</span></div></div>'
                f'<div class="tgme_channel_info_description">Field reports, invented for tests.'
                f'</div></div></section>\n'
                f'<section class="tgme_channel_history js-message_history">{more}\n{body}\n'
                f'</section></div></main></div></body></html>\n')

    def _message(self, post: Post, render: int) -> str:
        token = base64.b64encode(json.dumps({"p": post.post_id, "t": 1790000000 + render})
                                 .encode()).decode()
        cdn = f"https://cdn{1 + render % 4}.telesco.pe/file/{post.post_id:x}{render:04d}.jpg"
        if post.service:
            inner = (f'<div class="message_media_not_supported_wrap"></div><div '
                     f'class="tgme_widget_message_service_date_wrap"></div>'
                     f'<div class="tgme_widget_message_text js-message_text">{post.text}</div>')
            cls = "tgme_widget_message service_message js-widget_message"
        else:
            inner = self._bubble(post, render, cdn)
            cls = "tgme_widget_message text_not_supported_wrap js-widget_message"
        views = f"{(post.post_id * 37 + render * 11) % 900 / 10 + 1:.1f}K"
        edited = "edited &nbsp;" if post.edited else ""
        stamp = post.published.isoformat()
        return (
            f'<div class="tgme_widget_message_wrap js-widget_message_wrap">'
            f'<div class="{cls}" data-post="{self.name}/{post.post_id}" data-view="{token}">'
            f'<div class="tgme_widget_message_user"><a href="https://t.me/{self.name}">'
            f'<i class="tgme_widget_message_user_photo bgcolor2" data-content="F">'
            f'<img src="{cdn}"></i></a></div>'
            f'<div class="tgme_widget_message_bubble"><i class="tgme_widget_message_bubble_tail">'
            f'</i><div class="tgme_widget_message_author accent_color">'
            f'<a class="tgme_widget_message_owner_name" href="https://t.me/{self.name}">'
            f'<span dir="auto">{html.escape(self.title)}</span></a></div>{inner}'
            f'<div class="tgme_widget_message_footer compact js-message_footer">'
            f'<div class="tgme_widget_message_info short js-message_info">'
            f'<span class="tgme_widget_message_views">{views}</span><span class="copyonly"> '
            f'views</span><span class="tgme_widget_message_meta">{edited}<a '
            f'class="tgme_widget_message_date" href="https://t.me/{self.name}/{post.post_id}">'
            f'<time datetime="{stamp}" class="time">{post.published:%H:%M}</time></a></span>'
            f'</div></div></div></div></div>'
        )

    def _bubble(self, post: Post, render: int, cdn: str) -> str:
        parts = []
        if post.forwarded_from:
            name, user = post.forwarded_from
            if user:
                parts.append(f'<div class="tgme_widget_message_forwarded_from accent_color">'
                             f'Forwarded from <a class="tgme_widget_message_forwarded_from_name" '
                             f'href="https://t.me/{user}/{post.post_id * 3}"><span dir="auto">'
                             f'{html.escape(name)}</span></a></div>')
            else:
                parts.append(f'<div class="tgme_widget_message_forwarded_from accent_color">'
                             f'Forwarded from <span class="tgme_widget_message_forwarded_from_name">'
                             f'{html.escape(name)}</span></div>')
        if post.reply_to:
            quoted = self.posts.get(post.reply_to)
            snippet = html.escape(quoted.text[:40]) if quoted else "Deleted message"
            parts.append(f'<a class="tgme_widget_message_reply" href="https://t.me/{self.name}/'
                         f'{post.reply_to}"><div class="tgme_widget_message_author accent_color">'
                         f'<span class="tgme_widget_message_author_name" dir="auto">'
                         f'{html.escape(self.title)}</span></div><div class="tgme_widget_message_'
                         f'metatext js-message_reply_text" dir="auto">{snippet}</div></a>')
        if post.media == "photo":
            parts.append(f'<a class="tgme_widget_message_photo_wrap blured" href="https://t.me/'
                         f'{self.name}/{post.post_id}" style="width:800px;background-image:url('
                         f"'{cdn}')\"><div class=\"tgme_widget_message_photo\" "
                         f'style="padding-top:56.25%"></div></a>')
        elif post.media == "video":
            parts.append(f'<a class="tgme_widget_message_video_player" href="https://t.me/'
                         f'{self.name}/{post.post_id}"><i class="tgme_widget_message_video_thumb" '
                         f"style=\"background-image:url('{cdn}')\"></i><div "
                         f'class="tgme_widget_message_video_wrap"><video class="tgme_widget_'
                         f'message_video js-message_video" src="{cdn}.mp4"></video></div>'
                         f'<div class="message_video_play"></div></a>')
        elif post.media == "document":
            parts.append(f'<a class="tgme_widget_message_document_wrap" href="https://t.me/'
                         f'{self.name}/{post.post_id}"><div class="tgme_widget_message_document">'
                         f'<div class="tgme_widget_message_document_title accent_color" '
                         f'dir="auto">{post.document_title}</div><div class="tgme_widget_message_'
                         f'document_extra" dir="auto">1.2 MB</div></div></a>')
        text = html.escape(post.text)
        if post.hashtag:
            text += (f' <a href="?q=%23{post.hashtag}">#{html.escape(post.hashtag)}</a>')
        if post.link:
            text += (f'<br/><br/>Source: <a href="{post.link}" target="_blank" rel="noopener" '
                     f'onclick="return confirm(\'Open this link?\\n\\n\'+this.href);">'
                     f'{post.link}</a>')
        dir_ = ' dir="auto"'
        parts.append(f'<div class="tgme_widget_message_text js-message_text"{dir_}>{text}</div>')
        if post.preview:
            parts.append('<a class="tgme_widget_message_link_preview" href="https://news.example.'
                         'org/analysis/ceasefire"><div class="link_preview_site_name accent_color"'
                         '>News Example</div><div class="link_preview_title">Ceasefire talks '
                         'stall</div><div class="link_preview_description">An invented analysis '
                         'page.</div></a>')
        return "".join(parts)


def profile_page(name: str, exists: bool) -> str:
    """What t.me/<name> shows: with tgme_page_extra when the name exists."""
    extra = (f'<div class="tgme_page_title"><span dir="auto">Closed Group {name}</span></div>'
             f'<div class="tgme_page_extra">1 234 members</div>') if exists else ""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Telegram: Contact @{name}'
            f'</title></head><body><div class="tgme_page_wrap"><div class="tgme_page">'
            f'{extra}<div class="tgme_page_description">If you have <strong>Telegram</strong>, '
            f'you can contact <a class="tgme_username_link" href="tg://resolve?domain={name}">'
            f'@{name}</a> right away.</div></div></div></body></html>')


CHANGED_LAYOUT = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Changed</title></head>
<body><section class="tgme_right_column"><div class="tgme_channel_info">
<div class="tgme_channel_info_header_title"><span>Changed Layout</span></div></div></section>
<main><div class="post-list"><article class="post" data-id="changed/5"><p>Convoy seen.</p>
<time datetime="2026-09-01T10:00:00+00:00">10:00</time></article></div></main></body></html>"""


def serve(httpserver, channel: DemoChannel) -> None:
    """Answer the channel's pages and the error cases on the test server."""
    from werkzeug.wrappers import Response

    def channel_page(request):
        before = request.args.get("before")
        page = channel.render_page(int(before) if before else None)
        return Response(page, content_type="text/html; charset=utf-8")

    base = httpserver.url_for("/")
    httpserver.expect_request(f"/s/{channel.name}").respond_with_handler(channel_page)
    for name in ("ghost", "closed"):
        httpserver.expect_request(f"/s/{name}").respond_with_response(
            Response("", status=302, headers={"Location": f"{base}{name}"}))
    httpserver.expect_request("/ghost").respond_with_data(profile_page("ghost", False),
                                                          content_type="text/html")
    httpserver.expect_request("/closed").respond_with_data(profile_page("closed", True),
                                                           content_type="text/html")
    httpserver.expect_request("/s/changed").respond_with_data(CHANGED_LAYOUT,
                                                              content_type="text/html")
