"""Build one merged event from its claims: summary fields, sources side by side, explanation, grade.

Every field is computed from the set of claims sorted by stable key, so the same claims give
the same event whatever order they arrived in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..records import DatePrecision, Event, PlacePrecision
from .context import ClaimContext
from .contradictions import Contradiction, find_contradictions
from .decisions import DecisionBook
from .features import primary_place
from .grading import Grade, TrackRecord, grade_event
from .origins import Origin, find_origins
from .scoring import PairScore

_DATE_RANK = {p: i for i, p in enumerate(DatePrecision)}
_PLACE_RANK = {p: i for i, p in enumerate(PlacePrecision)}


@dataclass(frozen=True)
class Attachment:
    """Why one claim is in its event."""

    claim_key: str
    claim_id: int | None
    source: str
    how: str  # "founding" | "matched" | "analyst"
    partner: str | None = None  # the claim it matched best, or was linked to
    match: PairScore | None = None
    note: str = ""

    @property
    def text(self) -> str:
        if self.how == "founding":
            return f"{self.source}: first report of this event"
        if self.how == "analyst":
            return f"{self.source}: linked by an analyst to {self.partner} {self.note}".rstrip()
        return f"{self.source}: matches {self.partner}: " + "; ".join(self.match.reasons())

    def as_dict(self) -> dict:
        return {
            "claim_key": self.claim_key, "claim_id": self.claim_id, "source": self.source,
            "how": self.how, "partner": self.partner, "text": self.text,
            "match": None if self.match is None else self.match.as_dict(),
        }


@dataclass
class MergedEvent:
    """An Event record plus what an analyst needs to trust it."""

    key: str  # smallest claim key: stable across rebuilds, changes only when membership does
    event: Event
    claim_keys: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    origins: tuple[Origin, ...]
    contradictions: tuple[Contradiction, ...]
    grade: Grade
    fatalities: tuple[int, ...]  # every distinct reported figure, low to high
    history: list = field(default_factory=list)  # EventVersion, oldest first (see history.py)

    def summary(self) -> dict:
        """The fields that history diffs and that order-independence is tested on."""
        e = self.event
        return {
            "event_type": e.event_type,
            "date": e.date.isoformat() if e.date else None,
            "date_precision": e.date_precision.value if e.date_precision else None,
            "place": e.place_name,
            "actors": list(e.actors),
            "fatalities": list(self.fatalities),
            "corroboration": e.corroboration,
            "grade": self.grade.code,
            "contradictions": list(e.contradictions),
            "claims": len(self.claim_keys),
        }

    def as_dict(self) -> dict:
        e = self.event
        return {
            "key": self.key,
            **self.summary(),
            "lat": e.lat, "lon": e.lon,
            "first_seen": e.first_seen.isoformat() if e.first_seen else None,
            "claim_keys": list(self.claim_keys),
            "claim_ids": list(e.claim_ids),
            "reliability": self.grade.reliability.value,
            "typical_reliability": self.grade.typical_reliability.value,
            "credibility": self.grade.credibility,
            "grade_reasons": list(self.grade.reasons),
            "origins": [o.as_dict() for o in self.origins],
            "attachments": [a.as_dict() for a in self.attachments],
            "contradictions_detail": [c.as_dict() for c in self.contradictions],
            "history": [v.as_dict() for v in self.history],
        }


def _mode(values: Iterable, tiebreak=lambda v: v):
    counts = Counter(values)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], tiebreak(v)))


def build_event(
    contexts: Sequence[ClaimContext],
    edges: Callable[[str], Mapping[str, PairScore]],
    decisions: DecisionBook,
    aliases: Mapping[str, str] | None = None,
) -> MergedEvent:
    """Merge one cluster's claims into an event; `edges(key)` gives a claim's scored neighbours."""
    ctxs = sorted(contexts, key=lambda c: c.key)
    keys = tuple(c.key for c in ctxs)
    claims = [c.claim for c in ctxs]

    event_type = _mode(c.event_type for c in claims)
    dated = [c for c in claims if c.date is not None]
    day = precision = None
    if dated:
        finest = min(_DATE_RANK[c.date_precision or DatePrecision.DAY] for c in dated)
        best = [c for c in dated if _DATE_RANK[c.date_precision or DatePrecision.DAY] == finest]
        day = _mode(c.date for c in best)
        precision = best[0].date_precision or DatePrecision.DAY
    places = [p for p in (primary_place(c.places) for c in claims) if p is not None]
    place = None
    if places:
        finest_p = min(_PLACE_RANK[p.precision] for p in places)
        best_places = [p for p in places if _PLACE_RANK[p.precision] == finest_p]
        name = _mode(p.name for p in best_places)
        place = next(p for p in best_places if p.name == name)
    actor_counts = Counter(a.actor_id or a.name for c in claims for a in c.actors)
    actors = sorted(actor_counts, key=lambda a: (-actor_counts[a], a))
    fatalities = tuple(sorted({c.fatalities for c in claims if c.fatalities is not None}))

    origins = tuple(find_origins(ctxs, aliases))
    contradictions = tuple(find_contradictions(ctxs))
    origin_of = {k: o.id for o in origins for k in o.claim_keys}
    within = any(
        c.major and len({origin_of[k] for v in c.values for k in v.claim_keys}) == 1
        for c in contradictions
    )
    grades = {c.source.name: c.source.reliability for c in ctxs}
    grade = grade_event(origins, grades, contradictions, contradictions_within_origin=within)
    published = [c.document.published_at for c in ctxs if c.document.published_at is not None]
    first_seen: datetime | None = min(published) if published else None

    founding = min(ctxs, key=lambda c: (c.document.published_at is None,
                                        c.document.published_at, c.key))
    keyset = set(keys)
    attachments = []
    for c in ctxs:
        if c.key == founding.key:
            attachments.append(Attachment(c.key, c.claim.id, c.source.name, "founding"))
            continue
        linked = [d for d in decisions.must_links() if c.key in (d.a, d.b)
                  and ({d.a, d.b} - {c.key}) <= keyset]
        neigh = {k: s for k, s in edges(c.key).items() if k in keyset}
        if linked:
            d = linked[0]
            partner = d.b if d.a == c.key else d.a
            note = f"({d.analyst}: {d.note})" if d.analyst or d.note else ""
            attachments.append(Attachment(c.key, c.claim.id, c.source.name, "analyst",
                                          partner, note=note))
        elif neigh:
            partner = min(neigh, key=lambda k: (-neigh[k].score, k))
            attachments.append(Attachment(c.key, c.claim.id, c.source.name, "matched",
                                          partner, neigh[partner]))
        else:
            attachments.append(Attachment(c.key, c.claim.id, c.source.name, "analyst",
                                          note="joined through another analyst link"))

    event = Event(
        event_type=event_type,
        claim_ids=sorted(c.id for c in claims if c.id is not None),
        first_seen=first_seen,
        date=day,
        date_precision=precision,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        place_name=place.name if place else None,
        actors=actors,
        sources=sorted({c.source.id for c in ctxs if c.source.id is not None}),
        corroboration=len(origins),
        reliability=grade.reliability,
        credibility=grade.credibility,
        contradictions=[c.text for c in contradictions],
    )
    return MergedEvent(keys[0], event, keys, tuple(attachments), origins, contradictions,
                       grade, fatalities)


def track_records(events: Iterable[MergedEvent]) -> dict[str, TrackRecord]:
    """Per source name: claims, how many were corroborated, how many were outvoted.

    A claim is outvoted when a value it gives is backed by fewer independent origins than
    another value of the same field in its event.
    """
    counts: dict[str, list[int]] = {}
    for ev in events:
        origin_count = len(ev.origins)
        by_key = {a.claim_key: a.source for a in ev.attachments}
        outvoted: set[str] = set()
        origin_of = {k: o.id for o in ev.origins for k in o.claim_keys}
        for c in ev.contradictions:
            support = {v.value: len({origin_of[k] for k in v.claim_keys}) for v in c.values}
            top = max(support.values())
            for v in c.values:
                if support[v.value] < top:
                    outvoted.update(v.claim_keys)
        for key, source in by_key.items():
            row = counts.setdefault(source, [0, 0, 0])
            row[0] += 1
            row[1] += origin_count >= 2
            row[2] += key in outvoted
    return {s: TrackRecord(*row) for s, row in sorted(counts.items())}
