"""Errors watchfloor raises, each with a stable code and a hint for the next step.

    WatchfloorError
     ├── ConfigError        bad settings or sources file
     ├── SourceError        a source could not be fetched or parsed
     │    ├── BlockedURLError    SSRF guard or robots.txt refused the URL
     │    └── TooLargeError      response over the size cap
     ├── ArchiveError       WARC write/read or hash mismatch
     ├── ReadError          main text could not be read
     ├── GazetteerError     gazetteer import or lookup failed
     ├── ExtractError       an extract step failed
     └── StoreError         database problem
"""

from __future__ import annotations


class WatchfloorError(Exception):
    code = "W000"

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:
        base = f"[{self.code}] {self.args[0]}"
        return f"{base} (hint: {self.hint})" if self.hint else base


class ConfigError(WatchfloorError):
    code = "W100"


class SourceError(WatchfloorError):
    code = "W200"


class BlockedURLError(SourceError):
    code = "W201"


class TooLargeError(SourceError):
    code = "W202"


class ArchiveError(WatchfloorError):
    code = "W300"


class ReadError(WatchfloorError):
    code = "W400"


class GazetteerError(WatchfloorError):
    code = "W500"


class ExtractError(WatchfloorError):
    code = "W600"


class StoreError(WatchfloorError):
    code = "W700"
