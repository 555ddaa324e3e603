"""Claims -> events: near-duplicates, clustering, corroboration, grading, analyst decisions.

Pure Python over records; no database. Typical use:

    engine = MergeEngine(decisions=DecisionBook.from_rows(rows))
    changes = engine.add(ClaimContext(claim, document, source))   # incremental
    for ev in engine.events(): ...   # MergedEvent: .event (records.Event), .attachments,
                                     # .origins, .contradictions, .grade, .history

Keys: `ClaimContext.key` is a stable claim key (capture SHA-256 + span + event type), so state
and analyst decisions survive a rebuild from the archive; an event's key is its smallest claim
key, and each EventChange says which old event keys it replaces. See engine.py for what to
persist (state_rows, decisions, history) and how to restore it.
"""

from .context import ClaimContext, MergeError, claim_key, type_family
from .decisions import Decision, DecisionBook, DecisionKind, cannot_link, must_link, split_out
from .engine import EventChange, MergeEngine
from .evaluation import PRF, bcubed_prf, pairwise_prf
from .events import Attachment, MergedEvent, track_records
from .grading import Grade, TrackRecord, suggest_reliability
from .history import EventVersion
from .neardup import NearDuplicateIndex, document_overlap
from .origins import Origin, find_origins
from .scoring import MergeConfig, PairScore

__all__ = [
    "PRF", "Attachment", "ClaimContext", "Decision", "DecisionBook", "DecisionKind",
    "EventChange", "EventVersion", "Grade", "MergeConfig", "MergeEngine", "MergeError",
    "MergedEvent", "NearDuplicateIndex", "Origin", "PairScore", "TrackRecord", "bcubed_prf",
    "cannot_link", "claim_key", "document_overlap", "find_origins", "must_link", "pairwise_prf",
    "split_out", "suggest_reliability", "track_records", "type_family",
]
