"""Analyst decisions that override the automatic merge, keyed by stable claim keys.

- must-link(a, b): the two claims are the same happening (merges their events);
- cannot-link(a, b): never in the same event (splits an event between them);
- split-out(a): claim a stands alone, whatever it resembles.

Decisions reference stable claim keys (see context.claim_key), so they survive a rebuild from
the archive. A later decision about the same pair replaces the earlier one. Persist them as rows
(kind, a, b, analyst, made_at, note) and feed them back with `DecisionBook.from_rows`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from .context import MergeError


class DecisionKind(enum.StrEnum):
    MUST_LINK = "must_link"
    CANNOT_LINK = "cannot_link"
    SPLIT_OUT = "split_out"


@dataclass(frozen=True)
class Decision:
    """One analyst decision about one or two claims."""

    kind: DecisionKind
    a: str
    b: str | None = None
    analyst: str = ""
    made_at: datetime | None = None
    note: str = ""

    @property
    def pair(self) -> tuple[str, str] | None:
        return None if self.b is None else (min(self.a, self.b), max(self.a, self.b))


def must_link(a: str, b: str, **kw) -> Decision:
    return Decision(DecisionKind.MUST_LINK, a, b, **kw)


def cannot_link(a: str, b: str, **kw) -> Decision:
    return Decision(DecisionKind.CANNOT_LINK, a, b, **kw)


def split_out(a: str, **kw) -> Decision:
    return Decision(DecisionKind.SPLIT_OUT, a, None, **kw)


class DecisionBook:
    """The analyst decisions in force, in the order they were made."""

    def __init__(self, decisions: Iterable[Decision] = ()):
        self._pairs: dict[tuple[str, str], Decision] = {}
        self._split: dict[str, Decision] = {}
        self._order: list[Decision] = []
        for d in decisions:
            self.add(d)

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> DecisionBook:
        """Rebuild from stored rows: dicts with kind, a, b and optional analyst/made_at/note."""
        out = []
        for row in rows:
            try:
                kind = DecisionKind(row["kind"])
            except (KeyError, ValueError):
                raise MergeError(
                    f"stored merge decision has a bad kind: {row.get('kind')!r}",
                    hint="kind must be one of: " + ", ".join(k.value for k in DecisionKind),
                ) from None
            out.append(Decision(kind, row["a"], row.get("b"), row.get("analyst", ""),
                                row.get("made_at"), row.get("note", "")))
        return cls(out)

    def add(self, d: Decision) -> None:
        """Record a decision; it replaces any earlier decision about the same claims."""
        if d.kind is DecisionKind.SPLIT_OUT:
            if d.b is not None:
                raise MergeError("split-out takes one claim key", hint="use cannot_link for pairs")
            self._drop(self._split.pop(d.a, None))
            self._split[d.a] = d
        else:
            if d.b is None or d.a == d.b:
                raise MergeError(f"{d.kind.value} needs two different claim keys, got {d.a!r}, "
                                 f"{d.b!r}", hint="pass the keys of two claims")
            self._drop(self._pairs.pop(d.pair, None))
            self._pairs[d.pair] = d
            if d.kind is DecisionKind.MUST_LINK:
                # linking a split-out claim again undoes the split-out
                for k in (d.a, d.b):
                    self._drop(self._split.pop(k, None))
        self._order.append(d)

    def _drop(self, d: Decision | None) -> None:
        if d is not None:
            self._order.remove(d)

    def __iter__(self) -> Iterator[Decision]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def must_links(self) -> list[Decision]:
        return [d for d in self._order if d.kind is DecisionKind.MUST_LINK]

    def cannot(self, a: str, b: str) -> bool:
        """True when an analyst said a and b are different happenings."""
        if a in self._split or b in self._split:
            return True
        d = self._pairs.get((min(a, b), max(a, b)))
        return d is not None and d.kind is DecisionKind.CANNOT_LINK

    def is_split_out(self, key: str) -> bool:
        return key in self._split

    def touching(self, key: str) -> list[Decision]:
        """Decisions that mention this claim (for explanations)."""
        return [d for d in self._order if key in (d.a, d.b)]

    def linked_keys(self, key: str) -> list[str]:
        """Claims this one is must-linked to (they join its block component)."""
        out = []
        for (a, b), d in self._pairs.items():
            if d.kind is DecisionKind.MUST_LINK and key in (a, b):
                out.append(b if a == key else a)
        return sorted(out)
