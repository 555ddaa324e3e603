"""File and pasted-text sources: local input, no network."""

from __future__ import annotations

import io

import pytest

from watchfloor.errors import SourceError, TooLargeError
from watchfloor.records import Source, SourceKind
from watchfloor.sources.base import connector_for, known_kinds
from watchfloor.sources.fetch import Fetcher
from watchfloor.sources.text import TextConnector, text_url


def poll(kind, address, fetcher, validators=None):
    return list(connector_for(kind).poll(Source(name="t", kind=SourceKind(kind), address=address, id=3),
                                         fetcher, validators))


def test_builtin_connectors_are_registered():
    assert {"rss", "web", "file", "text"} <= set(known_kinds())


def test_file_sources_read_html_text_and_pdf(tmp_path, fetcher):
    (tmp_path / "report.html").write_bytes(b"<!DOCTYPE html><html><body><p>Report</p></body></html>")
    (tmp_path / "notes.txt").write_bytes("ملاحظات ميدانية".encode("cp1256"))
    (tmp_path / "scan.bin").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (tmp_path / ".hidden").write_bytes(b"skip me")
    items = poll("file", str(tmp_path), fetcher)
    by_name = {i.meta()["filename"]: i for i in items}
    assert set(by_name) == {"report.html", "notes.txt", "scan.bin"}
    assert by_name["report.html"].media_type == "text/html"
    assert by_name["notes.txt"].media_type == "text/plain"
    assert by_name["notes.txt"].body == "ملاحظات ميدانية".encode("cp1256")  # untouched
    assert by_name["scan.bin"].media_type == "application/pdf"  # sniffed, whatever the name
    assert all(i.url.startswith("file://") and i.source_id == 3 for i in items)


def test_file_url_address_and_unchanged_file(tmp_path, fetcher):
    page = tmp_path / "page one.html"
    page.write_text("<html><body>x</body></html>")
    [item] = poll("file", page.as_uri(), fetcher)
    assert item.url == page.resolve().as_uri()

    class Known:
        def get(self, url):
            return (None, item.header("Last-Modified")) if url == item.url else (None, None)

    [again] = poll("file", str(page), fetcher, Known())
    assert again.not_modified


def test_missing_file_is_a_clear_error(tmp_path, fetcher):
    with pytest.raises(SourceError, match="does not exist") as err:
        poll("file", str(tmp_path / "nope.pdf"), fetcher)
    assert err.value.hint


def test_oversized_file_is_refused(tmp_path, settings):
    (tmp_path / "big.txt").write_bytes(b"a" * 2000)
    with Fetcher(settings.replace(max_bytes=1000)) as f, pytest.raises(TooLargeError):
        poll("file", str(tmp_path / "big.txt"), f)


def test_pasted_text_gets_a_stable_text_url(fetcher):
    text = "Reports of a convoy near Al-Qaim on 3 November."
    [item] = poll("text", text, fetcher)
    assert item.body == text.encode()
    assert item.url == text_url(text.encode()) and item.url.startswith("text:")
    assert len(item.url) == len("text:") + 64
    assert item.media_type == "text/plain"
    [again] = poll("text", text, fetcher)
    assert again.url == item.url


def test_text_from_stdin_passes_bytes_through(fetcher):
    raw = "خبر عاجل".encode("cp1256")
    source = Source(name="stdin", kind=SourceKind.TEXT, address="-")
    [item] = TextConnector(stdin=io.BytesIO(raw)).poll(source, fetcher)
    assert item.body == raw


def test_empty_text_is_refused(fetcher):
    with pytest.raises(SourceError, match="empty"):
        poll("text", "   ", fetcher)
