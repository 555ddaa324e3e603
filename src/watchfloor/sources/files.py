"""File connector: local HTML, text and PDF files (Source.address: a path or file:// URL).

A folder yields every file in it (recursively, sorted, hidden files skipped). Each Fetched
has a file:// URL and a Last-Modified header from the file's mtime, so a Validators store
can skip unchanged files next time (they come back as not_modified).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import SourceError, TooLargeError
from ..records import Fetched, Source
from . import base
from .sniff import sniff_media_type


def path_of(address: str) -> Path:
    """The local path a file source names (plain path, ~ path or file:// URL)."""
    if address.startswith("file:"):
        parts = urlsplit(address)
        if parts.netloc not in ("", "localhost"):
            raise SourceError(f"file URL {address!r} names another machine ({parts.netloc})",
                              hint="use file:///absolute/path")
        return Path(unquote(parts.path))
    return Path(address).expanduser()


def _files_under(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    found = []
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            found.append(p)
    return found


class FileConnector:
    """Reads local files; never touches the network."""

    kind = "file"

    def poll(self, source: Source, fetcher, validators=None) -> Iterator[Fetched]:
        path = path_of(source.address)
        if not path.exists():
            raise SourceError(f"file source {source.name!r}: {path} does not exist",
                              hint="check the path in the sources file")
        max_bytes = int(fetcher.settings.max_bytes) if fetcher is not None else None
        try:
            files = _files_under(path)
        except OSError as exc:
            raise SourceError(f"cannot list {path}: {exc.strerror or exc}",
                              hint="check the folder's permissions") from None
        for file in files:
            yield self._read(file, max_bytes, validators, source)

    @staticmethod
    def _read(file: Path, max_bytes: int | None, validators, source: Source) -> Fetched:
        file = file.resolve()
        url = file.as_uri()
        try:
            stat = file.stat()
            mtime = format_datetime(datetime.fromtimestamp(stat.st_mtime, UTC), usegmt=True)
            headers = [("Last-Modified", mtime)]
            if validators and validators.get(url)[1] == mtime:
                return Fetched(url=url, final_url=url, status=304, headers=tuple(headers), body=b"",
                               media_type=sniff_media_type(b"", None, file.name),
                               fetched_at=datetime.now(UTC), not_modified=True, source_id=source.id)
            if max_bytes is not None and stat.st_size > max_bytes:
                raise TooLargeError(f"{file} has {stat.st_size:,} bytes, more than max_bytes={max_bytes:,}",
                                    hint="raise max_bytes to read it")
            body = file.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read {file}: {exc.strerror or exc}",
                              hint="check the file's permissions") from None
        media_type = sniff_media_type(body, None, file.name)
        headers += [("Content-Type", media_type), ("Content-Length", str(len(body)))]
        return Fetched(url=url, final_url=url, status=200, headers=tuple(headers), body=body,
                       media_type=media_type, fetched_at=datetime.now(UTC),
                       item_meta=(("filename", file.name),), source_id=source.id)


base.register("file", FileConnector)
