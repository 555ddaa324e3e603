"""Bytes come out as the right text, whatever the page declares; binary is refused."""

import pytest

from watchfloor.errors import ReadError
from watchfloor.read.decode import decode, ensure_readable

ARABIC = "أعلنت وزارة الدفاع أن قواتها صدت هجوماً على مواقعها في ريف دير الزور الشرقي ليلة أمس."
FRENCH = "Le président a déclaré mardi que l'armée renforcerait sa présence près de la frontière « dès demain »."


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def test_windows_1256_arabic_with_meta_charset():
    raw = page(ARABIC * 3, '<meta charset="windows-1256">').encode("cp1256")
    decoded = decode(raw, media_type="text/html")
    assert ARABIC in decoded.text
    assert (decoded.encoding, decoded.method) == ("cp1256", "meta")


def test_windows_1256_arabic_with_http_equiv_declaration():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    decoded = decode(page(ARABIC, head).encode("cp1256"), media_type="text/html")
    assert ARABIC in decoded.text


def test_windows_1256_arabic_without_any_declaration_is_detected():
    decoded = decode(page(ARABIC * 3).encode("cp1256"), media_type="text/html")
    assert ARABIC in decoded.text
    assert decoded.method == "detected"


def test_arabic_page_labelled_latin1_in_http_header_is_still_read_right():
    decoded = decode(page(ARABIC * 3).encode("cp1256"), "text/html; charset=iso-8859-1")
    assert ARABIC in decoded.text
    assert decoded.overruled == "cp1252"


def test_cp1252_page_mislabelled_as_utf8():
    raw = page(FRENCH, '<meta charset="utf-8">').encode("cp1252")
    decoded = decode(raw, "text/html; charset=utf-8")
    assert FRENCH in decoded.text
    assert decoded.overruled == "utf_8"


def test_utf8_page_mislabelled_as_windows_1252():
    decoded = decode(page(FRENCH).encode("utf-8"), "text/html; charset=windows-1252")
    assert FRENCH in decoded.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-8-sig"])
def test_byte_order_mark_wins(codec):
    text = page(ARABIC + " " + FRENCH)
    raw = ("\ufeff" + text).encode(codec) if codec != "utf-8-sig" else text.encode(codec)
    decoded = decode(raw, "text/html; charset=iso-8859-1")
    assert decoded.text == text
    assert decoded.method == "bom"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec):
    text = page(ARABIC + " " + FRENCH)
    decoded = decode(text.encode(codec), "text/html")
    assert decoded.text == text


def test_xml_declaration():
    raw = f'<?xml version="1.0" encoding="windows-1256"?><rss><item>{ARABIC}</item></rss>'.encode("cp1256")
    decoded = decode(raw, media_type="application/rss+xml")
    assert ARABIC in decoded.text
    assert decoded.method == "xml"


def test_undeclared_utf8_plain_text():
    decoded = decode("Kirkuk — كركوك — کەرکووک".encode(), media_type="text/plain")
    assert decoded.text == "Kirkuk — كركوك — کەرکووک"


@pytest.mark.parametrize("body, media_type, kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", "image/png"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/html", "image/png"),  # mislabelled
    (b"PK\x03\x04\x14\x00\x00\x00", "application/octet-stream", "application/zip"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "", "image/jpeg"),
    (b"GIF89a\x01\x00", "image/gif", "image/gif"),
    (b"some bytes", "video/mp4", "video/mp4"),
    (b"abc\x00\x01\x02\x00def\x00", "text/plain", "text/plain"),  # NUL bytes
])
def test_binary_content_is_refused_with_its_type(body, media_type, kind):
    with pytest.raises(ReadError, match=rf"binary content \({kind}[^)]*\), not a readable document") as err:
        ensure_readable(body, media_type)
    assert err.value.hint


def test_readable_types_pass():
    assert ensure_readable(b"<html></html>", "text/html; charset=utf-8") == "text/html"
    assert ensure_readable(b"%PDF-1.4 ...", "application/octet-stream") == "application/pdf"
    assert ensure_readable("x".encode("utf-16"), "text/plain") == "text/plain"
    assert ensure_readable(b"plain words", "") == "text/plain"
