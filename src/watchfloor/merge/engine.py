"""The merge engine: claims in, events out, incrementally and independent of arrival order.

How it works: each new claim is scored against the candidates its blocks give (blocking.py);
pairs that reach the threshold join the claims' *block group* (a connected component of
candidate pairs, kept with union-find). Only that group is then re-clustered (clustering.py),
and each changed cluster becomes a new version of its event (history.py). Because clustering
inside a group depends only on the set of claims and decisions, ingesting the same claims in any
order, one by one or all at once, gives the same events.

Persisting state (the store does this; this module never touches a database):
  - claim contexts: rebuildable from the archive; the engine reads them through the `contexts`
    mapping you give it (a dict, or a lazy mapping that loads rows by claim key);
  - `state_rows()`: (claim_key, event_key, block_key) per claim. Save them; on start-up call
    `restore(rows)` to get back the index and assignments without re-scoring anything;
  - `decisions`: save each Decision as a row (see decisions.py), reload with DecisionBook.from_rows;
  - `history(event_key)`: EventVersion rows, append-only; reload with `restore_history`.
A long-running service should call `gc.freeze()` once after `restore`: a million restored objects
otherwise make each full garbage-collector pass take seconds (measured in bench/bench_merge.py).
Event keys are the smallest claim key of the event; an `EventChange` says which old event keys
a new one replaces, so a store can carry its own event ids and URLs over.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from .blocking import BlockIndex
from .clustering import UnionFind, partition
from .context import ClaimContext, MergeError
from .decisions import Decision, DecisionBook, DecisionKind
from .events import MergedEvent, build_event
from .features import ClaimFeatures, features_of
from .history import EventVersion, diff_summaries, freeze_summary
from .scoring import MergeConfig, PairScore, score_pair


@dataclass(frozen=True)
class EventChange:
    """One event created, updated or removed by an add or a decision."""

    kind: str  # "created" | "updated" | "removed"
    event_key: str
    replaces: tuple[str, ...] = ()  # old event keys whose claims are now (partly) in this one


class MergeEngine:
    """Incremental, order-independent claim -> event merging over an in-memory index."""

    def __init__(
        self,
        config: MergeConfig | None = None,
        decisions: DecisionBook | None = None,
        contexts: MutableMapping[str, ClaimContext] | None = None,
        aliases: dict[str, str] | None = None,
    ):
        self.config = config or MergeConfig()
        self.decisions = decisions if decisions is not None else DecisionBook()
        self.aliases = aliases or {}
        self._contexts: MutableMapping[str, ClaimContext] = contexts if contexts is not None else {}
        self._features: dict[str, ClaimFeatures] = {}
        self._index = BlockIndex(self.config.max_gap_days)
        self._adj: dict[str, dict[str, PairScore]] = {}
        self._scored_at: dict[str, int] = {}  # clock when a claim's candidates were scored
        self._pair_scored: dict[str, set[str]] = {}  # pairs already scored, either way round
        self._indexed_at: dict[str, int] = {}
        self._clock = 0
        self._blocks = UnionFind()
        self._event_of: dict[str, str] = {}
        self._members: dict[str, tuple[str, ...]] = {}
        self._cache: dict[str, MergedEvent] = {}
        self._history: dict[str, list[EventVersion]] = {}

    # -- input ----------------------------------------------------------------------------

    def add(self, ctx: ClaimContext, at: datetime | None = None) -> list[EventChange]:
        """Merge one new claim; returns the events it created or changed."""
        return self.add_many([ctx], at)

    def add_many(self, contexts: Iterable[ClaimContext],
                 at: datetime | None = None) -> list[EventChange]:
        """Merge many claims at once (same result as adding them one by one, in any order)."""
        new_keys = []
        for ctx in contexts:
            key = ctx.key
            if key in self._features:
                self._forget_edges(key)
            self._contexts[key] = ctx
            f = features_of(ctx)
            self._features[key] = f
            self._index.add(f)
            self._clock += 1
            self._indexed_at[key] = self._clock
            self._blocks.add(key)
            new_keys.append(key)
        for key in new_keys:
            for other in self._score(key):
                self._blocks.union(key, other)
            for other in self.decisions.linked_keys(key):
                if other in self._features:
                    self._blocks.union(key, other)
        roots = {self._blocks.find(k) for k in new_keys}
        changes: list[EventChange] = []
        for root in sorted(roots):
            changes += self._recluster(self._blocks.members(root), at, "claim added")
        return changes

    def decide(self, decision: Decision, at: datetime | None = None) -> list[EventChange]:
        """Apply an analyst decision now; later adds keep respecting it."""
        self.decisions.add(decision)
        keys = [k for k in (decision.a, decision.b) if k is not None]
        missing = [k for k in keys if k not in self._features]
        if missing:
            # decisions may arrive before their claims (rebuild); they apply when claims do
            return []
        if len(keys) == 2 and decision.kind is DecisionKind.MUST_LINK:
            self._blocks.union(*keys)
        roots = sorted({self._blocks.find(k) for k in keys})
        changes: list[EventChange] = []
        for root in roots:
            changes += self._recluster(self._blocks.members(root), at, "analyst decision")
        return changes

    # -- output ---------------------------------------------------------------------------

    def events(self) -> list[MergedEvent]:
        """All events, sorted by key."""
        return [self.event(k) for k in sorted(self._members)]

    def event(self, event_key: str) -> MergedEvent:
        """One event by key (built on first use)."""
        if event_key not in self._members:
            raise MergeError(f"no event with key {event_key!r}",
                             hint="event keys change when events merge; use event_of(claim_key)")
        ev = self._cache.get(event_key)
        if ev is None:
            ev = self._build(self._members[event_key])
            self._cache[event_key] = ev
        ev.history = list(self._history.get(event_key, []))
        return ev

    def event_of(self, claim_key: str) -> str:
        """Key of the event a claim belongs to."""
        try:
            return self._event_of[claim_key]
        except KeyError:
            raise MergeError(f"unknown claim key {claim_key!r}",
                             hint="add the claim first (MergeEngine.add)") from None

    def partition(self) -> list[tuple[str, ...]]:
        """Claim keys per event, sorted: what order independence is tested on."""
        return sorted(self._members.values())

    def history(self, event_key: str) -> list[EventVersion]:
        return list(self._history.get(event_key, []))

    def __len__(self) -> int:
        return len(self._features)

    # -- persistence ----------------------------------------------------------------------

    def state_rows(self) -> Iterable[tuple[str, str, str]]:
        """(claim_key, event_key, block_key) per claim, for the store to save."""
        for key in self._features:
            yield key, self._event_of[key], self._blocks.find(key)

    def restore(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Load saved assignments; contexts come from the `contexts` mapping given at init."""
        roots: dict[str, str] = {}
        members: dict[str, list[str]] = {}
        for claim_key, event_key, block_key in rows:
            f = features_of(self._contexts[claim_key])
            self._features[claim_key] = f
            self._index.add(f)
            self._indexed_at[claim_key] = 0
            self._blocks.add(claim_key)
            if block_key in roots:
                self._blocks.union(roots[block_key], claim_key)
            else:
                roots[block_key] = claim_key
            self._event_of[claim_key] = event_key
            members.setdefault(event_key, []).append(claim_key)
        for event_key, keys in members.items():
            self._members[event_key] = tuple(sorted(keys))

    def restore_features(self, features: Iterable[ClaimFeatures]) -> None:
        """Load saved singleton claims from their features alone (each its own event and group).

        For stores that persist ClaimFeatures rows; contexts are then only read for claims whose
        event changes.
        """
        for f in features:
            self._features[f.key] = f
            self._index.add(f)
            self._indexed_at[f.key] = 0
            self._blocks.add(f.key)
            self._event_of[f.key] = f.key
            self._members[f.key] = (f.key,)

    def restore_history(self, event_key: str, versions: Sequence[EventVersion]) -> None:
        self._history[event_key] = list(versions)

    # -- internals ------------------------------------------------------------------------

    def _forget_edges(self, key: str) -> None:
        for other in self._adj.pop(key, {}):
            self._adj.get(other, {}).pop(key, None)
        for other in self._pair_scored.pop(key, set()):
            self._pair_scored.get(other, set()).discard(key)
        self._scored_at.pop(key, None)
        ev = self._event_of.get(key)
        if ev is not None:
            self._cache.pop(ev, None)

    def _score(self, key: str) -> list[str]:
        """Score a claim against its candidates; returns the keys it matches."""
        f = self._features[key]
        threshold = self.config.threshold
        mine = self._adj.setdefault(key, {})
        for other in self._index.candidates(f):
            # Blocking is not symmetric (a claim with no place finds placed claims, not the
            # reverse), so a pair is skipped only when it was actually scored.
            if other in mine or other in self._pair_scored.get(key, ()):
                continue
            self._pair_scored.setdefault(key, set()).add(other)
            self._pair_scored.setdefault(other, set()).add(key)
            s = score_pair(f, self._features[other], self.config)
            if s is not None and s.score >= threshold:
                mine[other] = s
                self._adj.setdefault(other, {})[key] = s
        self._clock += 1
        self._scored_at[key] = self._clock
        return list(mine)

    def _score_within(self, members: Sequence[str]) -> None:
        """Score restored (never scored) members against the rest of their group only.

        Their group is already known from the saved block key, so scoring them against every
        blocking candidate would be wasted work.
        """
        unscored = [k for k in members if k not in self._scored_at]
        if not unscored:
            return
        threshold = self.config.threshold
        feats = self._features
        for a in unscored:
            fa = feats[a]
            mine = self._adj.setdefault(a, {})
            for b in members:
                if b == a or b in mine:
                    continue
                s = score_pair(fa, feats[b], self.config)
                if s is not None and s.score >= threshold:
                    mine[b] = s
                    self._adj.setdefault(b, {})[a] = s
            self._clock += 1
            self._scored_at[a] = self._clock

    def _edges(self, key: str) -> dict[str, PairScore]:
        if key not in self._scored_at:
            self._score(key)
        return self._adj.get(key, {})

    def _build(self, keys: Sequence[str]) -> MergedEvent:
        return build_event([self._contexts[k] for k in keys], self._edges, self.decisions,
                           self.aliases)

    def _recluster(self, members: Sequence[str], at: datetime | None,
                   reason: str) -> list[EventChange]:
        memberset = set(members)
        self._score_within(members)
        edges = [(a, b, s) for a in members for b, s in self._adj.get(a, {}).items()
                 if b in memberset and a < b]
        clusters = partition(members, edges, self._features, self.decisions, self.config)
        changes: list[EventChange] = []
        old_keys = sorted({self._event_of[k] for k in members if k in self._event_of})
        old_members = {ek: self._members[ek] for ek in old_keys}
        # snapshots: a split writes the surviving key's new state before its sibling reads it
        old_history = {ek: list(self._history.get(ek, [])) for ek in old_keys}
        old_events = {ek: self._cache.get(ek) for ek in old_keys}
        new_keys = set()
        for cluster in clusters:
            ekey = cluster[0]
            new_keys.add(ekey)
            cluster_t = tuple(cluster)
            if old_members.get(ekey) == cluster_t:
                continue
            preds = sorted({self._event_of[k] for k in cluster if k in self._event_of})
            primary = None
            if preds:
                overlap = {p: len(set(old_members[p]) & set(cluster)) for p in preds}
                primary = min(preds, key=lambda p: (-overlap[p], p))
            event = self._build(cluster_t)
            summary = event.summary()
            if primary is None:
                history: list[EventVersion] = []
                old_summary = None
                added = cluster_t
                removed: tuple[str, ...] = ()
                why = "new event"
            else:
                history = list(old_history[primary])
                prev = old_events[primary] or self._build(old_members[primary])
                old_summary = prev.summary()
                added = tuple(k for k in cluster if k not in set(old_members[primary]))
                removed = tuple(k for k in old_members[primary] if k not in set(cluster))
                why = reason
                if len(preds) > 1:
                    why = "events merged"
                elif removed and not added:
                    why = "split" if reason != "analyst decision" else reason
            when = at or max((self._contexts[k].document.published_at for k in added
                              if self._contexts[k].document.published_at), default=None)
            history.append(EventVersion(
                number=len(history) + 1,
                at=when,
                reason=why,
                claim_keys=cluster_t,
                added=added,
                removed=removed,
                merged_from=tuple(p for p in preds if p != primary),
                changes=tuple(diff_summaries(old_summary, summary)),
                summary=freeze_summary(summary),
            ))
            self._history[ekey] = history
            self._members[ekey] = cluster_t
            self._cache[ekey] = event
            for k in cluster:
                self._event_of[k] = ekey
            kind = "updated" if ekey in old_members else "created"
            changes.append(EventChange(kind, ekey, tuple(preds)))
        for ek in old_keys:
            if ek not in new_keys:
                self._members.pop(ek, None)
                self._cache.pop(ek, None)
                self._history.pop(ek, None)
                changes.append(EventChange("removed", ek))
        return changes
