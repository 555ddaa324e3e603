"""The WARC archive keeps evidence intact: replayable, hash-checked, crash-tolerant."""

from __future__ import annotations

import gzip
import multiprocessing
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from watchfloor.archive.warc import WarcArchive
from watchfloor.errors import ArchiveError
from watchfloor.records import Capture, Fetched

WHEN = datetime(2026, 11, 3, 6, 30, 0, 123456, tzinfo=UTC)


def page(n: int = 1, body: bytes | None = None) -> Fetched:
    body = body if body is not None else f"<html><body><p>Convoy report {n}</p></body></html>".encode()
    return Fetched(
        url=f"http://news.example/r/{n}", final_url=f"http://news.example/articles/{n}", status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"), ("ETag", f'"v{n}"'),
                 ("X-Archive-Orig-Content-Encoding", "gzip"), ("Content-Length", str(len(body)))),
        body=body, media_type="text/html", fetched_at=WHEN,
        item_meta=(("title", f"Report {n}"), ("feed_url", "http://news.example/rss")), source_id=5,
    )


def pasted(text: str) -> Fetched:
    body = text.encode()
    return Fetched(url="text:abc", final_url="text:abc", status=200,
                   headers=(("Content-Type", "text/plain; charset=utf-8"),), body=body,
                   media_type="text/plain", fetched_at=WHEN)


def test_write_then_read_round_trip(tmp_path):
    archive = WarcArchive(tmp_path)
    body = "<p>اشتباكات في دير الزور</p>".encode("cp1256")
    capture = archive.write(page(1, body))
    assert capture.sha256 == Capture.hash_payload(body)
    assert capture.size == len(body)
    assert capture.url == "http://news.example/articles/1"
    assert capture.meta()["requested_url"] == "http://news.example/r/1"
    assert capture.etag == '"v1"' and capture.source_id == 5
    assert (tmp_path / capture.warc_file).is_file()
    headers, got = archive.read(capture)
    assert got == body
    assert dict(headers)["Content-Type"] == "text/html; charset=utf-8"

    text_capture = archive.write(pasted("Reports of shelling."))
    assert archive.read(text_capture)[1] == b"Reports of shelling."
    assert text_capture.warc_offset > capture.warc_offset


def test_records_are_standard_warc_with_sha256_digests(tmp_path):
    archive = WarcArchive(tmp_path)
    capture = archive.write(page(1))
    text = gzip.decompress((tmp_path / capture.warc_file).read_bytes()).decode("utf-8", "replace")
    assert "WARC-Type: warcinfo" in text and "WARC-Type: response" in text
    assert "WARC-Payload-Digest: sha256:" in text
    assert f"WARC-X-Payload-SHA256: {capture.sha256}" in text
    assert "HTTP/1.1 200 OK" in text
    assert "WARC-Date: 2026-11-03T06:30:00.123456Z" in text


def test_every_record_is_its_own_gzip_member(tmp_path):
    """Any record can be read from its offset alone, with a plain gzip reader."""
    archive = WarcArchive(tmp_path)
    captures = [archive.write(page(n)) for n in range(3)]
    raw = (tmp_path / captures[0].warc_file).read_bytes()
    for c in captures:
        assert raw[c.warc_offset:c.warc_offset + 2] == b"\x1f\x8b"


def test_read_refuses_a_wrong_hash(tmp_path):
    archive = WarcArchive(tmp_path)
    capture = archive.write(page(1))
    with pytest.raises(ArchiveError, match="hash mismatch"):
        archive.read(replace(capture, sha256="0" * 64))


def test_read_refuses_names_outside_the_archive(tmp_path):
    archive = WarcArchive(tmp_path)
    capture = archive.write(page(1))
    with pytest.raises(ArchiveError, match="not an archive file name"):
        archive.read(replace(capture, warc_file="../../etc/passwd"))


def test_not_modified_is_not_archived(tmp_path):
    with pytest.raises(ArchiveError, match="304"):
        WarcArchive(tmp_path).write(replace(page(1), not_modified=True, status=304, body=b""))


def test_verify_passes_on_an_intact_archive(tmp_path):
    archive = WarcArchive(tmp_path)
    for n in range(5):
        archive.write(page(n))
    report = archive.verify()
    assert report.ok and report.records == 5 and report.files == 1


def test_verify_detects_a_flipped_byte(tmp_path):
    archive = WarcArchive(tmp_path)
    captures = [archive.write(page(n, body=f"<p>record {n}</p>".encode() * 200)) for n in range(3)]
    path = tmp_path / captures[1].warc_file
    raw = bytearray(path.read_bytes())
    middle = (captures[1].warc_offset + captures[2].warc_offset) // 2
    raw[middle] ^= 0x01
    path.write_bytes(bytes(raw))
    report = archive.verify()
    assert not report.ok
    [problem] = report.problems
    file, offset, url, expected, actual, reason = problem
    assert file == captures[1].warc_file and offset == captures[1].warc_offset
    assert reason
    # The records around the damaged one are still readable.
    assert archive.read(captures[0])[1].startswith(b"<p>record 0")
    assert archive.read(captures[2])[1].startswith(b"<p>record 2")
    with pytest.raises(ArchiveError):
        archive.read(captures[1])


def test_killed_writer_leaves_a_readable_archive_and_next_write_works(tmp_path):
    archive = WarcArchive(tmp_path)
    whole = [archive.write(page(n)) for n in range(3)]
    path = tmp_path / whole[0].warc_file
    size = path.stat().st_size
    # Simulate a process killed in the middle of writing a 4th record.
    half_record = archive._record_bytes(page(99), "x" * 64)[0]
    with path.open("ab") as fh:
        fh.write(half_record[: len(half_record) // 2])

    report = archive.verify()
    assert [p.reason for p in report.problems] == [
        "truncated record at the end of the file (an interrupted write)"]
    assert [r.capture.url for r in archive.iter_records()] == [c.url for c in whole]

    fresh = WarcArchive(tmp_path)  # a new process opens the archive
    after = fresh.write(page(4))
    assert after.warc_offset == size  # the broken tail was cut away
    assert fresh.verify().ok
    assert fresh.read(after)[1] == page(4).body
    assert all(fresh.read(c)[1] == page(n).body for n, c in enumerate(whole))


def test_files_rotate_when_full(tmp_path):
    archive = WarcArchive(tmp_path, max_file_bytes=2_000)
    captures = [archive.write(page(n, body=bytes(range(256)) * 8)) for n in range(4)]
    assert len({c.warc_file for c in captures}) > 1
    assert [p.name for p in archive.files()] == sorted({c.warc_file for c in captures})
    assert all(archive.read(c)[1] == bytes(range(256)) * 8 for c in captures)


def test_iter_records_gives_captures_back_for_rebuild(tmp_path):
    archive = WarcArchive(tmp_path)
    written = [archive.write(page(1)), archive.write(pasted("note"))]
    back = list(archive.iter_records())
    assert [r.record_type for r in back] == ["response", "resource"]
    first = back[0].capture
    assert first.sha256 == written[0].sha256 and first.url == written[0].url
    assert first.fetched_at == WHEN and first.source_id == 5 and first.status == 200
    assert first.meta()["title"] == "Report 1"
    assert first.warc_offset == written[0].warc_offset
    assert back[1].body == b"note" and back[1].capture.url == "text:abc"


def _write_many(root: str, worker: int, count: int) -> None:
    archive = WarcArchive(root)
    for n in range(count):
        archive.write(page(worker * 1000 + n, body=f"<p>worker {worker} item {n}</p>".encode() * 50))


def test_two_processes_never_interleave(tmp_path):
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_write_many, args=(str(tmp_path), w, 25)) for w in (1, 2)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
        assert p.exitcode == 0
    archive = WarcArchive(tmp_path)
    report = archive.verify()
    assert report.ok, report.problems
    assert report.records == 50
    assert len(list(archive.iter_records())) == 50


def test_file_with_only_a_broken_warcinfo_gets_a_new_one(tmp_path):
    archive = WarcArchive(tmp_path)
    first = archive.write(page(1))
    path = tmp_path / first.warc_file
    path.write_bytes(path.read_bytes()[: first.warc_offset // 2])  # killed while creating the file
    fresh = WarcArchive(tmp_path)
    capture = fresh.write(page(2))
    assert capture.warc_file == first.warc_file
    text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    assert text.startswith("WARC/1.1\r\nWARC-Type: warcinfo")
    assert fresh.verify().ok and fresh.read(capture)[1] == page(2).body


def test_wrong_state_in_the_lock_file_cannot_mislead_the_repair(tmp_path):
    archive = WarcArchive(tmp_path)
    captures = [archive.write(page(n)) for n in range(3)]
    path = tmp_path / captures[0].warc_file
    with path.open("ab") as fh:
        fh.write(b"\x1f\x8b\x08 torn")  # a torn tail
    # A state pointing into the middle of a record (e.g. an older, edited file).
    (tmp_path / ".lock").write_text(f"{path.name} {captures[1].warc_offset + 7}\n")
    fresh = WarcArchive(tmp_path)
    after = fresh.write(page(9))
    assert fresh.verify().ok
    assert [fresh.read(c)[1] for c in [*captures, after]] == [page(n).body for n in (0, 1, 2, 9)]


def test_verify_report_reads_well(tmp_path):
    archive = WarcArchive(tmp_path)
    capture = archive.write(page(1))
    assert str(archive.verify()) == "1 file(s), 1 record(s): all hashes match"
    path = tmp_path / capture.warc_file
    path.write_bytes(path.read_bytes()[:-10])
    text = str(archive.verify())
    assert "1 problem(s)" in text and "truncated record" in text and capture.warc_file in text
