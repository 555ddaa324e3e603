"""Event history: every change to an event's membership is a new version, the old ones are kept.

A version records when it happened, which claims came or went, which events were folded in,
what the summary fields changed from and to, and a snapshot of the summary itself, so an
analyst can see what the event looked like before a later report added detail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class EventVersion:
    """One state of an event and how it differs from the previous one."""

    number: int
    at: datetime | None
    reason: str  # "new event" | "claim added" | "events merged" | "split" | "analyst decision"
    claim_keys: tuple[str, ...]
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    merged_from: tuple[str, ...] = ()  # keys of events folded into this one
    changes: tuple[str, ...] = ()
    summary: tuple[tuple[str, object], ...] = ()

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "at": self.at.isoformat() if self.at else None,
            "reason": self.reason,
            "claim_keys": list(self.claim_keys),
            "added": list(self.added),
            "removed": list(self.removed),
            "merged_from": list(self.merged_from),
            "changes": list(self.changes),
            "summary": dict(self.summary),
        }


def diff_summaries(old: dict | None, new: dict) -> list[str]:
    """Human-readable field changes between two event summaries."""
    if old is None:
        return []
    out = []
    for k, v in new.items():
        if old.get(k) != v:
            out.append(f"{k}: {old.get(k)!r} -> {v!r}")
    return out


def freeze_summary(summary: dict) -> tuple[tuple[str, object], ...]:
    """A hashable, immutable copy of a summary dict (lists become tuples)."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in summary.items())
