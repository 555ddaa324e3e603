"""The evidence archive: every capture as a WARC record, hashed, replayable by offset.

Layout: `<root>/watchfloor-000001-<UTC time>.warc.gz`, `...-000002-...`, a new file once the
current one passes `max_file_bytes` (1 GB). Each file starts with a `warcinfo` record. Each
capture is one gzip member holding one record, so any record can be read by its offset
alone, and a write cut short damages only its own member.

Records:
- `response` for an HTTP answer: status line + headers + body, WARC-Target-URI = final URL.
  The body is stored decoded (the fetcher undid Content-Encoding and renamed that header
  X-Archive-Orig-Content-Encoding), so the stored headers describe the stored bytes.
- `resource` for content with no HTTP exchange of its own: local files (file://), pasted
  text (text:<sha256>) and feed entries kept from the feed (item_meta content_from=feed).

Hashes: WARC-Payload-Digest and WARC-Block-Digest are `sha256:<BASE32>` (RFC 4648 base32,
upper case, padded, the form warcio uses for sha1); WARC-X-Payload-SHA256 repeats the payload
hash in hex, which is what `Capture.sha256` holds. Other watchfloor fields:
WARC-X-Media-Type (sniffed type), WARC-X-Source-Id, WARC-X-Requested-URI (before redirects)
and WARC-X-Item-Meta (JSON list of [key, value] pairs).

Concurrency and crashes: writers take an exclusive lock on `<root>/.lock` for each write, so
two processes never interleave. Before appending, the writer checks that the current file
ends on a whole gzip member; a tail left by a killed process (never returned as a Capture)
is cut away. The lock file also holds "<file> <clean end offset>" from the last write, so a
new process scans only what was appended after it, not the whole 1 GB file. Readers need
no lock. POSIX only (fcntl).
"""

from __future__ import annotations

import fcntl
import hashlib
import http
import io
import json
import logging
import os
import re
import socket
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from .. import __name__ as _package
from ..errors import ArchiveError
from ..records import Capture, Fetched

log = logging.getLogger(__name__)

ROTATE_BYTES = 1_000_000_000
LOCK_FILE = ".lock"
LOCK_TIMEOUT_S = 60.0
HEX_HEADER = "WARC-X-Payload-SHA256"
FILE_PATTERN = re.compile(r"^watchfloor-(\d{6})-\d{8}T\d{6}Z\.warc\.gz$")
_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b\x08"
_DROP_HTTP_HEADERS = frozenset({"transfer-encoding", "connection", "keep-alive"})


class _Sha256WARCWriter(WARCWriter):
    """warcio's writer with SHA-256 block and payload digests instead of SHA-1."""

    @staticmethod
    def _create_digester():
        return Digester("sha256")


@dataclass(frozen=True)
class ArchivedRecord:
    """One capture read back from the archive (for `rebuild`)."""

    capture: Capture
    body: bytes
    record_type: str  # "response" or "resource"


class VerifyProblem(NamedTuple):
    file: str
    offset: int
    url: str
    expected: str
    actual: str
    reason: str = ""


@dataclass
class VerifyReport:
    files: int = 0
    records: int = 0
    problems: list[VerifyProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        head = f"{self.files} file(s), {self.records} record(s): "
        if self.ok:
            return head + "all hashes match"
        lines = [head + f"{len(self.problems)} problem(s)"]
        for p in self.problems:
            detail = f" expected {p.expected}, found {p.actual}" if p.expected or p.actual else ""
            lines.append(f"  {p.file} @ {p.offset} {p.url or '(unknown url)'}: {p.reason}{detail}")
        return "\n".join(lines)


class _Member(NamedTuple):
    offset: int
    end: int | None  # None: the member is cut short (truncated file)
    data: bytes | None  # decompressed record, None when unreadable
    error: str = ""


def _iter_members(fh, start: int = 0) -> Iterator[_Member]:
    """Walk the gzip members of an open file from `start`, resyncing after a corrupt one."""
    fh.seek(start)
    offset = start  # file offset where the next member starts
    buf = b""  # bytes read from the file from `offset` on, not yet fed to a decompressor
    while True:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out: list[bytes] = []
        consumed = 0  # compressed bytes of this member fed so far
        while True:
            if not buf:
                buf = fh.read(_CHUNK)
                if not buf:
                    if consumed:
                        yield _Member(offset, None, None, "truncated")
                    return
            try:
                out.append(d.decompress(buf))
            except zlib.error as exc:
                yield _Member(offset, None, None, f"corrupt gzip data: {exc}")
                nxt = _find_magic(fh, offset + 1)
                if nxt is None:
                    return
                offset, buf = nxt, b""
                fh.seek(offset)
                break
            if d.eof:
                end = offset + consumed + len(buf) - len(d.unused_data)
                yield _Member(offset, end, b"".join(out))
                offset, buf = end, d.unused_data
                break
            consumed += len(buf)
            buf = b""


def _find_magic(fh, start: int) -> int | None:
    fh.seek(start)
    pos = start
    tail = b""
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return None
        buf = tail + chunk
        i = buf.find(_GZIP_MAGIC)
        if i >= 0:
            return pos - len(tail) + i
        tail = buf[-2:]
        pos += len(chunk)


def _parse_record(data: bytes):
    """(warc headers, http headers or None, payload bytes, record type) of one record."""
    try:
        record = next(iter(ArchiveIterator(io.BytesIO(data))))
    except (StopIteration, ArchiveLoadFailed, ValueError) as exc:
        raise ArchiveError(f"not a WARC record: {exc}") from None
    payload = record.raw_stream.read()
    return record.rec_headers, record.http_headers, payload, record.rec_type


def _warc_date(when: datetime) -> str:
    when = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_warc_date(value: str | None) -> datetime:
    if not value:
        return datetime.fromtimestamp(0, UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _is_http_response(fetched: Fetched) -> bool:
    return (fetched.final_url.lower().startswith(("http://", "https://"))
            and fetched.meta().get("content_from") != "feed" and fetched.status >= 100)


class WarcArchive:
    """Append-only WARC archive under `root`."""

    def __init__(self, root: Path | str, max_file_bytes: int = ROTATE_BYTES):
        self.root = Path(root)
        self.max_file_bytes = max_file_bytes
        # File name -> size at which this process last saw it end on a whole member.
        self._clean_end: dict[str, int] = {}

    # -- files and locking ------------------------------------------------------------

    def files(self) -> list[Path]:
        """WARC files in write order."""
        if not self.root.is_dir():
            return []
        found = [p for p in self.root.iterdir() if FILE_PATTERN.match(p.name)]
        return sorted(found, key=lambda p: int(FILE_PATTERN.match(p.name).group(1)))

    def _lock(self):
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise ArchiveError(f"the archive {self.root} stayed locked for {LOCK_TIMEOUT_S:.0f} s",
                                       hint="another watchfloor process is writing; wait or stop it") from None
                time.sleep(0.02)

    @staticmethod
    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    @staticmethod
    def _read_state(fd: int) -> tuple[str, int]:
        """(file name, clean end) the last writer left in the lock file, or ("", 0)."""
        try:
            name, end = os.pread(fd, 200, 0).decode("ascii").split()
            return name, int(end)
        except (ValueError, UnicodeDecodeError):
            return "", 0

    @staticmethod
    def _write_state(fd: int, name: str, end: int) -> None:
        data = f"{name} {end}\n".encode("ascii")
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)

    def _repair_tail(self, path: Path, fd: int) -> int:
        """Cut an interrupted write off the end of `path`; return the clean size.

        Only bytes after the last known clean end are scanned: that end comes from this
        process or, for a new process, from the lock file the previous writer updated.
        """
        size = path.stat().st_size
        known = self._clean_end.get(path.name)
        if known is None:
            name, end = self._read_state(fd)
            known = end if name == path.name else 0
        if known == size:
            self._clean_end[path.name] = size
            return size
        start = known if known < size and self._member_starts_at(path, known) else 0
        good_end = start
        with path.open("rb") as fh:
            for member in _iter_members(fh, start):
                if member.end is None:
                    break
                good_end = member.end
        if good_end < size:
            log.warning("archive %s: cutting %d bytes of an interrupted write at offset %d",
                        path.name, size - good_end, good_end)
            with path.open("r+b") as fh:
                fh.truncate(good_end)
                fh.flush()
                os.fsync(fh.fileno())
        self._clean_end[path.name] = good_end
        return good_end

    @staticmethod
    def _member_starts_at(path: Path, offset: int) -> bool:
        if offset == 0:
            return True
        with path.open("rb") as fh:
            fh.seek(offset)
            return fh.read(3) == _GZIP_MAGIC

    def _current_file(self) -> tuple[Path, bool]:
        """The file to append to (rotating when full) and whether it is new."""
        files = self.files()
        if files and files[-1].stat().st_size < self.max_file_bytes:
            return files[-1], False
        seq = int(FILE_PATTERN.match(files[-1].name).group(1)) + 1 if files else 1
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        return self.root / f"watchfloor-{seq:06d}-{stamp}.warc.gz", True

    # -- writing ------------------------------------------------------------------------

    def write(self, fetched: Fetched) -> Capture:
        """Append `fetched` as one record and return its Capture (sha256, file, offset)."""
        if fetched.not_modified:
            raise ArchiveError(f"nothing to archive for {fetched.url}: the server said 304 Not Modified",
                               hint="skip not_modified items before archiving")
        sha = hashlib.sha256(fetched.body).hexdigest()
        record_bytes, stored_headers = self._record_bytes(fetched, sha)
        fd = self._lock()
        try:
            path, new = self._current_file()
            clean_end = 0 if new else self._repair_tail(path, fd)
            # A new file, or one whose only content was a half-written warcinfo, starts with one.
            prefix = self._warcinfo_bytes(path.name) if clean_end == 0 else b""
            offset = clean_end + len(prefix)
            with path.open("ab") as fh:
                fh.write(prefix + record_bytes)
                fh.flush()
                os.fsync(fh.fileno())
            self._clean_end[path.name] = offset + len(record_bytes)
            self._write_state(fd, path.name, offset + len(record_bytes))
        except OSError as exc:
            raise ArchiveError(f"cannot write to the archive in {self.root}: {exc}",
                               hint="check free disk space and permissions") from None
        finally:
            self._unlock(fd)
        return self._capture(fetched, sha, path.name, offset, stored_headers)

    @staticmethod
    def _capture(fetched: Fetched, sha: str, warc_file: str, offset: int,
                 headers: tuple[tuple[str, str], ...]) -> Capture:
        meta = fetched.item_meta
        if fetched.url != fetched.final_url:
            meta = meta + (("requested_url", fetched.url),)
        return Capture(
            url=fetched.final_url, fetched_at=fetched.fetched_at, status=fetched.status,
            media_type=fetched.media_type, sha256=sha, size=len(fetched.body),
            headers=headers, source_id=fetched.source_id, warc_file=warc_file,
            warc_offset=offset, etag=fetched.header("ETag"),
            last_modified=fetched.header("Last-Modified"), item_meta=meta,
        )

    def _record_bytes(self, fetched: Fetched, sha: str) -> tuple[bytes, tuple[tuple[str, str], ...]]:
        """The gzipped record, and the headers as stored (what `read` will give back)."""
        buf = io.BytesIO()
        writer = _Sha256WARCWriter(buf, gzip=True, warc_version="1.1")
        warc_headers = {
            "WARC-Date": _warc_date(fetched.fetched_at),
            HEX_HEADER: sha,
            "WARC-X-Media-Type": fetched.media_type,
        }
        if fetched.source_id is not None:
            warc_headers["WARC-X-Source-Id"] = str(fetched.source_id)
        if fetched.url != fetched.final_url:
            warc_headers["WARC-X-Requested-URI"] = fetched.url
        if fetched.item_meta:
            warc_headers["WARC-X-Item-Meta"] = json.dumps([list(p) for p in fetched.item_meta],
                                                          ensure_ascii=True)
        body = io.BytesIO(fetched.body)
        if _is_http_response(fetched):
            try:
                reason = http.HTTPStatus(fetched.status).phrase
            except ValueError:
                reason = "Unknown"
            headers = [(k, v) for k, v in fetched.headers
                       if k.lower() not in _DROP_HTTP_HEADERS and k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(fetched.body))))
            http_headers = StatusAndHeaders(f"{fetched.status} {reason}", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(fetched.final_url, "response", payload=body,
                                               length=len(fetched.body), http_headers=http_headers,
                                               warc_headers_dict=warc_headers)
            stored = tuple(headers)
        else:
            content_type = fetched.header("Content-Type") or fetched.media_type
            record = writer.create_warc_record(fetched.url, "resource", payload=body,
                                               length=len(fetched.body), warc_content_type=content_type,
                                               warc_headers_dict=warc_headers)
            stored = (("Content-Type", content_type), ("Content-Length", str(len(fetched.body))))
        writer.write_record(record)
        return buf.getvalue(), stored

    @staticmethod
    def _warcinfo_bytes(filename: str) -> bytes:
        buf = io.BytesIO()
        writer = _Sha256WARCWriter(buf, gzip=True, warc_version="1.1")
        info = {"software": f"{_package} (warcio)", "format": "WARC File Format 1.1",
                "hostname": socket.gethostname(),
                "description": "watchfloor evidence archive; payload SHA-256 in WARC-X-Payload-SHA256"}
        writer.write_record(writer.create_warcinfo_record(filename, info))
        return buf.getvalue()

    # -- reading ------------------------------------------------------------------------

    def _path(self, warc_file: str | None) -> Path:
        if not warc_file or not FILE_PATTERN.match(warc_file):
            raise ArchiveError(f"not an archive file name: {warc_file!r}")
        path = self.root / warc_file
        if not path.is_file():
            raise ArchiveError(f"archive file {path} is missing",
                               hint="was the data folder moved? point data_dir at it")
        return path

    def read(self, capture: Capture) -> tuple[tuple[tuple[str, str], ...], bytes]:
        """Replay a capture: (headers, body), after checking the body still has its hash."""
        path = self._path(capture.warc_file)
        if capture.warc_offset is None:
            raise ArchiveError(f"capture of {capture.url} has no archive offset")
        with path.open("rb") as fh:
            member = next(_iter_members(fh, capture.warc_offset), None)
        where = f"{capture.warc_file} at offset {capture.warc_offset}"
        if member is None or member.data is None:
            reason = member.error if member else "nothing there"
            raise ArchiveError(f"cannot read the record in {where}: {reason}",
                               hint="run `verify` on the archive; the file may be damaged")
        warc_headers, http_headers, payload, _rtype = _parse_record(member.data)
        actual = hashlib.sha256(payload).hexdigest()
        if actual != capture.sha256:
            raise ArchiveError(f"hash mismatch for {capture.url} in {where}: expected {capture.sha256}, "
                               f"found {actual}", hint="the archive was altered or damaged; run verify")
        if http_headers is not None:
            headers = tuple((k, v) for k, v in http_headers.headers)
        else:
            headers = (("Content-Type", warc_headers.get_header("Content-Type") or ""),
                       ("Content-Length", str(len(payload))))
        return headers, payload

    def iter_records(self) -> Iterator[ArchivedRecord]:
        """Every whole, readable capture in write order (damaged ones are logged and skipped)."""
        for path in self.files():
            with path.open("rb") as fh:
                for member in _iter_members(fh):
                    if member.data is None:
                        log.warning("archive %s: skipping damaged record at %d (%s)",
                                    path.name, member.offset, member.error)
                        continue
                    try:
                        warc_headers, http_headers, payload, rtype = _parse_record(member.data)
                    except ArchiveError as exc:
                        log.warning("archive %s: skipping record at %d (%s)", path.name, member.offset, exc)
                        continue
                    if rtype not in ("response", "resource"):
                        continue
                    yield ArchivedRecord(self._capture_from(warc_headers, http_headers, payload, path.name,
                                                            member.offset), payload, rtype)

    @staticmethod
    def _capture_from(warc_headers, http_headers, payload: bytes, warc_file: str, offset: int) -> Capture:
        if http_headers is not None:
            headers = tuple((k, v) for k, v in http_headers.headers)
            status = int(http_headers.get_statuscode() or 0)
        else:
            headers = (("Content-Type", warc_headers.get_header("Content-Type") or ""),
                       ("Content-Length", str(len(payload))))
            status = 200
        meta_json = warc_headers.get_header("WARC-X-Item-Meta")
        meta = tuple((str(k), str(v)) for k, v in json.loads(meta_json)) if meta_json else ()
        requested = warc_headers.get_header("WARC-X-Requested-URI")
        if requested:
            meta = meta + (("requested_url", requested),)
        source_id = warc_headers.get_header("WARC-X-Source-Id")
        lookup = dict((k.lower(), v) for k, v in headers)
        return Capture(
            url=warc_headers.get_header("WARC-Target-URI") or "",
            fetched_at=_parse_warc_date(warc_headers.get_header("WARC-Date")),
            status=status,
            media_type=warc_headers.get_header("WARC-X-Media-Type") or "application/octet-stream",
            sha256=hashlib.sha256(payload).hexdigest(), size=len(payload), headers=headers,
            source_id=int(source_id) if source_id and source_id.isdigit() else None,
            warc_file=warc_file, warc_offset=offset, etag=lookup.get("etag"),
            last_modified=lookup.get("last-modified"), item_meta=meta,
        )

    # -- checking -----------------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Re-hash every record of every file; report mismatches, damage and truncation."""
        report = VerifyReport()
        for path in self.files():
            report.files += 1
            with path.open("rb") as fh:
                for member in _iter_members(fh):
                    report.records += 1
                    if member.data is None:
                        reason = ("truncated record at the end of the file (an interrupted write)"
                                  if member.error == "truncated" else member.error)
                        report.problems.append(VerifyProblem(path.name, member.offset, "", "", "", reason))
                        continue
                    try:
                        warc_headers, _http, payload, rtype = _parse_record(member.data)
                    except ArchiveError as exc:
                        report.problems.append(VerifyProblem(path.name, member.offset, "", "", "", str(exc)))
                        continue
                    if rtype == "warcinfo":
                        report.records -= 1
                        continue
                    url = warc_headers.get_header("WARC-Target-URI") or ""
                    actual = hashlib.sha256(payload).hexdigest()
                    expected = warc_headers.get_header(HEX_HEADER) or ""
                    digest = warc_headers.get_header("WARC-Payload-Digest") or ""
                    if expected != actual:
                        report.problems.append(VerifyProblem(path.name, member.offset, url, expected, actual,
                                                             "payload SHA-256 does not match"))
                    elif digest and digest != _base32_digest(payload):
                        report.problems.append(VerifyProblem(path.name, member.offset, url, digest,
                                                             _base32_digest(payload),
                                                             "WARC-Payload-Digest does not match"))
        return report


def _base32_digest(payload: bytes) -> str:
    digester = Digester("sha256")
    digester.update(payload)
    return str(digester)
