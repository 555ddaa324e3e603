"""The merge stage's input: one Claim with the Document and Source it came from.

Database ids change when everything is rebuilt from the archive, so merge state and analyst
decisions point at a *stable claim key* instead: a hash of the capture's SHA-256, the claim's
character span and its event type. Re-extracting the same capture with the same spans gives
the same keys.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from ..errors import WatchfloorError
from ..records import Claim, Document, Source


class MergeError(WatchfloorError):
    """A merge input or an analyst decision cannot be used (code W800)."""

    code = "W800"


@dataclass(frozen=True)
class ClaimContext:
    """A claim as the merge stage sees it: what was said, in which text, by which source."""

    claim: Claim
    document: Document
    source: Source

    @cached_property
    def key(self) -> str:
        """Stable claim key (computed once: capture hash, span, event type do not change)."""
        return claim_key(self.claim, self.document)


def claim_key(claim: Claim, document: Document) -> str:
    """Stable key of a claim: survives a rebuild from the archive (unlike database ids)."""
    anchor = document.capture_sha256 or document.fingerprint
    if not anchor:
        raise MergeError(
            f"claim {claim.id!r} ({claim.event_type}) has a document with neither capture_sha256 "
            "nor fingerprint",
            hint="set Document.capture_sha256 (the archive hash) before merging",
        )
    raw = f"{anchor}|{claim.start}|{claim.end}|{claim.event_type}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def type_family(event_type: str) -> str:
    """The family of a taxonomy id: 'battles' for 'battles.armed_clash'."""
    return event_type.split(".", 1)[0]
