"""Main text and metadata from HTML; hostile markup never runs or crashes."""

import pytest

from watchfloor.errors import ReadError
from watchfloor.read.html import read_html

ARTICLE = """<!doctype html>
<html lang="ar-IQ"><head>
<title>قصف على قاعدة | موقع الخبر</title>
<meta property="og:title" content="قصف على قاعدة عين الأسد">
<meta property="og:site_name" content="موقع الخبر">
<meta name="author" content="مراسل الموقع">
<meta property="article:published_time" content="2023-11-05T09:30:00+03:00">
<link rel="canonical" href="/news/123">
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/world">العالم</a></nav>
<article>
<h1>قصف على قاعدة عين الأسد</h1>
<p>تعرضت قاعدة عين الأسد الجوية غرب العراق لهجوم بطائرات مسيرة فجر اليوم، بحسب مصادر أمنية.</p>
<p>وقالت المصادر إن الهجوم لم يسفر عن إصابات، وإن الدفاعات الجوية اعترضت طائرتين.</p>
<p>وتبنت جماعة تطلق على نفسها اسم المقاومة الإسلامية في العراق الهجوم في بيان على تلغرام.</p>
</article>
<footer>جميع الحقوق محفوظة</footer>
</body></html>"""


def test_main_text_with_paragraph_breaks_and_metadata():
    page = read_html(ARTICLE, "https://news.example.org/news/123?utm_source=tg")
    assert page.method == "trafilatura"
    assert "تعرضت قاعدة عين الأسد الجوية" in page.text
    assert "بحسب مصادر أمنية.\n\nوقالت المصادر" in page.text
    assert "جميع الحقوق محفوظة" not in page.text
    assert page.title == "قصف على قاعدة عين الأسد"
    assert page.author == "مراسل الموقع"
    assert page.site_name == "موقع الخبر"
    assert page.published_at.isoformat() == "2023-11-05T09:30:00+03:00"
    assert page.language_hint == "ar"
    assert page.canonical_url == "https://news.example.org/news/123"


HOSTILE = """<html><head>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<script>document.title = "EVIL"; window.location = "http://evil.example/";</script>
<style>body { display: none }</style>
<link rel="canonical" href="javascript:alert(1)">
</head><body onload="alert(2)">
<p>Armed men stormed the checkpoint at dawn, according to two witnesses who spoke to reporters.</p>
<p>The attackers withdrew towards the desert after a short exchange of fire with the guards.</p>
<a href="javascript:alert(3)">click here</a><img src="x" onerror="alert(4)">
<svg><script>alert(5)</script></svg><iframe src="javascript:alert(6)"></iframe>
</body></html>"""


def test_hostile_markup_is_read_as_text_only():
    page = read_html(HOSTILE, "https://example.org/a")
    assert "Armed men stormed the checkpoint" in page.text
    for bad in ("alert", "EVIL", "display", "evil.example"):
        assert bad not in page.text
    assert page.canonical_url is None  # a javascript: canonical is never kept


def test_deeply_nested_tags_fall_back_to_full_text():
    deep = ("<html><body>" + "<div>" * 5000
            + "<p>The text at the bottom of five thousand divs is still read.</p>"
            + "</div>" * 5000 + "</body></html>")
    page = read_html(deep, "https://example.org/deep")
    assert "five thousand divs is still read" in page.text
    assert page.method == "fallback"


def test_huge_attribute_values_do_not_crash():
    huge = ('<html><body><p title="' + "A" * 1_000_000 + '">x</p><article><p>'
            "Real article text about the convoy that crossed the border at night.</p></article></body></html>")
    page = read_html(huge, "https://example.org/huge")
    assert "convoy that crossed the border" in page.text
    assert "AAAA" not in page.text


def test_unclosed_and_broken_markup():
    page = read_html("<html><body><p>Shelling hit <b>the market <i>in the old town on Friday, "
                     "residents said, and several shops burned.<div></span></td>", None)
    assert "Shelling hit the market in the old town on Friday" in " ".join(page.text.split())


def test_no_main_text_falls_back_to_cleaned_full_text():
    page = read_html("<html><body><div><span>Checkpoint closed</span></div>"
                     "<script>var secret = 1;</script></body></html>", "https://example.org/")
    assert page.method == "fallback"
    assert page.text == "Checkpoint closed"


@pytest.mark.parametrize("html", ["", "   \n ", "<html><body></body></html>",
                                  "<html><head><script>x()</script></head><body> </body></html>"])
def test_empty_page_is_a_read_error(html):
    with pytest.raises(ReadError) as err:
        read_html(html, "https://example.org/empty")
    assert err.value.hint


def test_nul_and_control_bytes_inside_a_page_do_not_stop_reading():
    page = read_html("<html><body><p>Checkpoint\x00 reopened on Monday after three days of closure, "
                     "drivers said.\x07</p></body></html>", None)
    assert page.text.startswith("Checkpoint reopened on Monday")


def test_xhtml_with_xml_declaration():
    xhtml = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" '
             'xml:lang="fr"><head><title>Communiqué</title></head><body><p>Le ministère a annoncé '
             "le retrait des troupes de la zone frontalière d'ici la fin du mois.</p></body></html>")
    page = read_html(xhtml, "https://example.org/c")
    assert "retrait des troupes" in page.text
    assert page.language_hint == "fr"


def test_entity_declarations_are_never_expanded():
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
            '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Convoy reached the base at night, '
            "two local sources said on Sunday. &lol2; &ext;</p></body></html>")
    page = read_html(bomb, "https://example.org/bomb")
    assert page.text.startswith("Convoy reached the base at night")
    assert "lollol" not in page.text and "root:" not in page.text


def test_canonical_on_another_site_is_ignored():
    html = ('<html><head><link rel="canonical" href="https://other.example.com/story">'
            "</head><body><p>Statement from the provincial council about the water crisis, "
            "published on Monday.</p></body></html>")
    assert read_html(html, "https://news.example.org/a").canonical_url is None
    same = html.replace("other.example.com", "www.news.example.org")
    assert read_html(same, "https://news.example.org/a").canonical_url == "https://www.news.example.org/story"
