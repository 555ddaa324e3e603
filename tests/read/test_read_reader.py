"""read(): capture bytes -> Document, on real pages, the seed report and our own inputs."""

import html as htmllib
import json
import re
from datetime import UTC, datetime

import pytest

from watchfloor.errors import ReadError
from watchfloor.read.normalize import to_original
from watchfloor.read.reader import extract, fingerprint, read
from watchfloor.records import Capture, Fetched


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_paragraphs(expected_html: str) -> list[str]:
    """Starts of the first three long paragraphs of Readability's expected output."""
    paragraphs = [htmllib.unescape(re.sub(r"<[^>]+>", "", p))
                  for p in re.findall(r"<p[\s>].*?</p>", expected_html, flags=re.S | re.I)]
    return [squash(p)[:50] for p in paragraphs if len(p.strip()) >= 100][:3]


def real_pages(shared_dir):
    pages = sorted((shared_dir / "corpus" / "pages").glob("*/source.html"))
    if not pages:
        pytest.skip("no pages in shared/corpus/pages")
    return pages


def test_real_pages_read_with_their_main_text_and_titles(shared_dir):
    pages = real_pages(shared_dir)
    text_hits = title_hits = 0
    for source in pages:
        doc = read(None, source.read_bytes(), url="http://fakehost/test/page.html", media_type="text/html")
        assert doc.text and doc.fingerprint and doc.offset_map
        starts = expected_paragraphs((source.parent / "expected.html").read_text(encoding="utf-8"))
        text = squash(doc.text)
        # NFC on both sides: the expected output is not normalised
        if not starts or any(squash(_nfc(s)) in text for s in starts):
            text_hits += 1
        meta = json.loads((source.parent / "expected-metadata.json").read_text(encoding="utf-8"))
        if doc.title == " ".join((meta.get("title") or "").split()):
            title_hits += 1
    assert text_hits / len(pages) >= 0.9, f"main text found in {text_hits}/{len(pages)} pages"
    assert title_hits / len(pages) >= 0.75, f"title right in {title_hits}/{len(pages)} pages"


def _nfc(text: str) -> str:
    from watchfloor.read.normalize import normalize

    return normalize(text)[0]


def test_seed_report_reads_as_english_plain_text_intact(shared_dir):
    path = shared_dir / "corpus" / "seed" / "pmu-syria-2023-11-05.txt"
    original = path.read_text(encoding="utf-8")
    doc = read((("Content-Type", "text/plain; charset=utf-8"),), path.read_bytes(),
               url="file:///seed/pmu-syria-2023-11-05.txt", media_type="text/plain")
    assert doc.language == "en" and doc.language_score > 0.9
    assert doc.title.startswith("Iraqi Popular Mobilization Units (PMU) Secretly Sends Weapons")
    # Every word survives, in order; only whitespace was tidied.
    assert doc.text.split() == original.split()
    start = doc.text.index("Sayyidah Zaynab Regiment")
    o_start, o_end = to_original(doc.offset_map, start, start + len("Sayyidah Zaynab Regiment"))
    assert original[o_start:o_end] == "Sayyidah Zaynab Regiment"


ARABIC_PAGE = """<html lang="ar"><head><meta charset="windows-1256">
<title>هجوم على قاعدة</title><link rel="canonical" href="https://news.example.org/a/1?utm_source=x">
</head><body><article>
<p>تعرضت قاعدة عين الأسد الجوية غرب العراق لهجوم بطائرات مسيرة فجر اليوم، بحسب مصادر أمنية عراقية.</p>
<p>وقالت المصادر إن الدفاعات الجوية اعترضت طائرتين، ولم تسجل أي إصابات في صفوف القوات.</p>
</article></body></html>"""


def test_arabic_page_becomes_a_document():
    fetched = Fetched(
        url="https://news.example.org/a/1", final_url="https://news.example.org/a/1", status=200,
        headers=(("Content-Type", "text/html"),), body=ARABIC_PAGE.encode("cp1256"),
        media_type="text/html", fetched_at=datetime(2023, 11, 5, tzinfo=UTC),
    )
    doc = read(fetched, fetched.body, url=fetched.url, media_type=fetched.media_type,
               item_meta={"published": "Sun, 05 Nov 2023 06:10:00 +0000", "author": "مراسل"})
    assert "تعرضت قاعدة عين الأسد الجوية" in doc.text
    assert "أمنية عراقية.\n\nوقالت" in doc.text
    assert doc.language == "ar"
    assert doc.title == "هجوم على قاعدة"
    assert doc.canonical_url == "https://news.example.org/a/1"  # tracking parameter dropped
    assert doc.published_at == datetime(2023, 11, 5, 6, 10, tzinfo=UTC)  # from the feed entry
    assert doc.author == "مراسل"


def test_feed_item_content_with_item_meta_filling_missing_fields():
    body = "<p>Two drones were shot down near Erbil airport on Sunday, the Kurdistan counter-terrorism service said.</p>"
    doc = read(None, body.encode(), url="https://feeds.example.org/item/9", media_type="text/html",
               item_meta={"title": "Drones downed near Erbil", "published": "2023-11-05T07:00:00Z",
                          "link": "https://example.org/story/9?fbclid=abc"})
    assert doc.title == "Drones downed near Erbil"
    assert doc.published_at == datetime(2023, 11, 5, 7, tzinfo=UTC)
    assert doc.canonical_url == "https://example.org/story/9"
    assert doc.text.startswith("Two drones were shot down near Erbil airport")


def test_telegram_line_as_plain_text():
    capture = Capture(url="https://t.me/somechannel/1234", fetched_at=datetime(2023, 11, 5, tzinfo=UTC),
                      status=200, media_type="text/plain", sha256="0" * 64, size=10,
                      headers=(("content-type", "text/plain; charset=utf-8"),))
    doc = read(capture, "عاجل | قصف مدفعي على ريف إدلب الجنوبي".encode(), url=capture.url,
               media_type="text/plain", item_meta={"published": "2023-11-05T08:00:00+00:00",
                                                   "channel": "somechannel",
                                                   "channel_title": "Some Channel"})
    assert doc.language == "ar"
    assert doc.text == "عاجل | قصف مدفعي على ريف إدلب الجنوبي"
    assert doc.published_at.hour == 8
    assert doc.site_name == "Some Channel"


def test_pdf_through_the_reader():
    from test_read_pdf import make_pdf

    doc = read(None, make_pdf([["Weekly report", "Militia convoy crossed at Al-Qaim on Tuesday."]]),
               url="https://example.org/r.pdf", media_type="application/pdf")
    assert "Militia convoy crossed at Al-Qaim on Tuesday." in doc.text
    assert doc.language == "en"


def test_pdf_served_as_html_is_still_read_as_pdf():
    from test_read_pdf import make_pdf

    body = make_pdf([["Ceasefire announced in the north, officials said on Monday evening."]])
    doc = read(None, body, url="https://example.org/x", media_type="text/html")
    assert "Ceasefire announced" in doc.text


def test_binary_capture_is_refused():
    with pytest.raises(ReadError, match=r"binary content \(image/png\), not a readable document"):
        read(None, b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, url="https://example.org/p.png", media_type="image/png")


def test_empty_documents_are_refused():
    for body, media_type in ((b"", "text/plain"), (b"   \n\t", "text/plain"),
                             (b"<html><body></body></html>", "text/html")):
        with pytest.raises(ReadError):
            read(None, body, url="https://example.org/e", media_type=media_type)


def test_offsets_lead_back_into_the_extracted_text():
    body = "<p>Shelling  hit\u00a0the market in\u200b Kafr Nabl on Friday.</p><p>Three civilians were killed.</p>"
    extracted = extract(body.encode(), url="https://example.org/", media_type="text/html").text
    doc = read(None, body.encode(), url="https://example.org/", media_type="text/html")
    start = doc.text.index("Kafr Nabl")
    o_start, o_end = to_original(doc.offset_map, start, start + len("Kafr Nabl"))
    assert extracted[o_start:o_end] == "Kafr Nabl"


def test_fingerprint_ignores_case_and_spacing_only():
    assert fingerprint("Convoy  crossed\nthe border") == fingerprint("convoy crossed the BORDER ")
    assert fingerprint("Convoy crossed the border") != fingerprint("Convoy crossed the river")
