"""Disagreements inside one event, shown side by side and never averaged away.

Flagged fields: fatalities (any two different numbers), date (two different days where both
claims are day-precise), place (two exact places more than `SAME_PLACE_KM` apart, or more than
`NEAR_PLACE_KM` when one is only "near") and
attackers (two claims naming disjoint sets of acting parties). Each contradiction lists every
value with the claims and sources behind it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import ActorRole, DatePrecision, PlacePrecision
from .context import ClaimContext
from .features import actor_token, attackers_conflict, haversine_km, primary_place

#: Two exact places further apart than this are different places (villages can be 3 km apart;
#: two gazetteers rarely disagree on one village by more than a kilometre or two).
SAME_PLACE_KM = 2.0
#: When one claim only says "near" a place, it is a different place only beyond this.
NEAR_PLACE_KM = 10.0
MAJOR_FIELDS = frozenset({"date", "place", "attackers"})


@dataclass(frozen=True)
class ContradictionValue:
    value: str
    claim_keys: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Contradiction:
    """Claims of one event that disagree on one field."""

    field: str  # fatalities | date | place | attackers
    values: tuple[ContradictionValue, ...]

    @property
    def major(self) -> bool:
        """Date, place and attacker disagreements weigh more than differing counts."""
        return self.field in MAJOR_FIELDS

    @property
    def text(self) -> str:
        parts = [f"{v.value} ({', '.join(v.sources)})" for v in self.values]
        return f"{self.field} differ: " + " vs ".join(parts)

    def as_dict(self) -> dict:
        return {
            "field": self.field,
            "values": [
                {"value": v.value, "claim_keys": list(v.claim_keys), "sources": list(v.sources)}
                for v in self.values
            ],
            "text": self.text,
        }


def _collect(field: str, groups: dict[str, list[ClaimContext]]) -> Contradiction | None:
    if len(groups) < 2:
        return None
    values = tuple(
        ContradictionValue(
            value=value,
            claim_keys=tuple(sorted(c.key for c in ctxs)),
            sources=tuple(sorted({c.source.name for c in ctxs})),
        )
        for value, ctxs in sorted(groups.items())
    )
    return Contradiction(field, values)


def find_contradictions(contexts: Sequence[ClaimContext]) -> list[Contradiction]:
    """Every field on which the event's claims disagree."""
    if len(contexts) < 2:
        return []
    ctxs = sorted(contexts, key=lambda c: c.key)
    out: list[Contradiction] = []

    fatal: dict[str, list[ClaimContext]] = defaultdict(list)
    for c in ctxs:
        if c.claim.fatalities is not None:
            fatal[str(c.claim.fatalities)].append(c)
    out.append(_collect("fatalities", fatal))

    days: dict[str, list[ClaimContext]] = defaultdict(list)
    for c in ctxs:
        if c.claim.date is not None and c.claim.date_precision in (None, DatePrecision.DAY):
            days[c.claim.date.isoformat()].append(c)
    out.append(_collect("date", days))

    # places: a claim joins the first group whose anchor place is close enough to be the same
    anchors: list[tuple[float, float, PlacePrecision, str]] = []
    places: dict[str, list[ClaimContext]] = defaultdict(list)
    for c in ctxs:
        p = primary_place(c.claim.places)
        if p is None or p.lat is None or p.precision not in (PlacePrecision.PLACE,
                                                             PlacePrecision.NEAR):
            continue
        for lat, lon, precision, label in anchors:
            both_exact = precision is PlacePrecision.PLACE and p.precision is PlacePrecision.PLACE
            limit = SAME_PLACE_KM if both_exact else NEAR_PLACE_KM
            if haversine_km(lat, lon, p.lat, p.lon) <= limit:
                places[label].append(c)
                break
        else:
            label = p.name
            while label in places:
                label += "'"
            anchors.append((p.lat, p.lon, p.precision, label))
            places[label].append(c)
    out.append(_collect("place", places))

    attackers: dict[frozenset[str], list[ClaimContext]] = defaultdict(list)
    everyone: dict[frozenset[str], frozenset[str]] = {}
    names: dict[frozenset[str], str] = {}
    for c in ctxs:
        acting = [a for a in c.claim.actors if a.role is ActorRole.ACTOR]
        if acting:
            toks = frozenset(actor_token(a.name, a.actor_id) for a in acting)
            attackers[toks].append(c)
            everyone[toks] = everyone.get(toks, frozenset()) | frozenset(
                actor_token(a.name, a.actor_id) for a in c.claim.actors)
            names.setdefault(toks, " + ".join(sorted(a.name for a in acting)))
    sets = list(attackers)
    if any(attackers_conflict(sets[i], everyone[sets[i]], sets[j], everyone[sets[j]])
           for i in range(len(sets)) for j in range(i + 1, len(sets))):
        out.append(_collect("attackers", {names[t]: v for t, v in attackers.items()}))
    return [c for c in out if c is not None]
