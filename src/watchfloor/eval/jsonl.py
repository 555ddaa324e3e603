"""JSON Lines in the gold-set format: one object per line, with errors naming file and line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import WatchfloorError


def iter_jsonl(lines: Iterable[str], source: str,
               error: type[WatchfloorError] = WatchfloorError) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; a bad line raises `error`."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{source}:{n}: not JSON ({exc.msg})",
                        hint="one JSON object per line (JSON Lines)") from None
        if not isinstance(row, dict):
            raise error(f"{source}:{n}: expected a JSON object")
        yield n, row


def read_jsonl(path: Path, error: type[WatchfloorError] = WatchfloorError) -> Iterator[tuple[int, dict[str, Any]]]:
    """`iter_jsonl` over a file; a file that cannot be opened raises `error`."""
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise error(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        yield from iter_jsonl(fh, str(path), error)
